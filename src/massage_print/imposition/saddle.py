"""Saddle-stitch imposition planned as pure data: two pages side by side on each side.

Sheets are landscape; folded in the middle and stapled on the fold they make a booklet.
Page numbers in this module are 1-based within a signature unless said otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER, landscape

from ..errors import MassagePrintError
from ..labels import ENGLISH, Labels
from ..vocabulary import PAPER_WORDS, SADDLE_DUPLEXES, Paper, SaddleDuplex
from .marks import Label, Line, MarkPage
from .plan import Placement, Plan, Rect, Sheet, Side, turned_180

SHEET_SIZES: dict[str, tuple[float, float]] = {"a4": landscape(A4), "letter": landscape(LETTER)}
"""The landscape sheet of each paper."""
DOC = "doc"
"""Source name of the document being imposed."""
MARKS = "marks"
"""Source name of the overlay PDF with fold marks and collating labels."""

MM = 72 / 25.4
FIT_TOLERANCE = 0.01
"""Points a page may exceed its half sheet by and still count as fitting (rounding)."""
SAME_SIZE_TOLERANCE = 0.5
MAX_CREEP_MM = 1.0
MAX_SHIFT_SHARE = 0.1
"""Creep may move the innermost pages by at most this share of a half sheet's width."""


@dataclass(frozen=True)
class SaddleOptions:
    paper: Paper = "a4"
    duplex: SaddleDuplex = "short"
    signature: int = 0
    """Sheets per signature; 0 puts every sheet in one signature."""
    creep_mm: float = 0.0
    """Paper thickness in millimetres; inner sheets move toward the spine by this much each."""
    marks: bool = False
    labels: Labels = ENGLISH
    """The words of the sheet labels and the printing instructions."""


@dataclass(frozen=True)
class SaddleResult:
    plan: Plan
    warnings: tuple[str, ...]
    marks: tuple[MarkPage, ...]
    """One overlay page per sheet side (``plan.sheets[i]`` uses page ``i``); empty without marks."""
    signatures: tuple[int, ...]
    """Sheets in each signature, in order."""
    pages: int
    """Page count after padding with blanks to a multiple of 4."""


SheetPages = tuple[tuple[int, int], tuple[int, int]]
"""``((front left, front right), (back left, back right))`` as the sheet lies flat."""


def saddle_order(pages: int) -> list[SheetPages]:
    """Page numbers on each sheet of one signature of ``pages`` pages (a multiple of 4).

    Sheet 0 is the outermost. Backs are given as seen when the sheet is turned over
    around its short edge (no rotation).
    """
    if pages <= 0 or pages % 4:
        raise ValueError(f"a signature needs a positive multiple of 4 pages, not {pages}")
    return [((pages - 2 * k, 2 * k + 1), (2 * k + 2, pages - 2 * k - 1)) for k in range(pages // 4)]


def padded_count(pages: int) -> int:
    """``pages`` rounded up to a multiple of 4 (at least 4)."""
    return max(4, math.ceil(pages / 4) * 4)


def signature_sheets(pages: int, signature: int) -> list[int]:
    """Sheets in each signature for ``pages`` pages (padded) and ``signature`` sheets each."""
    total = padded_count(pages) // 4
    if signature <= 0 or signature >= total:
        return [total]
    full, rest = divmod(total, signature)
    return [signature] * full + ([rest] if rest else [])


def _mm(points: float) -> str:
    return f"{points / MM:.1f}"


def _size_mm(size: tuple[float, float]) -> str:
    return f"{_mm(size[0])} × {_mm(size[1])} mm"


def _fit_scale(size: tuple[float, float], half: tuple[float, float]) -> float:
    w, h = size
    if w <= half[0] + FIT_TOLERANCE and h <= half[1] + FIT_TOLERANCE:
        return 1.0
    return min(half[0] / w, half[1] / h)


def _check(sizes: Sequence[tuple[float, float]], options: SaddleOptions) -> None:
    if options.paper not in SHEET_SIZES:
        raise MassagePrintError(f"unknown paper {options.paper!r}: use a4 or letter")
    if options.duplex not in SADDLE_DUPLEXES:
        raise MassagePrintError(f"unknown duplex mode {options.duplex!r}: use short or long")
    if options.signature < 0:
        raise MassagePrintError(f"signature must be 0 or more sheets, not {options.signature}")
    if not (0 <= options.creep_mm <= MAX_CREEP_MM):
        raise MassagePrintError(
            f"creep is the paper thickness, 0 to {MAX_CREEP_MM:g} mm, not {options.creep_mm:g}"
        )
    if not sizes:
        raise MassagePrintError("the PDF has no pages")
    for number, (w, h) in enumerate(sizes, 1):
        if not (w > 0 and h > 0 and math.isfinite(w) and math.isfinite(h)):
            raise MassagePrintError(f"page {number} has no usable size ({w} × {h} pt)")


def _size_warnings(
    sizes: Sequence[tuple[float, float]], scales: Sequence[float], options: SaddleOptions
) -> list[str]:
    warnings: list[str] = []
    first = sizes[0]
    odd = next(
        (
            i
            for i, (w, h) in enumerate(sizes)
            if abs(w - first[0]) > SAME_SIZE_TOLERANCE or abs(h - first[1]) > SAME_SIZE_TOLERANCE
        ),
        None,
    )
    if odd is not None:
        warnings.append(
            f"page {odd + 1} is {_size_mm(sizes[odd])}, unlike page 1 ({_size_mm(first)}): "
            "pages of mixed sizes are each centred in their half sheet"
        )
    scaled = [i for i, s in enumerate(scales) if s < 1.0]
    if scaled:
        sheet = SHEET_SIZES[options.paper]
        name = PAPER_WORDS[options.paper]
        article = "an" if name[0] in "AEIOU" else "a"
        half = f"half {article} {name} sheet ({_size_mm((sheet[0] / 2, sheet[1]))})"
        i = scaled[0]
        percent = f"{scales[i] * 100:.1f} %"
        if odd is None:
            warnings.append(
                f"pages are {_size_mm(sizes[i])}, larger than {half}: scaled to {percent}"
            )
        else:
            more = f" ({len(scaled) - 1} more pages scaled too)" if len(scaled) > 1 else ""
            warnings.append(
                f"page {i + 1} is {_size_mm(sizes[i])}, larger than {half}: "
                f"scaled to {percent}{more}"
            )
    return warnings


def _place(
    index: int,
    sizes: Sequence[tuple[float, float]],
    scales: Sequence[float],
    half: int,
    shift: float,
    sheet_size: tuple[float, float],
) -> Placement:
    """Page ``index`` (0-based in the document) centred in half ``half`` (0 left, 1 right).

    ``shift`` moves it toward the spine (creep); it is then clipped to its half.
    """
    sheet_w, sheet_h = sheet_size
    half_w = sheet_w / 2
    w, h = sizes[index]
    scale = scales[index]
    x = half * half_w + (half_w - w * scale) / 2 + (shift if half == 0 else -shift)
    y = (sheet_h - h * scale) / 2
    clip: Rect | None = (half * half_w, 0.0, half_w, sheet_h) if shift > 0 else None
    return Placement(DOC, index, x, y, 0, scale, clip)


def _marks_page(sheet: Sheet, front: bool) -> MarkPage:
    middle = sheet.width / 2
    lines: tuple[Line, ...] = ()
    if front:
        lines = (
            Line(middle, sheet.height - 8 * MM, middle, sheet.height),
            Line(middle, 0, middle, 3 * MM),
        )
    return MarkPage(sheet.width, sheet.height, lines, (Label(middle, 4 * MM, sheet.label),))


def plan_saddle(
    sizes: Sequence[tuple[float, float]], options: SaddleOptions | None = None
) -> SaddleResult:
    """Plan saddle-stitch imposition of pages of ``sizes`` (width, height in points, as shown).

    Blank pages pad the end of the document to a multiple of 4; a blank gets no placement.
    """
    options = options or SaddleOptions()
    _check(sizes, options)
    sheet_w, sheet_h = SHEET_SIZES[options.paper]
    half = (sheet_w / 2, sheet_h)
    scales = [_fit_scale(size, half) for size in sizes]
    warnings = _size_warnings(sizes, scales, options)
    sig_sheets = signature_sheets(len(sizes), options.signature)
    total_sheets = sum(sig_sheets)
    creep = options.creep_mm * MM
    deepest = max(sig_sheets) - 1
    max_shift = deepest * creep
    allowed = half[0] * MAX_SHIFT_SHARE
    if max_shift > allowed + 1e-9:
        largest = math.floor(allowed / deepest / MM * 1000) / 1000
        raise MassagePrintError(
            f"creep {options.creep_mm:g} mm moves the innermost pages {_mm(max_shift)} mm toward "
            f"the spine ({deepest + 1} sheets in one fold), more than the {_mm(allowed)} mm the "
            f"page's half of the sheet allows; the largest creep that fits is {largest:g} mm "
            "(or fold fewer sheets together with --signature)"
        )

    sheets: list[Sheet] = []
    marks: list[MarkPage] = []
    first_page = 0
    sheet_number = 0
    for sig_index, count in enumerate(sig_sheets):
        for k, sides in enumerate(saddle_order(4 * count)):
            sheet_number += 1
            shift = k * creep
            for side_index, pair in enumerate(sides):
                side: Side = "front" if side_index == 0 else "back"
                placements = [
                    _place(
                        first_page + number - 1, sizes, scales, position, shift, (sheet_w, sheet_h)
                    )
                    for position, number in enumerate(pair)
                    if first_page + number - 1 < len(sizes)
                ]
                turned = side == "back" and options.duplex == "long"
                if turned:
                    placements = [
                        turned_180(p, *sizes[p.page], sheet_w, sheet_h) for p in placements
                    ]
                words = options.labels
                label = words("booklet_sheet", n=sheet_number, total=total_sheets)
                if len(sig_sheets) > 1:
                    label += words("booklet_signature", n=sig_index + 1, total=len(sig_sheets))
                label += f", {words(f'side_{side}')}"
                if options.marks:
                    placements.append(
                        Placement(MARKS, len(sheets), 0.0, 0.0, 180 if turned else 0, 1.0)
                    )
                sheet = Sheet(sheet_w, sheet_h, tuple(placements), side, label)
                if options.marks:
                    marks.append(_marks_page(sheet, side == "front"))
                sheets.append(sheet)
        first_page += 4 * count
    return SaddleResult(
        plan=Plan(tuple(sheets)),
        warnings=tuple(warnings),
        marks=tuple(marks),
        signatures=tuple(sig_sheets),
        pages=padded_count(len(sizes)),
    )
