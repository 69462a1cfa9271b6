"""Strokes → positioned shapes on the page: pure geometry, no ReportLab.

:func:`plan_diagram` returns a :class:`Drawing`: a list of :class:`Shape` in page points
(PDF convention, y grows upward) that the renderer draws as they are, and that tests can
measure (bounds, mirror pairs, turning direction) without a PDF.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..content.model import Anchor, BodyMap, Point, Stroke
from ..content.views import builtin_view
from ..layout.schema import DiagramStyle

Box = tuple[float, float, float, float]
"""x, y (lower-left), width, height in points."""


@dataclass(frozen=True)
class Shape:
    """A polyline or polygon in page points, with its paint.

    ``role`` says what it is ("body", "glide", "arrowhead", "tap", ...); colours are keys of
    :class:`DiagramStyle` (e.g. ``"ink"``), resolved by the renderer.
    """

    role: str
    points: tuple[Point, ...]
    closed: bool = False
    stroke: str | None = None
    fill: str | None = None
    width: float = 0.0
    dash: tuple[float, ...] = ()
    stroke_kind: str | None = None
    instance: int = 0


@dataclass(frozen=True)
class Drawing:
    box: Box
    shapes: tuple[Shape, ...]
    shrunk: bool = False
    """True when :func:`contain` had to shrink the drawing to keep it inside its box."""

    def bounds(self) -> tuple[float, float, float, float]:
        """Ink bounds (x0, y0, x1, y1), line half-widths included."""
        x0 = y0 = math.inf
        x1 = y1 = -math.inf
        for shape in self.shapes:
            if not shape.points:
                continue
            pad = shape.width / 2 if shape.stroke else 0.0
            # min(x - pad) is min(x) - pad exactly (rounding is monotonic), and min over a
            # list runs in C: every diagram of every output is measured here.
            xs, ys = zip(*shape.points, strict=True)
            if (low := min(xs) - pad) < x0:
                x0 = low
            if (low := min(ys) - pad) < y0:
                y0 = low
            if (high := max(xs) + pad) > x1:
                x1 = high
            if (high := max(ys) + pad) > y1:
                y1 = high
        return (x0, y0, x1, y1)


@dataclass(frozen=True)
class _Frame:
    """Maps frame coordinates (0..1, y down) into the page box."""

    x: float
    y: float
    height: float
    aspect: float

    @property
    def width(self) -> float:
        return self.height * self.aspect

    def __call__(self, point: Point) -> Point:
        return (self.x + point[0] * self.width, self.y + (1 - point[1]) * self.height)

    def all(self, points: Sequence[Point]) -> tuple[Point, ...]:
        """Every point mapped, as calling the frame on each would."""
        x, y, width, height = self.x, self.y, self.width, self.height
        return tuple([(x + px * width, y + (1 - py) * height) for px, py in points])


def fit_frame(box: Box, aspect: float) -> _Frame:
    """The largest frame of this aspect centred in the box."""
    x, y, width, height = box
    frame_h = min(height, width / aspect)
    frame_w = frame_h * aspect
    return _Frame(x + (width - frame_w) / 2, y + (height - frame_h) / 2, frame_h, aspect)


@dataclass(frozen=True)
class Sizes:
    line: float
    body_line: float
    arrow: float
    glyph: float
    stance: float

    @classmethod
    def of(cls, style: DiagramStyle, height: float) -> Sizes:
        return cls(
            line=max(style.line_weight * height, style.line_floor),
            body_line=max(style.body_line_weight * height, style.body_line_floor),
            arrow=max(style.arrow_size * height, style.arrow_floor),
            glyph=max(style.glyph_size * height, style.glyph_floor),
            stance=max(style.stance_size * height, style.stance_floor),
        )


# -- placing strokes on sides of the spine -----------------------------------------------


def _on_side(anchor: Anchor, side: str, offset: float, view: BodyMap) -> Point:
    """Where an anchor lands for one drawn instance: side is left, right or center."""
    axis = view.axis
    if isinstance(anchor, str):
        point = view.landmark(anchor)
        if side == "center":
            return (axis, point[1])
        if view.is_central(anchor):
            dx = -offset if side == "left" else offset
            return (axis + dx, point[1])
        return point if side == "left" else view.mirror(point)
    x, y = anchor
    if side == "center":
        return (x, y)
    left = min(x, 2 * axis - x)
    return (left, y) if side == "left" else (2 * axis - left, y)


def instances(stroke: Stroke, offset: float, view: BodyMap) -> list[tuple[Point, ...]]:
    """The point lists a stroke is drawn at: a mirror pair for ``both``, else one."""
    if stroke.kind == "hold":
        out: list[tuple[Point, ...]] = []
        for anchor in stroke.points:
            if isinstance(anchor, str) and not view.is_central(anchor):
                out.append((view.landmark(anchor),))
                out.append((view.mirror(view.landmark(anchor)),))
            elif isinstance(anchor, str):
                out.append((view.landmark(anchor),))
            else:
                out.append((anchor,))
        return out
    sides = ("left", "right") if stroke.side == "both" else (stroke.side,)
    return [tuple(_on_side(a, side, offset, view) for a in stroke.points) for side in sides]


# -- curves and glyph helpers ---------------------------------------------------------------


def smooth(points: Sequence[Point], samples: int = 10) -> list[Point]:
    """A Catmull-Rom curve through the points (straight for two points)."""
    if len(points) < 3:
        return list(points)
    out: list[Point] = [points[0]]
    add = out.append
    padded = [points[0], *points, points[-1]]
    ts = _powers(samples)
    for i in range(1, len(padded) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = (
            padded[i - 1],
            padded[i],
            padded[i + 1],
            padded[i + 2],
        )
        # each coordinate is 0.5 * (2 p1 + (-p0 + p2) t + (2 p0 - 5 p1 + 4 p2 - p3) t² +
        # (-p0 + 3 p1 - 3 p2 + p3) t³), summed left to right
        ax, bx = 2 * x1, -x0 + x2
        cx, dx = 2 * x0 - 5 * x1 + 4 * x2 - x3, -x0 + 3 * x1 - 3 * x2 + x3
        ay, by = 2 * y1, -y0 + y2
        cy, dy = 2 * y0 - 5 * y1 + 4 * y2 - y3, -y0 + 3 * y1 - 3 * y2 + y3
        for t, t2, t3 in ts:
            add((0.5 * (ax + bx * t + cx * t2 + dx * t3), 0.5 * (ay + by * t + cy * t2 + dy * t3)))
    return out


@functools.cache
def _powers(samples: int) -> tuple[tuple[float, float, float], ...]:
    """(t, t², t³) for t = 1/samples ... 1."""
    out = []
    for step in range(1, samples + 1):
        t = step / samples
        out.append((t, t * t, t * t * t))
    return tuple(out)


def smooth_closed(points: Sequence[Point], samples: int = 6) -> list[Point]:
    """A closed Catmull-Rom outline through the points."""
    ring = [points[-1], *points, points[0], points[1]]
    return smooth(ring, samples)[samples:-samples] if len(points) >= 3 else list(points)


def _length(points: Sequence[Point]) -> float:
    return sum(map(math.dist, points[:-1], points[1:]))


def _trim_end(points: list[Point], amount: float) -> list[Point]:
    """Shorten a polyline at its end by ``amount`` (so an arrowhead's tip lands on the end)."""
    out = list(points)
    while len(out) >= 2 and amount > 0:
        a, b = out[-2], out[-1]
        seg = math.dist(a, b)
        if seg > amount:
            t = (seg - amount) / seg
            out[-1] = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            return out
        amount -= seg
        out.pop()
    return out


def arrowhead(tip: Point, direction: Point, size: float) -> tuple[Point, ...]:
    """A filled triangle with its tip at ``tip`` pointing along ``direction``."""
    dx, dy = direction
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    back = (tip[0] - ux * size, tip[1] - uy * size)
    half = size * 0.45
    return (
        tip,
        (back[0] - uy * half, back[1] + ux * half),
        (back[0] + uy * half, back[1] - ux * half),
    )


def _direction(points: Sequence[Point]) -> Point:
    a, b = points[-2], points[-1]
    return (b[0] - a[0], b[1] - a[1])


# -- stroke glyphs ------------------------------------------------------------------------


def path_glyph(kind: str, pts: list[Point], sizes: Sizes, index: int) -> list[Shape]:
    shapes: list[Shape] = []
    curve = smooth(pts)
    if _length(curve) < 1e-6:
        return shapes
    tip = curve[-1]
    direction = _direction(curve)
    if kind == "tap":
        total = _length(curve)
        spacing = max(sizes.glyph * 0.55, sizes.line * 2.5)
        count = max(2, int(total / spacing))
        for i in range(count + 1):
            point, tangent = _at_distance(curve, total * i / count)
            norm = math.hypot(*tangent) or 1.0
            nx, ny = -tangent[1] / norm, tangent[0] / norm
            half = sizes.glyph * 0.45
            shapes.append(
                Shape(
                    "tap",
                    (
                        (point[0] - nx * half, point[1] - ny * half),
                        (point[0] + nx * half, point[1] + ny * half),
                    ),
                    stroke="ink",
                    width=sizes.line,
                    stroke_kind=kind,
                    instance=index,
                )
            )
        shapes.append(
            Shape(
                "arrowhead",
                arrowhead(tip, direction, sizes.arrow * 0.8),
                closed=True,
                fill="ink",
                stroke_kind=kind,
                instance=index,
            )
        )
        return shapes
    body = _trim_end(curve, sizes.arrow * 0.8)
    colour = "ink_soft" if kind == "feather" else "ink"
    dash = (sizes.line * 2.2, sizes.line * 1.8) if kind == "feather" else ()
    width = sizes.line * (0.7 if kind == "feather" else 1.0)
    shapes.append(
        Shape(
            kind,
            tuple(body),
            stroke=colour,
            width=width,
            dash=dash,
            stroke_kind=kind,
            instance=index,
        )
    )
    shapes.append(
        Shape(
            "arrowhead",
            arrowhead(tip, direction, sizes.arrow),
            closed=True,
            fill=colour,
            stroke_kind=kind,
            instance=index,
        )
    )
    return shapes


def _at_distance(points: Sequence[Point], distance: float) -> tuple[Point, Point]:
    remaining = distance
    for a, b in itertools.pairwise(points):
        seg = math.dist(a, b)
        if seg <= 0:
            continue
        if remaining <= seg or (a, b) == (points[-2], points[-1]):
            t = min(1.0, remaining / seg)
            return (
                (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t),
                (b[0] - a[0], b[1] - a[1]),
            )
        remaining -= seg
    a, b = points[-2], points[-1]
    return (b, (b[0] - a[0], b[1] - a[1]))


def circle_arc(centre: Point, radius: float, turn: str, samples: int = 28) -> list[Point]:
    """Points of a 300° arc. ``anticlockwise`` means the angle grows: y is up on the page."""
    cx, cy = centre
    return [(cx + radius * c, cy + radius * s) for c, s in _arc(turn == "anticlockwise", samples)]


@functools.cache
def _arc(anticlockwise: bool, samples: int) -> tuple[tuple[float, float], ...]:
    """Cosine and sine along :func:`circle_arc`'s arc on the unit circle."""
    sign = 1 if anticlockwise else -1
    start = math.radians(120)
    sweep = math.radians(300) * sign
    angles = [start + sweep * i / samples for i in range(samples + 1)]
    return tuple((math.cos(a), math.sin(a)) for a in angles)


@functools.cache
def _round(count: int) -> tuple[tuple[float, float], ...]:
    """Cosine and sine of ``count`` angles evenly round the circle, from 0."""
    angles = [2 * math.pi * i / count for i in range(count)]
    return tuple((math.cos(a), math.sin(a)) for a in angles)


def point_glyph(stroke: Stroke, centre: Point, sizes: Sizes, index: int) -> list[Shape]:
    r = sizes.glyph
    kind = stroke.kind
    if kind == "circle":
        arc = circle_arc(centre, r, stroke.turn or "clockwise")
        body = _trim_end(arc, sizes.arrow * 0.6)
        return [
            Shape(
                "circle",
                tuple(body),
                stroke="ink",
                width=sizes.line,
                stroke_kind=kind,
                instance=index,
            ),
            Shape(
                "arrowhead",
                arrowhead(arc[-1], _direction(arc), sizes.arrow * 0.8),
                closed=True,
                fill="ink",
                stroke_kind=kind,
                instance=index,
            ),
        ]
    if kind == "knead":
        teeth = 6
        zig = tuple(
            (centre[0] - r + 2 * r * i / teeth, centre[1] + (r * 0.55 if i % 2 else -r * 0.55))
            for i in range(teeth + 1)
        )
        return [
            Shape("knead", zig, stroke="ink", width=sizes.line, stroke_kind=kind, instance=index)
        ]
    # press: a target, a dot inside a ring
    ring = _ellipse(centre, r, r, 24)
    dot = _ellipse(centre, r * 0.42, r * 0.42, 16)
    return [
        Shape(
            "press-ring",
            ring,
            closed=True,
            stroke="press_fill",
            width=sizes.line * 0.7,
            stroke_kind=kind,
            instance=index,
        ),
        Shape("press", dot, closed=True, fill="press_fill", stroke_kind=kind, instance=index),
    ]


def hold_glyph(centre: Point, sizes: Sizes, index: int) -> Shape:
    rx, ry = sizes.glyph * 1.25, sizes.glyph * 0.9
    pts = _ellipse(centre, rx, ry, 28)
    return Shape("hold", pts, closed=True, fill="hold_fill", stroke_kind="hold", instance=index)


def stroke_shapes(
    stroke: Stroke, frame: _Frame, sizes: Sizes, offset: float, view: BodyMap
) -> list[Shape]:
    shapes: list[Shape] = []
    for index, pts in enumerate(instances(stroke, offset, view)):
        page = list(frame.all(pts))
        if stroke.kind in ("glide", "feather", "tap"):
            shapes.extend(path_glyph(stroke.kind, page, sizes, index))
        elif stroke.kind == "hold":
            shapes.append(hold_glyph(page[0], sizes, index))
        else:
            shapes.extend(point_glyph(stroke, page[0], sizes, index))
    return shapes


# -- the map and the stance marker ---------------------------------------------------------


def _ellipse(centre: Point, rx: float, ry: float, count: int = 32) -> tuple[Point, ...]:
    cx, cy = centre
    return tuple([(cx + rx * c, cy + ry * s) for c, s in _round(count)])


@functools.cache
def outlines(view: BodyMap) -> tuple[tuple[str, tuple[Point, ...], bool], ...]:
    """The map's shapes as (role, points, closed) in frame coordinates: mirrored, smoothed."""
    out: list[tuple[str, tuple[Point, ...], bool]] = []
    for shape in view.shapes:
        points = list(shape.points)
        if shape.mirror == "join":
            # A closed half runs from the axis to the axis; an open one ends on the axis.
            inner = points[1:-1] if shape.closed else points[:-1]
            tail = [view.mirror(p) for p in reversed(inner)]
            parts = [points + tail]
        elif shape.mirror == "copy":
            parts = [points, [view.mirror(p) for p in points]]
        else:
            parts = [points]
        for part in parts:
            if shape.smooth:
                part = smooth_closed(part) if shape.closed else smooth(part)
            out.append((shape.role, tuple(part), shape.closed))
    return tuple(out)


def map_at_origin(height: float, style: DiagramStyle, view: BodyMap) -> tuple[Shape, ...]:
    """The map's shapes for a frame of this height whose lower-left corner is (0, 0)."""
    frame = _Frame(0.0, 0.0, height, view.aspect)
    return tuple(map_shapes(frame, Sizes.of(style, height), view))


def map_shapes(frame: _Frame, sizes: Sizes, view: BodyMap) -> list[Shape]:
    paints = _map_paints(sizes)
    shapes = []
    for role, points, closed in outlines(view):
        name, stroke, fill, width, dash = paints.get(role, paints["spine"])
        shapes.append(Shape(name, frame.all(points), closed, stroke, fill, width, dash))
    return shapes


_MapPaint = tuple[str, str, str | None, float, tuple[float, ...]]
"""A map shape's role, stroke, fill, width and dash (see :class:`Shape`)."""


def _map_paints(sizes: Sizes) -> dict[str, _MapPaint]:
    """How each kind of map outline is painted, by its role in the view's file."""
    line = sizes.body_line
    spine: _MapPaint = ("spine", "spine", None, line * 1.6, (line * 3, line * 2))
    return {
        "body": ("body", "body_line", "body_fill", line, ()),
        "detail": ("blade", "blade", None, line, ()),
        "spine": spine,
    }


@functools.cache
def _extremes(view: BodyMap) -> tuple[tuple[float, float, float, float] | None, ...]:
    """Each outline's least and greatest x and y (frame coordinates), or None if it is empty.

    A frame maps x and y monotonically (y reversed) with correctly rounded steps, so the
    page bounds of an outline are the mapped extremes: no need to map every point.
    """
    out: list[tuple[float, float, float, float] | None] = []
    for _, points, _ in outlines(view):
        if not points:
            out.append(None)
            continue
        xs, ys = zip(*points, strict=True)
        out.append((min(xs), max(xs), min(ys), max(ys)))
    return tuple(out)


def stance_shapes(stance: str, frame: _Frame, sizes: Sizes, view: BodyMap) -> list[Shape]:
    """The giver's marker beside the map, facing the body."""
    return giver_marker(
        frame(view.stance(stance)), frame((0.5, 0.5)), sizes, astride=stance == "astride"
    )


def giver_marker(spot: Point, toward: Point, sizes: Sizes, *, astride: bool = False) -> list[Shape]:
    """A small figure of the giver seen from above: head, and shoulders facing ``toward``."""
    dx, dy = toward[0] - spot[0], toward[1] - spot[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    r = sizes.stance / 2
    across = (-uy, ux)
    centre = (spot[0] - ux * r * 0.25, spot[1] - uy * r * 0.25)
    x, y = centre
    ax, ay, bx, by = across[0] * r, across[1] * r, ux * r * 0.45, uy * r * 0.45
    shoulders = tuple([(x + ax * c + bx * s, y + ay * c + by * s) for c, s in _round(24)])
    head = _ellipse((spot[0] + ux * r * 0.2, spot[1] + uy * r * 0.2), r * 0.45, r * 0.45, 20)
    shapes = [
        Shape("stance", shoulders, True, "stance_line", "stance_fill", sizes.body_line),
        Shape("stance", head, True, "stance_line", "stance_fill", sizes.body_line),
    ]
    if astride:
        for side in (-1, 1):
            knee = (spot[0] + across[0] * r * 1.5 * side, spot[1] + across[1] * r * 1.5 * side)
            shapes.append(
                Shape("stance", _ellipse(knee, r * 0.3, r * 0.3, 12), True, None, "stance_fill")
            )
    return shapes


# -- the whole drawing -----------------------------------------------------------------------


def plan_diagram(
    strokes: Sequence[Stroke],
    stance: str | None,
    box: Box,
    style: DiagramStyle,
    *,
    view: BodyMap | None = None,
    with_map: bool = True,
) -> Drawing:
    """Everything to draw for one diagram on ``view`` (the back by default), inside ``box``."""
    parts = DiagramParts.of(strokes, stance, box, style, view)
    return parts.with_map() if with_map else parts.without_map()


@dataclass(frozen=True)
class DiagramParts:
    """A diagram's shapes before :func:`contain`: the map's, and the strokes' and stance's.

    :func:`plan_diagram` with and without the map, from one planning of the strokes.
    """

    box: Box
    frame: _Frame
    sizes: Sizes
    view: BodyMap
    marks: tuple[Shape, ...]
    """The strokes (holds first) and the stance marker."""

    @classmethod
    def of(
        cls,
        strokes: Sequence[Stroke],
        stance: str | None,
        box: Box,
        style: DiagramStyle,
        view: BodyMap | None = None,
    ) -> DiagramParts:
        view = view or builtin_view()
        frame = fit_frame(box, view.aspect)
        sizes = Sizes.of(style, frame.height)
        shapes: list[Shape] = []
        holds = [s for s in strokes if s.kind == "hold"]
        others = [s for s in strokes if s.kind != "hold"]
        for stroke in (*holds, *others):
            shapes.extend(stroke_shapes(stroke, frame, sizes, style.side_offset, view))
        if stance:
            shapes.extend(stance_shapes(stance, frame, sizes, view))
        return cls(box, frame, sizes, view, tuple(shapes))

    def without_map(self) -> Drawing:
        return contain(Drawing(self.box, self.marks))

    def with_map(self) -> Drawing:
        """:func:`contain` of the map's shapes and the marks, without placing every point of
        the map twice when the drawing shrinks (the same numbers, computed in one go)."""
        frame, box, view = self.frame, self.box, self.view
        paints = _map_paints(self.sizes)
        roles = [paints.get(role, paints["spine"]) for role, _, _ in outlines(view)]
        fx, fy, fw, fh = frame.x, frame.y, frame.width, frame.height
        x0, y0, x1, y1 = Drawing(box, self.marks).bounds()
        for extremes, paint in zip(_extremes(view), roles, strict=True):
            if extremes is None:
                continue
            low_x, high_x, low_y, high_y = extremes
            pad = paint[3] / 2
            x0 = min(x0, fx + low_x * fw - pad)
            x1 = max(x1, fx + high_x * fw + pad)
            y0 = min(y0, fy + (1 - high_y) * fh - pad)
            y1 = max(y1, fy + (1 - low_y) * fh + pad)
        factor = _factor(box, (x0, y0, x1, y1))
        if factor is None:
            return Drawing(box, (*map_shapes(frame, self.sizes, view), *self.marks))
        x, y, width, height = box
        cx, cy = x + width / 2, y + height / 2
        shapes = [
            Shape(
                paint[0],
                tuple(
                    [
                        (cx + (fx + px * fw - cx) * factor, cy + (fy + (1 - py) * fh - cy) * factor)
                        for px, py in points
                    ]
                ),
                closed,
                paint[1],
                paint[2],
                paint[3] * factor,
                tuple([d * factor for d in paint[4]]),
            )
            for (_, points, closed), paint in zip(outlines(view), roles, strict=True)
        ]
        shapes.extend(_scaled(self.marks, cx, cy, factor))
        return Drawing(box, tuple(shapes), shrunk=True)


def contain(drawing: Drawing) -> Drawing:
    """Shrink a drawing about its box's centre if its ink (line floors included) spills out."""
    factor = _factor(drawing.box, drawing.bounds())
    if factor is None:
        return drawing
    x, y, width, height = drawing.box
    cx, cy = x + width / 2, y + height / 2
    return Drawing(drawing.box, _scaled(drawing.shapes, cx, cy, factor), shrunk=True)


def _factor(box: Box, bounds: tuple[float, float, float, float]) -> float | None:
    """How much :func:`contain` shrinks ink of these bounds, or None if it fits the box."""
    x, y, width, height = box
    x0, y0, x1, y1 = bounds
    if x0 >= x and y0 >= y and x1 <= x + width and y1 <= y + height:
        return None
    cx, cy = x + width / 2, y + height / 2
    factor = min(
        1.0,
        *(
            limit / reach
            for limit, reach in (
                (cx - x, cx - x0),
                (x + width - cx, x1 - cx),
                (cy - y, cy - y0),
                (y + height - cy, y1 - cy),
            )
            if reach > 0
        ),
    )
    return factor * 0.999


def _scaled(shapes: Sequence[Shape], cx: float, cy: float, factor: float) -> tuple[Shape, ...]:
    return tuple(
        Shape(
            shape.role,
            tuple([(cx + (px - cx) * factor, cy + (py - cy) * factor) for px, py in shape.points]),
            shape.closed,
            shape.stroke,
            shape.fill,
            shape.width * factor,
            tuple([d * factor for d in shape.dash]),
            shape.stroke_kind,
            shape.instance,
        )
        for shape in shapes
    )
