"""The practice notes as a CSV (tab-separated) for Anki and other flashcard apps.

UTF-8 with a byte-order mark (spreadsheets then read the accents right), Anki's header lines,
then one row per note: GUID, note type, deck, then the note's fields (so the term and its
definition are the first two content columns, as Quizlet-style importers expect), then tags.
Fields are HTML without tabs or newlines (see :func:`massage_print.content.markup.to_html`),
so no row ever breaks.
"""

from __future__ import annotations

from ..layout.schema import AnkiLayout
from .apkg import note_model
from .notes import FIELDS, PracticeSet

BOM = "\ufeff"


def _cell(text: str) -> str:
    # Fields are built tab- and newline-free; deck names and tags come from plain text.
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_csv(practice: PracticeSet, layout: AnkiLayout) -> bytes:
    width = max(len(fields) for fields in FIELDS.values())
    names = {kind: note_model(kind, practice.language, layout).name for kind in FIELDS}
    tags_column = 3 + width + 1
    lines = [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        f"#tags column:{tags_column}",
    ]
    for note in practice.notes:
        cells = [note.guid, names[note.kind], note.deck, *note.fields]
        cells += [""] * (3 + width - len(cells))
        cells.append(" ".join(note.tags))
        lines.append("\t".join(_cell(c) for c in cells))
    return (BOM + "\n".join(lines) + "\n").encode("utf-8")
