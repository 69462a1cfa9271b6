"""Measuring text for the cheat sheet: greedy line breaking over styled spans.

The planner sees text only through :class:`Metrics` (advance widths at size 1, the font's
ascent and descent, the legend's height and the diagram map's aspect), so it can be tested with
made-up metrics. :class:`ReportLabMetrics` is the real one, backed by the embedded fonts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..content.markup import runs
from ..layout.schema import DiagramStyle

if TYPE_CHECKING:
    from ..diagrams import LegendTexts

_SPACE = re.compile(r"((?:(?!\u00a0)\s)+)")
"""White space where lines may break: any but the no-break space."""
EPSILON = 1e-6
"""Slack in width comparisons, for floating-point sums only."""


class Metrics(Protocol):
    """What the planner needs to know about fonts and drawings."""

    @property
    def ascent(self) -> float:
        """Height above the baseline, at size 1."""
        ...

    @property
    def descent(self) -> float:
        """Depth below the baseline (positive), at size 1."""
        ...

    @property
    def map_aspect(self) -> float:
        """Width / height of the diagram map."""
        ...

    def width(self, text: str, bold: bool, italic: bool) -> float:
        """Advance width of ``text`` at size 1."""
        ...

    def legend_height(self, width: float, size: float) -> float:
        """Height the stroke legend needs in ``width`` with type of ``size``."""
        ...


@dataclass(frozen=True)
class Span:
    """A piece of text in one style and colour (no markup: the text is printed as is)."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str = ""


@dataclass(frozen=True)
class LineSpan:
    """A span placed on a line: ``dx`` from the line's start."""

    dx: float
    text: str
    bold: bool
    italic: bool
    colour: str


@dataclass(frozen=True)
class Line:
    spans: tuple[LineSpan, ...]
    width: float


def marked(text: str, colour: str, *, bold: bool = False, italic: bool = False) -> list[Span]:
    """Spans of content text with ``**bold**`` / ``_italic_`` markup, on top of a base style."""
    return [Span(r.text, r.bold or bold, r.italic or italic, colour) for r in runs(text)]


def wrap(spans: Sequence[Span], size: float, width: float, metrics: Metrics) -> tuple[Line, ...]:
    """Break spans into lines no wider than ``width`` at type ``size``.

    Words break at white space; a word wider than the line is split between characters, so
    nothing ever runs past ``width``. Runs of white space print as one space.
    """
    words = _words(spans)
    lines: list[Line] = []
    current: list[Span] = []
    used = 0.0
    for space, word in words:
        word_width = sum(metrics.width(p.text, p.bold, p.italic) for p in word) * size
        if current:
            gap = metrics.width(" ", space.bold, space.italic) * size
            if used + gap + word_width <= width + EPSILON:
                current.append(Span(" ", space.bold, space.italic, space.colour))
                current.extend(word)
                used += gap + word_width
                continue
            lines.append(_line(current, size, metrics))
            current, used = [], 0.0
        if word_width <= width + EPSILON:
            current, used = list(word), word_width
            continue
        for chunk in _split_word(word, size, width, metrics):
            if current:
                lines.append(_line(current, size, metrics))
            current = chunk
        used = sum(metrics.width(p.text, p.bold, p.italic) for p in current) * size
    if current:
        lines.append(_line(current, size, metrics))
    return tuple(lines)


def _words(spans: Sequence[Span]) -> list[tuple[Span, list[Span]]]:
    """Words (lists of spans), each with the style of the white space before it."""
    words: list[tuple[Span, list[Span]]] = []
    word: list[Span] = []
    word_space: Span | None = None
    pending: Span | None = None
    for span in spans:
        for piece in _SPACE.split(span.text):
            if not piece:
                continue
            if piece.isspace():
                if word:
                    words.append((word_space or word[0], word))
                    word = []
                pending = span
                continue
            if not word:
                word_space, pending = pending, None
            word.append(Span(piece, span.bold, span.italic, span.colour))
    if word:
        words.append((word_space or word[0], word))
    return words


def _split_word(word: list[Span], size: float, width: float, metrics: Metrics) -> list[list[Span]]:
    """A word too wide for the line, cut between characters into line-sized chunks."""
    chunks: list[list[Span]] = []
    chunk: list[Span] = []
    used = 0.0
    for piece in word:
        for char in piece.text:
            advance = metrics.width(char, piece.bold, piece.italic) * size
            if chunk and used + advance > width + EPSILON:
                chunks.append(chunk)
                chunk, used = [], 0.0
            chunk.append(Span(char, piece.bold, piece.italic, piece.colour))
            used += advance
    if chunk:
        chunks.append(chunk)
    return chunks


def _line(pieces: list[Span], size: float, metrics: Metrics) -> Line:
    """Merge neighbouring pieces of one style into spans and place them."""
    merged: list[Span] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.colour) == (
            piece.bold,
            piece.italic,
            piece.colour,
        ):
            merged[-1] = Span(last.text + piece.text, last.bold, last.italic, last.colour)
        else:
            merged.append(piece)
    placed: list[LineSpan] = []
    dx = 0.0
    for span in merged:
        placed.append(LineSpan(dx, span.text, span.bold, span.italic, span.colour))
        dx += metrics.width(span.text, span.bold, span.italic) * size
    return Line(tuple(placed), dx)


class ReportLabMetrics:
    """Metrics of the registered font family (widths cached per text and style)."""

    def __init__(
        self,
        regular: str,
        bold: str,
        italic: str,
        bold_italic: str,
        style: DiagramStyle,
        legend: LegendTexts | None = None,
    ) -> None:
        from reportlab.pdfbase import pdfmetrics

        from ..content.views import builtin_view

        self._names = {
            (False, False): regular,
            (True, False): bold,
            (False, True): italic,
            (True, True): bold_italic,
        }
        self._string_width = pdfmetrics.stringWidth
        self._cache: dict[tuple[str, bool, bool], float] = {}
        self._legend_cache: dict[tuple[float, float], float] = {}
        self._style = style
        self._legend = legend
        ascent, descent = pdfmetrics.getAscentDescent(regular, 1.0)
        self._ascent = float(ascent)
        self._descent = float(-descent)
        self._map_aspect = builtin_view().aspect

    @property
    def ascent(self) -> float:
        return self._ascent

    @property
    def descent(self) -> float:
        return self._descent

    @property
    def map_aspect(self) -> float:
        return self._map_aspect

    def font(self, bold: bool, italic: bool) -> str:
        return self._names[(bold, italic)]

    def width(self, text: str, bold: bool, italic: bool) -> float:
        key = (text, bold, italic)
        cached = self._cache.get(key)
        if cached is None:
            cached = float(self._string_width(text, self._names[(bold, italic)], 1.0))
            self._cache[key] = cached
        return cached

    def legend_height(self, width: float, size: float) -> float:
        key = (width, size)
        cached = self._legend_cache.get(key)
        if cached is None:
            from ..diagrams import legend_height

            cached = float(
                legend_height(width, size, self._style, self._names[(False, False)], self._legend)
            )
            self._legend_cache[key] = cached
        return cached
