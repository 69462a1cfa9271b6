"""The cards' shortcuts give what the slow path gives: pieces kept per block and size, one
measure per font family, one colour object per code."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from massage_print.cards import build_deck
from massage_print.cards.render import Piece, Typesetter
from massage_print.cards.text import FontMeasure, colour, font_measure
from massage_print.content.validation import load_book
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CardsLayout
from massage_print.pdf.fonts import register_family
from massage_print.text import hyphenator
from tests.contentgen import write_content


def drawn(piece: Piece) -> bytes:
    """The page content ``piece`` draws."""
    canvas = Canvas(io.BytesIO(), pageCompression=0, invariant=True)
    piece.draw(canvas, 10.0, 400.0)
    return canvas.getpdfdata()


def test_a_kept_piece_is_the_piece_made_afresh(tmp_path: Path) -> None:
    book = load_book(write_content(tmp_path / "content", steps=4, techniques=3))
    layout = load_layout("cards", CardsLayout)
    family = register_family(layout.fonts)
    kept = Typesetter(layout, family, hyphenator("de"))
    blocks = [b for card in build_deck(book) for f in (card.front, card.back) for b in f.blocks]
    assert blocks
    for scale in (1.0, 0.8, 0.8, 0.6, 1.0):
        for block in blocks:
            first = kept.piece(block, 150.0, scale, scale)
            again = kept.piece(block, 150.0, scale, scale)
            assert again is first
            # A new typesetter, with a new measure that has measured nothing yet.
            fresh_setter = Typesetter(layout, family, hyphenator("de"))
            fresh_setter.measure = FontMeasure(family)
            fresh = fresh_setter.piece(block, 150.0, scale, scale)
            assert (first.field, first.height, first.broken) == (
                fresh.field,
                fresh.height,
                fresh.broken,
            )
            assert drawn(first) == drawn(fresh)


def test_one_measure_per_family_measures_as_reportlab() -> None:
    family = register_family(load_layout("cards", CardsLayout).fonts)
    measure = font_measure(family)
    assert font_measure(family) is measure
    for bold in (False, True):
        for italic in (False, True):
            for text in ("Kreisreibung", " ", "Fuß-", "Rücken streichen"):
                expected = stringWidth(text, family.pick(bold, italic), 1.0)
                assert measure.width(text, bold, italic) == expected
                assert measure.width(text, bold, italic) == expected  # kept
    assert colour("#336699") is colour("#336699")
    assert colour("#336699") == HexColor("#336699")
