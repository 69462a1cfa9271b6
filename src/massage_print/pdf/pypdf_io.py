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

from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
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

_DUPLEX_NAMES = {
    "simplex": "/Simplex",
    "short": "/DuplexFlipShortEdge",
    "long": "/DuplexFlipLongEdge",
}

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


def read_pdf(
    data: bytes, name: str, notes: list[str] | None = None, *, ours: bool = False
) -> PdfReader:
    """Open PDF ``data`` (``name`` locates errors); refuse encrypted or unreadable files.

    pypdf's notes about repairs it made go to ``notes`` when given. ``ours`` is for PDFs this
    program has just rendered with ReportLab (see :func:`_open_ours`).
    """
    with _quiet_pypdf(notes):
        try:
            reader = _open_ours(data) if ours else PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _open_encrypted(reader, name)
            count = len(reader.pages)
        except MassagePrintError:
            raise
        except DependencyError as exc:  # only when the `cryptography` package is missing
            raise MassagePrintError.at(
                name, f"is encrypted in a way that needs the 'cryptography' package ({exc})"
            ) from exc
        except _READ_ERRORS as exc:
            raise MassagePrintError.at(name, f"is not a readable PDF ({exc})") from exc
    if count == 0:
        raise MassagePrintError.at(name, "has no pages")
    return reader


def _open_ours(data: bytes) -> PdfReader:
    """A reader for a PDF this program rendered, opened in pypdf's strict mode first.

    Strict mode trusts the cross-reference table instead of checking every entry; what is
    read later is read leniently, as for any PDF. A file strict mode refuses is opened the
    usual way.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
    except _READ_ERRORS:
        return PdfReader(io.BytesIO(data), strict=False)
    reader.strict = False
    return reader


def _open_encrypted(reader: PdfReader, name: str) -> None:
    """Open a PDF that has only an owner password (restrictions); refuse one that needs more."""
    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise MassagePrintError.at(
            name,
            "needs a password; remove it first, e.g. "
            "`qpdf --password=PASSWORD --decrypt IN.pdf OPEN.pdf`, and impose the copy",
        )


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


def document_language(reader: PdfReader) -> str:
    """The document's language (its catalogue's /Lang), "" when it has none."""
    with _quiet_pypdf():
        try:
            value = reader.root_object.get("/Lang")
        except _READ_ERRORS:
            return ""
    return str(value).strip() if value is not None else ""


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
    ref: IndirectObject | None
    """The page as a Form XObject in the writer; None for a page with nothing drawn."""
    box: Box
    rotation: int


_HIDDEN, _PRINT = 2, 4  # annotation flags (PDF 32000-1, 12.5.3)


def _registered_copy(writer: PdfWriter, stream: StreamObject) -> StreamObject:
    """A new object in ``writer`` holding a copy of ``stream`` (its data still encoded)."""
    copy = stream.clone(writer, force_duplicate=True)
    assert isinstance(copy, StreamObject)
    return copy


def _content_parts(page: DictionaryObject) -> list[StreamObject]:
    raw = page.raw_get("/Contents") if "/Contents" in page else None
    contents = raw.get_object() if raw is not None else None
    if isinstance(contents, StreamObject):
        return [contents]
    if isinstance(contents, ArrayObject):
        parts = [part.get_object() for part in contents]
        return [part for part in parts if isinstance(part, StreamObject)]
    return []


def _set_content(stream: StreamObject, data: bytes) -> None:
    """Replace a stream's data, compressing it again when it was compressed."""
    plain_flate = stream.get("/Filter") in ("/FlateDecode", ["/FlateDecode"])
    if "/Filter" in stream and (not plain_flate or "/DecodeParms" in stream):
        stream.get_data()  # decode with the old filters before they are replaced
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        if "/DecodeParms" in stream:
            del stream["/DecodeParms"]
    stream.set_data(data)


def _appearance(annot: DictionaryObject) -> StreamObject | None:
    """The normal appearance an annotation prints with, or None (hidden, not printed, none)."""
    flags = int(annot.get("/F", 0))
    if flags & _HIDDEN or not flags & _PRINT or annot.get("/Subtype") in ("/Link", "/Popup"):
        return None
    appearances = annot.get("/AP")
    normal = appearances.get_object().get("/N") if appearances is not None else None
    normal = normal.get_object() if normal is not None else None
    if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):
        state = annot.get("/AS")
        chosen = normal.get(state) if state is not None else None
        normal = chosen.get_object() if chosen is not None else None
    return normal if isinstance(normal, StreamObject) else None


def _rect(value: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in value.get_object())
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _annotation_ops(annot: DictionaryObject, appearance: StreamObject, name: str) -> str | None:
    """Operators painting ``appearance`` at the annotation's /Rect (PDF 32000-1, 12.5.5)."""
    rx0, ry0, rx1, ry1 = _rect(annot["/Rect"])
    bx0, by0, bx1, by1 = _rect(appearance["/BBox"])
    a, b, c, d, e, f = (float(v) for v in appearance.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (bx0, bx1) for y in (by0, by1)]
    tx0, ty0 = min(p[0] for p in corners), min(p[1] for p in corners)
    tx1, ty1 = max(p[0] for p in corners), max(p[1] for p in corners)
    if tx1 - tx0 <= 0 or ty1 - ty0 <= 0 or rx1 - rx0 <= 0 or ry1 - ry0 <= 0:
        return None
    sx, sy = (rx1 - rx0) / (tx1 - tx0), (ry1 - ry0) / (ty1 - ty0)
    matrix = " ".join(_num(v, 6) for v in (sx, 0, 0, sy, rx0 - tx0 * sx, ry0 - ty0 * sy))
    return f"q {matrix} cm /{name} Do Q"


def _flattened(
    writer: PdfWriter, page: DictionaryObject
) -> tuple[list[str], dict[str, IndirectObject]]:
    """Paint operators and XObjects that print the page's form fields and other annotations."""
    ops: list[str] = []
    xobjects: dict[str, IndirectObject] = {}
    annots = page.get("/Annots")
    for item in annots.get_object() if annots is not None else []:
        annot = item.get_object()
        if not isinstance(annot, DictionaryObject) or "/Rect" not in annot:
            continue
        appearance = _appearance(annot)
        if appearance is None or "/BBox" not in appearance:
            continue
        name = f"MPAnnot{len(xobjects)}"
        op = _annotation_ops(annot, appearance, name)
        if op is None:
            continue
        ref = appearance.clone(writer).indirect_reference
        if ref is None:
            continue
        ops.append(op)
        xobjects[f"/{name}"] = ref
    return ops, xobjects


def _make_form(
    writer: PdfWriter,
    page: DictionaryObject,
    flatten: bool = True,
    clones: dict[Any, PdfObject] | None = None,
) -> _Form:
    box = _box(page)
    parts = _content_parts(page)
    annot_ops, annot_xobjects = _flattened(writer, page) if flatten else ([], {})
    if not parts and not annot_ops:
        return _Form(None, box, _rotation(page))
    if len(parts) == 1 and not annot_ops:
        form = _registered_copy(writer, parts[0])  # the page's own bytes, still compressed
    else:
        data = b"\n".join(part.get_data() for part in parts)
        if annot_ops:
            data = b"q\n" + data + b"\nQ\n" + "\n".join(annot_ops).encode("ascii")
        if parts:
            form = _registered_copy(writer, parts[0])
            _set_content(form, data)
        else:  # a page with only annotations: its first appearance stream carries the data
            template = next(iter(annot_xobjects.values())).get_object()
            assert isinstance(template, StreamObject)
            form = _registered_copy(writer, template)
            for key in list(form):
                if key not in ("/Filter", "/DecodeParms", "/Length"):
                    del form[key]
            _set_content(form, data)
    for key in ("/Type", "/Subtype", "/BBox", "/Resources", "/Group", "/Matrix", "/Length1"):
        if key in form:
            del form[key]
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    resources = _inherited(page, "/Resources")
    cloned = _clone_resources(writer, resources, clones) if resources is not None else None
    if annot_xobjects:
        merged = DictionaryObject(cloned.get_object()) if cloned is not None else DictionaryObject()
        old = merged.get("/XObject")
        xobjects = DictionaryObject(old.get_object()) if old is not None else DictionaryObject()
        xobjects.update({NameObject(k): v for k, v in annot_xobjects.items()})
        merged[NameObject("/XObject")] = xobjects
        cloned = merged
    if cloned is not None:
        form[NameObject("/Resources")] = cloned
    if "/Group" in page:
        form[NameObject("/Group")] = page.raw_get("/Group").clone(writer)
    ref = form.indirect_reference
    assert ref is not None
    return _Form(ref, box, _rotation(page))


def _clone_resources(writer: PdfWriter, resources: Any, clones: dict[Any, PdfObject] | None) -> Any:
    """``resources`` copied into ``writer``; equal ones (same names, numbers and references)
    share one copy from ``clones``, written out the same as separate copies would be."""
    if clones is None:
        return resources.clone(writer)
    key = _plain_key(resources, 0)
    if key is None:
        return resources.clone(writer)
    if key not in clones:
        clones[key] = resources.clone(writer)
    return clones[key]


def _plain_key(value: Any, depth: int) -> Any:
    """A hashable stand-in for a direct object made of names, numbers, arrays, dictionaries and
    references (None for anything else, or nesting deeper than 8)."""
    if isinstance(value, IndirectObject):
        return ("R", value.idnum, value.generation)
    if depth > 8:
        return None
    if isinstance(value, (NameObject, NumberObject, FloatObject)):
        return (type(value).__name__, value)
    if isinstance(value, DictionaryObject) and not isinstance(value, StreamObject):
        items = []
        for key, item in dict.items(value):
            inner = _plain_key(item, depth + 1)
            if inner is None:
                return None
            items.append((str(key), inner))
        return ("D", tuple(items))
    if isinstance(value, ArrayObject):
        parts = []
        for item in value:
            inner = _plain_key(item, depth + 1)
            if inner is None:
                return None
            parts.append(inner)
        return ("A", tuple(parts))
    return None


def dropped_features(reader: PdfReader) -> tuple[int, int]:
    """How many links and outline (bookmark) entries imposing ``reader`` leaves out."""
    links = 0
    outlines = 0
    with _quiet_pypdf():
        try:
            for page in reader.pages:
                annots = page.get("/Annots")
                for item in annots.get_object() if annots is not None else []:
                    if item.get_object().get("/Subtype") == "/Link":
                        links += 1
            outlines = _count_outline(reader.outline)
        except _READ_ERRORS:
            pass
    return links, outlines


def _count_outline(items: Any, depth: int = 0) -> int:
    if depth > 64:
        return 0
    return sum(_count_outline(item, depth + 1) if isinstance(item, list) else 1 for item in items)


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
        if form.ref is None:
            continue
        ops.append("q")
        if placement.clip is not None:
            ops.append(" ".join(_num(v) for v in placement.clip) + " re W n")
        a, b, c, d, e, f = _matrix(form, placement)
        matrix = " ".join([*(_num(v, 6) for v in (a, b, c, d)), _num(e), _num(f)])
        ops.append(f"{matrix} cm /P{slot} Do Q")
    return "\n".join(ops).encode("ascii")


def _reader(name: str, source: Source, ours: bool) -> PdfReader:
    return source if isinstance(source, PdfReader) else read_pdf(source, name, ours=ours)


def apply_plan(
    plan: Plan,
    sources: Mapping[str, Source],
    info: DocInfo,
    *,
    duplex: Duplex | None = None,
    ours: bool = False,
) -> bytes:
    """Render ``plan`` with pages from ``sources`` (PDF bytes or readers, by source name).

    Printable annotations (form fields, stamps) are printed into the pages. ``ours`` says every
    source was just rendered by this program with ReportLab: such PDFs have no printable
    annotations (links at most), so none is read, and sources given as bytes are opened with
    ``read_pdf(ours=True)``. Same output, less work.
    """
    if not plan.sheets:
        raise MassagePrintError("nothing to impose: the plan has no sheets")
    missing = [name for name in plan.sources() if name not in sources]
    if missing:
        raise MassagePrintError(f"the plan uses unknown sources: {', '.join(missing)}")
    readers = {name: _reader(name, sources[name], ours) for name in plan.sources()}
    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"
    forms: dict[tuple[str, int], _Form] = {}
    clones: dict[str, dict[Any, PdfObject]] = {}  # equal resources share one copy
    contents: dict[bytes, Any] = {}
    with _quiet_pypdf():
        for sheet in plan.sheets:
            used: list[_Form] = []
            for placement in sheet.placements:
                key = (placement.source, placement.page)
                if key not in forms:
                    forms[key] = _load_form(
                        writer, readers[placement.source], *key, not ours, clones
                    )
                used.append(forms[key])
            page = writer.add_blank_page(sheet.width, sheet.height)
            if any(form.ref is not None for form in used):
                xobjects = DictionaryObject(
                    {
                        NameObject(f"/P{slot}"): form.ref
                        for slot, form in enumerate(used)
                        if form.ref is not None
                    }
                )
                page[NameObject("/Resources")] = DictionaryObject(
                    {NameObject("/XObject"): xobjects}
                )
                data = _sheet_content(sheet, used)
                if data in contents:  # identical sheets share one content stream
                    page[NameObject("/Contents")] = contents[data]
                else:
                    stream = DecodedStreamObject()
                    stream.set_data(data)
                    page.replace_contents(stream.flate_encode())
                    contents[data] = page.raw_get("/Contents")
        return finish_pypdf(writer, info, duplex=duplex, no_scaling=True)


def _load_form(
    writer: PdfWriter,
    reader: PdfReader,
    name: str,
    index: int,
    flatten: bool,
    clones: dict[str, dict[Any, PdfObject]],
) -> _Form:
    if index >= len(reader.pages):
        raise MassagePrintError(
            f"the plan places page {index + 1} of {name}, which has {len(reader.pages)} pages"
        )
    try:
        return _make_form(writer, reader.pages[index], flatten, clones.setdefault(name, {}))
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
    if info.language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(info.language)
    if duplex is not None or no_scaling:
        prefs = writer.create_viewer_preferences()
        if no_scaling:
            prefs.print_scaling = NameObject("/None")
        if duplex is not None:
            prefs.duplex = NameObject(_DUPLEX_NAMES[duplex])
    # Random identifiers, replaced below by a digest of the file (same input, same bytes).
    writer.generate_file_identifiers()
    buffer = io.BytesIO()
    writer.write(buffer)
    return stamp_id(buffer.getvalue())
