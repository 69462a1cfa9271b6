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
    caption_size: float
    caption_floor: Length
    caption_ceiling: Length
    caption_leading: float
    caption_room: float


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
class BookletHead:
    """The running head, above the text area."""

    size: Length
    gap: Length
    """From the text area's top edge to the running head's baseline."""
    rule: Length
    """Weight of the hairline under the running head."""


@dataclass(frozen=True)
class BookletFolio:
    """The page number, below the text area."""

    size: Length
    gap: Length
    """From the text area's bottom edge to the page number's baseline."""


@dataclass(frozen=True)
class BookletText:
    """Body text. ``leading`` (text) and ``title_leading`` (large type) are multiples of the
    type size."""

    size: Length
    leading: float
    title_leading: float
    hyphenate: bool
    """Break words at the book language's hyphenation points (false: at spaces only)."""
    small_size: Length
    legend_size: Length
    """The stroke legend on "Reading the diagrams"."""
    paragraph_space: Length
    item_space: Length
    list_indent: Length
    rule_width: Length
    """The facts column's rule and the lines of the notes pages."""


@dataclass(frozen=True)
class TypeAndSpace:
    """A heading level: its type size and the space after it (or before it, for sections)."""

    size: Length
    space: Length


@dataclass(frozen=True)
class BookletCover:
    band: Length
    """The coloured band behind the title, from the top edge."""
    title_size: Length
    subtitle_size: Length
    meta_size: Length
    diagram_height: Length
    """The cover's picture or diagram is at most this tall."""


@dataclass(frozen=True)
class BookletToc:
    size: Length
    indent: Length
    """Indent of a routine's sections."""
    page_width: Length
    """The column of page numbers."""


@dataclass(frozen=True)
class BookletStep:
    """A step page: number and title, facts beside the diagram, cues, tip and caution."""

    number_size: Length
    title_size: Length
    gap: Length
    """Between the blocks of a step page."""
    fact_label_size: Length
    fact_size: Length
    fact_width: Length
    """The facts column beside the diagram."""
    diagram_max_height: Length
    diagram_min_height: Length


@dataclass(frozen=True)
class BookletBox:
    """Tip, caution and safety boxes."""

    padding: Length
    bar: Length
    """The coloured bar on the left of a box."""


@dataclass(frozen=True)
class BookletGlossary:
    diagram_height: Length


@dataclass(frozen=True)
class BookletNotes:
    """Notes pages, padding the booklet to a multiple of four pages."""

    line_gap: Length


@dataclass(frozen=True)
class BookletGuide:
    """The optional printing guide sheet at the end of ``booklet-print.pdf``."""

    margin: Length
    title_size: Length
    size: Length


@dataclass(frozen=True)
class BookletLayout:
    """The step-by-step booklet (``booklet.pdf``): A5 or half-letter pages in reading order.

    ``margins`` bound the text area (inner = the fold side); the running head sits
    ``head.gap`` above it and the page number ``folio.gap`` below it.
    """

    kind: Literal["booklet"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    page: PageSize
    margins: Margins
    head: BookletHead
    folio: BookletFolio
    text: BookletText
    chapter: TypeAndSpace
    """Chapter and routine titles."""
    heading: TypeAndSpace
    """Section headings and glossary entries."""
    cover: BookletCover
    toc: BookletToc
    step: BookletStep
    box: BookletBox
    glossary: BookletGlossary
    notes: BookletNotes
    guide: BookletGuide


@dataclass(frozen=True)
class CheatsheetColumns:
    portrait: int
    landscape: int
    gap: Length
    rule_weight: Length
    """The rule between columns; 0pt for none."""
    balance: bool
    """Even out the columns when the routine fills less than the page."""


@dataclass(frozen=True)
class CheatsheetText:
    """``body_size`` is the preferred type size and ``min_body_size`` the smallest the fitting
    may use (never below 6pt); every other type size is the body size times a ``*_scale`` of
    at least 1."""

    hyphenate: bool
    """Break words at the book language's hyphenation points (false: at spaces only)."""
    body_size: Length
    min_body_size: Length
    size_step: Length
    leading: float
    title_scale: float
    heading_scale: float
    step_title_scale: float
    number_scale: float


@dataclass(frozen=True)
class CheatsheetThumbs:
    """Diagram thumbnails: ``height`` at the preferred type size, ``min_height`` at the
    minimum, in proportion between; ``gap`` (ems) between a thumbnail and the text."""

    height: Length
    min_height: Length
    gap: float


@dataclass(frozen=True)
class CheatsheetSpacing:
    """Spaces in ems of the body size (they shrink with the type)."""

    header: float
    footer: float
    section: float
    heading: float
    step: float
    line: float
    number: float
    caution_pad: float


@dataclass(frozen=True)
class CheatsheetRules:
    weight: Length
    heading_weight: Length


@dataclass(frozen=True)
class CheatsheetSymbols:
    caution: str
    pressure_on: str
    pressure_off: str
    separator: str
    bullet: str


@dataclass(frozen=True)
class CheatsheetLayout:
    """The one-page cheat sheet of a routine (``cheatsheet-<id>.pdf``).

    The sheet size comes from ``--paper`` and ``--orientation``; the fitting searches the
    largest ``text.body_size`` down to ``text.min_body_size`` at which the routine fits.
    """

    kind: Literal["cheatsheet"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    margin: Length
    columns: CheatsheetColumns
    text: CheatsheetText
    thumbs: CheatsheetThumbs
    spacing: CheatsheetSpacing
    rules: CheatsheetRules
    legend_shares: tuple[float, ...]
    symbols: CheatsheetSymbols


@dataclass(frozen=True)
class CardBand:
    """The coloured band at the top of each front."""

    height: Length
    """From the trim edge."""
    text: Colour


@dataclass(frozen=True)
class CardText:
    """Type on a card; text shrinks from its sizes down to ``min_size`` in ``size_step``s."""

    hyphenate: bool
    """Break words at the book language's hyphenation points (false: at spaces only)."""
    name_size: Length
    body_size: Length
    label_size: Length
    small_size: Length
    min_size: Length
    size_step: Length
    leading: float
    gap: Length
    """Between blocks of text."""
    list_indent: Length
    note_padding: Length
    rule_width: Length


@dataclass(frozen=True)
class CardDots:
    """The pressure dots."""

    size: Length
    gap: Length


@dataclass(frozen=True)
class CardSheet:
    """Cards on the print sheets (``cards-print.pdf``)."""

    margin: Length
    gutter: Length
    fold_gap: Length
    keepout: Length
    """Marks and labels stay this far from the sheet edge."""
    clearance: Length
    """Between the check bar block and crop marks."""


@dataclass(frozen=True)
class CardMarks:
    """Printer's marks and margin text on the print sheets."""

    grey: float
    text_size: Length
    line_gap: Length
    crop_length: Length
    crop_offset: Length
    crop_width: Length
    cut_width: Length
    cut_grey: float
    fold_width: Length
    fold_dash: Length


@dataclass(frozen=True)
class CheckBar:
    """The bar that must measure ``length`` when printed at 100 %."""

    length: Length
    step: Length
    tick: Length


@dataclass(frozen=True)
class CardCalibration:
    """``calibration.pdf``: crosshair, scales and text."""

    arm: Length
    scale: Length
    scale_distance: Length
    tick_step: Length
    label_every: int
    tick_short: Length
    tick_long: Length
    line_width: Length
    title_size: Length
    text_size: Length
    number_size: Length


@dataclass(frozen=True)
class CardPictures:
    images_win: bool
    """A front with both a diagram and a picture shows the picture."""


@dataclass(frozen=True)
class CardsLayout:
    """Practice cards (``cards.pdf``), their print sheets and the calibration sheet.

    ``card`` is the trim size; ``safe_margin`` is the inset from the trim that every text keeps.
    ``sheet`` and ``marks`` place cards and printer's marks on the print sheets;
    ``calibration`` draws ``calibration.pdf``.
    """

    kind: Literal["cards"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    card: PageSize
    safe_margin: Length
    max_bleed: Length
    diagram_min_height: Length
    pictures: CardPictures
    band: CardBand
    text: CardText
    dots: CardDots
    sheet: CardSheet
    marks: CardMarks
    check_bar: CheckBar
    calibration: CardCalibration


@dataclass(frozen=True)
class AnkiLayout:
    """The look of the Anki note types (``<book>.apkg``): CSS values and the diagram media.

    Sizes become CSS points. ``diagram_height`` is the scale the SVG diagrams are drawn at
    (line widths have floors, as in print); ``diagram_width`` caps how wide they show.
    """

    kind: Literal["anki"]
    fonts: Fonts
    colours: Palette
    diagram: DiagramStyle
    font_family: str
    text_size: Length
    title_size: Length
    label_size: Length
    small_size: Length
    max_width: Length
    diagram_height: Length
    diagram_width: Length
    picture_width: Length
    picture_pixels: int
    """Photos are packaged at most this many pixels across (SVG pictures as they are)."""
    box_padding: Length
    rule_width: Length


@dataclass(frozen=True)
class PreviewLayout:
    """The contact sheets of ``preview`` and ``watch --preview`` (``preview/<output>.png``).

    Sizes are in pixels of the picture. Pages are grouped (a booklet's spreads, a card's
    front and back) and the groups set ``per_row`` to a row.
    """

    kind: Literal["preview"]
    font: FontFile
    background: Colour
    label: Colour
    page_edge: Colour
    thumb_height: int
    page_gap: int
    group_gap: int
    margin: int
    label_size: int
    label_gap: int
    per_row: int


@dataclass(frozen=True)
class StockSlots:
    """Where the maker's template puts the cards, from the sheet's top-left corner."""

    columns: int
    rows: int
    left: Length
    """From the sheet's left edge to the first card's left edge."""
    top: Length
    """From the sheet's top edge to the first card's top edge."""
    pitch_across: Length
    """From one card's left edge to the next card's left edge."""
    pitch_down: Length
    """From one card's top edge to the top edge of the card below."""


@dataclass(frozen=True)
class StockLayout:
    """Pre-cut or perforated card stock (``cards --stock NAME``): the maker's sheet template.

    ``card`` is a card as it lies on the portrait ``sheet``. The deck is drawn with the card
    layout ``cards`` (its type, colours and spacing) at the stock's card size, upright in
    ``design`` orientation; a portrait design goes into landscape slots turned 90°.
    """

    kind: Literal["stock"]
    title: str
    sheet: PageSize
    card: PageSize
    slots: StockSlots
    design: Literal["portrait", "landscape"]
    cards: str


LAYOUT_KINDS: dict[str, type] = {
    "theme": ThemeLayout,
    "diagrams": DiagramsLayout,
    "booklet": BookletLayout,
    "cheatsheet": CheatsheetLayout,
    "cards": CardsLayout,
    "anki": AnkiLayout,
    "preview": PreviewLayout,
    "stock": StockLayout,
}
"""Every layout kind by the name its files give in ``kind:``."""


# -- ranges: every length, number and count a layout may give -------------------------------

_MM = 72 / 25.4


@dataclass(frozen=True)
class Range:
    """The values a layout field accepts: ``low`` to ``high`` (``low`` itself refused if open).

    Lengths are in points; ``unit`` is how the message shows the bounds (``mm`` or ``pt``).
    """

    low: float
    high: float
    low_open: bool = False
    unit: str = ""

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high

    def describe(self) -> str:
        def show(value: float) -> str:
            if self.unit == "mm":
                return f"{value / _MM:.4g}mm"
            return f"{value:.4g}{self.unit}"

        low = f"more than {show(self.low)}" if self.low_open else f"at least {show(self.low)}"
        return f"{low} and at most {show(self.high)}"


LENGTH_RANGE = Range(0.0, 1000 * _MM, unit="mm")
"""Any length: not negative, at most a metre."""
TYPE_SIZE_RANGE = Range(0.0, 500.0, low_open=True, unit="pt")
"""Type sizes (fields named ``*_size``): more than 0pt."""
NUMBER_RANGE = Range(0.0, 100.0)
"""Plain numbers (ems, fractions, multiples): not negative."""
COUNT_RANGE = Range(1, 1000)
"""Whole numbers (counts)."""

FIELD_RANGES: dict[str, Range] = {
    "size_step": Range(0.01, 10.0, unit="pt"),
    "leading": Range(0.5, 5.0),
    "title_leading": Range(0.5, 5.0),
    "title_scale": Range(1.0, 10.0),
    "heading_scale": Range(1.0, 10.0),
    "step_title_scale": Range(1.0, 10.0),
    "number_scale": Range(1.0, 10.0),
    "columns": Range(1, 12),
    "rows": Range(1, 20),
    "columns.portrait": Range(1, 12),
    "columns.landscape": Range(1, 12),
    "diagram.caption_size": Range(0.0, 0.2),
    "diagram.caption_leading": Range(1.0, 3.0),
    "diagram.caption_room": Range(0.0, 0.5),
    "calibration.label_every": Range(1, 100),
    "marks.grey": Range(0.0, 1.0),
    "marks.cut_grey": Range(0.0, 1.0),
    "legend_shares": Range(0.0, 0.95, low_open=True),
    "margin": Range(0.0, 100 * _MM, unit="mm"),
    "safe_margin": Range(0.0, 50 * _MM, unit="mm"),
    "margins.top": Range(0.0, 100 * _MM, unit="mm"),
    "margins.bottom": Range(0.0, 100 * _MM, unit="mm"),
    "margins.inner": Range(0.0, 100 * _MM, unit="mm"),
    "margins.outer": Range(0.0, 100 * _MM, unit="mm"),
    # Steps of repeated drawing: a zero step would draw forever or divide by zero.
    "notes.line_gap": Range(2 * _MM, 100 * _MM, unit="mm"),
    "calibration.tick_step": Range(0.5 * _MM, 10 * _MM, unit="mm"),
    "check_bar.step": Range(0.5 * _MM, 50 * _MM, unit="mm"),
    "marks.fold_dash": Range(0.1 * _MM, 50 * _MM, unit="mm"),
}
"""Ranges by key path (``columns.portrait``) or by its last parts (``size_step`` matches
``text.size_step``); list items take their list's. Other fields take their type's range."""

PAGE_SIDE_RANGE = Range(20 * _MM, 2000 * _MM, unit="mm")
"""Each side of a page or card given as [width, height]."""


def field_range(keypath: str, kind: str) -> Range:
    """The range of the field at ``keypath`` whose value is a ``kind`` (length, number, count)."""
    parts = keypath.split(".")
    for start in range(len(parts)):
        found = FIELD_RANGES.get(".".join(parts[start:]))
        if found is not None:
            return found
    name = parts[-1]
    if kind == "length":
        return TYPE_SIZE_RANGE if name == "size" or name.endswith("_size") else LENGTH_RANGE
    return COUNT_RANGE if kind == "count" else NUMBER_RANGE


@dataclass(frozen=True)
class RoomRule:
    """Insets taken from one side of a page (``page`` field) must leave at least ``MIN_ROOM``."""

    page: str
    side: Literal["width", "height"]
    insets: tuple[str, ...]
    """Key paths of the lengths taken off that side (a path twice if it is taken twice)."""


MIN_ROOM = 15 * _MM
"""The least width or height margins may leave for content."""

ROOM_RULES: dict[str, tuple[RoomRule, ...]] = {
    "diagrams": (
        RoomRule("page", "width", ("margin", "margin")),
        RoomRule("page", "height", ("margin", "margin")),
    ),
    "booklet": (
        RoomRule("page", "width", ("margins.inner", "margins.outer")),
        RoomRule("page", "height", ("margins.top", "margins.bottom")),
    ),
    "cards": (
        RoomRule("card", "width", ("safe_margin", "safe_margin")),
        RoomRule("card", "height", ("safe_margin", "safe_margin")),
    ),
}
"""What each layout kind's margins must leave room for, checked when a layout is loaded."""
