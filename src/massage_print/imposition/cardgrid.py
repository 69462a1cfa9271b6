"""Card sheets planned as pure data: a grid of cards per sheet, each back behind its front.

The deck is one PDF whose pages alternate front, back, front, back, ... (card ``i`` has its
front on page ``2i`` and its back on page ``2i + 1``). The planner puts the cards on print
sheets in a grid centred on the sheet and gives every back the slot that lies exactly behind
its front once the sheet is turned over.

Sheets are always portrait pages, as the paper goes through the printer, so "long edge" and
"short edge" mean exactly what the printer's dialog means. When cards fit better turned, the
cards are turned 90° on the sheet, never the sheet.

* ``long`` – printed two-sided, flipped on the long edge: the back of the sheet mirrors the
  columns (left ↔ right about the sheet's vertical centre line).
* ``short`` – flipped on the short edge: the back mirrors the rows (top ↔ bottom).
* ``none`` – every front sheet first, then every back sheet, laid out as for ``long``: the
  user turns the printed stack over on its long edge and feeds it again.
* ``fold`` – single-sided: fronts in one half of the sheet, each back in the other half,
  mirrored about a dashed fold line through the middle of the sheet.

A cut card is meant to be turned over like the page of a book (about its own vertical axis);
backs are turned 180° wherever the sheet's flip would otherwise show them upside down.

Every coordinate is in points, origin at the sheet's lower-left corner. Nothing here touches a
PDF: :func:`massage_print.pdf.pypdf_io.apply_plan` renders the plan and
:func:`massage_print.imposition.marks.render_marks` the marks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import MassagePrintError
from ..labels import ENGLISH, Labels
from ..vocabulary import CARD_DUPLEXES, CardDuplex
from .marks import Label, Line, MarkPage
from .plan import Placement, Plan, Rect, Rotation, Sheet, Side

Fold = Literal["vertical", "horizontal"]

CARDS = "cards"
"""Source name of the deck: front, back, front, back, ..."""
MARKS = "marks"
"""Source name of the overlay PDF with one page of marks per sheet side."""

MM = 72 / 25.4
EPSILON = 1e-6
"""Points of rounding slack when deciding whether cards fit."""

Measure = Callable[[str, float], float]
"""Width in points of a text at a font size (in the marks font)."""


@dataclass(frozen=True)
class CardSheetSpec:
    """Sizes in points. The card is given upright; the sheet portrait."""

    card_width: float
    card_height: float
    sheet_width: float
    sheet_height: float
    margin: float
    """At least this much between the sheet edge and the grid of trimmed cards."""
    gutter: float = 0.0
    """Space between the trim edges of neighbouring cards."""
    bleed: float = 0.0
    """Each card page extends this far beyond its trim on every side."""
    fold_gap: float = 0.0
    """``fold``: distance from the fold line to the nearest card's trim."""


@dataclass(frozen=True)
class MarkSpec:
    """How the marks look (points; greys 0 black to 1 white)."""

    keepout: float
    """Marks and labels stay at least this far from the sheet edge."""
    clearance: float
    crop_length: float
    crop_offset: float
    crop_width: float
    text_size: float
    line_gap: float
    check_bar: float
    check_step: float
    check_tick: float
    fold_width: float
    fold_dash: float
    cut_width: float
    cut_grey: float
    cut_lines: bool = False
    crop_marks: bool = True
    """False on pre-cut stock: the cards are already cut (or perforated)."""
    ascent: float = 0.93
    """Of the text size, above the baseline (DejaVu Sans)."""
    descent: float = 0.24
    """Of the text size, below the baseline (DejaVu Sans)."""
    labels: Labels = ENGLISH
    """The words of the margin labels."""


@dataclass(frozen=True)
class Slot:
    """Where one card's trim lands on a sheet side: ``(x, y)`` lower-left, as turned."""

    x: float
    y: float
    width: float
    height: float
    rotation: Rotation
    clip: Rect | None = None

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def moved(self, dx: float, dy: float) -> Slot:
        clip = self.clip
        if clip is not None:
            clip = (clip[0] + dx, clip[1] + dy, clip[2], clip[3])
        return Slot(self.x + dx, self.y + dy, self.width, self.height, self.rotation, clip)


@dataclass(frozen=True)
class Grid:
    """The card slots of one sheet: ``fronts[i]`` is backed by ``backs[i]``.

    For ``long``, ``short`` and ``none``, back slots are on the back side of the sheet (in
    that side's own coordinates, as the printer prints it); for ``fold`` they are on the same
    side, across the fold line.
    """

    duplex: CardDuplex
    columns: int
    rows: int
    turned: bool
    """Cards are turned 90° on the sheet."""
    fold: Fold | None
    fronts: tuple[Slot, ...]
    backs: tuple[Slot, ...]
    area: Rect
    """The front grid's trim area ``(x, y, width, height)``."""

    @property
    def per_sheet(self) -> int:
        return len(self.fronts)


@dataclass(frozen=True)
class CardPlan:
    plan: Plan
    marks: tuple[MarkPage, ...]
    """One overlay page per plan sheet, in the same order."""
    grid: Grid
    sheets: int
    """Sheets of paper."""
    cards: int
    warnings: tuple[str, ...] = ()


def _fit(room: float, size: float, gutter: float) -> int:
    if room + EPSILON < size:
        return 0
    return math.floor((room + gutter + EPSILON) / (size + gutter))


def _extent(count: int, size: float, gutter: float) -> float:
    return count * size + (count - 1) * gutter


def _mirror(slot: Slot, axis: Literal["x", "y"], width: float, height: float) -> Slot:
    """``slot`` reflected across the sheet's vertical (``x``) or horizontal (``y``) centre line.

    A reflection across a line parallel to the card's own up direction turns the card over
    like a book page, so its back stays upright. Across the card, it would show the back
    upside down when the cut card is turned like a page: that back is turned 180°.
    """
    clip = slot.clip
    if axis == "x":
        x, y = width - slot.x - slot.width, slot.y
        if clip is not None:
            clip = (width - clip[0] - clip[2], clip[1], clip[2], clip[3])
        turn = slot.rotation in (90, 270)
    else:
        x, y = slot.x, height - slot.y - slot.height
        if clip is not None:
            clip = (clip[0], height - clip[1] - clip[3], clip[2], clip[3])
        turn = slot.rotation in (0, 180)
    rotation: Rotation = slot.rotation
    if turn:
        rotation = (0, 90, 180, 270)[((slot.rotation // 90) + 2) % 4]
    return Slot(x, y, slot.width, slot.height, rotation, clip)


def _slots(
    spec: CardSheetSpec,
    area: Rect,
    columns: int,
    rows: int,
    turned: bool,
    fold_side: Literal["left", "right", "top", "bottom"] | None,
) -> tuple[Slot, ...]:
    """Slots filled row by row from the top left; clipped so no bleed covers a neighbour."""
    ax, ay, _, ah = area
    cw, ch = (spec.card_height, spec.card_width) if turned else (spec.card_width, spec.card_height)
    g, b = spec.gutter, spec.bleed
    slots: list[Slot] = []
    for row in range(rows):
        for column in range(columns):
            x = ax + column * (cw + g)
            y = ay + ah - (row + 1) * ch - row * g
            inner = min(b, g / 2)
            fold_room = min(b, spec.fold_gap)
            left = inner if column > 0 else (fold_room if fold_side == "left" else b)
            right = inner if column < columns - 1 else (fold_room if fold_side == "right" else b)
            top = inner if row > 0 else (fold_room if fold_side == "top" else b)
            bottom = inner if row < rows - 1 else (fold_room if fold_side == "bottom" else b)
            clip: Rect | None = None
            if b > 0 and min(left, right, top, bottom) < b:
                clip = (x - left, y - bottom, cw + left + right, ch + top + bottom)
            rotation: Rotation = 90 if turned else 0
            slots.append(Slot(x, y, cw, ch, rotation, clip))
    return tuple(slots)


def _size_text(spec: CardSheetSpec) -> str:
    text = f"{spec.card_width / MM:g} × {spec.card_height / MM:g} mm card"
    if spec.bleed:
        text += f" (with {spec.bleed / MM:g} mm bleed)"
    return text


def choose_grid(spec: CardSheetSpec, duplex: CardDuplex) -> Grid:
    """The grid holding most cards per sheet (upright cards win a tie)."""
    if duplex not in CARD_DUPLEXES:
        raise MassagePrintError(
            f"unknown duplex mode '{duplex}'; use one of: {', '.join(CARD_DUPLEXES)}"
        )
    W, H, m, g = spec.sheet_width, spec.sheet_height, spec.margin, spec.gutter
    best: tuple[int, int, int, bool, Fold | None] | None = None
    folds: tuple[Fold | None, ...] = ("vertical", "horizontal") if duplex == "fold" else (None,)
    for turned in (False, True):
        cw, ch = (
            (spec.card_height, spec.card_width) if turned else (spec.card_width, spec.card_height)
        )
        for fold in folds:
            room_w, room_h = W - 2 * m, H - 2 * m
            if fold == "vertical":
                room_w = W / 2 - m - spec.fold_gap
            elif fold == "horizontal":
                room_h = H / 2 - m - spec.fold_gap
            columns, rows = _fit(room_w, cw, g), _fit(room_h, ch, g)
            if columns * rows and (best is None or columns * rows > best[0]):
                best = (columns * rows, columns, rows, turned, fold)
    if best is None:
        sheet = f"{W / MM:.0f} × {H / MM:.0f} mm sheet"
        how = " with a fold in the middle" if duplex == "fold" else ""
        raise MassagePrintError(
            f"a {_size_text(spec)} does not fit on a {sheet}{how} with {m / MM:g} mm margins"
        )
    _, columns, rows, turned, fold = best
    cw, ch = (spec.card_height, spec.card_width) if turned else (spec.card_width, spec.card_height)
    gw, gh = _extent(columns, cw, g), _extent(rows, ch, g)
    if fold == "vertical":
        area = (W / 2 - spec.fold_gap - gw, (H - gh) / 2, gw, gh)
        fronts = _slots(spec, area, columns, rows, turned, "right")
    elif fold == "horizontal":
        area = ((W - gw) / 2, H / 2 + spec.fold_gap, gw, gh)
        fronts = _slots(spec, area, columns, rows, turned, "bottom")
    else:
        area = ((W - gw) / 2, (H - gh) / 2, gw, gh)
        fronts = _slots(spec, area, columns, rows, turned, None)
    axis: Literal["x", "y"] = "y" if duplex == "short" or fold == "horizontal" else "x"
    backs = tuple(_mirror(slot, axis, W, H) for slot in fronts)
    return Grid(duplex, columns, rows, turned, fold, fronts, backs, area)


@dataclass(frozen=True)
class StockSheet:
    """Pre-cut or perforated stock as its maker's template gives it (points, portrait sheet).

    ``left`` and ``top`` place the first card's top-left corner from the sheet's top-left
    corner; ``pitch_x`` and ``pitch_y`` go from one card's corner to the next. ``slot_*`` is a
    card as it lies on the sheet; ``turned`` when the deck's upright cards go in turned 90°.
    """

    sheet_width: float
    sheet_height: float
    slot_width: float
    slot_height: float
    columns: int
    rows: int
    left: float
    top: float
    pitch_x: float
    pitch_y: float
    turned: bool


def check_stock(stock: StockSheet) -> list[str]:
    """What is wrong with a stock's geometry (cards off the sheet or overlapping), if anything."""
    problems = []
    W, H = stock.sheet_width, stock.sheet_height
    right = stock.left + (stock.columns - 1) * stock.pitch_x + stock.slot_width
    bottom = stock.top + (stock.rows - 1) * stock.pitch_y + stock.slot_height
    if stock.left < -EPSILON or stock.top < -EPSILON:
        problems.append("the first card starts off the sheet")
    if right > W + EPSILON or bottom > H + EPSILON:
        problems.append(
            f"the cards reach {right / MM:.1f} mm across and {bottom / MM:.1f} mm down, "
            f"off the {W / MM:.1f} × {H / MM:.1f} mm sheet"
        )
    if (stock.columns > 1 and stock.pitch_x + EPSILON < stock.slot_width) or (
        stock.rows > 1 and stock.pitch_y + EPSILON < stock.slot_height
    ):
        problems.append("the pitch is smaller than the card: cards would overlap")
    return problems


def stock_grid(stock: StockSheet, duplex: CardDuplex) -> Grid:
    """The maker's slots as a :class:`Grid`, each back mirrored behind its front as for paper."""
    if duplex == "fold":
        raise MassagePrintError(
            "pre-cut card stock is printed on both sides: use --duplex long, short or none"
        )
    problems = check_stock(stock)
    if problems:
        raise MassagePrintError("; ".join(problems))
    W, H = stock.sheet_width, stock.sheet_height
    rotation: Rotation = 90 if stock.turned else 0
    fronts = tuple(
        Slot(
            stock.left + column * stock.pitch_x,
            H - stock.top - row * stock.pitch_y - stock.slot_height,
            stock.slot_width,
            stock.slot_height,
            rotation,
        )
        for row in range(stock.rows)
        for column in range(stock.columns)
    )
    x0 = min(f.x for f in fronts)
    y0 = min(f.y for f in fronts)
    area = (
        x0,
        y0,
        max(f.x + f.width for f in fronts) - x0,
        max(f.y + f.height for f in fronts) - y0,
    )
    axis: Literal["x", "y"] = "y" if duplex == "short" else "x"
    backs = tuple(_mirror(slot, axis, W, H) for slot in fronts)
    return Grid(duplex, stock.columns, stock.rows, stock.turned, None, fronts, backs, area)


def _placement(page: int, slot: Slot, bleed: float) -> Placement:
    return Placement(CARDS, page, slot.x - bleed, slot.y - bleed, slot.rotation, 1.0, slot.clip)


def _check_offset(grid: Grid, spec: CardSheetSpec, offset: tuple[float, float]) -> None:
    dx, dy = offset
    if not (math.isfinite(dx) and math.isfinite(dy)):
        raise MassagePrintError("the back offset must be two finite numbers of millimetres")
    if (dx or dy) and grid.duplex == "fold":
        raise MassagePrintError(
            "--back-offset is for two-sided printing; fold sheets are printed on one side"
        )
    for slot in grid.backs:
        x, y = slot.x + dx, slot.y + dy
        if (
            x < -EPSILON
            or y < -EPSILON
            or x + slot.width > spec.sheet_width + EPSILON
            or y + slot.height > spec.sheet_height + EPSILON
        ):
            raise MassagePrintError(
                f"a back offset of {dx / MM:g},{dy / MM:g} mm pushes cards off the sheet; "
                "measure it again with `massage-print calibrate`"
            )


def plan_cards(
    count: int,
    spec: CardSheetSpec,
    marks: MarkSpec,
    duplex: CardDuplex = "long",
    back_offset: tuple[float, float] = (0.0, 0.0),
    measure: Measure | None = None,
    grid: Grid | None = None,
) -> CardPlan:
    """Plan ``count`` cards (a deck of ``2 * count`` pages) on print sheets.

    ``back_offset`` (points, in the back side's own coordinates: x to the right and y up as
    the back is printed) shifts every back sheet's cards, to cancel a printer's duplex
    misregistration. ``measure`` gives text widths for the margin labels (an estimate is
    used without it). ``grid`` gives the slots (pre-cut stock, see :func:`stock_grid`)
    instead of choosing the best grid for the sheet.
    """
    if count <= 0:
        raise MassagePrintError("there are no cards to print")
    if grid is None:
        grid = choose_grid(spec, duplex)
    _check_offset(grid, spec, back_offset)
    measure = measure or _estimate
    per = grid.per_sheet
    sheets = math.ceil(count / per)
    W, H = spec.sheet_width, spec.sheet_height
    fronts: list[tuple[Placement, ...]] = []
    backs: list[tuple[Placement, ...]] = []
    for sheet in range(sheets):
        cards = range(sheet * per, min(count, (sheet + 1) * per))
        fronts.append(
            tuple(_placement(2 * c, grid.fronts[c - sheet * per], spec.bleed) for c in cards)
        )
        backs.append(
            tuple(
                _placement(2 * c + 1, grid.backs[c - sheet * per].moved(*back_offset), spec.bleed)
                for c in cards
            )
        )
    order: list[tuple[int, Side]]
    if duplex == "fold":
        order = [(s, "front") for s in range(sheets)]
    elif duplex == "none":
        order = [(s, "front") for s in range(sheets)] + [(s, "back") for s in range(sheets)]
    else:
        order = [(s, side) for s in range(sheets) for side in ("front", "back")]

    labels = [
        _sheet_label(marks.labels, s, sheets, side, duplex, s * per + 1, min(count, (s + 1) * per))
        for s, side in order
    ]
    static = _static_marks(grid, spec, marks)
    fold_labels = _fold_labels(grid, spec, marks)
    obstacles = _obstacles(grid, spec, marks, static, fold_labels, measure, back_offset)
    warnings: list[str] = []
    if back_offset != (0.0, 0.0) and any(
        min(slot.x, slot.y, W - slot.x - slot.width, H - slot.y - slot.height) < marks.keepout
        for slot in (b.moved(*back_offset) for b in grid.backs)
    ):
        warnings.append(
            f"the back offset brings cards within {marks.keepout / MM:g} mm of the sheet edge, "
            "where many printers cannot print"
        )
    size = marks.text_size
    bar_length = max(
        marks.check_bar + marks.clearance + measure(_bar_text(marks), size),
        measure(marks.labels("print_note"), size),
    )
    bar_depth = marks.check_tick + marks.line_gap + size * (marks.ascent + marks.descent)
    bar_spot = _find_spot(bar_length, bar_depth, obstacles, W, H, marks.keepout)
    if bar_spot is None:
        warnings.append(
            "the sheet margins leave no room for the check bar and sheet labels; "
            "make sheet.margin in the layout larger"
        )
    else:
        obstacles.append(bar_spot.box(marks.clearance))
    label_length = max(measure(text, size) for text in labels)
    label_depth = size * (marks.ascent + marks.descent)
    label_spot = _find_spot(label_length, label_depth, obstacles, W, H, marks.keepout)
    out_sheets: list[Sheet] = []
    pages: list[MarkPage] = []
    for index, ((s, side), label) in enumerate(zip(order, labels, strict=True)):
        if duplex == "fold":
            placements = fronts[s] + backs[s]
        else:
            placements = fronts[s] if side == "front" else backs[s]
        bar_lines: tuple[Line, ...] = ()
        texts: tuple[Label, ...] = ()
        if bar_spot is not None:
            bar_lines, texts = _check_block(bar_spot, marks)
        if label_spot is not None and bar_spot is not None:
            texts += (_text_at(label_spot, marks, label),)
        lines = (static if side == "front" else ()) + bar_lines
        texts += fold_labels if side == "front" else ()
        pages.append(MarkPage(W, H, lines, texts))
        overlay = Placement(MARKS, index, 0.0, 0.0)
        out_sheets.append(Sheet(W, H, (*placements, overlay), side, label))
    return CardPlan(Plan(tuple(out_sheets)), tuple(pages), grid, sheets, count, tuple(warnings))


# -- marks ---------------------------------------------------------------------------------


ESTIMATED_EM = 0.62
"""Average character width (of the size) assumed without a ``measure``: generous for DejaVu."""


def _estimate(text: str, size: float) -> float:
    return len(text) * size * ESTIMATED_EM


def _sheet_label(
    labels: Labels, sheet: int, sheets: int, side: Side, duplex: CardDuplex, first: int, last: int
) -> str:
    L = labels
    cards = L("card_single", n=first) if first == last else L("card_range", first=first, last=last)
    what = L("sheet_fronts_and_backs") if duplex == "fold" else L(f"sheet_{side}s")
    return L("sheet_label", n=sheet + 1, total=sheets, side=what, cards=cards)


def _static_marks(grid: Grid, spec: CardSheetSpec, marks: MarkSpec) -> tuple[Line, ...]:
    """Crop marks around the front grid (outside it only), cut lines, the fold line."""
    W, H = spec.sheet_width, spec.sheet_height
    ax, ay, aw, ah = grid.area
    g = spec.gutter
    cw, ch = grid.fronts[0].width, grid.fronts[0].height
    xs = sorted(
        {round(ax + c * (cw + g), 6) for c in range(grid.columns)}
        | {round(ax + c * (cw + g) + cw, 6) for c in range(grid.columns)}
    )
    ys = sorted(
        {round(ay + r * (ch + g), 6) for r in range(grid.rows)}
        | {round(ay + r * (ch + g) + ch, 6) for r in range(grid.rows)}
    )
    offset = max(marks.crop_offset, spec.bleed)
    lines: list[Line] = []
    skip = {"vertical": "right", "horizontal": "bottom"}.get(grid.fold or "", "")

    def mark(side: str, start: float, room: float, fixed: float) -> None:
        length = min(marks.crop_length, room - offset - marks.keepout)
        if side == skip or length <= 0:
            return
        a, b = start + offset, start + offset + length
        if side in ("bottom", "left"):
            a, b = start - offset, start - offset - length
        if side in ("bottom", "top"):
            lines.append(Line(fixed, a, fixed, b, marks.crop_width))
        else:
            lines.append(Line(a, fixed, b, fixed, marks.crop_width))

    if marks.crop_marks:
        for x in xs:
            mark("bottom", ay, ay, x)
            mark("top", ay + ah, H - ay - ah, x)
        for y in ys:
            mark("left", ax, ax, y)
            mark("right", ax + aw, W - ax - aw, y)
    if marks.cut_lines:
        for x in xs:
            lines.append(Line(x, ay, x, ay + ah, marks.cut_width, grey=marks.cut_grey))
        for y in ys:
            lines.append(Line(ax, y, ax + aw, y, marks.cut_width, grey=marks.cut_grey))
    dash = (marks.fold_dash, marks.fold_dash)
    k = marks.keepout
    if grid.fold == "vertical":
        lines.append(Line(W / 2, k, W / 2, H - k, marks.fold_width, dash))
    elif grid.fold == "horizontal":
        lines.append(Line(k, H / 2, W - k, H / 2, marks.fold_width, dash))
    return tuple(lines)


def _fold_labels(grid: Grid, spec: CardSheetSpec, marks: MarkSpec) -> tuple[Label, ...]:
    """ "fold" beside the fold line, in the margin on the backs' side (clear of crop marks)."""
    if grid.fold is None:
        return ()
    W, H = spec.sheet_width, spec.sheet_height
    ax, ay, _, ah = grid.area
    away = marks.fold_width / 2 + marks.clearance + marks.text_size * marks.ascent
    if grid.fold == "vertical":
        y = (ay + ah + H - marks.keepout) / 2
        return (Label(W / 2 + away, y, marks.labels("fold"), marks.text_size, "centre", 90.0),)
    return (
        Label(
            (ax + marks.keepout) / 2, H / 2 - away, marks.labels("fold"), marks.text_size, "centre"
        ),
    )


def _label_box(label: Label, marks: MarkSpec, measure: Measure) -> Rect:
    """The box a centred label's text covers (upright, or turned 90°)."""
    width = measure(label.text, label.size)
    up, down = label.size * marks.ascent, label.size * marks.descent
    if label.angle:
        return (label.x - up, label.y - width / 2, up + down, width)
    return (label.x - width / 2, label.y - down, width, up + down)


@dataclass(frozen=True)
class _Spot:
    """A place in the margin for a block of marks, ``length`` along and ``depth`` across."""

    x: float
    y: float
    """Lower-left corner of the block's box on the sheet."""
    vertical: bool
    """Text reads from bottom to top (the block is turned 90° anticlockwise)."""
    length: float
    depth: float

    def box(self, pad: float = 0.0) -> Rect:
        w, h = (self.depth, self.length) if self.vertical else (self.length, self.depth)
        return (self.x - pad, self.y - pad, w + 2 * pad, h + 2 * pad)

    def at(self, u: float, v: float) -> tuple[float, float]:
        """Local ``u`` (along the block), ``v`` (across it, up from its bottom) on the sheet."""
        if self.vertical:
            return (self.x + self.depth - v, self.y + u)
        return (self.x + u, self.y + v)


def _bar_text(marks: MarkSpec) -> str:
    return f"{marks.check_bar / MM:g} mm"


def _obstacles(
    grid: Grid,
    spec: CardSheetSpec,
    marks: MarkSpec,
    static: Sequence[Line],
    fold_labels: Sequence[Label],
    measure: Measure,
    offset: tuple[float, float],
) -> list[Rect]:
    """Everything margin text must keep clear of, padded by the clearance."""
    c, b = marks.clearance, spec.bleed
    ax, ay, aw, ah = grid.area
    obstacles: list[Rect] = [(ax - b - c, ay - b - c, aw + 2 * (b + c), ah + 2 * (b + c))]
    # The backs: across the fold, or on the back side moved by the back offset.
    dx, dy = offset if grid.fold is None else (0.0, 0.0)
    bx = min(slot.x for slot in grid.backs) + dx
    by = min(slot.y for slot in grid.backs) + dy
    obstacles.append((bx - b - c, by - b - c, aw + 2 * (b + c), ah + 2 * (b + c)))
    for line in static:
        pad = line.width / 2 + c
        x0, x1 = sorted((line.x0, line.x1))
        y0, y1 = sorted((line.y0, line.y1))
        obstacles.append((x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad))
    for label in fold_labels:
        lx, ly, lw, lh = _label_box(label, marks, measure)
        obstacles.append((lx - c, ly - c, lw + 2 * c, lh + 2 * c))
    return obstacles


def _find_spot(
    length: float, depth: float, obstacles: Sequence[Rect], W: float, H: float, keepout: float
) -> _Spot | None:
    """The spot for a ``length`` × ``depth`` block clear of ``obstacles``, or None.

    Along the bottom or top margin first, then turned along a side margin; nearest the
    sheet edge, then nearest the middle of that edge, wins.
    """
    k = keepout
    candidates: list[tuple[tuple[float, ...], _Spot]] = []
    for rank, vertical in enumerate((False, True)):
        bw, bh = (depth, length) if vertical else (length, depth)
        xs = {(W - bw) / 2, k, W - k - bw}
        ys = {(H - bh) / 2, k, H - k - bh}
        for ox, oy, ow, oh in obstacles:
            xs |= {ox + ow, ox - bw}
            ys |= {oy + oh, oy - bh}
        xs = {x for x in xs if k - EPSILON <= x and x + bw <= W - k + EPSILON}
        ys = {y for y in ys if k - EPSILON <= y and y + bh <= H - k + EPSILON}
        for x in xs:
            for y in ys:
                if vertical:
                    edge, along = min(x - k, W - k - x - bw), abs(y + bh / 2 - H / 2)
                else:
                    edge, along = min(y - k, H - k - y - bh), abs(x + bw / 2 - W / 2)
                score = (rank, round(edge, 3), round(along, 3), round(y, 3), round(x, 3))
                candidates.append((score, _Spot(x, y, vertical, length, depth)))
    candidates.sort(key=lambda item: item[0])
    for _, spot in candidates:
        box = spot.box()
        if not any(_overlap(box, o) for o in obstacles):
            return spot
    return None


def _overlap(a: Rect, b: Rect) -> bool:
    return (
        a[0] < b[0] + b[2] - EPSILON
        and b[0] < a[0] + a[2] - EPSILON
        and a[1] < b[1] + b[3] - EPSILON
        and b[1] < a[1] + a[3] - EPSILON
    )


def _check_block(spot: _Spot, marks: MarkSpec) -> tuple[tuple[Line, ...], tuple[Label, ...]]:
    """The check bar (ticks every ``check_bar.step``) above the line "print at 100 %"."""
    size = marks.text_size
    base = size * marks.descent
    bar_v = base + size * marks.ascent + marks.line_gap

    def line(u0: float, v0: float, u1: float, v1: float) -> Line:
        x0, y0 = spot.at(u0, v0)
        x1, y1 = spot.at(u1, v1)
        return Line(x0, y0, x1, y1, marks.crop_width)

    lines = [line(0.0, bar_v, marks.check_bar, bar_v)]
    steps = round(marks.check_bar / marks.check_step) if marks.check_step > 0 else 0
    for i in range(steps + 1):
        u = min(marks.check_bar, i * marks.check_step)
        lines.append(line(u, bar_v, u, bar_v + marks.check_tick))
    angle = 90.0 if spot.vertical else 0.0
    tx, ty = spot.at(marks.check_bar + marks.clearance, bar_v)
    ix, iy = spot.at(0.0, base)
    labels = (
        Label(tx, ty, _bar_text(marks), size, "left", angle),
        Label(ix, iy, marks.labels("print_note"), size, "left", angle),
    )
    return tuple(lines), labels


def _text_at(spot: _Spot, marks: MarkSpec, text: str) -> Label:
    x, y = spot.at(0.0, marks.text_size * marks.descent)
    return Label(x, y, text, marks.text_size, "left", 90.0 if spot.vertical else 0.0)
