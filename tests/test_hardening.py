"""Hardening: size limits, bounded fitting, layout ranges, creep and blame, located failures."""

from __future__ import annotations

import dataclasses
import re
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from massage_print.cheatsheet.plan import MAX_CANDIDATES, candidate_sizes
from massage_print.cli import main
from massage_print.content.nodes import Key
from massage_print.content.validation import FILE_KEYS, NAMED_KEYS
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import FIELD_RANGES, LAYOUT_KINDS, CheatsheetLayout

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- size limits ----------------------------------------------------------------------------


def _text_keys() -> list[tuple[str, str, Key]]:
    tables = {**FILE_KEYS, **NAMED_KEYS}
    return [
        (table, name, key)
        for table, keys in tables.items()
        for name, key in keys.items()
        if key.shape.kind in ("text", "texts")
    ]


@pytest.mark.parametrize(("table", "name", "key"), _text_keys(), ids=lambda v: str(v)[:20])
def test_every_text_key_has_a_maximum_length(table: str, name: str, key: Key) -> None:
    assert key.shape.max_length is not None, f"{table}.{name} has no max_length"
    assert 30 <= key.shape.max_length <= 4000


def test_limits_are_documented() -> None:
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    for limit in ("64", "160", "1,000", "4,000"):
        assert limit in doc


def test_a_5_mb_title_is_refused_quickly(tmp_path: Path) -> None:
    from massage_print.content.validation import load_book
    from massage_print.errors import MassagePrintError
    from tests.contentgen import write_content

    folder = write_content(tmp_path / "content")
    book = folder / "book.yaml"
    huge = "Massage für Anfänger " * 250_000  # 5.25 MB
    book.write_text(book.read_text(encoding="utf-8").replace("Generated Book", huge))
    start = time.process_time()
    with pytest.raises(MassagePrintError) as caught:
        load_book(folder)
    assert time.process_time() - start < 2.0
    assert [str(p) for p in caught.value.problems] == [
        f"{book}:1:8: title: is 5,249,999 characters long; at most 160 are allowed"
    ]


def test_diagram_sheet_title_fit_is_not_quadratic() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from massage_print.diagrams.sheet import _fit

    text = "Ein sehr langer Titel " * 10_000
    start = time.process_time()
    fitted = _fit(text, "Helvetica", 12, 300)
    assert time.process_time() - start < 2.0  # a sanity bound (the quadratic fit took minutes)
    assert fitted.endswith("…") and text.startswith(fitted[:-1].rstrip())
    assert stringWidth(fitted, "Helvetica", 12) <= 300
    longer = text[: len(fitted)] + "…"
    assert stringWidth(longer, "Helvetica", 12) > 300  # the longest that fits


# -- layout ranges --------------------------------------------------------------------------


def test_field_ranges_name_real_fields() -> None:
    import dataclasses as dc
    import typing

    paths: set[str] = set()

    def walk(cls: type, prefix: str) -> None:
        for f in dc.fields(cls):
            path = f"{prefix}{f.name}"
            parts = path.split(".")
            paths.update(".".join(parts[i:]) for i in range(len(parts)))
            hint = typing.get_type_hints(cls)[f.name]
            if dc.is_dataclass(hint):
                walk(typing.cast(type, hint), f"{path}.")

    for cls in LAYOUT_KINDS.values():
        walk(cls, "")
    assert set(FIELD_RANGES) <= paths


BAD_LAYOUTS = [
    (
        "booklet",
        "text:\n  size: 0pt\n",
        "3:9: text.size: 0pt is out of range: more than 0pt and at most 500pt",
    ),
    (
        "booklet",
        "text:\n  small_size: -3pt\n",
        "3:15: text.small_size: -3pt is out of range: more than 0pt and at most 500pt",
    ),
    (
        "booklet",
        "text: {leading: -1}\n",
        "2:17: text.leading: -1 is out of range: at least 0.5 and at most 5",
    ),
    (
        "booklet",
        "text:\n  paragraph_space: -2mm\n",
        "3:20: text.paragraph_space: -2mm is out of range: at least 0mm and at most 1000mm",
    ),
    (
        "booklet",
        "margins:\n  top: 15mm\n  bottom: 15mm\n  inner: 70mm\n  outer: 70mm\n",
        "5:10: margins.inner: margins.inner and margins.outer leave 8mm of the 148mm page width; "
        "at least 15mm must remain",
    ),
    (
        "diagrams",
        "margin: 500mm\n",
        "2:9: margin: 500mm is out of range: at least 0mm and at most 100mm",
    ),
    ("diagrams", "rows: 100000\n", "2:7: rows: 100000 is out of range: at least 1 and at most 20"),
    (
        "diagrams",
        "columns: 0\n",
        "2:10: columns: expected a positive whole number, found the number 0",
    ),
    (
        "diagrams",
        "margin: 99mm\n",
        "2:9: margin: margin on both sides leaves 12mm of the 210mm page width; "
        "at least 15mm must remain",
    ),
    (
        "cheatsheet",
        "text:\n  size_step: 0.0000001pt\n",
        "3:14: text.size_step: 0.0000001pt is out of range: at least 0.01pt and at most 10pt",
    ),
    (
        "cheatsheet",
        "margin: 200mm\n",
        "2:9: margin: 200mm is out of range: at least 0mm and at most 100mm",
    ),
    (
        "cheatsheet",
        "legend_shares: [0.3, 1.5]\n",
        "2:22: legend_shares[1]: 1.5 is out of range: more than 0 and at most 0.95",
    ),
    (
        "cards",
        "sheet:\n  margin: -5mm\n",
        "3:11: sheet.margin: -5mm is out of range: at least 0mm and at most 100mm",
    ),
    (
        "cards",
        "safe_margin: 30mm\n",
        "2:14: safe_margin: safe_margin on both sides leaves 3mm of the 63mm card width; "
        "at least 15mm must remain",
    ),
    (
        "cards",
        "marks:\n  grey: 2\n",
        "3:9: marks.grey: 2 is out of range: at least 0 and at most 1",
    ),
    (
        "cheatsheet",
        "columns:\n  portrait: 40\n",
        "3:13: columns.portrait: 40 is out of range: at least 1 and at most 12",
    ),
    (
        "booklet",
        "diagram:\n  caption_room: 5\n",
        "3:17: diagram.caption_room: 5 is out of range: at least 0 and at most 0.5",
    ),
    (
        "booklet",
        "notes:\n  line_gap: 0mm\n",
        "3:13: notes.line_gap: 0mm is out of range: at least 2mm and at most 100mm",
    ),
    (
        "cards",
        "check_bar:\n  step: 0mm\n",
        "3:9: check_bar.step: 0mm is out of range: at least 0.5mm and at most 50mm",
    ),
    (
        "cards",
        "card: [63mm, 0mm]\n",
        "2:7: card: each page side must be at least 20mm and at most 2000mm",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("base", "body", "line"), BAD_LAYOUTS, ids=[b[2][:40] for b in BAD_LAYOUTS]
)
def test_check_layouts_reports_out_of_range_values_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, body: str, line: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, f"layouts/my-{base}.yaml", f"extends: {base}\n{body}")
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"layouts/my-{base}.yaml:{line}"]


def run_with_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, body: str
) -> Result:
    """Run ``command`` with ``layouts/tiny.yaml`` extending the built-in layout of its name."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "layouts/tiny.yaml", f"extends: {command}\n{body}")
    result = CliRunner().invoke(
        main, [command, "--content", str(CONTENT), "--layout", "tiny", "--out", "out"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return result


def test_out_of_range_layout_is_refused_on_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_layout(tmp_path, monkeypatch, "booklet", "text: {size: 0pt}\n")
    assert "layouts/tiny.yaml:2:14: text.size: 0pt is out of range" in result.stderr
    assert not (tmp_path / "out").exists()


def test_size_search_is_bounded_whatever_the_step() -> None:
    layout = load_layout("cheatsheet", CheatsheetLayout)
    tiny = dataclasses.replace(layout, text=dataclasses.replace(layout.text, size_step=1e-7))
    sizes = candidate_sizes(tiny)
    assert len(sizes) <= MAX_CANDIDATES + 2  # bounded however fine the step
    assert sizes[0].body == layout.text.body_size
    assert sizes[-1].body == layout.text.min_body_size


def test_cheatsheet_margin_is_blamed_not_the_routine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_layout(tmp_path, monkeypatch, "cheatsheet", "margin: 99mm\n")
    assert result.stderr.startswith("cheatsheet layout: margin 99mm and column_gap 4.5mm leave")
    assert "routine" not in result.stderr


# -- terminal safety ------------------------------------------------------------------------


def test_control_characters_in_content_are_shown_escaped(tmp_path: Path) -> None:
    from tests.contentgen import write_content

    folder = write_content(tmp_path / "content")
    routine = folder / "routines" / "routine-0.yaml"
    text = routine.read_text(encoding="utf-8")
    evil = '"\\e]0;owned\\a\\e[2J\\u009b31m\\u202e"'
    routine.write_text(text.replace("id: routine-0", f"id: {evil}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert result.exit_code == 1
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in result.output
    assert "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202e" in result.output


def test_terminal_safe_keeps_text_tabs_and_newlines() -> None:
    from massage_print.cli.common import terminal_safe

    assert terminal_safe("Schulter\tkreisen\nüben – ✓") == "Schulter\tkreisen\nüben – ✓"
    assert terminal_safe("a\rb\x00c\x7f") == "a\\x0db\\x00c\\x7f"


# -- an output that cannot be made does not stop the others -----------------------------------


def _two_routines(tmp_path: Path) -> Path:
    """A short routine and one of 70 steps, far too long for one cheat sheet."""
    import yaml

    from tests.contentgen import write_content

    folder = write_content(tmp_path / "content", steps=70)
    long = folder / "routines" / "routine-0.yaml"
    long.rename(folder / "routines" / "lang.yaml")
    data = yaml.safe_load((folder / "routines" / "lang.yaml").read_text(encoding="utf-8"))
    data["id"] = "lang"
    (folder / "routines" / "lang.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    data["id"] = "kurz"
    data["sections"] = [{"title": "Kurz", "steps": data["sections"][0]["steps"][:3]}]
    (folder / "routines" / "kurz.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


def test_cheat_sheets_of_other_routines_are_made_when_one_does_not_fit(tmp_path: Path) -> None:
    from massage_print.cheatsheet.job import build_cheatsheets
    from massage_print.content.validation import load_book

    folder = _two_routines(tmp_path)
    result = build_cheatsheets(load_book(folder))
    assert [o.name for o in result.outputs] == ["cheatsheet-kurz.pdf"]
    (failure,) = result.failures
    assert failure.location is not None
    assert failure.location.path == str(folder / "routines" / "lang.yaml")
    assert failure.message.startswith(
        "cheatsheet-lang.pdf not written: routine 'lang' does not fit on one A4 portrait"
    )


@pytest.mark.slow
def test_build_writes_every_other_output_and_reports_the_one_that_failed(tmp_path: Path) -> None:
    folder = _two_routines(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    written = sorted(p.name for p in out.iterdir())
    assert "cheatsheet-lang.pdf" not in written
    for name in ("booklet.pdf", "cards.pdf", "diagrams.pdf", "cheatsheet-kurz.pdf"):
        assert name in written
    assert f"{folder / 'routines' / 'lang.yaml'}:1:1: cheatsheet-lang.pdf not written: " in (
        result.stderr
    )
    assert "written to" in result.stdout


# -- right-to-left text, markup, warnings once -------------------------------------------------


def test_right_to_left_text_is_warned_with_its_location(tmp_path: Path) -> None:
    from tests.contentgen import write_content

    folder = write_content(tmp_path / "content")
    routine = folder / "routines" / "routine-0.yaml"
    text = routine.read_text(encoding="utf-8")
    routine.write_text(
        text.replace("title: Routine 0", "title: تدليك الظهر", 1).replace(
            "area: upper back", "area: גב עליון", 1
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "right-to-left" in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{routine}:") and ": warning: title: right-to-left" in lines[0]
    assert ": warning: sections[0].steps[0].area: right-to-left" in lines[1]


def test_bold_inside_italic() -> None:
    from massage_print.content.markup import Run, runs, to_paragraph

    assert runs("_sanft **fest** sanft_") == (
        Run("sanft ", italic=True),
        Run("fest", bold=True, italic=True),
        Run(" sanft", italic=True),
    )
    assert to_paragraph("_a **b**_") == "<i>a </i><b><i>b</i></b>"


def test_glyph_warnings_are_printed_once_per_build() -> None:
    from massage_print.errors import Location, Problem
    from massage_print.pipeline import build
    from massage_print.pipeline.jobs import JobResult

    missing = Problem(Location("t.yaml", 3, 5), "warning: technique 'x': no glyph for '☯'")
    book = type("B", (), {"warnings": ()})()
    results: list[JobResult | BaseException] = [
        JobResult((), warnings=(missing,)) for _ in build.JOBS
    ]
    merged = build._merge(results, book)  # type: ignore[arg-type]
    assert merged.warnings == (missing,)


# -- a block taller than a booklet page names its content ---------------------------------------


@pytest.mark.slow
def test_block_taller_than_a_page_names_its_file_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "layouts/huge.yaml", "extends: booklet\ntext:\n  size: 40pt\n")
    result = CliRunner().invoke(
        main, ["booklet", "--content", str(CONTENT), "--layout", "huge", "--out", "out"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(CONTENT))}/techniques\.yaml:\d+:\d+: technique '[a-z-]+' in the "
        r"glossary is taller than a page's text area of the booklet \(page \d+\); "
        "shorten that text or use smaller margins or type",
        line,
    )


def test_failing_flowable_is_traced_to_its_content() -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

    from massage_print.booklet.render import find_source, with_source
    from massage_print.errors import Location

    where = Location("routines/nacken.yaml", 12, 7)
    cell = with_source(Paragraph("Tipp", getSampleStyleSheet()["Normal"]), where, "step 2: tip")
    nested = KeepTogether([Spacer(1, 1), Table([[Spacer(1, 1), cell]])])
    assert find_source(nested) == (where, "step 2: tip")
    assert find_source(Spacer(1, 1)) is None


def test_diagram_grid_without_room_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_layout(tmp_path, monkeypatch, "diagrams", "rows: 20\ngutter: 20mm\n")
    assert result.stderr.startswith(
        "diagrams layout: 3 columns and 20 rows with a 20mm gutter leave diagrams 0mm tall"
    )
    assert not (tmp_path / "out" / "diagrams.pdf").exists()
