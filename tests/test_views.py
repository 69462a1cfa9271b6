"""Body views, pictures, summaries, routine safety and page economy, read back from real PDFs.

The content (tests/viewcontent.py) is German, with seated, feet and hands routines, a phone
photo stored sideways, a PNG, an SVG, text-only steps and a step that would inherit a back
diagram on the feet view.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from massage_print.booklet.job import build_booklet
from massage_print.booklet.styles import Geometry
from massage_print.cheatsheet.job import build_cheatsheets
from massage_print.cli import main
from massage_print.content.model import BodyMap, Book
from massage_print.content.validation import load_book
from massage_print.content.views import builtin_views
from massage_print.diagrams.geometry import Sizes, fit_frame, map_shapes
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import BookletLayout, DiagramsLayout
from tests.viewcontent import write_view_content

THUMB = (0.0, 0.0, 50.0, 71.0)  # about 25 mm tall, as on a cheat sheet
VIEWS = {
    "back": (
        "head neck shoulder shoulder-top shoulder-blade armpit upper-arm mid-back waist "
        "lower-back hip sacrum buttock spine-top spine-mid spine-base"
    ),
    "seated": (
        "head occiput neck shoulder-top shoulder shoulder-blade upper-arm spine-top spine-mid "
        "mid-back waist lower-back"
    ),
    "legs": "buttock thigh back-of-knee calf achilles ankle heel",
    "feet": "heel arch ball toes big-toe inner-edge outer-edge ankle",
    "hands": "wrist heel-of-hand palm thumb-pad thumb fingers fingertips",
    "head": "crown scalp forehead brow temple cheek jaw chin ear neck",
}
STANCES = {
    "back": "at-head at-side at-hips astride at-feet behind",
    "seated": "behind at-side",
    "legs": "at-side at-feet",
    "feet": "at-feet",
    "hands": "at-side facing",
    "head": "at-head behind facing",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_view_content(tmp_path_factory.mktemp("views") / "content")


@pytest.fixture(scope="module")
def book(folder: Path) -> Book:
    return load_book(folder)


@pytest.fixture(scope="module")
def booklet(book: Book) -> bytes:
    return build_booklet(book).outputs[0].data


def inside(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


# -- the maps ----------------------------------------------------------------------------------


def test_builtin_views_name_exactly_the_contract() -> None:
    views = builtin_views()
    assert set(views) == set(VIEWS)
    for name, view in views.items():
        assert view.landmark_names == tuple(VIEWS[name].split()), name
        assert set(view.stance_names) == set(STANCES[name].split()), name
        assert view.caption


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_landmark_lies_inside_its_map_at_thumbnail_size(name: str) -> None:
    view: BodyMap = builtin_views()[name]
    style = load_layout("diagrams", DiagramsLayout).diagram
    frame = fit_frame(THUMB, view.aspect)
    bodies = [s.points for s in map_shapes(frame, Sizes.of(style, frame.height), view)]
    bodies = [
        p
        for p, s in zip(bodies, map_shapes(frame, Sizes.of(style, 71), view), strict=True)
        if s.role == "body"
    ]
    for landmark, point in view.landmarks:
        for where in (point, view.mirror(point)):
            spot = frame(where)
            assert any(inside(spot, body) for body in bodies), (name, landmark, where)
    x, y, w, h = THUMB
    for stance, point in view.stances:
        sx, sy = frame(point)
        assert x <= sx <= x + w and y <= sy <= y + h, (name, stance)


def test_views_sheet_labels_every_landmark(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diagrams", "--views", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(tmp_path / "views.pdf") as pdf:
        pages = {
            re.search(r"view: (\S+)", p.extract_text()).group(1): p.extract_text()
            for p in pdf.pages
        }  # type: ignore[union-attr]
    for name, landmarks in VIEWS.items():
        words = set(pages[name].split())
        assert set(landmarks.split()) <= words, name


# -- validation ----------------------------------------------------------------------------------


def test_a_step_inheriting_a_diagram_across_views_shows_none_and_warns(
    book: Book, folder: Path
) -> None:
    step = book.routine("fuesse").steps[1]
    assert step.view == "feet" and step.technique is not None and not step.diagram
    [warning] = [w for w in book.warnings if "streichen" in w.message]
    assert warning.location is not None
    assert warning.location.path.endswith("routines/fuesse.yaml")
    assert (warning.location.line, warning.location.col) == (13, 5)
    assert "'back'" in warning.message and "'feet'" in warning.message
    result = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert result.exit_code == 0
    assert f"{folder}/routines/fuesse.yaml:13:5: warning:" in result.stderr
    # the step that uses the feet technique keeps its diagram, on the feet view
    assert book.routine("fuesse").steps[0].diagram


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(MassagePrintError) as caught:
        load_book(folder)
    return [str(p) for p in caught.value.problems]


def test_wrong_view_landmark_missing_and_corrupt_images_are_located(tmp_path: Path) -> None:
    folder = write_view_content(tmp_path / "content")
    routine = folder / "routines" / "sitzend.yaml"
    text = routine.read_text(encoding="utf-8")
    text = text.replace("at: shoulder-top", "at: heel").replace("../pics/chair.svg", "nope.png")
    routine.write_text(text, encoding="utf-8")
    (folder / "pics" / "hands.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0garbage" * 20)
    problems = errors_of(folder)
    lines = text.splitlines()
    heel = next(i for i, line in enumerate(lines, 1) if "at: heel" in line)
    col = lines[heel - 1].index("heel") + 1
    assert any(
        p.startswith(f"{routine}:{heel}:{col}: ")
        and "unknown landmark 'heel' on the 'seated' view" in p
        and "occiput" in p
        for p in problems
    ), problems
    assert any("image 'nope.png' not found" in p and "sitzend.yaml:" in p for p in problems)
    assert any(
        "image '../pics/hands.png' cannot be read" in p and "haende.yaml:" in p for p in problems
    ), problems
    (folder / "pics" / "hands.png").write_text("just some words", encoding="utf-8")
    (folder / "pics" / "chair.svg").write_text("<svg><rect", encoding="utf-8")
    routine.write_text(text.replace("nope.png", "../pics/chair.svg"), encoding="utf-8")
    problems = errors_of(folder)
    assert any("is not a JPEG, PNG or SVG picture" in p for p in problems)
    assert any("image '../pics/chair.svg' cannot be read as SVG" in p for p in problems), problems


def test_stance_of_another_view_is_refused_with_a_hint(tmp_path: Path) -> None:
    folder = write_view_content(tmp_path / "content")
    routine = folder / "routines" / "haende.yaml"
    routine.write_text(
        routine.read_text(encoding="utf-8").replace("stance: facing", "stance: facin"), "utf-8"
    )
    [problem] = errors_of(folder)
    assert "unknown stance 'facin' (did you mean 'facing'?)" in problem
    assert "on the 'hands' view" in problem


# -- pictures in the booklet -------------------------------------------------------------------


def image_objects(data: bytes) -> dict[int, object]:
    """Every image XObject in the PDF, by object number (forms' resources included)."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[int, object] = {}
    for page in reader.pages:
        stack = [page.get("/Resources")]
        while stack:
            resources = stack.pop()
            if resources is None:
                continue
            resources = resources.get_object()
            xobjects = resources.get("/XObject")
            if xobjects is None:
                continue
            for ref in xobjects.get_object().values():
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image":
                    found[ref.idnum] = obj
                elif obj.get("/Subtype") == "/Form":
                    stack.append(obj.get("/Resources"))
    return found


def test_pictures_are_embedded_once_upright_and_at_most_300_dpi(booklet: bytes) -> None:
    images = image_objects(booklet)
    # the phone photo (cover, step, technique) and the PNG: one XObject each; the SVG is vector
    assert len(images) == 2
    sizes = {(int(o["/Width"]), int(o["/Height"])) for o in images.values()}  # type: ignore[index]
    photo = next(s for s in sizes if s[1] > s[0])  # upright: portrait
    with pdfplumber.open(io.BytesIO(booklet)) as pdf:
        printed: dict[tuple[int, int], float] = {}
        for page in pdf.pages:
            for image in page.images:
                key = tuple(int(v) for v in image["srcsize"])
                printed[key] = max(printed.get(key, 0.0), float(image["width"]))  # type: ignore[index]
    assert set(printed) == sizes
    for (px, _), width in printed.items():
        assert px / (width / 72) <= 300.5
    # upright: red at the top, blue at the bottom (stored sideways with EXIF orientation 6)
    reader = PdfReader(io.BytesIO(booklet))
    for page in reader.pages:
        for picture in page.images:
            pil = picture.image
            if pil is not None and pil.size == photo:
                top = pil.convert("RGB").getpixel((pil.width // 2, pil.height // 8))
                bottom = pil.convert("RGB").getpixel((pil.width // 2, pil.height * 7 // 8))
                assert top[0] > 180 and top[2] < 90, top
                assert bottom[2] > 150 and bottom[0] < 90, bottom
                return
    raise AssertionError("the photo was not found on any page")


def test_a_small_photo_warns_with_its_dpi(tmp_path: Path) -> None:
    book = load_book(write_view_content(tmp_path / "content", small_png=True))
    warnings = [str(w) for w in build_booklet(book).warnings]
    assert any("hands.png" in w and re.search(r"prints at \d+ dpi", w) for w in warnings)


# -- cheat sheets --------------------------------------------------------------------------------


def sheet_text(book: Book, routine: str) -> str:
    [output] = build_cheatsheets(book, routine=routine).outputs
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        return " ".join((pdf.pages[0].extract_text() or "").split())


def test_cheat_sheets_show_routine_safety_and_step_summaries(book: Book) -> None:
    seated = sheet_text(book, "sitzend")
    assert "Den Kopf nie nach hinten drücken." in seated
    assert "Wirbelsäule" not in seated  # the routine's own list replaces the book's
    assert "Schultern sanft kneten" in seated and "Hände auf die Schultern legen." not in seated
    assert "Stelle" in seated and "Atmen lassen." not in seated  # no summary: the first cue
    feet = sheet_text(book, "fuesse")
    assert "Wirbelsäule drücken." in feet and "Kopf nie" not in feet
    assert "sitzend, von hinten gesehen" in seated and "beide Fußsohlen, Zehen oben" in feet


# -- page economy ----------------------------------------------------------------------------------


def test_no_page_of_steps_is_more_than_half_empty(book: Book, booklet: bytes) -> None:
    layout = load_layout("booklet", BookletLayout)
    g = Geometry.of(layout)
    sections: list[list[float]] = []
    with pdfplumber.open(io.BytesIO(booklet)) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            if not re.search(r"Schritt \d+ von \d+", text):
                continue
            if re.search(r"Abschnitt \d+ von \d+", text):
                sections.append([])
            objects = [*page.chars, *page.rects, *page.images, *page.curves, *page.lines]
            inside_frame = [
                o
                for o in objects
                if o["top"] >= page.height - g.top - 1 and o["bottom"] <= page.height - g.bottom + 1
            ]
            lowest = max(o["bottom"] for o in inside_frame)
            used = (lowest - (page.height - g.top)) / g.frame_height
            sections[-1].append(used)
    assert len(sections) == 3 and sum(len(s) for s in sections) >= 5
    for pages in sections:
        for used in pages[:-1]:
            assert used >= 0.5, sections


def test_captions_are_printed_in_the_books_language(booklet: bytes) -> None:
    with pdfplumber.open(io.BytesIO(booklet)) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "beide Fußsohlen, Zehen oben" in text and "sitzend, von hinten gesehen" in text
    assert "both soles" not in text


def test_a_card_without_a_diagram_shows_its_picture(book: Book) -> None:
    from massage_print.cards.job import build_cards

    deck = build_cards(book, deck="steps", routine="haende").outputs[0].data
    with pdfplumber.open(io.BytesIO(deck)) as pdf:
        fronts = [pdf.pages[i] for i in range(0, len(pdf.pages), 2)]
        texts = [" ".join((p.extract_text() or "").split()) for p in fronts]
        [picture_front] = [p for p, t in zip(fronts, texts, strict=True) if "Bild" in t]
        assert picture_front.images  # the PNG, in the diagram's room
        assert not next(p for p, t in zip(fronts, texts, strict=True) if "Bild" not in t).images


MAP = """\
caption: {en: "one arm, palm up", de: "ein Arm"}
aspect: 0.5
mirror: 0.5
shapes:
  - role: body
    points: [[0.4, 0.05], [0.6, 0.05], [0.62, 0.95], [0.38, 0.95]]
landmarks:
  elbow: [0.5, 0.5]
  forearm: [0.5, 0.7]
stances:
  at-side: [0.1, 0.5]
"""


def test_a_content_folder_adds_its_own_view(tmp_path: Path) -> None:
    folder = write_view_content(tmp_path / "content")
    (folder / "maps").mkdir()
    (folder / "maps" / "arm.yaml").write_text(MAP, encoding="utf-8")
    routine = folder / "routines" / "haende.yaml"
    text = routine.read_text(encoding="utf-8").replace("view: hands", "view: arm")
    text = text.replace("at: palm", "at: elbow").replace("from: wrist", "from: elbow")
    text = text.replace("to: fingertips", "to: forearm").replace(
        "stance: facing", "stance: at-side"
    )
    routine.write_text(text, encoding="utf-8")
    book = load_book(folder)
    assert book.routine("haende").steps[0].view == "arm"
    assert book.view("arm").caption_in("de") == "ein Arm"
    (folder / "maps" / "arm.yaml").write_text(MAP.replace("aspect: 0.5", "aspect: 9"), "utf-8")
    problems = errors_of(folder)
    assert f"{folder}/maps/arm.yaml:2:9: aspect: 9 is out of range: 0.2 to 5" in problems
