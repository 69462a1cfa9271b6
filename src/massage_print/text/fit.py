"""Shrink to fit: type sizes from the preferred one down to a floor, and a bounded search for the
largest that fits."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

C = TypeVar("C")
R = TypeVar("R")

MIN_TYPE = 6.0
"""No text is ever set smaller than this (points), whatever a layout says."""
MAX_STEPS = 1000
"""At most this many sizes are tried between the preferred size and the floor."""


def size_steps(preferred: float, floor: float, step: float) -> list[float]:
    """Sizes from ``preferred`` down to ``floor`` (never below :data:`MIN_TYPE`) by ``step``;
    a step too fine for :data:`MAX_STEPS` sizes is widened, so the list stays bounded."""
    floor = max(floor, MIN_TYPE)
    if preferred <= floor:
        return [preferred]
    step = max(step, (preferred - floor) / MAX_STEPS)
    count = math.ceil((preferred - floor) / step - 1e-9)
    return [max(floor, preferred - i * step) for i in range(count + 1)]


def largest_fit(candidates: Sequence[C], attempt: Callable[[C], R | None]) -> tuple[int, R] | None:
    """The first candidate (largest first) for which ``attempt`` succeeds, by bisection.

    Assumes that when a candidate fits every later (smaller) one does. At most
    ``2 + log2(len(candidates))`` attempts; None when even the last one fails.
    """
    first = attempt(candidates[0])
    if first is not None:
        return 0, first
    last = len(candidates) - 1
    best = attempt(candidates[last]) if last else None
    if best is None:
        return None
    fails, fits = 0, last
    while fits - fails > 1:
        middle = (fails + fits) // 2
        result = attempt(candidates[middle])
        if result is None:
            fails = middle
        else:
            best, fits = result, middle
    return fits, best
