"""The cheat-sheet planner's shortcuts give exactly what the plain search gives."""

from __future__ import annotations

import dataclasses
import random

import pytest

from massage_print.cheatsheet.plan import (
    AIMED_TRIES,
    Fill,
    Footers,
    Legend,
    Rule,
    Text,
    Thumb,
    _Maker,
    _measure,
    candidate_sizes,
    first_fit,
    fit_sheet,
    flow,
    plan_sheet,
)
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CheatsheetLayout
from massage_print.text import hyphenator, largest_fit
from tests.contentgen import write_content
from tests.test_cheatsheet import METRICS, a4, first_steps


@pytest.fixture(scope="module")
def layout() -> CheatsheetLayout:
    return load_layout("cheatsheet", CheatsheetLayout)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return load_book(write_content(tmp_path_factory.mktemp("cs") / "c", routines=3, steps=60))


AIMS = {
    "none": None,
    "middle": lambda fails, fits, last: (fails + fits) // 2,
    "too far": lambda fails, fits, last: fits + 5,
    "too near": lambda fails, fits, last: fails - 3,
    "random": lambda fails, fits, last: random.Random(fails * 1000 + fits).randint(-2, 120),
}


@pytest.mark.parametrize("aim", list(AIMS))
@pytest.mark.parametrize("count", [1, 2, 3, 7, 16, 31, 32, 100])
def test_first_fit_finds_what_largest_fit_finds(count: int, aim: str) -> None:
    for boundary in range(count + 1):  # candidates from ``boundary`` on fit
        tried: list[int] = []

        def attempt(index: int, boundary: int = boundary, tried: list[int] = tried) -> int | None:
            tried.append(index)
            return index if index >= boundary else None

        found = first_fit(count, attempt, AIMS[aim])
        expected = largest_fit(range(count), lambda i, b=boundary: i if i >= b else None)
        assert found == (None if expected is None else expected[1])
        assert len(tried) == len(set(tried))
        assert len(tried) <= 1 + (AIMED_TRIES + 1) * max(1, (count - 1).bit_length())
        if AIMS[aim] is None:
            assert len(tried) <= 1 + (count - 1).bit_length()


def test_a_good_aim_finds_the_boundary_in_few_tries() -> None:
    for count in (31, 1000):
        for boundary in range(1, count, 7):
            tried: list[int] = []

            def attempt(
                index: int, boundary: int = boundary, tried: list[int] = tried
            ) -> int | None:
                tried.append(index)
                return index if index >= boundary else None

            def aim(
                fails: int, fits: int, last: int, boundary: int = boundary, tried: list[int] = tried
            ) -> int:
                return boundary + (1 if len(tried) % 2 else -1)  # off by one, either way

            assert first_fit(count, attempt, aim) == boundary
            assert len(tried) <= 5


def slow_blocks_fit(book: Book, layout: CheatsheetLayout, page, sizes) -> bool | None:  # type: ignore[no-untyped-def]
    """Whether every block flows, measured as the planner did before it stopped early."""
    routine = book.routines[0]
    maker = _Maker(layout, METRICS, sizes, book.labels, hyphenator(book.language, True))
    width = page.width - 2 * layout.margin
    column = (width - (page.columns - 1) * layout.columns.gap) / page.columns
    header = maker.header(book, routine, width)
    footer = maker.footer(book.safety_for(routine), width)
    top = page.height - layout.margin - header.height - layout.spacing.header * sizes.body
    height = top - layout.margin - footer.height - layout.spacing.footer * sizes.body
    blocks = maker.body(routine, column)
    if height <= 0 or blocks is None:
        return None
    return flow(blocks, page.columns, height) is not None


@pytest.mark.parametrize("count", [10, 30, 60])
def test_need_says_whether_the_blocks_flow(
    book: Book, layout: CheatsheetLayout, count: int
) -> None:
    cut, _ = first_steps(book, count)
    for orientation in ("portrait", "landscape"):
        page = a4(layout, orientation)
        for sizes in candidate_sizes(layout)[::3]:
            measured = _measure(cut, cut.routines[0], layout, page, sizes, METRICS)
            assert measured is not None
            need = measured.need()
            slow = bool(slow_blocks_fit(cut, layout, page, sizes))
            assert (need <= 1.0) == measured.fits() == slow


def test_shared_foot_strips_give_the_same_sheets(book: Book, layout: CheatsheetLayout) -> None:
    page = a4(layout)
    footers = Footers()
    for routine in book.routines:
        for count in (5, 15, 25):
            cut, part = first_steps(dataclasses.replace(book, routines=(routine,)), count)
            shared = fit_sheet(cut, part, layout, page, METRICS, "A4", footers)
            assert shared == fit_sheet(cut, part, layout, page, METRICS, "A4")
            assert shared == plan_sheet(cut, part, layout, page, shared.sizes, METRICS)


def test_moving_an_element_keeps_all_but_its_place() -> None:
    elements = [
        Text(1.0, 2.0, "a", True, False, 9.0, "#111111"),
        Fill(1.0, 2.0, 3.0, 4.0, "#222222"),
        Rule(1.0, 2.0, 3.0, 4.0, 0.5, "#333333"),
        Thumb(1.0, 2.0, 3.0, 4.0, (), "at-head", 3, "seated"),
        Legend(1.0, 2.0, 3.0, 4.0, 8.0, "#444444"),
    ]
    for element in elements:
        moved = element.moved(10.0, 20.0)
        changes = {
            f.name: getattr(element, f.name) + (10.0 if f.name.startswith("x") else 20.0)
            for f in dataclasses.fields(element)
            if f.name in ("x", "y", "x1", "y1", "x2", "y2")
        }
        assert moved == dataclasses.replace(element, **changes)  # type: ignore[arg-type]
