"""`massage-print cheatsheet` on the command line."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from massage_print.cli.cheatsheet import cheatsheet_command
from tests.contentgen import write_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def test_one_file_per_routine(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", routines=2, steps=6)
    out = tmp_path / "out"
    result = CliRunner().invoke(cheatsheet_command, ["--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "cheatsheet-routine-0.pdf",
        "cheatsheet-routine-1.pdf",
    ]
    assert "pt type" in result.output


@pytest.mark.slow
def test_one_routine_on_letter_landscape(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--content", str(CONTENT), "--out", str(out), "--routine", "back"]
    args += ["--paper", "letter", "--orientation", "landscape"]
    result = CliRunner().invoke(cheatsheet_command, args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["cheatsheet-back.pdf"]
    reader = pypdf.PdfReader(out / "cheatsheet-back.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (792.0, 612.0)


def test_unknown_routine_is_one_line_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--content", str(CONTENT), "--out", str(out), "--routine", "legs"]
    result = CliRunner().invoke(cheatsheet_command, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "unknown routine 'legs'" in lines[0]
    assert "back" in lines[0] and "nine-moves" in lines[0] and "four-strokes" in lines[0]
    assert not out.exists()


def test_a_layout_file_below_six_points_is_refused(tmp_path: Path) -> None:
    layout = tmp_path / "tiny.yaml"
    layout.write_text("extends: cheatsheet\ntext:\n  min_body_size: 5pt\n", encoding="utf-8")
    args = ["--content", str(CONTENT), "--out", str(tmp_path / "out"), "--layout", str(layout)]
    result = CliRunner().invoke(cheatsheet_command, args)
    assert result.exit_code == 1
    assert "at least 6pt" in result.stderr


def test_too_long_a_routine_fails_with_advice(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", steps=90)
    out = tmp_path / "out"
    result = CliRunner().invoke(cheatsheet_command, ["--content", str(content), "--out", str(out)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "routine 'routine-0'" in line and "landscape" in line
    assert not out.exists()
