"""One-page cheat sheets of the routines (``cheatsheet-<id>.pdf``).

:mod:`.measure` measures text, :mod:`.plan` plans a sheet and searches the largest type size
that fits (pure data), :mod:`.render` draws a plan with ReportLab, and :mod:`.job` ties them
together as :func:`build_cheatsheets`.
"""

from .job import build_cheatsheets, output_name

__all__ = ["build_cheatsheets", "output_name"]
