"""PDF pages as pictures, with pypdfium2 (the only module that uses it)."""

from __future__ import annotations

from collections.abc import Iterator

from PIL import Image

from ..errors import MassagePrintError


def iter_pages(data: bytes, name: str, dpi: int) -> Iterator[Image.Image]:
    """Each page of a PDF as an RGB picture at ``dpi`` (white paper), one at a time.

    Only one page is held at a time: at 600 dpi an A4 sheet is 100 MB of pixels.
    """
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise MassagePrintError(f"{name}: cannot render: {exc}") from None
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
                picture = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
            yield picture
    finally:
        pdf.close()
