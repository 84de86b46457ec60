"""Document photos: checked by content, re-encoded, stripped of metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from server.services.uploads import MAX_SIDE, UploadError, process_photo
from tests.factories import huge_png, jpeg


def test_a_photo_is_shrunk_and_re_encoded_as_jpeg():
    photo = process_photo(jpeg(4000, 3000))
    image = Image.open(io.BytesIO(photo.jpeg))
    assert image.format == "JPEG"
    assert max(image.size) == MAX_SIDE
    assert (photo.width, photo.height) == image.size


def test_location_and_camera_data_are_removed():
    original = Image.open(io.BytesIO(jpeg(gps=True)))
    assert original.getexif().get(0x8825)  # the test photo does carry GPS
    cleaned = Image.open(io.BytesIO(process_photo(jpeg(gps=True)).jpeg))
    assert not cleaned.getexif()
    assert "exif" not in cleaned.info


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong"),
        (b"Ini surat, bukan foto.\n" * 10, "bukan foto yang bisa dibaca"),
        (b"GIF89a" + b"\x00" * 100, "bukan foto"),
        (huge_png(40), "megapiksel"),
        (b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "terlalu besar"),
    ],
    ids=["empty", "text", "gif-header", "40-megapixels", "11-MB"],
)
def test_what_is_not_an_acceptable_photo_is_refused_with_a_reason(data, message):
    with pytest.raises(UploadError) as error:
        process_photo(data)
    assert message in str(error.value)


def test_a_gif_is_refused_by_its_content():
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "GIF")
    with pytest.raises(UploadError, match="bukan foto JPEG, PNG, atau WebP"):
        process_photo(out.getvalue())
