"""Draw the deck (``cards.pdf``) with ReportLab: one card face per page, text fitted.

Text is broken into lines and measured with ReportLab's ``stringWidth`` in the embedded fonts
(see :mod:`.text`). A face is laid out at its preferred sizes; if it does not fit, every
size shrinks together, in ``text.size_step`` steps, until the body text reaches the layout's floor
(``text.min_size``), and then the title alone shrinks to the floor. A face that still does not fit
is an error naming the card and its longest field: text is never clipped and never leaves the
safe area.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..content.markup import one_line
from ..content.model import Book, Image
from ..content.views import builtin_view
from ..diagrams import draw_diagram
from ..diagrams.pictures import Pictures
from ..errors import Location, MassagePrintError, Problem
from ..layout.schema import CardsLayout
from ..pdf.fonts import FontFamily
from ..pdf.writer import DocInfo, apply_canvas_info, canvas_options, finish_reportlab
from ..text import MIN_TYPE, Hyphenator, Span, broken_warnings, largest_fit, size_steps
from ..vocabulary import PRESSURES
from .faces import Block, Card, CardFace
from .text import TextBlock, colour, font_measure, layout_text, spans, text_width

ABSOLUTE_MIN_SIZE = MIN_TYPE
"""No text on a card is ever set smaller than this (points), whatever the layout says."""
DIAGRAM_QUANTUM = 2.0
"""Diagram boxes are rounded down to a multiple of this height (points), so that cards share
the few back-map drawings this makes (each is stored once in the PDF)."""

FACT_SEPARATOR = "  ·  "
NO_BREAK = "\xa0"
KEEP_TOGETHER = 24
"""Fact values up to this many characters are not broken across lines."""

Draw = Callable[[Canvas, float, float], None]
"""Draws a piece with its top-left corner at ``(x, top)``."""


@dataclass(frozen=True)
class Piece:
    field: str
    height: float
    draw: Draw
    broken: tuple[str, ...] = ()
    """Words cut at the box edge in this piece (see :mod:`massage_print.text`)."""


@dataclass(frozen=True)
class Geometry:
    """A card page: trim size, bleed and the safe area, in points on the page."""

    width: float
    height: float
    bleed: float
    safe: float

    @property
    def page(self) -> tuple[float, float]:
        return (self.width + 2 * self.bleed, self.height + 2 * self.bleed)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        b = self.bleed
        return (b, b, b + self.width, b + self.height)

    @property
    def safe_box(self) -> tuple[float, float, float, float]:
        """``(left, bottom, right, top)`` of the area every text stays in."""
        inset = self.bleed + self.safe
        return (
            inset,
            inset,
            self.bleed + self.width - self.safe,
            self.bleed + self.height - self.safe,
        )


class FitError(Exception):
    def __init__(self, field: str, size: float) -> None:
        super().__init__(field)
        self.field = field
        self.size = size


def check_layout(layout: CardsLayout) -> None:
    """Refuse a cards layout whose type could be set below the absolute floor."""
    sizes = {
        "text.min_size": layout.text.min_size,
        "text.label_size": layout.text.label_size,
        "text.small_size": layout.text.small_size,
        "text.body_size": layout.text.body_size,
        "text.name_size": layout.text.name_size,
    }
    low = [
        f"{name} {value:g}pt" for name, value in sizes.items() if value < ABSOLUTE_MIN_SIZE - 1e-9
    ]
    if low:
        raise MassagePrintError(
            f"cards layout: type is never set below {ABSOLUTE_MIN_SIZE:g}pt ({', '.join(low)})"
        )
    if layout.text.size_step <= 0:
        raise MassagePrintError("cards layout: text.size_step must be more than 0pt")
    width, height = layout.card
    if 2 * layout.safe_margin >= min(width, height):
        raise MassagePrintError("cards layout: safe_margin leaves no room on the card")


class Typesetter:
    """Colours, sizes and the pieces a face is made of (see :mod:`.text`)."""

    def __init__(
        self, layout: CardsLayout, family: FontFamily, hyphens: Hyphenator | None = None
    ) -> None:
        self.layout = layout
        self.family = family
        self.measure = font_measure(family)
        self.hyphens = hyphens
        self.colours = {
            name: colour(getattr(layout.colours, name))
            for name in (
                "text",
                "muted",
                "accent",
                "accent_soft",
                "rule",
                "caution",
                "caution_fill",
                "tip",
                "tip_fill",
            )
        }
        self.band_text = colour(layout.band.text)
        self.white = Color(1, 1, 1)
        face = pdfmetrics.getFont(family.regular).face
        self.ascent = face.ascent / 1000
        self.descent = -face.descent / 1000
        self._pieces: dict[tuple[Block, float, float], Piece] = {}

    def floor(self, preferred: float) -> float:
        return min(preferred, max(self.layout.text.min_size, ABSOLUTE_MIN_SIZE))

    def sized(self, preferred: float, scale: float) -> float:
        """``preferred`` shrunk by ``scale`` but not below the floor."""
        return max(self.floor(preferred), preferred * scale)

    def text(
        self,
        items: Sequence[Span],
        size: float,
        width: float,
        bullet: str | None = None,
    ) -> tuple[TextBlock, float]:
        """Text broken into lines, and the height it needs.

        The last baseline sits ``leading - size`` above the block's bottom, which can be less
        than the font's descent: the overhang is added to the height, so that descenders stay
        inside.
        """
        lay = self.layout
        mark = None
        indent = 0.0
        if bullet is not None:
            mark = Span(bullet, True, False, self.colours["accent"])
            indent = max(
                lay.text.list_indent * size / lay.text.body_size,
                text_width(bullet + " ", self.family.bold, size),
            )
        block = layout_text(
            items, size, size * lay.text.leading, width, self.measure, self.hyphens, mark, indent
        )
        overhang = max(0.0, size * (self.descent - (lay.text.leading - 1)))
        return block, block.height + overhang

    def spans(
        self, text: str, colour: str = "text", *, bold: bool = False, italic: bool = False
    ) -> list[Span]:
        return spans(text, self.colours[colour], bold=bold, italic=italic)

    def label(self, text: str, colour: str, *, bold: bool = False) -> Span:
        """A word of ours (not content): no markup."""
        return Span(text, bold, False, self.colours[colour])

    # -- pieces ----------------------------------------------------------------------------

    def piece(self, block: Block, width: float, body: float, title: float) -> Piece:
        """``block`` set ``width`` wide, its type shrunk by ``body`` (a title by ``title``).

        A piece depends only on the block, the width and its type size: each is made once and
        kept, since shrinking a face to fit sets many of its blocks at the same size again."""
        text = self.layout.text
        kind = block.kind
        if kind == "title":
            size = self.sized(text.name_size, title)
        elif kind == "line":
            size = self.sized(text.label_size, body)
        elif kind == "footer":
            size = self.sized(text.small_size, body)
        else:
            size = self.sized(text.body_size, body)
        key = (block, width, size)
        made = self._pieces.get(key)
        if made is None:
            made = self._pieces[key] = self._piece(block, width, size)
        return made

    def _piece(self, block: Block, width: float, size: float) -> Piece:
        kind = block.kind
        first = block.items[0]
        if kind == "title":
            return self._stack(
                block.field, [self.text(self.spans(first, "accent", bold=True), size, width)], 0.0
            )
        if kind == "line":
            return self._line(block, width, size)
        if kind == "footer":
            return self._stack(
                block.field, [self.text(self.spans(first, "muted"), size, width)], 0.0
            )
        gap = self._inner_gap(size)
        if kind in ("text", "summary"):
            plain = self.spans(first, italic=kind == "summary")
            return self._stack(block.field, [self.text(plain, size, width)], gap)
        if kind in ("numbered", "bullets"):
            texts = [
                self.text(self.spans(item), size, width, f"{n}." if kind == "numbered" else "•")
                for n, item in enumerate(block.items, 1)
            ]
            return self._stack(block.field, texts, gap)
        if kind == "facts":
            items: list[Span] = []
            for label, value in zip(block.labels, block.items, strict=True):
                if items:
                    items.append(self.label(FACT_SEPARATOR, "muted"))
                items.append(self.label(label + NO_BREAK, "muted"))
                items.extend(_keep(self.spans(value)))
            return self._stack(block.field, [self.text(items, size, width)], gap)
        if kind == "next":
            items = [
                self.label(block.labels[0] + " ", "accent", bold=True),
                *self.spans(first, "accent"),
            ]
            return self._stack(block.field, [self.text(items, size, width)], gap)
        if kind in ("tip", "caution"):
            return self._note(block, width, size, gap)
        raise AssertionError(f"unknown block kind {kind}")

    def _inner_gap(self, size: float) -> float:
        return self.layout.text.gap * size / self.layout.text.body_size / 3

    def _stack(self, field: str, texts: Sequence[tuple[TextBlock, float]], gap: float) -> Piece:
        height = sum(h for _, h in texts) + gap * (len(texts) - 1)

        def draw(canvas: Canvas, x: float, top: float) -> None:
            y = top
            for block, h in texts:
                block.draw(canvas, x, y)
                y -= h + gap

        return Piece(field, height, draw, tuple(w for block, _ in texts for w in block.broken))

    def _line(self, block: Block, width: float, size: float) -> Piece:
        lay = self.layout
        items = self.spans(block.items[0], "text" if block.labels else "muted")
        if block.labels:
            items = [self.label(block.labels[0] + "  ", "muted"), *items]
        if not block.level:
            return self._stack(block.field, [self.text(items, size, width)], 0.0)
        dots = len(PRESSURES)
        icon = dots * lay.dots.size + (dots + 1) * lay.dots.gap
        text, h = self.text(items, size, width - icon)
        height = max(h, lay.dots.size)
        accent, rule, white = self.colours["accent"], self.colours["rule"], self.white
        # Dots centred on the first line's lower-case letters.
        middle = size * (1 - self.descent) / 2 + size * self.descent

        def draw(canvas: Canvas, x: float, top: float) -> None:
            r = lay.dots.size / 2
            cy = min(top - size + middle, top - r)
            canvas.saveState()
            canvas.setLineWidth(lay.text.rule_width)
            for i in range(dots):
                cx = x + r + i * (lay.dots.size + lay.dots.gap)
                filled = i < block.level
                canvas.setStrokeColor(accent if filled else rule)
                canvas.setFillColor(accent if filled else white)
                canvas.circle(cx, cy, r - lay.text.rule_width / 2, stroke=1, fill=1)
            canvas.restoreState()
            text.draw(canvas, x + icon, top)

        return Piece(block.field, height, draw, text.broken)

    def _note(self, block: Block, width: float, size: float, gap: float) -> Piece:
        lay = self.layout
        pad = lay.text.note_padding * size / lay.text.body_size
        inner = width - 2 * pad
        colour = "tip" if block.kind == "tip" else "caution"
        fill = self.colours[f"{colour}_fill"]
        label = self.label(block.labels[0], colour, bold=True)
        if len(block.items) == 1:
            texts = [
                self.text(
                    [
                        Span(label.text + " ", label.bold, label.italic, label.colour),
                        *self.spans(block.items[0]),
                    ],
                    size,
                    inner,
                )
            ]
        else:
            texts = [self.text([label], size, inner)]
            texts += [self.text(self.spans(item), size, inner, "•") for item in block.items]
        body = self._stack(block.field, texts, gap)
        height = body.height + 2 * pad

        def draw(canvas: Canvas, x: float, top: float) -> None:
            canvas.saveState()
            canvas.setFillColor(fill)
            canvas.rect(x, top - height, width, height, stroke=0, fill=1)
            canvas.restoreState()
            body.draw(canvas, x + pad, top - pad)

        return Piece(block.field, height, draw, body.broken)


def _keep(items: list[Span]) -> list[Span]:
    """Short values stay on one line (no break between their words)."""
    if sum(len(s.text) for s in items) > KEEP_TOGETHER:
        return items
    return [Span(s.text.replace(" ", NO_BREAK), s.bold, s.italic, s.colour) for s in items]


@dataclass(frozen=True)
class Laid:
    """A face laid out: pieces with their tops, and the diagram box if any."""

    top: tuple[tuple[Piece, float], ...]
    bottom: tuple[tuple[Piece, float], ...]
    rule_y: float | None
    diagram: tuple[float, float, float, float] | None
    body_size: float

    @property
    def broken(self) -> tuple[str, ...]:
        """Words cut at the box edge on this face."""
        return tuple(w for piece, _ in (*self.top, *self.bottom) for w in piece.broken)


class FaceLayout:
    """Fits one face into the safe area (see the module docstring)."""

    def __init__(self, setter: Typesetter, geometry: Geometry) -> None:
        self.setter = setter
        self.geometry = geometry
        lay = setter.layout
        self.scales = self._scales(lay.text.body_size, lay.text.min_size)
        self.title_scales = self._scales(lay.text.name_size, lay.text.min_size)

    def _scales(self, preferred: float, floor: float) -> list[float]:
        sizes = size_steps(preferred, floor, self.setter.layout.text.size_step)
        return [size / preferred for size in sizes]

    def text_top(self, face: CardFace) -> float:
        lay, geo = self.setter.layout, self.geometry
        top = geo.safe_box[3]
        if face.band is not None:
            band_bottom = geo.bleed + geo.height - lay.band.height
            top = min(top, band_bottom - lay.text.gap)
        return top

    def candidates(self) -> list[tuple[float, float]]:
        """(body scale, title scale) pairs from largest to smallest."""
        pairs = [(s, s) for s in self.scales]
        last = self.scales[-1]
        pairs += [(last, t) for t in self.title_scales if t < last - 1e-12]
        return pairs

    def attempt(self, face: CardFace, body: float, title: float) -> tuple[Laid | None, list[Piece]]:
        lay, geo = self.setter.layout, self.geometry
        left, bottom, right, _ = geo.safe_box
        width = right - left
        top = self.text_top(face)
        size = self.setter.sized(lay.text.body_size, body)
        gap = lay.text.gap * size / lay.text.body_size
        tops = [self.setter.piece(b, width, body, title) for b in face.blocks]
        bottoms = [self.setter.piece(b, width, body, title) for b in face.bottom]
        pieces = tops + bottoms
        used_top = sum(p.height for p in tops) + gap * max(0, len(tops) - 1)
        used_bottom = sum(p.height for p in bottoms) + gap * max(0, len(bottoms) - 1)
        room = top - bottom
        need = used_top + used_bottom + (gap if tops and bottoms else 0.0)
        if face.diagram:
            need += lay.diagram_min_height + (gap if tops else 0.0) + (gap if bottoms else 0.0)
        if need > room + 1e-6:
            return None, pieces
        y = top
        if not face.diagram and not bottoms and face.side == "front":
            y = top - (room - used_top) / 2
        placed_top: list[tuple[Piece, float]] = []
        for piece in tops:
            placed_top.append((piece, y))
            y -= piece.height + gap
        text_bottom = y + gap
        placed_bottom: list[tuple[Piece, float]] = []
        yb = bottom + used_bottom
        for piece in bottoms:
            placed_bottom.append((piece, yb))
            yb -= piece.height + gap
        rule_y = None
        if any(p.field in ("name", "footer") for p in bottoms) and tops:
            rule_y = bottom + used_bottom + gap / 2
        diagram = None
        if face.diagram:
            d_top = (text_bottom - gap) if tops else top
            d_bottom = bottom + used_bottom + (gap if bottoms else 0.0)
            height = math.floor((d_top - d_bottom) / DIAGRAM_QUANTUM) * DIAGRAM_QUANTUM
            diagram = (left, d_top - height, width, height)
        return Laid(tuple(placed_top), tuple(placed_bottom), rule_y, diagram, size), pieces

    def fit(self, face: CardFace) -> Laid:
        pairs = self.candidates()
        found = largest_fit(pairs, lambda pair: self.attempt(face, *pair)[0])
        if found is None:
            _, pieces = self.attempt(face, *pairs[-1])
            blame = max(pieces, key=lambda p: p.height)
            raise FitError(
                blame.field, self.setter.sized(self.setter.layout.text.body_size, pairs[-1][0])
            )
        return found[1]


class DeckRenderer:
    def __init__(
        self,
        layout: CardsLayout,
        family: FontFamily,
        bleed: float,
        book: Book | None = None,
        pictures: Pictures | None = None,
        hyphens: Hyphenator | None = None,
    ) -> None:
        self.book = book
        self.pictures = pictures or Pictures()
        self.layout = layout
        self.family = family
        self.setter = Typesetter(layout, family, hyphens)
        self.broken: list[tuple[Location | None, str]] = []
        """Words cut at the box edge, with the place of their card's content."""
        width, height = layout.card
        self.geometry = Geometry(width, height, bleed, layout.safe_margin)
        self.faces = FaceLayout(self.setter, self.geometry)
        self._diagrams: dict[tuple[object, ...], str] = {}

    def render(self, cards: Sequence[Card], info: DocInfo) -> bytes:
        geo = self.geometry
        buffer = io.BytesIO()
        canvas = Canvas(
            buffer, pagesize=geo.page, initialFontName=self.family.regular, **canvas_options(info)
        )
        apply_canvas_info(canvas, info)  # a bare canvas ignores the title, author, ... keywords
        canvas.setTrimBox(geo.trim_box)
        canvas.setBleedBox((0.0, 0.0, *geo.page))
        problems: list[Problem] = []
        faces: list[tuple[CardFace, Laid]] = []
        for card in cards:
            for face in (card.front, card.back):
                try:
                    laid = self.faces.fit(face)
                except FitError as exc:
                    problems.append(
                        Problem(
                            card.where,
                            f"card for {card.what} ({face.side}): {exc.field} does not fit "
                            f"at {exc.size:g} pt; shorten it",
                        )
                    )
                    continue
                faces.append((face, laid))
                self.broken += [(card.where, word) for word in laid.broken]
                picture = self._picture(face)
                if picture is not None and laid.diagram is not None and laid.diagram[3] > 0:
                    self.pictures.need(picture, laid.diagram[2], laid.diagram[3])
        if problems:
            raise MassagePrintError(problems)
        for face, laid in faces:
            self.draw(canvas, face, laid)
            canvas.showPage()
        canvas.save()
        return finish_reportlab(buffer.getvalue())

    def draw(self, canvas: Canvas, face: CardFace, laid: Laid) -> None:
        lay, geo, setter = self.layout, self.geometry, self.setter
        left, _, right, _ = geo.safe_box
        page_w, page_h = geo.page
        if face.band is not None:
            band_bottom = geo.bleed + geo.height - lay.band.height
            fill = setter.colours["accent" if face.band.style == "technique" else "accent_soft"]
            ink = setter.band_text if face.band.style == "technique" else setter.colours["accent"]
            canvas.saveState()
            canvas.setFillColor(fill)
            canvas.rect(0, band_bottom, page_w, page_h - band_bottom, stroke=0, fill=1)
            self._band_text(canvas, face.band.text, ink, left, right, band_bottom)
            canvas.restoreState()
        for piece, top in (*laid.top, *laid.bottom):
            piece.draw(canvas, left, top)
        if laid.rule_y is not None:
            canvas.saveState()
            canvas.setStrokeColor(setter.colours["rule"])
            canvas.setLineWidth(lay.text.rule_width)
            canvas.line(left, laid.rule_y, right, laid.rule_y)
            canvas.restoreState()
        if laid.diagram is not None and laid.diagram[3] > 0:
            picture = self._picture(face)
            if picture is not None:
                self.pictures.draw(canvas, picture, *laid.diagram)
            else:
                self._diagram(canvas, face, *laid.diagram)

    def _picture(self, face: CardFace) -> Image | None:
        """The face's picture when it shows one: no diagram, or the layout says images win."""
        if face.image is not None and (not face.strokes or self.layout.pictures.images_win):
            return face.image
        return None

    def _diagram(
        self, canvas: Canvas, face: CardFace, x: float, y: float, w: float, h: float
    ) -> None:
        """The stroke diagram, drawn once per distinct drawing as a Form XObject and reused.

        Many cards show the same drawing (a step without its own diagram shows its
        technique's); a form keeps the file small and the drawing fast.
        """
        key = (face.view, face.strokes, face.stance, round(w, 3), round(h, 3))
        name = self._diagrams.get(key)
        if name is None:
            name = f"mpcard{len(self._diagrams)}"
            view = self.book.view(face.view) if self.book else builtin_view(face.view)
            canvas.beginForm(name, lowerx=0, lowery=0, upperx=w, uppery=h)
            draw_diagram(
                canvas,
                face.strokes,
                face.stance,
                0.0,
                0.0,
                w,
                h,
                self.layout.diagram,
                view=view,
                caption_font=self.family.regular,
                caption_min=self.layout.text.min_size,
                language=self.book.language if self.book else "en",
            )
            canvas.endForm()
            self._diagrams[key] = name
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(name)
        canvas.restoreState()

    def _band_text(
        self, canvas: Canvas, text: str, ink: Any, left: float, right: float, band_bottom: float
    ) -> None:
        lay, setter = self.layout, self.setter
        text = one_line(text)
        safe_top = self.geometry.safe_box[3]
        size: float = lay.text.label_size
        font = self.family.bold
        while pdfmetrics.stringWidth(text, font, size) > right - left and size > setter.floor(
            lay.text.label_size
        ):
            size = max(setter.floor(lay.text.label_size), size - lay.text.size_step)
        room = safe_top - band_bottom
        glyphs = size * (setter.ascent + setter.descent)
        if room < glyphs or pdfmetrics.stringWidth(text, font, size) > right - left:
            raise MassagePrintError(
                f"cards layout: the band ('{text}') does not fit inside the safe area; "
                "make band.height larger or safe_margin smaller"
            )
        baseline = band_bottom + (room - glyphs) / 2 + size * setter.descent
        canvas.setFillColor(ink)
        canvas.setFont(font, size)
        canvas.drawString(left, baseline, text)


def render_deck(
    cards: Sequence[Card],
    layout: CardsLayout,
    family: FontFamily,
    bleed: float,
    info: DocInfo,
    book: Book | None = None,
    pictures: Pictures | None = None,
    hyphens: Hyphenator | None = None,
    warnings: list[Problem] | None = None,
) -> bytes:
    """``cards.pdf``: front, back, front, back, ... with TrimBox and BleedBox on every page.

    Words cut at a box edge (too long even hyphenated) are reported into ``warnings``."""
    check_layout(layout)
    renderer = DeckRenderer(layout, family, bleed, book, pictures, hyphens)
    data = renderer.render(cards, info)
    if warnings is not None:
        warnings += broken_warnings("cards.pdf", renderer.broken)
    return data
