"""The front and back covers, drawn straight on the canvas when their page begins."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from ..content.markup import plain, to_paragraph
from ..content.model import Book, Stroke
from ..diagrams import MAP_ASPECT, draw_diagram
from .render import Context, Para
from .styles import colour


def cover_strokes(book: Book, limit: int) -> tuple[Stroke, ...]:
    """The first routine's main strokes, at most ``limit``, in the order they come.

    Every step's strokes, deduplicated; the first stroke of each kind is taken before a
    second of any kind, so that the picture shows the routine's range without clutter.
    """
    seen: dict[Stroke, None] = {}
    for routine in book.routines[:1]:
        for step in routine.steps:
            for stroke in step.diagram:
                seen.setdefault(stroke, None)
    strokes = list(seen)
    firsts = [s for i, s in enumerate(strokes) if s.kind not in {t.kind for t in strokes[:i]}]
    rest = [s for s in strokes if s not in firsts]
    chosen = set((firsts + rest)[:limit])
    return tuple(s for s in strokes if s in chosen)


def _stack_down(canv: Any, items: list[Flowable], x: float, top: float, width: float) -> float:
    """Draw ``items`` downward from ``top``; return the y below the last one."""
    y = top
    for index, item in enumerate(items):
        if index:
            y -= item.getSpaceBefore()
        _, height = item.wrapOn(canv, width, y)
        y -= height
        item.drawOn(canv, x, y)
        y -= item.getSpaceAfter()
    return y


def _height(canv: Any, items: list[Flowable], width: float, room: float) -> float:
    total = 0.0
    for index, item in enumerate(items):
        _, height = item.wrapOn(canv, width, room)
        total += height + (item.getSpaceBefore() if index else 0.0)
        total += item.getSpaceAfter() if index < len(items) - 1 else 0.0
    return total


def _band_bottom(canv: Any, ctx: Context) -> tuple[float, list[Flowable]]:
    """Where the coloured band at the top of both covers ends, and the title set in it.

    The band is as deep on the back cover as on the front, so that it runs on across the
    spine when the booklet lies open face down.
    """
    book, layout, s, g = ctx.book, ctx.layout, ctx.styles, ctx.geometry
    title_style = s.cover_title.clone(
        "cover-title-band", textColor=colour(layout.colours.accent_soft)
    )
    title: list[Flowable] = [Para(to_paragraph(book.title), title_style)]
    title_height = _height(canv, title, g.frame_width, g.frame_height)
    bottom = min(g.height - layout.cover.band, g.top - title_height - layout.box.padding)
    return bottom, title


def _band(canv: Any, ctx: Context, bottom: float) -> None:
    g = ctx.geometry
    canv.saveState()
    canv.setFillColor(colour(ctx.layout.colours.accent))
    canv.rect(0, bottom, g.width, g.height - bottom, stroke=0, fill=1)
    canv.restoreState()


def paint_cover(canv: Any, ctx: Context) -> None:
    book, layout, s, g = ctx.book, ctx.layout, ctx.styles, ctx.geometry
    left, width = g.left(1), g.frame_width
    band_bottom, title = _band_bottom(canv, ctx)
    _band(canv, ctx, band_bottom)
    _stack_down(canv, title, left, g.top, width)

    below: list[Flowable] = []
    if book.subtitle:
        below.append(Para(to_paragraph(book.subtitle), s.cover_subtitle))
    top = band_bottom - layout.chapter.space
    after_subtitle = _stack_down(canv, below, left, top, width) if below else top

    meta: list[Flowable] = []
    if book.author:
        meta.append(Para(to_paragraph(book.author), s.cover_meta))
    if book.edition:
        meta.append(Para(to_paragraph(book.edition), s.cover_meta))
    meta_height = _height(canv, meta, width, g.frame_height) if meta else 0.0
    if meta:
        _stack_down(canv, meta, left, g.bottom + meta_height, width)

    strokes = cover_strokes(book, layout.cover.strokes)
    room = after_subtitle - layout.chapter.space - (g.bottom + meta_height + layout.chapter.space)
    height = min(layout.cover.diagram_height, room)
    if strokes and height > 0:
        box_width = min(width, height * MAP_ASPECT)
        x = left + (width - box_width) / 2
        y = g.bottom + meta_height + layout.chapter.space + (room - height) / 2
        draw_diagram(canv, strokes, None, x, y, box_width, height, layout.diagram)


def paint_back_cover(canv: Any, ctx: Context) -> None:
    book, layout, s, g = ctx.book, ctx.layout, ctx.styles, ctx.geometry
    left, width = g.left(canv.getPageNumber()), g.frame_width
    band_bottom, _ = _band_bottom(canv, ctx)
    _band(canv, ctx, band_bottom)

    items: list[Flowable] = [Para(to_paragraph(book.title), s.centre_title)]
    if book.subtitle:
        items.append(Para(to_paragraph(book.subtitle), s.centre))
    if book.routines:
        L = book.labels
        items.append(Para(escape(L("in_this_booklet")), s.centre_small))
        for routine in book.routines:
            bits = [L.count("step_count", len(routine.steps))]
            if routine.duration_minutes:
                bits.append(L.count("about_minutes", routine.duration_minutes))
            items.append(
                Para(f"<b>{to_paragraph(routine.title)}</b>: {escape(', '.join(bits))}", s.centre)
            )
    height = _height(canv, items, width, g.frame_height)
    room_top = band_bottom - layout.chapter.space
    top = g.bottom + (room_top - g.bottom + height) / 2
    _stack_down(canv, items, left, min(top, room_top), width)

    credit = [plain(x) for x in (book.edition, book.author) if x]
    if credit:
        line = [Para(to_paragraph(" · ".join(credit)), s.centre_small)]
        _stack_down(canv, line, left, g.bottom + _height(canv, line, width, g.frame_height), width)
