"""A line break or a tab inside a text (a YAML literal block, a quoted "\\n") prints as one
space wherever the text is drawn, never as a glyph of its own (an empty box on paper)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader

from massage_print.cards.calibration import build_calibration
from massage_print.pipeline.build import build_all

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "de"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

pytestmark = pytest.mark.slow


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def broken_lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The German example with line breaks and tabs in its titles, cues, tips and labels."""
    course = tmp_path_factory.mktemp("lines") / "kurs"
    shutil.copytree(EXAMPLE, course)
    _replace(course / "book.yaml", "title: Rückenmassage für Zuhause", 'title: "Rücken\\nmassage"')
    _replace(course / "book.yaml", "  tip: Hinweis\n", '  tip: "Kleiner\\nHinweis"\n')
    routine = course / "routines" / "entspannung.yaml"
    _replace(
        routine, "title: Entspannende Rückenmassage", 'title: "Ruhiger\\r\\nAbend\\tam Rücken"'
    )
    _replace(routine, "- title: Hände auflegen", '- title: "Hände\\nsanft auflegen"')
    _replace(
        routine,
        "          - Legen Sie beide Hände ruhig auf und warten Sie drei Atemzüge.\n",
        "          - |\n            Legen Sie den Daumen\n            von unten an.\n",
    )
    _replace(
        routine,
        "        tip: Langsamer ist fast immer besser.\n",
        "        tip: |\n          Langsamer\n          ist\tfast immer besser.\n",
    )
    result = build_all(course, parallel=False)
    outputs = {o.name: o.data for o in result.outputs if o.name.endswith(".pdf")}
    outputs["calibration.pdf"] = build_calibration(language="de").outputs[0].data
    return outputs


def _chars(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c["text"] for page in pdf.pages for c in page.chars]


def _text(data: bytes) -> str:
    """pdfium's text of every page, every run of white space as one space (a word hyphenated
    at a line end joined again)."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    return re.sub(r"\s+", " ", " ".join(pages).replace("\ufffe", ""))


def test_no_line_break_or_tab_is_drawn_as_a_glyph(broken_lines: dict[str, bytes]) -> None:
    assert {"booklet.pdf", "cards.pdf", "cheatsheet-entspannung.pdf", "diagrams.pdf"} <= set(
        broken_lines
    )
    for name, data in broken_lines.items():
        drawn = [c for c in _chars(data) if CONTROL.search(c)]
        assert drawn == [], f"{name}: control characters drawn {drawn[:5]!r}"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("booklet.pdf", ["Ruhiger Abend am Rücken", "Daumen von unten", "Kleiner Hinweis"]),
        ("cards.pdf", ["Hände sanft auflegen", "Daumen von unten", "Langsamer ist fast"]),
        ("cheatsheet-entspannung.pdf", ["Ruhiger Abend am Rücken", "Hände sanft auflegen"]),
        ("diagrams.pdf", ["Rücken massage"]),
    ],
)
def test_the_words_are_separated_by_one_space(
    broken_lines: dict[str, bytes], name: str, words: list[str]
) -> None:
    text = _text(broken_lines[name])
    for phrase in words:
        assert phrase in text, f"{name}: {phrase!r}"


def test_metadata_holds_no_line_break(broken_lines: dict[str, bytes]) -> None:
    for name, data in broken_lines.items():
        info = PdfReader(io.BytesIO(data)).metadata
        assert info is not None
        for field in ("/Title", "/Subject", "/Author"):
            assert not CONTROL.search(str(info.get(field, ""))), f"{name} {field}"
