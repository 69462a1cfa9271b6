"""Short rich texts set on the canvas: spans from the content's markup, greedy line breaking.

Card texts are short and use bold, italic and a few colours only, so they are broken into
lines here, measured with ReportLab's ``stringWidth`` in the embedded fonts, and drawn with
one text object per block. This is several times faster than platypus paragraphs (no mark-up
parsing) and lays text out the same way: lines break at spaces only (a no-break space keeps
words together), a word wider than the line is split between characters, the first baseline
sits ``size`` below the top and the next ones ``leading`` apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth as _string_width

from ..content.markup import runs
from ..pdf.fonts import FontFamily


@lru_cache(maxsize=1 << 16)
def _unit_width(text: str, font: str) -> float:
    return float(_string_width(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in ``font`` at ``size`` (words repeat: widths are cached per font)."""
    return _unit_width(text, font) * size


@dataclass(frozen=True)
class Span:
    text: str
    font: str
    colour: Any
    """A ReportLab colour."""


def spans(
    text: str,
    family: FontFamily,
    colour: Any,
    *,
    bold: bool = False,
    italic: bool = False,
) -> list[Span]:
    """The runs of marked-up content ``text`` as spans; ``bold``/``italic`` apply to all."""
    return [
        Span(run.text, family.pick(bold or run.bold, italic or run.italic), colour)
        for run in runs(text)
    ]


@dataclass(frozen=True)
class Piece:
    """Text of one font and colour within a line, ``x`` from the line's start."""

    x: float
    text: str
    font: str
    colour: Any


Line = tuple[Piece, ...]


def _words(items: Sequence[Span]) -> list[list[Span]]:
    """Spans split into words at spaces; a word may hold spans of several styles."""
    words: list[list[Span]] = [[]]
    for span in items:
        parts = span.text.split(" ")
        for i, part in enumerate(parts):
            if i:
                words.append([])
            if part:
                words[-1].append(Span(part, span.font, span.colour))
    return [w for w in words if w]


def _width(word: Sequence[Span], size: float) -> float:
    return float(sum(text_width(s.text, s.font, size) for s in word))


def _split_long(word: list[Span], size: float, width: float) -> list[list[Span]]:
    """A word wider than ``width`` cut into pieces that fit, between characters."""
    pieces: list[list[Span]] = [[]]
    used = 0.0
    for span in word:
        start = 0
        for i, char in enumerate(span.text):
            w = text_width(char, span.font, size)
            if used + w > width and (used > 0 or i > start):
                if i > start:
                    pieces[-1].append(Span(span.text[start:i], span.font, span.colour))
                pieces.append([])
                start, used = i, 0.0
            used += w
        if start < len(span.text):
            pieces[-1].append(Span(span.text[start:], span.font, span.colour))
    return [p for p in pieces if p]


def break_lines(items: Sequence[Span], size: float, width: float) -> list[Line]:
    """Greedy line breaking of ``items`` at ``size`` into lines no wider than ``width``."""
    lines: list[Line] = []
    current: list[Piece] = []
    x = 0.0
    for word in _words(items):
        word_width = _width(word, size)
        chunks = [word] if word_width <= width else _split_long(word, size, width)
        for chunk in chunks:
            chunk_width = word_width if chunk is word else _width(chunk, size)
            space = text_width(" ", chunk[0].font, size) if current else 0.0
            if current and x + space + chunk_width > width:
                lines.append(tuple(current))
                current, x, space = [], 0.0, 0.0
            x += space
            for span in chunk:
                if (
                    current
                    and space == 0
                    and current[-1].font == span.font
                    and (current[-1].colour is span.colour)
                ):
                    last = current[-1]
                    current[-1] = Piece(last.x, last.text + span.text, last.font, last.colour)
                elif (
                    current
                    and space
                    and current[-1].font == span.font
                    and (current[-1].colour is span.colour)
                ):
                    last = current[-1]
                    current[-1] = Piece(last.x, last.text + " " + span.text, last.font, last.colour)
                elif space:
                    # The space is drawn (in this span's font) so that text extracts well.
                    current.append(Piece(x - space, " " + span.text, span.font, span.colour))
                else:
                    current.append(Piece(x, span.text, span.font, span.colour))
                space = 0.0
                x += text_width(span.text, span.font, size)
    if current:
        lines.append(tuple(current))
    return lines


@dataclass(frozen=True)
class TextBlock:
    """Lines laid out at one size: ``height`` is from the top to the last line's bottom."""

    lines: tuple[Line, ...]
    size: float
    leading: float
    indent: float
    bullet: Piece | None

    @property
    def height(self) -> float:
        return self.leading * len(self.lines)

    def draw(self, canvas: Any, x: float, top: float) -> None:
        """Draw with the block's top-left corner at ``(x, top)``."""
        if not self.lines:
            return
        text = canvas.beginText()
        font = colour = None
        baseline = top - self.size
        pieces: list[tuple[float, Piece]] = []
        if self.bullet is not None:
            pieces.append((baseline, self.bullet))
        for number, line in enumerate(self.lines):
            y = baseline - number * self.leading
            pieces.extend((y, Piece(self.indent + p.x, p.text, p.font, p.colour)) for p in line)
        for y, piece in pieces:
            if piece.font != font:
                text.setFont(piece.font, self.size)
                font = piece.font
            if piece.colour is not colour:
                text.setFillColor(piece.colour)
                colour = piece.colour
            text.setTextOrigin(x + piece.x, y)
            text.textOut(piece.text)
        canvas.drawText(text)


def layout_text(
    items: Sequence[Span],
    size: float,
    leading: float,
    width: float,
    bullet: Span | None = None,
    indent: float = 0.0,
) -> TextBlock:
    """``items`` broken into lines of ``width`` (less ``indent``), with an optional bullet
    (drawn at the left, on the first line, when ``indent`` leaves it room)."""
    lines = break_lines(items, size, width - indent)
    mark = None
    if bullet is not None:
        # A trailing space, so that extracted text reads "1. Warm ..." rather than "1.Warm".
        mark = Piece(0.0, bullet.text + " ", bullet.font, bullet.colour)
    return TextBlock(tuple(lines), size, leading, indent, mark)
