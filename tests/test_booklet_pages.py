"""Page numbers printed in one pass (left open, written in when the pages are known) look
and read exactly as the slow way prints them (a measuring pass, then the numbers as text)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pytest
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from massage_print.booklet import render as render_module
from massage_print.booklet.job import render_booklet
from massage_print.booklet.render import PAGE, KnownPages, PageSlots, Para, PassResult
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import BookletLayout
from massage_print.pdf.fonts import register_family
from tests.contentgen import write_content

ROOT = Path(__file__).resolve().parent.parent

Word = tuple[str, float, float, float, float]


def words(data: bytes) -> list[list[Word]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in page.extract_words()]
            for page in pdf.pages
        ]


def pixels(data: bytes) -> list[bytes]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [pdf[i].render(scale=100 / 72).to_pil().tobytes() for i in range(len(pdf))]
    finally:
        pdf.close()


def render_both(book: Book, monkeypatch: pytest.MonkeyPatch) -> tuple[PassResult, PassResult, int]:
    """The booklet in one pass and the slow way, and how many passes the first took."""
    layout = load_layout("booklet", BookletLayout)
    passes: list[bool] = []
    real_run_pass: Callable[..., PassResult] = render_module.run_pass

    def counting(*args: Any, **kwargs: Any) -> PassResult:
        passes.append(True)
        return real_run_pass(*args, **kwargs)

    monkeypatch.setattr(render_module, "run_pass", counting)
    fast = render_booklet(book, layout)
    count = len(passes)
    slow = render_booklet(book, layout, one_pass=False)
    assert len(passes) > count + 1  # the slow way measured first
    return fast, slow, count


def assert_same_booklet(fast: PassResult, slow: PassResult) -> None:
    assert (fast.pages, fast.notes, fast.anchors) == (slow.pages, slow.notes, slow.anchors)
    assert fast.pages % 4 == 0
    fast_words, slow_words = words(fast.data), words(slow.data)
    assert len(fast_words) == len(slow_words) == fast.pages
    for page, (mine, theirs) in enumerate(zip(fast_words, slow_words, strict=True), 1):
        assert [w[0] for w in mine] == [w[0] for w in theirs], f"page {page}"
        for a, b in zip(mine, theirs, strict=True):
            assert all(abs(x - y) <= 0.01 for x, y in zip(a[1:], b[1:], strict=True)), (
                f"page {page}: {a} != {b}"
            )
    for page, (mine_px, theirs_px) in enumerate(
        zip(pixels(fast.data), pixels(slow.data), strict=True), 1
    ):
        assert mine_px == theirs_px, f"page {page} looks different"


@pytest.mark.slow
def test_german_feet_course_in_one_pass_reads_and_looks_as_the_slow_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast, slow, passes = render_both(load_book(ROOT / "examples" / "de"), monkeypatch)
    assert passes == 1
    assert_same_booklet(fast, slow)
    # The contents print the pages the headings landed on.
    contents = words(fast.data)[1]
    assert str(fast.anchors["safety"]) in [w[0] for w in contents]


def test_short_course_with_one_digit_references_keeps_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page number has one digit, narrower than the placeholder's two: the lines
    still break as they would, so one pass is enough and the numbers sit where the slow
    way puts them (the contents' right-aligned, the steps' references after their text)."""
    book = load_book(write_content(tmp_path / "c", steps=3, techniques=2, steps_per_section=3))
    fast, slow, passes = render_both(book, monkeypatch)
    assert fast.anchors["tech-tech-1"] < 10
    assert passes == 1
    assert_same_booklet(fast, slow)
    text = " ".join(w[0] for page in words(fast.data) for w in page)
    assert f"p. {fast.anchors['tech-tech-0']}" in text.replace("\xa0", " ")


@pytest.mark.slow
def test_book_of_three_digit_pages_reads_and_looks_as_the_slow_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_content(tmp_path / "c", routines=3, steps=40, techniques=6, cues=2)
    fast, slow, passes = render_both(load_book(folder), monkeypatch)
    assert fast.pages > 99
    assert passes == 1
    assert_same_booklet(fast, slow)


@pytest.mark.slow
def test_shipped_guide_in_one_pass_reads_and_looks_as_the_slow_way(
    shipped_book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow, passes = render_both(shipped_book, monkeypatch)
    assert passes == 1
    assert_same_booklet(fast, slow)


def test_watch_hint_gives_the_same_booklet(monkeypatch: pytest.MonkeyPatch) -> None:
    book = load_book(ROOT / "examples" / "de")
    layout = load_layout("booklet", BookletLayout)
    first = render_booklet(book, layout)
    again = render_booklet(book, layout, hint=(first.anchors, first.notes))
    assert again.data == first.data


def _slot_paragraph(
    slots: PageSlots, width: float, align: int, before: str = "Kneading"
) -> tuple[Para, float]:
    family = register_family(load_layout("booklet", BookletLayout).fonts)
    style = ParagraphStyle("slot-test", fontName=family.regular, fontSize=10, leading=12)
    style.alignment = align
    text = f"{before} " + slots.markup("tech", style, f"·\xa0p.\xa0{PAGE}")
    para = Para(text, style)
    para.wrap(width, 1000)
    slots.drawn[id(para)] = para  # as if drawn
    return para, para.height


def test_open_number_agrees_only_when_the_real_one_keeps_the_lines() -> None:
    family = register_family(load_layout("booklet", BookletLayout).fonts)
    room = stringWidth("Kneading ·\xa0p.\xa000", family.regular, 10) + 0.5
    # Left-aligned, last on its line: a narrower number changes nothing.
    slots = PageSlots()
    _slot_paragraph(slots, room, TA_LEFT)
    assert slots.agrees({"tech": 12})
    assert slots.agrees({"tech": 7})
    # A wider number would not fit the line: the reference moves to the next line.
    assert not slots.agrees({"tech": 123})
    # Right-aligned with text before it: a narrower number moves that text too.
    slots = PageSlots()
    _slot_paragraph(slots, room, TA_RIGHT)
    assert slots.agrees({"tech": 34})
    assert not slots.agrees({"tech": 5})


def test_known_pages_print_the_numbers_as_text() -> None:
    style = ParagraphStyle("known-test")
    assert KnownPages({"a": 7}).markup("a", style, f"p.\xa0{PAGE} <") == "p.\xa07 &lt;"
    assert KnownPages({}).markup("a", style) == "00"


class _Forgetful(dict):  # type: ignore[type-arg]
    """A memo that never remembers (the slow way of the story builder's memos)."""

    def __setitem__(self, key: object, value: object) -> None:
        return None


def test_story_memos_and_shared_lines_give_the_booklet_made_without_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from massage_print.booklet import story as story_module

    book = load_book(write_content(tmp_path / "c", steps=7, techniques=3, cues=5))
    layout = load_layout("booklet", BookletLayout)
    fast = render_booklet(book, layout)
    real_init = story_module.StoryBuilder.__init__

    def forgetful_init(self: Any, *args: Any) -> None:
        real_init(self, *args)
        self._pieces, self._cells = _Forgetful(), _Forgetful()

    monkeypatch.setattr(story_module.StoryBuilder, "__init__", forgetful_init)
    monkeypatch.setattr(story_module.SizedTable, "wrap", story_module.Table.wrap)
    monkeypatch.setattr(render_module, "SHARE_LINES", False)
    assert render_booklet(book, layout).data == fast.data


@pytest.mark.parametrize(
    "text",
    [
        "Streichen Sie die Fußsohle aus.",
        "  leading and trailing spaces  ",
        "two\nlines  and   runs of spaces",
        "soft\xadhyphen and no\xa0break",
        "x",
        '<a href="#tech-knead">Kneading</a>',
        '<a href="#step-feet-2">12</a>',
        '<a href="#k"> spaced  out</a>',
        '<a href="#k" color="#336699">coloured</a>',
        '<a href="#a">one</a> <a href="#b">two</a>',
    ],
)
def test_plain_text_fragments_are_the_parsers(text: str) -> None:
    """Plain text and text that is one internal link skip the parser: same fragments."""
    family = register_family(load_layout("booklet", BookletLayout).fonts)
    style = ParagraphStyle("plain-test", fontName=family.regular, fontSize=9, leading=11)
    slow = Para(text, style)
    Para.parsed = {}
    try:
        fast = Para(text, style)
        again = Para(text, style, bulletText="•")
    finally:
        Para.parsed = None
    assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in slow.frags]
    assert [f.__dict__ for f in again.frags] == [f.__dict__ for f in slow.frags]
    assert fast.wrap(120, 500) == slow.wrap(120, 500)


def test_sized_table_sizes_as_a_fresh_table_whatever_the_height_offered() -> None:
    from massage_print.booklet.story import SizedTable, Table

    family = register_family(load_layout("booklet", BookletLayout).fonts)
    style = ParagraphStyle("table-test", fontName=family.regular, fontSize=9, leading=11)

    def rows() -> list[list[object]]:
        return [
            [Para(f"Row {i} of a table long enough to be split over pages.", style)]
            for i in range(60)
        ]

    sized = SizedTable(rows(), colWidths=[150])
    for width, height in [(150, 100), (150, 5000), (150, 100), (150, 5000), (120, 5000)]:
        fresh = Table(rows(), colWidths=[150])
        assert sized.wrap(width, height) == fresh.wrap(width, height)


@pytest.mark.slow
def test_notes_pages_still_pad_after_a_heading_kept_with_what_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The story's last block is a heading that keeps with the next one: the padding to a
    multiple of four pages still happens (it is never swallowed into the heading's group)."""
    from massage_print.booklet import story as story_module

    real_back_matter = story_module.StoryBuilder.back_matter

    def back_matter(self: Any) -> list[Any]:
        return [*real_back_matter(self), Para("The end", self.s.chapter)]

    monkeypatch.setattr(story_module.StoryBuilder, "back_matter", back_matter)
    padded = set()
    for steps in (1, 2, 3, 4):
        book = load_book(write_content(tmp_path / f"c{steps}", steps=steps, techniques=1))
        for one_pass in (True, False):
            layout = load_layout("booklet", BookletLayout)
            result = render_booklet(book, layout, one_pass=one_pass)
            assert result.pages % 4 == 0
            padded.add(result.notes)
    assert len(padded) > 1
