"""A font made from the cache is the font ReportLab makes from the file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from massage_print.diskcache import ENVIRONMENT
from massage_print.pdf import fonts
from massage_print.pdf.fonts import load_font

FONTS = Path(fonts.__file__).resolve().parent.parent / "fonts"
TEXT = "Effleurage — Rückenmassage, épaules, ½ Ω ﬁ 12:30"


def _pdf(font: TTFont) -> bytes:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(40, 700, TEXT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("file", ["DejaVuSans.ttf", "DejaVuSansCondensed-BoldOblique.ttf"])
def test_a_cached_font_equals_the_parsed_one(
    file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(FONTS / file)
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    made = load_font("cached-made", path)  # parsed, then stored
    read = load_font("cached-read", path)  # read back from the cache
    assert len(list((tmp_path / "cache").iterdir())) == 1
    plain = TTFont("plain", path)
    for font in (made, read):
        assert set(vars(font)) == set(vars(plain))
        assert set(vars(font.face)) == set(vars(plain.face))
        for key, value in vars(plain.face).items():
            if key != "_pdfScale":
                assert getattr(font.face, key) == value, key
        assert font.face._pdfScale(1234.5) == plain.face._pdfScale(1234.5)
        assert font.shapable == plain.shapable
        assert font._asciiReadable == plain._asciiReadable
        assert font.stringWidth(TEXT, 11) == plain.stringWidth(TEXT, 11)
    # The same text set in each, the font renamed alike: the same PDF bytes.
    assert _pdf(read).replace(b"cached-read", b"plain") == _pdf(plain)


def test_a_font_that_is_not_one_still_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from massage_print.errors import MassagePrintError

    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font at all")
    with pytest.raises(MassagePrintError, match="cannot use font"):
        fonts.register_font(str(bad))
    assert not list((tmp_path / "cache").glob("*.pickle"))
