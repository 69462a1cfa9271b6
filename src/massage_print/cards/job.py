"""The ``cards`` job: ``cards.pdf`` (one card face per page) and ``cards-print.pdf`` (sheets)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from ..content.markup import plain
from ..content.model import Book
from ..diagrams.pictures import Pictures
from ..errors import MassagePrintError, Problem
from ..imposition.cardgrid import (
    CARDS,
    MARKS,
    CardPlan,
    CardSheetSpec,
    MarkSpec,
    StockSheet,
    plan_cards,
    stock_grid,
)
from ..imposition.marks import render_marks
from ..labels import ENGLISH, Labels
from ..layout.loader import builtin_font_dir, layouts_of_kind, load_layout, load_layout_file
from ..layout.schema import CardsLayout, StockLayout
from ..layout.types import PageSize
from ..layout.units import mm, sheet_size, to_mm
from ..pdf.fonts import coverage_warnings, register_family, register_font
from ..pdf.pypdf_io import apply_plan
from ..pdf.writer import DocInfo, Duplex
from ..pipeline.jobs import JobResult, Output
from ..text import hyphenator
from ..vocabulary import CARD_DUPLEXES, PAPER_WORDS, PAPERS, CardDuplex, Paper, find
from .faces import build_deck
from .render import render_deck

DECK_PDF = "cards.pdf"
PRINT_PDF = "cards-print.pdf"
MARKS_FONT = "DejaVuSans.ttf"
"""The font :mod:`massage_print.imposition.marks` draws with (for measuring labels)."""

VIEWER_DUPLEX: dict[str, Duplex] = {
    "long": "long",
    "short": "short",
    "fold": "simplex",
    "none": "simplex",
}


def check_paper(paper: str) -> Paper:
    """``paper`` as one of :data:`~massage_print.vocabulary.PAPERS` (any case)."""
    found = find(PAPERS, paper)
    if found is None:
        raise MassagePrintError(f"unknown paper '{paper}'; use one of: " + ", ".join(PAPERS))
    return found


def check_duplex(duplex: str) -> CardDuplex:
    for mode in CARD_DUPLEXES:
        if mode == duplex:
            return mode
    raise MassagePrintError(
        f"unknown duplex mode '{duplex}'; use one of: {', '.join(CARD_DUPLEXES)}"
    )


def check_offset(offset_mm: tuple[float, float]) -> tuple[float, float]:
    try:
        dx, dy = (float(v) for v in offset_mm)
    except (TypeError, ValueError):
        raise MassagePrintError("the back offset must be two numbers of millimetres") from None
    if not (math.isfinite(dx) and math.isfinite(dy)):
        raise MassagePrintError("the back offset must be two finite numbers of millimetres")
    return dx, dy


def marks_measure() -> Callable[[str, float], float]:
    """Text widths in the marks' font."""
    name = register_font(str(builtin_font_dir() / MARKS_FONT))

    def measure(text: str, size: float) -> float:
        return float(pdfmetrics.stringWidth(text, name, size))

    return measure


def mark_spec(
    layout: CardsLayout, cut_lines: bool, labels: Labels = ENGLISH, crop_marks: bool = True
) -> MarkSpec:
    return MarkSpec(
        labels=labels,
        keepout=layout.sheet.keepout,
        clearance=layout.sheet.clearance,
        crop_length=layout.marks.crop_length,
        crop_offset=layout.marks.crop_offset,
        crop_width=layout.marks.crop_width,
        text_size=layout.marks.text_size,
        line_gap=layout.marks.line_gap,
        check_bar=layout.check_bar.length,
        check_step=layout.check_bar.step,
        check_tick=layout.check_bar.tick,
        fold_width=layout.marks.fold_width,
        fold_dash=layout.marks.fold_dash,
        cut_width=layout.marks.cut_width,
        cut_grey=layout.marks.cut_grey,
        cut_lines=cut_lines,
        crop_marks=crop_marks,
    )


def stock_layouts(layout_dir: Path | None = None) -> dict[str, StockLayout]:
    """Every card stock by name (``cards --stock list``): built in, and in ``./layouts``."""
    return {
        name: load_layout_file(path, StockLayout)
        for name, path in layouts_of_kind("stock", layout_dir).items()
    }


def load_stock(name: str, layout_dir: Path | None = None) -> StockLayout:
    known = layouts_of_kind("stock", layout_dir)
    if name not in known and not name.endswith((".yaml", ".yml")):
        listing = ", ".join(known) or "none"
        raise MassagePrintError(f"unknown card stock '{name}'; stocks: {listing} (--stock list)")
    return load_layout(name, StockLayout, layout_dir)


def stock_sheet(stock: StockLayout) -> StockSheet:
    """The stock's geometry for the planner; upright cards of ``design`` turned into slots."""
    slot_w, slot_h = stock.card
    landscape_slot = slot_w > slot_h
    turned = slot_w != slot_h and (stock.design == "portrait") == landscape_slot
    slots = stock.slots
    return StockSheet(
        sheet_width=stock.sheet[0],
        sheet_height=stock.sheet[1],
        slot_width=slot_w,
        slot_height=slot_h,
        columns=slots.columns,
        rows=slots.rows,
        left=slots.left,
        top=slots.top,
        pitch_x=slots.pitch_across,
        pitch_y=slots.pitch_down,
        turned=turned,
    )


def stock_card(stock: StockSheet) -> tuple[float, float]:
    """The upright card the deck is drawn at: the slot, turned back if the design is turned."""
    if stock.turned:
        return (stock.slot_height, stock.slot_width)
    return (stock.slot_width, stock.slot_height)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def print_advice(
    planned: CardPlan,
    duplex: CardDuplex,
    bar_mm: float,
    labels: Labels,
    stock: str | None = None,
) -> str:
    """How to print and cut ``cards-print.pdf``, in one paragraph in the book's language."""
    sheets = planned.sheets
    size = labels("cards_print_size", mm=f"{bar_mm:g}")
    fronts = f"1–{sheets}" if sheets > 1 else "1"
    backs = f"{sheets + 1}–{2 * sheets}" if sheets > 1 else f"{sheets + 1}"
    edge = labels("edge_short" if duplex == "short" else "edge_long")
    if stock is not None:
        if duplex in ("long", "short"):
            return labels(
                "cards_print_stock_duplex", stock=stock, file=PRINT_PDF, edge=edge, size=size
            )
        return labels.count(
            "cards_print_stock_by_hand",
            sheets,
            stock=stock,
            file=PRINT_PDF,
            fronts=fronts,
            backs=backs,
            size=size,
        )
    if duplex in ("long", "short"):
        return labels("cards_print_duplex", file=PRINT_PDF, edge=edge, size=size)
    if duplex == "fold":
        return labels("cards_print_fold", file=PRINT_PDF, size=size)
    return labels.count(
        "cards_print_by_hand", sheets, file=PRINT_PDF, fronts=fronts, backs=backs, size=size
    )


def plan_sheets(
    count: int,
    layout: CardsLayout,
    paper: str,
    duplex: CardDuplex,
    back_offset_mm: tuple[float, float] = (0.0, 0.0),
    bleed: float = 0.0,
    cut_lines: bool = False,
    labels: Labels = ENGLISH,
    stock: StockSheet | None = None,
) -> CardPlan:
    """Plan ``count`` cards of ``layout`` (``bleed`` in points) on ``paper`` sheets, or in the
    slots of pre-cut ``stock`` (its sheet, no crop marks)."""
    card_w, card_h = layout.card
    dx, dy = back_offset_mm
    if stock is not None:
        spec = CardSheetSpec(card_w, card_h, stock.sheet_width, stock.sheet_height, 0.0)
        return plan_cards(
            count,
            spec,
            mark_spec(layout, False, labels, crop_marks=False),
            duplex,
            (mm(dx), mm(dy)),
            marks_measure(),
            stock_grid(stock, duplex),
        )
    sheet_w, sheet_h = sheet_size(check_paper(paper), False)
    spec = CardSheetSpec(
        card_width=card_w,
        card_height=card_h,
        sheet_width=sheet_w,
        sheet_height=sheet_h,
        margin=layout.sheet.margin,
        gutter=layout.sheet.gutter,
        bleed=bleed,
        fold_gap=layout.sheet.fold_gap,
    )
    return plan_cards(
        count, spec, mark_spec(layout, cut_lines, labels), duplex, (mm(dx), mm(dy)), marks_measure()
    )


def impose_deck(deck_pdf: bytes, planned: CardPlan, layout: CardsLayout, info: DocInfo) -> bytes:
    """``cards-print.pdf``: the deck's pages placed by ``planned``, with the marks overlay."""
    marks_pdf = render_marks(planned.marks, DocInfo(title="marks"), grey=layout.marks.grey)
    return apply_plan(
        planned.plan,
        {CARDS: deck_pdf, MARKS: marks_pdf},
        info,
        duplex=VIEWER_DUPLEX[planned.grid.duplex],
        ours=True,
    )


def build_cards(
    book: Book,
    *,
    layout: str | None = None,
    paper: str = "a4",
    deck: str = "all",
    routine: str | None = None,
    duplex: str = "long",
    back_offset_mm: tuple[float, float] = (0.0, 0.0),
    bleed_mm: float = 0.0,
    cut_lines: bool = False,
    layout_dir: Path | None = None,
    stock: str | None = None,
) -> JobResult:
    """Make ``cards.pdf`` (front, back, front, back, ...) and ``cards-print.pdf`` (sheets).

    ``layout`` defaults to ``cards``. With ``stock`` (a card stock layout such as
    ``avery-5371``) the sheets are the stock's: the deck is drawn at its card size with its
    card layout (or ``layout`` if given), put in its slots, without crop marks; ``paper`` is
    not used.

    Every option is checked, and the sheets planned, before anything is drawn; any problem
    raises :class:`MassagePrintError` and nothing is returned.
    """
    paper_title = PAPER_WORDS[check_paper(paper)]
    mode = check_duplex(duplex)
    dx, dy = check_offset(back_offset_mm)
    stock_layout = load_stock(stock, layout_dir) if stock is not None else None
    sheet = stock_sheet(stock_layout) if stock_layout is not None else None
    if stock_layout is not None and sheet is not None:
        lay = load_layout(layout or stock_layout.cards, CardsLayout, layout_dir)
        lay = dataclasses.replace(lay, card=PageSize(stock_card(sheet)))
        paper_title = stock_layout.title
    else:
        lay = load_layout(layout or "cards", CardsLayout, layout_dir)
    try:
        bleed_value = float(bleed_mm)
    except (TypeError, ValueError):
        raise MassagePrintError("the bleed must be a number of millimetres") from None
    bleed = mm(bleed_value)
    if sheet is not None and bleed_value:
        raise MassagePrintError("--bleed is for cutting: pre-cut card stock takes no bleed")
    if sheet is not None and cut_lines:
        raise MassagePrintError("--cut-lines is for cutting: pre-cut card stock needs none")
    if not (math.isfinite(bleed) and 0 <= bleed <= lay.max_bleed + 1e-9):
        raise MassagePrintError(
            f"bleed must be 0 to {to_mm(lay.max_bleed):g} mm, not {bleed_value:g} mm"
        )
    cards = build_deck(book, deck, routine)
    card_w, card_h = lay.card
    planned = plan_sheets(
        len(cards), lay, paper, mode, (dx, dy), bleed, cut_lines, book.labels, sheet
    )

    family = register_family(lay.fonts)
    title = plain(book.title)
    author = plain(book.author or "")
    deck_info = DocInfo(
        title=book.labels("doc_cards", title=title),
        author=author,
        subject=book.labels("doc_cards_subject"),
        keywords=("massage", "cards"),
        language=book.language,
    )
    pictures = Pictures()
    broken: list[Problem] = []
    deck_pdf = render_deck(
        cards,
        lay,
        family,
        bleed,
        deck_info,
        book,
        pictures,
        hyphenator(book.language, lay.text.hyphenate),
        broken,
    )
    print_info = DocInfo(
        title=book.labels("doc_cards_print", title=title),
        author=author,
        subject=book.labels.count(
            "doc_cards_print_subject", len(cards), paper=paper_title, mode=mode
        ),
        keywords=("massage", "cards", "print"),
        language=book.language,
    )
    printed = impose_deck(deck_pdf, planned, lay, print_info)
    grid = planned.grid
    size = f"{to_mm(card_w):g} × {to_mm(card_h):g} mm"
    sides = {"fold": "one-sided", "none": "all fronts, then all backs"}.get(mode, "two-sided")
    messages = [
        f"{DECK_PDF}: {_plural(len(cards), 'card')} of {size} ({2 * len(cards)} pages)",
        f"{PRINT_PDF}: {_plural(planned.sheets, 'sheet')} of {paper_title} ({sides}, "
        f"{len(planned.plan.sheets)} pages), {grid.per_sheet} cards per sheet"
        + (" (turned to fit)" if grid.turned and sheet is None else ""),
    ]
    if dx or dy:
        messages.append(f"backs shifted by {dx:g} mm across and {dy:g} mm up (--back-offset)")
    messages.append(
        print_advice(
            planned,
            mode,
            to_mm(lay.check_bar.length),
            book.labels,
            stock_layout.title if stock_layout is not None else None,
        )
    )
    warnings: list[Problem] = [*coverage_warnings(book, lay.fonts), *pictures.warnings]
    warnings += [Problem(None, f"warning: {PRINT_PDF}: {w}") for w in planned.warnings]
    warnings += broken
    return JobResult(
        outputs=(
            Output(DECK_PDF, deck_pdf, 2 * len(cards)),
            Output(PRINT_PDF, printed, len(planned.plan.sheets)),
        ),
        messages=tuple(messages),
        warnings=tuple(warnings),
    )


__all__ = ["DECK_PDF", "PRINT_PDF", "build_cards"]
