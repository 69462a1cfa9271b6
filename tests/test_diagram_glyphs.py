"""Every stroke kind is drawn differently: paint, dashes, widths, shapes, PDF operators, pixels.

A shape's ``role`` is the stroke's own name, so comparing roles proves nothing; these tests
compare only what reaches the paper.
"""

from __future__ import annotations

import io
import itertools
import math
from typing import Any

import pypdfium2
import pytest
from PIL import ImageChops
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfgen.canvas import Canvas

from massage_print.content.model import Stroke
from massage_print.diagrams import draw_diagram, plan_diagram
from massage_print.diagrams.geometry import Shape
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import DiagramsLayout, DiagramStyle
from massage_print.vocabulary import STROKE_KINDS

BOX = (20.0, 20.0, 260.0, 360.0)
PAGE = (300.0, 400.0)
PAIRS = list(itertools.combinations(STROKE_KINDS, 2))


@pytest.fixture(scope="module")
def style() -> DiagramStyle:
    return load_layout("diagrams", DiagramsLayout).diagram


def stroke_of(kind: str) -> Stroke:
    """The same place for every kind: a path from the waist to the shoulder, or one spot."""
    if kind in ("glide", "feather", "tap"):
        return Stroke(kind, ("waist", "shoulder"), "left")  # type: ignore[arg-type]
    if kind == "hold":
        return Stroke("hold", ((0.35, 0.5),))
    return Stroke(kind, ((0.35, 0.5),), "left", "clockwise" if kind == "circle" else None)  # type: ignore[arg-type]


def shapes_of(kind: str, style: DiagramStyle) -> tuple[Shape, ...]:
    return plan_diagram([stroke_of(kind)], None, BOX, style, with_map=False).shapes


def colour(style: DiagramStyle, key: str | None) -> str | None:
    return None if key is None else str(getattr(style, key)).lower()


def painted(shape: Shape, style: DiagramStyle) -> tuple[Any, ...]:
    """What the printer gets from one shape, without its name."""
    stroked = bool(shape.stroke) and shape.width > 0
    return (
        colour(style, shape.stroke) if stroked else None,
        round(shape.width, 3) if stroked else 0.0,
        tuple(round(d, 3) for d in shape.dash) if stroked else (),
        colour(style, shape.fill),
        shape.closed,
        len(shape.points),
    )


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# -- what each kind is drawn as ------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_every_pair_of_kinds_paints_differently(style: DiagramStyle, a: str, b: str) -> None:
    paint_a = sorted((painted(s, style) for s in shapes_of(a, style)), key=repr)
    paint_b = sorted((painted(s, style) for s in shapes_of(b, style)), key=repr)
    assert paint_a != paint_b, f"{a} and {b} are drawn alike: {paint_a}"


def test_glide_is_a_solid_ink_line_with_an_arrowhead(style: DiagramStyle) -> None:
    line, head = shapes_of("glide", style)
    assert colour(style, line.stroke) == colour(style, "ink") and line.dash == ()
    assert not line.closed and line.fill is None and line.width > 0
    assert head.closed and colour(style, head.fill) == colour(style, "ink") and head.width == 0


def test_feather_is_dashed_thinner_and_lighter_than_glide(style: DiagramStyle) -> None:
    glide, _ = shapes_of("glide", style)
    feather, head = shapes_of("feather", style)
    assert len(feather.dash) == 2 and all(d > 0 for d in feather.dash)
    assert feather.width < glide.width * 0.9
    ink, soft = colour(style, glide.stroke), colour(style, feather.stroke)
    assert ink and soft and luminance(soft) > luminance(ink) + 10
    assert colour(style, head.fill) == soft


def test_tap_is_a_row_of_short_strikes_across_the_path(style: DiagramStyle) -> None:
    shapes = shapes_of("tap", style)
    ticks = [s for s in shapes if not s.closed]
    heads = [s for s in shapes if s.closed]
    assert len(heads) == 1 and len(ticks) >= 3
    glide_line, _ = shapes_of("glide", style)
    path_length = math.dist(glide_line.points[0], glide_line.points[-1])
    for tick in ticks:
        assert len(tick.points) == 2 and tick.dash == () and tick.width > 0
        assert math.dist(*tick.points) < path_length / 4, "a strike, not a line along the path"


def test_circle_is_an_open_arc_turning_most_of_the_way_round(style: DiagramStyle) -> None:
    shapes = shapes_of("circle", style)
    arcs = [s for s in shapes if not s.closed]
    heads = [s for s in shapes if s.closed and s.fill]
    assert len(arcs) == 1 and len(heads) == 1
    (arc,) = arcs
    cx = sum(x for x, _ in arc.points) / len(arc.points)
    cy = sum(y for _, y in arc.points) / len(arc.points)
    angles = [math.atan2(y - cy, x - cx) for x, y in arc.points]
    turned = sum((b - a + math.pi) % (2 * math.pi) - math.pi for a, b in itertools.pairwise(angles))
    assert math.degrees(abs(turned)) > 250


def test_knead_is_one_zigzag_without_an_arrow(style: DiagramStyle) -> None:
    (zig,) = shapes_of("knead", style)
    assert not zig.closed and zig.fill is None and zig.width > 0 and zig.dash == ()
    ys = [y for _, y in zig.points]
    turns = sum(1 for a, b, c in zip(ys, ys[1:], ys[2:], strict=False) if (b - a) * (c - b) < 0)
    assert turns >= 4


def test_press_is_a_ring_round_a_filled_dot(style: DiagramStyle) -> None:
    shapes = shapes_of("press", style)
    rings = [s for s in shapes if s.closed and s.fill is None and s.width > 0]
    dots = [s for s in shapes if s.closed and s.fill is not None]
    assert len(rings) == 1 and len(dots) == 1 and len(shapes) == 2

    def radius(shape: Shape) -> float:
        xs = [x for x, _ in shape.points]
        return (max(xs) - min(xs)) / 2

    assert radius(dots[0]) < radius(rings[0]) * 0.7


def test_hold_is_one_filled_patch_without_an_outline(style: DiagramStyle) -> None:
    (patch,) = shapes_of("hold", style)
    assert patch.closed and patch.fill is not None and not (patch.stroke and patch.width > 0)
    ink = colour(style, "ink")
    assert colour(style, patch.fill) != ink, "a hold is a soft patch, not ink"


# -- the same, read back from a PDF ----------------------------------------------------------


def pdf_of(kind: str, style: DiagramStyle) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=0)
    draw_diagram(canvas, [stroke_of(kind)], None, *BOX, style)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


_PATH_OPS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}


def operators(data: bytes) -> tuple[tuple[Any, ...], ...]:
    """The page's operators: paint state with its values, path segments by count only."""
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    ops: list[tuple[Any, ...]] = []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op in _PATH_OPS:
            ops.append((op,))
        elif op == b"d":
            ops.append((op, tuple(round(float(v), 2) for v in operands[0])))
        else:
            ops.append((op, *(round(float(v), 2) for v in operands if isinstance(v, int | float))))
    return tuple(ops)


@pytest.fixture(scope="module")
def drawn(style: DiagramStyle) -> dict[str, bytes]:
    return {kind: pdf_of(kind, style) for kind in STROKE_KINDS}


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_every_pair_of_kinds_writes_different_pdf_operators(
    drawn: dict[str, bytes], a: str, b: str
) -> None:
    assert operators(drawn[a]) != operators(drawn[b])


def test_feather_sets_a_dash_and_glide_does_not(drawn: dict[str, bytes]) -> None:
    def dashes(kind: str) -> list[tuple[Any, ...]]:
        return [op for op in operators(drawn[kind]) if op[0] == b"d" and op[1]]

    assert dashes("feather") and not dashes("glide")


def test_every_pair_of_kinds_renders_different_pixels(drawn: dict[str, bytes]) -> None:
    images = {}
    for kind, data in drawn.items():
        pdf = pypdfium2.PdfDocument(data)
        images[kind] = pdf[0].render(scale=1.5).to_pil().convert("RGB")
        pdf.close()
    for a, b in PAIRS:
        assert ImageChops.difference(images[a], images[b]).getbbox() is not None, (a, b)
