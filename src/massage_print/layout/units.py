"""Lengths with units, and paper sizes (from ReportLab's table, in points)."""

from __future__ import annotations

import re

from reportlab.lib import pagesizes

from ..vocabulary import PAPERS

POINTS_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pc": 12.0}
_NUMBER = r"(-?\d+(?:\.\d+)?|-?\.\d+)"
_LENGTH = re.compile(rf"\s*{_NUMBER}\s*([a-z]*)\s*")
LENGTH_PATTERN = rf"^\s*{_NUMBER}\s*({'|'.join(POINTS_PER)})\s*$"
"""A length as a JSON-schema (ECMA) pattern: a number and one of the units above."""


def parse_length(text: str) -> float:
    """``"12mm"`` → 34.0157 pt. Raises ValueError with a message for a user."""
    match = _LENGTH.fullmatch(text)
    if not match:
        raise ValueError(f"'{text}' is not a length such as 12mm, 0.5in or 10pt")
    number, unit = match.groups()
    if not unit:
        raise ValueError(f"'{text}' has no unit; write it as {number}pt, {number}mm, ...")
    if unit not in POINTS_PER:
        raise ValueError(f"unknown unit '{unit}' in '{text}'; use one of: " + ", ".join(POINTS_PER))
    return float(number) * POINTS_PER[unit]


def mm(value: float) -> float:
    return value * POINTS_PER["mm"]


def to_mm(points: float) -> float:
    return points / POINTS_PER["mm"]


def paper_size(name: str) -> tuple[float, float]:
    """Portrait (width, height) in points for a paper name such as A5, letter, half-letter."""
    key = name.strip().upper().replace("-", "_").replace(" ", "_")
    size = getattr(pagesizes, key, None)
    if not isinstance(size, tuple) or len(size) != 2:
        raise ValueError(f"unknown paper size '{name}'")
    width, height = float(size[0]), float(size[1])
    return (min(width, height), max(width, height))


def sheet_size(paper: str, landscape: bool) -> tuple[float, float]:
    """A print sheet (a4 or letter) in the given orientation."""
    if paper.lower() not in PAPERS:
        raise ValueError(f"unknown paper '{paper}'; use one of: " + ", ".join(PAPERS))
    width, height = paper_size(paper)
    return (height, width) if landscape else (width, height)
