"""The booklet as a ReportLab platypus document: page templates, running heads, bookmarks.

Rendering is one pass: every page number the contents and cross-references print is laid
out with placeholder digits and left open in the pages' content, to be written in once the
pages are known, before the PDF is saved; the "Notes" pages that bring the count
to a multiple of four are added when layout reaches them, before the back cover. Where the
real number would have laid its paragraph out differently (a number of another width that
moves a line break), the booklet is rendered again with the numbers as plain text, until
they settle, as in a classic two-pass render. Every pass is a pure function of its input,
so output is stable.
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
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.paragraph import cleanBlockQuotedText

from ..content.markup import one_line
from ..content.model import Book
from ..diagrams.pictures import Pictures
from ..errors import Location, MassagePrintError, Problem
from ..layout.schema import BookletLayout
from ..pdf.fonts import FontFamily
from ..pdf.writer import DocInfo, canvas_options, finish_reportlab
from ..text import SOFT_HYPHEN, Hyphenator
from .styles import Geometry, Styles, colour

SHARE_LINES = True
"""Whether paragraphs of the same text, type and width share their line breaks (off: the
slow way, to test the shortcut against)."""
MAX_PASSES = 4
"""Renders tried before giving up on page numbers that keep moving (never seen in practice)."""

COVER, BODY, BACK = "cover", "body", "back"
"""Page template names."""

PLACEHOLDER = "00"
"""Printed for a page number before pages are known (in a measuring pass, or for an anchor
that is never drawn); its digits are also the width of an open page-number slot."""
PAGE = "\x00"
"""Stands for the page number in the text around it given to :meth:`PageNumbers.markup`."""
SLOT_CALLBACK = "mp_page_slot"
"""Name of the canvas callback that leaves an open page number's hole."""


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
    lines: ClassVar[dict[tuple[str, str, str | None, float], Any] | None] = None
    """One-line plain paragraphs' line breaks by (mark-up, style, bullet, width), shared by
    the paragraphs of one :func:`render` (their lines are only read, never changed)."""
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
            else:
                frags = _quick_frags(text, style, cache)
        super().__init__(text, style, bulletText, frags, **kwargs)
        self.where = Para.where_now
        if cache is not None and key is not None and key not in cache:
            cache[key] = [frag.clone() for frag in self.frags]

    def draw(self) -> None:
        PageSlots.drawing = self
        super().draw()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        cached = self._wrapped
        if cached is not None and cached[0] == avail_width:
            _, self.width, self.height, self.blPara, self._wrapWidths = cached
            return self.width, self.height
        if self._guarded is None or avail_width < self._guarded:
            self._guard_long_words(avail_width)
        shared, key = Para.lines, None
        if shared is not None and self.text is not None and len(self.frags) == 1:
            bullet = self.bulletText if isinstance(self.bulletText, str) else None
            key = (self.text, self.style.name, bullet, avail_width)
            known = shared.get(key)
            if known is not None:
                self._wrapped = (avail_width, *known)
                self.width, self.height, self.blPara, self._wrapWidths = known
                return self.width, self.height
        width, height = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, width, height, self.blPara, self._wrapWidths)
        if key is not None and self.blPara.kind == 0 and len(self.blPara.lines) == 1:
            shared[key] = (width, height, self.blPara, self._wrapWidths)  # type: ignore[index]
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


PLAIN = "\x00plain"
"""Cache key of a style's fragment for plain text (see :func:`_quick_frags`)."""
_LINK_ONLY = re.compile(r'<a href="(#[\w.-]+)">([^<&\n]*)</a>')


def _quick_frags(
    text: str, style: Any, cache: dict[tuple[str, str, str | None], list[Any]]
) -> list[Any] | None:
    """The fragments ReportLab's parser gives for text without mark-up or entities, or for
    such text that is all one internal link, made from its style's one fragment (parsed
    once per style) without running the parser; None for anything else (left to it)."""
    link = None
    if "<" in text or "&" in text:
        found = _LINK_ONLY.fullmatch(text)
        if found is None:
            return None
        link, text = found.groups()
        clean = text
        if cleanBlockQuotedText(text) != text:
            return None
    else:
        clean = cleanBlockQuotedText(text)
    if not clean or style.textTransform:
        return None
    template = cache.get((PLAIN, style.name, None))
    if template is None:
        template = cache[(PLAIN, style.name, None)] = Paragraph("x", style).frags
    if link is None:
        return [template[0].clone(text=clean)]
    return [template[0].clone(text=clean, link=[(0, link)], __tag__="a")]


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


class PageNumbers:
    """How the story prints the page an anchor lands on (paragraph mark-up)."""

    def markup(self, key: str, style: ParagraphStyle, text: str = PAGE) -> str:
        """Mark-up of ``text`` (plain text; :data:`PAGE` in it stands for the page of
        ``key``) in a paragraph of ``style``. It must be drawn in the style's font and
        colour, as one piece (no spaces where a line may break)."""
        raise NotImplementedError


class KnownPages(PageNumbers):
    """Page numbers as plain text, from an earlier pass (:data:`PLACEHOLDER` if unknown)."""

    def __init__(self, refs: Mapping[str, int]) -> None:
        self.refs = refs

    def markup(self, key: str, style: ParagraphStyle, text: str = PAGE) -> str:
        page = str(self.refs[key]) if key in self.refs else PLACEHOLDER
        return escape(text.replace(PAGE, page))


@dataclass(frozen=True)
class Slot:
    """An open page number: ``text`` with the page of ``key`` for :data:`PAGE`, in
    this type."""

    key: str
    text: str
    font: str
    size: float
    align: int


@dataclass(frozen=True)
class _Hole:
    """Where an open page number was left in a page's content: the text state there."""

    name: str
    font: str
    size: float
    leading: float
    subset: int
    """Font subset selected before the text."""
    after: int
    """Font subset the text after it expects selected."""


_SLOT_MARKUP = re.compile(rf'<onDraw name="{SLOT_CALLBACK}" label="(\w+)"/>')
_HOLE = re.compile("\x00([0-9]+)\x00")


class PageSlots(PageNumbers):
    """Page numbers left open, written into the pages' content once the pages are known.

    An open number is its text with placeholder digits, then a zero-width callback (a
    mark before the text would stick to the word before it). The paragraph is laid out
    with the placeholder; when drawn, the callback swaps the text just written for a hole
    in the page's content, and :meth:`fill` writes the real text into every hole before the
    PDF is saved: in the same text object, as the paragraph would have written it. As the
    layout used the placeholder's width, :meth:`agrees` checks, for every text of another
    width, that the real one lays its paragraph out the same.
    """

    drawing: ClassVar[Para | None] = None
    """The paragraph being drawn (set by :meth:`Para.draw`)."""

    def __init__(self, digits: int = len(PLACEHOLDER)) -> None:
        self.placeholder = "0" * digits
        self.slots: dict[str, Slot] = {}
        self.names: dict[tuple[str, str, str], str] = {}
        self.holes: list[_Hole] = []
        self.drawn: dict[int, Para | None] = {}
        """Paragraphs that drew an open number (``None``: one that cannot be checked)."""

    def markup(self, key: str, style: ParagraphStyle, text: str = PAGE) -> str:
        name = self.names.get((key, style.name, text))
        if name is None:
            name = f"n{len(self.names)}"
            self.names[(key, style.name, text)] = name
            self.slots[name] = Slot(key, text, style.fontName, style.fontSize, style.alignment)
        shown = escape(text.replace(PAGE, self.placeholder))
        return f'{shown}<onDraw name="{SLOT_CALLBACK}" label="{name}"/>'

    def install(self, canv: Any) -> None:
        """Let ``canv`` (a :class:`_SlotCanvas`) leave holes for open numbers."""
        canv.setNamedCB(SLOT_CALLBACK, self._draw)

    def _draw(self, canv: Any, kind: str, label: str) -> None:
        shown = self.slots[label].text.replace(PAGE, self.placeholder)
        tx = canv._curr_tx_info["tx"]
        para = PageSlots.drawing
        hole = tx.hole(shown, label, len(self.holes)) if isinstance(tx, _SlotText) else None
        if hole is None:  # not drawn in one piece: render with the numbers as text
            self.drawn[-1 - len(self.drawn)] = None
            return
        self.holes.append(hole)
        if para is not None and para.text is not None:
            self.drawn.setdefault(id(para), para)
        else:
            self.drawn[-1 - len(self.drawn)] = None

    def texts(self, anchors: Mapping[str, int], open_: bool = False) -> dict[str, str]:
        """Each open number's text, with the real page (``open_``: the placeholder)."""

        def page(key: str) -> str:
            if open_:
                return self.placeholder
            return str(anchors[key]) if key in anchors else PLACEHOLDER

        return {name: f.text.replace(PAGE, page(f.key)) for name, f in self.slots.items()}

    def agrees(self, anchors: Mapping[str, int]) -> bool:
        """Whether every paragraph that drew an open number would have been laid out the
        same with the real number (then the filled holes show exactly what a render with
        the numbers as text shows)."""
        numbers, shown = self.texts(anchors), self.texts(anchors, open_=True)
        differ = {
            name
            for name, f in self.slots.items()
            if stringWidth(numbers[name], f.font, f.size)
            != stringWidth(shown[name], f.font, f.size)
        }
        if not differ:
            return True
        for para in self.drawn.values():
            if para is None:
                return False
            names = set(_SLOT_MARKUP.findall(para.text))
            if names & differ and not self._same_lines(para, numbers, shown, names & differ):
                return False
        return True

    def _same_lines(
        self,
        para: Para,
        numbers: Mapping[str, str],
        shown: Mapping[str, str],
        differ: set[str],
    ) -> bool:
        cached = para._wrapped
        if cached is None:
            return False
        text = para.text
        for name in _SLOT_MARKUP.findall(text):
            slot = f'{escape(shown[name])}<onDraw name="{SLOT_CALLBACK}" label="{name}"/>'
            text = text.replace(slot, escape(numbers[name]))
        broken, Para.broken = Para.broken, None  # its words are the paragraph's own
        try:
            real = Para(text, para.style, para.bulletText)
            real.wrap(cached[0], para.height)
        finally:
            Para.broken = broken
        if real.height != para.height:
            return False
        try:
            mine = self._lines(para, numbers, shown)
        except ValueError:
            return False
        theirs = self._lines(real, numbers, shown)
        if [t for t, _ in mine] != [t for t, _ in theirs]:
            return False
        for line, slots in mine:
            for name, last in slots:
                if name not in differ:
                    continue
                align = self.slots[name].align
                alone = line.strip() == numbers[name]
                if not (align == TA_LEFT and last) and not (
                    align in (TA_RIGHT, TA_CENTER) and alone
                ):
                    return False
        return True

    @staticmethod
    def _lines(
        para: Paragraph, numbers: Mapping[str, str], shown: Mapping[str, str]
    ) -> list[tuple[str, list[tuple[str, bool]]]]:
        """Each line's text (open numbers filled in) and its open numbers (with whether
        nothing follows them on the line)."""
        bl = para.blPara
        out: list[tuple[str, list[tuple[str, bool]]]] = []
        for line in bl.lines:
            if bl.kind == 0:
                out.append((" ".join(line[1]), []))
                continue
            parts: list[str] = []
            slots: list[tuple[str, bool]] = []
            for frag in line.words:
                callback = getattr(frag, "cbDefn", None)
                if callback is None:
                    parts.append(frag.text)
                    if slots and frag.text.strip():
                        slots[-1] = (slots[-1][0], False)
                    continue
                name = str(getattr(callback, "label", ""))
                if getattr(callback, "name", None) != SLOT_CALLBACK or name not in shown:
                    continue
                if not parts or not parts[-1].endswith(shown[name]):
                    raise ValueError("an open page number not in one piece")
                parts[-1] = parts[-1][: -len(shown[name])] + numbers[name]
                slots.append((name, True))
            out.append(("".join(parts), slots))
        return out

    def fill(self, canv: Canvas, anchors: Mapping[str, int]) -> None:
        """Write every open number's real text into its holes in the pages' content.

        A number narrower than its placeholder in a right-aligned or centred line (alone
        there, see :meth:`agrees`) moves by the room it leaves, as the line would have.
        """
        numbers, shown = self.texts(anchors), self.texts(anchors, open_=True)
        writer = PDFTextObject(canv)
        code: list[str] = []
        for hole in self.holes:
            slot, text = self.slots[hole.name], numbers[hole.name]
            writer.setFont(hole.font, hole.size, hole.leading)
            writer._curSubset = hole.subset
            spare = stringWidth(shown[hole.name], hole.font, hole.size) - stringWidth(
                text, hole.font, hole.size
            )
            move = {TA_RIGHT: spare, TA_CENTER: spare / 2}.get(slot.align, 0.0)
            out = writer._formatText(text)
            if move:  # the line's start moves there and back, as TJ needs a font set
                out = f"{fp_str(move)} 0 Td {out} {fp_str(-move)} 0 Td"
            if writer._curSubset != hole.after:
                name = pdfmetrics.getFont(hole.font).getSubsetInternalName(hole.after, canv._doc)
                out += f" {name} {fp_str(hole.size)} Tf {fp_str(hole.leading)} TL"
            code.append(out)
        for page in canv._doc.Pages.pages:
            if "\x00" in page.stream:
                page.stream = _HOLE.sub(lambda m: code[int(m.group(1))], page.stream)


class _SlotText(PDFTextObject):  # type: ignore[misc]
    """A text object that can take back the text it wrote last, leaving a hole."""

    last: tuple[int, str, int, int] | None = None

    def _textOut(self, text: str, TStar: int = 0) -> None:
        self.last = (len(self._code), text, TStar, int(getattr(self, "_curSubset", -1)))
        super()._textOut(text, TStar)

    def hole(self, shown: str, name: str, index: int) -> _Hole | None:
        """Take ``shown``, the end of the text written last, back, leaving hole ``index``;
        None if the text written last does not end so."""
        last, self.last = self.last, None
        if last is None or not shown or not last[1].endswith(shown):
            return None
        at, text, star, subset = last
        after = int(getattr(self, "_curSubset", -1))
        self._curSubset = subset
        head = text[: -len(shown)]
        code = self._formatText(head) + " " if head else ""
        hole = _Hole(name, self._fontname, self._fontsize, self._leading, self._curSubset, after)
        self._curSubset = after
        self._code[at] = f"{code}\x00{index}\x00" + (" T*" if star else "")
        return hole


class _SlotCanvas(Canvas):  # type: ignore[misc]
    """The canvas of a pass with open page numbers (see :class:`PageSlots`)."""

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _SlotText(self, x, y, direction=direction)


class PadToFour(Flowable):  # type: ignore[misc]
    """Where layout adds the pages that bring the booklet to a multiple of four.

    When reached, ``make(n)`` gives the flowables of ``n`` pages, put in its place: enough
    that the pages so far, these and one more (the back cover) are a multiple of four.
    """

    def __init__(self, make: Callable[[int], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (0.0, 0.0)

    def draw(self) -> None:
        return None


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

    notes = 0
    """Pages added by :class:`PadToFour`."""
    slots: PageSlots | None = None
    """Open page numbers of the story, if any."""

    def _startBuild(self, filename: Any = None, canvasmaker: Any = Canvas) -> None:
        super()._startBuild(filename, canvasmaker)
        if self.slots is not None:
            self.slots.install(self.canv)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self.current = flowables[0] if flowables else None
        if isinstance(self.current, PadToFour):
            del flowables[0]
            self.notes = -(self.page + 1) % 4
            flowables[0:0] = self.current.make(self.notes)
            return
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


StoryMaker = Callable[[PageNumbers], Sequence[Flowable]]
"""``how page numbers are printed -> story``; the story ends with a :class:`PadToFour`."""


def run_pass(
    ctx: Context,
    info: DocInfo,
    story: Sequence[Flowable],
    cover: Painter,
    back_cover: Painter,
    *,
    final: bool = True,
    slots: PageSlots | None = None,
) -> PassResult:
    """Lay ``story`` out; ``final`` also draws and saves it.

    With ``slots`` (open page numbers in the story) the PDF is saved only if the real
    numbers agree with the layout (else its data is empty: render again with the numbers
    as text).
    """
    buffer = io.BytesIO()
    doc = BookletDoc(buffer, ctx, info, cover, back_cover, dry=not final)
    maker: type[Canvas] = Canvas if final else _DryCanvas
    if slots is not None:
        doc.slots, doc._doSave, maker = slots, 0, _SlotCanvas
    try:
        doc.build(list(story), canvasmaker=maker)
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
    result = PassResult(b"", doc.page, dict(doc.anchors), dict(doc.all_anchors), doc.notes)
    if slots is not None:
        if not slots.agrees(doc.anchors):
            return result
        slots.fill(doc.canv, doc.anchors)
        doc.canv.save()
    if final:
        result.data = finish_reportlab(buffer.getvalue())
    return result


def render(
    ctx: Context,
    info: DocInfo,
    make_story: StoryMaker,
    cover: Painter,
    back_cover: Painter,
    hint: PageHint | None = None,
    *,
    one_pass: bool = True,
) -> PassResult:
    """Render in one pass, page numbers open until the pages are known; if a real number
    would have moved a line, render with the numbers as text until they settle.

    ``hint`` (from an earlier render, as ``watch`` keeps it) gives the width of the open
    numbers: as many digits as its highest page. Without ``one_pass``, the numbers are
    always text: a measuring pass (or the ``hint``) gives them, then passes until they
    settle (the slow way, to check the fast one against).
    """
    Para.parsed = {}  # every pass makes the same paragraphs: parse each text once
    Para.lines = {} if SHARE_LINES else None
    Para.broken = {}
    try:
        refs: dict[str, int] | None = None
        if one_pass:
            digits = len(PLACEHOLDER)
            if hint is not None and hint[0]:
                digits = len(str(max(hint[0].values())))
            slots = PageSlots(digits)
            result = run_pass(ctx, info, make_story(slots), cover, back_cover, slots=slots)
            if result.data:
                return dataclasses.replace(result, broken=tuple(Para.broken or ()))
            refs = result.anchors
        elif hint is not None:
            refs = dict(hint[0])
        for _ in range(MAX_PASSES):
            final = refs is not None
            story = make_story(KnownPages(refs or {}))
            result = run_pass(ctx, info, story, cover, back_cover, final=final)
            if final and result.anchors == refs:
                return dataclasses.replace(result, broken=tuple(Para.broken or ()))
            refs = result.anchors
    finally:
        Para.parsed = None
        Para.lines = None
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
