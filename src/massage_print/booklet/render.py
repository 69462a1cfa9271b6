"""The booklet as a ReportLab platypus document: page templates, running heads, bookmarks.

Rendering runs twice (or, rarely, a few times): a first, unsaved pass learns the page of
every anchor and the page count; the final pass prints the contents' and cross-references'
page numbers and inserts the "Notes" pages that bring the count to a multiple of four,
before the back cover. Both passes are pure functions of their input, so output is stable.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from ..content.markup import one_line
from ..content.model import Book
from ..diagrams.pictures import Pictures
from ..errors import Location, MassagePrintError, Problem
from ..layout.schema import BookletLayout
from ..pdf.fonts import FontFamily
from ..pdf.writer import DocInfo, canvas_options, finish_reportlab
from ..text import SOFT_HYPHEN, Hyphenator
from .styles import Geometry, Styles, colour

MAX_PASSES = 4
"""Renders tried before giving up on page numbers that keep moving (never seen in practice)."""

COVER, BODY, BACK = "cover", "body", "back"
"""Page template names."""


@dataclass(frozen=True)
class Context:
    """Everything a page or a flowable needs to know about the booklet being made."""

    book: Book
    layout: BookletLayout
    family: FontFamily
    styles: Styles
    geometry: Geometry
    pictures: Pictures = field(default_factory=Pictures)


@dataclass(frozen=True)
class Mark:
    """What happens where a marked flowable is drawn.

    ``key`` names a destination for links and bookmarks (and, when ``record``, the page is
    remembered for page references); ``outline`` adds a bookmark at ``level``; ``head``
    sets the running head (text on even pages, text on odd pages); ``opening`` leaves
    this page without a running head.
    """

    key: str | None = None
    outline: str | None = None
    level: int = 0
    head: tuple[str, str] | None = None
    opening: bool = False
    record: bool = True


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its line breaks for the width it was last wrapped to.

    Tables and containers wrap their cells several times at the same width; breaking the
    lines once per width keeps the two renders of the booklet fast.
    """

    _wrapped: tuple[float, float, float, Any, Any] | None = None
    _guarded: float | None = None
    parsed: ClassVar[dict[tuple[str, str, str | None], list[Any]] | None] = None
    """Parsed text by (mark-up, style, bullet), kept for the span of one :func:`render`."""
    where_now: ClassVar[Location | None] = None
    """The content place paragraphs made now come from (set by the story builder)."""
    broken: ClassVar[dict[tuple[Location | None, str], None] | None] = None
    """Words cut at a box edge during one :func:`render` (with their place), in order."""

    def __init__(
        self,
        text: str | None,
        style: Any = None,
        bulletText: Any = None,
        frags: Any = None,
        **kwargs: Any,
    ) -> None:
        cache, key = Para.parsed, None
        if cache is not None and frags is None and text is not None and style is not None:
            key = (text, style.name, bulletText if isinstance(bulletText, str) else None)
            known = cache.get(key)
            if known is not None:
                frags = [frag.clone() for frag in known]
        super().__init__(text, style, bulletText, frags, **kwargs)
        self.where = Para.where_now
        if cache is not None and key is not None and key not in cache:
            cache[key] = [frag.clone() for frag in self.frags]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        cached = self._wrapped
        if cached is not None and cached[0] == avail_width:
            _, self.width, self.height, self.blPara, self._wrapWidths = cached
            return self.width, self.height
        if self._guarded is None or avail_width < self._guarded:
            self._guard_long_words(avail_width)
        width, height = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, width, height, self.blPara, self._wrapWidths)
        return width, height

    def _guard_long_words(self, avail_width: float) -> None:
        """Give a word that cannot fit the line even at its break points soft hyphens at the
        box edge, so that ReportLab breaks it there with a hyphen (never without one, never
        past the edge), and note it for a warning."""
        self._guarded = avail_width
        style = self.style
        room = avail_width - style.leftIndent - style.rightIndent - max(0, style.firstLineIndent)
        if room <= 0:
            return
        split = getattr(style, "hyphenationLang", None)
        owner = getattr(split, "__self__", None)
        hyphens = owner if isinstance(owner, Hyphenator) else Hyphenator(None)
        for frag in self.frags:
            text = getattr(frag, "text", None)
            if not text or not hasattr(frag, "fontName"):
                continue
            guarded = guard_words(text, frag.fontName, frag.fontSize, room, hyphens)
            if guarded is not None:
                frag.text, words = guarded
                if Para.broken is not None:
                    for word in words:
                        Para.broken[(self.where, word)] = None


class Marked(Flowable):  # type: ignore[misc]
    """A flowable that applies :class:`Mark` s (bookmarks, anchors, heads) where drawn."""

    def __init__(self, inner: Flowable, *marks: Mark) -> None:
        super().__init__()
        self.inner = inner
        self.marks = marks
        self.keepWithNext = inner.getKeepWithNext()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.inner.splitOn(self.canv, avail_width, avail_height)
        if not parts:
            return []
        return [Marked(parts[0], *self.marks), *parts[1:]]

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        doc = self.canv._doctemplate
        if isinstance(doc, BookletDoc):
            for mark in self.marks:
                doc.apply_mark(mark, self.canv, self.height)
            if doc.dry:
                return
        self.inner.drawOn(self.canv, 0, 0)


def _skip_draw(*args: Any, **kwargs: Any) -> None:
    return None


class _Frame(Frame):  # type: ignore[misc]
    """A frame that, in a measuring pass, lays flowables out without drawing them.

    Only :class:`Marked` flowables still "draw" (to record their pages); layout never
    depends on drawing, so the pages come out as in the final pass.
    """

    dry = False

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        """A copy to measure a kept-together group in (platypus deep-copies the frame).

        Every attribute is a number or a string but two lists: the frame backgrounds,
        copied, and generated content, which platypus deletes from the copy at once.
        A deep copy cost about a tenth of the booklet's final pass.
        """
        twin = copy.copy(self)
        twin.__dict__.pop("_generated_content", None)
        if "_frameBGs" in self.__dict__:
            twin._frameBGs = copy.deepcopy(self._frameBGs, memo)
        return twin

    def add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:
        if self.dry and not isinstance(flowable, Marked):
            flowable.drawOn = _skip_draw
        return int(self._add(flowable, canv, trySplit))


class _MirroredTemplate(PageTemplate):  # type: ignore[misc]
    """A page template whose text area follows the inner margin to the fold side."""

    def __init__(
        self,
        template_id: str,
        geometry: Geometry,
        on_page: Callable[[Any, Any], None],
        on_page_end: Callable[[Any, Any], None],
    ) -> None:
        g = geometry
        self.recto = self._frame(f"{template_id}-recto", g.recto_left, g)
        self.verso = self._frame(f"{template_id}-verso", g.verso_left, g)
        super().__init__(
            id=template_id,
            frames=[self.recto],
            onPage=on_page,
            onPageEnd=on_page_end,
            pagesize=(g.width, g.height),
        )

    @staticmethod
    def _frame(frame_id: str, left: float, g: Geometry) -> _Frame:
        return _Frame(
            left,
            g.bottom,
            g.frame_width,
            g.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=frame_id,
            showBoundary=0,
        )

    def beforeDrawPage(self, canv: Any, doc: Any) -> None:
        self.frames = [self.recto if doc.page % 2 else self.verso]


Painter = Callable[[Any, Context], None]


@dataclass
class PassResult:
    data: bytes
    pages: int
    anchors: dict[str, int]
    """Page of every recorded anchor."""
    all_anchors: dict[str, int] = field(default_factory=dict)
    notes: int = 0
    """Notes pages added to make the page count a multiple of four."""
    broken: tuple[tuple[Location | None, str], ...] = ()
    """Words cut at a box edge (too long even at their break points), with their place."""


PageHint = tuple[dict[str, int], int]
"""The anchors' pages and the notes pages of an earlier render of the same booklet."""


SOURCE_ATTRIBUTE = "mp_source"
"""Flowables made from content carry ``(location, what)`` here, for messages."""


def with_source(flowable: Flowable, where: Location | None, what: str) -> Flowable:
    """Tag ``flowable`` with the content it shows, so a layout failure can name it."""
    setattr(flowable, SOURCE_ATTRIBUTE, (where, what))
    return flowable


def find_source(flowable: Any) -> tuple[Location | None, str] | None:
    """The first content tag on ``flowable`` or inside it (containers, table cells)."""
    queue: list[Any] = [flowable]
    for _ in range(MAX_SOURCE_SEARCH):
        if not queue:
            return None
        item = queue.pop(0)
        found = getattr(item, SOURCE_ATTRIBUTE, None)
        if found is not None:
            return typing.cast(tuple[Location | None, str], found)
        for name in ("inner", "_content", "_cellvalues", "content"):
            value = getattr(item, name, None)
            if isinstance(value, Flowable):
                queue.append(value)
            elif isinstance(value, (list, tuple)):
                for part in value:
                    queue.extend(part if isinstance(part, (list, tuple)) else [part])
    return None


MAX_SOURCE_SEARCH = 2000
"""Flowables looked at when searching for the content a failing block shows."""


class BookletDoc(BaseDocTemplate):  # type: ignore[misc]
    """The platypus document; remembers anchors' pages and the running head as it goes.

    A page's running head is the first one set on it, else the one in force when it began.
    """

    current: Flowable | None = None
    """The flowable being laid out (to name the content when it does not fit)."""

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self.current = flowables[0] if flowables else None
        super().handle_flowable(flowables)

    def __init__(
        self,
        buffer: io.BytesIO,
        ctx: Context,
        info: DocInfo,
        cover: Painter,
        back_cover: Painter,
        dry: bool = False,
    ) -> None:
        g = ctx.geometry
        super().__init__(
            buffer,
            pagesize=(g.width, g.height),
            initialFontName=ctx.family.regular,
            initialFontSize=ctx.layout.text.size,
            **canvas_options(info),
        )
        self.ctx = ctx
        self.dry = dry
        self.anchors: dict[str, int] = {}
        self.all_anchors: dict[str, int] = {}
        self.head: tuple[str, str] = ("", "")
        self.page_head: tuple[str, str] | None = None
        self.start_head = self.head
        self.bare_page = 0
        self._outline_shown = False
        if dry:
            cover = back_cover = _nothing
        templates = [
            _MirroredTemplate(COVER, g, lambda c, d: cover(c, ctx), _nothing),
            _MirroredTemplate(BODY, g, self._begin, self._decorate),
            _MirroredTemplate(BACK, g, lambda c, d: back_cover(c, ctx), _nothing),
        ]
        for template in templates:
            template.recto.dry = template.verso.dry = dry
        self.addPageTemplates(templates)

    def apply_mark(self, mark: Mark, canv: Any, height: float) -> None:
        if mark.key is not None:
            self.all_anchors.setdefault(mark.key, self.page)
            if mark.record:
                self.anchors.setdefault(mark.key, self.page)
        if mark.key is not None and not self.dry:
            canv.bookmarkHorizontal(mark.key, 0, height)
            if mark.outline is not None:
                canv.addOutlineEntry(mark.outline, mark.key, mark.level, closed=mark.level > 0)
                if not self._outline_shown:
                    canv.showOutline()
                    self._outline_shown = True
        if mark.head is not None:
            self.head = mark.head
            if self.page_head is None:
                self.page_head = mark.head
        if mark.opening:
            self.bare_page = self.page

    def _begin(self, canv: Any, doc: Any) -> None:
        self.start_head = self.head
        self.page_head = None

    def _decorate(self, canv: Any, doc: Any) -> None:
        """Running head and page number, drawn when the page is complete."""
        if self.dry:
            return
        ctx = self.ctx
        layout, g = ctx.layout, ctx.geometry
        page = self.page
        left = g.left(page)
        right = left + g.frame_width
        recto = bool(page % 2)
        canv.saveState()
        if self.bare_page != page:
            head = self.page_head or self.start_head
            text = head[1] if recto else head[0]
            font, size = ctx.family.regular, layout.head.size
            text = fit_text(text, font, size, g.frame_width)
            baseline = g.top + layout.head.gap
            canv.setFont(font, size)
            canv.setFillColor(colour(layout.colours.muted))
            if recto:
                canv.drawRightString(right, baseline, text)
            else:
                canv.drawString(left, baseline, text)
            if layout.head.rule > 0:
                rule = g.top + (layout.head.gap + getDescent(font, size)) / 2
                canv.setStrokeColor(colour(layout.colours.rule))
                canv.setLineWidth(layout.head.rule)
                canv.line(left, rule, right, rule)
        canv.setFont(ctx.family.bold, layout.folio.size)
        canv.setFillColor(colour(layout.colours.muted))
        baseline = g.bottom - layout.folio.gap
        if recto:
            canv.drawRightString(right, baseline, str(page))
        else:
            canv.drawString(left, baseline, str(page))
        canv.restoreState()


def _nothing(canv: Any, doc: Any) -> None:
    return None


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, shortened at a word with an ellipsis if it is wider than ``width``."""
    text = one_line(text)
    if stringWidth(text, font, size) <= width:
        return text
    words = text.split()
    # Bisection on the number of words kept (a bounded number of measurements).
    fits, fails = 0, len(words)
    while fails - fits > 1:
        middle = (fits + fails) // 2
        if stringWidth(" ".join(words[:middle]) + " …", font, size) <= width:
            fits = middle
        else:
            fails = middle
    return " ".join(words[:fits]) + " …" if fits else ""


class _DryCanvas(Canvas):  # type: ignore[misc]
    """A canvas for the measuring pass: lays out every page but writes nothing."""

    def save(self) -> None:
        return None


StoryMaker = Callable[[Mapping[str, int], int], Sequence[Flowable]]
"""``(page of each anchor, notes pages) -> story``."""


def run_pass(
    ctx: Context,
    info: DocInfo,
    story: Sequence[Flowable],
    cover: Painter,
    back_cover: Painter,
    *,
    final: bool,
) -> PassResult:
    buffer = io.BytesIO()
    doc = BookletDoc(buffer, ctx, info, cover, back_cover, dry=not final)
    try:
        doc.build(list(story), canvasmaker=Canvas if final else _DryCanvas)
    except LayoutError as exc:
        where = re.search(r"on page (\d+)", str(exc))
        page = f" (page {where.group(1)})" if where else ""
        source = find_source(doc.current)
        location, what = source if source is not None else (None, "a block")
        raise MassagePrintError(
            Problem(
                location,
                f"{what} is taller than a page's text area of the booklet{page}; "
                "shorten that text or use smaller margins or type",
            )
        ) from exc
    data = finish_reportlab(buffer.getvalue()) if final else b""
    return PassResult(data, doc.page, dict(doc.anchors), dict(doc.all_anchors))


def render(
    ctx: Context,
    info: DocInfo,
    make_story: StoryMaker,
    cover: Painter,
    back_cover: Painter,
    hint: PageHint | None = None,
) -> PassResult:
    """Render until the page numbers printed are the pages things landed on.

    ``hint`` (from an earlier render, as ``watch`` keeps it) starts from its page numbers:
    after a small edit they usually still hold, and one pass is enough.
    """
    refs: dict[str, int] | None = dict(hint[0]) if hint is not None else None
    notes = hint[1] if hint is not None else 0
    Para.parsed = {}  # every pass makes the same paragraphs: parse each text once
    Para.broken = {}
    try:
        for _ in range(MAX_PASSES):
            final = refs is not None
            story = make_story(refs or {}, notes)
            result = run_pass(ctx, info, story, cover, back_cover, final=final)
            want = -(result.pages - notes) % 4
            if final and result.anchors == refs and want == notes:
                return dataclasses.replace(result, notes=notes, broken=tuple(Para.broken or ()))
            refs, notes = result.anchors, want
    finally:
        Para.parsed = None
        Para.broken = None
    raise MassagePrintError(
        "the booklet's page numbers did not settle; please report this with your content"
    )


_BREAKS = re.compile(r"([ \t\n\r]+)")


WIDEST_GLYPH = 1.6
"""No glyph of the fonts is wider than this many ems (a cheap bound before measuring)."""


@lru_cache(maxsize=1 << 14)
def guard_words(
    text: str, font: str, size: float, room: float, hyphens: Hyphenator
) -> tuple[str, tuple[str, ...]] | None:
    """``text`` with soft hyphens at the box edge in every word whose parts between its break
    points (dictionary, soft hyphen, hyphen) do not fit ``room``; None when every word fits.

    Such a word gets a soft hyphen at each of its break points too, since ReportLab breaks a
    word holding soft hyphens at those only.
    """
    longest = max((len(word) for word in text.split()), default=0)
    if longest * size * WIDEST_GLYPH <= room or all(
        stringWidth(word, font, size) <= room for word in text.split()
    ):
        return None
    hyphen = stringWidth("-", font, size)
    parts = _BREAKS.split(text)
    broken: list[str] = []
    for index, word in enumerate(parts):
        if index % 2 or stringWidth(word, font, size) <= room:
            continue
        clean = word.replace(SOFT_HYPHEN, "")
        soft = [j - n for n, j in enumerate(j for j, c in enumerate(word) if c == SOFT_HYPHEN)]
        points = set(soft) if soft else set(hyphens.points(clean))
        points |= {i + 1 for i, c in enumerate(clean[:-1]) if c == "-"}
        pieces: list[str] = []
        cut = False
        start = 0
        for end in [*sorted(p for p in points if 0 < p < len(clean)), len(clean)]:
            piece = clean[start:end]
            if stringWidth(piece, font, size) + hyphen > room:
                chunk, used = "", 0.0
                for char in piece:
                    w = stringWidth(char, font, size)
                    if chunk and used + w + hyphen > room:
                        pieces.append(chunk)
                        chunk, used, cut = "", 0.0, True
                    chunk += char
                    used += w
                pieces.append(chunk)
            else:
                pieces.append(piece)
            start = end
        if cut:
            joined = pieces[0]
            for piece in pieces[1:]:
                joined += ("" if joined.endswith("-") else SOFT_HYPHEN) + piece
            parts[index] = joined
            broken.append(clean)
    if not broken:
        return None
    return "".join(parts), tuple(broken)
