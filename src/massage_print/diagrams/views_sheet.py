"""The body views sheet, ``views.pdf``: each view's map with its landmarks and stances labelled.

One page per view (built-in and the content folder's own ``maps/``): the map large, every
landmark a dot with its name, every stance marker with its name, the caption, and the same
map at thumbnail size, as it appears on a cheat sheet.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..content.model import BodyMap
from ..labels import ENGLISH, Labels
from ..layout.loader import load_layout
from ..layout.schema import DiagramsLayout
from ..pdf.fonts import FontFamily, register_family
from ..pdf.writer import DocInfo, finish_reportlab, new_canvas
from ..pipeline.jobs import JobResult, Output
from .draw import draw_diagram
from .geometry import fit_frame

VIEWS_PDF = "views.pdf"


def build_views(
    views: Sequence[BodyMap], *, labels: Labels = ENGLISH, layout: str = "diagrams"
) -> JobResult:
    """Render ``views.pdf``: one labelled page per body view, its words in ``labels``
    (the book's: its language is the PDF's language too)."""
    lay = load_layout(layout, DiagramsLayout)
    family = register_family(lay.fonts)
    buffer = io.BytesIO()
    info = DocInfo(
        title=labels("doc_views"),
        subject=labels("doc_views_subject"),
        language=labels.language,
    )
    canvas = new_canvas(buffer, lay.page, info, family.regular)
    for view in views:
        _page(canvas, lay, family, view, labels)
        canvas.showPage()
    canvas.save()
    data = finish_reportlab(buffer.getvalue())
    names = ", ".join(v.name for v in views)
    return JobResult(
        (Output(VIEWS_PDF, data, len(views)),), (f"{VIEWS_PDF}: {len(views)} views ({names})",)
    )


def _page(
    canvas: Canvas, lay: DiagramsLayout, family: FontFamily, view: BodyMap, labels: Labels
) -> None:
    width, height = lay.page
    text = HexColor(lay.colours.text)
    top = height - lay.margin
    canvas.setFillColor(text)
    canvas.setFont(family.bold, lay.title_size)
    canvas.drawString(lay.margin, top - lay.title_size, labels("views_view", name=view.name))
    canvas.setFont(family.regular, lay.label_size)
    inner = width - 2 * lay.margin
    captions = [f"{k}: {v}" for k, v in view.captions or (("en", view.caption),)]
    lines = _caption_lines(labels("views_caption"), captions, family.regular, lay.label_size, inner)
    for number, line in enumerate(lines):
        baseline = top - lay.title_size - lay.label_size * (1.8 + 1.3 * number)
        canvas.drawString(lay.margin, baseline, line)
    top -= lay.title_size + lay.label_size * (3 + 1.3 * (len(lines) - 1))
    thumb_h = lay.label_size * 9
    big_h = top - lay.margin - thumb_h - lay.gutter
    box = (lay.margin, lay.margin + thumb_h + lay.gutter, inner, big_h)
    draw_diagram(canvas, (), None, *box, lay.diagram, view=view)
    frame = fit_frame(box, view.aspect)
    dot = lay.label_size * 0.3
    canvas.setFont(family.regular, lay.label_size)
    for name, point in view.landmarks:
        x, y = frame(point)
        canvas.setFillColor(HexColor(lay.diagram.ink))
        canvas.circle(x, y, dot, stroke=0, fill=1)
        canvas.setFillColor(text)
        canvas.drawString(x + dot * 1.8, y - lay.label_size * 0.35, name)
        if not view.is_central(name):
            mx, my = frame(view.mirror(point))
            canvas.setFillColor(HexColor(lay.diagram.ink_soft))
            canvas.circle(mx, my, dot * 0.7, stroke=0, fill=1)
    placed: list[tuple[float, float, float]] = []  # left, right, baseline of each name
    row = lay.label_size * 1.2
    for name, point in view.stances:
        x, y = frame(point)
        label = labels("views_stance", name=name)
        canvas.setFillColor(HexColor(lay.diagram.stance_fill))
        canvas.rect(x - dot, y - dot, dot * 2, dot * 2, stroke=0, fill=1)
        w = stringWidth(label, family.regular, lay.label_size)
        lx = min(max(x + dot * 1.8, lay.margin), width - lay.margin - w)
        ly = y + dot * 1.5
        # Stances may share a spot (on the back, at-feet and behind): stack their names.
        for _ in placed:
            if not any(
                lx < right and left < lx + w and abs(ly - baseline) < row
                for left, right, baseline in placed
            ):
                break
            ly -= row
        placed.append((lx, lx + w, ly))
        canvas.drawString(lx, ly, label)
    canvas.setFillColor(text)
    canvas.drawString(
        lay.margin, lay.margin + thumb_h + lay.label_size * 0.5, labels("views_thumbnail")
    )
    draw_diagram(
        canvas, (), None, lay.margin, lay.margin, inner / 4, thumb_h, lay.diagram, view=view
    )


def _caption_lines(
    heading: str, captions: Sequence[str], font: str, size: float, width: float
) -> list[str]:
    """``caption: en: ... · de: ...`` broken between languages into lines of ``width``."""
    lines = [heading]
    for caption in captions:
        joined = f"{lines[-1]} · {caption}" if lines[-1] != heading else f"{heading} {caption}"
        if lines[-1] == heading or stringWidth(joined, font, size) <= width:
            lines[-1] = joined
        else:
            lines.append(caption)
    return lines
