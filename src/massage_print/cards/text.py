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

from reportlab.lib.colors import Color, HexColor
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
        self._widths: dict[tuple[str, bool, bool], float] = {}

    def font(self, bold: bool, italic: bool) -> str:
        return self.family.pick(bold, italic)

    def width(self, text: str, bold: bool, italic: bool) -> float:
        key = (text, bold, italic)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = _unit_width(text, self.family.pick(bold, italic))
        return found


@lru_cache(maxsize=16)
def font_measure(family: FontFamily) -> FontMeasure:
    """The measure of ``family``, one per family: the texts the engine keeps measured in it
    stay measured from one build to the next (``watch``)."""
    return FontMeasure(family)


@lru_cache(maxsize=256)
def colour(hex_code: str) -> Color:
    """The colour of a layout's ``#rrggbb``, one object per code (never changed once made):
    spans of the same colour are then the same, cheap to compare from one build to the next."""
    return HexColor(hex_code)


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
        size, leading, indent = self.size, self.leading, self.indent
        pick = self.measure.family.pick
        origin, out = text.setTextOrigin, text.textOut
        font: str | None = None
        colour: Any = None
        baseline = top - size
        pieces: list[tuple[float, float, str, bool, bool, Any]] = []
        if self.bullet is not None:
            mark = self.bullet
            pieces.append((0.0, baseline, mark.text, mark.bold, mark.italic, mark.colour))
        for number, line in enumerate(self.lines):
            y = baseline - number * leading
            pieces += [(indent + s.dx, y, s.text, s.bold, s.italic, s.colour) for s in line.spans]
        for dx, y, piece, bold, italic, ink in pieces:
            name = pick(bold, italic)
            if name != font:
                text.setFont(name, size)
                font = name
            if ink is not colour:
                text.setFillColor(ink)
                colour = ink
            origin(x + dx, y)
            out(piece)
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
