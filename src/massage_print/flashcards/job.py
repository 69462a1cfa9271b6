"""The ``anki`` and ``csv`` jobs: ``<book>.apkg`` and ``<book>.csv`` from the practice notes."""

from __future__ import annotations

import os
from pathlib import Path

from ..content.model import Book
from ..errors import MassagePrintError
from ..layout.loader import load_layout
from ..layout.schema import AnkiLayout
from ..pipeline.jobs import JobResult, Output
from .apkg import write_apkg
from .csvfile import write_csv
from .notes import PracticeSet, practice_set

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
CONTENT_SUFFIXES = (".yaml", ".yml", ".jpg", ".jpeg", ".png", ".svg")
"""Files whose change can change a note: the YAML (book, techniques, routines, maps) and
pictures. Outputs (.apkg, .csv, .pdf) never count, even when written into the folder."""
MAX_TIMESTAMP = 253_402_300_799
"""The end of year 9999, in seconds."""


def content_timestamp(content: Path, environ: dict[str, str] | None = None) -> int:
    """The notes' modification time: ``SOURCE_DATE_EPOCH`` if set, else the newest content file
    (YAML and pictures anywhere in the folder, hidden ones left out).

    Anki updates a note on import only when the package's note is newer than its own, so the
    time must move forward when the content is edited, and stay put when it is not (then the
    package is byte-identical).
    """
    env = os.environ if environ is None else environ
    value = env.get(EPOCH_VARIABLE, "").strip()
    if value:
        if not value.isdigit() or int(value) > MAX_TIMESTAMP:
            raise MassagePrintError(
                f"{EPOCH_VARIABLE} must be whole seconds since 1970, not '{value}'"
            )
        return int(value)
    files = [
        path
        for path in sorted(content.rglob("*"))
        if path.suffix.lower() in CONTENT_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(content).parts)
    ]
    times = [int(path.stat().st_mtime) for path in files]
    return max([0, *times])


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def apkg_name(book: Book) -> str:
    return f"{book.slug}.apkg"


def csv_name(book: Book) -> str:
    return f"{book.slug}.csv"


def _practice(
    book: Book, deck: str, reverse: bool, layout: str, layout_dir: Path | None
) -> tuple[AnkiLayout, PracticeSet]:
    lay = load_layout(layout, AnkiLayout, layout_dir)
    return lay, practice_set(book, lay, deck, reverse)


def build_anki(
    book: Book,
    *,
    timestamp: int,
    deck: str = "all",
    reverse: bool = False,
    layout: str = "anki",
    layout_dir: Path | None = None,
) -> JobResult:
    """``<book>.apkg``: one note per technique and step, diagrams as SVG media."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise MassagePrintError(f"the notes' time stamp {timestamp} is out of range")
    lay, practice = _practice(book, deck, reverse, layout, layout_dir)
    data = write_apkg(practice, lay, timestamp)
    name = apkg_name(book)
    messages = (
        f"{name}: {_plural(len(practice.notes), 'note')} in {_plural(len(practice.decks) - 1, 'deck')}"
        f" under '{practice.book}', {_plural(len(practice.media), 'picture')}",
        f"Import {name} in Anki (File › Import, or open it on your phone); importing it again "
        "after editing updates the notes and keeps your review history.",
    )
    return JobResult(outputs=(Output(name, data, len(practice.notes)),), messages=messages)


def build_csv(
    book: Book,
    *,
    deck: str = "all",
    reverse: bool = False,
    layout: str = "anki",
    layout_dir: Path | None = None,
) -> JobResult:
    """``<book>.csv``: the same notes (and GUIDs) as the .apkg, as tab-separated text."""
    lay, practice = _practice(book, deck, reverse, layout, layout_dir)
    name = csv_name(book)
    messages = (
        f"{name}: {_plural(len(practice.notes), 'row')} (tab-separated, UTF-8); pictures "
        "come only with the .apkg",
    )
    return JobResult(
        outputs=(Output(name, write_csv(practice, lay), len(practice.notes)),), messages=messages
    )
