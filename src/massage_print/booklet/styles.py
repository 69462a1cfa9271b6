"""Paragraph styles and page geometry of the booklet, all taken from a :class:`BookletLayout`.

The styles are data: :data:`STYLE_SPECS` names, for each style, the layout values it takes
(dotted paths into the layout, such as ``text.size``); :class:`Styles` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

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


Font = Literal["regular", "bold", "italic"]
Align = Literal["left", "centre", "right"]
ALIGNMENTS = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT}


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style as data. ``size``, ``indent`` and the spaces are dotted paths to
    layout values (``before``/``after`` add up the values they name); ``colour`` is a field of
    the layout's ``colours``. ``title`` sets the leading from ``text.title_leading`` instead of
    ``text.leading``; ``keep`` keeps the paragraph with the next one."""

    size: str
    font: Font = "regular"
    colour: str = "text"
    align: Align = "left"
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    indent: str | None = None
    title: bool = False
    keep: bool = False


BODY, SMALL = "text.size", "text.small_size"
GAP, ITEM, INDENT = ("text.paragraph_space",), ("text.item_space",), "text.list_indent"
STYLE_SPECS: dict[str, StyleSpec] = {
    "body": StyleSpec(BODY, after=GAP),
    "body_tight": StyleSpec(BODY),
    "small": StyleSpec(SMALL, colour="muted"),
    "small_text": StyleSpec(SMALL, after=ITEM),
    "used_in": StyleSpec(SMALL, before=ITEM),
    "bullet": StyleSpec(BODY, indent=INDENT, after=ITEM),
    "last_bullet": StyleSpec(BODY, indent=INDENT, after=GAP),
    "cue": StyleSpec(BODY, indent=INDENT, after=ITEM),
    "chapter": StyleSpec(
        "chapter.size", "bold", "accent", after=("chapter.space",), title=True, keep=True
    ),
    "chapter_after": StyleSpec(
        "chapter.size",
        "bold",
        "accent",
        before=("chapter.space", "heading.space"),
        after=("chapter.space",),
        title=True,
        keep=True,
    ),
    "heading": StyleSpec(
        "heading.size",
        "bold",
        "accent",
        before=("heading.space",),
        after=ITEM,
        title=True,
        keep=True,
    ),
    "subheading": StyleSpec(BODY, "bold", after=ITEM, keep=True),
    "label": StyleSpec(SMALL, "bold", "muted", keep=True),
    "head": StyleSpec("head.size", colour="muted"),
    "step_number": StyleSpec("step.number_size", "bold", "accent", "centre", title=True),
    "step_title": StyleSpec("step.title_size", "bold", title=True),
    "section_band": StyleSpec(SMALL),
    "continued": StyleSpec(SMALL, "italic", "muted"),
    "continued_top": StyleSpec(SMALL, "italic", "muted", after=ITEM),
    "continued_right": StyleSpec(SMALL, "italic", "muted", "right"),
    "fact_label": StyleSpec("step.fact_label_size", "bold", "muted"),
    "fact": StyleSpec("step.fact_size", after=ITEM),
    "box_caution": StyleSpec(BODY, "bold", "caution"),
    "box_text": StyleSpec(BODY),
    "box_bullet": StyleSpec(BODY, indent=INDENT),
    "toc": StyleSpec("toc.size"),
    "toc_section": StyleSpec("toc.size", indent="toc.indent"),
    "toc_strong": StyleSpec("toc.size", "bold"),
    "toc_heading": StyleSpec("toc.size", "bold", "accent"),
    "toc_page": StyleSpec("toc.size", align="right"),
    "cover_title": StyleSpec("cover.title_size", "bold", title=True),
    "cover_subtitle": StyleSpec("cover.subtitle_size"),
    "cover_meta": StyleSpec("cover.meta_size", colour="muted"),
    "centre_title": StyleSpec("heading.size", "bold", "accent", "centre", after=ITEM, title=True),
    "centre": StyleSpec(BODY, align="centre", after=ITEM),
    "centre_small": StyleSpec(SMALL, colour="muted", align="centre"),
    "glossary_name": StyleSpec("heading.size", "bold", "accent", title=True, keep=True),
    "guide_title": StyleSpec("guide.title_size", "bold", "accent", after=GAP, title=True),
    "guide": StyleSpec("guide.size", after=ITEM),
}
"""Every paragraph style of the booklet, by the attribute :class:`Styles` gives it (the
ReportLab style name is the key with hyphens)."""


def layout_value(layout: object, path: str) -> float:
    """The number at dotted ``path`` in ``layout`` (``"text.size"``)."""
    value: object = layout
    for part in path.split("."):
        value = getattr(value, part)
    if not isinstance(value, int | float):
        raise TypeError(f"layout value {path} is not a number")
    return float(value)


def build_style(
    name: str,
    spec: StyleSpec,
    layout: BookletLayout,
    family: FontFamily,
    hyphenation: Any = None,
) -> ParagraphStyle:
    """The paragraph style of ``spec``; ``hyphenation`` splits words at the book language's
    hyphenation points (see :meth:`massage_print.text.Hyphenator.reportlab`; None: lines
    break at spaces, soft hyphens and hyphens only)."""
    size = layout_value(layout, spec.size)
    fonts = {"regular": family.regular, "bold": family.bold, "italic": family.italic}
    leading = layout.text.title_leading if spec.title else layout.text.leading
    before = 0.0
    for path in spec.before:
        before += layout_value(layout, path)
    after = 0.0
    for path in spec.after:
        after += layout_value(layout, path)
    return ParagraphStyle(
        name,
        fontName=fonts[spec.font],
        fontSize=size,
        leading=size * leading,
        textColor=colour(getattr(layout.colours, spec.colour)),
        alignment=ALIGNMENTS[spec.align],
        spaceBefore=before,
        spaceAfter=after,
        leftIndent=layout_value(layout, spec.indent) if spec.indent else 0.0,
        bulletFontName=family.bold,
        bulletFontSize=size,
        bulletIndent=0,
        allowWidows=0,
        allowOrphans=0,
        keepWithNext=1 if spec.keep else 0,
        linkUnderline=0,
        hyphenationLang=hyphenation or "",
        embeddedHyphenation=1,
    )


class Styles:
    """Every paragraph style the booklet uses (:data:`STYLE_SPECS`), built once per layout."""

    body: ParagraphStyle
    body_tight: ParagraphStyle
    small: ParagraphStyle
    small_text: ParagraphStyle
    used_in: ParagraphStyle
    bullet: ParagraphStyle
    last_bullet: ParagraphStyle
    cue: ParagraphStyle
    chapter: ParagraphStyle
    chapter_after: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    label: ParagraphStyle
    head: ParagraphStyle
    step_number: ParagraphStyle
    step_title: ParagraphStyle
    section_band: ParagraphStyle
    continued: ParagraphStyle
    continued_top: ParagraphStyle
    continued_right: ParagraphStyle
    fact_label: ParagraphStyle
    fact: ParagraphStyle
    box_caution: ParagraphStyle
    box_text: ParagraphStyle
    box_bullet: ParagraphStyle
    toc: ParagraphStyle
    toc_section: ParagraphStyle
    toc_strong: ParagraphStyle
    toc_heading: ParagraphStyle
    toc_page: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_meta: ParagraphStyle
    centre_title: ParagraphStyle
    centre: ParagraphStyle
    centre_small: ParagraphStyle
    glossary_name: ParagraphStyle
    guide_title: ParagraphStyle
    guide: ParagraphStyle

    def __init__(self, layout: BookletLayout, family: FontFamily, hyphenation: Any = None) -> None:
        self.layout = layout
        self.family = family
        for key, spec in STYLE_SPECS.items():
            style = build_style(key.replace("_", "-"), spec, layout, family, hyphenation)
            setattr(self, key, style)
