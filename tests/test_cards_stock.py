"""`cards --stock`: the deck on pre-cut card stock, slots read back from the PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from massage_print.cards import build_cards
from massage_print.cli import main
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from tests.contentgen import write_content
from tests.flashcard_content import write_german
from tests.test_cards_support import MM, SheetRead, read_sheets

INCH = 72.0
TEMPLATE_TOLERANCE = 0.2 * MM
"""The issue's bound: slot centres within 0.2 mm of the maker's template."""


def avery_5371_centres() -> list[tuple[float, float]]:
    """Slot centres from Avery's 5371 template, written out here (not read from the layout):
    Letter, 2 × 5 cards of 3.5 × 2 in, first corner 0.75 in from the left, 0.5 in from the top.
    """
    centres = []
    for row in range(5):
        for column in range(2):
            x = 0.75 + column * 3.5 + 3.5 / 2
            y_from_top = 0.5 + row * 2 + 2 / 2
            centres.append((x * INCH, (11 - y_from_top) * INCH))
    return centres


@pytest.fixture(scope="module")
def german_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return load_book(write_german(tmp_path_factory.mktemp("stock") / "kurs"))


@pytest.fixture(scope="module")
def generated_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """13 cards: one full sheet of 10 and a partly filled one."""
    folder = write_content(tmp_path_factory.mktemp("stock-gen") / "c", steps=8, techniques=5)
    return load_book(folder)


def sheets(book: Book, **options: Any) -> tuple[list[SheetRead], dict[str, bytes]]:
    result = build_cards(book, **options)
    files = {o.name: o.data for o in result.outputs}
    return read_sheets(files["cards-print.pdf"], files["cards.pdf"]), files


@pytest.mark.parametrize("duplex", ["long", "short", "none"])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (1.2, -0.8)])
def test_avery_5371_slots_match_the_template_fronts_and_backs(
    generated_book: Book, duplex: str, offset: tuple[float, float]
) -> None:
    read, _ = sheets(generated_book, stock="avery-5371", duplex=duplex, back_offset_mm=offset)
    centres = avery_5371_centres()
    half = len(read) // 2
    pairs = (
        list(zip(read[:half], read[half:], strict=True))
        if duplex == "none"
        else [(read[i], read[i + 1]) for i in range(0, len(read), 2)]
    )
    assert len(pairs) == 2 and [len(f.placed) for f, _ in pairs] == [10, 3]
    dx, dy = offset[0] * MM, offset[1] * MM
    for number, (front, back) in enumerate(pairs):
        assert (round(front.width, 3), round(front.height, 3)) == (612.0, 792.0)
        for placed in front.placed:
            slot = placed.card - 10 * number
            fx, fy = placed.centre
            want_x, want_y = centres[slot]
            assert abs(fx - want_x) <= TEMPLATE_TOLERANCE and abs(fy - want_y) <= TEMPLATE_TOLERANCE
            # Each card fills its slot exactly: 3.5 × 2 in, turned from the upright design.
            x0, y0, x1, y1 = placed.rect
            assert abs((x1 - x0) - 3.5 * INCH) < 0.01 and abs((y1 - y0) - 2 * INCH) < 0.01
        for placed in back.placed:
            slot = placed.card - 10 * number
            bx, by = placed.centre
            want_x, want_y = centres[slot]
            # Behind its front: mirrored about the sheet's centre line, then the offset.
            if duplex == "short":
                want = (want_x + dx, 792.0 - want_y + dy)
            else:
                want = (612.0 - want_x + dx, want_y + dy)
            assert abs(bx - want[0]) <= TEMPLATE_TOLERANCE, (placed.card, bx, want)
            assert abs(by - want[1]) <= TEMPLATE_TOLERANCE, (placed.card, by, want)
            # Without an offset the mirrored slots are the template's slots again.
            if offset == (0.0, 0.0):
                assert any(
                    abs(bx - cx) <= TEMPLATE_TOLERANCE and abs(by - cy) <= TEMPLATE_TOLERANCE
                    for cx, cy in centres
                )


def test_deck_is_refitted_to_the_stock_card(german_book: Book) -> None:
    _, files = sheets(german_book, stock="avery-5371")
    for page in PdfReader(io.BytesIO(files["cards.pdf"])).pages:
        box = page.trimbox
        assert abs(float(box.width) - 2 * INCH) < 0.01
        assert abs(float(box.height) - 3.5 * INCH) < 0.01
    _, a4 = sheets(german_book, stock="avery-l7414")
    page = PdfReader(io.BytesIO(a4["cards.pdf"])).pages[0]
    assert abs(float(page.trimbox.width) - 52 * MM) < 0.01
    assert abs(float(page.trimbox.height) - 90 * MM) < 0.01


def test_no_crop_marks_on_pre_cut_stock(generated_book: Book) -> None:
    read, _ = sheets(generated_book, stock="avery-5371")
    edges_x = {round(x + d * INCH, 1) for x, _ in avery_5371_centres() for d in (-1.75, 1.75)}
    edges_y = {round(y + d * INCH, 1) for _, y in avery_5371_centres() for d in (-1.0, 1.0)}
    for sheet in read:
        assert sheet.lines, "the check bar is still printed in the margin"
        for x0, y0, x1, y1 in sheet.lines:
            # A crop mark continues a card edge: upright on an edge's x, or level on its y.
            on_edge_x = x0 == x1 and any(abs(x0 - e) < 0.5 for e in edges_x)
            on_edge_y = y0 == y1 and any(abs(y0 - e) < 0.5 for e in edges_y)
            assert not (on_edge_x or on_edge_y), ("a crop mark", (x0, y0, x1, y1))
            # Every mark is in the sheet margin, none on the cards.
            assert max(y0, y1) < 0.5 * INCH or min(y0, y1) > 10.5 * INCH
    plain, _ = sheets(generated_book, paper="letter", layout="cards-business")
    assert len(plain[0].lines) > len(read[0].lines)  # the same deck on plain paper has crop marks


def test_the_rendered_sheet_shows_ink_in_every_used_slot(german_book: Book) -> None:
    _, files = sheets(german_book, stock="avery-5371")
    pdf = pypdfium2.PdfDocument(files["cards-print.pdf"])
    scale = 1.0
    image = pdf[0].render(scale=scale).to_pil().convert("L")
    used = len(german_book.techniques) + german_book.step_count
    for slot, (x, y) in enumerate(avery_5371_centres()):
        left, top = int(x - 1.6 * INCH), int(792 - y - 0.9 * INCH)
        box = image.crop((left, top, left + int(3.2 * INCH), top + int(1.8 * INCH)))
        dark = sum(box.histogram()[:200])
        assert (dark > 50) == (slot < used), slot
    pdf.close()


def test_stock_list_names_every_stock() -> None:
    result = CliRunner().invoke(main, ["cards", "--stock", "list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("avery-5371 ") and "US Letter" in line for line in lines)
    assert any(line.startswith("avery-l7414 ") and "A4" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--stock", "avery-9999"), "unknown card stock 'avery-9999'; stocks: avery-5371"),
        (("--stock", "avery-5371", "--duplex", "fold"), "printed on both sides"),
        (("--stock", "avery-5371", "--paper", "a4"), "the card stock sets the sheet"),
        (("--stock", "avery-5371", "--bleed", "2"), "pre-cut card stock takes no bleed"),
        (("--stock", "avery-5371", "--back-offset", "0,40"), "pushes cards off the sheet"),
    ],
)
def test_stock_mistakes_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    content = write_german(tmp_path / "kurs")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["cards", "--content", str(content), "--out", str(out), *args]
    )
    assert result.exit_code == 1, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_a_card_that_cannot_fit_the_stock_names_the_card(tmp_path: Path) -> None:
    content = write_german(tmp_path / "kurs")
    path = content / "routines" / "nacken.yaml"
    long_cue = "Langsam und ruhig mit beiden Händen über die Schultern streichen, "
    text = path.read_text(encoding="utf-8").replace(
        '          - "Schultermuskel greifen."\n',
        "".join(f'          - "{long_cue}{i}"\n' for i in range(7)),
    )
    path.write_text(text, encoding="utf-8")
    book = load_book(content)
    build_cards(book)  # fits on a poker card
    with pytest.raises(MassagePrintError, match=r"card for routine 'nacken' step 3 \(back\)"):
        build_cards(book, stock="avery-5371")


def test_a_stock_off_its_sheet_is_refused(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    source = Path(__file__).resolve().parent.parent / "src/massage_print/layouts/avery-5371.yaml"
    (layouts / "wide.yaml").write_text(
        source.read_text(encoding="utf-8").replace("left: 0.75in", "left: 2in"),
        encoding="utf-8",
    )
    book = load_book(write_german(tmp_path / "kurs"))
    with pytest.raises(MassagePrintError, match=re.escape("off the 215.9 × 279.4 mm sheet")):
        build_cards(book, stock="wide", layout_dir=layouts)
