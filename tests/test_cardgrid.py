"""The card-grid planner as pure data: counts, mirrors, offsets, marks, errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_print.errors import MassagePrintError
from massage_print.imposition.cardgrid import (
    CARDS,
    MARKS,
    CardSheetSpec,
    MarkSpec,
    choose_grid,
    plan_cards,
)
from massage_print.imposition.plan import footprint
from massage_print.layout.units import sheet_size
from massage_print.vocabulary import CARD_DUPLEXES as DUPLEX_MODES

MM = 72 / 25.4
TOL = 0.01 * MM
A4 = sheet_size("a4", False)
LETTER = sheet_size("letter", False)
MARK = MarkSpec(
    keepout=3 * MM,
    clearance=1 * MM,
    crop_length=3 * MM,
    crop_offset=1 * MM,
    crop_width=0.25,
    text_size=6.0,
    line_gap=0.8 * MM,
    check_bar=50 * MM,
    check_step=10 * MM,
    check_tick=1.2 * MM,
    fold_width=0.4,
    fold_dash=2 * MM,
    cut_width=0.25,
    cut_grey=0.6,
)


def spec(
    card: tuple[float, float] = (63, 88),
    sheet: tuple[float, float] = A4,
    margin: float = 5,
    gutter: float = 0,
    bleed: float = 0,
    fold_gap: float = 2,
) -> CardSheetSpec:
    return CardSheetSpec(
        card[0] * MM,
        card[1] * MM,
        sheet[0],
        sheet[1],
        margin * MM,
        gutter * MM,
        bleed * MM,
        fold_gap * MM,
    )


def centre(rect: tuple[float, float, float, float]) -> tuple[float, float]:
    x, y, w, h = rect
    return (x + w / 2, y + h / 2)


def card_centre(p, s: CardSheetSpec) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The centre of the placed card (its page, bleed included, is centred on the trim)."""
    w, h = footprint(s.card_width + 2 * s.bleed, s.card_height + 2 * s.bleed, p.rotation, p.scale)
    return (p.x + w / 2, p.y + h / 2)


def placed_rect(p, s: CardSheetSpec) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """What a placement can paint: its page (bleed included) within its clip.

    The clip must cover the whole card (its trim): a clip beside the card would leave a
    rectangle of negative size here, that every "is this mark outside?" test passes trivially.
    """
    w, h = footprint(s.card_width + 2 * s.bleed, s.card_height + 2 * s.bleed, p.rotation, p.scale)
    if p.clip is None:
        return (p.x, p.y, w, h)
    cx, cy, cw, ch = p.clip
    x0, y0 = max(p.x, cx), max(p.y, cy)
    x1, y1 = min(p.x + w, cx + cw), min(p.y + h, cy + ch)
    assert x1 > x0 and y1 > y0, f"clip {p.clip} misses the card placed at {(p.x, p.y, w, h)}"
    tx0, ty0 = p.x + s.bleed, p.y + s.bleed
    tx1, ty1 = p.x + w - s.bleed, p.y + h - s.bleed
    slack = 1e-6
    assert x0 <= tx0 + slack and y0 <= ty0 + slack and x1 >= tx1 - slack and y1 >= ty1 - slack, (
        f"clip {p.clip} cuts into the card's trim {(tx0, ty0, tx1, ty1)}"
    )
    return (x0, y0, x1 - x0, y1 - y0)


# -- how many cards fit ---------------------------------------------------------------------


@pytest.mark.parametrize("sheet", [A4, LETTER], ids=["a4", "letter"])
@pytest.mark.parametrize("duplex", ["long", "short", "none"])
def test_nine_poker_cards_per_sheet_upright(sheet: tuple[float, float], duplex: str) -> None:
    grid = choose_grid(spec(sheet=sheet), duplex)  # type: ignore[arg-type]
    assert (grid.columns, grid.rows, grid.turned) == (3, 3, False)
    x, y, w, h = grid.area
    assert math.isclose(x + w / 2, sheet[0] / 2) and math.isclose(y + h / 2, sheet[1] / 2)
    assert x >= 5 * MM and y >= 5 * MM


@pytest.mark.parametrize(
    ("card", "sheet", "per_sheet"),
    [((74, 105), A4, 4), ((74, 105), LETTER, 4), ((76.2, 127), A4, 4), ((76.2, 127), LETTER, 4)],
)
def test_other_card_sizes(
    card: tuple[float, float], sheet: tuple[float, float], per_sheet: int
) -> None:
    assert choose_grid(spec(card=card, sheet=sheet), "long").per_sheet == per_sheet


def test_cards_turn_when_that_fits_more() -> None:
    # 60 × 100 mm on A4 (200 × 287 mm inside the margins): upright 3 × 2 = 6, turned 2 × 4 = 8.
    turned = choose_grid(spec(card=(60, 100)), "long")
    assert turned.turned and (turned.columns, turned.rows) == (2, 4)
    assert all(s.rotation == 90 for s in turned.fronts)
    assert all(math.isclose(s.width, 100 * MM) for s in turned.fronts)
    upright = choose_grid(spec(card=(100, 60)), "long")
    assert not upright.turned and upright.per_sheet == 8


def test_fold_puts_fronts_in_one_half() -> None:
    s = spec()
    grid = choose_grid(s, "fold")
    assert grid.per_sheet == 4 and grid.fold == "vertical"
    for front, back in zip(grid.fronts, grid.backs, strict=True):
        assert front.x + front.width <= s.sheet_width / 2 - s.fold_gap + 1e-6
        assert back.x >= s.sheet_width / 2 + s.fold_gap - 1e-6
        fx, fy = front.centre
        bx, by = back.centre
        assert abs(fx + bx - s.sheet_width) < TOL and abs(fy - by) < TOL


def test_card_larger_than_sheet_is_an_error() -> None:
    with pytest.raises(
        MassagePrintError, match=r"300 × 400 mm card does not fit on a 210 × 297 mm sheet"
    ):
        choose_grid(spec(card=(300, 400)), "long")


def test_unknown_duplex_is_an_error() -> None:
    with pytest.raises(MassagePrintError, match="unknown duplex mode 'sideways'"):
        choose_grid(spec(), "sideways")  # type: ignore[arg-type]


# -- backs behind fronts ----------------------------------------------------------------------


@pytest.mark.parametrize("duplex", ["long", "short", "none"])
@pytest.mark.parametrize("count", [1, 9, 10, 20])
def test_every_back_is_behind_its_front(duplex: str, count: int) -> None:
    s = spec()
    planned = plan_cards(count, s, MARK, duplex)  # type: ignore[arg-type]
    sheets = planned.plan.sheets
    fronts = [sh for sh in sheets if sh.side == "front"]
    backs = [sh for sh in sheets if sh.side == "back"]
    assert len(fronts) == len(backs) == math.ceil(count / 9) == planned.sheets
    if duplex == "none":
        assert [sh.side for sh in sheets] == ["front"] * len(fronts) + ["back"] * len(backs)
    else:
        assert [sh.side for sh in sheets] == ["front", "back"] * len(fronts)
    seen = 0
    for front, back in zip(fronts, backs, strict=True):
        f = {p.page // 2: p for p in front.placements if p.source == CARDS}
        b = {p.page // 2: p for p in back.placements if p.source == CARDS}
        assert set(f) == set(b)
        assert all(p.page % 2 == 0 for p in f.values()) and all(p.page % 2 for p in b.values())
        for card, fp in f.items():
            fx, fy = card_centre(fp, s)
            bx, by = card_centre(b[card], s)
            if duplex == "short":
                assert abs(bx - fx) < TOL and abs(by - (s.sheet_height - fy)) < TOL
                assert b[card].rotation == 180
            else:
                assert abs(bx - (s.sheet_width - fx)) < TOL and abs(by - fy) < TOL
                assert b[card].rotation == 0
        seen += len(f)
    assert seen == count


@pytest.mark.parametrize("duplex", ["long", "short", "none"])
def test_back_offset_shifts_backs_only(duplex: str) -> None:
    s = spec()
    plain = plan_cards(11, s, MARK, duplex)  # type: ignore[arg-type]
    shifted = plan_cards(11, s, MARK, duplex, (1.5 * MM, -0.7 * MM))  # type: ignore[arg-type]
    for a, b in zip(plain.plan.sheets, shifted.plan.sheets, strict=True):
        for pa, pb in zip(a.placements, b.placements, strict=True):
            if pa.source == MARKS or a.side == "front":
                assert (pa.x, pa.y) == (pb.x, pb.y)
            else:
                assert abs(pb.x - pa.x - 1.5 * MM) < 1e-9 and abs(pb.y - pa.y + 0.7 * MM) < 1e-9


def test_offset_off_the_sheet_is_an_error() -> None:
    with pytest.raises(MassagePrintError, match="pushes cards off the sheet"):
        plan_cards(9, spec(), MARK, "long", (11 * MM, 0.0))
    with pytest.raises(MassagePrintError, match="pushes cards off the sheet"):
        plan_cards(9, spec(), MARK, "short", (0.0, -17 * MM))


def test_large_offset_warns_near_the_edge() -> None:
    planned = plan_cards(9, spec(), MARK, "long", (9 * MM, 0.0))
    assert any("within 3 mm of the sheet edge" in w for w in planned.warnings)
    assert not plan_cards(9, spec(), MARK, "long", (1 * MM, 0.0)).warnings


def test_offset_with_fold_is_an_error() -> None:
    with pytest.raises(MassagePrintError, match="one side"):
        plan_cards(3, spec(), MARK, "fold", (1 * MM, 0.0))


def test_no_cards_is_an_error() -> None:
    with pytest.raises(MassagePrintError, match="no cards"):
        plan_cards(0, spec(), MARK)


def test_turned_cards_backs_turn_over_like_a_page() -> None:
    s = spec(card=(60, 100))
    long = choose_grid(s, "long")
    short = choose_grid(s, "short")
    assert {f.rotation for f in long.fronts} == {90}
    assert {b.rotation for b in long.backs} == {270}
    assert {b.rotation for b in short.backs} == {90}


# -- marks ------------------------------------------------------------------------------------


def _outside(line, area: tuple[float, float, float, float]) -> bool:  # type: ignore[no-untyped-def]
    x, y, w, h = area
    x0, x1 = sorted((line.x0, line.x1))
    y0, y1 = sorted((line.y0, line.y1))
    return x1 <= x + 1e-6 or x0 >= x + w - 1e-6 or y1 <= y + 1e-6 or y0 >= y + h - 1e-6


@pytest.mark.parametrize("duplex", DUPLEX_MODES)
def test_marks_stay_outside_the_grid_and_off_backs(duplex: str) -> None:
    s = spec(bleed=2)
    planned = plan_cards(11, s, MARK, duplex)  # type: ignore[arg-type]
    grid = planned.grid
    for sheet, page in zip(planned.plan.sheets, planned.marks, strict=True):
        assert (page.width, page.height) == (sheet.width, sheet.height)
        overlay = sheet.placements[-1]
        assert overlay.source == MARKS and (overlay.x, overlay.y) == (0, 0)
        cards = [p for p in sheet.placements if p.source == CARDS]
        for line in page.lines:
            # No mark touches any card (with its bleed) on this side.
            for p in cards:
                assert _outside(line, placed_rect(p, s)), (line, p)
        crops = [ln for ln in page.lines if ln.width == MARK.crop_width and not ln.dash]
        if sheet.side == "back":
            # Only the check bar: one 50 mm line and its ticks.
            assert max(math.dist((ln.x0, ln.y0), (ln.x1, ln.y1)) for ln in crops) == pytest.approx(
                50 * MM
            )
            assert len(crops) == 7
        else:
            assert len(crops) > 7
            for line in crops:
                assert _outside(line, grid.area)


def test_cut_lines_and_fold_line() -> None:
    s = spec()
    cut = plan_cards(9, s, MarkSpec(**{**MARK.__dict__, "cut_lines": True}), "long")
    greys = [ln for ln in cut.marks[0].lines if ln.grey == MARK.cut_grey]
    assert len(greys) == 8  # 4 column lines and 4 row lines across the grid
    assert not [ln for ln in cut.marks[1].lines if ln.grey is not None]
    fold = plan_cards(4, s, MARK, "fold")
    dashed = [ln for ln in fold.marks[0].lines if ln.dash]
    assert len(dashed) == 1 and dashed[0].x0 == dashed[0].x1 == s.sheet_width / 2
    assert any(label.text == "fold" for label in fold.marks[0].labels)


def test_every_sheet_has_a_check_bar_and_label() -> None:
    planned = plan_cards(20, spec(sheet=LETTER), MARK, "long")
    for sheet, page in zip(planned.plan.sheets, planned.marks, strict=True):
        texts = [label.text for label in page.labels]
        assert "50 mm" in texts
        assert any("print at 100 %" in t for t in texts)
        assert sheet.label in texts


# -- properties over many sizes ---------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=120, deadline=None)
@given(
    card=st.tuples(st.floats(25, 160), st.floats(25, 160)),
    paper=st.sampled_from([A4, LETTER]),
    margin=st.floats(3, 15),
    gutter=st.sampled_from([0.0, 2.0, 5.0]),
    bleed=st.sampled_from([0.0, 1.0, 3.0]),
    duplex=st.sampled_from(DUPLEX_MODES),
    count=st.integers(1, 30),
    offset=st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
)
def test_planner_properties(
    card: tuple[float, float],
    paper: tuple[float, float],
    margin: float,
    gutter: float,
    bleed: float,
    duplex: str,
    count: int,
    offset: tuple[float, float],
) -> None:
    s = spec(card=card, sheet=paper, margin=margin, gutter=gutter, bleed=bleed)
    dx, dy = (0.0, 0.0) if duplex == "fold" else (offset[0] * MM, offset[1] * MM)
    try:
        planned = plan_cards(count, s, MARK, duplex, (dx, dy))  # type: ignore[arg-type]
    except MassagePrintError as exc:
        assert "does not fit" in str(exc) or "off the sheet" in str(exc)
        return
    W, H = s.sheet_width, s.sheet_height
    grid = planned.grid
    for slot in grid.fronts:
        assert slot.x >= margin * MM - 1e-6 and slot.x + slot.width <= W - margin * MM + 1e-6
        assert slot.y >= margin * MM - 1e-6 and slot.y + slot.height <= H - margin * MM + 1e-6
    for a in range(len(grid.fronts)):
        for b in range(a):
            fa, fb = grid.fronts[a], grid.fronts[b]
            assert (
                fa.x + fa.width <= fb.x + 1e-6
                or fb.x + fb.width <= fa.x + 1e-6
                or fa.y + fa.height <= fb.y + 1e-6
                or fb.y + fb.height <= fa.y + 1e-6
            )
    pairs: dict[int, dict[str, tuple[float, float]]] = {}
    for sheet in planned.plan.sheets:
        for p in sheet.placements:
            if p.source == CARDS:
                side = "front" if p.page % 2 == 0 else "back"
                pairs.setdefault(p.page // 2, {})[side] = card_centre(p, s)
    assert sorted(pairs) == list(range(count))
    for both in pairs.values():
        (fx, fy), (bx, by) = both["front"], both["back"]
        if duplex == "short" or grid.fold == "horizontal":
            expected = (fx + dx, H - fy + dy)
        else:
            expected = (W - fx + dx, fy + dy)
        assert abs(bx - expected[0]) < TOL and abs(by - expected[1]) < TOL
    for sheet, page in zip(planned.plan.sheets, planned.marks, strict=True):
        for line in page.lines:
            for p in sheet.placements:
                if p.source == CARDS:
                    assert _outside(line, placed_rect(p, s))


@pytest.mark.parametrize("duplex", DUPLEX_MODES)
@pytest.mark.parametrize(
    ("card", "gutter"), [((63, 88), 0.0), ((63, 88), 3.0), ((60, 100), 0.0)], ids=str
)
def test_back_clips_cover_their_cards_and_mirror_the_fronts(
    duplex: str, card: tuple[float, float], gutter: float
) -> None:
    """With bleed, every clip (fronts and backs) holds its card's trim and a bit of bleed."""
    s = spec(card=card, gutter=gutter, bleed=2)
    planned = plan_cards(9, s, MARK, duplex)  # type: ignore[arg-type]
    W, H = s.sheet_width, s.sheet_height
    clips: dict[int, dict[str, tuple[float, float, float, float]]] = {}
    for sheet in planned.plan.sheets:
        for p in sheet.placements:
            if p.source != CARDS:
                continue
            x, y, w, h = placed_rect(p, s)  # asserts the clip holds the trim
            assert w > 0 and h > 0
            side = "front" if p.page % 2 == 0 else "back"
            clips.setdefault(p.page // 2, {})[side] = (x, y, w, h)
    assert len(clips) == 9
    mirror_y = duplex == "short" or planned.grid.fold == "horizontal"
    for both in clips.values():
        (fx, fy, fw, fh), (bx, by, bw, bh) = both["front"], both["back"]
        assert abs(fw - bw) < 1e-6 and abs(fh - bh) < 1e-6
        if mirror_y:
            assert abs(bx - fx) < 1e-6 and abs(by - (H - fy - fh)) < 1e-6
        else:
            assert abs(bx - (W - fx - fw)) < 1e-6 and abs(by - fy) < 1e-6
