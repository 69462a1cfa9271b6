"""The optional printing guide: one sheet-sized page telling how to print, fold and staple."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from ..content.markup import escape
from ..layout.schema import BookletLayout
from ..pdf.fonts import FontFamily
from ..pdf.writer import DocInfo, canvas_options, finish_reportlab
from .styles import Styles


def render_guide(
    instructions: str,
    size: tuple[float, float],
    layout: BookletLayout,
    family: FontFamily,
    styles: Styles,
    info: DocInfo,
    note: str,
) -> bytes:
    """A one-page PDF of ``size`` with the title and instruction lines of ``instructions``, and
    ``note`` (that the page is no part of the booklet) in italic."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=size,
        initialFontName=family.regular,
        initialFontSize=layout.guide.size,
        **canvas_options(info),
    )
    width, height = size
    margin = layout.guide.margin
    title, *lines = instructions.splitlines()
    story = [Paragraph(escape(title), styles.guide_title)]
    story += [Paragraph(escape(line.strip()), styles.guide) for line in lines if line.strip()]
    story.append(Paragraph(f"<i>{escape(note)}</i>", styles.guide))
    frame = Frame(
        margin,
        margin,
        width - 2 * margin,
        height - 2 * margin,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        showBoundary=0,
    )
    frame.addFromList(story, canvas)
    canvas.showPage()
    canvas.save()
    return finish_reportlab(buffer.getvalue())
