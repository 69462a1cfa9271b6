"""Practice decks for flashcard apps: an Anki package and a CSV, from the same notes."""

from .job import apkg_name, build_anki, build_csv, content_timestamp, csv_name
from .notes import FIELDS, PracticeNote, PracticeSet, practice_set

__all__ = [
    "FIELDS",
    "PracticeNote",
    "PracticeSet",
    "apkg_name",
    "build_anki",
    "build_csv",
    "content_timestamp",
    "csv_name",
    "practice_set",
]
