"""`massage-print preview`: a PNG per page, a contact sheet per output, the same bytes each time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from massage_print.cli import main
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import PreviewLayout
from massage_print.pdf.pypdf_io import read_pdf
from massage_print.pipeline.preview import (
    contact_sheet,
    groups_for,
    page_file,
    write_previews,
)


def test_groups() -> None:
    assert groups_for("booklet", 8) == [(None, 0), (1, 2), (3, 4), (5, 6), (7, None)]
    assert groups_for("booklet", 2) == [(0,), (1,)]
    assert groups_for("cards", 5) == [(0, 1), (2, 3), (4,)]
    assert groups_for("cards-print", 4) == [(0, 1), (2, 3)]
    assert groups_for("booklet-print", 3) == [(0,), (1,), (2,)]
    assert groups_for("cheatsheet-feet", 1) == [(0,)]


def test_page_files_are_zero_padded() -> None:
    assert page_file("booklet", 7, 64) == "booklet-07.png"
    assert page_file("cards", 7, 130) == "cards-007.png"
    assert page_file("diagrams", 1, 3) == "diagrams-01.png"


def test_contact_sheet_places_spreads_and_pairs() -> None:
    layout = load_layout("preview", PreviewLayout)
    colours = ["#ff0000", "#00ff00", "#0000ff"]
    pages = [Image.new("RGB", (100, 141), c) for c in colours]
    sheet = contact_sheet(pages, groups_for("booklet", 3), layout)
    h = layout.thumb_height
    w = round(100 * h / 141)
    m = layout.margin
    # Cover alone on the right of the first spread; pages 2 and 3 meet at the fold.
    assert sheet.getpixel((m + w // 2, m + h // 2)) == Image.new(
        "RGB", (1, 1), layout.background
    ).getpixel((0, 0))
    assert sheet.getpixel((m + w + layout.page_gap + w // 2, m + h // 2)) == (255, 0, 0)
    second = m + 2 * w + layout.page_gap + layout.group_gap
    assert sheet.getpixel((second + w // 2, m + h // 2)) == (0, 255, 0)
    assert sheet.getpixel((second + w + layout.page_gap + w // 2, m + h // 2)) == (0, 0, 255)
    # Labels under the pages: dark pixels in the label band under page 1.
    band = sheet.crop(
        (
            m + w + layout.page_gap,
            m + h + 1,
            m + 2 * w + layout.page_gap,
            m + h + layout.label_gap + layout.label_size + 4,
        )
    )
    assert band.convert("L").getextrema()[0] < 128


@pytest.mark.slow
def test_preview_cli_counts_and_determinism(tmp_path: Path) -> None:
    course = tmp_path / "kurs"
    assert CliRunner().invoke(main, ["init", str(course), "--language", "de"]).exit_code == 0
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = CliRunner().invoke(
            main,
            [
                "preview",
                "--content",
                str(course),
                "--out",
                str(out),
                "--only",
                "booklet,cards",
                "--dpi",
                "30",
            ],
        )
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        outs.append(out)
    out = outs[0]
    pdfs = sorted(p for p in out.glob("*.pdf"))
    assert [p.name for p in pdfs] == [
        "booklet-print.pdf",
        "booklet.pdf",
        "cards-print.pdf",
        "cards.pdf",
    ]
    preview = out / "preview"
    for pdf in pdfs:
        pages = len(read_pdf(pdf.read_bytes(), pdf.name).pages)
        own = re.compile(rf"{re.escape(pdf.stem)}-\d+\.png")
        pictures = sorted(p.name for p in preview.iterdir() if own.fullmatch(p.name))
        assert len(pictures) == pages, pdf.name
        assert pictures[0] == page_file(pdf.stem, 1, pages)
        with Image.open(preview / pictures[0]) as first:
            assert first.width == pytest.approx(
                read_pdf(pdf.read_bytes(), pdf.name).pages[0].mediabox.width * 30 / 72, abs=1
            )
        assert (preview / f"{pdf.stem}.png").is_file()
    for name in sorted(p.name for p in preview.iterdir()):
        assert (preview / name).read_bytes() == (outs[1] / "preview" / name).read_bytes(), name


@pytest.mark.slow
def test_old_page_pictures_are_removed(tmp_path: Path) -> None:
    course = tmp_path / "course"
    assert CliRunner().invoke(main, ["init", str(course)]).exit_code == 0
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["preview", "--content", str(course), "--out", str(out), "--only", "cards"]
    )
    assert result.exit_code == 0, result.output
    folder = out / "preview"
    (folder / "cards-99.png").write_bytes(b"left from a longer deck")
    (folder / "cards-print-99.png").write_bytes(b"another output's")
    write_previews(out / "cards.pdf", folder, 20)
    assert not (folder / "cards-99.png").exists()
    assert (folder / "cards-print-99.png").exists()


def test_preview_reports_content_errors(tmp_path: Path) -> None:
    course = tmp_path / "course"
    assert CliRunner().invoke(main, ["init", str(course)]).exit_code == 0
    (course / "book.yaml").write_text("title: [x\n")
    result = CliRunner().invoke(
        main, ["preview", "--content", str(course), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "the [ that starts here is never closed" in result.stderr
    assert not (tmp_path / "o" / "preview").exists()
