"""Drawing a :class:`~massage_print.cheatsheet.plan.SheetPlan` with ReportLab: one page, as planned."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ..content.model import Book
from ..diagrams import LegendTexts, draw_diagram, draw_legend
from ..diagrams.pictures import Pictures
from ..layout.schema import CheatsheetLayout
from ..pdf.fonts import FontFamily
from ..pdf.writer import DocInfo, apply_canvas_info, canvas_options, finish_reportlab
from .plan import Fill, Legend, Rule, SheetPlan, Text, Thumb


def render_sheet(
    plan: SheetPlan,
    layout: CheatsheetLayout,
    family: FontFamily,
    info: DocInfo,
    book: Book,
    pictures: Pictures,
    legend: LegendTexts | None = None,
) -> bytes:
    """The plan as a finished one-page PDF (``book`` gives the body views)."""
    for element in plan.elements:
        if isinstance(element, Thumb) and element.image is not None:
            pictures.need(element.image, element.width, element.height)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(plan.page.width, plan.page.height),
        initialFontName=family.regular,
        **canvas_options(info),
    )
    apply_canvas_info(canvas, info)
    colours: dict[str, Color] = {}  # each colour parsed once
    for element in plan.elements:
        if isinstance(element, Text):
            canvas.setFont(family.pick(element.bold, element.italic), element.size)
            colour = colours.get(element.colour)
            if colour is None:
                colour = colours[element.colour] = HexColor(element.colour)
            canvas.setFillColor(colour)
            canvas.drawString(element.x, element.y, element.text)
        elif isinstance(element, Fill):
            canvas.setFillColor(HexColor(element.colour))
            canvas.rect(element.x, element.y, element.width, element.height, stroke=0, fill=1)
        elif isinstance(element, Rule):
            canvas.setStrokeColor(HexColor(element.colour))
            canvas.setLineWidth(element.weight)
            canvas.line(element.x1, element.y1, element.x2, element.y2)
        elif isinstance(element, Thumb) and element.image is not None:
            pictures.draw(
                canvas, element.image, element.x, element.y, element.width, element.height
            )
        elif isinstance(element, Thumb):
            draw_diagram(
                canvas,
                element.strokes,
                element.stance,
                element.x,
                element.y,
                element.width,
                element.height,
                layout.diagram,
                view=book.view(element.view),
            )
        elif isinstance(element, Legend):
            draw_legend(
                canvas,
                element.x,
                element.y,
                element.width,
                element.height,
                layout.diagram,
                family.regular,
                element.size,
                element.colour,
                legend,
            )
    canvas.showPage()
    canvas.save()
    return finish_reportlab(buffer.getvalue())
