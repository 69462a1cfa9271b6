"""Practice cards: the deck (``cards.pdf``), its print sheets, and the calibration sheet.

The names below are imported when first used, so that a build, which makes no calibration
sheet, does not import ReportLab's platypus for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazyexports import lazy_exports

if TYPE_CHECKING:
    from .calibration import CALIBRATION_PDF, build_calibration
    from .faces import Block, Card, CardFace, build_deck
    from .job import DECK_PDF, PRINT_PDF, build_cards

_WHERE = {
    "CALIBRATION_PDF": "calibration",
    "build_calibration": "calibration",
    "Block": "faces",
    "Card": "faces",
    "CardFace": "faces",
    "build_deck": "faces",
    "DECK_PDF": "job",
    "PRINT_PDF": "job",
    "build_cards": "job",
}

__all__ = [
    "CALIBRATION_PDF",
    "DECK_PDF",
    "PRINT_PDF",
    "Block",
    "Card",
    "CardFace",
    "build_calibration",
    "build_cards",
    "build_deck",
]


__getattr__ = lazy_exports(__name__, _WHERE)
