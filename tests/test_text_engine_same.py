"""The fast text engine breaks every text exactly as the plain reference did (same lines, same
spans, same positions to the last bit), so that faster builds stay byte-identical."""

from __future__ import annotations

import random

import pytest

from massage_print.cards.text import FontMeasure
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CardsLayout
from massage_print.pdf.fonts import register_family
from massage_print.text import Hyphenator, Span, hyphenator, marked, wrap
from tests import text_reference


class Mono:
    """Every character half an em wide (bold a little wider, italic a little narrower)."""

    def width(self, text: str, bold: bool, italic: bool) -> float:
        return len(text) * (0.55 if bold else 0.5) * (0.97 if italic else 1.0)


WORDS = [
    "Rückenstreckermuskulatur",
    "Kreis-Reibung",
    "Fuß\xadsohlen\xadstreichung",
    "und",
    "a",
    "glide",
    "**both hands**",
    "_slowly_",
    "at\xa0the\xa0head.",
    "Supercalifragilistic" * 3,
    "\xad",
    "x\xady",
    "-",
    "--a",
    "Schulter\u00adblatt-Rand",
    "pétrissage",
    "12-15",
    "\xa0",
    "Hinterkopfrand,",
]
SEPARATORS = [" ", "  ", "\n", "\t", " \xa0 ", ""]


def random_spans(rng: random.Random) -> list[Span]:
    out: list[Span] = []
    for _ in range(rng.randint(1, 4)):
        text = "".join(
            rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 14))
        )
        colour = rng.choice(["", "red", "#336699"])
        out.extend(marked(text, colour, bold=rng.random() < 0.2, italic=rng.random() < 0.2))
    if rng.random() < 0.3:
        out.insert(rng.randrange(len(out) + 1), Span(rng.choice(SEPARATORS) or " ", True))
    return out


def assert_same(
    spans: list[Span], size: float, width: float, measure: object, hyph: object
) -> None:
    got = wrap(spans, size, width, measure, hyph)  # type: ignore[arg-type]
    want = text_reference.wrap(spans, size, width, measure, hyph)  # type: ignore[arg-type]
    assert got == want, (spans, size, width, hyph)


@pytest.fixture(scope="module")
def measures() -> list[object]:
    family = register_family(load_layout("cards", CardsLayout).fonts)
    return [Mono(), FontMeasure(family)]


def test_the_fast_engine_gives_the_reference_lines(measures: list[object]) -> None:
    rng = random.Random(9)
    hyphenators = [None, Hyphenator(None), hyphenator("de"), hyphenator("en")]
    for _ in range(600):
        spans = random_spans(rng)
        size = rng.choice([6.0, 7.5, 8.5, 9.25, 11.0])
        width = rng.uniform(8.0, 260.0)
        assert_same(spans, size, width, rng.choice(measures), rng.choice(hyphenators))


def test_exact_fits_and_edge_cuts_match_the_reference(measures: list[object]) -> None:
    """Widths at the very edge (a word that exactly fills the line) break the same way."""
    for measure in measures:
        for text in ("aaaa bbbb cccc", "**ab**cd ef", "x" * 40, "Kreis-Reibung neben"):
            spans = marked(text)
            full = wrap(spans, 10.0, 1e6, measure)[0].width  # type: ignore[arg-type]
            for width in (full, full - 1e-7, full / 2, full / 3 + 1e-6, 0.5):
                assert_same(spans, 10.0, width, measure, hyphenator("de"))


def test_texts_kept_between_calls_break_as_afresh(measures: list[object]) -> None:
    """The same spans again, at other sizes and widths, with another measure or hyphenator
    (the engine keeps texts split and measured between calls): still the reference's lines."""
    rng = random.Random(13)
    texts = [random_spans(rng) for _ in range(12)]
    hyphenators = [None, hyphenator("de"), Hyphenator(None), hyphenator("en")]
    for _ in range(400):
        spans = list(rng.choice(texts))  # equal spans in a new list, as callers make them
        size = rng.choice([6.0, 8.5, 11.0])
        width = rng.uniform(4.0, 200.0)
        assert_same(spans, size, width, rng.choice(measures), rng.choice(hyphenators))
    # A colour that cannot be a cache key: split afresh, same lines.
    assert_same([Span("Kreis-Reibung und mehr", colour=[0, 0, 1])], 10.0, 40.0, measures[0], None)
