"""PDF pages as pictures, with pypdfium2 (the only module that uses it)."""

from __future__ import annotations

from PIL import Image

from ..errors import MassagePrintError


def render_pages(data: bytes, name: str, dpi: int) -> list[Image.Image]:
    """Every page of a PDF as an RGB picture at ``dpi`` (white paper, no transparency)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise MassagePrintError(f"{name}: cannot render: {exc}") from None
    try:
        pictures = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
                pictures.append(bitmap.to_pil().convert("RGB"))
            finally:
                page.close()
        return pictures
    finally:
        pdf.close()
