"""cards-print.pdf read back: sheet sizes, backs behind fronts, offsets, marks, preferences."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader

from massage_print.cards import build_cards
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.pipeline.jobs import JobResult
from tests.contentgen import write_content
from tests.test_cards_support import (
    MM,
    TOLERANCE,
    SheetRead,
    close,
    read_sheets,
    viewer_preferences,
)

A4 = (595.2756, 841.8898)
LETTER = (612.0, 792.0)
CARD = (63 * MM, 88 * MM)

Build = Callable[..., tuple[JobResult, dict[str, bytes]]]


@pytest.fixture(scope="module")
def generated_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """11 cards: a partly filled last sheet for 9 and for 4 cards per sheet."""
    folder = write_content(tmp_path_factory.mktemp("cards") / "content", steps=6, techniques=5)
    return load_book(folder)


@pytest.fixture(scope="module")
def build(generated_book: Book) -> Build:
    """build(**options) -> (result, {name: bytes}), cached per options."""
    cache: dict[tuple[tuple[str, Any], ...], tuple[JobResult, dict[str, bytes]]] = {}

    def run(**options: Any) -> tuple[JobResult, dict[str, bytes]]:
        key = tuple(sorted(options.items()))
        if key not in cache:
            result = build_cards(generated_book, **options)
            cache[key] = (result, {o.name: o.data for o in result.outputs})
        return cache[key]

    return run


def sheets_of(build: Build, **options: Any) -> list[SheetRead]:
    _, files = build(**options)
    return read_sheets(files["cards-print.pdf"], files["cards.pdf"])


def card_count(generated_book: Book) -> int:
    return len(generated_book.techniques) + generated_book.step_count


# -- sizes and structure ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_sheets_are_exactly_the_paper_size(
    build: Build, paper: str, size: tuple[float, float]
) -> None:
    for sheet in sheets_of(build, paper=paper):
        assert abs(sheet.width - size[0]) < 0.01 and abs(sheet.height - size[1]) < 0.01


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nine_poker_cards_per_sheet_centred(build: Build, paper: str, generated_book: Book) -> None:
    sheets = sheets_of(build, paper=paper)
    first = sheets[0]
    assert len(first.placed) == 9
    for placed in first.placed:
        x0, y0, x1, y1 = placed.rect
        assert close(x1 - x0, CARD[0]) and close(y1 - y0, CARD[1])
    xs = [v for p in first.placed for v in (p.rect[0], p.rect[2])]
    ys = [v for p in first.placed for v in (p.rect[1], p.rect[3])]
    assert close((min(xs) + max(xs)) / 2, first.width / 2)
    assert close((min(ys) + max(ys)) / 2, first.height / 2)
    assert min(xs) >= 5 * MM and min(ys) >= 5 * MM
    assert sum(len(s.placed) for s in sheets) == 2 * card_count(generated_book)


def test_each_card_page_is_one_form_xobject(build: Build, generated_book: Book) -> None:
    result, files = build()
    reader = PdfReader(io.BytesIO(files["cards-print.pdf"]))
    forms = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/XObject"].values():
            assert ref.get_object()["/Subtype"] == "/Form"
            forms.add(ref.idnum)
    sheets = len(reader.pages)
    # Every card page once, and one marks page per sheet.
    assert len(forms) == 2 * card_count(generated_book) + sheets
    assert result.outputs[1].pages == sheets


# -- backs exactly behind fronts --------------------------------------------------------------


def pairs_of(sheets: list[SheetRead], duplex: str) -> list[tuple[SheetRead, SheetRead]]:
    if duplex == "none":
        half = len(sheets) // 2
        return list(zip(sheets[:half], sheets[half:], strict=True))
    return [(sheets[i], sheets[i + 1]) for i in range(0, len(sheets), 2)]


@pytest.mark.slow
@pytest.mark.parametrize("duplex", ["long", "short", "none"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (1.5, -0.7)])
def test_every_back_is_behind_its_front(
    build: Build, generated_book: Book, duplex: str, paper: str, offset: tuple[float, float]
) -> None:
    sheets = sheets_of(build, duplex=duplex, paper=paper, back_offset_mm=offset)
    dx, dy = offset[0] * MM, offset[1] * MM
    pairs = pairs_of(sheets, duplex)
    count = card_count(generated_book)
    assert len(pairs) == -(-count // 9)
    assert len(pairs[-1][0].placed) < 9, "the generated deck ends with a partly filled sheet"
    seen = 0
    for front, back in pairs:
        fronts, backs = front.by_card(), back.by_card()
        assert {p.side for p in front.placed} == {"front"}
        assert {p.side for p in back.placed} == {"back"}
        assert set(fronts) == set(backs)
        for card, placed in fronts.items():
            fx, fy = placed.centre
            bx, by = backs[card].centre
            if duplex == "short":
                want = (fx + dx, front.height - fy + dy)
            else:
                want = (front.width - fx + dx, fy + dy)
            assert close(bx, want[0]) and close(by, want[1]), (card, (bx, by), want)
        seen += len(fronts)
    assert seen == count


@pytest.mark.slow
def test_backs_upright_when_turned_like_a_page(build: Build) -> None:
    """long: backs unturned; short: turned 180° (the sheet's flip shows them head down)."""
    for duplex, matrix in (("long", (1, 0, 0, 1)), ("short", (-1, 0, 0, -1))):
        sheets = sheets_of(build, duplex=duplex)
        for placed in sheets[1].placed:
            assert tuple(round(v) for v in placed.matrix[:4]) == matrix
        for placed in sheets[0].placed:
            assert tuple(round(v) for v in placed.matrix[:4]) == (1, 0, 0, 1)


def test_none_prints_all_fronts_then_all_backs(build: Build) -> None:
    sheets = sheets_of(build, duplex="none")
    half = len(sheets) // 2
    assert all({p.side for p in s.placed} == {"front"} for s in sheets[:half])
    assert all({p.side for p in s.placed} == {"back"} for s in sheets[half:])


def test_fold_sheets_hold_each_front_beside_its_back(build: Build, generated_book: Book) -> None:
    sheets = sheets_of(build, duplex="fold")
    count = card_count(generated_book)
    assert sum(len(s.placed) for s in sheets) == 2 * count
    for sheet in sheets:
        fold = [ln for ln in sheet.lines if ln[0] == ln[2] and close(ln[0], sheet.width / 2)]
        assert fold, "a fold line down the middle"
        fronts = {p.card: p for p in sheet.placed if p.side == "front"}
        backs = {p.card: p for p in sheet.placed if p.side == "back"}
        assert set(fronts) == set(backs) and fronts
        for card, placed in fronts.items():
            assert placed.rect[2] <= sheet.width / 2
            assert backs[card].rect[0] >= sheet.width / 2
            fx, fy = placed.centre
            bx, by = backs[card].centre
            assert close(bx, sheet.width - fx) and close(by, fy)
    assert len(sheets[-1].placed) < len(sheets[0].placed)


# -- marks ------------------------------------------------------------------------------------


def crop_marks(
    sheet: SheetRead,
    grid: tuple[float, float, float, float],
    full: SheetRead | None = None,
    bleed: float = 0.0,
) -> list[tuple[float, ...]]:
    """Segments outside the grid on the extension of a trim line, within 6 mm of the grid.

    Trim lines are taken from ``full`` (a full sheet of the same grid), or ``sheet`` itself.
    """
    gx0, gy0, gx1, gy1 = grid
    cards = (full or sheet).placed
    edges_x = {round(v, 2) for p in cards for v in (p.rect[0] + bleed, p.rect[2] - bleed)}
    edges_y = {round(v, 2) for p in cards for v in (p.rect[1] + bleed, p.rect[3] - bleed)}
    found = []
    for x0, y0, x1, y1 in sheet.lines:
        if close(x0, x1) and any(close(x0, e) for e in edges_x):
            below = max(y0, y1) <= gy0 and gy0 - max(y0, y1) < 6 * MM
            above = min(y0, y1) >= gy1 and min(y0, y1) - gy1 < 6 * MM
            if below or above:
                found.append((x0, y0, x1, y1))
        if close(y0, y1) and any(close(y0, e) for e in edges_y):
            left = max(x0, x1) <= gx0 and gx0 - max(x0, x1) < 6 * MM
            right = min(x0, x1) >= gx1 and min(x0, x1) - gx1 < 6 * MM
            if left or right:
                found.append((x0, y0, x1, y1))
    return found


def grid_of(sheet: SheetRead) -> tuple[float, float, float, float]:
    return (
        min(p.rect[0] for p in sheet.placed),
        min(p.rect[1] for p in sheet.placed),
        max(p.rect[2] for p in sheet.placed),
        max(p.rect[3] for p in sheet.placed),
    )


@pytest.mark.parametrize("duplex", ["long", "short", "none"])
def test_crop_marks_on_fronts_only_and_outside_the_grid(build: Build, duplex: str) -> None:
    sheets = sheets_of(build, duplex=duplex)
    for front, back in pairs_of(sheets, duplex):
        grid = grid_of(sheets[0])
        marks = crop_marks(front, grid, sheets[0])
        # 4 column lines and 4 row lines, marked at both ends, on every front sheet.
        assert len(marks) == 16
        for x0, y0, x1, y1 in front.lines:
            gx0, gy0, gx1, gy1 = grid
            inside = min(x0, x1) > gx0 + TOLERANCE and max(x0, x1) < gx1 - TOLERANCE
            inside = inside and min(y0, y1) > gy0 + TOLERANCE and max(y0, y1) < gy1 - TOLERANCE
            assert not inside, "no mark over the cards"
        assert crop_marks(back, grid, sheets[0]) == []


def test_marks_are_hairlines_offset_from_the_trim(build: Build) -> None:
    _, files = build()
    reader = PdfReader(io.BytesIO(files["cards-print.pdf"]))
    page = reader.pages[0]
    overlay = [
        ref.get_object()
        for ref in page["/Resources"]["/XObject"].values()
        if abs(float(ref.get_object()["/BBox"][2]) - float(page.mediabox[2])) < 0.01
    ]
    assert len(overlay) == 1
    data = overlay[0].get_data()
    assert re.search(rb"(^|\s)(0)?\.25 w", data), "crop marks are 0.25 pt hairlines"
    assert re.search(rb"(^|\s)0 G", data), "in black, to be seen in print"
    sheet = sheets_of(build)[0]
    grid = grid_of(sheet)
    marks = crop_marks(sheet, grid)
    assert marks
    for x0, y0, x1, y1 in marks:
        nearest = min(
            min(abs(y0 - grid[1]), abs(y1 - grid[1]), abs(y0 - grid[3]), abs(y1 - grid[3]))
            if close(x0, x1)
            else min(abs(x0 - grid[0]), abs(x1 - grid[0]), abs(x0 - grid[2]), abs(x1 - grid[2]))
            for _ in [0]
        )
        assert close(nearest, 1 * MM), "marks start 1 mm outside the trim"


@pytest.mark.slow
def test_cut_lines_run_along_the_card_edges(build: Build) -> None:
    plain = sheets_of(build)
    cut = sheets_of(build, cut_lines=True)
    grid = grid_of(cut[0])
    extra = set(cut[0].lines) - set(plain[0].lines)
    assert len(extra) == 8
    for x0, y0, x1, y1 in extra:
        assert close(min(x0, x1), grid[0]) or close(min(y0, y1), grid[1])
    assert set(cut[1].lines) == set(plain[1].lines), "no cut lines on backs"


def test_every_sheet_has_a_50_mm_check_bar(build: Build) -> None:
    for paper in ("a4", "letter"):
        for sheet in sheets_of(build, paper=paper):
            lengths = [abs(x1 - x0) + abs(y1 - y0) for x0, y0, x1, y1 in sheet.lines]
            assert any(close(length, 50 * MM) for length in lengths)


@pytest.mark.slow
def test_sheet_text_says_print_at_100_percent(build: Build, tmp_path: Path) -> None:
    import pdfplumber

    _, files = build(paper="letter")
    path = tmp_path / "print.pdf"
    path.write_bytes(files["cards-print.pdf"])
    with pdfplumber.open(path) as pdf:
        for number in (0, 1):
            text = "".join(c["text"] for c in pdf.pages[number].chars)
            assert "print at 100 %" in text
            assert ("front" if number == 0 else "back") in text


# -- viewer preferences and metadata ----------------------------------------------------------


@pytest.mark.parametrize(
    ("duplex", "pref"),
    [
        ("long", "/DuplexFlipLongEdge"),
        ("short", "/DuplexFlipShortEdge"),
        ("fold", "/Simplex"),
        ("none", "/Simplex"),
    ],
)
def test_viewer_preferences(build: Build, duplex: str, pref: str) -> None:
    _, files = build(duplex=duplex)
    prefs = viewer_preferences(files["cards-print.pdf"])
    assert prefs["/PrintScaling"] == "/None"
    assert prefs["/Duplex"] == pref


# -- bleed ------------------------------------------------------------------------------------


def test_bleed_extends_each_card_and_is_clipped_between_cards(build: Build) -> None:
    sheet = sheets_of(build, bleed_mm=2)[0]
    b = 2 * MM
    bled = grid_of(sheet)
    trim = (bled[0] + b, bled[1] + b, bled[2] - b, bled[3] - b)
    for placed in sheet.placed:
        x0, y0, x1, y1 = placed.rect
        assert close(x1 - x0, CARD[0] + 2 * b) and close(y1 - y0, CARD[1] + 2 * b)
        assert placed.clip is not None
        cx0, cy0, cx1, cy1 = placed.clip
        # Each side keeps its bleed on the outside of the grid, none where a neighbour is.
        for clip_edge, page_edge, outer in (
            (cx0, x0, close(x0, bled[0])),
            (cy0, y0, close(y0, bled[1])),
            (cx1, x1, close(x1, bled[2])),
            (cy1, y1, close(y1, bled[3])),
        ):
            assert close(clip_edge, page_edge) if outer else close(abs(clip_edge - page_edge), b)
    marks = crop_marks(sheet, trim, sheet, b)
    assert len(marks) == 16
    for x0, y0, x1, y1 in sheet.lines:
        outside = (
            max(x0, x1) <= bled[0] + TOLERANCE
            or min(x0, x1) >= bled[2] - TOLERANCE
            or max(y0, y1) <= bled[1] + TOLERANCE
            or min(y0, y1) >= bled[3] - TOLERANCE
        )
        assert outside, "marks start beyond the bleed"


@pytest.mark.slow
@pytest.mark.parametrize("duplex", ["long", "short", "none", "fold"])
def test_backs_with_bleed_are_clipped_around_their_cards_and_show_ink(
    build: Build, generated_book: Book, duplex: str
) -> None:
    """Every back (not only the fronts) keeps its whole card inside its clip, and prints."""
    _, files = build(bleed_mm=2, duplex=duplex)
    sheets = read_sheets(files["cards-print.pdf"], files["cards.pdf"])
    b = 2 * MM
    pdf = pypdfium2.PdfDocument(files["cards-print.pdf"])
    scale = 2
    backs_seen = 0
    try:
        for number, sheet in enumerate(sheets):
            backs = [p for p in sheet.placed if p.side == "back"]
            if not backs:
                continue
            image = pdf[number].render(scale=scale).to_pil().convert("L")
            for placed in backs:
                x0, y0, x1, y1 = placed.rect
                trim = (x0 + b, y0 + b, x1 - b, y1 - b)
                assert placed.clip is not None, "a bled card is clipped on the sheet"
                cx0, cy0, cx1, cy1 = placed.clip
                assert cx0 <= trim[0] + TOLERANCE and cy0 <= trim[1] + TOLERANCE, placed
                assert cx1 >= trim[2] - TOLERANCE and cy1 >= trim[3] - TOLERANCE, placed
                # Ink inside the card, 1 mm in from its trim (pixels: y grows downward).
                box = (
                    int((trim[0] + MM) * scale),
                    int((sheet.height - trim[3] + MM) * scale),
                    int((trim[2] - MM) * scale),
                    int((sheet.height - trim[1] - MM) * scale),
                )
                assert image.crop(box).getextrema()[0] < 128, f"back of card {placed.card} is blank"
                backs_seen += 1
    finally:
        pdf.close()
    assert backs_seen == card_count(generated_book)


def test_trim_and_bleed_boxes_on_card_pages(build: Build) -> None:
    _, files = build(bleed_mm=3)
    reader = PdfReader(io.BytesIO(files["cards.pdf"]))
    b = 3 * MM
    for page in reader.pages[:4]:
        media = [float(v) for v in page.mediabox]
        assert close(media[2], CARD[0] + 2 * b) and close(media[3], CARD[1] + 2 * b)
        trim = [float(v) for v in page.trimbox]
        assert all(close(u, v) for u, v in zip(trim, [b, b, b + CARD[0], b + CARD[1]], strict=True))
        bleed = [float(v) for v in page.bleedbox]
        assert all(close(u, v) for u, v in zip(bleed, media, strict=True))


# -- pixels: what a printer would get ---------------------------------------------------------


@pytest.mark.slow
def test_rendered_crop_marks_on_the_front_not_the_back(build: Build) -> None:
    _, files = build()
    sheets = read_sheets(files["cards-print.pdf"], files["cards.pdf"])
    grid = grid_of(sheets[0])
    pdf = pypdfium2.PdfDocument(files["cards-print.pdf"])
    scale = 4
    darkest = []
    for number in (0, 1):
        image = pdf[number].render(scale=scale).to_pil().convert("L")
        height = image.size[1] / scale
        # Just below the grid's lower-left corner, on the left trim line's extension.
        x = grid[0] * scale
        y_top = (height - (grid[1] - 1.2 * MM)) * scale
        box = (int(x - 3), int(y_top), int(x + 4), int(y_top + 2.5 * MM * scale))
        darkest.append(image.crop(box).getextrema()[0])
    pdf.close()
    assert darkest[0] < 160, "a visible crop mark on the front"
    assert darkest[1] == 255, "nothing on the back"


# -- errors and determinism -------------------------------------------------------------------


@pytest.mark.slow
def test_same_input_gives_identical_bytes(generated_book: Book) -> None:
    first = build_cards(generated_book, deck="techniques", duplex="short", bleed_mm=1)
    second = build_cards(generated_book, deck="techniques", duplex="short", bleed_mm=1)
    assert [o.data for o in first.outputs] == [o.data for o in second.outputs]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"paper": "a3"}, "unknown paper 'a3'; use one of: a4, letter"),
        ({"duplex": "sideways"}, "unknown duplex mode 'sideways'"),
        ({"back_offset_mm": (12.0, 0.0)}, "pushes cards off the sheet"),
        ({"back_offset_mm": (0.0, -20.0), "duplex": "short"}, "pushes cards off the sheet"),
        ({"back_offset_mm": (1.0, 0.0), "duplex": "fold"}, "fold sheets are printed on one side"),
        ({"back_offset_mm": (float("nan"), 0.0)}, "finite"),
        ({"bleed_mm": 3.5}, "bleed must be 0 to 3 mm"),
        ({"bleed_mm": -1}, "bleed must be 0 to 3 mm"),
        ({"deck": "everything"}, "unknown deck 'everything'"),
        ({"routine": "nope"}, "unknown routine 'nope'"),
        ({"routine": "routine-0", "deck": "techniques"}, "--routine picks step cards"),
        ({"layout": "no-such-layout"}, "unknown layout 'no-such-layout'"),
    ],
)
def test_bad_options_are_one_line_errors(
    generated_book: Book, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(MassagePrintError) as caught:
        build_cards(generated_book, **options)
    assert message in str(caught.value)
    assert len(caught.value.problems) == 1 and "\n" not in str(caught.value)


def test_card_larger_than_the_sheet(generated_book: Book, tmp_path: Path) -> None:
    layout = tmp_path / "huge.yaml"
    layout.write_text("extends: cards\ncard: [250mm, 320mm]\n", encoding="utf-8")
    with pytest.raises(MassagePrintError) as caught:
        build_cards(generated_book, layout=str(layout))
    assert str(caught.value) == (
        "a 250 × 320 mm card does not fit on a 210 × 297 mm sheet with 5 mm margins"
    )
