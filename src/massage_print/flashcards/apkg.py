"""The Anki package (``.apkg``): a zip of an SQLite collection, a media index and the media.

genanki builds the collection; everything that would vary between runs is fixed here: the
collection is built in memory and serialised, every time stamp is the ``timestamp`` given
(see :func:`massage_print.flashcards.job.content_timestamp`), note and card ids come from the
note's GUID, deck and note-type ids from names that never change, and the zip entries carry a
fixed date. The same notes and timestamp always give the same bytes.
"""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import zipfile
from typing import Any

import genanki

from ..content.markup import to_html
from ..layout.schema import AnkiLayout
from .labels import label
from .notes import FIELDS, NoteKind, PracticeSet, stable_hash

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
NOTE_ID_BASE = 1_500_000_000_000
"""Note ids look like Anki's (milliseconds since 1970): spread over about a year from 2017."""
NOTE_ID_SPAN = 30_000_000_000


def model_id(kind: NoteKind, language: str) -> int:
    """A note type's id: constant for its kind and language (31 bits, as Anki's own)."""
    return (1 << 30) + stable_hash("notetype", kind, language) % (1 << 30)


def deck_id(root: str, deck: str) -> int:
    return (1 << 30) + stable_hash("deck", root, deck) % (1 << 30)


def note_id(guid: str) -> int:
    """The note's row id, from its GUID; its cards take the next ids."""
    return NOTE_ID_BASE + stable_hash("note-id", guid) % NOTE_ID_SPAN // 16 * 16


def _css(layout: AnkiLayout) -> str:
    c = layout.colours

    def pt(value: float) -> str:
        return f"{value:.4g}pt"

    return "\n".join(
        [
            f".card {{ font-family: {layout.font_family}; font-size: {pt(layout.text_size)}; "
            f"color: {c.text}; background: #ffffff; text-align: left; }}",
            f".mp {{ max-width: {pt(layout.max_width)}; margin: 0 auto; }}",
            f".mp .band {{ font-size: {pt(layout.label_size)}; font-weight: bold; "
            f"letter-spacing: 0.08em; text-transform: uppercase; color: {c.accent}; }}",
            f".mp .title {{ font-size: {pt(layout.title_size)}; font-weight: bold; "
            f"color: {c.accent}; margin: 0.2em 0; }}",
            f".mp .line {{ font-size: {pt(layout.label_size)}; color: {c.muted}; }}",
            f".mp .diagram img {{ display: block; max-width: {pt(layout.diagram_width)}; "
            "width: 100%; height: auto; margin: 0.6em auto; }",
            f".mp .picture img {{ display: block; max-width: {pt(layout.picture_width)}; "
            "width: 100%; height: auto; margin: 0.6em auto; border-radius: 4px; }",
            ".mp ol.cues { padding-left: 1.4em; margin: 0.5em 0; }",
            f".mp .facts, .mp .next {{ font-size: {pt(layout.small_size)}; color: {c.muted}; "
            "margin: 0.5em 0; }",
            f".mp .tip {{ background: {c.tip_fill}; border-left: 3px solid {c.tip}; "
            f"padding: {pt(layout.box_padding)}; margin: 0.5em 0; }}",
            f".mp .caution {{ background: {c.caution_fill}; border-left: 3px solid {c.caution}; "
            f"padding: {pt(layout.box_padding)}; margin: 0.5em 0; }}",
            f"hr#answer {{ border: 0; border-top: {pt(layout.rule_width)} solid {c.rule}; }}",
            ".nightMode .card, .night_mode .card { background: #1e1e1e; color: #e6e6e6; }",
            ".nightMode .mp .diagram img, .night_mode .mp .diagram img "
            "{ background: #ffffff; border-radius: 6px; }",
            ".nightMode .mp .tip, .nightMode .mp .caution { background: transparent; }",
        ]
    )


def _templates(kind: NoteKind, language: str) -> list[dict[str, str]]:
    answer = '{{FrontSide}}<hr id="answer"><div class="mp">{{Back}}</div>'
    if kind == "technique":
        front = (
            '<div class="mp"><div class="band">{{Family}}</div>'
            '<div class="title">{{Name}}</div><div class="line">{{Pressure}}</div>'
            '{{#Contact}}<div class="line">{{Contact}}</div>{{/Contact}}'
            '{{#Diagram}}<div class="diagram">{{Diagram}}</div>{{/Diagram}}'
            '{{#Picture}}<div class="picture">{{Picture}}</div>{{/Picture}}</div>'
        )
        which = label("which", language)
        reverse_front = (
            '{{#Reverse}}{{#Diagram}}<div class="mp"><div class="band">'
            f"{to_html(which)}</div>"
            '<div class="diagram">{{Diagram}}</div></div>{{/Diagram}}{{/Reverse}}'
        )
        reverse_back = (
            '{{FrontSide}}<hr id="answer"><div class="mp"><div class="title">{{Name}}</div>'
            '<div class="line">{{Family}} · {{Pressure}}</div></div>'
        )
        return [
            {"name": "Technique", "qfmt": front, "afmt": answer},
            {"name": "Diagram to name", "qfmt": reverse_front, "afmt": reverse_back},
        ]
    front = (
        '<div class="mp"><div class="band">{{Place}}</div>'
        '<div class="line">{{Routine}}</div><div class="title">{{Title}}</div>'
        '{{#Diagram}}<div class="diagram">{{Diagram}}</div>{{/Diagram}}'
        '{{#Picture}}<div class="picture">{{Picture}}</div>{{/Picture}}</div>'
    )
    return [{"name": "Step", "qfmt": front, "afmt": answer}]


def note_model(kind: NoteKind, language: str, layout: AnkiLayout) -> genanki.Model:
    name = label("technique_type" if kind == "technique" else "step_type", language)
    return genanki.Model(
        model_id(kind, language),
        f"{name} (massage-print, {language})",
        fields=[{"name": field} for field in FIELDS[kind]],
        templates=_templates(kind, language),
        css=_css(layout),
    )


def write_apkg(practice: PracticeSet, layout: AnkiLayout, timestamp: int) -> bytes:
    """The ``.apkg`` bytes: the same practice set and timestamp give the same bytes."""
    models = {kind: note_model(kind, practice.language, layout) for kind in FIELDS}
    decks = {name: genanki.Deck(deck_id(practice.book, name), name) for name in practice.decks}
    for deck in decks.values():
        for model in models.values():
            deck.add_model(model)
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        cursor.executescript(genanki.package.APKG_SCHEMA)
        cursor.executescript(genanki.package.APKG_COL)
        cursor.execute("UPDATE col SET crt = ?, mod = ?", (timestamp, timestamp * 1000))
        for deck in decks.values():
            deck.write_to_db(cursor, timestamp, iter(()))
        for due, item in enumerate(practice.notes):
            note = genanki.Note(
                model=models[item.kind],
                fields=list(item.fields),
                tags=list(item.tags),
                guid=item.guid,
                due=due,
            )
            ids = itertools.count(note_id(item.guid))
            note.write_to_db(cursor, timestamp, decks[item.deck].deck_id, ids)
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    return _zip(collection, practice)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def _zip(collection: bytes, practice: PracticeSet) -> bytes:
    buffer = io.BytesIO()
    index: dict[str, Any] = {str(i): m.name for i, m in enumerate(practice.media)}
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("collection.anki2"), collection)
        archive.writestr(_entry("media"), json.dumps(index, ensure_ascii=False))
        for number, media in enumerate(practice.media):
            archive.writestr(_entry(str(number)), media.data)
    return buffer.getvalue()
