"""`massage-print init`: a starter course that passes check and build with zero warnings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from massage_print.cli import main
from massage_print.content import validation
from massage_print.content.validation import load_book
from massage_print.pipeline.schemas import schemas

SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


def init(folder: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["init", str(folder), *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.slow
def test_init_then_check_and_build_without_warnings(tmp_path: Path) -> None:
    course = tmp_path / "kurs"
    init(course, "--language", "de")
    runner = CliRunner()
    check = runner.invoke(main, ["check", "--content", str(course)])
    assert check.exit_code == 0, check.output
    assert check.stderr == ""
    assert check.stdout.startswith("ok: 1 routine, 5 steps, 3 techniques;")
    out = tmp_path / "out"
    build = runner.invoke(main, ["build", "--content", str(course), "--out", str(out)])
    assert build.exit_code == 0, build.output
    assert build.stderr == ""
    assert (out / "booklet.pdf").stat().st_size > 0
    assert (out / "cheatsheet-short-back.pdf").exists()
    book = load_book(course)
    assert book.language == "de"


def test_starter_has_what_the_issue_promises(tmp_path: Path) -> None:
    course = tmp_path / "course"
    init(course)
    book = load_book(course)
    [routine] = book.routines
    assert len(book.techniques) == 3
    assert len(routine.sections) == 2
    steps = routine.steps
    assert len(steps) == 5
    assert sum(1 for s in steps if s.tip) == 1
    assert sum(1 for s in steps if s.caution) == 1
    own = routine_yaml(course)
    assert sum(1 for s in own if "diagram" in s) == 1
    readme = (course / "README.md").read_text(encoding="utf-8")
    for word in ("check", "watch", "build", "Print"):
        assert word in readme


def routine_yaml(course: Path) -> list[dict[str, object]]:
    data = yaml.safe_load((course / "routines" / "short-back.yaml").read_text(encoding="utf-8"))
    return [step for section in data["sections"] for step in section["steps"]]


def test_book_yaml_shows_every_book_key(tmp_path: Path) -> None:
    course = tmp_path / "course"
    init(course)
    text = (course / "book.yaml").read_text(encoding="utf-8")
    for key in validation.BOOK_KEYS:
        assert re.search(rf"^(# )?{key}:", text, re.MULTILINE), f"book.yaml does not show {key}"


def test_schema_lines_resolve_and_files_validate(tmp_path: Path) -> None:
    course = tmp_path / "course"
    init(course)
    yamls = sorted(course.rglob("*.yaml"))
    assert len(yamls) == 3
    for path in yamls:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.fullmatch(first)
        assert match, f"{path.name} does not start with the schema line"
        schema_path = (path.parent / match.group(1)).resolve()
        assert schema_path.is_file(), schema_path
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        assert schema == schemas()[schema_path.name]
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
        assert errors == [], (path.name, [e.message for e in errors])


def test_init_refuses_a_folder_with_anything_in_it(tmp_path: Path) -> None:
    course = tmp_path / "mine"
    course.mkdir()
    (course / "notes.txt").write_text("keep me")
    before = sorted(p.name for p in course.rglob("*"))
    result = CliRunner().invoke(main, ["init", str(course)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr == (
        f"{course}: folder is not empty; init writes only into a new or empty folder\n"
    )
    assert sorted(p.name for p in course.rglob("*")) == before
    assert (course / "notes.txt").read_text() == "keep me"


def test_init_refuses_a_file_and_a_bad_language(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert "exists and is not a folder" in result.stderr
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new"), "--language", "Deutsch"])
    assert result.exit_code == 1
    assert result.stderr == (
        "--language: 'Deutsch' is not a language code (like en, de, fr, es); did you mean 'de'?\n"
    )
    assert not (tmp_path / "new").exists()


def test_init_with_a_language_without_labels_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "kurs"), "--language", "pt-BR"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: no built-in labels for 'pt-BR'")
    assert load_book(tmp_path / "kurs").language == "pt-BR"


def test_init_into_an_empty_folder_and_twice_is_the_same(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    init(tmp_path / "a")
    init(tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
