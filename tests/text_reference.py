"""The text engine's line breaking as it was before the speed work (issue 9): the slow,
plain reference that tests compare the fast engine with, result for result."""

# ruff: noqa

from __future__ import annotations

import re
from collections.abc import Sequence

from massage_print.text.engine import EPSILON, Line, LineSpan, Measure, Span
from massage_print.text.hyphenate import HYPHEN, SOFT_HYPHEN, Hyphenator

_SPACE = re.compile(r"((?:(?!\u00a0)\s)+)")


class _Word:
    """A word's spans without soft hyphens, its text, and where it may break."""

    def __init__(self, pieces: list[Span], hyphenator: Hyphenator | None) -> None:
        self.pieces: list[Span] = []
        soft: list[int] = []
        text = ""
        for piece in pieces:
            parts = piece.text.split(SOFT_HYPHEN)
            for index, part in enumerate(parts):
                if index:
                    soft.append(len(text))
                text += part
            clean = "".join(parts)
            if clean:
                self.pieces.append(Span(clean, piece.bold, piece.italic, piece.colour))
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

    def slice(self, start: int, end: int) -> list[Span]:
        out: list[Span] = []
        at = 0
        for piece in self.pieces:
            a, b = max(start, at), min(end, at + len(piece.text))
            if a < b:
                out.append(
                    Span(piece.text[a - at : b - at], piece.bold, piece.italic, piece.colour)
                )
            at += len(piece.text)
        return out


class _Breaker:
    def __init__(self, size: float, width: float, measure: Measure) -> None:
        self.size = size
        self.width = width
        self.measure = measure
        self.lines: list[Line] = []
        self.current: list[Span] = []
        self.used = 0.0
        self.broken = ""

    def space(self, style: Span) -> float:
        """The width of a space in the style of ``style``."""
        return self.measure.width(" ", style.bold, style.italic) * self.size

    def span_width(self, spans: Sequence[Span]) -> float:
        m = self.measure
        return sum(m.width(s.text, s.bold, s.italic) for s in spans) * self.size

    def flush(self) -> None:
        self.lines.append(_line(self.current, self.size, self.measure, self.broken))
        self.current, self.used, self.broken = [], 0.0, ""

    def add(self, space: Span, word: _Word) -> None:
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
                last = head[-1]
                head.append(Span(HYPHEN, last.bold, last.italic, last.colour))
            self.place(space if self.current else None, head, gap + self.span_width(head))
            if forced:
                self.broken = word.text
            self.flush()
            start = point
        raise AssertionError("line breaking did not finish")  # pragma: no cover

    def place(self, space: Span | None, spans: Sequence[Span], advance: float) -> None:
        if space is not None:
            self.current.append(Span(" ", space.bold, space.italic, space.colour))
        self.current.extend(spans)
        self.used += advance

    def best_point(self, word: _Word, start: int, room: float) -> int | None:
        """The last break point after ``start`` whose head (with its hyphen) fits ``room``."""
        best = None
        for point, hyphen in word.breaks().items():
            if point <= start:
                continue
            head = word.slice(start, point)
            extra = self.span_width([Span(HYPHEN, head[-1].bold, head[-1].italic)]) if hyphen else 0
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
            extra = self.span_width([Span(HYPHEN, head[-1].bold, head[-1].italic)])
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
    for space, pieces in _words(spans):
        if not any(SOFT_HYPHEN in p.text for p in pieces):
            # The common case first: a word that fits the rest of the line.
            need = breaker.span_width(pieces)
            gap = breaker.space(space) if breaker.current else 0.0
            if breaker.used + gap + need <= width + EPSILON:
                breaker.place(space if breaker.current else None, pieces, gap + need)
                continue
        breaker.add(space, _Word(pieces, hyphenator))
    if breaker.current:
        breaker.flush()
    return tuple(breaker.lines)


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
    return [
        (space, pieces) for space, pieces in words if any(p.text.strip(SOFT_HYPHEN) for p in pieces)
    ]


def _line(pieces: list[Span], size: float, measure: Measure, broken: str) -> Line:
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
        dx += measure.width(span.text, span.bold, span.italic) * size
    return Line(tuple(placed), dx, broken)
