"""Practice cards: the deck (``cards.pdf``), its print sheets, and the calibration sheet."""

from .calibration import CALIBRATION_PDF, build_calibration
from .faces import Block, Card, CardFace, build_deck
from .job import DECK_PDF, PRINT_PDF, build_cards

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
