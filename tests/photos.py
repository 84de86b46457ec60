"""Photos for upload tests, made on the spot."""

from __future__ import annotations

import io

from PIL import Image


def jpeg(width: int = 1200, height: int = 900, *, gps: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 180, 150))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Pabrikan Ponsel"  # Make
        exif[0x8825] = {1: "S", 2: (8.0, 39.0, 0.0), 3: "E", 4: (116.0, 32.0, 0.0)}  # GPS
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def huge_png(megapixels: int = 40) -> bytes:
    """A picture with this many pixels that is still a small file (one bit per pixel)."""
    width = 8000
    image = Image.new("1", (width, megapixels * 1_000_000 // width))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
