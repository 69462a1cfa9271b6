"""The booklet in reading order (booklet.pdf), checked on the real PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml

from massage_print.booklet import build_booklet
from massage_print.content.markup import plain
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import BookletLayout
from massage_print.pipeline.jobs import JobResult
from tests.contentgen import write_content
from tests.test_booklet_support import (
    flat_outline,
    font_embedded,
    fonts,
    output,
    page_chars,
    page_texts,
    reader,
)
from tests.tools import needs_qpdf

A5 = (419.5276, 595.2756)
HALF_LETTER = (396.0, 612.0)
TOLERANCE = 0.01
LONG_CUE = (
    "Keep both palms soft and flat, moulded to the back, and glide slowly along the long "
    "muscles beside the spine, never on the bone itself, easing off as you reach the hips. "
)


@pytest.fixture(scope="module")
def layout() -> BookletLayout:
    return load_layout("booklet", BookletLayout)


@pytest.fixture(scope="module")
def shipped(shipped_book: Book) -> JobResult:
    return build_booklet(shipped_book)


@pytest.fixture(scope="module")
def shipped_pdf(shipped: JobResult) -> bytes:
    return output(shipped, "booklet.pdf")


@pytest.fixture(scope="module")
def shipped_chars(shipped_pdf: bytes) -> list[list[dict[str, Any]]]:
    return page_chars(shipped_pdf)


@pytest.fixture(scope="module")
def long_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """A routine whose step 2 has eight long cues and a long tip; step 3 has no diagram."""
    folder = write_content(tmp_path_factory.mktemp("long") / "content", steps=4)
    path = folder / "routines" / "routine-0.yaml"
    routine = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = routine["sections"][0]["steps"]
    steps[1]["cues"] = [f"Long cue {n}: {LONG_CUE * 3}" for n in range(1, 9)]
    steps[1]["tip"] = "A long tip to end with. " * 30
    steps[2]["diagram"] = []
    path.write_text(yaml.safe_dump(routine, sort_keys=False), encoding="utf-8")
    return load_book(folder)


@pytest.fixture(scope="module")
def long_pdf(long_book: Book) -> bytes:
    return output(build_booklet(long_book), "booklet.pdf")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def step_pages(data: bytes) -> list[tuple[str, int]]:
    """(bookmark title, 0-based page) of every step, in bookmark order."""
    return [(title, page) for level, title, page in flat_outline(reader(data)) if level == 2]


# -- pages ------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_page_is_a5(shipped_pdf: bytes) -> None:
    for page in reader(shipped_pdf).pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A5[0], abs=TOLERANCE)
        assert float(box.height) == pytest.approx(A5[1], abs=TOLERANCE)


@pytest.mark.slow
def test_half_letter_layout(generated_book: Book) -> None:
    layout = load_layout("booklet-halfletter", BookletLayout)
    data = output(build_booklet(generated_book, layout="booklet-halfletter"), "booklet.pdf")
    pdf = reader(data)
    assert len(pdf.pages) % 4 == 0
    for page in pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(HALF_LETTER[0], abs=TOLERANCE)
        assert float(page.mediabox.height) == pytest.approx(HALF_LETTER[1], abs=TOLERANCE)
    assert chars_outside(page_chars(data), layout) == []


def is_notes(text: str) -> bool:
    return set(text.split()) <= {"Notes"} | {str(n) for n in range(1000)} and "Notes" in text


@pytest.mark.slow
def test_padding_notes_sit_before_the_back_cover(tmp_path: Path) -> None:
    paddings = set()
    for steps in (1, 2, 3, 4):
        folder = write_content(tmp_path / f"c{steps}", steps=steps, techniques=3)
        result = build_booklet(load_book(folder))
        data = output(result, "booklet.pdf")
        texts = page_texts(data)
        assert len(texts) % 4 == 0
        assert next(o.pages for o in result.outputs if o.name == "booklet.pdf") == len(texts)
        assert "In this booklet" in texts[-1], "the back cover is the last page"
        notes = [i for i, text in enumerate(texts) if is_notes(text)]
        assert notes == list(range(len(texts) - 1 - len(notes), len(texts) - 1))
        assert len(notes) < 4
        paddings.add(len(notes))
        outline = {title: page for _, title, page in flat_outline(reader(data))}
        if notes:
            assert outline["Notes"] == notes[0]
    assert len(paddings) >= 3, f"every padding should occur across 4 sizes: {paddings}"


def test_shipped_booklet_is_a_multiple_of_four(shipped_pdf: bytes) -> None:
    texts = page_texts(shipped_pdf)
    assert len(texts) % 4 == 0
    assert "In this booklet" in texts[-1]
    notes = [i for i, text in enumerate(texts) if is_notes(text)]
    assert all(len(texts) - 4 <= i < len(texts) - 1 for i in notes)


@pytest.mark.slow
def test_no_page_is_left_empty(shipped_pdf: bytes, long_pdf: bytes) -> None:
    for data in (shipped_pdf, long_pdf):
        for number, text in enumerate(page_texts(data)[1:-1], 2):
            words = [w for w in text.split() if not w.isdigit()]
            assert len(words) >= 2, f"page {number} is almost empty: {text!r}"


# -- steps ------------------------------------------------------------------------------


@pytest.mark.slow
def test_step_titles_in_order_on_their_pages(
    shipped_book: Book,
    shipped_pdf: bytes,
    shipped_chars: list[list[dict[str, Any]]],
    layout: BookletLayout,
) -> None:
    steps = step_pages(shipped_pdf)
    expected = [(r, s) for r in shipped_book.routines for s in r.steps]
    assert len(steps) == len(expected)
    pages = [page for _, page in steps]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), "one page per step"
    for (routine, step), (title, page) in zip(expected, steps, strict=True):
        assert title == f"{step.number}. {plain(step.title)}"
        chars = shipped_chars[page]
        big = "".join(c["text"] for c in chars if abs(c["size"] - layout.step.title_size) < 0.05)
        assert squash(big) == squash(plain(step.title)), routine.id
        number = "".join(
            c["text"] for c in chars if abs(c["size"] - layout.step.number_size) < 0.05
        )
        assert number == str(step.number)


@pytest.mark.slow
def test_bookmarks_for_routines_sections_and_steps(shipped_book: Book, shipped_pdf: bytes) -> None:
    outline = flat_outline(reader(shipped_pdf))
    top = [title for level, title, _ in outline if level == 0]
    for routine in shipped_book.routines:
        assert plain(routine.title) in top
        start = next(
            i for i, (lv, t, _) in enumerate(outline) if lv == 0 and t == plain(routine.title)
        )
        children: list[tuple[int, str, int]] = []
        for entry in outline[start + 1 :]:
            if entry[0] == 0:
                break
            children.append(entry)
        sections = [t for lv, t, _ in children if lv == 1]
        steps = [t for lv, t, _ in children if lv == 2]
        assert sections == [plain(s.title) for s in routine.sections]
        assert steps == [f"{s.number}. {plain(s.title)}" for s in routine.steps]
    for name in ("Contents", "Safety", "Techniques", "Sources"):
        assert name in top
    techniques = [t for lv, t, _ in outline if lv == 1]
    for technique in shipped_book.techniques:
        assert plain(technique.name) in techniques


def test_step_pages_link_to_their_technique(shipped_book: Book, shipped_pdf: bytes) -> None:
    pdf = reader(shipped_pdf)
    outline = flat_outline(pdf)
    start = next(i for i, (lv, t, _) in enumerate(outline) if lv == 0 and t == "Techniques")
    glossary = {}
    for level, title, page in outline[start + 1 :]:
        if level == 0:
            break
        glossary[title] = page
    steps = [s for r in shipped_book.routines for s in r.steps]
    for step, (_, page) in zip(steps, step_pages(shipped_pdf), strict=True):
        targets = set()
        for annot in pdf.pages[page].get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                targets.add(pdf.get_page_number(annot["/Dest"][0].get_object()))
        if step.technique is not None:
            assert glossary[plain(step.technique.name)] in targets


def test_contents_page_numbers_are_right(shipped_pdf: bytes) -> None:
    texts = page_texts(shipped_pdf)
    outline = flat_outline(reader(shipped_pdf))
    contents = next(page for _, title, page in outline if title == "Contents")
    rows = [re.fullmatch(r"(.+?) (\d+)", line) for line in texts[contents].splitlines()]
    rows = [r for r in rows if r]
    assert len(rows) >= 8
    for row in rows:
        title, number = row.group(1), int(row.group(2))
        pages = [page + 1 for _, t, page in outline if t == title]
        if pages:  # the running head and folio lines are not entries
            assert number in pages, title


def test_long_step_continues_on_the_next_page(long_book: Book, long_pdf: bytes) -> None:
    step = long_book.routines[0].steps[1]
    (_, first), *_ = [(t, p) for t, p in step_pages(long_pdf) if t.startswith("2. ")]
    texts = page_texts(long_pdf)
    assert "Continued on the next page" in texts[first]
    assert f"Step {step.number} (continued)" in texts[first + 1]
    together = squash(" ".join(texts[first : first + 4]))
    for cue in step.cues:
        assert squash(plain(cue)) in together, "a cue is missing (clipped?)"
    assert squash(plain(step.tip or "")) in together
    following = next(p for t, p in step_pages(long_pdf) if t.startswith("3. "))
    assert following > first + 1


def chars_outside(pages: list[list[dict[str, Any]]], layout: BookletLayout) -> list[str]:
    """Characters outside the text area, except the running head's and the page number's."""
    width, height = layout.page
    m = layout.margins
    problems = []
    count = len(pages)
    for number, chars in enumerate(pages, 1):
        left = m.inner if number % 2 else m.outer
        right = left + width - m.inner - m.outer
        top, bottom = m.top, height - m.bottom  # pdfplumber measures from the top
        head_top = top - layout.head.gap - layout.head.size
        foot_bottom = bottom + layout.folio.gap + layout.folio.size
        for c in chars:
            if c["text"].isspace():
                continue
            inside_x = left - TOLERANCE <= c["x0"] and c["x1"] <= right + TOLERANCE
            inside_y = top - TOLERANCE <= c["top"] and c["bottom"] <= bottom + TOLERANCE
            head = abs(c["size"] - layout.head.size) < 0.05 and c["top"] >= head_top
            folio = (
                abs(c["size"] - layout.folio.size) < 0.05
                and c["bottom"] <= foot_bottom
                and number not in (1, count)
            )
            if not inside_x or not (inside_y or head or folio):
                problems.append(f"page {number}: {c['text']!r} at {c['x0']:.1f},{c['top']:.1f}")
    return problems


@pytest.mark.slow
def test_no_text_outside_the_margins(
    shipped_chars: list[list[dict[str, Any]]], long_pdf: bytes, layout: BookletLayout
) -> None:
    assert chars_outside(shipped_chars, layout) == []
    assert chars_outside(page_chars(long_pdf), layout) == []


# -- the file ---------------------------------------------------------------------------


def test_fonts_embedded_and_no_helvetica(shipped: JobResult) -> None:
    for out in shipped.outputs:
        pdf = reader(out.data)
        found = list(fonts(pdf))
        assert found, out.name
        for font in found:
            name = str(font.get("/BaseFont"))
            assert "Helvetica" not in name, (out.name, name)
            assert font_embedded(font), (out.name, name)
        assert b"Helvetica" not in out.data


def test_metadata_and_outline_shown(shipped_book: Book, shipped_pdf: bytes) -> None:
    pdf = reader(shipped_pdf)
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == plain(shipped_book.title)
    assert meta.author == plain(shipped_book.author or "")
    assert meta.creator and meta.creator.startswith("massage-print")
    assert pdf.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.slow
def test_rebuild_is_byte_identical(generated_book: Book) -> None:
    first = build_booklet(generated_book, marks=True, guide=True)
    second = build_booklet(generated_book, marks=True, guide=True)
    assert [o.data for o in first.outputs] == [o.data for o in second.outputs]


def test_renders_in_pdfium(shipped_pdf: bytes) -> None:
    pdf = pypdfium2.PdfDocument(shipped_pdf)
    try:
        for index in (0, 1, 7, len(pdf) - 1):
            image = pdf[index].render(scale=0.5).to_pil().convert("L")
            histogram = image.histogram()
            ink = sum(histogram[:200]) / sum(histogram)
            assert ink > 0.005, f"page {index + 1} renders blank"
    finally:
        pdf.close()


@pytest.mark.slow
@needs_qpdf
def test_qpdf_check(shipped: JobResult, tmp_path: Path) -> None:
    for out in shipped.outputs:
        path = tmp_path / out.name
        path.write_bytes(out.data)
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


# -- errors -----------------------------------------------------------------------------


def test_bad_content_raises(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content", steps=2)
    path = folder / "routines" / "routine-0.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("cues:", "cuez:", 1), "utf-8")
    with pytest.raises(MassagePrintError) as info:
        build_booklet(load_book(folder))
    assert "routine-0.yaml:" in str(info.value)


@pytest.mark.slow
def test_bad_layout_and_options_raise(generated_book: Book, tmp_path: Path) -> None:
    with pytest.raises(MassagePrintError, match="unknown layout"):
        build_booklet(generated_book, layout="no-such-layout")
    squeezed = tmp_path / "squeezed.yaml"
    squeezed.write_text(
        "extends: booklet\nmargins: {top: 100mm, bottom: 100mm, inner: 10mm, outer: 10mm}\n",
        encoding="utf-8",
    )
    with pytest.raises(MassagePrintError, match="must remain"):
        build_booklet(generated_book, layout=str(squeezed))
    typo = tmp_path / "typo.yaml"
    typo.write_text("extends: booklet\ntext:\n  sise: 9pt\n", encoding="utf-8")
    with pytest.raises(MassagePrintError, match=r"text\.sise: unknown key \(did you mean 'size'"):
        build_booklet(generated_book, layout=str(typo))
    with pytest.raises(MassagePrintError, match="paper"):
        build_booklet(generated_book, paper="a3")  # type: ignore[arg-type]
    with pytest.raises(MassagePrintError, match="duplex"):
        build_booklet(generated_book, duplex="sideways")  # type: ignore[arg-type]
    with pytest.raises(MassagePrintError, match="creep"):
        build_booklet(generated_book, creep_mm=5.0)


def flat(text: str) -> str:
    """Text without spaces, line breaks or hyphens added at line ends."""
    return squash(re.sub(r"[\u00ad\u2010]|-[ \t]*\r?\n", "", text))


def test_every_text_of_every_step_is_printed_in_order(generated_book: Book) -> None:
    """Titles, every cue, tips and cautions of every step: nothing dropped, nothing reordered."""
    together = flat("\n".join(page_texts(output(build_booklet(generated_book), "booklet.pdf"))))
    position = 0
    checked = 0
    for routine in generated_book.routines:
        for step in routine.steps:
            for text in (step.title, *step.cues, step.tip, step.caution):
                if not text:
                    continue
                found = together.find(flat(plain(text)), position)
                assert found >= 0, f"{routine.id} step {step.number}: {plain(text)!r} missing"
                position = found
                checked += 1
    assert checked > 4 * generated_book.step_count
