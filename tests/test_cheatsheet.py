"""The cheat-sheet planner as pure data: line breaking, column flow, the fitting search."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from massage_print.cheatsheet.job import check_layout
from massage_print.cheatsheet.plan import (
    Block,
    Page,
    Text,
    Thumb,
    balance,
    candidate_sizes,
    fit_sheet,
    flow,
    plan_sheet,
)
from massage_print.content.model import Book, Routine, Step
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CheatsheetLayout
from massage_print.layout.units import sheet_size
from massage_print.text import Span, wrap
from tests.contentgen import write_content


class FakeMetrics:
    """Every character half an em wide; a legend of four rows."""

    ascent = 0.8
    descent = 0.2
    map_aspect = 0.7

    def width(self, text: str, bold: bool, italic: bool) -> float:
        return len(text) * (0.55 if bold else 0.5)

    def legend_height(self, width: float, size: float) -> float:
        return 4 * 1.7 * size


METRICS = FakeMetrics()


@pytest.fixture(scope="module")
def layout() -> CheatsheetLayout:
    return load_layout("cheatsheet", CheatsheetLayout)


@pytest.fixture(scope="module")
def big_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return load_book(write_content(tmp_path_factory.mktemp("cs") / "content", steps=40))


def a4(layout: CheatsheetLayout, orientation: str = "portrait") -> Page:
    width, height = sheet_size("a4", orientation == "landscape")
    columns = layout.columns.landscape if orientation == "landscape" else layout.columns.portrait
    return Page(width, height, columns, "landscape" if orientation == "landscape" else "portrait")


def first_steps(book: Book, count: int) -> tuple[Book, Routine]:
    """The book with its first routine cut to its first ``count`` steps."""
    routine = book.routines[0]
    sections = []
    for section in routine.sections:
        kept = tuple(s for s in section.steps if s.number <= count)
        if kept:
            sections.append(dataclasses.replace(section, steps=kept))
    cut = dataclasses.replace(routine, sections=tuple(sections))
    return dataclasses.replace(book, routines=(cut,)), cut


# -- line breaking ---------------------------------------------------------------------------


def test_wrap_keeps_every_word_in_order_and_within_the_width() -> None:
    text = "Glide downward, one relaxed, flat hand each side of the spine, then back up."
    lines = wrap([Span(text)], 10, 60, METRICS)
    assert len(lines) > 1
    assert all(line.width <= 60 + 1e-9 for line in lines)
    assert " ".join("".join(s.text for s in line.spans) for line in lines) == text


def test_wrap_cuts_a_word_wider_than_the_line_at_the_edge_with_a_hyphen() -> None:
    lines = wrap([Span("x" * 40)], 10, 50, METRICS)
    texts = ["".join(s.text for s in line.spans) for line in lines]
    assert texts == ["x" * 9 + "-"] * 4 + ["x" * 4]
    assert [line.broken for line in lines] == ["x" * 40] * 4 + [""]
    assert all(line.width <= 50 for line in lines)


def test_wrap_keeps_styles_and_places_spans() -> None:
    spans = [Span("plain "), Span("bold words", bold=True), Span(" after")]
    (line,) = wrap(spans, 10, 1000, METRICS)
    assert [(s.text, s.bold) for s in line.spans] == [
        ("plain ", False),
        ("bold words", True),
        (" after", False),
    ]
    assert line.spans[1].dx == pytest.approx(METRICS.width("plain ", False, False) * 10)


def test_wrap_never_breaks_at_a_no_break_space() -> None:
    lines = wrap([Span("aaaa bbbb\u00a0cccc")], 10, 60, METRICS)
    assert ["".join(s.text for s in line.spans) for line in lines] == ["aaaa", "bbbb\u00a0cccc"]


# -- the search candidates ---------------------------------------------------------------------


def test_candidates_run_from_preferred_to_minimum_with_thumbnails_tied(
    layout: CheatsheetLayout,
) -> None:
    sizes = candidate_sizes(layout)
    assert sizes[0].body == pytest.approx(layout.text.body_size)
    assert sizes[-1].body == pytest.approx(layout.text.min_body_size)
    assert sizes[0].thumb == pytest.approx(layout.thumbs.height)
    assert sizes[-1].thumb == pytest.approx(layout.thumbs.min_height)
    assert all(a.body > b.body and a.thumb > b.thumb for a, b in itertools.pairwise(sizes))


# -- column flow -------------------------------------------------------------------------------


def blocks(*heights: float, heading_at: tuple[int, ...] = ()) -> list[Block]:
    return [
        Block(h, (), gap_before=2.0, keep_with_next=i in heading_at) for i, h in enumerate(heights)
    ]


def test_flow_runs_down_then_across() -> None:
    spots = flow(blocks(40, 40, 40, 40, 40), 3, 90)
    assert spots == [(0, 0.0), (0, 42.0), (1, 0.0), (1, 42.0), (2, 0.0)]


def test_flow_never_leaves_a_heading_at_a_column_foot() -> None:
    spots = flow(blocks(40, 10, 40, heading_at=(1,)), 2, 60)
    assert spots is not None
    assert spots[1][0] == spots[2][0] == 1


def test_flow_fails_when_the_columns_are_full_or_a_block_is_too_tall() -> None:
    assert flow(blocks(40, 40, 40), 1, 90) is None
    assert flow(blocks(100), 3, 90) is None


def test_balance_gives_shorter_columns_in_the_same_order() -> None:
    items = blocks(*([20.0] * 6))
    spots = balance(items, 3, 500)
    assert spots is not None
    assert [c for c, _ in spots] == [0, 0, 1, 1, 2, 2]


# -- the one cue -------------------------------------------------------------------------------


def test_key_line_is_the_summary_else_the_first_cue() -> None:
    cues = ("Go to the head.", "Glide **slowly** down the back.")
    assert Step(1, "t", cues).key_line == cues[0]
    assert Step(1, "t", cues, summary="Long glides, head to hips").key_line == (
        "Long glides, head to hips"
    )


# -- whole sheets --------------------------------------------------------------------------


def test_fit_finds_the_largest_size_that_fits(big_book: Book, layout: CheatsheetLayout) -> None:
    page = a4(layout)
    candidates = candidate_sizes(layout)
    for count in (1, 12, 25):
        book, routine = first_steps(big_book, count)
        plan = fit_sheet(book, routine, layout, page, METRICS)
        index = candidates.index(plan.sizes)
        assert plan_sheet(book, routine, layout, page, candidates[index], METRICS) == plan
        if index:
            larger = candidates[index - 1]
            assert plan_sheet(book, routine, layout, page, larger, METRICS) is None


def test_plan_holds_every_step_in_order_inside_the_margins(
    big_book: Book, layout: CheatsheetLayout
) -> None:
    book, routine = first_steps(big_book, 30)
    page = a4(layout, "landscape")
    plan = fit_sheet(book, routine, layout, page, METRICS)
    assert plan.smallest_type >= layout.text.min_body_size
    numbers = [int(t.text) for t in plan.texts if t.text.isdigit() and t.bold]
    assert numbers == list(range(1, 31))
    thumbs = [e for e in plan.elements if isinstance(e, Thumb)]
    assert [t.step for t in thumbs] == [s.number for s in routine.steps if s.diagram]
    assert all(t.height <= layout.thumbs.height + 1e-6 for t in thumbs)
    m = layout.margin
    for element in plan.elements:
        if isinstance(element, Text):
            right = (
                element.x + METRICS.width(element.text, element.bold, element.italic) * element.size
            )
            assert m - 1e-6 <= element.x and right <= page.width - m + 1e-6
            assert m <= element.y <= page.height - m


def test_too_long_a_routine_fails_naming_it(tmp_path: Path, layout: CheatsheetLayout) -> None:
    book = load_book(write_content(tmp_path / "content", steps=120))
    with pytest.raises(MassagePrintError) as caught:
        fit_sheet(book, book.routines[0], layout, a4(layout), METRICS, "A4")
    message = str(caught.value)
    assert "\n" not in message
    assert "routine 'routine-0'" in message
    assert "--orientation landscape" in message
    assert "larger paper" in message
    assert "fewer steps" in message


def test_layout_type_floor_is_six_points(layout: CheatsheetLayout) -> None:
    check_layout(layout)
    with pytest.raises(MassagePrintError, match="at least 6pt"):
        check_layout(
            dataclasses.replace(layout, text=dataclasses.replace(layout.text, min_body_size=5.5))
        )
    with pytest.raises(MassagePrintError, match=r"text\.title_scale"):
        check_layout(
            dataclasses.replace(layout, text=dataclasses.replace(layout.text, title_scale=0.8))
        )
