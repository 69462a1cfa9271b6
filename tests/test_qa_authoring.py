"""Found trying the tool as a new author (a French seated and feet course): see each test."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner
from PIL import Image as PILImage
from PIL import ImageDraw

from massage_print.booklet.job import build_booklet
from massage_print.cards.job import build_cards
from massage_print.cheatsheet.job import build_cheatsheets
from massage_print.cli import main
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.flashcards.job import build_csv
from massage_print.labels import Labels
from massage_print.pipeline.watch import WatchSession
from tests.viewcontent import write_view_content


@pytest.mark.slow
def test_watch_and_preview_report_the_content_warnings(tmp_path: Path) -> None:
    """`check` and `build` warn about a step that inherits a diagram across views; the
    author's loop (`watch`, `preview`) must say so too, not stay silent."""
    content = write_view_content(tmp_path / "content")
    expected = [str(w) for w in load_book(content).warnings]
    assert any("view" in w for w in expected), expected
    first = WatchSession(content, tmp_path / "out", ("diagrams",)).run()
    assert first.ok, first.problems
    assert [str(w) for w in first.warnings if str(w) in expected] == expected
    result = CliRunner().invoke(
        main,
        [
            "preview",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "p"),
            "--only",
            "diagrams",
            "--dpi",
            "20",
        ],
    )
    assert result.exit_code == 0, result.output
    assert all(w in result.stderr for w in expected), result.stderr


@pytest.mark.slow
def test_transparent_png_prints_on_white_not_black(tmp_path: Path) -> None:
    """A cut-out PNG (transparent pixels stored as black, as most editors save them) must
    show the page through: its alpha is the picture's mask, in the booklet and on the
    (downsampled) cheat-sheet thumbnail alike."""
    content = write_view_content(tmp_path / "content")
    cutout = PILImage.new("RGBA", (900, 900), (0, 0, 0, 0))
    ImageDraw.Draw(cutout).ellipse([300, 300, 600, 600], fill=(40, 140, 90, 255))
    cutout.save(content / "pics" / "hands.png")
    book = load_book(content)
    sheet = build_cheatsheets(book, routine="haende").outputs[0].data
    with pdfplumber.open(io.BytesIO(sheet)) as pdf:
        page = pdf.pages[0]
        (box,) = page.images
        height = float(page.height)
    scale = 4
    pixels = pypdfium2.PdfDocument(sheet)[0].render(scale=scale).to_pil().convert("RGB")
    x0, x1 = float(box["x0"]), float(box["x1"])
    top, bottom = float(box["top"]), float(box["bottom"])
    assert bottom <= height
    corner = pixels.getpixel(
        (round((x0 + (x1 - x0) * 0.08) * scale), round((top + (bottom - top) * 0.08) * scale))
    )
    centre = pixels.getpixel((round((x0 + x1) / 2 * scale), round((top + bottom) / 2 * scale)))
    assert min(corner) > 230, corner  # the white page, not the stored black
    assert centre[1] > centre[0] + 50, centre  # the opaque green disc


def test_every_card_pdf_names_its_book(generated_book: Book) -> None:
    """cards.pdf (one face a page) said 'untitled' in a viewer's title bar and document
    properties: a bare ReportLab canvas ignores the title keywords."""
    result = build_cards(generated_book, paper="a4")
    for output in result.outputs:
        meta = pypdf.PdfReader(io.BytesIO(output.data)).metadata
        assert meta is not None, output.name
        assert (meta.title or "").startswith(generated_book.title), (output.name, meta.title)
        assert meta.subject and meta.subject != "unspecified", (output.name, meta.subject)


@pytest.mark.parametrize(
    ("language", "duplex", "stock", "expected"),
    [
        ("fr", "long", None, "en recto verso, retournement sur le bord long, à 100 %"),
        ("fr", "none", None, "Imprimer les pages 1–"),
        ("de", "fold", None, "einseitig drucken, in Originalgröße"),
        ("de", "short", "avery-5371", "Wenden an der kurzen Kante"),
        ("es", "none", "avery-l7414", "primero por una cara (página"),
    ],
)
def test_card_print_advice_in_the_books_language(
    generated_book: Book, language: str, duplex: str, stock: str | None, expected: str
) -> None:
    """The booklet's and the calibration sheet's print steps came in the book's language,
    the cards' in English only."""
    book = dataclasses.replace(generated_book, language=language, labels=Labels(language))
    result = build_cards(book, duplex=duplex, stock=stock)
    advice = result.messages[-1]
    assert expected in advice, advice
    assert "{" not in advice and "two-sided" not in advice and "Print" not in advice


def test_views_sheet_keeps_every_caption_on_the_page(tmp_path: Path) -> None:
    """The captions of all four languages were one line, running off the page's right edge."""
    result = CliRunner().invoke(main, ["diagrams", "--views", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(tmp_path / "views.pdf") as pdf:
        for page in pdf.pages:
            text = page.extract_text()
            assert "es: " in text, text[:200]  # every language's caption is still there
            right = max(float(c["x1"]) for c in page.chars)
            assert right <= float(page.width) - 20, (text[:30], right)


def test_check_inside_the_course_folder_points_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init` leaves an author next to book.yaml; `check` there looked for ./content only."""
    course = tmp_path / "cours"
    assert CliRunner().invoke(main, ["init", str(course)]).exit_code == 0
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "content: content folder not found; this folder holds a book.yaml" in result.stderr
    assert "(--content .)" in result.stderr
    assert "Traceback" not in result.output


def test_views_sheet_names_do_not_overlap(tmp_path: Path) -> None:
    """On the back, at-feet and behind share a spot (astride is next to it): their names
    were printed on top of each other."""
    result = CliRunner().invoke(main, ["diagrams", "--views", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(tmp_path / "views.pdf") as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            for i, a in enumerate(chars):
                for b in chars[i + 1 :]:
                    across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    clash = across > 0.3 * (a["x1"] - a["x0"]) and down > 0.3 * (
                        a["bottom"] - a["top"]
                    )
                    assert not clash, (page.page_number, a["text"], a["x0"], a["top"])


@pytest.mark.slow
def test_french_puts_a_space_before_the_colon(generated_book: Book) -> None:
    """French typography sets a (no-break) space before a colon: "Contact : paumes". The back
    cover and the practice notes wrote "Contact: paumes" in every language."""
    book = dataclasses.replace(generated_book, language="fr", labels=Labels("fr"))
    booklet = build_booklet(book).outputs[0].data
    back = pypdf.PdfReader(io.BytesIO(booklet)).pages[-1].extract_text()
    routine = book.routines[0].title
    assert re.search(rf"{re.escape(routine)}[\s\xa0]: ", back), back
    rows = build_csv(book).outputs[0].data.decode("utf-8-sig")
    assert "Technique\xa0:</span>" in rows and "Technique:" not in rows
    english = dataclasses.replace(generated_book, language="en", labels=Labels("en"))
    assert "Technique:</span>" in build_csv(english).outputs[0].data.decode("utf-8-sig")
