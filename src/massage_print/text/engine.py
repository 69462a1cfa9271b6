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
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
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
_Part = tuple[tuple[_Piece, ...], float, _Piece, float, float]
"""Characters ``start:end`` of a word: its pieces, their width at size 1, a hyphen in the style
of the last piece, its width, and the width of the pieces and the hyphen together."""
_Record = tuple[_Piece, tuple[_Piece, ...], bool, float, float]
"""A word measured: its space, its pieces, whether it has a soft hyphen, its width and the
space's width (at size 1)."""

TEXT_CACHE = 4096
"""How many texts :func:`wrap` keeps split into words and measured (texts repeat: each size a
box is tried at breaks the same words again)."""


class _Word:
    """A word's pieces without soft hyphens, its text, and where it may break.

    Widths of its parts are kept at size 1 (for the last measure asked), so that breaking the
    word again at another size measures nothing: every width is the same sum as before, in the
    same order, times the size."""

    __slots__ = ("_breaks", "_hyphenator", "_measure", "_parts", "_soft", "pieces", "text")

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
        self._measure: Measure | None = None
        self._parts: dict[tuple[int, int], _Part] = {}

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

    def part(self, start: int, end: int, measure: Measure) -> _Part:
        """Characters ``start:end`` measured at size 1 (see :data:`_Part`)."""
        if measure is not self._measure:
            self._measure, self._parts = measure, {}
        key = (start, end)
        found = self._parts.get(key)
        if found is None:
            mw = measure.width
            pieces = self.slice(start, end)
            widths = [mw(p[0], p[1], p[2]) for p in pieces]
            # Nothing is left of a word cut at the edge right before its last character.
            last = pieces[-1] if pieces else (HYPHEN, False, False, "")
            hyphen = (HYPHEN, last[1], last[2], last[3])
            hyphen_width = mw(HYPHEN, last[1], last[2])
            found = (tuple(pieces), sum(widths), hyphen, hyphen_width, sum([*widths, hyphen_width]))
            self._parts[key] = found
        return found


class _Text:
    """Spans split into words (see :func:`_words`), measured once per measure, with each
    word's break points found once per hyphenator."""

    __slots__ = ("_hyphenator", "_measure", "_records", "_split", "words")

    def __init__(self, spans: Sequence[Span]) -> None:
        self.words = _words(spans)
        self._measure: Measure | None = None
        self._records: list[_Record] = []
        self._hyphenator: Hyphenator | None = None
        self._split: dict[int, _Word] = {}

    def records(self, measure: Measure) -> list[_Record]:
        """The words with their widths in ``measure`` (sums as :func:`sum` takes them)."""
        if measure is not self._measure:
            mw = measure.width
            spaces: dict[tuple[bool, bool], float] = {}
            records: list[_Record] = []
            for space, pieces, soft in self.words:
                style = (space[1], space[2])
                gap = spaces.get(style)
                if gap is None:
                    gap = spaces[style] = mw(" ", space[1], space[2])
                if soft:
                    width = 0.0
                elif len(pieces) == 1:
                    text, bold, italic, _ = pieces[0]
                    width = 0.0 + mw(text, bold, italic)
                else:
                    width = sum([mw(p[0], p[1], p[2]) for p in pieces])
                records.append((space, pieces, soft, width, gap))
            self._records = records
            self._measure = measure
        return self._records

    def word(self, index: int, hyphenator: Hyphenator | None) -> _Word:
        if hyphenator is not self._hyphenator:
            self._hyphenator, self._split = hyphenator, {}
        found = self._split.get(index)
        if found is None:
            found = self._split[index] = _Word(self.words[index][1], hyphenator)
        return found


@lru_cache(maxsize=TEXT_CACHE)
def _cached_text(spans: tuple[Span, ...]) -> _Text:
    return _Text(spans)


def _text(spans: Sequence[Span]) -> _Text:
    try:
        return _cached_text(tuple(spans))
    except TypeError:  # a colour that cannot be hashed: split the text afresh
        return _Text(spans)


class _Breaker:
    """Line breaking state; :func:`wrap` runs the common case (a word that fits) inline and
    calls :meth:`add` for the others. Every width is a sum at size 1 times the size, summed
    in the same order everywhere, so that the same text always breaks the same way."""

    def __init__(self, size: float, width: float, measure: Measure) -> None:
        self.size = size
        self.width = width
        self.measure = measure
        self.lines: list[Line] = []
        self.current: list[_Piece] = []
        self.used = 0.0
        self.broken = ""

    def flush(self) -> None:
        self.lines.append(_line(self.current, self.size, self.measure, self.broken))
        self.current, self.used, self.broken = [], 0.0, ""

    def add(self, space: _Piece, space_width: float, word: _Word) -> None:
        """Place ``word`` (after a space of ``space_width`` at size 1), hyphenated or cut
        where it does not fit."""
        start, end = 0, len(word.text)
        size, measure = self.size, self.measure
        for _ in range(end + 2):  # each round places part of the word or starts a new line
            rest, rest_width, _, _, _ = word.part(start, end, measure)
            gap = space_width * size if self.current else 0.0
            need = rest_width * size
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
            head, head_width, hyphen_piece, _, hyphenated = word.part(start, point, measure)
            if forced or word.breaks().get(point, True):
                head, head_width = (*head, hyphen_piece), hyphenated
            self.place(space if self.current else None, head, gap + head_width * size)
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
        size, measure, limit = self.size, self.measure, room + EPSILON
        for point, hyphen in word.breaks().items():
            if point <= start:
                continue
            _, head_width, _, hyphen_width, _ = word.part(start, point, measure)
            extra = hyphen_width * size if hyphen else 0
            if head_width * size + extra <= limit:
                best = point
            else:
                break
        return best

    def edge_point(self, word: _Word, start: int) -> int:
        """Where to cut a word that fits an empty line at none of its points: as many
        characters as fit with a hyphen, at least one."""
        point = start + 1
        size, measure, limit = self.size, self.measure, self.width + EPSILON
        for end in range(start + 2, len(word.text)):
            _, head_width, _, hyphen_width, _ = word.part(start, end, measure)
            if head_width * size + hyphen_width * size > limit:
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
    text = _text(spans)
    breaker = _Breaker(size, width, measure)
    limit = width + EPSILON
    current = breaker.current
    used = 0.0
    for index, (space, pieces, soft, unit, space_unit) in enumerate(text.records(measure)):
        if not soft:
            # The common case first: a word that fits the rest of the line.
            need = unit * size
            if current:
                gap = space_unit * size
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
        breaker.add(space, space_unit, text.word(index, hyphenator))
        current, used = breaker.current, breaker.used
    if current:
        breaker.current, breaker.used = current, used
        breaker.flush()
    return tuple(breaker.lines)


def _words(spans: Sequence[Span]) -> list[tuple[_Piece, tuple[_Piece, ...], bool]]:
    """Words (pieces), each with a space in the style of the white space before it, and
    whether it has a soft hyphen."""
    if len(spans) == 1:
        # One style (most texts): every word is one piece, every space in that style.
        span = spans[0]
        bold, italic, colour = span.bold, span.italic, span.colour
        space = (" ", bold, italic, colour)
        return [
            (space, ((piece, bold, italic, colour),), soft) for piece, soft in _pieces(span.text)
        ]
    words: list[tuple[_Piece, tuple[_Piece, ...], bool]] = []
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


@lru_cache(maxsize=TEXT_CACHE)
def _pieces(text: str) -> tuple[tuple[str, bool], ...]:
    """The words of one span's text, each with whether it has a soft hyphen; words of soft
    hyphens only are left out (as :func:`_words` leaves them out)."""
    out: list[tuple[str, bool]] = []
    for piece in _SPACE.split(text):
        if not piece or piece.isspace():
            continue
        soft = SOFT_HYPHEN in piece
        if not soft or piece.strip(SOFT_HYPHEN):
            out.append((piece, soft))
    return tuple(out)


def _keep_word(
    words: list[tuple[_Piece, tuple[_Piece, ...], bool]],
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
        words.append(((" ", first[1], first[2], first[3]), tuple(word), soft))
    else:
        words.append(((" ", space.bold, space.italic, space.colour), tuple(word), soft))


_STYLE = itemgetter(1, 2, 3)
_TEXT = itemgetter(0)


def _line(pieces: list[_Piece], size: float, measure: Measure, broken: str) -> Line:
    """Merge neighbouring pieces of one style into spans and place them."""
    mw = measure.width
    placed: list[LineSpan] = []
    dx = 0.0
    for (bold, italic, colour), run in groupby(pieces, _STYLE):
        text = "".join(map(_TEXT, run))
        placed.append(LineSpan(dx, text, bold, italic, colour))
        dx += mw(text, bold, italic) * size
    return Line(tuple(placed), dx, broken)
