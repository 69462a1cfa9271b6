"""The author's pictures (``image:``) as Anki media: upright, no larger than a phone needs.

SVG files go in as they are. Photos are turned upright by their EXIF orientation, scaled down
to at most ``max_pixels`` across and stored again in their own format (JPEG or PNG) without
their metadata. Pillow writes the same bytes for the same input, so the package stays
byte-identical.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..content.images import upright_photo
from ..content.model import Image
from ..errors import MassagePrintError, Problem

SUFFIX = {"jpeg": "jpg", "png": "png", "svg": "svg"}
JPEG_QUALITY = 85


def picture_bytes(image: Image, max_pixels: int) -> bytes:
    """The picture's bytes as packaged; a located error if it cannot be read any more."""
    path = Path(image.path)
    if image.kind == "svg":
        try:
            return path.read_bytes()
        except OSError as exc:
            raise MassagePrintError(
                Problem(image.where, f"image '{path.name}' cannot be read ({exc})")
            ) from None
    upright = upright_photo(image, max_pixels)
    buffer = io.BytesIO()
    if image.kind == "jpeg":
        upright.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    else:
        upright.save(buffer, "PNG")
    return buffer.getvalue()
