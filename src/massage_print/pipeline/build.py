"""`build`: every output from one content folder, rendered in memory before anything is written."""

from __future__ import annotations

from pathlib import Path

from ..booklet.job import build_booklet
from ..cards.job import build_cards
from ..cheatsheet.job import build_cheatsheets
from ..content.validation import load_book
from ..diagrams.sheet import build_diagrams
from .jobs import JobResult


def build_all(content: Path) -> JobResult:
    book = load_book(content)
    results = [
        build_diagrams(book),
        build_booklet(book),
        build_cards(book),
        build_cheatsheets(book),
    ]
    return JobResult(
        outputs=tuple(o for r in results for o in r.outputs),
        messages=tuple(m for r in results for m in r.messages),
        warnings=tuple(w for r in results for w in r.warnings),
    )
