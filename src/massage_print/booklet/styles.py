"""Paragraph styles and page geometry of the booklet, all taken from a :class:`BookletLayout`."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..errors import MassagePrintError
from ..layout.schema import BookletLayout
from ..pdf.fonts import FontFamily


@dataclass(frozen=True)
class Geometry:
    """The page and its text area; the text area's x depends on the page's side."""

    width: float
    height: float
    frame_width: float
    frame_height: float
    bottom: float
    """y of the text area's lower edge."""
    recto_left: float
    """x of the text area on odd (right-hand) pages: the inner margin is on the left."""
    verso_left: float

    @classmethod
    def of(cls, layout: BookletLayout) -> Geometry:
        width, height = layout.page
        m = layout.margins
        frame_width = width - m.inner - m.outer
        frame_height = height - m.top - m.bottom
        if frame_width <= 0 or frame_height <= 0:
            raise MassagePrintError("booklet layout: the margins leave no room on the page")
        return cls(width, height, frame_width, frame_height, m.bottom, m.inner, m.outer)

    def left(self, page: int) -> float:
        """x of the text area's left edge on 1-based page ``page``."""
        return self.recto_left if page % 2 else self.verso_left

    @property
    def top(self) -> float:
        return self.bottom + self.frame_height


def colour(value: str) -> Color:
    return HexColor(value)


class Styles:
    """Every paragraph style the booklet uses, built once per layout."""

    def __init__(self, layout: BookletLayout, family: FontFamily) -> None:
        self.layout = layout
        self.family = family
        c = layout.colours

        def style(
            name: str,
            size: float,
            *,
            font: str | None = None,
            colour_name: str = c.text,
            align: int = TA_LEFT,
            before: float = 0.0,
            after: float = 0.0,
            indent: float = 0.0,
            title: bool = False,
            keep: bool = False,
        ) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=font or family.regular,
                fontSize=size,
                leading=size * (layout.title_leading if title else layout.leading),
                textColor=colour(colour_name),
                alignment=align,
                spaceBefore=before,
                spaceAfter=after,
                leftIndent=indent,
                bulletFontName=family.bold,
                bulletFontSize=size,
                bulletIndent=0,
                allowWidows=0,
                allowOrphans=0,
                keepWithNext=1 if keep else 0,
                linkUnderline=0,
            )

        body = layout.body_size
        small = layout.small_size
        gap = layout.paragraph_space
        item = layout.item_space
        self.body = style("body", body, after=gap)
        self.body_tight = style("body-tight", body)
        self.small = style("small", small, colour_name=c.muted)
        self.small_text = style("small-text", small, after=item)
        self.used_in = style("used-in", small, before=item)
        self.bullet = style("bullet", body, indent=layout.list_indent, after=item)
        self.last_bullet = style("last-bullet", body, indent=layout.list_indent, after=gap)
        self.cue = style("cue", body, indent=layout.list_indent, after=item)
        self.chapter = style(
            "chapter",
            layout.chapter_size,
            font=family.bold,
            colour_name=c.accent,
            after=layout.chapter_space,
            title=True,
            keep=True,
        )
        self.chapter_after = style(
            "chapter-after",
            layout.chapter_size,
            font=family.bold,
            colour_name=c.accent,
            before=layout.chapter_space + layout.heading_space,
            after=layout.chapter_space,
            title=True,
            keep=True,
        )
        self.heading = style(
            "heading",
            layout.heading_size,
            font=family.bold,
            colour_name=c.accent,
            before=layout.heading_space,
            after=item,
            title=True,
            keep=True,
        )
        self.subheading = style("subheading", body, font=family.bold, after=item, keep=True)
        self.label = style("label", small, font=family.bold, colour_name=c.muted, keep=True)
        self.head = style("head", layout.head_size, colour_name=c.muted)
        self.step_number = style(
            "step-number",
            layout.step_number_size,
            font=family.bold,
            colour_name=c.accent,
            align=TA_CENTER,
            title=True,
        )
        self.step_title = style("step-title", layout.step_title_size, font=family.bold, title=True)
        self.section_band = style("section-band", small, colour_name=c.text)
        self.continued = style("continued", small, font=family.italic, colour_name=c.muted)
        self.continued_top = style(
            "continued-top", small, font=family.italic, colour_name=c.muted, after=item
        )
        self.continued_right = style(
            "continued-right", small, font=family.italic, colour_name=c.muted, align=TA_RIGHT
        )
        self.fact_label = style(
            "fact-label", layout.fact_label_size, font=family.bold, colour_name=c.muted
        )
        self.fact = style("fact", layout.fact_size, after=item)
        self.box_caution = style("box-caution", body, font=family.bold, colour_name=c.caution)
        self.box_text = style("box-text", body)
        self.box_bullet = style("box-bullet", body, indent=layout.list_indent)
        self.toc = style("toc", layout.toc_size)
        self.toc_section = style("toc-section", layout.toc_size, indent=layout.toc_indent)
        self.toc_strong = style("toc-strong", layout.toc_size, font=family.bold)
        self.toc_heading = style(
            "toc-heading", layout.toc_size, font=family.bold, colour_name=c.accent
        )
        self.toc_page = style("toc-page", layout.toc_size, align=TA_RIGHT)
        self.cover_title = style(
            "cover-title", layout.cover_title_size, font=family.bold, title=True
        )
        self.cover_subtitle = style("cover-subtitle", layout.cover_subtitle_size)
        self.cover_meta = style("cover-meta", layout.cover_meta_size, colour_name=c.muted)
        self.centre_title = style(
            "centre-title",
            layout.heading_size,
            font=family.bold,
            colour_name=c.accent,
            align=TA_CENTER,
            title=True,
            after=item,
        )
        self.centre = style("centre", body, align=TA_CENTER, after=item)
        self.centre_small = style("centre-small", small, colour_name=c.muted, align=TA_CENTER)
        self.glossary_name = style(
            "glossary-name",
            layout.heading_size,
            font=family.bold,
            colour_name=c.accent,
            title=True,
            keep=True,
        )
        self.guide_title = style(
            "guide-title",
            layout.guide_title_size,
            font=family.bold,
            colour_name=c.accent,
            title=True,
            after=gap,
        )
        self.guide = style("guide", layout.guide_size, after=item)
