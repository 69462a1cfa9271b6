"""Card text on the canvas: lines from the one text engine (:mod:`massage_print.text`), drawn
with one text object per block.

Card texts are short and use bold, italic and a few colours only, so they are broken into
lines by the engine (hyphenated in the book's language), measured with ReportLab's
``stringWidth`` in the embedded fonts, and drawn here: the first baseline sits ``size`` below the
top and the next ones ``leading`` apart. This is several times faster than platypus paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth as _string_width

from ..pdf.fonts import FontFamily
from ..text import Hyphenator, Line, Span, marked, wrap


@lru_cache(maxsize=1 << 16)
def _unit_width(text: str, font: str) -> float:
    return float(_string_width(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in ``font`` at ``size`` (words repeat: widths are cached per font)."""
    return _unit_width(text, font) * size


class FontMeasure:
    """The engine's :class:`~massage_print.text.Measure` for a registered font family."""

    def __init__(self, family: FontFamily) -> None:
        self.family = family

    def font(self, bold: bool, italic: bool) -> str:
        return self.family.pick(bold, italic)

    def width(self, text: str, bold: bool, italic: bool) -> float:
        return _unit_width(text, self.family.pick(bold, italic))


def spans(text: str, colour: Any, *, bold: bool = False, italic: bool = False) -> list[Span]:
    """The runs of marked-up content ``text`` as spans; ``bold``/``italic`` apply to all."""
    return marked(text, colour, bold=bold, italic=italic)


@dataclass(frozen=True)
class TextBlock:
    """Lines laid out at one size: ``height`` is from the top to the last line's bottom."""

    lines: tuple[Line, ...]
    size: float
    leading: float
    indent: float
    bullet: Span | None
    measure: FontMeasure

    @property
    def height(self) -> float:
        return self.leading * len(self.lines)

    @property
    def broken(self) -> tuple[str, ...]:
        """Words cut at the box edge (they fitted at none of their break points)."""
        return tuple(line.broken for line in self.lines if line.broken)

    def draw(self, canvas: Any, x: float, top: float) -> None:
        """Draw with the block's top-left corner at ``(x, top)``."""
        if not self.lines:
            return
        text = canvas.beginText()
        font = colour = None
        baseline = top - self.size
        pieces: list[tuple[float, float, Span]] = []
        if self.bullet is not None:
            pieces.append((0.0, baseline, self.bullet))
        for number, line in enumerate(self.lines):
            y = baseline - number * self.leading
            pieces.extend(
                (self.indent + s.dx, y, Span(s.text, s.bold, s.italic, s.colour))
                for s in line.spans
            )
        for dx, y, piece in pieces:
            name = self.measure.font(piece.bold, piece.italic)
            if name != font:
                text.setFont(name, self.size)
                font = name
            if piece.colour is not colour:
                text.setFillColor(piece.colour)
                colour = piece.colour
            text.setTextOrigin(x + dx, y)
            text.textOut(piece.text)
        canvas.drawText(text)


def layout_text(
    items: Sequence[Span],
    size: float,
    leading: float,
    width: float,
    measure: FontMeasure,
    hyphens: Hyphenator | None = None,
    bullet: Span | None = None,
    indent: float = 0.0,
) -> TextBlock:
    """``items`` broken into lines of ``width`` (less ``indent``), with an optional bullet
    (drawn at the left, on the first line, when ``indent`` leaves it room)."""
    lines = wrap(items, size, width - indent, measure, hyphens)
    mark = None
    if bullet is not None:
        # A trailing space, so that extracted text reads "1. Warm ..." rather than "1.Warm".
        mark = Span(bullet.text + " ", bullet.bold, bullet.italic, bullet.colour)
    return TextBlock(tuple(lines), size, leading, indent, mark, measure)
