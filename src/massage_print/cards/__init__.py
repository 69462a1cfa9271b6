"""Practice cards: the deck (``cards.pdf``), its print sheets, and the calibration sheet.

The names below are imported when first used, so that a build, which makes no calibration
sheet, does not import ReportLab's platypus for it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
