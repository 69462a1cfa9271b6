"""``massage-print anki`` and ``massage-print csv``: practice decks for flashcard apps."""

from __future__ import annotations

from pathlib import Path

import click

from ..vocabulary import DECKS
from .common import choice, content_option, finish_job, out_option, report_errors

deck_option = click.option(
    "--deck",
    type=choice(DECKS),
    default="all",
    show_default=True,
    help="Which notes: techniques, steps or all.",
)
reverse_option = click.option(
    "--reverse",
    is_flag=True,
    help="Add a second card per technique with a diagram: the diagram, asking for its name.",
)


@click.command("anki")
@content_option
@out_option
@deck_option
@reverse_option
@report_errors
def anki_command(content: Path, out: Path, deck: str, reverse: bool) -> None:
    """Write <book>.apkg: an Anki deck with a note per technique and per step.

    Subdecks per routine and one for the techniques; diagrams as pictures. Notes keep their
    identity (technique id, routine id and step id or position), so importing a rebuilt
    package updates them and keeps your review history. The notes' time is
    SOURCE_DATE_EPOCH if set, else the newest content file's.
    """
    from ..content.validation import load_book
    from ..flashcards import build_anki, content_timestamp

    book = load_book(content)
    result = build_anki(book, timestamp=content_timestamp(content), deck=deck, reverse=reverse)
    finish_job(result, out)


@click.command("csv")
@content_option
@out_option
@deck_option
@reverse_option
@report_errors
def csv_command(content: Path, out: Path, deck: str, reverse: bool) -> None:
    """Write <book>.csv: the same notes as `anki`, tab-separated, for any flashcard app.

    UTF-8 with a BOM and Anki's header lines; columns: GUID, note type, deck, term,
    definition, the other fields, tags.
    """
    from ..content.validation import load_book
    from ..flashcards import build_csv

    finish_job(build_csv(load_book(content), deck=deck, reverse=reverse), out)
