"""calibration.pdf: the scales read the correction, from either side; the sheet itself."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from massage_print.cards import build_calibration
from massage_print.cards.calibration import scale_spec
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CardsLayout
from tests.test_cards_support import MM, close, viewer_preferences

W, H = 595.2756, 841.8898
C = (W / 2, H / 2)


def to_front(duplex: str, x: float, y: float) -> tuple[float, float]:
    """A point of the back page, as it lies on the paper in the front page's coordinates."""
    return (x, H - y) if duplex == "short" else (W - x, y)


def reading(spec_sign: tuple[int, int], displacement: tuple[float, float]) -> tuple[float, float]:
    return (spec_sign[0] * displacement[0], spec_sign[1] * displacement[1])


@given(
    duplex=st.sampled_from(["long", "short", "none"]),
    error=st.tuples(st.floats(-8, 8), st.floats(-8, 8)),
)
def test_both_sides_read_the_correction(duplex: str, error: tuple[float, float]) -> None:
    """A printer that prints the back ``error`` mm off (in the back's own coordinates) is
    corrected by ``--back-offset -error``: that is what either side's scales read."""
    ex, ey = error[0] * MM, error[1] * MM
    back = scale_spec("back", duplex, 35 * MM)
    front = scale_spec("front", duplex, 35 * MM)
    # Looking at the back: the front's crosshair is at the back page's centre; the back's
    # own scales were printed ``error`` off, so their zero is at C + error.
    seen = (C[0] - (C[0] + ex), C[1] - (C[1] + ey))
    rx, ry = reading((back.x_sign, back.y_sign), seen)
    assert rx == pytest.approx(-ex) and ry == pytest.approx(-ey)
    # Looking at the front: the back's crosshair, printed at C + error on the back page.
    px, py = to_front(duplex, C[0] + ex, C[1] + ey)
    rx, ry = reading((front.x_sign, front.y_sign), (px - C[0], py - C[1]))
    assert rx == pytest.approx(-ex) and ry == pytest.approx(-ey)


@pytest.mark.parametrize("duplex", ["long", "short", "none"])
def test_scales_of_the_two_sides_do_not_overlap(duplex: str) -> None:
    d = 35 * MM
    front, back = scale_spec("front", duplex, d), scale_spec("back", duplex, d)
    # The X scales, horizontal lines: where they lie on the paper.
    front_x = C[1] + front.x_scale_at
    _, back_x = to_front(duplex, C[0], C[1] + back.x_scale_at)
    assert abs(front_x - back_x) == pytest.approx(2 * d)
    front_y = C[0] + front.y_scale_at
    back_y, _ = to_front(duplex, C[0] + back.y_scale_at, C[1])
    assert abs(front_y - back_y) == pytest.approx(2 * d)
    layout = load_layout("cards", CardsLayout)
    assert layout.calibration.arm > layout.calibration.scale_distance + layout.calibration.tick_long


@pytest.mark.parametrize(
    ("duplex", "pref"),
    [("long", "/DuplexFlipLongEdge"), ("short", "/DuplexFlipShortEdge"), ("none", "/Simplex")],
)
def test_calibration_sheet(duplex: str, pref: str) -> None:
    result = build_calibration("a4", duplex)
    (output,) = result.outputs
    assert output.name == "calibration.pdf" and output.pages == 2
    reader = PdfReader(io.BytesIO(output.data))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert close(float(page.mediabox[2]), W, 0.01) and close(float(page.mediabox[3]), H, 0.01)
    prefs = viewer_preferences(output.data)
    assert prefs["/Duplex"] == pref and prefs["/PrintScaling"] == "/None"
    assert any("--back-offset X,Y" in m for m in result.messages)


def _matrices(data: bytes) -> list[tuple[float, ...]]:
    reader = PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        match = re.search(rb"((?:\S+ ){6})cm /\w+ Do", page.get_contents().get_data())
        assert match is not None
        out.append(tuple(float(v) for v in match.group(1).split()))
    return out


def test_back_offset_moves_the_back_page_only() -> None:
    plain = _matrices(build_calibration("letter", "long").outputs[0].data)
    moved = _matrices(
        build_calibration("letter", "long", back_offset_mm=(1.5, -0.5)).outputs[0].data
    )
    assert plain[0] == moved[0] == plain[1] == (1, 0, 0, 1, 0, 0)
    assert moved[1][:4] == (1, 0, 0, 1)
    assert close(moved[1][4], 1.5 * MM) and close(moved[1][5], -0.5 * MM)


def _numbers(page: pdfplumber.page.Page) -> dict[str, list[tuple[float, float]]]:
    out: dict[str, list[tuple[float, float]]] = {}
    for word in page.extract_words():
        if word["text"] in ("-10", "+10"):
            out.setdefault(word["text"], []).append((word["x0"], word["top"]))
    return out


@pytest.mark.parametrize("duplex", ["long", "short"])
def test_scale_numbers_run_the_documented_way(duplex: str, tmp_path: Path) -> None:
    path = tmp_path / "calibration.pdf"
    path.write_bytes(build_calibration("a4", duplex).outputs[0].data)
    with pdfplumber.open(path) as pdf:
        assert "FRONT" in (pdf.pages[0].extract_text() or "")
        assert "BACK" in (pdf.pages[1].extract_text() or "")
        for number, face in enumerate(("front", "back")):
            spec = scale_spec(face, duplex, 35 * MM)  # type: ignore[arg-type]
            found = _numbers(pdf.pages[number])
            # Two of each: one on the X scale (same height), one on the Y scale.
            (xm, ym) = sorted(found["-10"], key=lambda p: p[1])
            (xp, yp) = sorted(found["+10"], key=lambda p: p[1])
            pairs = [(a, b) for a in (xm, ym) for b in (xp, yp) if abs(a[1] - b[1]) < 1]
            assert len(pairs) == 1
            minus_x, plus_x = pairs[0]
            assert (plus_x[0] > minus_x[0]) == (spec.x_sign > 0)
            minus_y = next(p for p in (xm, ym) if p is not minus_x)
            plus_y = next(p for p in (xp, yp) if p is not plus_x)
            assert (plus_y[1] < minus_y[1]) == (spec.y_sign > 0), "pdfplumber's top grows down"


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("a4", "fold"), {}, "calibration measures two-sided printing"),
        (("a5", "long"), {}, "unknown paper 'a5'"),
        (("a4", "sideways"), {}, "unknown duplex mode 'sideways'"),
        (("a4", "long"), {"back_offset_mm": (12.0, 0.0)}, "within ±10 mm"),
    ],
)
def test_calibration_errors(args: tuple[str, str], kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(MassagePrintError, match=message):
        build_calibration(*args, **kwargs)  # type: ignore[arg-type]


def test_calibration_is_reproducible() -> None:
    assert build_calibration("a4", "short").outputs == build_calibration("a4", "short").outputs
