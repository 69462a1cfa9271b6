"""Stroke diagrams: geometry (inside the box, mirror pairs, turning direction) and the PDFs."""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from massage_print.cli import main
from massage_print.content.model import LANDMARKS, Stroke
from massage_print.content.views import builtin_view
from massage_print.diagrams import (
    LEGEND_ENTRIES,
    draw_diagram,
    draw_legend,
    legend_height,
    plan_diagram,
)
from massage_print.diagrams.geometry import circle_arc, fit_frame, instances
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import DiagramsLayout, DiagramStyle
from massage_print.pdf.fonts import register_family
from massage_print.vocabulary import SIDES, STROKE_KINDS

BACK = builtin_view("back")
MAP_ASPECT = BACK.aspect
THUMB = (10.0, 20.0, 50.0, 71.0)  # about 25 mm tall
HALF_A5 = (30.0, 40.0, 360.0, 280.0)


@pytest.fixture(scope="module")
def style() -> DiagramStyle:
    return load_layout("diagrams", DiagramsLayout).diagram


def make(
    kind: str, at: str | tuple[float, float], side: str = "both", turn: str = "clockwise"
) -> Stroke:
    if kind in ("glide", "feather", "tap"):
        other = "spine-top" if at != "spine-top" else "spine-base"
        return Stroke(kind, (at, other), side)  # type: ignore[arg-type]
    if kind == "hold":
        return Stroke("hold", (at,))
    return Stroke(kind, (at,), side, turn if kind == "circle" else None)  # type: ignore[arg-type]


def inside(drawing, box) -> bool:  # type: ignore[no-untyped-def]
    x, y, w, h = box
    x0, y0, x1, y1 = drawing.bounds()
    eps = 1e-6
    return x0 >= x - eps and y0 >= y - eps and x1 <= x + w + eps and y1 <= y + h + eps


@pytest.mark.slow
@pytest.mark.parametrize(
    "box", [THUMB, HALF_A5, (0.0, 0.0, 20.0, 20.0)], ids=["thumb", "half", "tiny"]
)
@pytest.mark.parametrize("kind", STROKE_KINDS)
def test_every_landmark_and_kind_stays_inside_the_box(style, kind, box) -> None:  # type: ignore[no-untyped-def]
    for landmark in [*LANDMARKS, (0.0, 0.0), (1.0, 1.0), (0.5, 0.0)]:
        for side in SIDES:
            drawing = plan_diagram([make(kind, landmark, side)], "at-side", box, style)
            assert inside(drawing, box), (kind, landmark, side)
    for stance in BACK.stance_names:
        drawing = plan_diagram([make(kind, "head", "both")], stance, box, style)
        assert inside(drawing, box), (kind, stance)


def test_side_both_draws_a_mirror_pair(style) -> None:  # type: ignore[no-untyped-def]
    box = HALF_A5
    frame = fit_frame(box, MAP_ASPECT)
    axis = frame.x + frame.width / 2
    for kind in STROKE_KINDS:
        if kind == "hold":
            continue
        stroke = make(kind, "shoulder-blade", "both", "anticlockwise")
        shapes = [s for s in plan_diagram([stroke], None, box, style, with_map=False).shapes]
        left = [s for s in shapes if s.instance == 0]
        right = [s for s in shapes if s.instance == 1]
        assert left and len(left) == len(right), kind
        for a, b in zip(left, right, strict=True):
            assert a.role == b.role
            if kind == "circle":
                # placed at mirror-image centres, but both turn the declared way
                (pa,), (pb,) = instances(stroke, style.side_offset, BACK)
                assert pa[0] < 0.5 < pb[0] and pa[0] == pytest.approx(1 - pb[0]) and pa[1] == pb[1]
                if a.role == "circle":
                    assert signed_area(a.points) > 0 and signed_area(b.points) > 0
                continue
            # same shape reflected: every point of one has its mirror image in the other
            mirrored = sorted((round(2 * axis - x, 6), round(y, 6)) for x, y in a.points)
            assert mirrored == sorted((round(x, 6), round(y, 6)) for x, y in b.points), kind


@pytest.mark.parametrize("side", ["left", "right", "center"])
def test_one_sided_strokes_draw_once_on_their_side(style, side) -> None:  # type: ignore[no-untyped-def]
    frame = fit_frame(HALF_A5, MAP_ASPECT)
    axis = frame.x + frame.width / 2
    shapes = plan_diagram(
        [make("press", "shoulder-blade", side)], None, HALF_A5, style, with_map=False
    ).shapes
    assert {s.instance for s in shapes} == {0}
    cx = sum(x for s in shapes for x, _ in s.points) / sum(len(s.points) for s in shapes)
    expected = {"left": cx < axis - 1, "right": cx > axis + 1, "center": abs(cx - axis) < 1e-6}
    assert expected[side]


def signed_area(points) -> float:  # type: ignore[no-untyped-def]
    """Shoelace area of the closed polygon: positive when the points run anticlockwise."""
    ring = [*points, points[0]]
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def test_anticlockwise_turns_anticlockwise_on_the_page(style) -> None:  # type: ignore[no-untyped-def]
    # PDF y grows upward: an anticlockwise path has a positive signed area
    assert signed_area(circle_arc((0, 0), 10, "anticlockwise")) > 0
    assert signed_area(circle_arc((0, 0), 10, "clockwise")) < 0
    for turn, sign in (("anticlockwise", 1), ("clockwise", -1)):
        stroke = Stroke("circle", ("mid-back",), "left", turn)  # type: ignore[arg-type]
        shapes = plan_diagram([stroke], None, HALF_A5, style, with_map=False).shapes
        arc = next(s for s in shapes if s.role == "circle")
        assert math.copysign(1, signed_area(arc.points)) == sign
        # the arrowhead sits at the arc's end and points along the turn
        head = next(s for s in shapes if s.role == "arrowhead")
        cx = sum(x for x, _ in arc.points) / len(arc.points)
        cy = sum(y for _, y in arc.points) / len(arc.points)
        tip = head.points[0]
        base = (
            (head.points[1][0] + head.points[2][0]) / 2,
            (head.points[1][1] + head.points[2][1]) / 2,
        )
        cross = (base[0] - cx) * (tip[1] - base[1]) - (base[1] - cy) * (tip[0] - base[0])
        assert math.copysign(1, cross) == sign


def test_glide_arrow_points_from_start_to_end(style) -> None:  # type: ignore[no-untyped-def]
    stroke = Stroke("glide", ("spine-base", "spine-top"), "center")
    shapes = plan_diagram([stroke], None, HALF_A5, style, with_map=False).shapes
    head = next(s for s in shapes if s.role == "arrowhead")
    line = next(s for s in shapes if s.role == "glide")
    frame = fit_frame(HALF_A5, MAP_ASPECT)
    top = frame(BACK.landmark("spine-top"))
    assert math.dist(head.points[0], top) < 1e-6  # tip exactly on the end landmark
    assert line.points[0][1] < line.points[-1][1]  # goes up the page: head is at the top


def test_path_curves_through_its_points(style) -> None:  # type: ignore[no-untyped-def]
    stroke = Stroke("glide", ("waist", "mid-back", "shoulder"), "left")
    shapes = plan_diagram([stroke], None, HALF_A5, style, with_map=False).shapes
    line = next(s for s in shapes if s.role == "glide")
    frame = fit_frame(HALF_A5, MAP_ASPECT)
    mid = frame(BACK.landmark("mid-back"))
    assert min(math.dist(mid, p) for p in line.points) < 1e-6
    assert len(line.points) > 3  # sampled curve, not a polyline of the three points


def test_line_weights_scale_with_box_and_have_floors(style) -> None:  # type: ignore[no-untyped-def]
    # Hand-picked style values, so the expected widths below are worked out by hand.
    own = replace(style, line_weight=0.01, line_floor=2.0)

    def glide_width(box) -> float:  # type: ignore[no-untyped-def]
        shapes = plan_diagram([make("glide", "waist", "left")], None, box, own, with_map=False)
        return next(s.width for s in shapes.shapes if s.stroke and not s.closed)

    # A 5000 × 1000 pt box: the map's frame is 1000 pt tall, 1 % of it is 10 pt.
    assert glide_width((0, 0, 5000, 1000)) == pytest.approx(10.0)
    # 600 pt tall: 6 pt; 100 pt tall: 1 pt, below the 2 pt floor.
    assert glide_width((0, 0, 5000, 600)) == pytest.approx(6.0)
    assert glide_width((0, 0, 5000, 100)) == pytest.approx(2.0)
    # A 100 × 100 pt box holds a frame 70 pt wide (the map is 0.7 as wide as tall).
    assert fit_frame((0, 0, 100, 100), MAP_ASPECT).width == pytest.approx(70.0)


MAP_PAINT = {"body_fill", "body_line", "spine", "blade"}


def test_empty_diagram_draws_only_the_map(style) -> None:  # type: ignore[no-untyped-def]
    assert plan_diagram([], None, THUMB, style, with_map=False).shapes == ()
    drawing = plan_diagram([], None, HALF_A5, style)
    shapes = drawing.shapes
    assert len(shapes) >= 5, "torso, head, arms, blades and spine"
    for shape in shapes:
        assert {shape.stroke, shape.fill} - {None} <= MAP_PAINT, shape.role
    # Exactly what a drawing with a stroke has under the stroke.
    with_stroke = plan_diagram([make("glide", "waist", "left")], None, HALF_A5, style).shapes
    assert with_stroke[: len(shapes)] == shapes
    assert all({s.stroke, s.fill} - {None} - MAP_PAINT for s in with_stroke[len(shapes) :])
    # The map fills its frame: from the head's top to the bottom of the torso.
    frame = fit_frame(HALF_A5, MAP_ASPECT)
    x0, y0, x1, y1 = drawing.bounds()
    assert y1 - y0 > 0.8 * frame.height and x1 - x0 > 0.6 * frame.width


def test_empty_diagram_renders_the_map_and_no_ink(style) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(420, 360), invariant=1)
    draw_diagram(canvas, [], None, *HALF_A5, style)
    canvas.showPage()
    canvas.save()
    pdf = pypdfium2.PdfDocument(buffer.getvalue())
    image = pdf[0].render(scale=1).to_pil().convert("RGB")
    pdf.close()
    colours = {rgb for _, rgb in image.getcolors(maxcolors=1 << 20)}

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        h = hex_colour.lstrip("#")
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))

    def near(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
        return max(abs(u - v) for u, v in zip(a, b, strict=True)) <= 3

    assert any(near(c, rgb(style.body_fill)) for c in colours), "the body is painted"
    for key in ("ink", "ink_soft", "hold_fill", "stance_fill"):
        assert not any(near(c, rgb(getattr(style, key))) for c in colours), key


def test_legend_names_every_glyph_kind(style, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kinds = {kind for kind, _ in LEGEND_ENTRIES}
    assert set(STROKE_KINDS) <= kinds and "stance" in kinds
    lay = load_layout("diagrams", DiagramsLayout)
    family = register_family(lay.fonts)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 300), initialFontName=family.regular, invariant=1)
    height = legend_height(280, 8, style, family.regular)
    draw_legend(canvas, 10, 290 - height, 280, height, style, family.regular, 8, "#000000")
    canvas.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        text = pdf.pages[0].extract_text()
        chars = pdf.pages[0].chars
    for kind, label in LEGEND_ENTRIES:
        assert label.split(":")[0] in text, kind
    assert all(c["x0"] >= 10 and c["x1"] <= 290 and c["top"] >= 10 - 1e-6 for c in chars)


@pytest.mark.slow
def test_diagrams_command_writes_a_labelled_review_sheet(tmp_path: Path, generated) -> None:  # type: ignore[no-untyped-def]
    content = generated(steps=12, techniques=8)
    result = CliRunner().invoke(
        main, ["diagrams", "--content", str(content), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    pdf_path = tmp_path / "out" / "diagrams.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        for page in pdf.pages:
            assert (page.width, page.height) == pytest.approx((595.28, 841.89), abs=0.01)
            for c in page.chars:
                assert c["x0"] >= 0 and c["x1"] <= page.width
    for i in range(8):
        assert f"Technique {i} (tech-{i})" in text
    for n in range(1, 13):
        assert f"routine-0 · step {n}:" in text
    for kind, label in LEGEND_ENTRIES:
        assert label in text, kind
    # the pages render, and the diagrams put ink on them
    doc = pypdfium2.PdfDocument(str(pdf_path))
    image = doc[0].render(scale=0.5).to_pil().convert("L")
    assert image.getextrema()[0] < 128
    doc.close()


def test_step_without_diagram_gets_none(generated) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from massage_print.content.validation import load_book
    from massage_print.diagrams.sheet import entries

    content = generated(steps=4, techniques=2)
    data = yaml.safe_load((content / "techniques.yaml").read_text())
    del data["techniques"][0]["diagram"]  # steps 1 and 3 use tech-0 and declare nothing
    (content / "techniques.yaml").write_text(yaml.safe_dump(data))
    book = load_book(content)
    steps = book.routines[0].steps
    assert [bool(s.diagram) for s in steps] == [False, True, False, True]
    labels = [e.label for e in entries(book)]
    assert labels == [
        "Technique 1 (tech-1)",
        "routine-0 · step 2: Generated step 1",
        "routine-0 · step 4: Generated step 3",
    ]
