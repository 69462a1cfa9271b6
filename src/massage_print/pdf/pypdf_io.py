"""Turn a :class:`~massage_print.imposition.plan.Plan` into PDF bytes: the only pypdf code.

Each source page that the plan uses becomes one Form XObject (its content stream copied
as it is, still compressed, and its resources copied once into the output); every sheet
is a new page whose content only positions and draws those XObjects. Sheets with the
same layout share one content stream.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from ..errors import MassagePrintError
from ..imposition.plan import Placement, Plan, Sheet
from .writer import CREATOR, DocInfo, Duplex, pdf_date, stamp_id

Source = bytes | PdfReader
Box = tuple[float, float, float, float]
"""``(left, bottom, right, top)`` in the page's own space."""

# Everything a damaged or odd PDF can make pypdf raise while it is being read.
Reader = PdfReader
"""An opened PDF, for modules that pass one along without touching pypdf."""

_READ_ERRORS = (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError)


@contextmanager
def _quiet_pypdf(notes: list[str] | None = None) -> Iterator[None]:
    """Keep pypdf's repair messages off stderr (the library never prints); collect them."""

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if notes is not None:
                notes.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler = _Collect(logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def read_pdf(data: bytes, name: str, notes: list[str] | None = None) -> PdfReader:
    """Open PDF ``data`` (``name`` locates errors); refuse encrypted or unreadable files.

    pypdf's notes about repairs it made go to ``notes`` when given.
    """
    with _quiet_pypdf(notes):
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise MassagePrintError.at(
                    name, "is encrypted: remove its password or restrictions first"
                )
            count = len(reader.pages)
        except MassagePrintError:
            raise
        except _READ_ERRORS as exc:
            raise MassagePrintError.at(name, f"is not a readable PDF ({exc})") from exc
    if count == 0:
        raise MassagePrintError.at(name, "has no pages")
    return reader


def _inherited(page: DictionaryObject, key: str) -> Any:
    """The raw (possibly indirect) value of ``key`` on ``page`` or the nearest ancestor."""
    node: DictionaryObject | None = page
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node.raw_get(key)
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _box(page: DictionaryObject) -> Box:
    """The page's visible box: its CropBox within its MediaBox (the MediaBox if no CropBox)."""

    def rect(key: str) -> Box | None:
        value = _inherited(page, key)
        if value is None:
            return None
        numbers = [float(v) for v in value.get_object()]
        if len(numbers) != 4:
            raise ValueError(f"{key} has {len(numbers)} numbers, not 4")
        x0, y0, x1, y1 = numbers
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    media = rect("/MediaBox")
    if media is None:
        raise ValueError("page has no /MediaBox")
    crop = rect("/CropBox")
    if crop is None:
        return media
    left, bottom = max(media[0], crop[0]), max(media[1], crop[1])
    right, top = min(media[2], crop[2]), min(media[3], crop[3])
    if right <= left or top <= bottom:
        return media
    return left, bottom, right, top


def _rotation(page: DictionaryObject) -> int:
    value = _inherited(page, "/Rotate")
    return int(value.get_object()) % 360 // 90 * 90 if value is not None else 0


def page_sizes(reader: PdfReader, name: str) -> list[tuple[float, float]]:
    """Each page's size (width, height in points) as a viewer shows it, /Rotate applied."""
    sizes: list[tuple[float, float]] = []
    with _quiet_pypdf():
        for number, page in enumerate(reader.pages, 1):
            try:
                left, bottom, right, top = _box(page)
                rotation = _rotation(page)
            except _READ_ERRORS as exc:
                raise MassagePrintError.at(name, f"page {number} is unreadable ({exc})") from exc
            width, height = right - left, top - bottom
            sizes.append((height, width) if rotation % 180 else (width, height))
    return sizes


def document_info(reader: PdfReader) -> tuple[str, str]:
    """The document's title and author from its metadata ("" when missing or unreadable)."""
    with _quiet_pypdf():
        try:
            metadata = reader.metadata
            if metadata is None:
                return "", ""
            return str(metadata.title or "").strip(), str(metadata.author or "").strip()
        except _READ_ERRORS:
            return "", ""


@dataclass(frozen=True)
class _Form:
    ref: IndirectObject
    box: Box
    rotation: int


def _page_content(page: DictionaryObject) -> StreamObject:
    """A stream holding the page's content, still encoded when it was one stream."""
    raw = page.raw_get("/Contents") if "/Contents" in page else None
    contents = raw.get_object() if raw is not None else None
    if isinstance(contents, StreamObject):
        stream: StreamObject = (
            EncodedStreamObject() if "/Filter" in contents else DecodedStreamObject()
        )
        stream._data = contents._data
        for key in ("/Filter", "/DecodeParms"):
            if key in contents:
                stream[NameObject(key)] = contents[key]
        return stream
    parts: list[bytes] = []
    if isinstance(contents, ArrayObject):
        parts = [part.get_object().get_data() for part in contents]
    joined = DecodedStreamObject()
    joined.set_data(b"\n".join(parts))
    return joined.flate_encode() if parts else joined


def _make_form(writer: PdfWriter, page: DictionaryObject) -> _Form:
    box = _box(page)
    form = _page_content(page)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    resources = _inherited(page, "/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.clone(writer)
    if "/Group" in page:
        form[NameObject("/Group")] = page.raw_get("/Group").clone(writer)
    for key in ("/Filter", "/DecodeParms"):
        if key in form:
            form[NameObject(key)] = form.raw_get(key).clone(writer)
    return _Form(writer._add_object(form), box, _rotation(page))


def _num(value: float, digits: int = 4) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _matrix(form: _Form, placement: Placement) -> tuple[float, ...]:
    """``cm`` operands that map the form's box onto the placement's spot on the sheet."""
    left, bottom, right, top = form.box
    width, height = right - left, top - bottom
    turn = (form.rotation + placement.rotation) % 360
    # Box coordinates (u, v) with the origin at the box's lower-left corner, turned
    # clockwise: x' = a·u + c·v + e, y' = b·u + d·v + f.
    a, b, c, d, e, f = {
        0: (1, 0, 0, 1, 0.0, 0.0),
        90: (0, -1, 1, 0, 0.0, width),
        180: (-1, 0, 0, -1, width, height),
        270: (0, 1, -1, 0, height, 0.0),
    }[turn]
    e -= a * left + c * bottom
    f -= b * left + d * bottom
    s = placement.scale
    return (a * s, b * s, c * s, d * s, e * s + placement.x, f * s + placement.y)


def _sheet_content(sheet: Sheet, forms: list[_Form]) -> bytes:
    ops: list[str] = []
    for slot, (placement, form) in enumerate(zip(sheet.placements, forms, strict=True)):
        ops.append("q")
        if placement.clip is not None:
            ops.append(" ".join(_num(v) for v in placement.clip) + " re W n")
        a, b, c, d, e, f = _matrix(form, placement)
        matrix = " ".join([*(_num(v, 6) for v in (a, b, c, d)), _num(e), _num(f)])
        ops.append(f"{matrix} cm /P{slot} Do Q")
    return "\n".join(ops).encode("ascii")


def _reader(name: str, source: Source) -> PdfReader:
    return source if isinstance(source, PdfReader) else read_pdf(source, name)


def apply_plan(
    plan: Plan,
    sources: Mapping[str, Source],
    info: DocInfo,
    *,
    duplex: Duplex | None = None,
) -> bytes:
    """Render ``plan`` with pages from ``sources`` (PDF bytes or readers, by source name)."""
    if not plan.sheets:
        raise MassagePrintError("nothing to impose: the plan has no sheets")
    missing = [name for name in plan.sources() if name not in sources]
    if missing:
        raise MassagePrintError(f"the plan uses unknown sources: {', '.join(missing)}")
    readers = {name: _reader(name, sources[name]) for name in plan.sources()}
    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"
    forms: dict[tuple[str, int], _Form] = {}
    contents: dict[bytes, IndirectObject] = {}
    with _quiet_pypdf():
        for sheet in plan.sheets:
            used: list[_Form] = []
            for placement in sheet.placements:
                key = (placement.source, placement.page)
                if key not in forms:
                    forms[key] = _load_form(writer, readers[placement.source], *key)
                used.append(forms[key])
            page = writer.add_blank_page(sheet.width, sheet.height)
            if used:
                xobjects = DictionaryObject(
                    {NameObject(f"/P{slot}"): form.ref for slot, form in enumerate(used)}
                )
                page[NameObject("/Resources")] = DictionaryObject(
                    {NameObject("/XObject"): xobjects}
                )
                data = _sheet_content(sheet, used)
                if data not in contents:
                    stream = DecodedStreamObject()
                    stream.set_data(data)
                    contents[data] = writer._add_object(stream)
                page[NameObject("/Contents")] = contents[data]
        return finish_pypdf(writer, info, duplex=duplex, no_scaling=True)


def _load_form(writer: PdfWriter, reader: PdfReader, name: str, index: int) -> _Form:
    if index >= len(reader.pages):
        raise MassagePrintError(
            f"the plan places page {index + 1} of {name}, which has {len(reader.pages)} pages"
        )
    try:
        return _make_form(writer, reader.pages[index])
    except _READ_ERRORS as exc:
        raise MassagePrintError.at(name, f"page {index + 1} is unreadable ({exc})") from exc


def finish_pypdf(
    writer: Any,
    info: DocInfo,
    *,
    duplex: Duplex | None = None,
    no_scaling: bool = False,
) -> bytes:
    """Serialise a pypdf ``PdfWriter`` with metadata, viewer preferences and a stable /ID."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        NameObject,
    )

    metadata: dict[str, str] = {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Creator": CREATOR,
        "/Producer": CREATOR,
    }
    if info.keywords:
        metadata["/Keywords"] = ", ".join(info.keywords)
    date = pdf_date()
    if date:
        metadata["/CreationDate"] = date
        metadata["/ModDate"] = date
    writer.add_metadata(metadata)
    if duplex is not None or no_scaling:
        prefs = DictionaryObject()
        if no_scaling:
            prefs[NameObject("/PrintScaling")] = NameObject("/None")
        if duplex is not None:
            prefs[NameObject("/Duplex")] = NameObject(
                {
                    "simplex": "/Simplex",
                    "short": "/DuplexFlipShortEdge",
                    "long": "/DuplexFlipLongEdge",
                }[duplex]
            )
        writer._root_object[NameObject("/ViewerPreferences")] = prefs
    placeholder = ByteStringObject(b"\0" * 16)
    writer._ID = ArrayObject([placeholder, placeholder])
    buffer = io.BytesIO()
    writer.write(buffer)
    return stamp_id(buffer.getvalue())
