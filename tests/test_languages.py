"""The German example (examples/de) built and read back: every word of ours in German, the
book's own label, /Lang, words broken only at hyphenation points with a hyphen, nothing outside
its box; French and Spanish builds of the same course print their own catalogues."""

from __future__ import annotations

import io
import re
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from massage_print.cheatsheet.job import build_cheatsheets
from massage_print.cheatsheet.measure import ReportLabMetrics
from massage_print.cheatsheet.plan import Page, Rule, fit_sheet
from massage_print.content.validation import load_book
from massage_print.diagrams import legend_labels
from massage_print.labels import catalogue
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import BookletLayout, CardsLayout, CheatsheetLayout
from massage_print.layout.units import sheet_size
from massage_print.pdf.fonts import register_family
from massage_print.pipeline.build import build_all
from massage_print.text import hyphenator
from tests.test_cards_deck import assert_text_in_safe_area

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "de"
PUNCTUATION = ".,;:!?()„“\"'·•–…"
EPS = 0.01

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def german() -> dict[str, bytes]:
    result = build_all(EXAMPLE, parallel=False)
    return {o.name: o.data for o in result.outputs if o.name.endswith(".pdf")}


def pdf_words(data: bytes) -> list[list[str]]:
    """The words of every page, as pdfplumber reads them."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [[w["text"] for w in page.extract_words()] for page in pdf.pages]


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"\s+", " ", text)


def fragments(entry: object) -> list[str]:
    """The literal parts of a catalogue entry with at least one word of three letters."""
    texts = [entry] if isinstance(entry, str) else list(entry.values())  # type: ignore[attr-defined]
    out = []
    for text in texts:
        for literal, _, _, _ in string.Formatter().parse(text):
            part = literal.strip(" :·,.()")
            if re.search(r"[A-Za-z]{3}", part):
                out.append(part)
    return out


def content_words() -> set[str]:
    """Every word of the example's text and of the German catalogue."""
    words: set[str] = set()
    maps = ROOT / "src" / "massage_print" / "maps"  # view captions, in every language
    files = [*EXAMPLE.rglob("*.yaml"), *maps.glob("*.yaml")]
    sources = [p.read_text(encoding="utf-8") for p in files]
    for entry in catalogue("de").values():
        sources += [entry] if isinstance(entry, str) else list(entry.values())
    for text in sources:
        for token in re.split(r"[\s\u00a0/]+", text):
            token = token.strip(PUNCTUATION + "*_[]{}")
            if token:
                words.add(token)
                words.update(part for part in token.split("-") if part)
    # labels are printed in capitals, or with a capital first letter
    return words | {w.upper() for w in words} | {w[:1].upper() + w[1:] for w in words}


def part_of_a_word(
    core: str, hyphen: bool, words: set[str], points: Callable[[str], tuple[int, ...]]
) -> bool:
    for word in words:
        at = word.find(core)
        while at >= 0:
            end = at + len(core)
            starts = at == 0 or at in points(word) or word[at - 1] == "-"
            at_point = end in points(word) or word[end : end + 1] == "-"
            ends = at_point if hyphen else end == len(word)
            if starts and ends and (at, end) != (0, len(word)):
                return True
            at = word.find(core, at + 1)
    return False


def test_no_english_label_in_any_output(german: dict[str, bytes]) -> None:
    english, german_labels = catalogue("en"), catalogue("de")
    german_texts = " ".join(
        t for e in german_labels.values() for t in ([e] if isinstance(e, str) else e.values())
    )
    assert set(german) >= {
        "booklet.pdf",
        "booklet-print.pdf",
        "cards.pdf",
        "cards-print.pdf",
        "cheatsheet-entspannung.pdf",
        "diagrams.pdf",
    }
    for name, data in german.items():
        text = pdf_text(data)
        for key, entry in english.items():
            for part in fragments(entry):
                if part in german_texts:  # the same word in both languages
                    continue
                found = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text)
                assert found is None, f"{name}: English label {key!r} ({part!r})"


def test_the_books_own_labels_and_plurals_appear(german: dict[str, bytes]) -> None:
    booklet = pdf_text(german["booklet.pdf"])
    assert "Was drinsteht" in booklet  # labels: contents
    assert "7 Handgriffe" in booklet  # labels: step_count, counted
    assert "Inhalt" not in booklet.split()
    assert "etwa 25 Minuten" in booklet
    assert "Hinweis" in pdf_text(german["cards.pdf"])  # labels: tip
    assert "7 Handgriffe" in pdf_text(german["cheatsheet-entspannung.pdf"])


def test_every_pdf_says_it_is_german(german: dict[str, bytes]) -> None:
    for name, data in german.items():
        assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "de", name


def test_words_break_only_at_hyphenation_points_with_a_hyphen(german: dict[str, bytes]) -> None:
    words = content_words()
    points = hyphenator("de").points
    checked = 0
    for name, data in german.items():
        for number, page in enumerate(pdf_words(data), 1):
            for token in page:
                bare = token.strip(PUNCTUATION)
                if token.endswith("…"):  # a label shortened on purpose, not a line break
                    continue
                if not re.search(r"[^\W\d_]", bare) or re.search(r"\d", bare) or bare in words:
                    continue  # no letters, a count ("5‑mal"), or a whole word of the text
                where = f"{name} page {number}: {token!r}"
                # A piece of a word broken across lines: it starts the word or starts at a
                # break point, and ends it or ends at a break point with a hyphen printed.
                hyphen = bare.endswith("-")
                assert part_of_a_word(bare[:-1] if hyphen else bare, hyphen, words, points), where
                checked += hyphen
    assert checked >= 5, "the example should hyphenate somewhere"


def test_no_glyph_outside_its_box(german: dict[str, bytes], tmp_path: Path) -> None:
    cards = tmp_path / "cards.pdf"
    cards.write_bytes(german["cards.pdf"])
    assert assert_text_in_safe_area(cards, load_layout("cards", CardsLayout)) > 1000
    layout = load_layout("booklet", BookletLayout)
    width = layout.page[0]
    with pdfplumber.open(io.BytesIO(german["booklet.pdf"])) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            left = layout.margins.inner if number % 2 else layout.margins.outer
            right = width - (layout.margins.outer if number % 2 else layout.margins.inner)
            for char in page.chars:
                where = f"booklet page {number}: {char['text']!r} at {char['x0']:.1f}"
                assert left - EPS <= char["x0"] and char["x1"] <= right + EPS, where
    book = load_book(EXAMPLE)
    sheet = load_layout("cheatsheet", CheatsheetLayout)
    family = register_family(sheet.fonts)
    metrics = ReportLabMetrics(
        family.regular,
        family.bold,
        family.italic,
        family.bold_italic,
        sheet.diagram,
        legend_labels(book.labels),
    )
    w, h = sheet_size("a4", False)
    plan = fit_sheet(
        book, book.routines[0], sheet, Page(w, h, sheet.columns.portrait, "portrait"), metrics
    )
    columns = [
        sheet.margin + i * (plan.column_width + sheet.columns.gap)
        for i in range(sheet.columns.portrait)
    ]
    full = [
        e.y1
        for e in plan.elements
        if isinstance(e, Rule) and e.x2 - e.x1 > w - 2 * sheet.margin - 1 and e.y1 == e.y2
    ]
    body_top, body_bottom = max(full), min(full)
    in_body = 0
    for element in plan.texts:
        right = element.x + metrics.width(element.text, element.bold, element.italic) * element.size
        assert sheet.margin - EPS <= element.x and right <= w - sheet.margin + EPS, element.text
        if body_bottom < element.y < body_top:
            # the steps stay in their column (the header and the foot strip span the page)
            column = max(x for x in columns if x <= element.x + EPS)
            assert right <= column + plan.column_width + EPS, element.text
            in_body += 1
    assert in_body > 50


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ("Étape 1 sur 7", "Sécurité", "Attention", "Techniques")),
        ("es", ("Paso 1 de 7", "Seguridad", "Precaución", "Técnicas")),
    ],
)
def test_french_and_spanish_builds_print_their_own_labels(
    language: str, words: tuple[str, ...], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    book_yaml = content / "book.yaml"
    book_yaml.write_text(
        book_yaml.read_text(encoding="utf-8").replace("language: de", f"language: {language}"),
        encoding="utf-8",
    )
    book = load_book(content)
    from massage_print.booklet.job import build_booklet

    booklet = build_booklet(book).outputs[0].data
    text = pdf_text(booklet)
    for word in words:
        assert word in text, word
    assert "Schritt 1 von 7" not in text
    assert PdfReader(io.BytesIO(booklet)).trailer["/Root"]["/Lang"] == language
    sheet = pdf_text(build_cheatsheets(book).outputs[0].data)
    assert catalogue(language)["safety"] in sheet


def test_a_word_too_long_for_the_booklet_column_is_cut_with_a_hyphen_and_a_warning(
    tmp_path: Path,
) -> None:
    import yaml

    from massage_print.booklet.job import build_booklet
    from tests.contentgen import write_content

    content = write_content(tmp_path / "content", steps=2)
    path = content / "routines" / "routine-0.yaml"
    routine = yaml.safe_load(path.read_text(encoding="utf-8"))
    long = "Zz" + "x" * 58
    routine["sections"][0]["steps"][0]["area"] = long
    path.write_text(yaml.safe_dump(routine, allow_unicode=True), encoding="utf-8")
    book = load_book(content)
    result = build_booklet(book)
    step = book.routines[0].steps[0]
    warnings = [str(w) for w in result.warnings if long in str(w)]
    assert warnings == [
        f"{step.where}: warning: booklet.pdf: '{long}' is too long for its box even "
        "hyphenated; it was broken at the edge (add a soft hyphen, or shorten it)"
    ]
    pieces = [w for page in pdf_words(result.outputs[0].data) for w in page if "xxxx" in w]
    assert len(pieces) >= 2 and all(p.endswith("-") for p in pieces[:-1])
    assert "".join(p.rstrip("-") for p in pieces) == long


METADATA_KEYS = (
    "doc_cards",
    "doc_cards_subject",
    "doc_cards_print",
    "doc_cards_print_subject",
    "doc_cheatsheet",
    "doc_booklet",
    "diagrams_title",
    "doc_diagrams_subject",
    "doc_calibration",
    "doc_calibration_subject",
    "doc_views",
    "doc_views_subject",
    "doc_saddle_subject",
    "doc_booklet_print_subject",
)


def assert_metadata_not_english(name: str, data: bytes) -> None:
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None, name
    english = catalogue("en")
    for field in ("/Title", "/Subject"):
        value = str(info.get(field, ""))
        assert value, f"{name}: no {field}"
        for key in METADATA_KEYS:
            for part in fragments(english[key]):
                assert part not in value, f"{name} {field} {value!r}: English {key!r}"


def test_every_pdfs_title_and_subject_are_german(german: dict[str, bytes]) -> None:
    for name, data in german.items():
        assert_metadata_not_english(name, data)
        assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "de", name


def test_the_calibration_sheets_title_and_subject_in_its_language() -> None:
    from massage_print.cards.calibration import build_calibration

    data = build_calibration(language="de").outputs[0].data
    assert_metadata_not_english("calibration.pdf", data)
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None and info.title == catalogue("de")["doc_calibration"]
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "de"
