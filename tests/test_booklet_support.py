"""Helpers for the booklet tests: read back the PDFs the booklet job makes (no tests here)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pdfplumber
import pypdfium2
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from massage_print.pipeline.jobs import JobResult


def output(result: JobResult, name: str) -> bytes:
    return next(o.data for o in result.outputs if o.name == name)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """Each page's text (pypdfium2: fast), lines joined with newlines."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def page_chars(data: bytes) -> list[list[dict[str, Any]]]:
    """Each page's characters with their boxes and sizes (pdfplumber)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [list(page.chars) for page in pdf.pages]


def flat_outline(pdf: PdfReader) -> list[tuple[int, str, int]]:
    """Every bookmark as (level, title, 0-based page), in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), pdf.get_destination_page_number(item)))

    walk(pdf.outline, 0)
    return out


def fonts(pdf: PdfReader) -> Iterator[DictionaryObject]:
    """Every font dictionary used by the pages, inside form XObjects too."""
    seen: set[int] = set()

    def visit(resources: Any) -> Iterator[DictionaryObject]:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from visit(xobject.get("/Resources"))

    for page in pdf.pages:
        yield from visit(page.get("/Resources"))


def font_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant.get("/FontDescriptor")
    else:
        descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
