"""The booklet job: ``booklet.pdf`` (A5 pages in reading order) and ``booklet-print.pdf``.

The print file is the booklet imposed for saddle stitching by
:mod:`massage_print.imposition` (two pages per landscape sheet, each page one Form XObject).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.markup import plain
from ..content.model import Book
from ..diagrams.pictures import Pictures
from ..errors import MassagePrintError, Problem
from ..imposition.plan import Placement, Plan, Sheet
from ..imposition.saddle import DOC, SHEET_SIZES, SaddleOptions
from ..imposition.saddle_job import how_to_print, prepare_saddle
from ..labels import ENGLISH, Labels
from ..layout.loader import load_layout
from ..layout.schema import BookletLayout
from ..pdf.fonts import coverage_warnings, register_family
from ..pdf.pypdf_io import apply_plan, read_pdf
from ..pdf.writer import DocInfo
from ..pipeline.jobs import JobResult, Output
from ..text import broken_warnings, hyphenator
from ..vocabulary import PAPER_WORDS, PAPERS, SADDLE_DUPLEXES, Paper, SaddleDuplex
from .covers import paint_back_cover, paint_cover
from .guide import render_guide
from .render import Context, PageHint, PassResult, render
from .story import StoryBuilder
from .styles import Geometry, Styles

BOOKLET = "booklet.pdf"
PRINT = "booklet-print.pdf"
GUIDE = "guide"
"""Source name of the printing guide page in the imposition plan."""


def doc_info(book: Book, subject: str) -> DocInfo:
    return DocInfo(
        title=plain(book.title),
        author=plain(book.author or ""),
        subject=subject,
        keywords=("massage", "booklet", *(plain(r.title) for r in book.routines)),
        language=book.language,
    )


def render_booklet(
    book: Book,
    layout: BookletLayout,
    hint: PageHint | None = None,
    pictures: Pictures | None = None,
    *,
    one_pass: bool = True,
) -> PassResult:
    """Render the booklet (reading order) with ``layout``; pages are a multiple of four.

    ``one_pass`` False prints page numbers the slow way (see :func:`render`)."""
    family = register_family(layout.fonts)
    hyphens = hyphenator(book.language, layout.text.hyphenate).reportlab()
    ctx = Context(
        book,
        layout,
        family,
        Styles(layout, family, hyphens),
        Geometry.of(layout),
        pictures or Pictures(),
    )
    subject = plain(book.subtitle) if book.subtitle else book.labels("doc_booklet")
    return render(
        ctx,
        doc_info(book, subject),
        lambda numbers: StoryBuilder(ctx, numbers).story(),
        paint_cover,
        paint_back_cover,
        hint,
        one_pass=one_pass,
    )


@dataclass(frozen=True)
class Imposed:
    """The print file and what to tell the user about it."""

    data: bytes
    sides: int
    instructions: str
    """How to print, fold and staple (lines)."""
    warnings: tuple[str, ...]


def impose_booklet(
    booklet: bytes,
    info: DocInfo,
    layout: BookletLayout,
    *,
    paper: Paper = "a4",
    duplex: SaddleDuplex = "short",
    signature: int = 0,
    creep_mm: float = 0.0,
    marks: bool = False,
    guide: bool = False,
    labels: Labels = ENGLISH,
) -> Imposed:
    """Saddle-stitch imposition of the rendered ``booklet`` with the imposition engine.

    ``guide`` adds a last sheet, printed on its front only, with the instructions.
    """
    if paper not in PAPERS:
        raise MassagePrintError(f"unknown paper '{paper}': use a4 or letter")
    if duplex not in SADDLE_DUPLEXES:
        raise MassagePrintError(f"unknown duplex mode '{duplex}': use short or long")
    reader = read_pdf(booklet, BOOKLET, ours=True)
    options = SaddleOptions(paper, duplex, signature, creep_mm, marks, labels)
    planned, sources = prepare_saddle(reader, BOOKLET, options)
    instructions = how_to_print(planned, options, PRINT)
    sheets = planned.plan.sheets
    if guide:
        sheet_w, sheet_h = SHEET_SIZES[paper]
        family = register_family(layout.fonts)
        sources[GUIDE] = render_guide(
            instructions,
            (sheet_w, sheet_h),
            layout,
            family,
            Styles(layout, family, hyphenator(labels.language).reportlab()),
            DocInfo(title=labels("guide_title"), language=info.language),
            labels("guide_note"),
        )
        sheets = (
            *sheets,
            Sheet(sheet_w, sheet_h, (Placement(GUIDE, 0, 0.0, 0.0),), "front", "guide"),
            Sheet(sheet_w, sheet_h, (), "back", "guide, back"),
        )
        instructions += f"\n  {labels('guide_note')}"
    printed = apply_plan(Plan(tuple(sheets)), sources, info, duplex=duplex, ours=True)
    warnings = list(planned.warnings)
    scaled = any(
        p.scale < 1 for sheet in planned.plan.sheets for p in sheet.placements if p.source == DOC
    )
    if scaled:
        better = "booklet-halfletter" if paper == "letter" else "booklet"
        warnings.append(
            f"--layout {better} makes pages that print at 100 % on {PAPER_WORDS[paper].upper()}"
        )
    return Imposed(printed, len(sheets), instructions, tuple(warnings))


def build_booklet(
    book: Book,
    *,
    layout: str = "booklet",
    paper: Paper = "a4",
    duplex: SaddleDuplex = "short",
    signature: int = 0,
    creep_mm: float = 0.0,
    marks: bool = False,
    guide: bool = False,
    hint: PageHint | None = None,
    on_booklet: Callable[[Output, PageHint], None] | None = None,
) -> JobResult:
    """Make ``booklet.pdf`` and ``booklet-print.pdf`` (imposed on ``paper``) in memory.

    The closing message says how to print, fold and staple; ``guide`` also adds it as a
    last, one-sided sheet of the print file. ``on_booklet`` receives ``booklet.pdf`` as soon
    as it is rendered, before the imposition, with its page numbers; ``watch`` writes it at
    once and passes the page numbers back as ``hint`` next time (one pass instead of two).
    """
    if paper not in PAPERS:
        raise MassagePrintError(f"unknown paper '{paper}': use a4 or letter")
    if duplex not in SADDLE_DUPLEXES:
        raise MassagePrintError(f"unknown duplex mode '{duplex}': use short or long")
    booklet_layout = load_layout(layout, BookletLayout)
    pictures = Pictures()
    booklet = render_booklet(book, booklet_layout, hint, pictures)
    if on_booklet is not None:
        on_booklet(Output(BOOKLET, booklet.data, booklet.pages), (booklet.anchors, booklet.notes))
    info = doc_info(
        book,
        book.labels(
            "doc_booklet_print_subject",
            title=plain(book.title),
            paper=PAPER_WORDS[paper].upper(),
        ),
    )
    imposed = impose_booklet(
        booklet.data,
        info,
        booklet_layout,
        paper=paper,
        duplex=duplex,
        signature=signature,
        creep_mm=creep_mm,
        marks=marks,
        guide=guide,
        labels=book.labels,
    )
    warnings = [*coverage_warnings(book, booklet_layout.fonts), *pictures.warnings]
    warnings += broken_warnings(BOOKLET, booklet.broken)
    warnings += [Problem(None, f"warning: {PRINT}: {w}") for w in imposed.warnings]
    return JobResult(
        outputs=(
            Output(BOOKLET, booklet.data, booklet.pages),
            Output(PRINT, imposed.data, imposed.sides),
        ),
        messages=tuple(imposed.instructions.splitlines()),
        warnings=tuple(warnings),
    )
