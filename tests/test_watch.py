"""`massage-print watch`: rebuilds what a change affects, keeps the last good PDFs on errors."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.cards.job import build_cards
from massage_print.cheatsheet.job import build_cheatsheets
from massage_print.cli import main
from massage_print.content.validation import load_book
from massage_print.diagrams.sheet import build_diagrams
from massage_print.errors import MassagePrintError
from massage_print.pdf.pypdf_io import read_pdf
from massage_print.pipeline.watch import GROUPS, WatchSession, _trimmed, parse_only
from tests.contentgen import write_content

ROOT = Path(__file__).resolve().parent.parent


def names(session_round: object) -> list[str]:
    return [w.output.name for w in session_round.written]  # type: ignore[attr-defined]


def test_parse_only() -> None:
    assert parse_only(None) == GROUPS
    assert parse_only("cards, booklet") == ("booklet", "cards")
    with pytest.raises(MassagePrintError, match="unknown output 'leaflet'; choose from: booklet"):
        parse_only("booklet,leaflet")


@pytest.mark.slow
def test_rounds_rebuild_only_what_changed(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", routines=2, steps=4, techniques=3)
    out = tmp_path / "out"
    session = WatchSession(content, out, ("booklet", "cheatsheet"))
    first = session.run()
    assert first.ok, first.problems
    assert names(first) == [
        "booklet.pdf",
        "booklet-print.pdf",
        "cheatsheet-routine-0.pdf",
        "cheatsheet-routine-1.pdf",
    ]
    again = session.run()
    assert again.written == [] and again.reused == [
        "booklet",
        "cheatsheet-routine-0",
        "cheatsheet-routine-1",
    ]

    routine = content / "routines" / "routine-1.yaml"
    routine.write_text(routine.read_text().replace("Generated step 2", "Changed step 2"))
    session.changed([routine])
    edited = session.run()
    assert names(edited) == ["booklet.pdf", "booklet-print.pdf", "cheatsheet-routine-1.pdf"]
    assert edited.reused == ["cheatsheet-routine-0"]

    book = content / "book.yaml"
    book.write_text(book.read_text().replace("A paragraph.", "Another paragraph."))
    session.changed([book])
    assert names(session.run()) == ["booklet.pdf", "booklet-print.pdf"]

    # A file that is not content YAML (a layout, a map, an image) rebuilds everything.
    picture = content / "photo.png"
    picture.write_bytes(b"not really")
    session.changed([picture, content / "routines" / "sedX1a2b"])
    assert len(session.run().written) == 4

    # A routine renamed: its new cheat sheet is made, the old one removed.
    renamed = content / "routines" / "routine-9.yaml"
    renamed.write_text(routine.read_text().replace("id: routine-1", "id: routine-9"))
    routine.unlink()
    session.changed([routine, renamed])
    moved = session.run()
    assert moved.ok, moved.problems
    assert "cheatsheet-routine-9.pdf" in names(moved)
    assert moved.removed == [out / "cheatsheet-routine-1.pdf"]
    assert sorted(p.name for p in out.glob("cheatsheet-*.pdf")) == [
        "cheatsheet-routine-0.pdf",
        "cheatsheet-routine-9.pdf",
    ]


@pytest.mark.slow
def test_a_broken_file_keeps_the_last_good_pdfs(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", routines=1, steps=3, techniques=2)
    out = tmp_path / "out"
    session = WatchSession(content, out, ("cheatsheet",))
    assert session.run().ok
    sheet = out / "cheatsheet-routine-0.pdf"
    before = sheet.read_bytes()
    routine = content / "routines" / "routine-0.yaml"
    good = routine.read_text()
    routine.write_text(good.replace("title: Routine 0", "title: Routine 0\n  oops: x"))
    broken = session.run()
    assert not broken.ok and broken.written == []
    assert "is indented more than the key above it" in str(broken.problems[0])
    assert sheet.read_bytes() == before
    routine.write_text(good.replace("title: Routine 0", "title: Routine Zero"))
    assert names(session.run()) == ["cheatsheet-routine-0.pdf"]
    assert sheet.read_bytes() != before


@pytest.mark.slow
def test_trimmed_parts_do_not_change_the_outputs_they_skip(tmp_path: Path) -> None:
    """What `watch` leaves out of an output's inputs really does not show in that output."""
    book = load_book(write_content(tmp_path / "content", routines=2, steps=3, techniques=3))
    other = dataclasses.replace(
        book,
        subtitle="Something else",
        edition="Second",
        safety=("A different caution.",),
        front_matter=(),
        back_matter=book.front_matter,
        sources=(),
    )
    builds: list[Callable[..., object]] = [build_cards, build_diagrams]
    for build in builds:
        assert build(book).outputs == build(other).outputs  # type: ignore[attr-defined]
    # Cheat sheets do show the safety notes: their part keeps them.
    sheets = build_cheatsheets(book, routine="routine-0").outputs
    assert (
        sheets
        == build_cheatsheets(
            dataclasses.replace(other, safety=book.safety), routine="routine-0"
        ).outputs
    )
    assert _trimmed(book, safety=()) == _trimmed(other, safety=())


def test_watch_refuses_a_missing_folder_and_bad_only(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["watch", "--content", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "content folder not found" in result.stderr
    result = CliRunner().invoke(main, ["watch", "--content", str(tmp_path), "--only", "x"])
    assert result.exit_code == 1
    assert "unknown output 'x'" in result.stderr


def _wait(condition: Callable[[], bool], what: str, timeout: float = 90.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _text(pdf: Path) -> str:
    reader = read_pdf(pdf.read_bytes(), pdf.name)
    return "".join(page.extract_text() for page in reader.pages)


@pytest.mark.slow
def test_watch_process_edit_break_fix_and_sigint(tmp_path: Path) -> None:
    course = tmp_path / "course"
    assert CliRunner().invoke(main, ["init", str(course)]).exit_code == 0
    out = course / "build"  # inside the content folder: its own writes must not loop
    log_path = tmp_path / "watch.log"
    env = {**os.environ, "MASSAGE_PRINT_SHOW_LINES": "0", "PYTHONPATH": str(ROOT / "src")}
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "massage_print",
                "watch",
                "--content",
                str(course),
                "--out",
                str(out),
                "--only",
                "booklet",
                "--preview",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
        )
    try:

        def log_text() -> str:
            return log_path.read_text()

        _wait(lambda: "watching for changes" in log_text(), "the first build")
        booklet = out / "booklet.pdf"
        first = booklet.stat().st_ino
        pages = len(read_pdf(booklet.read_bytes(), "booklet.pdf").pages)
        pictures = sorted(p.name for p in (out / "preview").glob("booklet-[0-9]*.png"))
        assert len(pictures) == pages
        sheet = (out / "preview" / "booklet.png").read_bytes()
        routine = course / "routines" / "short-back.yaml"
        good = routine.read_text()
        routine.write_text(
            good.replace("Kneel beside the receiver.", "Kneel by the receiver's hip.")
        )
        _wait(lambda: booklet.stat().st_ino != first, "the rebuilt booklet")
        # The round goes on: the print file and the pictures follow the booklet.
        _wait(lambda: log_text().count("built in") == 2, "the end of the round")
        assert "Kneel by the receiver" in _text(booklet)
        assert (out / "preview" / "booklet.png").read_bytes() != sheet

        last_good = booklet.read_bytes()
        routine.write_text(good.replace("    steps:\n", "    steps:\n   oops: 1\n", 1))
        _wait(lambda: "not rebuilt" in log_text(), "the error report")
        assert booklet.read_bytes() == last_good
        assert f"{routine}:" in log_text()

        routine.write_text(good)
        _wait(lambda: log_text().count("built in") == 3, "the fixed build")
        assert "Kneel beside the receiver" in _text(booklet)
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    text = log_path.read_text()
    assert code == 0, text
    assert text.rstrip().endswith("stopped")
    assert "Traceback" not in text
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert sorted(p.name for p in out.iterdir()) == ["booklet-print.pdf", "booklet.pdf", "preview"]
    assert not [p for p in (out / "preview").iterdir() if not p.name.endswith(".png")]


def test_stale_lists_files_saved_since_the_round_started(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", routines=1, steps=2, techniques=2)
    session = WatchSession(content, content / "build", ("booklet",))
    session.stamps = session._stamps()
    assert session.stale() == set()
    routine = content / "routines" / "routine-0.yaml"
    routine.write_text(routine.read_text() + "\n")
    (content / "notes.txt").write_text("not an input")
    (content / "build").mkdir()
    (content / "build" / "x.yaml").write_text("an output, not an input")
    (content / "routines" / "new.yaml").write_text("id: new\n")
    assert session.stale() == {routine.resolve(), (content / "routines" / "new.yaml").resolve()}


def test_an_output_that_cannot_be_written_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", routines=1, steps=2, techniques=2)
    out = tmp_path / "out"
    (out / "cheatsheet-routine-0.pdf").mkdir(parents=True)  # a folder where the file goes
    result = WatchSession(content, out, ("cheatsheet",)).run()
    assert [str(p) for p in result.problems] == [
        f"cannot write {out / 'cheatsheet-routine-0.pdf'}: it is a folder"
    ]
    assert result.written == []
