"""Imposition: arranging the pages of a PDF on sheets of paper for printing.

Planning is pure data (:mod:`.plan`, :mod:`.saddle`) and importing this package loads no
PDF library. :mod:`.apply` is the only module that touches pypdf, :mod:`.marks` the only
one that draws with ReportLab, and :mod:`.saddle_job` (``impose_saddle``) ties them to files.
"""

from .plan import Placement, Plan, Sheet
from .saddle import SaddleOptions, SaddleResult, plan_saddle, saddle_order

__all__ = [
    "Placement",
    "Plan",
    "SaddleOptions",
    "SaddleResult",
    "Sheet",
    "plan_saddle",
    "saddle_order",
]
