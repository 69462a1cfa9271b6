"""Measuring and line breaking over styled spans.

Words break at white space (not at a no-break space). A word that does not fit the rest of a
line is hyphenated there at the last break point that fits (a dictionary point, a soft hyphen,
or after a hyphen already in the word); otherwise it moves to the next line. Only a word that
cannot fit an empty line even at its break points is cut at the box edge, with a hyphen, and its
line is marked ``broken`` so that the caller can warn. Nothing ever runs past the width.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..content.markup import runs
from ..errors import Location, Problem
from .hyphenate import HYPHEN, SOFT_HYPHEN, Hyphenator

_SPACE = re.compile(r"((?:(?!\u00a0)\s)+)")
"""White space where lines may break: any but the no-break space."""
EPSILON = 1e-6
"""Slack in width comparisons, for floating-point sums only."""


class Measure(Protocol):
    """Advance widths of text at size 1 in one of the four styles."""

    def width(self, text: str, bold: bool, italic: bool) -> float: ...


@dataclass(frozen=True)
class Span:
    """A piece of text in one style and colour (no markup: printed as it is)."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: Any = ""


@dataclass(frozen=True)
class LineSpan:
    """A span placed on a line: ``dx`` from the line's start."""

    dx: float
    text: str
    bold: bool
    italic: bool
    colour: Any


@dataclass(frozen=True)
class Line:
    spans: tuple[LineSpan, ...]
    width: float
    broken: str = ""
    """The word cut at the box edge on this line (it fitted at none of its break points)."""


def marked(text: str, colour: Any = "", *, bold: bool = False, italic: bool = False) -> list[Span]:
    """Spans of content text with ``**bold**`` / ``_italic_`` markup, on top of a base style."""
    return [Span(r.text, r.bold or bold, r.italic or italic, colour) for r in runs(text)]


def broken_words(lines: Iterable[Line]) -> list[str]:
    """The words cut at the box edge, in order."""
    return [line.broken for line in lines if line.broken]


def broken_warnings(output: str, broken: Iterable[tuple[Location | None, str]]) -> list[Problem]:
    """A located warning per word cut at a box edge (once per word and place)."""
    return [
        Problem(
            where,
            f"warning: {output}: '{word}' is too long for its box even hyphenated; it was "
            "broken at the edge (add a soft hyphen, or shorten it)",
        )
        for where, word in dict.fromkeys(broken)
    ]


_Piece = tuple[str, bool, bool, Any]
"""A span inside the engine, as a plain tuple: ``(text, bold, italic, colour)``."""


class _Word:
    """A word's pieces without soft hyphens, its text, and where it may break."""

    __slots__ = ("_breaks", "_hyphenator", "_soft", "pieces", "text")

    def __init__(self, pieces: Sequence[_Piece], hyphenator: Hyphenator | None) -> None:
        self.pieces: list[_Piece] = []
        soft: list[int] = []
        text = ""
        for piece in pieces:
            parts = piece[0].split(SOFT_HYPHEN)
            for index, part in enumerate(parts):
                if index:
                    soft.append(len(text))
                text += part
            clean = "".join(parts)
            if clean:
                self.pieces.append((clean, piece[1], piece[2], piece[3]))
        self.text = text
        self._soft = soft
        self._hyphenator = hyphenator
        self._breaks: dict[int, bool] | None = None

    def breaks(self) -> dict[int, bool]:
        """Break positions (0 < p < len), each with whether a hyphen is added there."""
        if self._breaks is None:
            text = self.text
            found: dict[int, bool] = {}
            # Soft hyphens are the author's choice for the word: the dictionary is not asked.
            if self._soft:
                found.update(dict.fromkeys(self._soft, True))
            elif self._hyphenator is not None:
                found.update(dict.fromkeys(self._hyphenator.points(text), True))
            for i, char in enumerate(text[:-1]):
                if char == HYPHEN and i > 0:
                    found[i + 1] = False
            self._breaks = {p: h for p, h in sorted(found.items()) if 0 < p < len(text)}
        return self._breaks

    def slice(self, start: int, end: int) -> list[_Piece]:
        out: list[_Piece] = []
        at = 0
        for piece in self.pieces:
            length = len(piece[0])
            a, b = max(start, at), min(end, at + length)
            if a < b:
                out.append((piece[0][a - at : b - at], piece[1], piece[2], piece[3]))
            at += length
        return out


def _hyphen_after(pieces: Sequence[_Piece]) -> _Piece:
    """A hyphen in the style of the last piece."""
    last = pieces[-1]
    return (HYPHEN, last[1], last[2], last[3])


class _Breaker:
    """Line breaking state; :func:`wrap` runs the common case (a word that fits) inline and
    calls :meth:`add` for the others. Sums are taken in the same order everywhere, so that
    the same text always breaks the same way."""

    def __init__(self, size: float, width: float, measure: Measure) -> None:
        self.size = size
        self.width = width
        self.measure = measure
        self.lines: list[Line] = []
        self.current: list[_Piece] = []
        self.used = 0.0
        self.broken = ""

    def space(self, style: _Piece) -> float:
        """The width of a space in the style of ``style``."""
        return self.measure.width(" ", style[1], style[2]) * self.size

    def span_width(self, pieces: Sequence[_Piece]) -> float:
        m = self.measure.width
        return sum([m(p[0], p[1], p[2]) for p in pieces]) * self.size

    def flush(self) -> None:
        self.lines.append(_line(self.current, self.size, self.measure, self.broken))
        self.current, self.used, self.broken = [], 0.0, ""

    def add(self, space: _Piece, word: _Word) -> None:
        start, end = 0, len(word.text)
        for _ in range(end + 2):  # each round places part of the word or starts a new line
            rest = word.slice(start, end)
            gap = self.space(space) if self.current else 0.0
            need = self.span_width(rest)
            if self.used + gap + need <= self.width + EPSILON:
                self.place(space if self.current else None, rest, gap + need)
                return
            room = self.width - self.used - gap
            point = self.best_point(word, start, room)
            if point is None and self.current:
                self.flush()
                continue
            forced = point is None
            if point is None:
                point = self.edge_point(word, start)
            head = word.slice(start, point)
            hyphen = forced or word.breaks().get(point, True)
            if hyphen:
                head.append(_hyphen_after(head))
            self.place(space if self.current else None, head, gap + self.span_width(head))
            if forced:
                self.broken = word.text
            self.flush()
            start = point
        raise AssertionError("line breaking did not finish")  # pragma: no cover

    def place(self, space: _Piece | None, pieces: Sequence[_Piece], advance: float) -> None:
        if space is not None:
            self.current.append(space)
        self.current.extend(pieces)
        self.used += advance

    def best_point(self, word: _Word, start: int, room: float) -> int | None:
        """The last break point after ``start`` whose head (with its hyphen) fits ``room``."""
        best = None
        for point, hyphen in word.breaks().items():
            if point <= start:
                continue
            head = word.slice(start, point)
            extra = self.span_width([_hyphen_after(head)]) if hyphen else 0
            if self.span_width(head) + extra <= room + EPSILON:
                best = point
            else:
                break
        return best

    def edge_point(self, word: _Word, start: int) -> int:
        """Where to cut a word that fits an empty line at none of its points: as many
        characters as fit with a hyphen, at least one."""
        point = start + 1
        for end in range(start + 2, len(word.text)):
            head = word.slice(start, end)
            extra = self.span_width([_hyphen_after(head)])
            if self.span_width(head) + extra > self.width + EPSILON:
                break
            point = end
        return point


def wrap(
    spans: Sequence[Span],
    size: float,
    width: float,
    measure: Measure,
    hyphenator: Hyphenator | None = None,
) -> tuple[Line, ...]:
    """Break ``spans`` into lines no wider than ``width`` at type ``size`` (see the module).

    Runs of white space print as one space; soft hyphens print only where a word breaks.
    """
    breaker = _Breaker(size, width, measure)
    mw = measure.width
    limit = width + EPSILON
    gaps: dict[tuple[bool, bool], float] = {}
    current = breaker.current
    used = 0.0
    for space, pieces, soft in _words(spans):
        if not soft:
            # The common case first: a word that fits the rest of the line.
            if len(pieces) == 1:
                text, bold, italic, _ = pieces[0]
                need = mw(text, bold, italic) * size
            else:
                need = sum([mw(p[0], p[1], p[2]) for p in pieces]) * size
            if current:
                key = (space[1], space[2])
                gap = gaps.get(key)
                if gap is None:
                    gap = gaps[key] = mw(" ", space[1], space[2]) * size
                if used + gap + need <= limit:
                    current.append(space)
                    current.extend(pieces)
                    used += gap + need
                    continue
            elif used + 0.0 + need <= limit:
                current.extend(pieces)
                used += 0.0 + need
                continue
        breaker.current, breaker.used = current, used
        breaker.add(space, _Word(pieces, hyphenator))
        current, used = breaker.current, breaker.used
    if current:
        breaker.current, breaker.used = current, used
        breaker.flush()
    return tuple(breaker.lines)


def _words(spans: Sequence[Span]) -> list[tuple[_Piece, list[_Piece], bool]]:
    """Words (lists of pieces), each with a space in the style of the white space before it,
    and whether it has a soft hyphen."""
    words: list[tuple[_Piece, list[_Piece], bool]] = []
    word: list[_Piece] = []
    word_space: Span | None = None
    pending: Span | None = None
    soft = False
    split = _SPACE.split
    for span in spans:
        bold, italic, colour = span.bold, span.italic, span.colour
        for piece in split(span.text):
            if not piece:
                continue
            if piece.isspace():
                if word:
                    _keep_word(words, word_space, word, soft)
                    word, soft = [], False
                pending = span
                continue
            if not word:
                word_space, pending = pending, None
            word.append((piece, bold, italic, colour))
            if SOFT_HYPHEN in piece:
                soft = True
    if word:
        _keep_word(words, word_space, word, soft)
    return words


def _keep_word(
    words: list[tuple[_Piece, list[_Piece], bool]],
    space: Span | None,
    word: list[_Piece],
    soft: bool,
) -> None:
    """Add ``word`` unless it is only soft hyphens; its space is styled as ``space``, or as
    its first piece when no white space came before it."""
    if soft and not any(p[0].strip(SOFT_HYPHEN) for p in word):
        return
    if space is None:
        first = word[0]
        words.append(((" ", first[1], first[2], first[3]), word, soft))
    else:
        words.append(((" ", space.bold, space.italic, space.colour), word, soft))


def _line(pieces: list[_Piece], size: float, measure: Measure, broken: str) -> Line:
    """Merge neighbouring pieces of one style into spans and place them."""
    mw = measure.width
    placed: list[LineSpan] = []
    dx = 0.0
    texts: list[str] = []
    bold = italic = False
    colour: Any = None
    for piece in pieces:
        if (
            texts
            and piece[1] == bold
            and piece[2] == italic
            and (piece[3] is colour or piece[3] == colour)
        ):
            texts.append(piece[0])
            continue
        if texts:
            text = texts[0] if len(texts) == 1 else "".join(texts)
            placed.append(LineSpan(dx, text, bold, italic, colour))
            dx += mw(text, bold, italic) * size
        texts = [piece[0]]
        _, bold, italic, colour = piece
    if texts:
        text = texts[0] if len(texts) == 1 else "".join(texts)
        placed.append(LineSpan(dx, text, bold, italic, colour))
        dx += mw(text, bold, italic) * size
    return Line(tuple(placed), dx, broken)
