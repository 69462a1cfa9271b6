"""The front and back covers, drawn straight on the canvas when their page begins."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from ..content.markup import plain, to_paragraph
from ..content.model import BodyMap, Book, Image, Stroke
from ..diagrams import draw_diagram
from .render import Context, Para
from .styles import colour


def cover_picture(book: Book) -> tuple[tuple[Stroke, ...], BodyMap] | Image | None:
    """What the front cover shows: one clean diagram, a picture, or nothing.

    ``cover: {technique: ID}`` gives that technique's diagram; ``{image: PATH}`` the picture;
    ``none`` nothing. By default: the diagram of the first step (of the first routine) that
    has one, else of the first technique that has one.
    """
    cover = book.cover
    if cover.kind == "none":
        return None
    if cover.kind == "image":
        return cover.image
    if cover.kind == "technique" and cover.technique is not None:
        technique = book.technique(cover.technique)
        return technique.diagram, book.view(technique.view)
    for routine in book.routines:
        for step in routine.steps:
            if step.diagram:
                return step.diagram, book.view(step.view)
    for technique in book.techniques:
        if technique.diagram:
            return technique.diagram, book.view(technique.view)
    return None


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

    picture = cover_picture(book)
    room = after_subtitle - layout.chapter.space - (g.bottom + meta_height + layout.chapter.space)
    height = min(layout.cover.diagram_height, room)
    y = g.bottom + meta_height + layout.chapter.space + (room - height) / 2
    if picture is None or height <= 0:
        return
    if isinstance(picture, Image):
        ctx.pictures.draw(canv, picture, left, y, width, height)
    else:
        strokes, view = picture
        box_width = min(width, height * view.aspect)
        x = left + (width - box_width) / 2
        draw_diagram(canv, strokes, None, x, y, box_width, height, layout.diagram, view=view)


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
                Para(
                    f"<b>{to_paragraph(routine.title)}</b>{escape(L('colon', text=''))} "
                    f"{escape(', '.join(bits))}",
                    s.centre,
                )
            )
    height = _height(canv, items, width, g.frame_height)
    room_top = band_bottom - layout.chapter.space
    top = g.bottom + (room_top - g.bottom + height) / 2
    _stack_down(canv, items, left, min(top, room_top), width)

    credit = [plain(x) for x in (book.edition, book.author) if x]
    if credit:
        line = [Para(to_paragraph(" · ".join(credit)), s.centre_small)]
        _stack_down(canv, line, left, g.bottom + _height(canv, line, width, g.frame_height), width)
