"""`massage-print anki` and `csv`: the package read back as a zip with an SQLite collection."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage

from massage_print.cli import main
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.flashcards import build_anki, build_csv, content_timestamp
from tests.flashcard_content import FOOT_SVG, write_german

STAMP = 1_700_000_000


@pytest.fixture
def german(tmp_path: Path) -> Path:
    return write_german(tmp_path / "kurs")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def anki_bytes(content: Path, stamp: int = STAMP, **options: object) -> bytes:
    result = build_anki(load_book(content), timestamp=stamp, **options)  # type: ignore[arg-type]
    (output,) = result.outputs
    return output.data


def open_package(
    data: bytes, tmp_path: Path
) -> tuple[sqlite3.Connection, dict[str, str], dict[str, bytes]]:
    """The collection, the media index and the packaged files of an .apkg."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[:2] == ["collection.anki2", "media"]
    db = tmp_path / f"collection-{len(list(tmp_path.iterdir()))}.anki2"
    db.write_bytes(archive.read("collection.anki2"))
    index = json.loads(archive.read("media"))
    files = {index[key]: archive.read(key) for key in index}
    return sqlite3.connect(db), index, files


def notes(connection: sqlite3.Connection) -> dict[str, tuple[int, str, str, str]]:
    """guid → (note id, fields, tags, model id)."""
    rows = connection.execute("SELECT guid, id, flds, tags, mid FROM notes").fetchall()
    return {guid: (nid, flds, tags, str(mid)) for guid, nid, flds, tags, mid in rows}


def test_package_holds_a_note_per_technique_and_step_and_every_picture(
    german: Path, tmp_path: Path
) -> None:
    book = load_book(german)
    connection, index, files = open_package(anki_bytes(german, reverse=True), tmp_path)
    found = notes(connection)
    assert len(found) == len(book.techniques) + book.step_count == 8
    referenced = set()
    for _, flds, _, _ in found.values():
        referenced |= set(re.findall(r'<img src="([^"]+)"', flds))
    assert referenced and referenced <= set(files)
    assert all("/" not in name and "\\" not in name for name in files)
    assert len(set(index.values())) == len(index)
    for name, data in files.items():
        if name.endswith(".svg"):
            assert data.startswith(b"<svg ")
    pictures = [n for n in files if n.endswith(".jpg")]
    assert len(pictures) == 1 and referenced == set(files)  # nothing packaged in vain
    with PILImage.open(io.BytesIO(files[pictures[0]])) as photo:
        # Turned upright by its EXIF orientation (3000 × 1000), then scaled to 1000 across.
        assert photo.size == (1000, 333)
        # The dark block stored at the top left is at the top right once upright.
        assert sum(photo.getpixel((990, 10))) < 250 and sum(photo.getpixel((10, 10))) > 400
        assert photo.getexif().get(0x0112) is None
    assert files["sitzmassage-" + _digest(FOOT_SVG.encode()) + ".svg"] == FOOT_SVG.encode()
    # Two techniques have a diagram: with --reverse they get a second card.
    cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    assert cards == 8 + 2
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    names = {d["name"] for d in decks.values()}
    root = "Sitzmassage & Füße: Übungskarten"
    assert {root, f"{root}::Techniken", f"{root}::Nacken im Sitzen", f"{root}::Füße"} <= names
    tags = {t for _, _, tag_text, _ in found.values() for t in tag_text.split()}
    assert {"family::gliding", "pressure::light", "routine::nacken", "routine::fuesse"} <= tags
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    assert sorted(m["name"] for m in models.values()) == [
        "Massagetechnik (massage-print, de)",
        "Schritt eines Massageablaufs (massage-print, de)",
    ]


def test_fields_are_escaped_html_with_markup(german: Path, tmp_path: Path) -> None:
    connection, _, _ = open_package(anki_bytes(german), tmp_path)
    text = "\n".join(flds for _, flds, _, _ in notes(connection).values())
    assert "<b>ruhige</b>" in text and "<i>nie</i>" in text
    assert "&amp; langsam" in text and "Druck &lt;gering&gt;" in text
    assert "Mit beiden Daumen<br>von der Ferse" in text
    assert "<gering>" not in text and "**" not in text


def test_same_input_gives_the_same_bytes(german: Path) -> None:
    assert anki_bytes(german) == anki_bytes(german)
    assert anki_bytes(german, reverse=True) == anki_bytes(german, reverse=True)
    assert anki_bytes(german) != anki_bytes(german, STAMP + 1)


def test_cli_builds_twice_byte_identical(german: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={"SOURCE_DATE_EPOCH": str(STAMP)})
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = runner.invoke(main, ["anki", "--content", str(german), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "8 notes in 3 decks" in result.stdout
        outputs.append((out / "sitzmassage.apkg").read_bytes())
    assert outputs[0] == outputs[1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def ids_of(connection: sqlite3.Connection) -> tuple[set[str], set[str], list[tuple[int, int]]]:
    """Deck ids, note-type ids, and (card id, note id) pairs of a collection."""
    decks, models = connection.execute("SELECT decks, models FROM col").fetchone()
    cards = connection.execute("SELECT id, nid FROM cards ORDER BY id").fetchall()
    return set(json.loads(decks)), set(json.loads(models)), cards


def test_one_word_edit_changes_one_note_and_no_identity(german: Path, tmp_path: Path) -> None:
    first = open_package(anki_bytes(german), tmp_path)[0]
    before = notes(first)
    _edit(german / "routines" / "nacken.yaml", "Im Wechsel kneten.", "Im Wechsel walken.")
    second = open_package(anki_bytes(german), tmp_path)[0]
    after = notes(second)
    assert ids_of(first) == ids_of(second)  # deck, note-type and card ids too
    assert set(before) == set(after)
    assert {g: v[0] for g, v in before.items()} == {g: v[0] for g, v in after.items()}
    assert {g: v[3] for g, v in before.items()} == {g: v[3] for g, v in after.items()}
    changed = [g for g in before if before[g][1] != after[g][1]]
    assert len(changed) == 1
    assert "walken" in after[changed[0]][1]


def test_inserting_a_step_keeps_the_id_tagged_steps(german: Path, tmp_path: Path) -> None:
    before = notes(open_package(anki_bytes(german), tmp_path)[0])
    routine = german / "routines" / "nacken.yaml"
    _edit(
        routine,
        "      - id: ausstreichen\n",
        "      - title: Neu eingefügt\n        cues: [Ein neuer Schritt.]\n"
        "      - id: ausstreichen\n",
    )
    after = notes(open_package(anki_bytes(german), tmp_path)[0])
    assert len(after) == len(before) + 1

    def guid_of(found: dict[str, tuple[int, str, str, str]], title: str) -> tuple[str, int]:
        (match,) = [(g, v[0]) for g, v in found.items() if v[1].startswith(title + "\x1f")]
        return match

    for keyed in ("Ausstreichen", "Sohle ausstreichen", "Ankommen", "Streichen"):
        assert guid_of(before, keyed) == guid_of(after, keyed)
    # Without an id a step is its position: the one after the insertion moves on.
    assert guid_of(before, "Schultern kneten") != guid_of(after, "Schultern kneten")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      - id: ausstreichen\n", "      - id: Aus Streichen\n", "is not a valid step id"),
        (
            "      - title: Schultern kneten\n",
            "      - id: ausstreichen\n        title: Schultern kneten\n",
            "step id 'ausstreichen' is already used by step 2",
        ),
    ],
)
def test_bad_step_ids_are_located_errors(german: Path, old: str, new: str, message: str) -> None:
    _edit(german / "routines" / "nacken.yaml", old, new)
    with pytest.raises(MassagePrintError) as caught:
        load_book(german)
    (problem,) = caught.value.problems
    assert message in str(problem)
    assert re.match(r".*nacken\.yaml:\d+:\d+: sections\[0\]\.steps\[\d\]\.id: ", str(problem))


def test_the_same_step_id_in_two_routines_is_fine(german: Path) -> None:
    _edit(german / "routines" / "fuesse.yaml", "id: sohle", "id: ausstreichen")
    assert load_book(german).step_count == 5


def test_csv_has_the_same_notes_one_row_each(german: Path, tmp_path: Path) -> None:
    book = load_book(german)
    (output,) = build_csv(book).outputs
    assert output.name == "sitzmassage.csv"
    data = output.data
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").split("\n")
    assert lines[-1] == ""
    header, rows = lines[:6], [line.split("\t") for line in lines[6:-1]]
    assert header == [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:12",
    ]
    assert len(rows) == 8 and {len(r) for r in rows} == {12}
    apkg = notes(open_package(anki_bytes(german), tmp_path)[0])
    assert {r[0] for r in rows} == set(apkg)
    by_guid = {r[0]: r for r in rows}
    for guid, (_, flds, _, _) in apkg.items():
        fields = flds.split("\x1f")
        assert by_guid[guid][3:5] == fields[:2]  # term, definition
    terms = [r[3] for r in rows]
    assert terms[:3] == ["Streichen", "Kneten", "Halten"]
    assert any("&#9;" in cell for r in rows for cell in r)  # the tab in a tip, escaped


def test_timestamp_comes_from_source_date_epoch_or_the_newest_file(german: Path) -> None:
    assert content_timestamp(german, {"SOURCE_DATE_EPOCH": "1234"}) == 1234
    newest = max(int(p.stat().st_mtime) for p in german.rglob("*.*"))
    assert content_timestamp(german, {}) == newest
    # A replaced photo changes a note: the time moves on. An output in the folder does not.
    photo = german / "bilder" / "haende.jpg"
    os.utime(photo, (newest + 100, newest + 100))
    (german / "old.apkg").write_bytes(b"x")
    os.utime(german / "old.apkg", (newest + 500, newest + 500))
    assert content_timestamp(german, {}) == newest + 100
    with pytest.raises(MassagePrintError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        content_timestamp(german, {"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize("command", ["anki", "csv"])
def test_cli_errors_are_one_line(german: Path, tmp_path: Path, command: str) -> None:
    result = CliRunner().invoke(
        main, [command, "--content", str(german), "--out", str(tmp_path), "--deck", "cards"]
    )
    assert result.exit_code == 2
    assert "'cards' is not one of 'techniques', 'steps', 'all'" in result.stderr
    assert not list(tmp_path.glob("*.apkg")) and not list(tmp_path.glob("*.csv"))


def test_deck_choice(german: Path, tmp_path: Path) -> None:
    only = notes(open_package(anki_bytes(german, deck="techniques"), tmp_path)[0])
    assert len(only) == 3
    steps = build_csv(load_book(german), deck="steps").outputs[0].data.decode("utf-8-sig")
    assert len(steps.strip().split("\n")) == 6 + 5
