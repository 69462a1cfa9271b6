"""Checking an author's picture (``image:``) when content is loaded: there, readable, a size.

JPEG and PNG are read with Pillow (EXIF orientation applied to the size); an SVG's size comes
from its root element (it is drawn by svglib later, in the renderers). Any
problem is a located error naming the file; nothing here draws.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from ..errors import Location, MassagePrintError, Problem
from .model import Image, ImageKind

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

MAX_IMAGE_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 120_000_000
_SWAPPED_ORIENTATIONS = (5, 6, 7, 8)
_EXIF_ORIENTATION = 0x0112


def probe_image(path: Path, where: Location, written: str) -> Image:
    """An :class:`Image` for the file at ``path``, or a located error naming ``written``."""

    def fail(why: str) -> MassagePrintError:
        return MassagePrintError(Problem(where, f"image '{written}' {why}"))

    if not path.exists():
        raise fail(f"not found (looked for {path})")
    if not path.is_file():
        raise fail("is not a file")
    size = path.stat().st_size
    if size == 0:
        raise fail("is an empty file")
    if size > MAX_IMAGE_BYTES:
        raise fail(f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(b"\xff\xd8") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _bitmap(path, where, fail)
    if b"<svg" in head or path.suffix.lower() == ".svg":
        return _svg(path, where, fail)
    raise fail("is not a JPEG, PNG or SVG picture")


def upright_photo(image: Image, max_width: int) -> PILImage:
    """A JPEG or PNG turned upright by its EXIF orientation and scaled down to at most
    ``max_width`` pixels across (never up); a located error if it cannot be read any more.

    The one place photos are opened for output: the PDF renderers and the Anki media use it.
    """
    from PIL import Image as PILImageModule
    from PIL import ImageOps

    try:
        with PILImageModule.open(image.path) as opened:
            upright = ImageOps.exif_transpose(opened)
            if upright.width > max_width:
                height = max(1, round(upright.height * max_width / upright.width))
                upright = upright.resize((max_width, height), PILImageModule.Resampling.LANCZOS)
            upright.load()
            return upright
    except (OSError, ValueError, SyntaxError, PILImageModule.DecompressionBombError) as exc:
        raise MassagePrintError(
            Problem(image.where, f"image '{Path(image.path).name}' cannot be read ({exc})")
        ) from None


def _bitmap(path: Path, where: Location, fail: Callable[[str], MassagePrintError]) -> Image:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as img:
                fmt = (img.format or "").upper()
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise fail(f"has too many pixels ({width} × {height})")
                orientation = img.getexif().get(_EXIF_ORIENTATION, 1)
                img.load()
    except MassagePrintError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise fail(f"cannot be read ({_reason(exc)})") from None
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise fail("has too many pixels") from None
    kinds: dict[str, ImageKind] = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png"}
    if fmt not in kinds:
        raise fail(f"is a {fmt or 'unknown'} file; use JPEG, PNG or SVG")
    if orientation in _SWAPPED_ORIENTATIONS:
        width, height = height, width
    return Image(str(path.resolve()), kinds[fmt], float(width), float(height), where)


def _svg(path: Path, where: Location, fail: Callable[[str], MassagePrintError]) -> Image:
    """An SVG's size from its root element (width/height, else its viewBox); no drawing here."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError, ValueError) as exc:
        raise fail(f"cannot be read as SVG ({_reason(exc)})") from None
    if not root.tag.endswith("svg"):
        raise fail("is not a JPEG, PNG or SVG picture")
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = None
    if not width or not height or width <= 0 or height <= 0:
        raise fail("cannot be read as SVG (it gives no width and height or viewBox)")
    return Image(str(path.resolve()), "svg", width, height, where)


_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def _length(text: str | None) -> float | None:
    """An SVG length in px (percentages and unknown units give None)."""
    if text is None:
        return None
    match = re.fullmatch(r"\s*([0-9.]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*", text)
    if match is None or match.group(2) not in _UNITS:
        return None
    try:
        return float(match.group(1)) * _UNITS[match.group(2)]
    except ValueError:
        return None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "…"
