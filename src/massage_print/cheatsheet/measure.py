"""What the cheat-sheet planner knows of fonts and drawings.

The planner sees text only through :class:`Metrics` (advance widths at size 1, the font's
ascent and descent, the legend's height and the diagram map's aspect), so it can be tested with
made-up metrics; its lines are broken by the one text engine (:mod:`massage_print.text`).
:class:`ReportLabMetrics` is the real one, backed by the embedded fonts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ..layout.schema import DiagramStyle
from ..text import Measure

if TYPE_CHECKING:
    from ..diagrams import LegendTexts


class Metrics(Measure, Protocol):
    """What the planner needs to know about fonts and drawings."""

    @property
    def ascent(self) -> float:
        """Height above the baseline, at size 1."""
        ...

    @property
    def descent(self) -> float:
        """Depth below the baseline (positive), at size 1."""
        ...

    @property
    def map_aspect(self) -> float:
        """Width / height of the diagram map."""
        ...

    def legend_height(self, width: float, size: float) -> float:
        """Height the stroke legend needs in ``width`` with type of ``size``."""
        ...


class ReportLabMetrics:
    """Metrics of the registered font family (widths cached per text and style)."""

    def __init__(
        self,
        regular: str,
        bold: str,
        italic: str,
        bold_italic: str,
        style: DiagramStyle,
        legend: LegendTexts | None = None,
    ) -> None:
        from reportlab.pdfbase import pdfmetrics

        from ..content.views import builtin_view

        self._names = {
            (False, False): regular,
            (True, False): bold,
            (False, True): italic,
            (True, True): bold_italic,
        }
        self._string_width = pdfmetrics.stringWidth
        self._widths: list[list[dict[str, float]]] = [[{}, {}], [{}, {}]]
        """Widths by boldness, italicness and text (the text engine asks for every word)."""
        self._legend_cache: dict[tuple[float, float], float] = {}
        self._style = style
        self._legend = legend
        ascent, descent = pdfmetrics.getAscentDescent(regular, 1.0)
        self._ascent = float(ascent)
        self._descent = float(-descent)
        self._map_aspect = builtin_view().aspect

    @property
    def ascent(self) -> float:
        return self._ascent

    @property
    def descent(self) -> float:
        return self._descent

    @property
    def map_aspect(self) -> float:
        return self._map_aspect

    def font(self, bold: bool, italic: bool) -> str:
        return self._names[(bold, italic)]

    def width(self, text: str, bold: bool, italic: bool) -> float:
        widths = self._widths[bold][italic]
        cached = widths.get(text)
        if cached is None:
            cached = float(self._string_width(text, self._names[(bold, italic)], 1.0))
            widths[text] = cached
        return cached

    def legend_height(self, width: float, size: float) -> float:
        key = (width, size)
        cached = self._legend_cache.get(key)
        if cached is None:
            from ..diagrams import legend_height

            cached = float(
                legend_height(width, size, self._style, self._names[(False, False)], self._legend)
            )
            self._legend_cache[key] = cached
        return cached
