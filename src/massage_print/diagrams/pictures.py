"""Authors' pictures on the page: photos (JPEG, PNG) and drawings (SVG, kept vector).

One :class:`Pictures` per PDF. Renderers first say at what sizes each picture will be printed
(:meth:`Pictures.need`), then draw it (:meth:`Pictures.draw`). A photo is turned upright (EXIF
orientation), downsampled to at most ``MAX_DPI`` at the largest size it is printed, and
embedded once however often it is drawn; an SVG is drawn once into a Form XObject. A photo
printed below ``MIN_DPI`` gives one warning naming the file and its resolution.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.images import upright_photo
from ..content.model import Image
from ..errors import MassagePrintError, Problem

MAX_DPI = 300.0
MIN_DPI = 150.0
POINTS_PER_INCH = 72.0


def fit(image: Image, width: float, height: float) -> tuple[float, float]:
    """The largest size of the picture's shape inside width × height."""
    scale = min(width / image.width, height / image.height)
    return image.width * scale, image.height * scale


@dataclass
class Pictures:
    """Pictures of one PDF: sizes wanted, and what has been embedded."""

    largest: dict[str, tuple[float, float]] = field(default_factory=dict)
    _readers: dict[str, tuple[tuple[float, float], Any]] = field(default_factory=dict)
    _low: dict[str, tuple[float, Image]] = field(default_factory=dict)

    def need(self, image: Image, width: float, height: float) -> tuple[float, float]:
        """Record that ``image`` is printed fitted in width × height; return its drawn size."""
        w, h = fit(image, width, height)
        old = self.largest.get(image.path, (0.0, 0.0))
        self.largest[image.path] = (max(old[0], w), max(old[1], h))
        if image.kind != "svg":
            dpi = image.width / (w / POINTS_PER_INCH)
            low = self._low.get(image.path)
            if dpi < MIN_DPI and (low is None or dpi < low[0]):
                self._low[image.path] = (dpi, image)
        return w, h

    @property
    def warnings(self) -> list[Problem]:
        return [
            Problem(
                image.where,
                f"warning: image '{Path(image.path).name}' prints at {dpi:.0f} dpi "
                f"(below {MIN_DPI:.0f}); use a larger picture for a sharp print",
            )
            for dpi, image in sorted(self._low.values(), key=lambda v: v[1].path)
        ]

    def draw(
        self, canvas: Any, image: Image, x: float, y: float, width: float, height: float
    ) -> tuple[float, float, float, float]:
        """Draw the picture fitted and centred in the box; return the box it covers."""
        w, h = self.need(image, width, height)
        left, bottom = x + (width - w) / 2, y + (height - h) / 2
        if image.kind == "svg":
            name, size = self._form(canvas, image)
            canvas.saveState()
            canvas.translate(left, bottom)
            canvas.scale(w / size[0], h / size[1])
            canvas.doForm(name)
            canvas.restoreState()
        else:
            # mask='auto': a PNG's alpha channel is its mask (else transparent pixels print).
            canvas.drawImage(self._reader(image), left, bottom, w, h, mask="auto")
        return (left, bottom, w, h)

    def _reader(self, image: Image) -> Any:
        """The photo's embedded form, made again only if it must now print larger."""
        size = self.largest[image.path]
        made = self._readers.get(image.path)
        if made is None or made[0] != size:
            made = self._readers[image.path] = (size, _photo(image, size))
        return made[1]

    def _form(self, canvas: Any, image: Image) -> tuple[str, tuple[float, float]]:
        """The SVG drawn once into a form on this canvas: its name and its own size."""
        forms: dict[str, tuple[str, tuple[float, float]]] = canvas.__dict__.setdefault(
            "_mp_svg_forms", {}
        )
        made = forms.get(image.path)
        if made is None:
            from reportlab.graphics import renderPDF

            drawing = _svg_drawing(image)
            size = (float(drawing.width), float(drawing.height))
            made = (f"mpsvg{len(forms)}", size)
            canvas.beginForm(made[0], lowerx=0, lowery=0, upperx=size[0], uppery=size[1])
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.endForm()
            forms[image.path] = made
        return made


def _photo(image: Image, printed: tuple[float, float]) -> Any:
    """An upright, downsampled photo ready for ReportLab (PNG keeps transparency)."""
    from reportlab.lib.utils import ImageReader

    upright = upright_photo(image, max(1, math.ceil(printed[0] / POINTS_PER_INCH * MAX_DPI)))
    if image.kind == "jpeg":
        # Recompress (ReportLab embeds JPEG data as it is, keeping it small).
        buffer = io.BytesIO()
        upright.convert("RGB").save(buffer, "JPEG", quality=90, optimize=False)
        buffer.seek(0)
        return ImageReader(buffer)
    return ImageReader(upright)


def _svg_drawing(image: Image) -> Any:
    from svglib.svglib import svg2rlg

    quiet = logging.getLogger("svglib.svglib")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(image.path)
    except Exception:  # svglib raises many kinds on bad input: report it, located
        drawing = None
    finally:
        quiet.setLevel(level)
    if drawing is None or not drawing.width or not drawing.height:
        raise MassagePrintError(
            Problem(image.where, f"image '{Path(image.path).name}' cannot be read as SVG")
        )
    return drawing
