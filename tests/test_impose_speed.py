"""The imposition and writer shortcuts give exactly what the slow paths give."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from massage_print.imposition.plan import Placement, Plan, Sheet
from massage_print.pdf import pypdf_io
from massage_print.pdf.pypdf_io import apply_plan, read_pdf
from massage_print.pdf.writer import DocInfo, canvas_options, finish_reportlab, stamp_id

_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def slow_stamp_id(data: bytes) -> bytes:
    """stamp_id as it was first written: every /ID found, the last one replaced."""
    matches = list(_ID.finditer(data))
    if not matches:
        return data
    last = matches[-1]
    digest = hashlib.sha256(data[: last.start()] + data[last.end() :]).hexdigest().upper()
    out = bytearray(data)
    for group in (1, 2):
        start, end = last.span(group)
        width = end - start
        out[start:end] = (digest * (width // len(digest) + 1))[:width].encode("ascii")
    return bytes(out)


def linked_pdf(pages: int) -> bytes:
    """A ReportLab PDF like ours: text, a picture-free drawing, links between the pages."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, **canvas_options(DocInfo(title="Fußmassage")))
    for number in range(pages):
        canvas.bookmarkPage(f"p{number}")
        canvas.drawString(40, 500, f"Seite {number + 1}: Ausstreichen der Fußsohle")
        canvas.rect(40, 40, 100, 60 + number)
        canvas.linkAbsolute("next", f"p{(number + 1) % pages}", (40, 480, 200, 495))
        canvas.showPage()
    canvas.save()
    return finish_reportlab(buffer.getvalue())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"/ID",
        b"/ID [<zz> <12>]",
        b"/ID[<A><B>]/ID [ <AA> <BB> ]",
        b"x /ID [<0123> <4567>] y /ID [<" + b"ab" * 40 + b"> <12>] z /ID [<ab>",
    ],
)
def test_stamp_id_matches_the_plain_version(data: bytes) -> None:
    assert stamp_id(data) == slow_stamp_id(data)


def test_stamp_id_matches_the_plain_version_on_a_pdf() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, **canvas_options(DocInfo(title="x")))
    canvas.drawString(40, 500, "Nackengriff")
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    assert stamp_id(data) == slow_stamp_id(data) != data


def test_skipping_the_annotation_scan_gives_the_same_pdf() -> None:
    """Our own renderings have links only: not flattening them changes nothing."""
    source = linked_pdf(4)
    assert "/Annots" in read_pdf(source, "x").pages[0]
    plan = Plan(
        tuple(
            Sheet(842, 595, (Placement("doc", 2 * n, 0, 0), Placement("doc", 2 * n + 1, 421, 0)))
            for n in range(2)
        )
    )
    info = DocInfo(title="t")
    scanned = apply_plan(plan, {"doc": source}, info)
    skipped = apply_plan(plan, {"doc": source}, info, ours=True)
    assert skipped == scanned
    assert len(PdfReader(io.BytesIO(skipped)).pages) == 2


FONT = Path(pypdf_io.__file__).resolve().parents[1] / "fonts" / "DejaVuSans.ttf"


def rich_pdf() -> bytes:
    """Pages like a German course's: an embedded font, a photo, a reused form, links, odd text."""
    pdfmetrics.registerFont(TTFont("SpeedTestSans", str(FONT)))
    photo = Image.new("RGB", (40, 30), (200, 120, 60))
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=A5, initialFontName="SpeedTestSans", **canvas_options(DocInfo("Füße (1)"))
    )
    canvas.beginForm("Fussbild")
    canvas.circle(50, 50, 30)
    canvas.drawString(10, 10, "Sohle \\ (Mitte) – Ferse")
    canvas.endForm()
    for number in range(3):
        canvas.bookmarkPage(f"s{number}")
        canvas.setFont("SpeedTestSans", 9 + number)
        canvas.drawString(40, 500, f"Schritt {number + 1}: Zehen ausstreichen (sanft) äöü ß")
        canvas.drawImage(ImageReader(photo), 40, 300, 80, 60)
        canvas.doForm("Fussbild")
        canvas.linkAbsolute("weiter", f"s{(number + 1) % 3}", (40, 480, 200, 495))
        canvas.showPage()
    canvas.save()
    return finish_reportlab(buffer.getvalue())


def written(value: object) -> bytes:
    out = io.BytesIO()
    value.write_to_stream(out)  # type: ignore[attr-defined]
    return out.getvalue()


def test_our_reader_reads_any_pdf() -> None:
    data = rich_pdf()
    odd = data.replace(b"/Contents", b"% a comment\n/Contents", 1)
    reader = read_pdf(odd, "x", ours=True)
    assert len(reader.pages) == 3
    assert all(page.extract_text() for page in reader.pages)


def test_imposing_our_pdfs_the_fast_way_gives_the_same_bytes() -> None:
    source = rich_pdf()
    plan = Plan(
        (
            Sheet(842, 595, (Placement("doc", 0, 0, 0), Placement("doc", 1, 421, 0))),
            Sheet(842, 595, (Placement("doc", 2, 0, 0, 180), Placement("doc", 0, 421, 0))),
        )
    )
    info = DocInfo(title="t")
    assert apply_plan(plan, {"doc": source}, info, ours=True) == apply_plan(
        plan, {"doc": source}, info
    )


def test_equal_resources_share_one_copy_with_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = linked_pdf(4)
    plan = Plan(
        tuple(Sheet(421, 595, (Placement("doc", n, 0, 0, 90 * (n % 2), 0.7),)) for n in range(4))
    )
    shared = apply_plan(plan, {"doc": source}, DocInfo(title="t"))
    monkeypatch.setattr(pypdf_io, "_plain_key", lambda value, depth: None)
    separate = apply_plan(plan, {"doc": source}, DocInfo(title="t"))
    assert shared == separate
    resources = [
        page["/Resources"]["/XObject"]["/P0"]["/Resources"]
        for page in PdfReader(io.BytesIO(shared)).pages
    ]
    assert len({written(r) for r in resources}) == 1
