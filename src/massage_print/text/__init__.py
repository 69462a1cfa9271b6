"""The one text engine: spans from the content's markup, measured, broken into lines with the
book language's hyphenation, and shrunk to fit (never below :data:`MIN_TYPE`).

Cards and cheat sheets set their text with it; the booklet (ReportLab paragraphs) uses the same
:class:`Hyphenator` settings. No drawing here: renderers draw the :class:`Line` s it returns.
"""

from .engine import (
    EPSILON,
    Line,
    LineSpan,
    Measure,
    Span,
    broken_warnings,
    broken_words,
    marked,
    wrap,
)
from .fit import MIN_TYPE, largest_fit, size_steps
from .hyphenate import SOFT_HYPHEN, Hyphenator, hyphenator

__all__ = [
    "EPSILON",
    "MIN_TYPE",
    "SOFT_HYPHEN",
    "Hyphenator",
    "Line",
    "LineSpan",
    "Measure",
    "Span",
    "broken_warnings",
    "broken_words",
    "hyphenator",
    "largest_fit",
    "marked",
    "size_steps",
    "wrap",
]
