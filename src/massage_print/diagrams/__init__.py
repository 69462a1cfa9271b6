"""Stroke diagrams: the map of the back, the stroke glyphs, the legend, the review sheet."""

from .draw import (
    LEGEND_ENTRIES,
    DiagramFlowable,
    LegendFlowable,
    LegendTexts,
    draw_diagram,
    draw_legend,
    legend_height,
    legend_labels,
)
from .geometry import Drawing, Shape, plan_diagram

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
