"""Keeping the shipped guide honest: diagrams that match their cues, and safety that is there.

A simple phrase list finds steps whose title, area or cues say they work one side of the body;
each such step must draw only one side (no stroke mirrored across the spine), on the side its
text and the giver's place imply.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from massage_print.content.model import Book, Step, Stroke
from massage_print.content.validation import load_book

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

ONE_SIDE_PHRASES = (
    "one shoulder",
    "left shoulder",
    "right shoulder",
    "same shoulder",
    "far side",
    "far half",
    "far hip",
    "far buttock",
    "far shoulder",
    "near side",
    "near arm",
    "beyond the spine",
    "one arm",
    "the arm",
    "one side",
    "other side",
    "left side",
    "right half",
    "left arm",
    "one flank",
)
BOTH_SIDES_PHRASES = ("both sides", "one on each side", "one each side", "one line each side")


@pytest.fixture(scope="module")
def book() -> Book:
    return load_book(CONTENT)


def _text(step: Step) -> str:
    return " ".join([step.title, step.area or "", *step.cues]).lower().replace("’", "'")


def _drawn(step: Step) -> tuple[Stroke, ...]:
    if step.diagram:
        return step.diagram
    return step.technique.diagram if step.technique else ()


def _one_sided(step: Step) -> bool:
    text = _text(step)
    if any(p in text for p in BOTH_SIDES_PHRASES):
        return False
    if "left side" in text and "right side" in text:  # both sides, one after the other
        return False
    return any(re.search(rf"\b{re.escape(p)}\b", text) for p in ONE_SIDE_PHRASES)


def _all_steps(book: Book) -> list[tuple[str, Step]]:
    return [(r.id, s) for r in book.routines for s in r.steps]


def test_the_phrase_list_finds_the_known_one_side_steps(book: Book) -> None:
    found = {(rid, s.number) for rid, s in _all_steps(book) if _one_sided(s)}
    # back 4-9 (one shoulder), 12-18 (the far half of the lower back); nine-moves 2, 5, 9.
    expected = {("back", n) for n in (4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18)}
    expected |= {("nine-moves", n) for n in (2, 5, 9)}
    assert expected <= found


def test_every_one_side_step_draws_one_side_only(book: Book) -> None:
    wrong = []
    for rid, step in _all_steps(book):
        if not _one_sided(step):
            continue
        strokes = _drawn(step)
        if not strokes:
            wrong.append(f"{rid} {step.number}: one side in the text but no diagram")
            continue
        for stroke in strokes:
            if stroke.kind == "hold" or stroke.side not in ("left", "right"):
                wrong.append(f"{rid} {step.number}: {stroke.kind} drawn on side {stroke.side}")
    assert not wrong, "\n".join(wrong)


def test_one_side_steps_draw_the_side_the_text_names(book: Book) -> None:
    """'far' means the right half (the giver's marker stands at the receiver's left)."""
    wrong = []
    for rid, step in _all_steps(book):
        if not _one_sided(step) or not _drawn(step):
            continue
        text = _text(step)
        sides = {s.side for s in _drawn(step)}
        far = ("far side", "far half", "far hip", "far buttock", "far shoulder")
        if any(w in text for w in (*far, "beyond the spine", "right half")):
            want = "right"
        elif any(w in text for w in ("left shoulder", "left side", "left arm", "near side")):
            want = "left"
        else:
            continue
        if sides != {want}:
            wrong.append(f"{rid} {step.number}: text says {want}, drawn {sorted(sides)}")
    assert not wrong, "\n".join(wrong)


def test_no_step_presses_on_the_spine(book: Book) -> None:
    """The guide's first safety rule, held by every cue."""
    pattern = re.compile(r"\b(press|push|lean)\w*\b[^.;]*\b(on|over) the spine\b")
    bad = [
        f"{rid} {s.number}: {cue}"
        for rid, s in _all_steps(book)
        for cue in s.cues
        if pattern.search(cue.lower()) and "never" not in cue.lower()
    ]
    assert not bad, "\n".join(bad)


def test_safety_list_covers_the_known_gaps(book: Book) -> None:
    text = " ".join(book.safety).lower()
    for word in ("kidney", "pregnan", "fever", "broken", "clot", "varicose", "fragile", "astride"):
        assert word in text, word


def test_specialist_techniques_are_information_only_and_unused(book: Book) -> None:
    specialist = {"trigger-point-pressure", "deep-tissue"}
    for technique in book.techniques:
        if technique.id in specialist:
            assert "information only" in technique.how[0].lower()
    used = {s.technique.id for _, s in _all_steps(book) if s.technique}
    assert not specialist & used


def test_one_term_for_the_person_receiving(book: Book) -> None:
    words = [book.title, *(s for s in book.safety)]
    for chapter in (*book.front_matter, *book.back_matter):
        words += [b if isinstance(b, str) else " ".join(b.items) for b in chapter.body]
    for _, step in _all_steps(book):
        words += [*step.cues, step.tip or "", step.caution or ""]
    for technique in book.techniques:
        words += [*technique.how, technique.summary]
    text = " ".join(words).lower()
    assert "partner" not in text
    assert "mid back" not in text


def test_every_shipped_step_has_its_own_summary(book: Book) -> None:
    """The cheat sheet shows each step's action, not its set-up (the first cue)."""
    for rid, step in _all_steps(book):
        assert step.summary, f"{rid} {step.number}"
        assert step.summary != step.cues[0], f"{rid} {step.number}"
