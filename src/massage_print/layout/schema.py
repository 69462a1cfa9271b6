"""The typed shape of each layout kind (what ``layouts/*.yaml`` may and must say).

Values come only from the YAML files (built-in ones ship in ``massage_print/layouts``); the
dataclasses here hold no visual constants. Lengths are in points after loading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .types import Colour, FontFile, Length, PageSize


@dataclass(frozen=True)
class Fonts:
    regular: FontFile
    bold: FontFile
    italic: FontFile
    bold_italic: FontFile


@dataclass(frozen=True)
class Palette:
    text: Colour
    muted: Colour
    accent: Colour
    accent_soft: Colour
    rule: Colour
    caution: Colour
    caution_fill: Colour
    tip: Colour
    tip_fill: Colour


@dataclass(frozen=True)
class DiagramStyle:
    """How stroke diagrams look. Fractions are of the drawing box's height."""

    body_fill: Colour
    body_line: Colour
    body_line_weight: float
    body_line_floor: Length
    spine: Colour
    blade: Colour
    ink: Colour
    ink_soft: Colour
    hold_fill: Colour
    press_fill: Colour
    stance_fill: Colour
    stance_line: Colour
    line_weight: float
    line_floor: Length
    arrow_size: float
    arrow_floor: Length
    glyph_size: float
    glyph_floor: Length
    side_offset: float
    stance_size: float
    stance_floor: Length
    legend_swatch: float
    legend_row: float
    legend_gap: float


@dataclass(frozen=True)
class Margins:
    top: Length
    bottom: Length
    inner: Length
    outer: Length


@dataclass(frozen=True)
class ThemeLayout:
    """Shared fonts, colours and diagram style that other layouts extend."""

    kind: Literal["theme"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle


@dataclass(frozen=True)
class DiagramsLayout:
    """The diagram review sheet (``diagrams.pdf``)."""

    kind: Literal["diagrams"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    page: PageSize
    margin: Length
    columns: int
    rows: int
    gutter: Length
    title_size: Length
    label_size: Length
    legend_size: Length


@dataclass(frozen=True)
class BookletLayout:
    """The step-by-step booklet (``booklet.pdf``): A5 or half-letter pages in reading order.

    ``margins`` bound the text area (inner = the fold side); the running head sits
    ``head_gap`` above it and the page number ``foot_gap`` below it. ``leading`` (text) and
    ``title_leading`` (large type) are multiples of the type size.
    """

    kind: Literal["booklet"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    page: PageSize
    margins: Margins
    head_size: Length
    head_gap: Length
    head_rule: Length
    folio_size: Length
    foot_gap: Length
    body_size: Length
    leading: float
    title_leading: float
    small_size: Length
    paragraph_space: Length
    item_space: Length
    list_indent: Length
    chapter_size: Length
    chapter_space: Length
    heading_size: Length
    heading_space: Length
    cover_band: Length
    cover_title_size: Length
    cover_subtitle_size: Length
    cover_meta_size: Length
    cover_diagram_height: Length
    cover_strokes: int
    toc_size: Length
    toc_indent: Length
    toc_page_width: Length
    step_number_size: Length
    step_title_size: Length
    step_gap: Length
    fact_label_size: Length
    fact_size: Length
    fact_width: Length
    diagram_max_height: Length
    diagram_min_height: Length
    box_padding: Length
    box_bar: Length
    glossary_diagram_height: Length
    legend_size: Length
    notes_line_gap: Length
    rule_width: Length
    guide_margin: Length
    guide_title_size: Length
    guide_size: Length


@dataclass(frozen=True)
class CheatsheetLayout:
    """The one-page cheat sheet of a routine (``cheatsheet-<id>.pdf``).

    The sheet size comes from ``--paper`` and ``--orientation``. ``body_size`` is the preferred
    type size and ``min_body_size`` the smallest the fitting may use (never below 6pt); every
    other type size is the body size times a ``*_scale`` of at least 1. Thumbnails are
    ``thumb_height`` tall at the preferred size and ``min_thumb_height`` at the minimum, in
    proportion between. Spacings given as plain numbers are in ems of the body size.
    """

    kind: Literal["cheatsheet"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    margin: Length
    columns_portrait: int
    columns_landscape: int
    column_gap: Length
    column_rule_weight: Length
    body_size: Length
    min_body_size: Length
    size_step: Length
    leading: float
    title_scale: float
    heading_scale: float
    step_title_scale: float
    number_scale: float
    thumb_height: Length
    min_thumb_height: Length
    header_gap: float
    footer_gap: float
    section_gap: float
    heading_gap: float
    step_gap: float
    line_gap: float
    number_gap: float
    thumb_gap: float
    caution_pad: float
    rule_weight: Length
    heading_rule_weight: Length
    balance_columns: bool
    legend_shares: tuple[float, ...]
    key_cue: Literal["first", "longest"]
    caution_mark: str
    pressure_on: str
    pressure_off: str
    separator: str
    bullet: str
    minutes_label: str
    step_label: str
    steps_label: str
    setup_label: str
    safety_heading: str


@dataclass(frozen=True)
class CardsLayout:
    """Practice cards (``cards.pdf``), their print sheets and the calibration sheet.

    ``card`` is the trim size; ``safe_margin`` is the inset from the trim that every text keeps.
    ``sheet_*`` fields place cards and printer's marks on the print sheets; ``calib_*`` draw
    ``calibration.pdf``.
    """

    kind: Literal["cards"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    card: PageSize
    safe_margin: Length
    max_bleed: Length
    band_height: Length
    band_text: Colour
    name_size: Length
    body_size: Length
    label_size: Length
    small_size: Length
    min_size: Length
    size_step: Length
    leading: float
    gap: Length
    list_indent: Length
    note_padding: Length
    rule_width: Length
    dot_size: Length
    dot_gap: Length
    diagram_min_height: Length
    sheet_margin: Length
    sheet_gutter: Length
    sheet_fold_gap: Length
    sheet_keepout: Length
    sheet_clearance: Length
    mark_grey: float
    mark_text_size: Length
    mark_line_gap: Length
    crop_length: Length
    crop_offset: Length
    crop_width: Length
    cut_width: Length
    cut_grey: float
    fold_width: Length
    fold_dash: Length
    check_bar: Length
    check_step: Length
    check_tick: Length
    calib_arm: Length
    calib_scale: Length
    calib_scale_distance: Length
    calib_tick_step: Length
    calib_label_every: int
    calib_tick_short: Length
    calib_tick_long: Length
    calib_line_width: Length
    calib_title_size: Length
    calib_text_size: Length
    calib_number_size: Length


LAYOUT_KINDS: dict[str, type] = {
    "theme": ThemeLayout,
    "diagrams": DiagramsLayout,
    "booklet": BookletLayout,
    "cheatsheet": CheatsheetLayout,
    "cards": CardsLayout,
}
"""Every layout kind by the name its files give in ``kind:``."""
