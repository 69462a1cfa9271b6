"""Stroke diagrams: the map of the back, the stroke glyphs, the legend, the review sheet.

Names are imported from their modules when first used, so that a user of the SVG diagrams
(:mod:`.svg`, ReportLab-free) or of the geometry does not import ReportLab, nor a user of the
canvas functions platypus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazyexports import lazy_exports

if TYPE_CHECKING:
    from .draw import (
        LEGEND_ENTRIES,
        LegendTexts,
        draw_diagram,
        draw_legend,
        legend_height,
        legend_labels,
    )
    from .flowables import DiagramFlowable, LegendFlowable
    from .geometry import Drawing, Shape, plan_diagram

_HOMES = {
    "LEGEND_ENTRIES": "draw",
    "LegendTexts": "draw",
    "draw_diagram": "draw",
    "draw_legend": "draw",
    "legend_height": "draw",
    "legend_labels": "draw",
    "DiagramFlowable": "flowables",
    "LegendFlowable": "flowables",
    "Drawing": "geometry",
    "Shape": "geometry",
    "plan_diagram": "geometry",
}

__all__ = [
    "LEGEND_ENTRIES",
    "DiagramFlowable",
    "Drawing",
    "LegendFlowable",
    "LegendTexts",
    "Shape",
    "draw_diagram",
    "draw_legend",
    "legend_height",
    "legend_labels",
    "plan_diagram",
]


__getattr__ = lazy_exports(__name__, _HOMES)
