"""views.pdf and an imposed PDF in the course's language: the views sheet takes the book's
labels and /Lang; ``impose saddle`` writes its subject in the input PDF's language."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from massage_print.cli import main
from massage_print.content.validation import load_book
from massage_print.imposition.saddle_job import impose_saddle
from massage_print.labels import catalogue
from massage_print.pdf.writer import DocInfo, finish_reportlab, new_canvas

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "de"
VIEWS_KEYS = ("doc_views", "doc_views_subject", "views_view", "views_caption", "views_thumbnail")


@pytest.fixture(scope="module")
def german_views(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views")
    result = CliRunner().invoke(
        main, ["diagrams", "--views", "--content", str(EXAMPLE), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "views.pdf"


def english_texts() -> list[str]:
    """The English texts of the views sheet's labels, filled in as the sheet prints them."""
    en = catalogue("en")
    book = load_book(EXAMPLE)
    texts = [str(en[key]).format(name=view.name) for key in VIEWS_KEYS for view in book.views]
    texts += [
        str(en["views_stance"]).format(name=name) for view in book.views for name, _ in view.stances
    ]
    return texts


def test_a_german_courses_views_sheet_prints_no_english_label(german_views: Path) -> None:
    with pdfplumber.open(german_views) as pdf:
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pdf.pages))
    for english in english_texts():
        assert english not in text, english
    de = catalogue("de")
    assert str(de["views_thumbnail"]) in text and str(de["views_caption"]) in text
    assert str(de["views_view"]).format(name="back") in text
    assert str(de["views_stance"]).format(name="at-head") in text


def test_a_german_courses_views_sheet_says_it_is_german(german_views: Path) -> None:
    reader = PdfReader(german_views)
    assert reader.trailer["/Root"]["/Lang"] == "de"
    info = reader.metadata
    assert info is not None
    assert info.title == catalogue("de")["doc_views"]
    assert info.subject == catalogue("de")["doc_views_subject"]
    for value in (info.title, info.subject):
        assert value not in (catalogue("en")["doc_views"], catalogue("en")["doc_views_subject"])


def test_views_sheet_without_a_book_stays_english(tmp_path: Path) -> None:
    maps = tmp_path / "maps"  # a content folder with only its own maps: no book, no language
    maps.mkdir()
    result = CliRunner().invoke(
        main, ["diagrams", "--views", "--content", str(tmp_path), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "views.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata is not None and reader.metadata.title == catalogue("en")["doc_views"]


def pdf_in(language: str, tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer, (420.0, 595.0), DocInfo(title="Kurs", language=language), "Helvetica"
    )
    for _ in range(4):
        canvas.drawString(50, 50, "x")
        canvas.showPage()
    canvas.save()
    path = tmp_path / f"{language or 'none'}.pdf"
    path.write_bytes(finish_reportlab(buffer.getvalue()))
    return path


@pytest.mark.parametrize(
    ("language", "words"),
    [("de", "de"), ("de-AT", "de"), ("fr", "fr"), ("es", "es"), ("it", "en"), ("", "en")],
)
def test_an_imposed_pdfs_subject_is_in_its_language(
    language: str, words: str, tmp_path: Path
) -> None:
    result = impose_saddle(pdf_in(language, tmp_path))
    reader = PdfReader(io.BytesIO(result.data))
    assert reader.metadata is not None
    assert reader.metadata.subject == catalogue(words)["doc_saddle_subject"].format(title="Kurs")
    if language:
        assert reader.trailer["/Root"]["/Lang"] == language


def test_an_imposed_german_views_sheet_has_a_german_subject(
    german_views: Path, tmp_path: Path
) -> None:
    out = tmp_path / "heft.pdf"
    result = CliRunner().invoke(main, ["impose", "saddle", str(german_views), str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert reader.metadata is not None
    subject = str(reader.metadata.subject)
    assert subject == catalogue("de")["doc_saddle_subject"].format(
        title=catalogue("de")["doc_views"]
    )
    assert "imposed" not in subject and "saddle" not in subject
