"""Inline markup, and the single writer: atomic files, stable bytes, metadata, embedded fonts."""

from __future__ import annotations

import errno
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from pypdf.generic import DictionaryObject
from reportlab.pdfgen.canvas import Canvas

from massage_print.cli import main
from massage_print.content.markup import Run, plain, runs, to_paragraph
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import ThemeLayout
from massage_print.pdf import writer
from massage_print.pdf.fonts import register_family
from massage_print.pdf.writer import CREATOR, DocInfo, canvas_options, stamp_id, write_outputs
from tests.contentgen import write_content

ROOT = Path(__file__).resolve().parent.parent

# -- markup --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", [Run("plain words")]),
        ("a **bold** word", [Run("a "), Run("bold", bold=True), Run(" word")]),
        ("an _italic_ word", [Run("an "), Run("italic", italic=True), Run(" word")]),
        (
            "**bold with _italic_ inside**",
            [
                Run("bold with ", bold=True),
                Run("italic", bold=True, italic=True),
                Run(" inside", bold=True),
            ],
        ),
        ("_start_ and **end**", [Run("start", italic=True), Run(" and "), Run("end", bold=True)]),
        ("**over\ntwo lines**", [Run("over\ntwo lines", bold=True)]),
        # Unmatched or misplaced markers stay literal.
        ("2 ** 3", [Run("2 ** 3")]),
        ("**not closed", [Run("**not closed")]),
        ("_not closed", [Run("_not closed")]),
        ("a * b * c", [Run("a * b * c")]),
        ("****", [Run("****")]),
        # Underscores inside words are not italic.
        ("use snake_case_names here", [Run("use snake_case_names here")]),
        ("__init__ and file_name", [Run("__init__ and file_name")]),
        ("a_b _c_ d_e", [Run("a_b "), Run("c", italic=True), Run(" d_e")]),
        ("", []),
    ],
)
def test_runs(text: str, expected: list[Run]) -> None:
    assert list(runs(text)) == expected


def test_plain_drops_only_the_markers() -> None:
    assert plain("**Warm** the _oil_ & <hands>") == "Warm the oil & <hands>"
    assert plain("snake_case **2 * 3") == "snake_case **2 * 3"
    assert plain("**2 ** 3") == "2  3"  # "**2 **" is a bold "2 "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;"),
        ("**<x> & y**", "<b>&lt;x&gt; &amp; y</b>"),
        ("_a<b_", "<i>a&lt;b</i>"),
        ("**b _bi_**", "<b>b </b><b><i>bi</i></b>"),
        ("&amp; stays", "&amp;amp; stays"),
        ("snake_case", "snake_case"),
    ],
)
def test_to_paragraph_escapes(text: str, expected: str) -> None:
    assert to_paragraph(text) == expected


def test_to_paragraph_is_valid_reportlab_markup() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    family = register_family(load_layout("theme", ThemeLayout).fonts)
    style = ParagraphStyle("t", fontName=family.regular)
    text = "**Warm** <oil> & _rest_ > 2 </b> <br/> &nbsp; snake_case"
    paragraph = Paragraph(to_paragraph(text), style)
    assert paragraph.getPlainText() == "Warm <oil> & rest > 2 </b> <br/> &nbsp; snake_case"
    styled = [(f.text, f.fontName) for f in paragraph.frags]
    assert styled[0] == ("Warm", family.bold)
    assert ("rest", family.italic) in styled


# -- write_outputs -------------------------------------------------------------------------


def test_write_outputs_writes_all_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "build"
    write_outputs({out / "a.pdf": b"A", out / "sub" / "b.pdf": b"B", out / "c.pdf": b""})
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == [
        "a.pdf",
        "c.pdf",
        "sub",
        "sub/b.pdf",
    ]
    assert (out / "a.pdf").read_bytes() == b"A"
    assert (out / "sub" / "b.pdf").read_bytes() == b"B"
    write_outputs({out / "a.pdf": b"AA"})  # replaces
    assert (out / "a.pdf").read_bytes() == b"AA"
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "c.pdf", "sub"]


def _existing(tmp_path: Path) -> Path:
    out = tmp_path / "build"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"old a")
    (out / "b.pdf").write_bytes(b"old b")
    return out


def _state(out: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(out)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(out.rglob("*"))
    }


def test_failure_while_staging_leaves_existing_files_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the second file is written: nothing is replaced."""
    out = _existing(tmp_path)
    before = _state(out)
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(writer.os, "fsync", failing_fsync)
    with pytest.raises(MassagePrintError, match="No space left on device"):
        write_outputs({out / "a.pdf": b"new a", out / "b.pdf": b"new b", out / "c.pdf": b"c"})
    assert len(calls) == 2
    assert _state(out) == before  # old contents, and no temporary file left


def test_failure_on_a_folder_that_cannot_be_made_leaves_files_untouched(tmp_path: Path) -> None:
    out = _existing(tmp_path)
    (out / "blocker").write_bytes(b"a file where a folder should be")
    before = _state(out)
    with pytest.raises(MassagePrintError, match="cannot write"):
        write_outputs({out / "a.pdf": b"new a", out / "blocker" / "x.pdf": b"x"})
    assert _state(out) == before


def test_target_that_is_a_folder_leaves_files_untouched(tmp_path: Path) -> None:
    out = _existing(tmp_path)
    (out / "c.pdf").mkdir()
    before = _state(out)
    with pytest.raises(MassagePrintError, match=r"c\.pdf"):
        write_outputs({out / "a.pdf": b"new a", out / "c.pdf": b"c"})
    assert _state(out) == before


def test_target_that_is_a_folder_is_an_error_without_temp_files(tmp_path: Path) -> None:
    out = _existing(tmp_path)
    (out / "c.pdf").mkdir()
    with pytest.raises(MassagePrintError, match="cannot write"):
        write_outputs({out / "c.pdf": b"c", out / "a.pdf": b"new a"})
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf", "c.pdf"]
    assert (out / "a.pdf").read_bytes() == b"old a"


# -- stamp_id ------------------------------------------------------------------------------


def small_pdf(text: str) -> bytes:
    family = register_family(load_layout("theme", ThemeLayout).fonts)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=family.regular, **canvas_options(DocInfo(title="Test")))
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def trailer_id(data: bytes) -> bytes:
    matches = list(ID.finditer(data))
    assert matches, "no /ID in the trailer"
    return matches[-1].group(0)


def test_stamp_id_keeps_length_and_offsets() -> None:
    data = small_pdf("Hello")
    stamped = stamp_id(data)
    assert len(stamped) == len(data)
    assert trailer_id(stamped) != trailer_id(data)
    span = list(ID.finditer(data))[-1].span()
    assert stamped[: span[0]] == data[: span[0]]
    assert stamped[span[1] :] == data[span[1] :]
    reader = pypdf.PdfReader(io.BytesIO(stamped), strict=True)
    assert reader.pages[0].extract_text().strip() == "Hello"
    first, second = (getattr(v, "original_bytes", v) for v in reader.trailer["/ID"])
    assert first == second and len(first) == 16


def test_stamp_id_depends_on_content_only() -> None:
    hello, hello_again, other = small_pdf("Hello"), small_pdf("Hello"), small_pdf("Hullo")
    assert trailer_id(stamp_id(hello)) == trailer_id(stamp_id(hello_again))
    assert trailer_id(stamp_id(hello)) != trailer_id(stamp_id(other))
    assert stamp_id(stamp_id(hello)) == stamp_id(hello)  # the /ID is not its own input


def test_stamp_id_without_id_changes_nothing() -> None:
    data = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    assert stamp_id(data) == data


# -- the diagrams command: reproducible bytes, metadata, fonts --------------------------------


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("gen") / "content", routines=2, steps=6)


def build_diagrams(content: Path, out: Path) -> bytes:
    result = CliRunner().invoke(main, ["diagrams", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["diagrams.pdf"]  # no temp files
    return (out / "diagrams.pdf").read_bytes()


def build_in_process(content: Path, out: Path) -> bytes:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "massage_print",
            "diagrams",
            "--content",
            str(content),
            "--out",
            str(out),
        ],
        cwd=out.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return (out / "diagrams.pdf").read_bytes()


@pytest.mark.slow
def test_two_builds_are_byte_identical(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_diagrams(content, tmp_path / "one")
    second = build_diagrams(content, tmp_path / "two")
    fresh = build_in_process(content, tmp_path / "three")
    assert first == second
    assert first == fresh  # also from a new process, with fonts registered afresh
    # ... and the bytes do depend on the content.
    (content / "book.yaml").write_text(
        (content / "book.yaml").read_text().replace("Generated Book", "Another Book")
    )
    try:
        assert build_diagrams(content, tmp_path / "four") != first
    finally:
        (content / "book.yaml").write_text(
            (content / "book.yaml").read_text().replace("Another Book", "Generated Book")
        )


def test_source_date_epoch_sets_the_dates(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01 00:00:00 UTC
    data = build_diagrams(content, tmp_path / "dated")
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20200101000000")
    assert info["/ModDate"].startswith("D:20200101000000")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    later = build_diagrams(content, tmp_path / "later")
    info = pypdf.PdfReader(io.BytesIO(later)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert later != data


def test_bad_source_date_epoch_is_a_clean_error(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = CliRunner().invoke(
        main, ["diagrams", "--content", str(content), "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH" in result.stderr


def test_metadata(content: Path, tmp_path: Path) -> None:
    data = build_diagrams(content, tmp_path / "meta")
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata
    book = load_book(content)
    assert info is not None
    assert info.title == f"{book.title}: stroke diagrams"
    assert info.author == book.author
    assert info.creator == CREATOR
    assert info.producer == CREATOR
    assert CREATOR.startswith("massage-print ")


def fonts_of(resources: Any, seen: set[int]) -> Iterator[tuple[str, DictionaryObject]]:
    """Every font dictionary reachable from a resource dictionary (forms included)."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for name, ref in fonts.get_object().items():
            yield name, ref.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if id(xobject) in seen:
                continue
            seen.add(id(xobject))
            yield from fonts_of(xobject.get("/Resources"), seen)


def test_every_font_is_embedded(content: Path, tmp_path: Path) -> None:
    data = build_diagrams(content, tmp_path / "fonts")
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        for name, font in fonts_of(page.get("/Resources"), set()):
            found.append(name)
            base = str(font.get("/BaseFont", ""))
            assert "Helvetica" not in base and "Times" not in base and "Courier" not in base
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, f"font {name} ({base}) has no /FontDescriptor"
            assert "/FontFile2" in descriptor.get_object(), f"font {name} ({base}) not embedded"
    assert found, "no fonts at all: the walk found nothing to check"
    assert b"/Helvetica" not in data
