"""Document photos: checked by content, limited in size and pixels, re-encoded as JPEG without
metadata (no EXIF, no GPS), and stored under the data folder by their hash."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from server.errors import UserError
from server.i18n import N_, Message

#: Largest file accepted from the browser (the app shrinks photos to a few hundred KB first).
MAX_BYTES = 10 * 1024 * 1024
#: Largest picture accepted, in pixels: a 24-megapixel phone photo passes, 40 MP does not.
MAX_PIXELS = 25_000_000
#: Longest side kept; the browser already shrinks to about this.
MAX_SIDE = 1600
JPEG_QUALITY = 82
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

# Pillow refuses to decode anything this large at all (a decompression bomb).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class UploadError(UserError):
    """A file that cannot be accepted."""


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    width: int
    height: int
    sha256: str


def process_photo(data: bytes) -> Photo:
    """Validate and re-encode one uploaded photo. Pure CPU work: run it in a thread."""
    if not data:
        raise UploadError(N_("Berkas kosong. Ambil foto lagi."))
    if len(data) > MAX_BYTES:
        raise UploadError(
            Message(
                "Foto terlalu besar (%(size)s MB). Maksimal %(max)s MB.",
                {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024},
            )
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise UploadError(N_("Berkas ini bukan foto JPEG, PNG, atau WebP."))
            if image.width * image.height > MAX_PIXELS:
                raise _too_many_pixels(image.width * image.height)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise UploadError(N_("Berkas ini bukan foto yang bisa dibaca. Ambil foto lagi.")) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None) from None
    image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
    image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # Saving without `exif=` and without `info` drops every metadata block.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    jpeg = out.getvalue()
    return Photo(jpeg, image.width, image.height, hashlib.sha256(jpeg).hexdigest())


def _too_many_pixels(pixels: int | None) -> UploadError:
    if pixels:
        return UploadError(
            Message(
                "Foto terlalu besar (%(mp)s megapiksel). Maksimal %(max)s megapiksel.",
                {"mp": round(pixels / 1_000_000), "max": MAX_PIXELS // 1_000_000},
            )
        )
    return UploadError(
        Message(
            "Foto terlalu besar. Maksimal %(max)s megapiksel.", {"max": MAX_PIXELS // 1_000_000}
        )
    )


def store(data_dir: Path, photo: Photo) -> str:
    """Write the photo under `<data_dir>/unggahan/` and return its relative name."""
    name = f"{photo.sha256[:2]}/{photo.sha256}.jpg"
    path = data_dir / "unggahan" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(photo.jpeg)
        temporary.replace(path)
    return name


def stored_path(data_dir: Path, name: str) -> Path:
    return data_dir / "unggahan" / name
