"""Stroke diagrams as SVG text, drawn from the same planned shapes as the PDFs.

No ReportLab: :func:`~massage_print.diagrams.geometry.plan_diagram` gives the shapes in points
(y up); this writes them as SVG paths (y down) with the layout's colours. Numbers are rounded
to two decimals, so files are small and the same diagram always gives the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from ..content.model import BodyMap, Stroke
from ..content.views import builtin_view
from ..layout.schema import DiagramStyle
from .geometry import DiagramParts, Shape, plan_diagram


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _nums(values: Iterable[float]) -> list[str]:
    """:func:`_num` of each value (without a call per number: diagrams have thousands)."""
    texts = [f"{value:.2f}".rstrip("0").rstrip(".") for value in values]
    return [text if text not in ("-0", "") else "0" for text in texts]


def _path(shape: Shape, height: float) -> str:
    numbers = _nums([c for x, y in shape.points for c in (x, height - y)])
    text = "M" + "L".join(map(" ".join, zip(numbers[::2], numbers[1::2], strict=True)))
    return text + "Z" if shape.closed else text


def _element(shape: Shape, height: float, style: DiagramStyle) -> str | None:
    if len(shape.points) < 2 and not shape.fill:
        return None
    stroke = bool(shape.stroke) and shape.width > 0
    attrs = [f'd="{_path(shape, height)}"']
    attrs.append(f'fill="{getattr(style, shape.fill)}"' if shape.fill else 'fill="none"')
    if stroke:
        attrs.append(f'stroke="{getattr(style, shape.stroke or "ink")}"')
        attrs.append(f'stroke-width="{_num(shape.width)}"')
        if shape.dash:
            attrs.append(f'stroke-dasharray="{" ".join(_num(d) for d in shape.dash)}"')
    elif not shape.fill:
        return None
    return f"<path {' '.join(attrs)}/>"


def _elements(shapes: Iterable[Shape], height: float, style: DiagramStyle) -> list[str]:
    return [e for shape in shapes if (e := _element(shape, height, style)) is not None]


@functools.lru_cache(maxsize=16)
def _map_elements(view: BodyMap, height: float, style: DiagramStyle) -> tuple[str, ...] | None:
    """The body map's paths in a diagram of this height, or None when the map alone spills
    out of its box (then :func:`contain` shrinks the whole drawing, map and strokes)."""
    width = height * view.aspect
    drawing = plan_diagram((), None, (0.0, 0.0, width, height), style, view=view)
    return None if drawing.shrunk else tuple(_elements(drawing.shapes, height, style))


def diagram_svg(
    strokes: Sequence[Stroke],
    stance: str | None,
    height: float,
    style: DiagramStyle,
    title: str = "",
    view: BodyMap | None = None,
) -> bytes:
    """One diagram (the body map, its strokes and the stance marker) as a standalone SVG.

    ``height`` (points) sets the drawing's own scale, as for a printed diagram of that height:
    line widths have floors, so it decides how bold lines look once the SVG is scaled.
    The map's paths are written once per view, height and style, and reused while neither
    the map nor the strokes spill out of the box (what :func:`plan_diagram` gives then).
    """
    view = view or builtin_view()
    width = height * view.aspect
    parts = DiagramParts.of(strokes, stance, (0.0, 0.0, width, height), style, view)
    marks = parts.without_map()
    base = None if marks.shrunk else _map_elements(view, height, style)
    if base is None:
        body = _elements(parts.with_map().shapes, height, style)
    else:
        body = [*base, *_elements(marks.shapes, height, style)]
    label = f"<title>{_escape(title)}</title>" if title else ""
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}pt" height="{_num(height)}pt" '
        'stroke-linejoin="round" stroke-linecap="round">'
    )
    return (head + label + "".join(body) + "</svg>\n").encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
