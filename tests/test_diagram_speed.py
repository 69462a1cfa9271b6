"""The diagrams' fast paths give exactly what the slow, obvious ones give."""

from __future__ import annotations

import io
import math
import random
from dataclasses import fields, replace

import pytest
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from massage_print.content.model import Stroke
from massage_print.content.views import builtin_view
from massage_print.diagrams import svg
from massage_print.diagrams.draw import (
    FAST_HIGH,
    FAST_LOW,
    LEGEND_KINDS,
    _path_code,
    draw_diagram,
    legend_swatch,
    paint_shapes,
    paint_shapes_slowly,
)
from massage_print.diagrams.geometry import (
    DiagramParts,
    Drawing,
    Shape,
    contain,
    map_shapes,
    plan_diagram,
)
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import DiagramsLayout, DiagramStyle
from massage_print.vocabulary import STROKE_KINDS


@pytest.fixture(scope="module")
def style() -> DiagramStyle:
    return load_layout("diagrams", DiagramsLayout).diagram


def every_kind() -> tuple[Stroke, ...]:
    out = []
    for kind in STROKE_KINDS:
        if kind in ("glide", "feather", "tap"):
            out.append(Stroke(kind, ((0.45, 0.2), (0.3, 0.7), (0.4, 0.9)), "both"))  # type: ignore[arg-type]
        elif kind == "hold":
            out.append(Stroke("hold", ((0.4, 0.4),)))
        else:
            turn = "anticlockwise" if kind == "circle" else None
            out.append(Stroke(kind, ((0.35, 0.5),), "left", turn))  # type: ignore[arg-type]
    return tuple(out)


def shapes(style: DiagramStyle) -> list[Shape]:
    out: list[Shape] = []
    for name, stance in (("back", "astride"), ("seated", "behind")):
        view = builtin_view(name)
        for box in ((12.5, 30.25, 71.0, 97.3), (0.0, 0.0, 9.0, 11.0)):  # the small one shrinks
            drawing = plan_diagram(every_kind(), stance, box, style, view=view)
            out.extend(drawing.shapes)
    for kind in LEGEND_KINDS:
        out.extend(legend_swatch(kind, (3.0, 4.0, 20.0, 9.0), style))
    # odd ones: a one-point fill, a one-point line (skipped), a closed open-line mix
    out.append(Shape("dot", ((1.0, 2.0),), fill="ink"))
    out.append(Shape("dot", ((1.0, 2.0),), stroke="ink", width=1.0))
    out.append(Shape("x", ((0, 0), (1e-9, -0.0), (123456.789, 2.5)), True, "ink", None, 0.0))
    return out


def page_code(paint, style: DiagramStyle, alpha: float | None = None) -> str:  # type: ignore[no-untyped-def]
    canvas = Canvas(io.BytesIO(), invariant=1, pageCompression=0)
    canvas.setFillColorRGB(0.2, 0.3, 0.4)
    canvas.setLineWidth(3)
    if alpha is not None:
        canvas.setFillAlpha(alpha)
    paint(canvas, shapes(style), style)
    state = {name: canvas.__dict__[name] for name in canvas.STATE_ATTRIBUTES}
    state["_extgstate"] = canvas._extgstate._d
    canvas.line(0, 0, 10, 10)  # the canvas's own state is as it was
    return repr(state) + canvas.getpdfdata().decode("latin-1")


def test_paint_shapes_writes_the_canvas_calls_bytes(style: DiagramStyle) -> None:
    fast = page_code(paint_shapes, style)
    assert fast == page_code(paint_shapes_slowly, style)
    assert " m " in fast and " l " in fast


def test_paint_shapes_under_transparency_takes_the_canvas_calls(style: DiagramStyle) -> None:
    assert page_code(paint_shapes, style, 0.5) == page_code(paint_shapes_slowly, style, 0.5)


HEIGHTS = (4.0, 30.0, 141.7)
"""A tiny diagram (its map spills out of the box and is shrunk), a thumbnail and a large one."""


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("view_name", ["back", "seated"])
def test_svg_with_its_cached_map_is_the_planned_drawing(
    style: DiagramStyle, height: float, view_name: str
) -> None:
    view = builtin_view(view_name)
    cases: list[tuple[tuple[Stroke, ...], str | None]] = [((), None)]
    cases += [((stroke,), None) for stroke in every_kind()]
    cases.append((every_kind(), next(iter(view._stances))))
    for strokes, stance in cases:
        width = height * view.aspect
        drawing = plan_diagram(strokes, stance, (0.0, 0.0, width, height), style, view=view)
        paths = "".join(svg._elements(drawing.shapes, height, style))
        made = svg.diagram_svg(strokes, stance, height, style, view=view).decode()
        assert made.endswith(paths + "</svg>\n")
        assert made.index("<path") == len(made) - len(paths) - len("</svg>\n")


def test_svg_numbers_are_written_one_by_one_as_together() -> None:
    values = [0.0, -0.0, -0.001, 0.004, 0.005, 1.0, 2.5, 10.0, 12.345, -7.1, 1e9, 99.999]
    assert svg._nums(values) == [svg._num(v) for v in values]


def test_a_drawing_drawn_is_the_drawing_planned(style: DiagramStyle) -> None:
    canvas = Canvas(io.BytesIO())
    view = builtin_view("back")
    for box in ((12.5, 30.25, 71.0, 97.3), (0.0, 0.0, 9.0, 11.0)):
        planned = plan_diagram(every_kind(), "astride", box, style, view=view)
        drawn = draw_diagram(canvas, every_kind(), "astride", *box, style, view=view)
        if planned.shrunk:
            assert drawn == planned
        else:
            assert drawn == plan_diagram(
                every_kind(), "astride", box, style, view=view, with_map=False
            )


def test_contain_keeps_what_it_does_not_scale() -> None:
    shape = Shape("x", ((0.0, 0.0), (50.0, 5.0)), True, "ink", "ink", 2.0, (1.0, 2.0), "glide", 3)
    small = contain(Drawing((0.0, 0.0, 10.0, 10.0), (shape,)))
    assert small.shrunk
    (scaled,) = small.shapes
    factor = scaled.width / shape.width
    assert 0 < factor < 1
    expected = replace(
        shape,
        points=scaled.points,
        width=shape.width * factor,
        dash=tuple(d * factor for d in shape.dash),
    )
    assert scaled == expected
    assert [f.name for f in fields(Shape)] == [
        "role",
        "points",
        "closed",
        "stroke",
        "fill",
        "width",
        "dash",
        "stroke_kind",
        "instance",
    ]  # contain() builds each Shape field by field: a new field must be added there too


def test_seven_digit_format_is_reportlabs_number_format_between_its_bounds() -> None:
    rng = random.Random(9)
    values = [10 ** rng.uniform(0, 6) for _ in range(20000)]
    for k in range(6):  # around each power of ten and around the last digit kept
        power = 10.0**k
        values += [math.nextafter(power, math.inf), power * (1 + 1e-12), power + 0.5]
        values += [power + m * 10.0 ** (k - 7) for m in range(1, 40)]
    values = [v for v in values if FAST_LOW < v < FAST_HIGH]
    assert fp_str(*values).split(" ") == [f"{v:.7g}" for v in values]


def test_a_path_is_written_the_same_inside_and_outside_the_fast_range() -> None:
    inside = ((12.5, 30.25), (100.123456789, 999.99999), (5.0, 7.0))
    outside = ((0.5, 30.25), (100.123456789, 999.99999), (5.0, -7.0))
    for points in (inside, outside, ((3.0, 4.0),)):
        for closed in (True, False):
            path = Canvas(io.BytesIO()).beginPath()
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            if closed:
                path.close()
            assert _path_code(points, closed) == path.getCode()


@pytest.mark.parametrize("view_name", ["back", "seated", "feet", "hands", "head", "legs"])
def test_a_drawing_with_its_map_is_the_map_and_marks_contained(
    style: DiagramStyle, view_name: str
) -> None:
    view = builtin_view(view_name)
    shrunk = 0
    for box in ((12.5, 30.25, 71.0, 97.3), (0.0, 0.0, 9.0, 11.0), (300.0, 5.5, 14.0, 40.0)):
        for strokes in ((), every_kind()):
            parts = DiagramParts.of(strokes, next(iter(view._stances)), box, style, view)
            whole = (*map_shapes(parts.frame, parts.sizes, view), *parts.marks)
            expected = contain(Drawing(box, whole))
            assert parts.with_map() == expected
            shrunk += expected.shrunk
    assert 0 < shrunk < 6
