"""`massage-print init`: a starter course that passes check and build with zero warnings."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path, PurePosixPath

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


# Lines only the English starter has: a translated set must have none of them.
ENGLISH_LINES = (
    "The book as a whole: its cover, the chapters around the routines, and safety notes.",
    "A short routine to practise at home",
    "Before you begin",
    "This booklet walks you through one short routine, step by step.",
    "Stop if anything hurts, and do not press on the spine itself.",
    "Slow, flat-handed strokes that spread the oil and settle the receiver.",
    "Rest your hands",
    "Ease off at once if the receiver tenses or holds the breath.",
    "This folder is a small course written for massage-print. Make it your own:",
)
TRANSLATED = {"de": "ruecken-kurz", "fr": "dos-court", "es": "espalda-breve"}


def course_text(course: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(course.rglob("*"))
        if p.suffix in {".yaml", ".md"}
    )


def test_english_lines_are_in_the_english_starter(tmp_path: Path) -> None:
    init(tmp_path / "course")
    text = course_text(tmp_path / "course")
    for line in ENGLISH_LINES:
        assert line in text


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(TRANSLATED))
def test_init_then_check_and_build_without_warnings(tmp_path: Path, language: str) -> None:
    course = tmp_path / "kurs"
    init(course, "--language", language)
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
    assert (out / f"cheatsheet-{TRANSLATED[language]}.pdf").exists()
    book = load_book(course)
    assert book.language == language
    assert [r.id for r in book.routines] == [TRANSLATED[language]]


@pytest.mark.parametrize("language", ["de", "fr", "es", "de-AT", "es-MX"])
def test_a_translated_starter_has_no_english(tmp_path: Path, language: str) -> None:
    course = tmp_path / "kurs"
    init(course, "--language", language)
    book_yaml = (course / "book.yaml").read_text(encoding="utf-8")
    assert re.search(rf"^language: {language} ", book_yaml, re.MULTILINE)
    text = course_text(course)
    for line in ENGLISH_LINES:
        assert line not in text, f"{language} starter still says {line!r}"
    assert load_book(course).language == language


@pytest.mark.parametrize("language", ["en", *sorted(TRANSLATED)])
def test_starter_has_what_the_issue_promises(tmp_path: Path, language: str) -> None:
    course = tmp_path / "course"
    init(course, "--language", language)
    book = load_book(course)
    [routine] = book.routines
    assert len(book.techniques) == 3
    assert len(routine.sections) == 2
    steps = routine.steps
    assert len(steps) == 5
    assert sum(1 for s in steps if s.tip) == 1
    assert sum(1 for s in steps if s.caution) == 1
    own = routine_yaml(course, routine.id)
    assert sum(1 for s in own if "diagram" in s) == 1
    readme = (course / "README.md").read_text(encoding="utf-8")
    for command in ("check", "watch --content . --preview", "build"):
        assert f"massage-print {command}" in readme
    assert f"routines/{routine.id}.yaml" in readme


def routine_yaml(course: Path, routine_id: str) -> list[dict[str, object]]:
    path = course / "routines" / f"{routine_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step for section in data["sections"] for step in section["steps"]]


@pytest.mark.parametrize("language", ["en", *sorted(TRANSLATED)])
def test_book_yaml_shows_every_book_key(tmp_path: Path, language: str) -> None:
    course = tmp_path / "course"
    init(course, "--language", language)
    text = (course / "book.yaml").read_text(encoding="utf-8")
    for key in validation.BOOK_KEYS:
        assert re.search(rf"^(# )?{key}:", text, re.MULTILINE), f"book.yaml does not show {key}"


@pytest.mark.parametrize("language", ["en", *sorted(TRANSLATED)])
def test_schema_lines_resolve_and_files_validate(tmp_path: Path, language: str) -> None:
    course = tmp_path / "course"
    init(course, "--language", language)
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
    text = course_text(tmp_path / "kurs")
    for line in ENGLISH_LINES:  # no set for Portuguese: the English starter
        assert line in text


@pytest.mark.parametrize("language", ["en", *sorted(TRANSLATED)])
def test_init_into_an_empty_folder_and_twice_is_the_same(tmp_path: Path, language: str) -> None:
    (tmp_path / "a").mkdir()
    init(tmp_path / "a", "--language", language)
    init(tmp_path / "b", "--language", language)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_every_starter_file_ships_as_package_data() -> None:
    package = Path(__file__).resolve().parents[1] / "src" / "massage_print"
    pyproject = tomllib.loads((package.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    globs = [
        PurePosixPath(g) for g in pyproject["tool"]["setuptools"]["package-data"]["massage_print"]
    ]
    starter = sorted(p for p in (package / "templates" / "starter").rglob("*") if p.is_file())
    assert len(starter) == 4 * (1 + len(TRANSLATED))
    for path in starter:
        rel = PurePosixPath(path.relative_to(package).as_posix())
        assert any(len(rel.parts) == len(g.parts) and rel.match(str(g)) for g in globs), (
            f"{rel} is not package data"
        )
