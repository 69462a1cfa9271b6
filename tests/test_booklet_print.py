"""The imposed print file (booklet-print.pdf) and the ``booklet`` command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.booklet import build_booklet
from massage_print.cli.booklet import booklet_command
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.pipeline.jobs import JobResult
from tests.contentgen import write_content
from tests.test_booklet_support import output, page_chars, page_texts, reader

A4_LANDSCAPE = (841.89, 595.28)
LETTER_LANDSCAPE = (792.0, 612.0)
A5_WIDTH = 419.5276
TOLERANCE = 0.01
_PLACED = re.compile(rb"(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm /(\w+) Do")


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return load_book(write_content(tmp_path_factory.mktemp("print") / "content", steps=6))


@pytest.fixture(scope="module")
def a4(small_book: Book) -> JobResult:
    return build_booklet(small_book)


def placements(data: bytes) -> list[list[tuple[float, ...]]]:
    """The ``cm`` matrix of every page placed on each sheet side."""
    pdf = reader(data)
    out = []
    for page in pdf.pages:
        content = page.get_contents()
        stream = content.get_data() if content is not None else b""
        out.append([tuple(float(v) for v in m.groups()[:6]) for m in _PLACED.finditer(stream)])
    return out


def sheet_size_ok(data: bytes, size: tuple[float, float]) -> None:
    for page in reader(data).pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=TOLERANCE)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=TOLERANCE)


@pytest.mark.slow
def test_a4_sheets_two_up_at_full_size(a4: JobResult) -> None:
    data = output(a4, "booklet-print.pdf")
    pages = len(reader(output(a4, "booklet.pdf")).pages)
    sheet_size_ok(data, A4_LANDSCAPE)
    sides = placements(data)
    assert len(sides) == pages // 2
    for side in sides:
        assert len(side) == 2
        for a, b, c, d, _e, _f in side:
            assert (a, b, c, d) == (1, 0, 0, 1), "A5 on A4 is placed at 100 %, upright"


@pytest.mark.slow
def test_saddle_order_puts_the_covers_outside(a4: JobResult) -> None:
    data = output(a4, "booklet-print.pdf")
    width = A4_LANDSCAPE[0]
    chars = page_chars(data)[:2]

    def half(side: int, right: bool) -> str:
        return "".join(c["text"] for c in chars[side] if (c["x0"] >= width / 2) == right)

    assert "In this booklet" in half(0, right=False), "back cover on the left of sheet 1"
    assert "Generated Book" in half(0, right=True), "front cover on the right of sheet 1"
    assert "Contents" in half(1, right=False), "page 2 on the back of sheet 1"


def test_each_page_is_one_form_placed_by_reference(a4: JobResult) -> None:
    booklet_data, data = output(a4, "booklet.pdf"), output(a4, "booklet-print.pdf")
    forms = set()
    for page in reader(data).pages:
        for ref in page["/Resources"]["/XObject"].values():
            forms.add(ref.idnum)
    assert len(forms) == len(reader(booklet_data).pages)
    assert len(data) <= 1.1 * len(booklet_data)


@pytest.mark.slow
def test_viewer_preferences_ask_for_duplex_and_no_scaling(a4: JobResult, small_book: Book) -> None:
    prefs = reader(output(a4, "booklet-print.pdf")).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"
    assert prefs["/PrintScaling"] == "/None"
    long = build_booklet(small_book, duplex="long")
    data = output(long, "booklet-print.pdf")
    prefs = reader(data).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge"
    sides = placements(data)
    for index, side in enumerate(sides):
        turned = [m[0] == -1 and m[3] == -1 for m in side]
        assert all(turned) if index % 2 else not any(turned), f"side {index + 1}"
    assert any("flipping on the LONG edge" in m for m in long.messages)


@pytest.mark.slow
def test_letter_scales_a5_to_fit_and_centres(a4: JobResult, small_book: Book) -> None:
    result = build_booklet(small_book, paper="letter")
    data = output(result, "booklet-print.pdf")
    sheet_size_ok(data, LETTER_LANDSCAPE)
    scale = min(LETTER_LANDSCAPE[0] / 2 / A5_WIDTH, LETTER_LANDSCAPE[1] / 595.2756)
    for side in placements(data):
        for a, _b, _c, d, e, f in side:
            assert a == pytest.approx(scale, abs=1e-4) and d == pytest.approx(scale, abs=1e-4)
            half = 0 if e < LETTER_LANDSCAPE[0] / 2 else LETTER_LANDSCAPE[0] / 2
            left = e - half
            right = LETTER_LANDSCAPE[0] / 2 - left - A5_WIDTH * scale
            assert left == pytest.approx(right, abs=0.01)
            assert f >= 0
    assert any("booklet-halfletter" in str(w) for w in result.warnings)


@pytest.mark.slow
def test_half_letter_on_letter_is_full_size(small_book: Book) -> None:
    result = build_booklet(small_book, layout="booklet-halfletter", paper="letter")
    data = output(result, "booklet-print.pdf")
    sheet_size_ok(data, LETTER_LANDSCAPE)
    for side in placements(data):
        for a, _b, _c, d, _e, f in side:
            assert (a, d, f) == (1, 1, 0)
    assert not result.warnings


@pytest.mark.slow
def test_guide_marks_signature_and_creep_pass_through(small_book: Book) -> None:
    result = build_booklet(small_book, guide=True, marks=True, signature=2, creep_mm=0.2)
    data = output(result, "booklet-print.pdf")
    texts = page_texts(data)
    pages = len(reader(output(result, "booklet.pdf")).pages)
    assert len(texts) == pages // 2 + 2, "the guide is one extra sheet"
    assert "How to print" in texts[-2] and "set it aside" in texts[-2]
    assert texts[-1].strip() == ""
    assert "sheet 1 of" in texts[0]
    assert "signature" in texts[0]
    stream = reader(data).pages[2].get_contents().get_data()
    assert b"re W n" in stream, "creep clips each page to its half"
    messages = "\n".join(result.messages)
    assert "signatures" in messages and "0.2 mm" in messages
    assert "guide" in messages


def test_closing_message_says_how_to_print(a4: JobResult) -> None:
    text = "\n".join(a4.messages)
    assert "double-sided" in text and "SHORT edge" in text
    assert "100 %" in text and "Fit to page" in text
    assert "Fold" in text and "Staple" in text


# -- the command ------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_writes_both_files(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", steps=3)
    out = tmp_path / "build"
    run = CliRunner().invoke(
        booklet_command, ["--content", str(content), "--out", str(out), "--duplex", "long"]
    )
    assert run.exit_code == 0, run.output
    assert (out / "booklet.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "booklet-print.pdf").read_bytes().startswith(b"%PDF")
    assert "booklet-print.pdf" in run.output and "LONG edge" in run.output


def test_cli_bad_content_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", steps=2)
    out = tmp_path / "build"
    out.mkdir()
    (out / "booklet.pdf").write_bytes(b"old")
    routine = content / "routines" / "routine-0.yaml"
    routine.write_text(routine.read_text(encoding="utf-8").replace("cues:", "cuez:", 1), "utf-8")
    run = CliRunner().invoke(booklet_command, ["--content", str(content), "--out", str(out)])
    assert run.exit_code == 1
    assert "routine-0.yaml:" in run.output
    assert (out / "booklet.pdf").read_bytes() == b"old"
    assert not (out / "booklet-print.pdf").exists()
