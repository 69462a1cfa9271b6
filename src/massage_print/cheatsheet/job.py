"""The cheat-sheet job: one fitted one-page PDF per routine (``cheatsheet-<id>.pdf``)."""

from __future__ import annotations

from pathlib import Path

from ..content.markup import plain
from ..content.model import Book, Routine
from ..diagrams import legend_labels
from ..diagrams.pictures import Pictures
from ..errors import MassagePrintError, Problem
from ..layout.loader import load_layout
from ..layout.schema import MIN_ROOM, CheatsheetLayout
from ..layout.units import sheet_size, to_mm
from ..pdf.fonts import missing_characters, register_family
from ..pdf.writer import DocInfo
from ..pipeline.jobs import JobResult, Output
from ..text import MIN_TYPE, broken_warnings
from ..vocabulary import ORIENTATION_WORDS, ORIENTATIONS, PAPER_WORDS, PAPERS, find
from .measure import ReportLabMetrics
from .plan import Footers, Page, fit_sheet
from .render import render_sheet

"""No cheat sheet sets type below 6 pt, whatever a layout asks for."""


def output_name(routine_id: str) -> str:
    return f"cheatsheet-{routine_id}.pdf"


def build_cheatsheets(
    book: Book,
    *,
    routine: str | None = None,
    paper: str = "a4",
    orientation: str = "portrait",
    layout: str = "cheatsheet",
) -> JobResult:
    """One-page cheat sheets: of ``routine``, or of every routine in the book's order.

    Each sheet is set at the largest type size (from the layout's ``text.body_size`` down to
    its ``text.min_body_size``) at which the whole routine fits on one page; a routine that does not
    fit even at the minimum raises MassagePrintError naming it.
    """
    routines = _select(book, routine)
    turn = next((o for o in ORIENTATIONS if o == orientation), None)
    if turn is None:
        raise MassagePrintError(
            f"unknown orientation '{orientation}'; use one of: {', '.join(ORIENTATIONS)}"
        )
    sheet = find(PAPERS, paper)
    if sheet is None:
        raise MassagePrintError(f"unknown paper '{paper}'; use one of: " + ", ".join(PAPERS))
    width, height = sheet_size(sheet, turn == "landscape")
    style = load_layout(layout, CheatsheetLayout)
    check_layout(style)
    family = register_family(style.fonts)
    legend = legend_labels(book.labels)
    metrics = ReportLabMetrics(
        family.regular, family.bold, family.italic, family.bold_italic, style.diagram, legend
    )
    columns = style.columns.landscape if turn == "landscape" else style.columns.portrait
    page = Page(width, height, columns, turn)
    paper_name = PAPER_WORDS[sheet]
    _check_room(style, page, paper_name)
    outputs: list[Output] = []
    messages: list[str] = []
    failures: list[Problem] = []
    warnings = _glyph_warnings(style)
    footers = Footers()
    for item in routines:
        pictures = Pictures()
        try:
            plan = fit_sheet(book, item, style, page, metrics, paper_name, footers)
        except MassagePrintError as exc:
            if routine is not None:  # the one sheet asked for
                raise
            name = output_name(item.id)
            failures.extend(
                Problem(p.location, f"{name} not written: {p.message}") for p in exc.problems
            )
            continue
        warnings += broken_warnings(output_name(item.id), plan.broken)
        info = DocInfo(
            title=book.labels("doc_cheatsheet", title=plain(item.title)),
            author=plain(book.author or ""),
            subject=plain(book.title),
            keywords=("massage", "cheat sheet", item.id),
            language=book.language,
        )
        name = output_name(item.id)
        outputs.append(
            Output(name, render_sheet(plan, style, family, info, book, pictures, legend), 1)
        )
        warnings += pictures.warnings
        messages.append(
            f"{name}: 1 page, {plan.sizes.body:g} pt type, "
            f"{to_mm(plan.sizes.thumb):.0f} mm thumbnails "
            f"({paper_name} {ORIENTATION_WORDS[page.orientation]}, {columns} columns)"
        )
    unique = tuple(dict.fromkeys(warnings))
    return JobResult(tuple(outputs), tuple(messages), unique, tuple(failures))


def _select(book: Book, routine: str | None) -> tuple[Routine, ...]:
    if routine is None:
        if not book.routines:
            raise MassagePrintError("the book has no routines to make cheat sheets of")
        return book.routines
    try:
        return (book.routine(routine),)
    except KeyError:
        known = ", ".join(r.id for r in book.routines) or "none"
        raise MassagePrintError(f"unknown routine '{routine}'; known routines: {known}") from None


def check_layout(layout: CheatsheetLayout) -> None:
    """Refuse layout values the fitting cannot honour (every problem at once)."""
    problems: list[str] = []
    text = layout.text
    if text.min_body_size < MIN_TYPE:
        problems.append(
            f"text.min_body_size is {text.min_body_size:g}pt; it must be at least {MIN_TYPE:g}pt"
        )
    if text.body_size < text.min_body_size:
        problems.append("text.body_size must not be smaller than text.min_body_size")
    if text.size_step <= 0:
        problems.append("text.size_step must be more than 0pt")
    scales = {
        "title_scale": text.title_scale,
        "heading_scale": text.heading_scale,
        "step_title_scale": text.step_title_scale,
        "number_scale": text.number_scale,
    }
    for name, scale in scales.items():
        if scale < 1:
            problems.append(f"text.{name} must be at least 1 (no type smaller than the body size)")
    if text.leading <= 0:
        problems.append("text.leading must be more than 0")
    if not 0 < layout.thumbs.min_height <= layout.thumbs.height:
        problems.append("thumbs.min_height must be more than 0 and at most thumbs.height")
    if not all(0 < share < 1 for share in layout.legend_shares):
        problems.append("every legend_shares value must be between 0 and 1")
    if layout.margin < 0 or layout.columns.gap < 0:
        problems.append("margin and columns.gap must not be negative")
    if problems:
        raise MassagePrintError([Problem(None, f"cheatsheet layout: {p}") for p in problems])


def _check_room(layout: CheatsheetLayout, page: Page, paper: str) -> None:
    """Refuse a margin or column gap that leaves no room, before any routine is blamed."""
    column = (page.width - 2 * layout.margin - layout.columns.gap * (page.columns - 1)) / (
        page.columns
    )
    tall = page.height - 2 * layout.margin
    if column >= MIN_ROOM and tall >= MIN_ROOM:
        return
    sheet = (
        f"{paper} {page.orientation} sheet ({to_mm(page.width):.0f} × {to_mm(page.height):.0f} mm)"
    )
    if tall < MIN_ROOM:
        what = f"leaves {to_mm(max(0.0, tall)):.4g}mm of height"
    else:
        what = f"and column_gap {to_mm(layout.columns.gap):.4g}mm leave {to_mm(max(0.0, column)):.4g}mm per column ({page.columns} columns)"
    raise MassagePrintError(
        f"cheatsheet layout: margin {to_mm(layout.margin):.4g}mm {what} on the {sheet}; "
        f"at least {to_mm(MIN_ROOM):.4g}mm must remain: make the margin smaller"
    )


def _glyph_warnings(layout: CheatsheetLayout) -> list[Problem]:
    marks = (
        layout.symbols.caution,
        layout.symbols.pressure_on,
        layout.symbols.pressure_off,
        layout.symbols.bullet,
    )
    warnings = []
    for font in (layout.fonts.regular, layout.fonts.bold):
        missing = [c for mark in marks for c in missing_characters(mark, font)]
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in dict.fromkeys(missing))
            warnings.append(
                Problem(
                    None, f"warning: cheatsheet layout: no glyph for {chars} in {Path(font).name}"
                )
            )
    return warnings
