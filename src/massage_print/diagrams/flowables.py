"""The diagram and the legend as platypus Flowables (for the booklet's story).

Apart from :mod:`.draw`, so that only the outputs built with platypus import it.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from ..content.model import BodyMap, Stroke
from ..layout.schema import DiagramStyle
from .draw import LegendTexts, draw_diagram, draw_legend, legend_height


class DiagramFlowable(Flowable):  # type: ignore[misc]
    """A diagram as a platypus Flowable of a fixed size."""

    def __init__(
        self,
        strokes: Sequence[Stroke],
        stance: str | None,
        width: float,
        height: float,
        style: DiagramStyle,
        *,
        view: BodyMap | None = None,
        caption_font: str | None = None,
        language: str = "en",
    ) -> None:
        super().__init__()
        self.language = language
        self.strokes = tuple(strokes)
        self.stance = stance
        self.width = width
        self.height = height
        self.style = style
        self.view = view
        self.caption_font = caption_font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        draw_diagram(
            self.canv,
            self.strokes,
            self.stance,
            0,
            0,
            self.width,
            self.height,
            self.style,
            view=self.view,
            caption_font=self.caption_font,
            language=self.language,
        )


class LegendFlowable(Flowable):  # type: ignore[misc]
    """The legend as a Flowable filling the available width."""

    def __init__(
        self,
        width: float,
        style: DiagramStyle,
        font_name: str,
        font_size: float,
        text_colour: str,
        texts: LegendTexts | None = None,
    ) -> None:
        super().__init__()
        self.width = width
        self.style = style
        self.font_name = font_name
        self.font_size = font_size
        self.text_colour = text_colour
        self.texts = texts
        self.height = legend_height(width, font_size, style, font_name, texts)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        draw_legend(
            self.canv,
            0,
            0,
            self.width,
            self.height,
            self.style,
            self.font_name,
            self.font_size,
            self.text_colour,
            self.texts,
        )
