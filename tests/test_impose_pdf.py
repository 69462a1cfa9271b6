"""Saddle-stitch imposition end to end: numbered PDFs in, page numbers read back out."""

from __future__ import annotations

import io
import math
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from massage_print.cli.impose import impose
from massage_print.errors import MassagePrintError
from massage_print.imposition.plan import Placement, Plan, Sheet
from massage_print.imposition.saddle_job import impose_saddle
from massage_print.pdf.pypdf_io import apply_plan, page_sizes, read_pdf
from massage_print.pdf.writer import DocInfo
from massage_print.vocabulary import SaddleDuplex
from tests.tools import needs_qpdf

FONT = Path(__file__).parents[1] / "src" / "massage_print" / "fonts" / "DejaVuSans.ttf"
SHEETS = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}
COUNTS = [*range(1, 65), 200]
Side = tuple[int | None, int | None]


def four_up(count: int) -> int:
    """Pages after padding to whole sheets (4 pages a sheet), by hand: 1-4 -> 4, 5-8 -> 8."""
    return count + (-count) % 4


# --- fixtures and helpers ---------------------------------------------------------------


def numbered_pdf(count: int, marker: bool = False) -> bytes:
    """A5 pages, each showing its number big and centred in DejaVuSans."""
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1, initialFontName="DejaVuSans")
    width, height = A5
    for number in range(1, count + 1):
        canvas.setFont("DejaVuSans", 120)
        canvas.drawCentredString(width / 2, height / 2 - 40, str(number))
        if marker:  # an asymmetric blot that pins down the page's orientation
            canvas.rect(20, height - 120, 60, 100, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="session")
def pdf200() -> bytes:
    return numbered_pdf(200)


@pytest.fixture(scope="session")
def reader200(pdf200: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf200))


def dig(obj: Any, *keys: str) -> Any:
    """``obj[k1][k2]...`` through pypdf's loosely typed dictionaries, resolving references."""
    for key in keys:
        obj = obj[key].get_object()
    return obj


def first_pages(reader: PdfReader, count: int) -> bytes:
    writer = PdfWriter()
    for index in range(count):
        writer.add_page(reader.pages[index])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_input(tmp_path: Path, reader200: PdfReader) -> Iterator[Any]:
    def make(count: int) -> Path:
        path = tmp_path / f"in{count}.pdf"
        path.write_bytes(first_pages(reader200, count))
        return path

    yield make


def oracle(count: int, signature: int, duplex: str) -> list[Side]:
    """Expected (left, right) numbers per side, from reading a folded booklet leaf by leaf."""
    total = four_up(count) // 4
    if signature <= 0 or signature >= total:
        sizes = [total]
    else:
        sizes = [signature] * (total // signature) + (
            [total % signature] if total % signature else []
        )
    sides: list[Side] = []
    first = 1
    for size in sizes:
        pages = iter(range(first, first + 4 * size))
        fr, bl, br, fl = {}, {}, {}, {}
        for k in range(size):
            fr[k], bl[k] = next(pages), next(pages)
        for k in reversed(range(size)):
            br[k], fl[k] = next(pages), next(pages)

        def real(page: int) -> int | None:
            return page if page <= count else None

        for k in range(size):
            sides.append((real(fl[k]), real(fr[k])))
            back = (real(bl[k]), real(br[k]))
            sides.append((back[1], back[0]) if duplex == "long" else back)
        first += 4 * size
    return sides


def read_sides(data: bytes) -> list[tuple[Side, set[int]]]:
    """Per output page: the big numbers in its (left, right) halves and their text angles."""
    pdf = pdfium.PdfDocument(data)
    sides: list[tuple[Side, set[int]]] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width = page.get_width()
            text = page.get_textpage()
            digits: dict[int, list[str]] = {0: [], 1: []}
            angles: set[int] = set()
            for char in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(char)
                glyph = text.get_text_range(char, 1)
                if top - bottom < 30 or not glyph.isdigit():
                    continue  # labels and generated spaces
                digits[0 if (left + right) / 2 < width / 2 else 1].append(glyph)
                angle = pdfium.raw.FPDFText_GetCharAngle(text.raw, char)
                angles.add(round(math.degrees(angle)) % 360)
            halves = tuple(int("".join(d)) if d else None for d in digits.values())
            sides.append(((halves[0], halves[1]), angles))
            text.close()
            page.close()
    finally:
        pdf.close()
    return sides


# --- page order ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("duplex", ["short", "long"])
@pytest.mark.parametrize("count", COUNTS)
def test_page_numbers_land_on_the_right_halves(
    make_input: Any, count: int, duplex: SaddleDuplex
) -> None:
    result = impose_saddle(make_input(count), duplex=duplex)
    sides = read_sides(result.data)
    assert [halves for halves, _ in sides] == oracle(count, 0, duplex)
    assert result.sheets == four_up(count) // 4
    assert result.sides == len(sides) == 2 * result.sheets
    for index, (_, angles) in enumerate(sides):
        upside_down = duplex == "long" and index % 2 == 1
        assert angles <= {180 if upside_down else 0}


@pytest.mark.slow
@pytest.mark.parametrize("duplex", ["short", "long"])
@pytest.mark.parametrize(("count", "signature"), [(8, 1), (40, 3), (64, 4), (200, 6)])
def test_signatures(make_input: Any, count: int, signature: int, duplex: SaddleDuplex) -> None:
    result = impose_saddle(make_input(count), duplex=duplex, signature=signature)
    assert [halves for halves, _ in read_sides(result.data)] == oracle(count, signature, duplex)


def test_long_edge_backs_are_upside_down_for_pdfplumber(make_input: Any) -> None:
    result = impose_saddle(make_input(8), duplex="long")
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        for index, page in enumerate(pdf.pages):
            big = [c for c in page.chars if c["size"] > 50]
            assert big
            middle = float(page.width) / 2
            left = "".join(c["text"] for c in big if c["x0"] < middle)
            right = "".join(c["text"] for c in big if c["x0"] >= middle)
            if index % 2 == 0:
                assert all(c["matrix"][0] > 0 and c["matrix"][3] > 0 for c in big)
            else:  # turned 180°: the text matrix is negated
                assert all(c["matrix"][0] < 0 and c["matrix"][3] < 0 for c in big)
            expected = [("8", "1"), ("7", "2"), ("6", "3"), ("5", "4")][index]
            assert (left, right) == expected


# --- geometry -------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheet_sizes_and_viewer_preferences(make_input: Any, paper: str) -> None:
    for duplex, name in (("short", "/DuplexFlipShortEdge"), ("long", "/DuplexFlipLongEdge")):
        result = impose_saddle(make_input(12), paper=paper, duplex=duplex)  # type: ignore[arg-type]
        reader = PdfReader(io.BytesIO(result.data))
        assert len(reader.pages) == 6
        for page in reader.pages:
            box = page.mediabox
            assert (float(box.left), float(box.bottom)) == (0, 0)
            assert float(box.width) == pytest.approx(SHEETS[paper][0], abs=0.01)
            assert float(box.height) == pytest.approx(SHEETS[paper][1], abs=0.01)
        prefs = dig(reader.trailer, "/Root", "/ViewerPreferences")
        assert prefs["/Duplex"] == name
        assert prefs["/PrintScaling"] == "/None"


def test_letter_scales_a5_down_and_warns(make_input: Any) -> None:
    result = impose_saddle(make_input(4), paper="letter")
    assert result.warnings == (
        "pages are 148.0 × 210.0 mm, larger than half a Letter sheet (139.7 × 215.9 mm): "
        "scaled to 94.4 %",
    )
    assert [halves for halves, _ in read_sides(result.data)] == [(4, 1), (2, 3)]


def test_creep_shifts_text_toward_the_spine_and_clips(make_input: Any) -> None:
    plain = impose_saddle(make_input(16))
    creep = impose_saddle(make_input(16), creep_mm=0.5)
    shift = 0.5 * 72 / 25.4

    def centres(data: bytes) -> list[list[float]]:
        found: list[list[float]] = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                big = sorted((c for c in page.chars if c["size"] > 50), key=lambda c: c["x0"])
                found.append([c["x0"] for c in big])
        return found

    for side, (a, b) in enumerate(zip(centres(plain.data), centres(creep.data), strict=True)):
        k = side // 2
        middle = SHEETS["a4"][0] / 2
        for x_plain, x_creep in zip(a, b, strict=True):
            toward = 1 if x_plain < middle else -1
            assert x_creep - x_plain == pytest.approx(toward * k * shift, abs=0.01)
    reader = PdfReader(io.BytesIO(creep.data))
    assert b"re W n" not in reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert b"re W n" in reader.pages[2].get_contents().get_data()  # type: ignore[union-attr]
    assert [len(p.mediabox) for p in reader.pages] == [4] * 8


def _ink(image: Any) -> tuple[float, float, int]:
    """Centroid and count of the dark pixels of a greyscale image."""
    pixels = image.load()
    xs = ys = 0.0
    n = 0
    for y in range(image.height):
        for x in range(image.width):
            if pixels[x, y] < 128:
                xs += x
                ys += y
                n += 1
    return xs / n, ys / n, n


@pytest.mark.slow
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_source_rotation_and_box_origin_are_honoured(tmp_path: Path, rotate: int) -> None:
    """A page with /Rotate and a MediaBox not at the origin looks on the sheet as it does
    in a viewer: compare pdfium's rendering of the source page with the sheet's half."""
    reader = PdfReader(io.BytesIO(numbered_pdf(1, marker=True)))
    writer = PdfWriter()
    page = writer.add_page(reader.pages[0])
    page.add_transformation(Transformation().translate(100, -50))
    width, height = A5
    page.mediabox = RectangleObject([100, -50, 100 + width, -50 + height])
    page[NameObject("/CropBox")] = RectangleObject([100, -50, 100 + width, -50 + height])
    page.rotation = rotate
    source = tmp_path / "rotated.pdf"
    writer.write(source)

    result = impose_saddle(source)
    sheet = pdfium.PdfDocument(result.data)
    original = pdfium.PdfDocument(source.read_bytes())
    try:
        rendered = sheet[0].render(scale=1).to_pil().convert("L")
        half = rendered.crop((rendered.width // 2, 0, rendered.width, rendered.height))
        shown = original[0].render(scale=1).to_pil().convert("L")
        x_sheet, y_sheet, n_sheet = _ink(half)
        x_page, y_page, n_page = _ink(shown)
        # The page is scaled to fit the half sheet and centred in it.
        scale = min(half.width / shown.width, half.height / shown.height, 1.0)
        x_page = (half.width - shown.width * scale) / 2 + x_page * scale
        y_page = (half.height - shown.height * scale) / 2 + y_page * scale
        assert x_sheet == pytest.approx(x_page, abs=2)
        assert y_sheet == pytest.approx(y_page, abs=2)
        assert n_sheet == pytest.approx(n_page * scale * scale, rel=0.06)
    finally:
        sheet.close()
        original.close()


# --- the output file ----------------------------------------------------------------------


@pytest.mark.slow
def test_200_pages_output_is_no_bigger_than_the_input(tmp_path: Path, pdf200: bytes) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf200)
    out = tmp_path / "out.pdf"
    result = impose_saddle(source, out)
    assert out.read_bytes() == result.data
    assert len(result.data) <= 1.05 * len(pdf200)
    reader = PdfReader(out)
    forms = set()
    for page in reader.pages:
        for ref in dig(page, "/Resources", "/XObject").values():
            forms.add(ref.idnum)
            assert b"BT" not in page.get_contents().get_data()  # type: ignore[union-attr]
    assert len(forms) == 200


def test_output_is_deterministic(make_input: Any) -> None:
    path = make_input(10)
    assert impose_saddle(path).data == impose_saddle(path).data


def fonts_in(data: bytes) -> list[tuple[str, bool]]:
    """Every font reachable from the pages (through Form XObjects): (name, embedded)."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[int, tuple[str, bool]] = {}

    def embedded(font: Any) -> bool:
        if font.get("/Subtype") == "/Type0":
            return all(embedded(d.get_object()) for d in font["/DescendantFonts"])
        if font.get("/Subtype") == "/Type3":
            return True
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:
            return False
        descriptor = descriptor.get_object()
        return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def walk(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            found[id(font)] = (str(font.get("/BaseFont")), embedded(font))
        for ref in resources.get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return list(found.values())


@pytest.mark.parametrize("duplex", ["short", "long"])
def test_marks_use_only_embedded_fonts(make_input: Any, duplex: SaddleDuplex) -> None:
    result = impose_saddle(make_input(12), duplex=duplex, signature=2, marks=True)
    fonts = fonts_in(result.data)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)
    assert b"Helvetica" not in result.data
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        for index, page in enumerate(pdf.pages):
            small = [c for c in page.chars if c["size"] < 10]
            label = "".join(c["text"] for c in small)
            side = "front" if index % 2 == 0 else "back"
            number = index // 2 + 1
            signature = (number - 1) // 2 + 1
            expected = f"sheet {number} of 3 (signature {signature} of 2), {side}"
            if duplex == "long" and side == "back":
                assert all(c["matrix"][0] < 0 for c in small)
            assert label == expected
            lines = [e for e in page.lines if abs(e["x0"] - float(page.width) / 2) < 0.1]
            assert bool(lines) == (side == "front")
    assert [h for h, _ in read_sides(result.data)] == oracle(12, 2, duplex)


def test_output_without_marks_has_only_the_input_fonts(make_input: Any) -> None:
    fonts = fonts_in(impose_saddle(make_input(4)).data)
    assert len(fonts) == 1
    assert fonts[0][1]


@needs_qpdf
@pytest.mark.parametrize("marks", [False, True])
def test_qpdf_check_passes(tmp_path: Path, make_input: Any, marks: bool) -> None:
    out = tmp_path / "out.pdf"
    impose_saddle(make_input(30), out, duplex="long", signature=3, creep_mm=0.2, marks=marks)
    done = subprocess.run(
        ["qpdf", "--check", str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- bad input -------------------------------------------------------------------------------


def test_garbage_input(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"this is not a PDF at all\n" * 20)
    with pytest.raises(MassagePrintError) as caught:
        impose_saddle(path)
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_encrypted_input(tmp_path: Path, reader200: PdfReader) -> None:
    writer = PdfWriter()
    writer.add_page(reader200.pages[0])
    writer.encrypt(user_password="reader", owner_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(MassagePrintError, match="needs a password"):
        impose_saddle(path)


def test_missing_and_empty_input(tmp_path: Path) -> None:
    with pytest.raises(MassagePrintError, match="cannot read"):
        impose_saddle(tmp_path / "nope.pdf")
    empty = tmp_path / "empty.pdf"
    writer = PdfWriter()
    writer.write(empty)
    with pytest.raises(MassagePrintError, match="has no pages"):
        impose_saddle(empty)


def test_apply_plan_reuses_one_xobject_and_checks_sources(pdf200: bytes) -> None:
    reader = read_pdf(pdf200, "numbers.pdf")
    assert page_sizes(reader, "numbers.pdf")[0] == pytest.approx(A5)
    place = Placement("doc", 4, 10, 20, 90, 0.5, (0, 0, 400, 300))
    plan = Plan(tuple(Sheet(600, 400, (place, place)) for _ in range(3)))
    data = apply_plan(plan, {"doc": pdf200}, DocInfo("t"))
    out = PdfReader(io.BytesIO(data))
    refs = {ref.idnum for page in out.pages for ref in dig(page, "/Resources", "/XObject").values()}
    assert len(refs) == 1
    contents = out.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert contents.count(b"re W n") == 2
    with pytest.raises(MassagePrintError, match="unknown sources: cards"):
        apply_plan(Plan((Sheet(10, 10, (Placement("cards", 0, 0, 0),)),)), {}, DocInfo("t"))
    with pytest.raises(MassagePrintError, match="page 201 of doc"):
        apply_plan(
            Plan((Sheet(10, 10, (Placement("doc", 200, 0, 0),)),)), {"doc": reader}, DocInfo("t")
        )
    with pytest.raises(MassagePrintError, match="no sheets"):
        apply_plan(Plan(()), {}, DocInfo("t"))


# --- command line ----------------------------------------------------------------------------


def test_cli_saddle(tmp_path: Path, make_input: Any) -> None:
    out = tmp_path / "booklet.pdf"
    runner = CliRunner()
    done = runner.invoke(
        impose, ["saddle", str(make_input(6)), str(out), "--paper", "letter", "--duplex", "long"]
    )
    assert done.exit_code == 0, done.output
    assert out.exists()
    assert "wrote" in done.stdout and "2 sheets, 4 sides" in done.stdout
    assert "flip on long edge" in done.stdout and "Actual size" in done.stdout
    assert "warning: pages are 148.0 × 210.0 mm" in done.stderr
    assert [h for h, _ in read_sides(out.read_bytes())] == oracle(6, 0, "long")


def test_cli_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    out = tmp_path / "out.pdf"
    runner = CliRunner()
    done = runner.invoke(impose, ["saddle", str(bad), str(out)])
    assert done.exit_code == 1
    assert done.stderr.startswith(f"error: {bad}: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()
    done = runner.invoke(impose, ["saddle", str(bad), str(out), "--creep", "3"])
    assert done.exit_code == 1


def test_cli_help_texts() -> None:
    runner = CliRunner()
    assert "saddle" in runner.invoke(impose, ["--help"]).output
    text = runner.invoke(impose, ["saddle", "--help"]).output
    for option in ("--paper", "--duplex", "--signature", "--creep", "--marks"):
        assert option in text


def hand_made_pdf(content: bytes) -> bytes:
    """One page whose /MediaBox, /Rotate and /Resources are all inherited from /Pages."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] /Rotate 90"
        b" /Resources << /ExtGState << /G0 << /ca 0.5 >> >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /Contents [4 0 R 5 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(b"q /G0 gs") + b"q /G0 gs\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_inherited_attributes_and_split_content(tmp_path: Path) -> None:
    path = tmp_path / "inherited.pdf"
    path.write_bytes(hand_made_pdf(b"0 0 50 100 re f Q"))
    assert page_sizes(read_pdf(path.read_bytes(), "x"), "x") == [(100.0, 200.0)]
    result = impose_saddle(path)
    assert result.warnings == ()
    reader = PdfReader(io.BytesIO(result.data))
    form = dig(reader.pages[0], "/Resources", "/XObject", "/P0")
    assert form["/Subtype"] == "/Form"
    assert [float(v) for v in form["/BBox"]] == [0, 0, 200, 100]
    assert form["/Resources"]["/ExtGState"]["/G0"]["/ca"] == 0.5
    assert form.get_data().split() == b"q /G0 gs 0 0 50 100 re f Q".split()
    # The page shows 100 × 200 (turned by /Rotate 90), centred in the right half.
    contents = reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    width, height = landscape(A4)
    x = width / 2 + (width / 2 - 100) / 2
    y = (height - 200) / 2
    operands = contents.split(b" cm")[0].split()[-6:]
    assert [float(v) for v in operands] == pytest.approx([0, -1, 1, 0, x, y + 200], abs=1e-4)


def test_blank_source_pages(tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(*A5)
    path = tmp_path / "blank.pdf"
    writer.write(path)
    result = impose_saddle(path)
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == 2
    for page in reader.pages:  # blank pages draw nothing: no form, no content
        assert "/XObject" not in page.get("/Resources", {})
        assert page.get_contents() is None


def test_repaired_input_is_reported_as_warnings(tmp_path: Path, make_input: Any) -> None:
    data = make_input(8).read_bytes()
    broken = data[: data.rindex(b"startxref")] + b"startxref\n12345\n%%EOF\n"
    path = tmp_path / "broken.pdf"
    path.write_bytes(broken)
    result = impose_saddle(path)
    assert [h for h, _ in read_sides(result.data)] == oracle(8, 0, "short")
    assert result.warnings
    assert all(w.startswith(f"{path}: ") for w in result.warnings)


@pytest.mark.slow
def test_marks_overlay_size_stays_small(tmp_path: Path, pdf200: bytes) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf200)
    plain = impose_saddle(source)
    marked = impose_saddle(source, marks=True)
    assert len(marked.data) - len(plain.data) < 60_000
