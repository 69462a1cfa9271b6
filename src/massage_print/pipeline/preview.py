"""`preview`: every page of an output as a PNG, and one contact sheet per output.

``OUT/preview/<output>-<page>.png`` (page numbers zero-padded to the same width) hold the
pages; ``OUT/preview/<output>.png`` shows them all as labelled thumbnails: a booklet in
reading order as spreads (the cover alone, then facing pages side by side), cards and card
sheets as fronts beside their backs, anything else page by page. The look of the contact
sheet comes from the ``preview`` layout. PNGs carry no time stamps: the same PDF gives the
same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..layout.loader import load_layout
from ..layout.schema import PreviewLayout
from ..pdf.raster import iter_pages
from ..pdf.writer import write_outputs

Group = tuple[int | None, ...]
"""Page indices shown side by side; None leaves an empty place (the cover's left)."""

SPREAD_OUTPUTS = ("booklet",)
"""Outputs in reading order, shown as spreads."""
PAIRED_OUTPUTS = ("cards", "cards-print")
"""Outputs whose pages alternate front and back."""


def groups_for(stem: str, pages: int) -> list[Group]:
    """How an output's pages are grouped on its contact sheet."""
    if stem in SPREAD_OUTPUTS and pages > 2:
        spreads: list[Group] = [(None, 0)]
        for left in range(1, pages, 2):
            spreads.append((left, left + 1) if left + 1 < pages else (left, None))
        return spreads
    if stem in PAIRED_OUTPUTS:
        return [(i, i + 1) if i + 1 < pages else (i,) for i in range(0, pages, 2)]
    return [(i,) for i in range(pages)]


def page_file(stem: str, page: int, pages: int) -> str:
    """``booklet-07.png``: 1-based, zero-padded to the width of the page count (at least 2)."""
    return f"{stem}-{page:0{max(2, len(str(pages)))}d}.png"


def png_bytes(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def thumbnail(picture: Image.Image, height: int) -> Image.Image:
    """The picture scaled to ``height`` pixels (as it is if it already has that height)."""
    if picture.height == height:
        return picture
    width = max(1, round(picture.width * height / picture.height))
    return picture.resize((width, height), Image.Resampling.LANCZOS)


def contact_sheet(
    pictures: Sequence[Image.Image], groups: Sequence[Group], layout: PreviewLayout
) -> Image.Image:
    """All pages as thumbnails, grouped, each labelled with its page number."""
    height = layout.thumb_height
    thumbs = [thumbnail(pic, height) for pic in pictures]
    slot = max((t.width for t in thumbs), default=1)
    font = ImageFont.truetype(layout.font, layout.label_size)
    label_h = layout.label_gap + layout.label_size + 4
    widths = [len(g) * slot + (len(g) - 1) * layout.page_gap for g in groups]
    rows = [
        list(range(i, min(i + layout.per_row, len(groups))))
        for i in range(0, len(groups), layout.per_row)
    ]
    row_widths = [sum(widths[i] for i in row) + layout.group_gap * (len(row) - 1) for row in rows]
    sheet_w = 2 * layout.margin + max(row_widths, default=slot)
    row_h = height + label_h
    sheet_h = 2 * layout.margin + len(rows) * row_h + max(0, len(rows) - 1) * layout.group_gap
    sheet = Image.new("RGB", (sheet_w, sheet_h), layout.background)
    draw = ImageDraw.Draw(sheet)
    y = layout.margin
    for row in rows:
        x = layout.margin
        for index in row:
            for place, page in enumerate(groups[index]):
                left = x + place * (slot + layout.page_gap)
                if page is None:
                    continue
                thumb = thumbs[page]
                # Facing pages meet at the fold: a left page sits right in its place.
                offset = slot - thumb.width if place == 0 and len(groups[index]) > 1 else 0
                sheet.paste(thumb, (left + offset, y))
                draw.rectangle(
                    (left + offset - 1, y - 1, left + offset + thumb.width, y + height),
                    outline=layout.page_edge,
                )
                text = str(page + 1)
                width = draw.textlength(text, font=font)
                draw.text(
                    (left + offset + (thumb.width - width) / 2, y + height + layout.label_gap),
                    text,
                    fill=layout.label,
                    font=font,
                )
            x += widths[index] + layout.group_gap
        y += row_h + layout.group_gap
    return sheet


def preview_files(data: bytes, stem: str, dpi: int, layout: PreviewLayout) -> dict[str, bytes]:
    """Every page's PNG and the contact sheet of one PDF, by file name."""
    pages: list[bytes] = []
    thumbs: list[Image.Image] = []
    for picture in iter_pages(data, f"{stem}.pdf", dpi):
        pages.append(png_bytes(picture))
        thumbs.append(thumbnail(picture, layout.thumb_height))
    files = {page_file(stem, i + 1, len(pages)): png for i, png in enumerate(pages)}
    files[f"{stem}.png"] = png_bytes(contact_sheet(thumbs, groups_for(stem, len(pages)), layout))
    return files


def write_previews(pdf: Path, folder: Path, dpi: int, layout: str = "preview") -> list[Path]:
    """Render ``pdf`` into ``folder``; remove its page pictures left from a longer version."""
    style = load_layout(layout, PreviewLayout)
    files = preview_files(pdf.read_bytes(), pdf.stem, dpi, style)
    targets = {folder / name: data for name, data in files.items()}
    write_outputs(targets)
    own = re.compile(rf"{re.escape(pdf.stem)}-\d+\.png")
    for old in folder.glob(f"{pdf.stem}-*.png"):
        if own.fullmatch(old.name) and old not in targets:
            old.unlink()
    return sorted(targets)
