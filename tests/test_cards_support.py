"""Helpers for the card tests: read print sheets back from the PDF (no tests here).

Placements are read from each sheet's content stream (``a b c d e f cm /Pn Do``) and the
placed Form XObject's /BBox; a placed form is matched to its page of ``cards.pdf`` by its
(decoded) content stream, so every position asserted is the real geometry in the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

MM = 72 / 25.4
TOLERANCE = 0.01 * MM
"""0.01 mm, in points."""

_PLACED = re.compile(
    rb"q\s+(?:(\S+) (\S+) (\S+) (\S+) re W n\s+)?"
    rb"(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm /(\w+) Do Q"
)
_LINE = re.compile(rb"(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l")


@dataclass(frozen=True)
class Placed:
    card: int
    side: str
    """"front" or "back"."""
    rect: tuple[float, float, float, float]
    """(x0, y0, x1, y1) on the sheet of the whole placed page (bleed included)."""
    matrix: tuple[float, ...]
    clip: tuple[float, float, float, float] | None

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.rect
        return ((x0 + x1) / 2, (y0 + y1) / 2)


@dataclass(frozen=True)
class SheetRead:
    width: float
    height: float
    placed: tuple[Placed, ...]
    lines: tuple[tuple[float, float, float, float], ...]
    """Line segments of the marks overlay, in sheet coordinates."""
    forms: int
    """Form XObjects drawn on the sheet."""

    def by_card(self) -> dict[int, Placed]:
        return {p.card: p for p in self.placed}


def _box(value: Any) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1)


def read_sheets(printed: bytes, deck: bytes) -> list[SheetRead]:
    deck_reader = PdfReader(io.BytesIO(deck))
    pages = {page.get_contents().get_data(): i for i, page in enumerate(deck_reader.pages)}
    assert len(pages) == len(deck_reader.pages), "card pages must differ to be told apart"
    reader = PdfReader(io.BytesIO(printed))
    sheets: list[SheetRead] = []
    for page in reader.pages:
        media = _box(page.mediabox)
        xobjects = page["/Resources"]["/XObject"]
        content = page.get_contents().get_data()
        placed: list[Placed] = []
        lines: list[tuple[float, float, float, float]] = []
        forms = 0
        for match in _PLACED.finditer(content):
            groups = match.groups()
            clip = None
            if groups[0] is not None:
                cx, cy, cw, ch = (float(v) for v in groups[:4])
                clip = (cx, cy, cx + cw, cy + ch)
            a, b, c, d, e, f = (float(v) for v in groups[4:10])
            form = xobjects["/" + groups[10].decode()].get_object()
            assert form["/Subtype"] == "/Form"
            forms += 1
            data = form.get_data()
            x0, y0, x1, y1 = _box(form["/BBox"])
            corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            rect = (min(xs), min(ys), max(xs), max(ys))
            if data in pages:
                index = pages[data]
                side = "front" if index % 2 == 0 else "back"
                placed.append(Placed(index // 2, side, rect, (a, b, c, d, e, f), clip))
            else:
                # The marks overlay: drawn at the sheet's own size, unmoved.
                assert (a, b, c, d, e, f) == (1, 0, 0, 1, 0, 0)
                for m in _LINE.finditer(data):
                    lines.append(tuple(float(v) for v in m.groups()))  # type: ignore[arg-type]
        sheets.append(
            SheetRead(media[2] - media[0], media[3] - media[1], tuple(placed), tuple(lines), forms)
        )
    return sheets


def viewer_preferences(printed: bytes) -> dict[str, str]:
    reader = PdfReader(io.BytesIO(printed))
    prefs = reader.trailer["/Root"].get("/ViewerPreferences", {})
    return {str(k): str(v) for k, v in prefs.items()}


def close(a: float, b: float, tolerance: float = TOLERANCE) -> bool:
    return abs(a - b) <= tolerance
