"""Printer's marks (fold lines, collating labels) as data, and their overlay PDF.

A planner describes one :class:`MarkPage` per sheet side; :func:`render_marks` draws
them with ReportLab into a one-page-per-side PDF that the plan then places like any
other source. Text uses the embedded DejaVuSans font, never an unembedded standard font.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from ..errors import MassagePrintError
from ..pdf.writer import DocInfo, apply_canvas_info, finish_reportlab

FONT_NAME = "DejaVuSans"
MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    """A thin straight line from ``(x0, y0)`` to ``(x1, y1)``, in points."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.3
    dash: tuple[float, ...] = ()
    """Dash pattern (on, off, ... in points); empty for a solid line."""
    grey: float | None = None
    """Grey level 0 (black) to 1 (white); None uses the page's grey."""


@dataclass(frozen=True)
class Label:
    """One line of text whose baseline is anchored at ``(x, y)``."""

    x: float
    y: float
    text: str
    size: float = 6.0
    align: Literal["left", "centre", "right"] = "centre"
    angle: float = 0.0
    """Degrees anticlockwise the text is turned about ``(x, y)``."""


@dataclass(frozen=True)
class MarkPage:
    """The marks for one sheet side, drawn on a page of the sheet's size."""

    width: float
    height: float
    lines: tuple[Line, ...] = ()
    labels: tuple[Label, ...] = ()


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return
    font = resources.files("massage_print") / "fonts" / "DejaVuSans.ttf"
    try:
        with resources.as_file(font) as path:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    except Exception as exc:  # ReportLab raises several types for unreadable fonts
        raise MassagePrintError(f"cannot load the font DejaVuSans.ttf: {exc}") from exc


def render_marks(pages: Sequence[MarkPage], info: DocInfo, grey: float = 0.35) -> bytes:
    """Draw ``pages`` into an overlay PDF, one page each, in the same order."""
    from reportlab.pdfgen.canvas import Canvas

    if not pages:
        raise MassagePrintError("no mark pages to draw")
    _register_font()
    buffer = io.BytesIO()
    first = pages[0]
    canvas = Canvas(
        buffer,
        pagesize=(first.width, first.height),
        initialFontName=FONT_NAME,
        initialFontSize=6,
        invariant=1,
        pageCompression=1,
        lang=info.language,
    )
    apply_canvas_info(canvas, info)
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        canvas.setStrokeGray(grey)
        canvas.setFillGray(grey)
        for line in page.lines:
            canvas.setLineWidth(line.width)
            styled = bool(line.dash) or line.grey is not None
            if styled:
                canvas.saveState()
                if line.dash:
                    canvas.setDash(list(line.dash))
                if line.grey is not None:
                    canvas.setStrokeGray(line.grey)
            canvas.line(line.x0, line.y0, line.x1, line.y1)
            if styled:
                canvas.restoreState()
        for label in page.labels:
            canvas.setFont(FONT_NAME, label.size)
            x, y = label.x, label.y
            if label.angle:
                canvas.saveState()
                canvas.translate(x, y)
                canvas.rotate(label.angle)
                x, y = 0.0, 0.0
            if label.align == "left":
                canvas.drawString(x, y, label.text)
            elif label.align == "right":
                canvas.drawRightString(x, y, label.text)
            else:
                canvas.drawCentredString(x, y, label.text)
            if label.angle:
                canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return finish_reportlab(buffer.getvalue())
