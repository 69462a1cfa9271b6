"""Saddle-stitch planning as pure data: no PDF is read or written here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_print.errors import MassagePrintError
from massage_print.imposition.plan import Placement, Plan, Sheet, footprint, turned_180
from massage_print.imposition.saddle import (
    DOC,
    MARKS,
    MAX_SHIFT_SHARE,
    SaddleOptions,
    plan_saddle,
    saddle_order,
    signature_sheets,
)
from massage_print.vocabulary import Paper, SaddleDuplex

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
A4_PORTRAIT = (210 * MM, 297 * MM)
A6 = (105 * MM, 148 * MM)
A4_LANDSCAPE = (297 * MM, 210 * MM)
LETTER_LANDSCAPE = (792.0, 612.0)
COUNTS = [*range(1, 65), 200]

Side = tuple[int | None, int | None]
"""(left, right) page numbers, 1-based in the document, None for a blank half."""


def four_up(count: int) -> int:
    """Pages after padding to whole sheets (4 pages a sheet), by hand: 1-4 -> 4, 5-8 -> 8."""
    return count + (-count) % 4


def booklet_oracle(first: int, sheets: int, count: int) -> list[tuple[Side, Side]]:
    """Front and back of each sheet of one signature, found by reading a folded booklet.

    Leaves in reading order are the right halves of sheets 0..S-1 (recto on the front,
    verso on the back's left half when turned over the short edge), then the left halves
    of sheets S-1..0 (recto on the back's right half, verso on the front's left half).
    """
    pages = iter(range(first, first + 4 * sheets))
    fl: dict[int, int] = {}
    fr: dict[int, int] = {}
    bl: dict[int, int] = {}
    br: dict[int, int] = {}
    for k in range(sheets):
        fr[k] = next(pages)
        bl[k] = next(pages)
    for k in reversed(range(sheets)):
        br[k] = next(pages)
        fl[k] = next(pages)

    def real(page: int) -> int | None:
        return page if page <= count else None

    return [((real(fl[k]), real(fr[k])), (real(bl[k]), real(br[k]))) for k in range(sheets)]


def expected_sides(count: int, signature: int, duplex: str) -> list[Side]:
    """Every side in print order, as the sheet lies in the PDF."""
    total = four_up(count) // 4
    if signature <= 0 or signature >= total:
        sizes = [total]
    else:
        sizes = [signature] * (total // signature) + (
            [total % signature] if total % signature else []
        )
    sides: list[Side] = []
    first = 1
    for size in sizes:
        for front, back in booklet_oracle(first, size, count):
            sides.append(front)
            sides.append((back[1], back[0]) if duplex == "long" else back)
        first += 4 * size
    return sides


def halves(sheet: Sheet, size: tuple[float, float]) -> Side:
    """(left, right) 1-based page numbers of a sheet side's document placements."""
    left: int | None = None
    right: int | None = None
    for placement in sheet.placements:
        if placement.source != DOC:
            continue
        w, _ = footprint(*size, placement.rotation, placement.scale)
        if placement.x + w / 2 < sheet.width / 2:
            assert left is None
            left = placement.page + 1
        else:
            assert right is None
            right = placement.page + 1
    return left, right


def test_saddle_order_known_signatures() -> None:
    assert saddle_order(4) == [((4, 1), (2, 3))]
    assert saddle_order(8) == [((8, 1), (2, 7)), ((6, 3), (4, 5))]
    with pytest.raises(ValueError):
        saddle_order(6)


@pytest.mark.parametrize("pages", range(4, 201, 4))
def test_saddle_order_matches_a_folded_booklet(pages: int) -> None:
    assert saddle_order(pages) == booklet_oracle(1, pages // 4, pages)


@pytest.mark.parametrize("duplex", ["short", "long"])
@pytest.mark.parametrize("count", COUNTS)
def test_order_for_every_page_count(count: int, duplex: SaddleDuplex) -> None:
    result = plan_saddle([A5] * count, SaddleOptions(duplex=duplex))
    sheets = result.plan.sheets
    assert [halves(s, A5) for s in sheets] == expected_sides(count, 0, duplex)
    assert result.pages == four_up(count)
    assert len(sheets) == 2 * (four_up(count) // 4)
    assert [s.side for s in sheets] == ["front", "back"] * (len(sheets) // 2)
    for sheet in sheets:
        turned = sheet.side == "back" and duplex == "long"
        assert {p.rotation for p in sheet.placements} <= {180 if turned else 0}
        assert all(p.scale == 1.0 and p.clip is None for p in sheet.placements)
    assert result.warnings == ()
    assert result.signatures == (len(sheets) // 2,)


@pytest.mark.parametrize(
    ("count", "pages", "sheets"),
    [(1, 4, 1), (3, 4, 1), (4, 4, 1), (5, 8, 2), (13, 16, 4), (64, 64, 16), (65, 68, 17)],
)
def test_padded_page_and_sheet_counts(count: int, pages: int, sheets: int) -> None:
    result = plan_saddle([A5] * count)
    assert result.pages == pages == four_up(count)
    assert len(result.plan.sheets) == 2 * sheets


def test_pages_are_padded_at_the_end() -> None:
    sheets = plan_saddle([A5] * 5).plan.sheets
    assert [halves(s, A5) for s in sheets] == [
        (None, 1),
        (2, None),
        (None, 3),
        (4, 5),
    ]


@pytest.mark.parametrize("duplex", ["short", "long"])
@pytest.mark.parametrize(
    ("count", "signature"),
    [(8, 1), (20, 2), (40, 3), (64, 4), (200, 5), (200, 7), (200, 49), (200, 50), (200, 80)],
)
def test_signatures(count: int, signature: int, duplex: SaddleDuplex) -> None:
    options = SaddleOptions(duplex=duplex, signature=signature)
    result = plan_saddle([A5] * count, options)
    assert [halves(s, A5) for s in result.plan.sheets] == expected_sides(count, signature, duplex)
    assert sum(result.signatures) * 2 == len(result.plan.sheets)
    assert all(size == signature for size in result.signatures[:-1])
    assert 0 < result.signatures[-1] <= signature


def test_signature_sizes() -> None:
    assert signature_sheets(20, 2) == [2, 2, 1]
    assert signature_sheets(1, 3) == [1]
    assert signature_sheets(200, 0) == [50]
    assert signature_sheets(200, 50) == [50]
    assert signature_sheets(200, 16) == [16, 16, 16, 2]


@pytest.mark.parametrize(
    ("paper", "size"), [("a4", (841.8897637795275, 595.2755905511812)), ("letter", (792, 612))]
)
def test_sheet_sizes_are_exact(paper: Paper, size: tuple[float, float]) -> None:
    result = plan_saddle([A5] * 12, SaddleOptions(paper=paper))
    for sheet in result.plan.sheets:
        assert sheet.width == pytest.approx(size[0], abs=1e-9)
        assert sheet.height == pytest.approx(size[1], abs=1e-9)
    assert round(size[0], 2) in (841.89, 792.0)
    assert round(size[1], 2) in (595.28, 612.0)


def test_a5_fits_a4_at_full_size_centred() -> None:
    sheet = plan_saddle([A5] * 4).plan.sheets[0]
    half = A4_LANDSCAPE[0] / 2
    left, right = sorted(sheet.placements, key=lambda p: p.x)
    assert left.scale == right.scale == 1.0
    assert left.x == pytest.approx((half - A5[0]) / 2)
    assert right.x == pytest.approx(half + (half - A5[0]) / 2)
    assert left.y == right.y == pytest.approx((A4_LANDSCAPE[1] - A5[1]) / 2)


def test_small_pages_are_centred_at_full_size() -> None:
    sheet = plan_saddle([A6] * 4).plan.sheets[0]
    half = A4_LANDSCAPE[0] / 2
    left = min(sheet.placements, key=lambda p: p.x)
    assert left.scale == 1.0
    assert left.x == pytest.approx((half - A6[0]) / 2)
    assert left.y == pytest.approx((A4_LANDSCAPE[1] - A6[1]) / 2)


def test_a5_on_letter_is_scaled_down_with_a_warning() -> None:
    result = plan_saddle([A5] * 8, SaddleOptions(paper="letter"))
    scale = 396 / A5[0]
    assert result.warnings == (
        "pages are 148.0 × 210.0 mm, larger than half a Letter sheet (139.7 × 215.9 mm): "
        "scaled to 94.4 %",
    )
    for sheet in result.plan.sheets:
        for p in sheet.placements:
            assert p.scale == pytest.approx(scale)
            w, h = A5[0] * scale, A5[1] * scale
            assert w == pytest.approx(396)
            assert p.y == pytest.approx((612 - h) / 2)
            assert p.x == pytest.approx(0) or p.x == pytest.approx(396)


def test_a4_pages_are_scaled_to_fit_half_an_a4() -> None:
    result = plan_saddle([A4_PORTRAIT] * 4)
    assert result.plan.sheets[0].placements[0].scale == pytest.approx(210 / 297)
    assert "scaled to 70.7 %" in result.warnings[0]
    assert "half an A4 sheet (148.5 × 210.0 mm)" in result.warnings[0]


def test_mixed_sizes_name_the_first_odd_page() -> None:
    sizes = [A5] * 6 + [A4_PORTRAIT] + [A5, A4_PORTRAIT]
    result = plan_saddle(sizes)
    assert result.warnings[0].startswith("page 7 is 210.0 × 297.0 mm, unlike page 1")
    assert result.warnings[1].startswith("page 7 is 210.0 × 297.0 mm, larger than half an A4")
    assert "1 more pages scaled too" in result.warnings[1]
    scales = {p.page: p.scale for sheet in result.plan.sheets for p in sheet.placements}
    assert scales[0] == 1.0
    assert scales[6] == pytest.approx(210 / 297)


@pytest.mark.parametrize("duplex", ["short", "long"])
@pytest.mark.parametrize("signature", [0, 3])
def test_creep_moves_inner_sheets_toward_the_spine(duplex: SaddleDuplex, signature: int) -> None:
    creep = 0.25
    options = SaddleOptions(duplex=duplex, signature=signature, creep_mm=creep)
    result = plan_saddle([A5] * 32, options)
    base = plan_saddle([A5] * 32, SaddleOptions(duplex=duplex, signature=signature))
    width, height = A4_LANDSCAPE
    half = width / 2
    sheet_index = 0
    for size in result.signatures:
        for k in range(size):
            for side in (2 * sheet_index, 2 * sheet_index + 1):
                shifted = result.plan.sheets[side]
                plain = base.plan.sheets[side]
                assert (shifted.width, shifted.height) == (plain.width, plain.height)
                for p, q in zip(shifted.placements, plain.placements, strict=True):
                    assert p.page == q.page
                    assert p.y == q.y
                    left = q.x + A5[0] / 2 < half
                    toward_spine = 1 if left else -1
                    assert p.x - q.x == pytest.approx(toward_spine * k * creep * MM)
                    if k == 0:
                        assert p.clip is None
                    else:
                        assert p.clip == pytest.approx((0 if left else half, 0, half, height))
            sheet_index += 1


def test_creep_beyond_what_the_stack_allows_is_an_error_naming_the_largest_that_fits() -> None:
    # 200 A5 pages on A4: 50 sheets in one fold; the innermost moves 49 × creep.
    with pytest.raises(MassagePrintError) as info:
        plan_saddle([A5] * 200, SaddleOptions(creep_mm=1.0))
    message = str(info.value)
    assert "creep 1 mm moves the innermost pages 49.0 mm toward the spine (50 sheets" in message
    assert "the largest creep that fits is 0.303 mm" in message
    fits = plan_saddle([A5] * 200, SaddleOptions(creep_mm=0.303))
    assert not any("spine" in w for w in fits.warnings)
    with pytest.raises(MassagePrintError, match=r"largest creep that fits is 0\.303 mm"):
        plan_saddle([A5] * 200, SaddleOptions(creep_mm=0.304))
    # Signatures fold fewer sheets together, so the same creep fits.
    plan_saddle([A5] * 200, SaddleOptions(creep_mm=1.0, signature=10))


@pytest.mark.parametrize(
    "options",
    [
        SaddleOptions(paper="a3"),  # type: ignore[arg-type]
        SaddleOptions(duplex="none"),  # type: ignore[arg-type]
        SaddleOptions(signature=-1),
        SaddleOptions(creep_mm=-0.1),
        SaddleOptions(creep_mm=5),
    ],
)
def test_bad_options(options: SaddleOptions) -> None:
    with pytest.raises(MassagePrintError):
        plan_saddle([A5] * 4, options)


def test_no_pages_and_bad_sizes() -> None:
    with pytest.raises(MassagePrintError, match="no pages"):
        plan_saddle([])
    with pytest.raises(MassagePrintError, match="page 2"):
        plan_saddle([A5, (0.0, 10.0)])


@pytest.mark.parametrize("duplex", ["short", "long"])
def test_marks_overlay_is_placed_on_every_side(duplex: SaddleDuplex) -> None:
    options = SaddleOptions(duplex=duplex, signature=2, marks=True)
    result = plan_saddle([A5] * 24, options)
    assert len(result.marks) == len(result.plan.sheets) == 12
    for index, sheet in enumerate(result.plan.sheets):
        marks = [p for p in sheet.placements if p.source == MARKS]
        assert len(marks) == 1
        turned = duplex == "long" and sheet.side == "back"
        assert (marks[0].page, marks[0].x, marks[0].y) == (index, 0.0, 0.0)
        assert marks[0].rotation == (180 if turned else 0)
        page = result.marks[index]
        assert (page.width, page.height) == (sheet.width, sheet.height)
        assert page.labels[0].text == sheet.label
        assert bool(page.lines) == (sheet.side == "front")
    assert result.plan.sheets[3].label == "sheet 2 of 6 (signature 1 of 3), back"
    assert result.plan.sources() == (DOC, MARKS)


def test_placement_validation_and_turning() -> None:
    with pytest.raises(ValueError):
        Placement("doc", 0, 0, 0, rotation=45)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Placement("doc", 0, 0, 0, scale=0)
    with pytest.raises(ValueError):
        Placement("doc", -1, 0, 0)
    p = Placement("doc", 0, 10, 20, 90, 0.5, (0, 0, 100, 200))
    turned = turned_180(p, 200, 100, 400, 300)
    assert turned == Placement(
        "doc", 0, 400 - 10 - 50, 300 - 20 - 100, 270, 0.5, (300, 100, 100, 200)
    )
    assert turned_180(turned, 200, 100, 400, 300) == p
    assert Plan(()).sources() == ()


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(1, 300),
    signature=st.integers(0, 30),
    duplex=st.sampled_from(["short", "long"]),
    paper=st.sampled_from(["a4", "letter"]),
    creep=st.floats(0, 0.3),
)
def test_every_page_is_placed_once_inside_its_half(
    count: int, signature: int, duplex: SaddleDuplex, paper: Paper, creep: float
) -> None:
    options = SaddleOptions(paper, duplex, signature, creep)
    half_width = {"a4": 297 * MM, "letter": 11 * 72}[paper] / 2
    if (max(signature_sheets(count, signature)) - 1) * creep * MM > half_width * MAX_SHIFT_SHARE:
        with pytest.raises(MassagePrintError, match="largest creep that fits"):
            plan_saddle([A5] * count, options)
        return
    result = plan_saddle([A5] * count, options)
    placed = sorted(p.page for s in result.plan.sheets for p in s.placements)
    assert placed == list(range(count))
    assert len(result.plan.sheets) % 2 == 0
    for sheet in result.plan.sheets:
        assert len(sheet.placements) <= 2
        for p in sheet.placements:
            w, h = footprint(*A5, p.rotation, p.scale)
            x0, y0, x1, y1 = p.x, p.y, p.x + w, p.y + h
            if p.clip is not None:
                cx, cy, cw, ch = p.clip
                x0, y0, x1, y1 = max(x0, cx), max(y0, cy), min(x1, cx + cw), min(y1, cy + ch)
            assert -1e-6 <= x0 < x1 <= sheet.width + 1e-6
            assert -1e-6 <= y0 < y1 <= sheet.height + 1e-6
            mid = sheet.width / 2
            assert x1 <= mid + 1e-6 or x0 >= mid - 1e-6
