"""The project's closed vocabularies, in one place.

Every fixed set of words the content, the layouts or the command line accept is defined here
once, as a ``Literal`` type with the tuple of its values (in the order they are listed to
users). Validation, renderers and the CLI's ``click.Choice`` options all import from here;
nothing else spells these lists.

The words printed for a value live in the label catalogue (``labels/<language>.yaml``), under
``<group>.<value>`` keys named by :data:`DISPLAY_GROUPS` (``stance.at-head: at the head``), so
they are translated with every other text. Paper and orientation names in the command's own
messages are here (:data:`PAPER_WORDS`, :data:`ORIENTATION_WORDS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeVar, get_args

K = TypeVar("K", bound=str)


def _words(values: tuple[K, ...], words: dict[K, str]) -> Mapping[K, str]:
    """A read-only display table; exactly one entry per value (checked at import)."""
    if tuple(words) != values:
        raise AssertionError(f"display words {tuple(words)} do not match values {values}")
    return MappingProxyType(words)


# --- print options (command line) ---------------------------------------------------------

Paper = Literal["a4", "letter"]
"""The sheet a print file is laid out on."""
PAPERS: tuple[Paper, ...] = get_args(Paper)
PAPER_WORDS = _words(PAPERS, {"a4": "A4", "letter": "Letter"})

SaddleDuplex = Literal["short", "long"]
"""The edge the printer flips a saddle-stitch sheet on."""
SADDLE_DUPLEXES: tuple[SaddleDuplex, ...] = get_args(SaddleDuplex)

CardDuplex = Literal["long", "short", "fold", "none"]
"""How card sheets are printed: two-sided flipped on an edge, folded, or fed again by hand."""
CARD_DUPLEXES: tuple[CardDuplex, ...] = get_args(CardDuplex)
CalibrationDuplex = Literal["long", "short", "none"]
"""The card duplex modes the calibration sheet measures (a folded sheet has no back)."""
CALIBRATION_DUPLEXES: tuple[CalibrationDuplex, ...] = get_args(CalibrationDuplex)

Orientation = Literal["portrait", "landscape"]
ORIENTATIONS: tuple[Orientation, ...] = get_args(Orientation)
ORIENTATION_WORDS = _words(ORIENTATIONS, {"portrait": "portrait", "landscape": "landscape"})

Deck = Literal["techniques", "steps", "all"]
"""Which practice cards are made."""
DECKS: tuple[Deck, ...] = get_args(Deck)

# --- content ------------------------------------------------------------------------------

Family = Literal[
    "gliding",
    "kneading",
    "friction",
    "percussion",
    "pressure",
    "stretching",
    "feathering",
    "rocking",
    "holding",
]
"""A technique's family (printed as a card's band and in the booklet's technique pages)."""
FAMILIES: tuple[Family, ...] = get_args(Family)

Pressure = Literal["light", "medium", "firm", "deep"]
"""How firm a technique or step is, lightest first (the order sets the pressure dots)."""
PRESSURES: tuple[Pressure, ...] = get_args(Pressure)

Contact = Literal[
    "palms",
    "fingertips",
    "thumbs",
    "knuckles",
    "forearms",
    "heel-of-hand",
    "side-of-hand",
    "whole-hand",
]
"""The part of the giver's hand or arm that does the work."""
CONTACTS: tuple[Contact, ...] = get_args(Contact)

Stance = Literal["at-head", "at-side", "at-hips", "astride", "at-feet", "behind", "facing"]
"""Where the giver is during a step."""
STANCES: tuple[Stance, ...] = get_args(Stance)

StrokeKind = Literal["glide", "feather", "tap", "circle", "knead", "press", "hold"]
"""A drawn movement on a stroke diagram."""
STROKE_KINDS: tuple[StrokeKind, ...] = get_args(StrokeKind)
PATH_KINDS: tuple[StrokeKind, ...] = ("glide", "feather", "tap")
"""Stroke kinds drawn along two or more anchors."""
POINT_KINDS: tuple[StrokeKind, ...] = ("circle", "knead", "press")
"""Stroke kinds drawn at one anchor."""

Side = Literal["left", "right", "both", "center"]
"""Which side of the body a stroke works."""
SIDES: tuple[Side, ...] = get_args(Side)

Turn = Literal["clockwise", "anticlockwise"]
"""Which way a circle stroke turns."""
TURNS: tuple[Turn, ...] = get_args(Turn)

DISPLAY_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "stance": STANCES,
        "stance_short": STANCES,
        "pressure": PRESSURES,
        "family": FAMILIES,
        "contact": CONTACTS,
    }
)
"""Label-catalogue groups holding a display word for every value (``stance.at-head``)."""


def find(values: tuple[K, ...], value: str) -> K | None:
    """The member of ``values`` equal to ``value`` ignoring case, or None."""
    folded = value.casefold() if isinstance(value, str) else None
    for member in values:
        if member.casefold() == folded:
            return member
    return None
