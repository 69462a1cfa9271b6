"""cards.pdf: what each face says, text inside the safe area, shrinking, and fit errors."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from massage_print.cards import build_cards, build_deck
from massage_print.cards.render import ABSOLUTE_MIN_SIZE
from massage_print.content.markup import plain
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CardsLayout
from tests.contentgen import write_content
from tests.test_cards_support import MM

EPS = 0.01


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    folder = write_content(tmp_path_factory.mktemp("deck") / "content", steps=6, techniques=5)
    return load_book(folder)


def deck_pdf(book: Book, tmp_path: Path, **options: object) -> Path:
    result = build_cards(book, **options)  # type: ignore[arg-type]
    path = tmp_path / "cards.pdf"
    path.write_bytes(result.outputs[0].data)
    return path


def assert_text_in_safe_area(path: Path, layout: CardsLayout, bleed: float = 0.0) -> int:
    """Every character of every page inside the safe area; returns the characters checked."""
    width, height = layout.card
    inset = bleed + layout.safe_margin
    checked = 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert abs(float(page.width) - (width + 2 * bleed)) < EPS
            assert abs(float(page.height) - (height + 2 * bleed)) < EPS
            left, right = inset, bleed + width - layout.safe_margin
            top, bottom = inset, bleed + height - layout.safe_margin  # from the page top
            assert page.chars, f"page {number} has text"
            for char in page.chars:
                if char["text"].isspace():
                    continue
                where = f"page {number}: {char['text']!r} at {char['x0']:.2f},{char['top']:.2f}"
                assert char["x0"] >= left - EPS and char["x1"] <= right + EPS, where
                assert char["top"] >= top - EPS and char["bottom"] <= bottom + EPS, where
                assert char["size"] >= max(layout.text.min_size, ABSOLUTE_MIN_SIZE) - EPS, where
                checked += 1
    return checked


# -- the safe area, for each card size --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["cards", "cards-a7", "cards-index"])
def test_every_character_inside_the_safe_area(book: Book, tmp_path: Path, layout: str) -> None:
    path = deck_pdf(book, tmp_path, layout=layout)
    assert assert_text_in_safe_area(path, load_layout(layout, CardsLayout)) > 1000


def test_safe_area_with_bleed(book: Book, tmp_path: Path) -> None:
    path = deck_pdf(book, tmp_path, deck="techniques", bleed_mm=3)
    assert_text_in_safe_area(path, load_layout("cards", CardsLayout), bleed=3 * MM)


@pytest.mark.slow
def test_shipped_content_fits_poker_cards(shipped_book: Book, tmp_path: Path) -> None:
    path = deck_pdf(shipped_book, tmp_path)
    assert_text_in_safe_area(path, load_layout("cards", CardsLayout))


# -- what the faces say -----------------------------------------------------------------------


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.slow
def test_technique_and_step_faces(book: Book, tmp_path: Path) -> None:
    texts = page_texts(deck_pdf(book, tmp_path))
    cards = build_deck(book)
    assert len(texts) == 2 * len(cards) == 2 * (5 + 6)
    tech = book.techniques[1]
    front, back = texts[2], texts[3]
    assert tech.name in front and tech.family.upper() in front
    assert f"{tech.pressure} pressure" in front and "Contact" in front and "palms" in front
    assert tech.summary.split()[0] in back
    assert "1." in back and tech.how[0].split()[0] in back
    assert back.strip().endswith(f"{tech.name} · {tech.family}"), "the name again on the back"
    routine = book.routines[0]
    step = routine.steps[2]
    front, back = texts[2 * (5 + 2)], texts[2 * (5 + 2) + 1]
    assert f"STEP 3 OF {len(routine.steps)}" in front
    assert routine.title in front and step.title in front
    assert step.cues[0].split(":")[0] in back
    assert step.technique is not None and step.technique.name in back
    assert "Stance" in back and "Pressure" in back and "Repeat" in back
    assert f"Next: {routine.steps[3].title}" in back
    assert "Last step" in texts[-1]


def test_deck_selection(book: Book) -> None:
    assert len(build_deck(book, "techniques")) == 5
    assert len(build_deck(book, "steps")) == 6
    assert len(build_deck(book, "all", "routine-0")) == 11
    assert [c.what for c in build_deck(book, "steps", "routine-0")][:2] == [
        "routine 'routine-0' step 1",
        "routine 'routine-0' step 2",
    ]


def test_markup_and_literal_characters(book: Book, tmp_path: Path) -> None:
    tech = dataclasses.replace(
        book.techniques[0], how=("Press **firmly** & slowly <here>.", "Then _rest_.")
    )
    changed = dataclasses.replace(book, techniques=(tech,), routines=())
    path = deck_pdf(changed, tmp_path, deck="techniques")
    with pdfplumber.open(path) as pdf:
        back = pdf.pages[1]
        text = back.extract_text()
        assert "Press firmly & slowly <here>." in text
        bold = {c["fontname"] for c in back.chars if c["text"] in "firmly"}
        assert any("Bold" in name for name in bold)
        italic = {c["fontname"] for c in back.chars if c["text"] in "rest"}
        assert any("Oblique" in name for name in italic)


def test_only_embedded_fonts(book: Book) -> None:
    result = build_cards(book, deck="techniques")
    for output in result.outputs:
        reader = PdfReader(io.BytesIO(output.data))
        fonts: dict[str, object] = {}

        def collect(resources: object, fonts: dict[str, object] = fonts) -> None:
            if not resources:
                return
            res = resources.get_object()  # type: ignore[attr-defined]
            for name, ref in (res.get("/Font") or {}).items():
                fonts[name + str(ref.idnum)] = ref.get_object()
            for ref in (res.get("/XObject") or {}).values():
                collect(ref.get_object().get("/Resources"))

        for page in reader.pages:
            collect(page.get("/Resources"))
        assert fonts
        for font in fonts.values():
            assert "Helvetica" not in str(font["/BaseFont"])  # type: ignore[index]
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )  # type: ignore[operator,index]
            assert "/FontFile2" in descendant["/FontDescriptor"]  # type: ignore[index]


# -- shrinking and fit errors -----------------------------------------------------------------


def sizes_on(path: Path, page: int) -> set[float]:
    with pdfplumber.open(path) as pdf:
        return {round(c["size"], 2) for c in pdf.pages[page].chars}


@pytest.mark.slow
def test_long_text_shrinks_but_stays_inside(book: Book, tmp_path: Path) -> None:
    layout = load_layout("cards", CardsLayout)
    long_cue = "Glide slowly with both palms flat, reading the muscles as you go along the back."
    tech = dataclasses.replace(book.techniques[0], how=(long_cue,) * 6)
    changed = dataclasses.replace(book, techniques=(tech,), routines=())
    path = deck_pdf(changed, tmp_path, deck="techniques")
    sizes = sizes_on(path, 1)
    assert max(sizes) < layout.text.body_size, "the back was shrunk"
    assert min(sizes) >= layout.text.min_size
    assert_text_in_safe_area(path, layout)


def test_too_long_fields_name_card_and_field(book: Book) -> None:
    essay = "Keep going along the back with long even strokes and steady breath. " * 3
    tech = dataclasses.replace(book.techniques[0], how=(essay,) * 8)
    long_name = dataclasses.replace(book.techniques[1], name="Name " * 150)
    routine = book.routines[0]
    section = routine.sections[0]
    step = dataclasses.replace(section.steps[1], cues=(essay,) * 8)
    section = dataclasses.replace(section, steps=(section.steps[0], step, *section.steps[2:]))
    routine = dataclasses.replace(routine, sections=(section, *routine.sections[1:]))
    changed = dataclasses.replace(
        book, techniques=(tech, long_name, *book.techniques[2:]), routines=(routine,)
    )
    with pytest.raises(MassagePrintError) as caught:
        build_cards(changed)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "card for technique 'tech-0' (back): how does not fit at 7 pt; shorten it",
        "card for technique 'tech-1' (front): name does not fit at 7 pt; shorten it",
        "card for technique 'tech-1' (back): name does not fit at 7 pt; shorten it",
        "card for routine 'routine-0' step 2 (back): cues does not fit at 7 pt; shorten it",
    ]
    assert caught.value.problems[0].location == tech.where


@pytest.mark.slow
def test_floor_comes_from_the_layout_never_below_6pt(book: Book, tmp_path: Path) -> None:
    low = tmp_path / "low.yaml"
    low.write_text("extends: cards\ntext:\n  min_size: 5pt\n", encoding="utf-8")
    with pytest.raises(MassagePrintError, match="never set below 6pt"):
        build_cards(book, layout=str(low))
    six = tmp_path / "six.yaml"
    six.write_text("extends: cards\ntext:\n  min_size: 6pt\n", encoding="utf-8")
    essay = "Keep going along the back with long even strokes and steady breath. "
    tech = dataclasses.replace(book.techniques[0], how=(essay * 2,) * 6)
    changed = dataclasses.replace(book, techniques=(tech,), routines=())
    with pytest.raises(MassagePrintError, match="how does not fit at 7 pt"):
        build_cards(changed, deck="techniques")
    path = tmp_path / "six.pdf"
    path.write_bytes(build_cards(changed, deck="techniques", layout=str(six)).outputs[0].data)
    assert min(sizes_on(path, 1)) >= 6.0


# -- the line breaker -------------------------------------------------------------------------


def test_line_breaking_keeps_within_the_width() -> None:
    from massage_print.cards.text import FontMeasure, spans
    from massage_print.pdf.fonts import register_family
    from massage_print.text import hyphenator, wrap

    family = register_family(load_layout("cards", CardsLayout).fonts)
    measure = FontMeasure(family)
    text = (
        "Glide **down the back** with _both_ hands, then "
        + "Supercalifragilistic" * 6
        + " and at\xa0the\xa0head."
    )
    lines = wrap(spans(text, None), 8.5, 120.0, measure, hyphenator("en"))
    assert len(lines) > 3
    for line in lines:
        last = line.spans[-1]
        assert last.dx + measure.width(last.text, last.bold, last.italic) * 8.5 <= 120.0 + 1e-6
    joined = "".join(s.text for line in lines for s in line.spans)
    assert "at\xa0the\xa0head." in joined, "no-break spaces keep words together"
    fonts = {s.text.strip(): measure.font(s.bold, s.italic) for line in lines for s in line.spans}
    assert fonts["down the back"] == family.bold and fonts["both"] == family.italic
    assert "".join(joined.split()).replace("\xa0", "").replace("-", "") == "".join(
        "".join(r.text for r in spans(text, None)).split()
    ).replace("\xa0", "")


def test_unbreakable_word_is_split_not_clipped(book: Book, tmp_path: Path) -> None:
    tech = dataclasses.replace(book.techniques[0], how=("Pneumono" + "x" * 150 + " and rest.",))
    changed = dataclasses.replace(book, techniques=(tech,), routines=())
    path = deck_pdf(changed, tmp_path, deck="techniques")
    assert_text_in_safe_area(path, load_layout("cards", CardsLayout))
    warnings = [str(w) for w in build_cards(changed, deck="techniques").warnings]
    broken = [w for w in warnings if "Pneumono" in w]
    assert len(broken) == 1 and broken[0].startswith(f"{tech.where}: warning: cards.pdf:")
    assert "broken at the edge" in broken[0]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_text_of_a_card_is_printed_on_it(book: Book, tmp_path: Path) -> None:
    """Each technique's summary, steps and cautions; each step's cues, tip and caution."""
    texts = [flat(t) for t in page_texts(deck_pdf(book, tmp_path))]
    checked = 0
    for index, tech in enumerate(book.techniques):
        face = texts[2 * index] + texts[2 * index + 1]
        for text in (tech.name, tech.summary, *tech.how, *tech.cautions):
            assert flat(plain(text)) in face, (tech.id, text)
            checked += 1
    first = 2 * len(book.techniques)
    for index, step in enumerate(book.routines[0].steps):
        face = texts[first + 2 * index] + texts[first + 2 * index + 1]
        for text in (step.title, *step.cues, step.tip, step.caution):
            if text:
                assert flat(plain(text)) in face, (step.number, text)
                checked += 1
    assert checked > 40
