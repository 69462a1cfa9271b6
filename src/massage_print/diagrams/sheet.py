"""The diagram review sheet, ``diagrams.pdf``: every technique's and step's diagram, labelled."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..content.markup import one_line, plain
from ..content.model import BodyMap, Book, Stroke
from ..errors import MassagePrintError
from ..layout.loader import load_layout
from ..layout.schema import DiagramsLayout
from ..layout.units import to_mm
from ..pdf.fonts import FontFamily, register_family
from ..pdf.writer import DocInfo, finish_reportlab, new_canvas
from ..pipeline.jobs import JobResult, Output
from .draw import LegendTexts, draw_diagram, draw_legend, legend_height, legend_labels


@dataclass(frozen=True)
class Entry:
    """One labelled diagram of the review sheet."""

    label: str
    strokes: tuple[Stroke, ...]
    stance: str | None
    view: BodyMap


def entries(book: Book) -> list[Entry]:
    out = [
        Entry(f"{plain(t.name)} ({t.id})", t.diagram, None, book.view(t.view))
        for t in book.techniques
        if t.diagram
    ]
    for routine in book.routines:
        for step in routine.steps:
            if step.diagram:
                out.append(
                    Entry(
                        book.labels(
                            "diagrams_step",
                            routine=routine.id,
                            n=step.number,
                            title=plain(step.title),
                        ),
                        step.diagram,
                        step.stance,
                        book.view(step.view),
                    )
                )
    return out


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text``, or its longest beginning that fits ``width`` with an ellipsis.

    Bisection on the length: about log2(len(text)) measurements, never one per character.
    """
    text = one_line(text)
    if stringWidth(text, font, size) <= width:
        return text
    fits, fails = 0, len(text)  # text[:fits] + "…" fits (or fits == 0); text[:fails] does not
    while fails - fits > 1:
        middle = (fits + fails) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            fits = middle
        else:
            fails = middle
    return text[:fits].rstrip() + "…"


def build_diagrams(book: Book, *, layout: str = "diagrams") -> JobResult:
    """Render ``diagrams.pdf``; one grid of labelled diagrams per page, legend on page one."""
    lay = load_layout(layout, DiagramsLayout)
    family = register_family(lay.fonts)
    items = entries(book)
    buffer = io.BytesIO()
    info = DocInfo(
        title=book.labels("diagrams_title", title=plain(book.title)),
        author=plain(book.author or ""),
        subject=book.labels("doc_diagrams_subject"),
        language=book.language,
    )
    canvas = new_canvas(buffer, lay.page, info, family.regular)
    heading = book.labels("diagrams_title", title=plain(book.title))
    pages = _render(canvas, lay, family, items, heading, legend_labels(book.labels), book.language)
    canvas.save()
    data = finish_reportlab(buffer.getvalue())
    message = f"diagrams.pdf: {len(items)} diagrams on {pages} pages"
    return JobResult((Output("diagrams.pdf", data, pages),), (message,))


def _check_cell(lay: DiagramsLayout, width: float, height: float) -> None:
    """Refuse a grid whose cells leave no room for a diagram (instead of drawing it mirrored)."""
    if width >= MIN_CELL and height >= MIN_CELL:
        return
    side, size = ("wide", width) if width < MIN_CELL else ("tall", height)
    raise MassagePrintError(
        f"diagrams layout: {lay.columns} columns and {lay.rows} rows with a {to_mm(lay.gutter):.3g}mm "
        f"gutter leave diagrams {to_mm(max(0.0, size)):.3g}mm {side} (at least "
        f"{to_mm(MIN_CELL):.3g}mm): use fewer rows or columns, or a smaller gutter, margin or type"
    )


MIN_CELL = 10 * 72 / 25.4
"""The smallest width and height a diagram of the review sheet may get."""


def _render(
    canvas: Canvas,
    lay: DiagramsLayout,
    family: FontFamily,
    items: list[Entry],
    title: str,
    legend: LegendTexts,
    language: str = "en",
) -> int:
    width, height = lay.page
    inner_w = width - 2 * lay.margin
    cell_w = (inner_w - lay.gutter * (lay.columns - 1)) / lay.columns
    text = HexColor(lay.colours.text)
    per_page = lay.columns * lay.rows
    pages = 0
    index = 0
    while index < len(items) or pages == 0:
        pages += 1
        top = height - lay.margin
        canvas.setFillColor(text)
        canvas.setFont(family.bold, lay.title_size)
        canvas.drawString(
            lay.margin,
            top - lay.title_size,
            _fit(title, family.bold, lay.title_size, inner_w),
        )
        top -= lay.title_size * 2
        if pages == 1:
            leg_h = legend_height(inner_w, lay.legend_size, lay.diagram, family.regular, legend)
            draw_legend(
                canvas,
                lay.margin,
                top - leg_h,
                inner_w,
                leg_h,
                lay.diagram,
                family.regular,
                lay.legend_size,
                lay.colours.text,
                legend,
            )
            top -= leg_h + lay.gutter
        rows_h = top - lay.margin
        cell_h = (rows_h - lay.gutter * (lay.rows - 1)) / lay.rows
        _check_cell(lay, cell_w, cell_h - lay.label_size * 1.6)
        for slot in range(per_page):
            if index >= len(items):
                break
            entry = items[index]
            col, row = slot % lay.columns, slot // lay.columns
            x = lay.margin + col * (cell_w + lay.gutter)
            y_top = top - row * (cell_h + lay.gutter)
            canvas.setFillColor(text)
            canvas.setFont(family.regular, lay.label_size)
            canvas.drawString(
                x, y_top - lay.label_size, _fit(entry.label, family.regular, lay.label_size, cell_w)
            )
            box_h = cell_h - lay.label_size * 1.6
            draw_diagram(
                canvas,
                entry.strokes,
                entry.stance,
                x,
                y_top - cell_h,
                cell_w,
                box_h,
                lay.diagram,
                view=entry.view,
                caption_font=family.regular,
                language=language,
            )
            index += 1
        canvas.showPage()
    return pages
