"""Cheat sheets as real PDFs: one page, every step title, no type below the minimum."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re

import pdfplumber
import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from massage_print.cheatsheet import build_cheatsheets
from massage_print.content.markup import plain
from massage_print.content.model import Book, Routine
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CheatsheetLayout
from tests.contentgen import write_content

A4 = (595.2756, 841.8898)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def layout() -> CheatsheetLayout:
    return load_layout("cheatsheet", CheatsheetLayout)


@pytest.fixture(scope="module")
def book40(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return load_book(write_content(tmp_path_factory.mktemp("cs40") / "content", steps=40))


def squash(text: str) -> str:
    """One line of text: a word hyphenated at a line end is joined again."""
    text = re.sub(r"(?<=\w)-[ \t]*[\r\n]+\s*(?=[a-zäöüß])", "", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def titles(routine: Routine) -> list[str]:
    return [squash(plain(step.title)) for step in routine.steps]


def first_steps(book: Book, count: int) -> Book:
    routine = book.routines[0]
    sections = []
    for section in routine.sections:
        kept = tuple(s for s in section.steps if s.number <= count)
        if kept:
            sections.append(dataclasses.replace(section, steps=kept))
    cut = dataclasses.replace(routine, sections=tuple(sections))
    return dataclasses.replace(book, routines=(cut,))


def page_box(data: bytes) -> tuple[int, float, float]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    return len(reader.pages), float(box.width), float(box.height)


def pdfium_read(data: bytes) -> tuple[str, float]:
    """Text in drawing order and the smallest size of a drawn character (pypdfium2)."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        textpage = pdf[0].get_textpage()
        sizes = [
            pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            for i in range(textpage.count_chars())
            if not pdfium_c.FPDFText_IsGenerated(textpage.raw, i)
        ]
        return textpage.get_text_range(), min(sizes)
    finally:
        pdf.close()


def column_text(page: pdfplumber.page.Page) -> str:
    """The page's text column by column, split at the vertical rules between columns."""
    rules = sorted({round(line["x0"], 2) for line in page.lines if line["x0"] == line["x1"]})
    edges = [0.0, *rules, float(page.width)]
    return " ".join(
        page.crop((left, 0, right, page.height)).extract_text()
        for left, right in itertools.pairwise(edges)
    )


def assert_in_order(text: str, wanted: list[str]) -> None:
    text = squash(text)
    position = 0
    for title in wanted:
        found = text.find(title, position)
        assert found >= 0, f"step title {title!r} missing or out of order"
        position = found + len(title)


# -- the shipped content -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_sheets(shipped_book: Book) -> dict[str, bytes]:
    result = build_cheatsheets(shipped_book)
    return {o.name: o.data for o in result.outputs}


@pytest.mark.slow
def test_one_sheet_per_routine_each_one_a4_page(
    shipped_book: Book, shipped_sheets: dict[str, bytes]
) -> None:
    assert list(shipped_sheets) == [f"cheatsheet-{r.id}.pdf" for r in shipped_book.routines]
    for data in shipped_sheets.values():
        pages, width, height = page_box(data)
        assert pages == 1
        assert (width, height) == pytest.approx(A4, abs=0.01)


@pytest.mark.slow
def test_shipped_sheets_read_back_with_pdfplumber(
    shipped_book: Book, shipped_sheets: dict[str, bytes], layout: CheatsheetLayout
) -> None:
    """Every step title in reading order (column by column), no small type, nothing clipped."""
    margin = layout.margin
    for routine in shipped_book.routines:
        data = shipped_sheets[f"cheatsheet-{routine.id}.pdf"]
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page = pdf.pages[0]
            chars = [c for c in page.chars if c["text"].strip()]
            assert min(c["size"] for c in chars) >= layout.text.min_body_size - 0.01
            for c in chars:
                assert margin - 0.5 <= c["x0"] and c["x1"] <= page.width - margin + 0.5
                assert margin - 0.5 <= c["top"] and c["bottom"] <= page.height - margin + 0.5
            text = column_text(page)
        assert_in_order(text, titles(routine))


def test_shipped_sheet_metadata_and_fonts(shipped_sheets: dict[str, bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(shipped_sheets["cheatsheet-back.pdf"]))
    assert reader.metadata is not None
    assert "cheat sheet" in (reader.metadata.title or "")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert names and not any("Helvetica" in name for name in names)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("paper", "orientation", "size"),
    [
        ("letter", "portrait", LETTER),
        ("a4", "landscape", A4[::-1]),
        ("letter", "landscape", LETTER[::-1]),
    ],
)
def test_paper_and_orientation(
    shipped_book: Book, paper: str, orientation: str, size: tuple[float, float]
) -> None:
    result = build_cheatsheets(shipped_book, routine="back", paper=paper, orientation=orientation)
    (output,) = result.outputs
    pages, width, height = page_box(output.data)
    assert pages == 1 and output.pages == 1
    assert (width, height) == pytest.approx(size, abs=0.01)
    text, smallest = pdfium_read(output.data)
    assert smallest >= 7 - 0.01
    assert_in_order(text, titles(shipped_book.routine("back")))


@pytest.mark.slow
def test_same_input_same_bytes(shipped_book: Book, shipped_sheets: dict[str, bytes]) -> None:
    again = build_cheatsheets(shipped_book)
    assert {o.name: o.data for o in again.outputs} == shipped_sheets


@pytest.mark.slow
def test_messages_give_the_chosen_type_size(shipped_book: Book) -> None:
    result = build_cheatsheets(shipped_book, routine="back")
    (message,) = result.messages
    assert re.search(r"cheatsheet-back\.pdf: 1 page, \d+(\.\d+)? pt type", message)


def test_unknown_routine_lists_the_known_ones(shipped_book: Book) -> None:
    with pytest.raises(MassagePrintError) as caught:
        build_cheatsheets(shipped_book, routine="legs")
    message = str(caught.value)
    assert "\n" not in message and "'legs'" in message
    assert all(r.id in message for r in shipped_book.routines)


def test_bad_paper_and_orientation_are_errors(shipped_book: Book) -> None:
    with pytest.raises(MassagePrintError, match="a4, letter"):
        build_cheatsheets(shipped_book, paper="a3")
    with pytest.raises(MassagePrintError, match="portrait, landscape"):
        build_cheatsheets(shipped_book, orientation="sideways")


# -- generated routines --------------------------------------------------------------------


@pytest.mark.slow
def test_generated_routines_of_1_to_40_steps_fit_one_page(
    book40: Book, layout: CheatsheetLayout
) -> None:
    for count in range(1, 41):
        book = first_steps(book40, count)
        (output,) = build_cheatsheets(book).outputs
        pages, width, height = page_box(output.data)
        assert pages == 1, count
        assert (width, height) == pytest.approx(A4, abs=0.01)
        text, smallest = pdfium_read(output.data)
        assert smallest >= layout.text.min_body_size - 0.01, count
        assert_in_order(text, titles(book.routines[0]))


@pytest.mark.slow
@pytest.mark.parametrize("count", [1, 17, 40])
def test_generated_sheets_read_back_with_pdfplumber(
    book40: Book, layout: CheatsheetLayout, count: int
) -> None:
    book = first_steps(book40, count)
    (output,) = build_cheatsheets(book).outputs
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        assert min(c["size"] for c in chars) >= layout.text.min_body_size - 0.01
        text = column_text(page)
    assert_in_order(text, titles(book.routines[0]))


@pytest.mark.slow
@pytest.mark.parametrize("steps", [42, 60])
def test_long_routines_fit_or_fail_with_advice(
    tmp_path_factory: pytest.TempPathFactory, layout: CheatsheetLayout, steps: int
) -> None:
    """Today 42 steps fit A4 portrait only and 60 fit neither; both outcomes are checked."""
    folder = tmp_path_factory.mktemp(f"cs{steps}") / "content"
    book = load_book(write_content(folder, steps=steps))
    for orientation in ("portrait", "landscape"):
        result = build_cheatsheets(book, orientation=orientation)
        if result.failures:  # every sheet but the one that does not fit is still made
            assert result.outputs == ()
            (failure,) = result.failures
            message = str(failure)
            assert "\n" not in message
            assert message.startswith(f"{book.routines[0].where}: cheatsheet-routine-0.pdf not")
            assert "routine 'routine-0'" in message
            assert "larger paper" in message and "fewer steps" in message
            if orientation == "portrait":
                assert "--orientation landscape" in message
        else:
            # It fits: on one page of the asked orientation, every title, no type too small.
            (output,) = result.outputs
            pages, width, height = page_box(output.data)
            assert pages == 1
            wanted = A4 if orientation == "portrait" else (A4[1], A4[0])
            assert (width, height) == pytest.approx(wanted, abs=0.01)
            text, smallest = pdfium_read(output.data)
            assert smallest >= layout.text.min_body_size - 0.01, orientation
            assert_in_order(text, titles(book.routines[0]))


def test_every_step_shows_its_title_and_caution_in_order(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Nothing a step must warn about is left off to make the sheet fit."""
    folder = write_content(tmp_path_factory.mktemp("cs-cautions") / "content", steps=12)
    path = folder / "routines" / "routine-0.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in data["sections"]:
        for step in section["steps"]:
            if "caution" in step:  # each its own words, unlike the book's safety list
                step["caution"] = f"Vorsicht bei {step['title']}: nur sanft über die Rippen."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    book = load_book(folder)
    routine = book.routines[0]
    assert sum(1 for step in routine.steps if step.caution) >= 2
    (output,) = build_cheatsheets(book).outputs
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        text = squash(column_text(pdf.pages[0]))
    wanted = []
    for step in routine.steps:
        wanted.append(squash(plain(step.title)))
        if step.caution:
            wanted.append(squash(plain(step.caution)))
    assert_in_order(text, wanted)
