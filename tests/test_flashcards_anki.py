"""The package and the CSV imported into a fresh collection by the official `anki` package."""

from __future__ import annotations

from pathlib import Path

import pytest

from massage_print.content.validation import load_book
from massage_print.flashcards import build_anki, build_csv
from tests.flashcard_content import write_german

try:  # the official Anki library (test extra); a compiled wheel, not on every platform
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
        ImportCsvRequest,
    )
except ImportError as exc:  # pragma: no cover - depends on the machine
    pytest.skip(
        f"the official anki package is not installed ({exc}); pip install -e '.[test]'",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow
STAMP = 1_700_000_000


def write(folder: Path, content: Path, stamp: int, reverse: bool = False) -> tuple[Path, Path]:
    book = load_book(content)
    (apkg,) = build_anki(book, timestamp=stamp, reverse=reverse).outputs
    (csv,) = build_csv(book, reverse=reverse).outputs
    folder.mkdir(exist_ok=True)
    (folder / apkg.name).write_bytes(apkg.data)
    (folder / csv.name).write_bytes(csv.data)
    return folder / apkg.name, folder / csv.name


def fresh_collection(tmp_path: Path) -> Collection:
    folder = tmp_path / "fresh"
    folder.mkdir()
    return Collection(str(folder / "collection.anki2"))


def import_package(col: Collection, path: Path) -> object:
    request = ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)
    )
    return col.import_anki_package(request).log


def test_package_and_csv_import_with_every_picture(tmp_path: Path) -> None:
    content = write_german(tmp_path / "kurs")
    apkg, csv = write(tmp_path / "out", content, STAMP, reverse=True)
    col = fresh_collection(tmp_path)
    try:
        log = import_package(col, apkg)
        assert len(log.new) == 8  # type: ignore[attr-defined]
        assert col.note_count() == 8
        assert col.card_count() == 8 + 2  # two techniques with diagrams get a reverse card
        check = col.media.check()
        assert list(check.missing) == [] and list(check.unused) == []
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert "Sitzmassage & Füße: Übungskarten::Nacken im Sitzen" in names

        metadata = col.get_csv_metadata(path=str(csv), delimiter=None)
        assert metadata.guid_column == 1 and metadata.deck_column == 3
        log = col.import_csv(ImportCsvRequest(path=str(csv), metadata=metadata)).log
        assert log.found_notes == 8 and len(log.new) == 0
        assert col.note_count() == 8 and col.card_count() == 10
        assert list(col.media.check().missing) == []
    finally:
        col.close()


def test_a_rebuilt_package_updates_notes_in_place(tmp_path: Path) -> None:
    content = write_german(tmp_path / "kurs")
    apkg, _ = write(tmp_path / "one", content, STAMP)
    col = fresh_collection(tmp_path)
    try:
        import_package(col, apkg)
        before = {col.get_note(n).guid: n for n in col.find_notes("")}
        card_ids = set(col.find_cards(""))
        path = content / "techniques.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("name: Kneten", "name: Walken"),
            encoding="utf-8",
        )
        rebuilt, _ = write(tmp_path / "two", content, STAMP + 60)
        log = import_package(col, rebuilt)
        assert len(log.new) == 0 and len(log.updated) == 8  # type: ignore[attr-defined]
        after = {col.get_note(n).guid: n for n in col.find_notes("")}
        assert after == before and set(col.find_cards("")) == card_ids
        assert len(col.find_notes("Name:Walken")) == 1
    finally:
        col.close()
