"""The one text engine: hyphenation points, soft hyphens, hard hyphens, the box edge, fitting."""

from __future__ import annotations

import pytest

from massage_print.text import (
    MIN_TYPE,
    Hyphenator,
    Span,
    hyphenator,
    largest_fit,
    marked,
    size_steps,
    wrap,
)


class Mono:
    """Every character half an em wide (bold a little wider)."""

    def width(self, text: str, bold: bool, italic: bool) -> float:
        return len(text) * (0.55 if bold else 0.5)


M = Mono()
GERMAN = hyphenator("de")


def texts(lines: tuple) -> list[str]:  # type: ignore[type-arg]
    return ["".join(s.text for s in line.spans) for line in lines]


def test_german_words_break_at_dictionary_points_with_a_hyphen() -> None:
    word = "Rückenstreckermuskulatur"
    lines = wrap([Span(f"Die {word} liegt")], 10, 60, M, GERMAN)
    assert all(line.width <= 60 for line in lines)
    assert not any(line.broken for line in lines)
    parts = [t for t in texts(lines) if t.endswith("-")]
    assert parts, texts(lines)
    points = GERMAN.points(word)
    at = 0
    for line in texts(lines):
        for token in line.split():
            if word.startswith(token.rstrip("-"), at) and token.endswith("-"):
                at += len(token) - 1
                assert at in points, (line, at, points)


def test_points_leave_three_letters_after_the_break() -> None:
    for word in ("Position", "Wiederholen", "Kreisreibung"):
        assert all(len(word) - p >= 3 and p >= 2 for p in GERMAN.points(word))
    # Each run of letters is hyphenated on its own: never beside the hyphen.
    points = GERMAN.points("Kreis-Reibung")
    assert points and 5 not in points and 6 not in points


def test_a_soft_hyphen_is_invisible_unless_the_word_breaks_there() -> None:
    one_line = wrap([Span("Rücken\xadstrecker")], 10, 100, M, GERMAN)
    assert texts(one_line) == ["Rückenstrecker"]
    broken = wrap([Span("Rücken\xadstrecker\xadmuskulatur")], 10, 55, M, GERMAN)
    assert texts(broken) == ["Rücken-", "strecker-", "muskulatur"]


def test_an_existing_hyphen_breaks_without_a_second_one() -> None:
    lines = wrap([Span("Kreis-Reibung")], 10, 40, M, Hyphenator(None))
    assert texts(lines) == ["Kreis-", "Reibung"]


def test_hyphenation_off_breaks_at_spaces_soft_and_hard_hyphens_only() -> None:
    off = hyphenator("de", enabled=False)
    assert not off.active and off.points("Rückenstreckermuskulatur") == ()
    lines = wrap([Span("Kreisreibung neben")], 10, 65, M, off)
    assert texts(lines) == ["Kreisreibung", "neben"]


def test_a_word_too_long_at_every_point_is_cut_at_the_edge_and_reported() -> None:
    lines = wrap(marked("ab **" + "x" * 30 + "** cd"), 10, 50, M, GERMAN)
    assert all(line.width <= 50 + 1e-9 for line in lines)
    cut = [line for line in lines if line.broken]
    assert cut and all(line.broken == "x" * 30 for line in cut)
    assert all(texts((line,))[0].endswith("-") for line in cut)
    assert "".join(texts(lines)).replace("-", "").replace(" ", "") == "ab" + "x" * 30 + "cd"


def test_styles_survive_a_break_inside_a_word() -> None:
    lines = wrap(marked("**Rückenstrecker**muskulatur"), 10, 60, M, GERMAN)
    first = lines[0].spans
    assert first[0].bold and texts(lines)[0].endswith("-")
    assert "".join(texts(lines)).replace("-", "") == "Rückenstreckermuskulatur"


def test_no_break_space_keeps_words_together() -> None:
    lines = wrap([Span("aaaa bbbb\u00a0cccc")], 10, 60, M, GERMAN)
    assert texts(lines) == ["aaaa", "bbbb\u00a0cccc"]


def test_languages_without_a_dictionary_still_wrap() -> None:
    assert hyphenator("xx").points("Rückenstreckermuskulatur") == ()
    assert hyphenator("pt-BR").active and hyphenator("it").active


def test_size_steps_are_bounded_and_never_below_the_floor() -> None:
    sizes = size_steps(10.0, 7.0, 1e-7)
    assert len(sizes) <= 1001 and sizes[0] == 10.0 and sizes[-1] == 7.0
    assert size_steps(10.0, 3.0, 1.0)[-1] == MIN_TYPE
    assert size_steps(5.0, 7.0, 0.5) == [5.0]


def test_largest_fit_bisects() -> None:
    calls: list[int] = []

    def attempt(n: int) -> int | None:
        calls.append(n)
        return n if n <= 37 else None

    candidates = list(range(1000, 0, -1))
    found = largest_fit(candidates, attempt)
    assert found is not None and found[1] == 37
    assert len(calls) <= 13
    assert largest_fit([5, 4], lambda n: None) is None


@pytest.mark.parametrize("width", [20.0, 33.0, 47.5, 80.0])
def test_nothing_runs_past_the_width(width: float) -> None:
    text = "Fußsohlenstreichung und Kreisreibung am Hinterkopfrand, " * 3
    for hyph in (GERMAN, Hyphenator(None)):
        lines = wrap(marked(text), 9, width, M, hyph)
        assert all(line.width <= width + 1e-9 for line in lines)
