"""Drawing planned diagrams and the legend on a ReportLab canvas (the Flowables: :mod:`.flowables`)."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import PATH_OPS

from ..content.markup import one_line
from ..content.model import BodyMap, Point, Stroke
from ..content.views import builtin_view
from ..labels import ENGLISH, Labels
from ..layout.schema import DiagramStyle
from ..vocabulary import STROKE_KINDS
from .geometry import (
    Box,
    DiagramParts,
    Drawing,
    Shape,
    Sizes,
    contain,
    giver_marker,
    hold_glyph,
    map_at_origin,
    path_glyph,
    point_glyph,
)

LEGEND_KINDS: tuple[str, ...] = (*STROKE_KINDS, "stance")
"""Every glyph kind the legend shows, in order."""


@dataclass(frozen=True)
class LegendTexts:
    """The legend's labels (``long``) and the short ones used when a column is too narrow."""

    long: tuple[str, ...]
    short: tuple[str, ...]


def legend_labels(labels: Labels = ENGLISH) -> LegendTexts:
    """The legend's words from the label catalogue (short forms: the word before the colon)."""
    long = tuple(one_line(labels(f"legend_{kind}")) for kind in LEGEND_KINDS)
    short = (*(text.split(":")[0].strip() for text in long[:-1]), one_line(labels("legend_giver")))
    return LegendTexts(long, short)


LEGEND_ENTRIES: tuple[tuple[str, str], ...] = tuple(
    zip(LEGEND_KINDS, legend_labels().long, strict=True)
)
"""Every glyph kind with its legend label (the order they appear in)."""


def paint_shapes(canvas: Any, shapes: Sequence[Shape], style: DiagramStyle) -> None:
    """Draw planned shapes as they are (page coordinates).

    Writes the very operators ReportLab's canvas calls would (see :func:`paint_shapes_slowly`),
    as one block of page code: a diagram has hundreds of shapes and thousands of points, and a
    method call per point and per state change cost more than the rest of the drawing. Falls
    back to the canvas calls when the canvas is in a state this does not reproduce (a colour
    space enforced, a transparency set).
    """
    ext = canvas._extgstate
    if canvas._enforceColorSpace is not None or ext.getValue("ca") != 1 or ext.getValue("CA") != 1:
        paint_shapes_slowly(canvas, shapes, style)
        return
    fill_mode = canvas._fillMode
    coloured = False
    code: list[str] = []
    add = code.append
    for shape in shapes:
        points = shape.points
        fill_key = shape.fill
        if len(points) < 2 and not fill_key:
            continue
        stroke = bool(shape.stroke) and shape.width > 0
        add("q")
        coloured = coloured or stroke or bool(fill_key)
        if stroke:
            add(_colour_op(getattr(style, shape.stroke or "ink"), "RG"))
            add(f"{fp_str(shape.width)} w\n1 j\n1 J")
            if shape.dash:
                add(f"[{fp_str(list(shape.dash))}] 0 d")
        if fill_key:
            add(_colour_op(getattr(style, fill_key), "rg"))
        add(_path_code(points, shape.closed))
        add(PATH_OPS[1 if stroke else 0, 1 if fill_key else 0, fill_mode])
        add("Q")
    if coloured:  # ReportLab's colours set an opacity of 1, which asks for PDF 1.4
        canvas._doc.ensureMinPdfVersion("transparency")
    if code:
        canvas.addLiteral("\n".join(code))


def _path_code(points: Sequence[Point], closed: bool) -> str:
    """ReportLab's path code for a polyline: ``n x y m x y l ... [h]``."""
    flat = tuple(itertools.chain.from_iterable(points))
    if flat and min(flat) > FAST_LOW and max(flat) < FAST_HIGH:
        return _path_template(len(points), closed) % flat
    numbers = fp_str(*flat).split(" ")
    pairs = list(map(" ".join, zip(numbers[::2], numbers[1::2], strict=True)))
    text = f"n {pairs[0]} m"
    if len(pairs) > 1:
        text = f"{text} {' l '.join(pairs[1:])} l"
    return f"{text} h" if closed else text


FAST_LOW, FAST_HIGH = 1.0, 1e6
"""Between these, ReportLab's ``fp_str(x)`` (``6 - floor(log10 |x|)`` decimals, trailing
zeros and point dropped) is exactly ``"%.7g" % x``: seven significant digits. One format
of a whole path is several times faster than ``fp_str`` (tests check both agree)."""


@functools.lru_cache(maxsize=512)
def _path_template(count: int, closed: bool) -> str:
    body = "n %.7g %.7g m" + " %.7g %.7g l" * (count - 1)
    return f"{body} h" if closed else body


@functools.cache
def _colour_op(colour: str, operator: str) -> str:
    """``r g b RG`` (stroke) or ``r g b rg`` (fill) for a hex colour, as ReportLab writes it."""
    value = HexColor(colour)
    return f"{fp_str((value.red, value.green, value.blue))} {operator}"


def paint_shapes_slowly(canvas: Any, shapes: Sequence[Shape], style: DiagramStyle) -> None:
    """:func:`paint_shapes` through the canvas's own calls (the reference it must match)."""
    for shape in shapes:
        if len(shape.points) < 2 and not shape.fill:
            continue
        canvas.saveState()
        path = canvas.beginPath()
        first, *rest = shape.points
        path.moveTo(*first)
        for point in rest:
            path.lineTo(*point)
        if shape.closed:
            path.close()
        stroke = bool(shape.stroke) and shape.width > 0
        fill = bool(shape.fill)
        if stroke:
            canvas.setStrokeColor(HexColor(getattr(style, shape.stroke or "ink")))
            canvas.setLineWidth(shape.width)
            canvas.setLineJoin(1)
            canvas.setLineCap(1)
            if shape.dash:
                canvas.setDash(list(shape.dash), 0)
        if fill:
            canvas.setFillColor(HexColor(getattr(style, shape.fill or "ink")))
        canvas.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)
        canvas.restoreState()


def draw_diagram(
    canvas: Any,
    strokes: Sequence[Stroke],
    stance: str | None,
    x: float,
    y: float,
    width: float,
    height: float,
    style: DiagramStyle,
    *,
    view: BodyMap | None = None,
    caption_font: str | None = None,
    caption_min: float = 0.0,
    language: str = "en",
) -> Drawing:
    """Draw a body map with strokes and stance marker, fitted and centred in the box.

    ``view`` is the body map (the back by default). With ``caption_font`` the view's caption
    is printed under the map when the box is tall enough for it to be legible (and never
    smaller than ``caption_min``, a layout's smallest type). The map itself
    is drawn once per view and size as a Form XObject and referenced, which keeps booklets and
    card decks small and drawing fast.
    """
    view = view or builtin_view()
    if caption_font is not None:
        size = caption_size(style, height, caption_min)
        if size is not None:
            line = size * style.caption_leading
            draw_caption(canvas, view.caption_in(language), x, y, width, size, caption_font, style)
            y, height = y + line, height - line
    box = (x, y, width, height)
    parts = DiagramParts.of(strokes, stance, box, style, view)
    drawing = parts.without_map()
    if drawing.shrunk:  # the map shrinks with the strokes: drawn with them
        drawing = parts.with_map()
    else:
        frame = parts.frame
        _place_map(canvas, frame.x, frame.y, frame.height, style, view)
    paint_shapes(canvas, drawing.shapes, style)
    return drawing


def caption_size(style: DiagramStyle, height: float, least: float = 0.0) -> float | None:
    """The caption's type size under a diagram this tall, or None when it would not fit."""
    size = min(max(style.caption_size * height, style.caption_floor), style.caption_ceiling)
    size = max(size, least)
    return size if size * style.caption_leading <= height * style.caption_room else None


def draw_caption(
    canvas: Any,
    text: str,
    x: float,
    y: float,
    width: float,
    size: float,
    font: str,
    style: DiagramStyle,
) -> None:
    """A view's caption centred at the foot of a box (on one line), shrunk to fit its width."""
    text = one_line(text)
    fitted = min(size, size * width / max(stringWidth(text, font, size), 1e-6))
    canvas.saveState()
    canvas.setFillColor(HexColor(style.body_line))
    canvas.setFont(font, fitted)
    canvas.drawCentredString(x + width / 2, y + fitted * 0.3, text)
    canvas.restoreState()


def _place_map(
    canvas: Any, x: float, y: float, height: float, style: DiagramStyle, view: BodyMap
) -> None:
    forms: dict[tuple[str, float, DiagramStyle], str] = canvas.__dict__.setdefault(
        "_mp_map_forms", {}
    )
    key = (view.name, round(height, 4), style)
    name = forms.get(key)
    if name is None:
        name = f"mpmap{len(forms)}"
        shapes = map_at_origin(key[1], style, view)
        width = key[1] * view.aspect
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=key[1])
        paint_shapes(canvas, shapes, style)
        canvas.endForm()
        forms[key] = name
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


# -- legend ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendPlan:
    columns: int
    rows: int
    column_width: float
    row_height: float
    swatch: float
    labels: tuple[str, ...]


def _label_width(text: str, font_name: str | None, font_size: float) -> float:
    if font_name is None:
        return len(text) * font_size * 0.6
    return float(stringWidth(text, font_name, font_size))


def plan_legend(
    width: float,
    font_size: float,
    style: DiagramStyle,
    font_name: str | None = None,
    texts: LegendTexts | None = None,
) -> LegendPlan:
    """How the legend's entries are arranged in ``width``: as many columns as fit."""
    texts = texts or legend_labels()
    swatch = style.legend_swatch * font_size
    gap = style.legend_gap * font_size
    row = style.legend_row * font_size
    labels = texts.long
    entry = swatch + gap / 2 + max(_label_width(t, font_name, font_size) for t in labels)
    columns = int((width + gap) // (entry + gap))
    if columns < 1:
        labels = texts.short
        entry = swatch + gap / 2 + max(_label_width(t, font_name, font_size) for t in labels)
        columns = max(1, int((width + gap) // (entry + gap)))
    columns = min(columns, len(labels))
    rows = math.ceil(len(labels) / columns)
    column_width = (width - gap * (columns - 1)) / columns
    return LegendPlan(columns, rows, column_width, row, swatch, labels)


def legend_height(
    width: float,
    font_size: float,
    style: DiagramStyle,
    font_name: str | None = None,
    texts: LegendTexts | None = None,
) -> float:
    plan = plan_legend(width, font_size, style, font_name, texts)
    return plan.rows * plan.row_height


def legend_swatch(kind: str, box: Box, style: DiagramStyle) -> list[Shape]:
    """The sample glyph of one kind, drawn inside a small box."""
    x, y, width, height = box
    nominal = height / (style.glyph_size * 2.6)
    sizes = Sizes.of(style, nominal)
    sizes = Sizes(
        line=min(sizes.line, height * 0.12),
        body_line=min(sizes.body_line, height * 0.06),
        arrow=min(sizes.arrow, height * 0.45),
        glyph=min(sizes.glyph, height * 0.38),
        stance=min(sizes.stance, height * 0.8),
    )
    cy = y + height / 2
    if kind in ("glide", "feather", "tap"):
        pts = [(x + width * 0.05, cy), (x + width * 0.95, cy)]
        shapes = path_glyph(kind, pts, sizes, 0)
    elif kind == "hold":
        shapes = [hold_glyph((x + width / 2, cy), sizes, 0)]
    elif kind == "stance":
        shapes = giver_marker((x + width / 2, cy), (x + width, cy), sizes)
    else:
        turn = "clockwise"
        stroke = Stroke(kind, ((0.5, 0.5),), "center", turn if kind == "circle" else None)  # type: ignore[arg-type]
        shapes = point_glyph(stroke, (x + width / 2, cy), sizes, 0)
    return list(contain(Drawing(box, tuple(shapes))).shapes)


def draw_legend(
    canvas: Any,
    x: float,
    y: float,
    width: float,
    height: float,
    style: DiagramStyle,
    font_name: str,
    font_size: float,
    text_colour: str,
    texts: LegendTexts | None = None,
) -> None:
    """Draw the legend of every glyph kind inside the box (top-aligned)."""
    plan = plan_legend(width, font_size, style, font_name, texts)
    top = y + height
    for index, (kind, label) in enumerate(zip(LEGEND_KINDS, plan.labels, strict=True)):
        col, row = index // plan.rows, index % plan.rows
        left = x + col * (plan.column_width + style.legend_gap * font_size)
        row_top = top - row * plan.row_height
        swatch_box = (left, row_top - plan.row_height, plan.swatch, plan.row_height)
        paint_shapes(canvas, legend_swatch(kind, swatch_box, style), style)
        canvas.saveState()
        canvas.setFillColor(HexColor(text_colour))
        canvas.setFont(font_name, font_size)
        baseline = row_top - plan.row_height / 2 - font_size * 0.35
        canvas.drawString(left + plan.swatch + style.legend_gap * font_size / 2, baseline, label)
        canvas.restoreState()
