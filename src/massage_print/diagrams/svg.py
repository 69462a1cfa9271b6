"""Stroke diagrams as SVG text, drawn from the same planned shapes as the PDFs.

No ReportLab: :func:`~massage_print.diagrams.geometry.plan_diagram` gives the shapes in points
(y up); this writes them as SVG paths (y down) with the layout's colours. Numbers are rounded
to two decimals, so files are small and the same diagram always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..content.model import BodyMap, Stroke
from ..content.views import builtin_view
from ..layout.schema import DiagramStyle
from .geometry import Shape, plan_diagram


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path(shape: Shape, height: float) -> str:
    first, *rest = shape.points
    parts = [f"M{_num(first[0])} {_num(height - first[1])}"]
    parts += [f"L{_num(x)} {_num(height - y)}" for x, y in rest]
    if shape.closed:
        parts.append("Z")
    return "".join(parts)


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
    """
    view = view or builtin_view()
    width = height * view.aspect
    drawing = plan_diagram(strokes, stance, (0.0, 0.0, width, height), style, view=view)
    body = [e for shape in drawing.shapes if (e := _element(shape, height, style)) is not None]
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
