"""The booklet's pages as a platypus story, in reading order.

Cover; contents; front matter and how to read the diagrams; safety; per routine an
opening page and one page per step; the technique glossary; back matter and sources;
"Notes" pages up to a multiple of four pages; the back cover (always last).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PTOContainer,
    SetPageTopFlowables,
    Spacer,
    Table,
    TableStyle,
)

from ..content.markup import plain, to_paragraph
from ..content.model import (
    Block,
    BodyMap,
    Book,
    Bullets,
    Chapter,
    Image,
    Routine,
    Section,
    Step,
    Stroke,
    Technique,
)
from ..diagrams import DiagramFlowable, LegendFlowable, legend_labels
from ..diagrams.draw import caption_size
from ..diagrams.pictures import fit
from ..labels import capital, collation_key, fill, repeat_text
from ..pdf.writer import DocInfo, canvas_options
from .render import (
    BACK,
    BODY,
    PAGE,
    Context,
    Mark,
    Marked,
    PadToFour,
    PageNumbers,
    Para,
    with_source,
)
from .styles import colour

SPLIT_CUES_TALLER_THAN = 0.5
"""A cue is split across pages only when it is taller than this part of a page."""
MIN_SPLIT_LINES = 2
"""Fewest lines of a box's text left on either side of a page break."""
NBSP = "\xa0"

BULLET = "•"

FIT_SLACK = 2.0
"""Points kept free when a step is sized to the room left on a page (rounding in layout)."""
KEEP_HEAD = 5
"""Leading flowables of a glossary entry kept on one page: name, summary, "How", two cues."""
KEEP_TAIL = 3
"""Closing flowables of a glossary entry kept together (never a lone line on a new page)."""
BoxKind = Literal["tip", "caution", "soft"]


@dataclass(frozen=True)
class TocEntry:
    title: str
    """Paragraph mark-up."""
    key: str
    level: Literal["chapter", "routine", "section"]


def routine_key(routine: Routine) -> str:
    return f"routine-{routine.id}"


def section_key(routine: Routine, index: int) -> str:
    return f"section-{routine.id}-{index + 1}"


def step_key(routine: Routine, step: Step) -> str:
    return f"step-{routine.id}-{step.number}"


def technique_key(technique: Technique) -> str:
    return f"tech-{technique.id}"


def _head(text: str) -> tuple[str, str]:
    return (plain(text), plain(text))


class StoryBuilder:
    """Builds the story, printing page numbers as ``numbers`` says."""

    def __init__(self, ctx: Context, numbers: PageNumbers) -> None:
        self.ctx = ctx
        self.book = ctx.book
        self.layout = ctx.layout
        self.s = ctx.styles
        self.g = ctx.geometry
        self.numbers = numbers
        self.width = ctx.geometry.frame_width
        # Only for measuring flowables; never saved.
        self.measure = Canvas(
            io.BytesIO(),
            pagesize=(self.g.width, self.g.height),
            initialFontName=ctx.family.regular,
            **canvas_options(DocInfo(title="measure")),
        )
        self.accent = self.layout.colours.accent
        self.L = ctx.book.labels
        self._pieces: dict[int, tuple[Flowable, list[Flowable]]] = {}
        self._cells: dict[int, list[list[Flowable]]] = {}

    # -- helpers -------------------------------------------------------------------------

    def page(self, key: str, style: ParagraphStyle, text: str = PAGE) -> str:
        """Mark-up of the page ``key`` is on (``text`` around it; :data:`PAGE` stands for
        the number), in a paragraph of ``style``."""
        return self.numbers.markup(key, style, text)

    def link(self, key: str, markup: str, colour_name: str | None = None) -> str:
        col = f' color="{colour_name}"' if colour_name else ""
        return f'<a href="#{key}"{col}>{markup}</a>'

    def para(self, text: str, style: object) -> Para:
        return Para(to_paragraph(text), style)

    def height(self, flowable: Flowable) -> float:
        _, h = flowable.wrapOn(self.measure, self.width, self.g.frame_height)
        return float(h) + float(flowable.getSpaceAfter())

    def table(self, rows: list[list[object]], widths: Sequence[float], *commands: tuple) -> Table:  # type: ignore[type-arg]
        base: list[tuple] = [  # type: ignore[type-arg]
            ("FONTNAME", (0, 0), (-1, -1), self.ctx.family.regular),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        return SizedTable(
            rows, colWidths=list(widths), style=TableStyle([*base, *commands]), hAlign="LEFT"
        )

    def box(self, rows: Sequence[Flowable], kind: BoxKind) -> Table:
        """Rows on a tinted ground with a coloured bar on the left; splits between rows."""
        c = self.layout.colours
        bar, fill = {
            "tip": (c.tip, c.tip_fill),
            "caution": (c.caution, c.caution_fill),
            "soft": (c.accent, c.accent_soft),
        }[kind]
        pad = self.layout.box.padding
        bar_width = self.layout.box.bar
        last = len(rows) - 1
        table = self.table(
            [[Spacer(0, 0), row] for row in rows],
            [bar_width, self.width - bar_width],
            ("BACKGROUND", (0, 0), (0, -1), colour(bar)),
            ("BACKGROUND", (1, 0), (1, -1), colour(fill)),
            ("LEFTPADDING", (1, 0), (1, -1), pad),
            ("RIGHTPADDING", (1, 0), (1, -1), pad),
            ("TOPPADDING", (1, 0), (1, 0), pad),
            ("TOPPADDING", (1, 1), (1, -1), self.layout.text.item_space),
            ("BOTTOMPADDING", (1, last), (1, last), pad),
        )
        # A row taller than a page (a very long tip) may split, leaving lines on both pages.
        table.splitInRow = MIN_SPLIT_LINES * self.s.box_text.leading
        return table

    def blocks(self, body: Sequence[Block]) -> list[Flowable]:
        out: list[Flowable] = []
        for block in body:
            if isinstance(block, Bullets):
                for i, item in enumerate(block.items):
                    style = self.s.last_bullet if i == len(block.items) - 1 else self.s.bullet
                    out.append(Para(to_paragraph(item), style, bulletText=BULLET))
            else:
                out.append(self.para(block, self.s.body))
        return out

    # -- the whole story -----------------------------------------------------------------

    def toc_entries(self) -> list[TocEntry]:
        book = self.book
        entries = [
            TocEntry(to_paragraph(ch.heading), f"front-{i + 1}", "chapter")
            for i, ch in enumerate(book.front_matter)
        ]
        L = self.L
        entries.append(TocEntry(escape(L("reading_diagrams")), "legend", "chapter"))
        if book.safety:
            entries.append(TocEntry(escape(L("safety")), "safety", "chapter"))
        for routine in book.routines:
            entries.append(TocEntry(to_paragraph(routine.title), routine_key(routine), "routine"))
            for i, section in enumerate(routine.sections):
                entries.append(
                    TocEntry(to_paragraph(section.title), section_key(routine, i), "section")
                )
        if book.techniques:
            entries.append(TocEntry(escape(L("techniques")), "techniques", "chapter"))
        entries += [
            TocEntry(to_paragraph(ch.heading), f"back-{i + 1}", "chapter")
            for i, ch in enumerate(book.back_matter)
        ]
        if book.sources:
            entries.append(TocEntry(escape(L("sources")), "sources", "chapter"))
        return entries

    def story(self) -> list[Flowable]:
        book = self.book
        Para.where_now = book.where
        out: list[Flowable] = [
            Marked(Spacer(0, 0), Mark(key="cover", record=False)),
            NextPageTemplate(BODY),
            PageBreak(),
            *self.contents(),
            PageBreak(),
            *self.front_matter(),
        ]
        if book.safety:
            out += [PageBreak(), *self.safety()]
        for routine in book.routines:
            out += [PageBreak(), *self.routine_opening(routine)]
            for index, section in enumerate(routine.sections):
                out += [PageBreak(), *self.section_pages(routine, section, index)]
        if book.techniques:
            out += [PageBreak(), *self.glossary()]
        back = self.back_matter()
        if back:
            out += [PageBreak(), *back]
        out += [
            PadToFour(self.notes_pages),
            NextPageTemplate(BACK),
            PageBreak(),
            Marked(Spacer(0, 0), Mark(key="back-cover", record=False)),
        ]
        return out

    # -- contents ------------------------------------------------------------------------

    def contents(self) -> list[Flowable]:
        s = self.s
        rows: list[list[object]] = []
        commands: list[tuple] = []  # type: ignore[type-arg]
        for i, entry in enumerate(self.toc_entries()):
            style = {"chapter": s.toc, "routine": s.toc_strong, "section": s.toc_section}[
                entry.level
            ]
            rows.append(
                [
                    Para(self.link(entry.key, entry.title), style),
                    Para(self.link(entry.key, self.page(entry.key, s.toc_page)), s.toc_page),
                ]
            )
            if i and entry.level != "section":
                commands.append(("TOPPADDING", (0, i), (-1, i), self.layout.text.item_space))
        page_width = self.layout.toc.page_width
        word = self.L("contents")
        title = Para(escape(word), s.chapter)
        return [
            Marked(title, Mark(key="contents", outline=word, head=(word, word), opening=True)),
            self.table(rows, [self.width - page_width, page_width], *commands),
        ]

    # -- front and back matter -----------------------------------------------------------

    def chapter(self, chapter: Chapter, key: str, first: bool) -> list[Flowable]:
        style = self.s.chapter if first else self.s.chapter_after
        heading = Marked(
            Para(to_paragraph(chapter.heading), style),
            Mark(key=key, outline=plain(chapter.heading), head=_head(chapter.heading)),
        )
        what = f"chapter '{plain(chapter.heading)}'"
        return [
            with_source(heading, self.book.where, f"{what}: heading"),
            *(
                with_source(block, self.book.where, f"{what}: body")
                for block in self.blocks(chapter.body)
            ),
        ]

    def front_matter(self) -> list[Flowable]:
        out: list[Flowable] = []
        for i, chapter in enumerate(self.book.front_matter):
            out += self.chapter(chapter, f"front-{i + 1}", first=i == 0)
        out.append(self.legend(first=not out))
        return out

    def legend(self, first: bool) -> Flowable:
        layout, family = self.layout, self.ctx.family
        word = self.L("reading_diagrams")
        heading = Marked(
            Para(escape(word), self.s.chapter if first else self.s.chapter_after),
            Mark(key="legend", outline=word, head=(word, word)),
        )
        legend = LegendFlowable(
            self.width,
            layout.diagram,
            family.regular,
            layout.text.legend_size,
            layout.colours.text,
            legend_labels(self.L),
        )
        items: list[Flowable] = [heading, Para(escape(self.L("legend_text")), self.s.body)]
        views = used_views(self.book)
        if views:
            height = layout.glossary.diagram_height
            cell = self.width / max(len(views), 3)
            maps = [self.diagram((), None, view, cell, height) for view in views]
            cells: list[object] = list(maps)
            row = self.table([cells], [cell] * len(maps))
            items += [row, Spacer(0, layout.text.paragraph_space)]
        return KeepTogether([*items, legend])

    def back_matter(self) -> list[Flowable]:
        out: list[Flowable] = []
        for i, chapter in enumerate(self.book.back_matter):
            out += self.chapter(chapter, f"back-{i + 1}", first=i == 0)
        if self.book.sources:
            out += self.sources(first=not out)
        return out

    def sources(self, first: bool) -> list[Flowable]:
        s = self.s
        word = self.L("sources")
        out: list[Flowable] = [
            Marked(
                Para(escape(word), s.chapter if first else s.chapter_after),
                Mark(key="sources", outline=word, head=(word, word)),
            )
        ]
        for source in self.book.sources:
            parts = [f"<i>{to_paragraph(source.title)}</i>"]
            if source.author:
                parts.append(to_paragraph(source.author))
            tail = ", ".join(to_paragraph(x) for x in (source.publisher, source.year) if x)
            if tail:
                parts.append(tail)
            text = ". ".join(parts) + "."
            if source.note:
                items: list[Flowable] = [
                    Para(text, s.body_tight),
                    Para(to_paragraph(source.note), s.small_text),
                ]
                out.append(KeepTogether(items))
            else:
                out.append(Para(text, s.body))
        return out

    # -- safety --------------------------------------------------------------------------

    def safety(self) -> list[Flowable]:
        s = self.s
        rows: list[Flowable] = [Para(escape(self.L("safety_intro")), s.box_caution)]
        rows += [
            Para(to_paragraph(text), s.box_bullet, bulletText=BULLET) for text in self.book.safety
        ]
        word = self.L("safety")
        return [
            Marked(
                Para(escape(word), s.chapter), Mark(key="safety", outline=word, head=(word, word))
            ),
            self.box(rows, "caution"),
        ]

    # -- routines ------------------------------------------------------------------------

    def routine_opening(self, routine: Routine) -> list[Flowable]:
        Para.where_now = routine.where
        s, layout = self.s, self.layout
        out: list[Flowable] = [
            Marked(
                Para(to_paragraph(routine.title), s.chapter),
                Mark(
                    key=routine_key(routine),
                    outline=plain(routine.title),
                    head=_head(routine.title),
                    opening=True,
                ),
            )
        ]
        if routine.summary:
            out.append(self.para(routine.summary, s.body))
        L = self.L
        facts: list[str] = []
        steps = L(
            "steps_in_sections",
            steps=L.count("step_count", len(routine.steps)),
            sections=L.count("section_count", len(routine.sections)),
        )
        facts.append(f"<b>{escape(L('steps'))}</b>  {escape(steps)}")
        if routine.duration_minutes:
            about = L.count("about_minutes", routine.duration_minutes)
            facts.append(f"<b>{escape(L('time'))}</b>  {escape(about)}")
        if routine.setup:
            facts.append(f"<b>{escape(L('setup'))}</b>  {to_paragraph(routine.setup)}")
        out += [Para(text, s.body_tight) for text in facts]
        out.append(Spacer(0, layout.text.paragraph_space))
        if routine.safety:
            rows: list[Flowable] = [Para(escape(self.L("routine_safety_intro")), s.box_caution)]
            rows += [
                Para(to_paragraph(text), s.box_bullet, bulletText=BULLET) for text in routine.safety
            ]
            out += [self.box(rows, "caution"), Spacer(0, layout.text.paragraph_space)]
        listing = self.step_list(routine, tight=False)
        if sum(self.height(f) for f in [*out, *listing]) > self.g.frame_height:
            listing = self.step_list(routine, tight=True)
        return [*out, *listing]

    def step_list(self, routine: Routine, tight: bool) -> list[Flowable]:
        """Each section of ``routine`` with its steps and their pages; ``tight`` saves room."""
        s, layout = self.s, self.layout

        def squeeze(style: ParagraphStyle) -> ParagraphStyle:
            if not tight:
                return style
            return style.clone(
                f"{style.name}-tight", leading=style.fontSize * layout.text.title_leading
            )

        strong, plain_style, page_style = squeeze(s.toc_strong), squeeze(s.toc), squeeze(s.toc_page)
        steps = len(routine.steps)
        number_width = max(
            layout.toc.indent,
            stringWidth(str(steps), self.ctx.family.bold, layout.toc.size)
            + layout.text.paragraph_space,
        )
        page_width = layout.toc.page_width
        widths = [number_width, self.width - number_width - page_width, page_width]
        out: list[Flowable] = []
        for index, section in enumerate(routine.sections):
            first = step_key(routine, section.steps[0])
            rows: list[list[object]] = [
                [
                    Para(
                        self.link(first, f"{index + 1}. {to_paragraph(section.title)}"),
                        s.toc_heading,
                    ),
                    "",
                    "",
                ]
            ]
            for step in section.steps:
                key = step_key(routine, step)
                rows.append(
                    [
                        Para(self.link(key, str(step.number)), strong),
                        Para(self.link(key, to_paragraph(step.title)), plain_style),
                        Para(self.link(key, self.page(key, page_style)), page_style),
                    ]
                )
            table = self.table(
                rows,
                widths,
                ("SPAN", (0, 0), (-1, 0)),
                ("TOPPADDING", (0, 0), (-1, 0), layout.text.paragraph_space if index else 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), layout.text.item_space),
            )
            table.repeatRows = 1
            out.append(table)
        return out

    def facts(self, step: Step) -> list[tuple[str, str]]:
        L = self.L
        out: list[tuple[str, str]] = []
        if step.technique is not None:
            key = technique_key(step.technique)
            name = self.link(key, to_paragraph(step.technique.name), self.accent)
            # No-break spaces: the reference is never split over two lines.
            page = L("page_ref", page=PAGE).replace(" ", NBSP)
            ref = self.link(key, self.page(key, self.s.fact, f"·{NBSP}{page}"))
            # A plain space before the page: a long technique name may hyphenate.
            out.append((L("technique"), f"{name} {ref}"))
        if step.stance:
            out.append((L("where_you_are"), escape(capital(L.word("stance", step.stance)))))
        if step.pressure:
            out.append((L("pressure"), escape(capital(L.word("pressure", step.pressure)))))
        repeat = repeat_text(step, L)
        if repeat:
            out.append((L("repeat"), to_paragraph(repeat)))
        if step.area:
            out.append((L("area"), to_paragraph(step.area)))
        return out

    def fact_cell(self, label: str, value: str) -> list[Flowable]:
        return [Para(escape(label.upper()), self.s.fact_label), Para(value, self.s.fact)]

    def stack(self, flowables: Sequence[Flowable]) -> float:
        """The height flowables take stacked in a frame (space before the first dropped)."""
        total = 0.0
        for i, f in enumerate(flowables):
            total += self.height(f) + (float(f.getSpaceBefore()) if i else 0.0)
        return total

    def section_pages(self, routine: Routine, section: Section, index: int) -> list[Flowable]:
        """A section's steps, sharing pages: each step kept whole, none left alone at a foot.

        A step with a diagram or a picture has it sized to the room the page leaves (between
        the layout's smallest and largest size); a step that does not fit starts a new page.
        So a page of steps is left more than half empty only at the end of a section, or
        before a step taller than half a page.
        """
        gap = self.layout.step.gap
        page = self.g.frame_height
        out: list[Flowable] = [self.section_band(routine, section, index), Spacer(0, gap)]
        room = page - self.stack(out)
        for position, step in enumerate(section.steps):
            lead: list[Flowable] = [Spacer(0, gap * 2)] if position else []
            here = room - self.stack(lead) - FIT_SLACK
            parts = self.step_parts(routine, section, step, here)
            if parts is None or self.stack(parts) > here:
                # Start a new page, unless the section band would be left alone above it.
                if position:
                    out.append(PageBreak())
                    room, lead = page, []
                    here = page - FIT_SLACK
                parts = self.step_parts(routine, section, step, here)
            if parts is None:
                parts = self.step_parts(routine, section, step, page, split=True) or []
                out += [*lead, *parts]
                room = 0.0  # a step taller than a page: the next one starts a new page
                continue
            used = self.stack(parts)
            if position == 0:
                # the section band stays with its first step (never alone at a page foot)
                out = [KeepTogether([*out, *parts])]
            else:
                out += [*lead, KeepTogether(parts)]
            room = here + FIT_SLACK - used
        return out

    def section_band(self, routine: Routine, section: Section, index: int) -> Flowable:
        s = self.s
        band_rows: list[Flowable] = [
            Para(
                f"<b>{to_paragraph(section.title)}</b>  ·  "
                + escape(self.L("section_of", n=index + 1, total=len(routine.sections))),
                s.section_band,
            )
        ]
        if section.intro:
            band_rows.append(self.para(section.intro, s.section_band))
        return with_source(
            Marked(
                self.box(band_rows, "soft"),
                Mark(
                    key=section_key(routine, index),
                    outline=plain(section.title),
                    level=1,
                    head=(plain(routine.title), plain(section.title)),
                ),
            ),
            routine.where,
            f"routine '{routine.id}' section {index + 1}: its title and intro",
        )

    def step_pieces(
        self, routine: Routine, section: Section, step: Step
    ) -> tuple[Flowable, list[Flowable]]:
        """A step's header and its cues and boxes, made once however often the step is
        fitted (the flowables of the fits not taken are never laid out)."""
        known = self._pieces.get(id(step))
        if known is not None:
            return known[0], list(known[1])
        s, layout = self.s, self.layout
        gap = layout.step.gap
        step_mark = Mark(
            key=step_key(routine, step),
            outline=f"{step.number}. {plain(step.title)}",
            level=2,
            head=(plain(routine.title), plain(section.title)),
        )
        what = f"routine '{routine.id}' step {step.number}"
        header = with_source(
            Marked(self.step_header(routine, section, step), step_mark),
            step.where,
            f"{what}: the title and its facts",
        )
        rest: list[Flowable] = []
        for i, cue in enumerate(step.cues, 1):
            cue_para = Cue(to_paragraph(cue), s.cue, bulletText=f"{i}.", page=self.g.frame_height)
            rest.append(with_source(cue_para, step.where, f"{what}: cues[{i - 1}]"))
        boxes: tuple[tuple[str | None, BoxKind, str, str], ...] = (
            (step.tip, "tip", self.L("tip"), layout.colours.tip),
            (step.caution, "caution", self.L("caution"), layout.colours.caution),
        )
        for text, kind, word, colour_name in boxes:
            if text:
                label = f'<font color="{colour_name}"><b>{escape(word)}</b></font>'
                paragraph = Para(f"{label}  {to_paragraph(text)}", s.box_text)
                box = with_source(self.box([paragraph], kind), step.where, f"{what}: {kind}")
                rest += [Spacer(0, gap), box]
        self._pieces[id(step)] = (header, rest)
        return header, list(rest)

    def step_parts(
        self,
        routine: Routine,
        section: Section,
        step: Step,
        room: float,
        *,
        split: bool = False,
    ) -> list[Flowable] | None:
        """One step's flowables fitted to ``room``; None if it cannot be kept whole there.

        With ``split`` (a step taller than a page) the cues may run on to the next page,
        which then starts "Step n (continued)".
        """
        Para.where_now = step.where
        layout = self.layout
        gap = layout.step.gap
        what = f"routine '{routine.id}' step {step.number}"
        header, rest = self.step_pieces(routine, section, step)
        pictured = bool(step.diagram or step.image)
        if not pictured:
            block = self.step_block(step, 0.0)
            if block is not None:
                with_source(block, step.where, f"{what}: the facts")
            parts = [header, *([Spacer(0, gap), block] if block is not None else [])]
            parts += [Spacer(0, gap), *rest]
            if self.stack(parts) <= room:
                return parts
            return self.split_step(step, parts[: 3 if block else 1], rest) if split else None
        most = min(layout.step.diagram_max_height, room - self.stack([header, *rest]) - 2 * gap)
        parts = []
        for _ in range(3):  # shrink the pictures by any overflow, at most twice
            if most < layout.step.diagram_min_height:
                if not split:
                    return None
                most = layout.step.diagram_min_height
            block = self.step_block(step, most)
            assert block is not None
            with_source(block, step.where, f"{what}: the diagram and facts")
            parts = [header, Spacer(0, gap), block, Spacer(0, gap), *rest]
            over = self.stack(parts) - room
            if over <= 0:
                return parts
            most -= over
        return self.split_step(step, parts[:3], rest) if split else None

    def split_step(self, step: Step, top: list[Flowable], rest: list[Flowable]) -> list[Flowable]:
        """A step taller than a page: its head kept together, its cues flowing on."""
        s, gap = self.s, self.layout.step.gap
        flowing = PTOContainer(
            rest,
            trailer=[Para(escape(self.L("continued_next")), s.continued_right)],
            header=[
                Para(
                    fill(
                        self.L("step_continued"), n=str(step.number), title=to_paragraph(step.title)
                    ),
                    s.continued,
                ),
                Spacer(0, gap),
            ],
        )
        return [KeepTogether(top), Spacer(0, gap), flowing]

    def step_header(self, routine: Routine, section: Section, step: Step) -> Table:
        s, layout = self.s, self.layout
        widest = str(max(len(r.steps) for r in self.book.routines))
        number_width = (
            stringWidth(widest, self.ctx.family.bold, layout.step.number_size)
            + 2 * layout.box.padding
        )
        total = len(routine.steps)
        title_cell: list[Flowable] = [
            Para(to_paragraph(step.title), s.step_title),
            Para(
                escape(self.L("step_of", n=step.number, total=total))
                + f" · {to_paragraph(section.title)}",
                s.small,
            ),
        ]
        pad = layout.box.padding
        return self.table(
            [[Para(str(step.number), s.step_number), title_cell]],
            [number_width, self.width - number_width],
            ("BACKGROUND", (0, 0), (0, 0), colour(layout.colours.accent_soft)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (0, 0), pad),
            ("BOTTOMPADDING", (0, 0), (0, 0), pad),
            ("LEFTPADDING", (1, 0), (1, 0), pad),
        )

    def step_block(self, step: Step, height: float) -> Flowable | None:
        """The diagram and picture with the facts beside them, pictures ``height`` tall.

        With both a diagram and a picture, the two share the width and the facts go under
        them. ``height`` 0 gives the facts alone (for measuring).
        """
        layout = self.layout
        facts = self.facts(step)
        cells = self._cells.get(id(step))
        if cells is None:
            cells = self._cells[id(step)] = [self.fact_cell(*fact) for fact in facts]
        pictured = bool(step.diagram or step.image) and height > 0
        if not pictured:
            if not facts:
                return None
            width = self.width / len(facts)
            # A gutter between the columns, so that no fact runs into the next one.
            return self.table(
                [list(cells)],
                [width] * len(facts),
                ("RIGHTPADDING", (0, 0), (-2, 0), layout.box.padding),
            )
        both = bool(step.diagram and step.image)
        fact_width = layout.step.fact_width if facts and not both else 0.0
        room = self.width - fact_width
        pictures: list[Flowable] = []
        if step.diagram:
            view = self.book.view(step.view)
            width = room / 2 if both else room
            pictures.append(self.diagram(step.diagram, step.stance, view, width, height))
        if step.image:
            width = room - sum(p.width for p in pictures)
            if both:
                pictures.append(PictureFlowable(self.ctx, step.image, width, height))
            else:
                w, h = fit(step.image, width, height)
                pictures.append(PictureFlowable(self.ctx, step.image, w, h))
        if both:
            boxes: list[object] = list(pictures)
            row = self.table([boxes], [p.width for p in pictures])
            if not facts:
                return row
            width = self.width / len(facts)
            cells = self.table([list(cells)], [width] * len(facts))
            return self.table(
                [[row], [cells]], [self.width], ("TOPPADDING", (0, 1), (0, 1), layout.step.gap)
            )
        picture = pictures[0]
        if not facts:
            return picture
        cell: list[Flowable] = []
        for fact_cell in cells:
            cell += fact_cell
        return self.table(
            [[picture, cell]],
            [room, fact_width],
            ("LEFTPADDING", (1, 0), (1, 0), layout.box.padding),
            ("LINEBEFORE", (1, 0), (1, 0), layout.text.rule_width, colour(layout.colours.rule)),
        )

    def diagram(
        self,
        strokes: Sequence[Stroke],
        stance: str | None,
        view: BodyMap,
        width: float,
        height: float,
    ) -> DiagramFlowable:
        """A diagram box no wider than its map needs, with the view's caption."""
        width = min(width, height * view.aspect * self.caption_factor(height))
        return DiagramFlowable(
            strokes,
            stance,
            width,
            height,
            self.layout.diagram,
            view=view,
            caption_font=self.ctx.family.regular,
            language=self.book.language,
        )

    def caption_factor(self, height: float) -> float:
        """How much narrower a captioned map is than its box is tall (room for the caption)."""
        style = self.layout.diagram
        size = caption_size(style, height)
        return 1.0 if size is None else (height - size * style.caption_leading) / height

    # -- glossary ------------------------------------------------------------------------

    def glossary(self) -> list[Flowable]:
        s = self.s
        word = self.L("techniques")
        out: list[Flowable] = [
            Marked(
                Para(escape(word), s.chapter),
                Mark(key="techniques", outline=word, head=(word, word)),
            ),
            Para(escape(self.L("glossary_intro")), s.body),
        ]
        language = self.book.labels.language
        techniques = sorted(
            self.book.techniques, key=lambda t: (collation_key(plain(t.name), language), t.id)
        )
        for technique in techniques:
            entry = self.glossary_entry(technique)
            if len(entry) <= KEEP_HEAD + KEEP_TAIL:
                out.append(KeepTogether(entry))
            else:
                # The name, summary and diagram stay with the first cues and the end of the
                # entry with the items before it; the middle may flow onto the next page,
                # which then starts with "<name> (continued)".
                continued = Para(
                    fill(self.L("continued"), title=to_paragraph(technique.name)),
                    self.s.continued_top,
                )
                out += [
                    KeepTogether(entry[:KEEP_HEAD]),
                    SetPageTopFlowables([continued]),
                    *entry[KEEP_HEAD:-KEEP_TAIL],
                    KeepTogether(entry[-KEEP_TAIL:]),
                    SetPageTopFlowables([]),
                ]
            out.append(Spacer(0, self.layout.heading.space))
        return out

    def uses(self, technique: Technique) -> str:
        parts: list[str] = []
        for routine in self.book.routines:
            steps = [
                self.link(step_key(routine, st), str(st.number), self.accent)
                for st in routine.steps
                if st.technique is not None and st.technique.id == technique.id
            ]
            if steps:
                parts.append(
                    fill(
                        self.L.count("used_in_steps", len(steps), title="{title}", steps="{steps}"),
                        title=to_paragraph(routine.title),
                        steps=", ".join(steps),
                    )
                )
        return "; ".join(parts)

    def glossary_entry(self, technique: Technique) -> list[Flowable]:
        Para.where_now = technique.where
        s, layout = self.s, self.layout
        name = Marked(
            Para(to_paragraph(technique.name), s.glossary_name),
            Mark(
                key=technique_key(technique),
                outline=plain(technique.name),
                level=1,
                head=(self.L("techniques"), self.L("techniques")),
            ),
        )
        L = self.L
        intro: list[Flowable] = []
        if technique.aka:
            aka = ", ".join(to_paragraph(a) for a in technique.aka)
            intro.append(Para(f"<i>{fill(L('also_called'), names=aka)}</i>", s.small))
        meta = [
            capital(L.word("family", technique.family)),
            L("pressure_phrase", pressure=L.word("pressure", technique.pressure)),
        ]
        if technique.contact:
            meta.append(", ".join(L.words("contact", technique.contact)))
        intro.append(Para(escape(" · ".join(meta)), s.small))
        intro.append(self.para(technique.summary, s.body))
        out: list[Flowable] = [name]
        picture: Flowable | None = None
        height = layout.glossary.diagram_height
        if technique.diagram:
            view = self.book.view(technique.view)
            picture = self.diagram(technique.diagram, None, view, self.width / 2, height)
        elif technique.image:
            w, _ = fit(technique.image, self.width / 2, height)
            picture = PictureFlowable(self.ctx, technique.image, w, height)
        if picture is not None:
            width = picture.width
            diagram = picture
            out.append(
                self.table(
                    [[intro, diagram]],
                    [self.width - width, width],
                    ("RIGHTPADDING", (0, 0), (0, 0), layout.box.padding),
                )
            )
        else:
            out += intro
        if technique.diagram and technique.image:
            w, h = fit(technique.image, self.width, height)
            out.append(PictureFlowable(self.ctx, technique.image, self.width, h))
        out.append(Para(escape(L("how")), s.label))
        out += [
            Para(to_paragraph(cue), s.cue, bulletText=f"{i}.")
            for i, cue in enumerate(technique.how, 1)
        ]
        if technique.benefits:
            out.append(Para(escape(L("benefits")), s.label))
            out += [Para(to_paragraph(b), s.bullet, bulletText=BULLET) for b in technique.benefits]
        if technique.cautions:
            rows: list[Flowable] = [Para(escape(L("caution")), s.box_caution)]
            rows += [
                Para(to_paragraph(c), s.box_bullet, bulletText=BULLET) for c in technique.cautions
            ]
            box = self.box(rows, "caution")
            box.spaceBefore = layout.text.item_space
            out.append(box)
        used = self.uses(technique)
        if used:
            out.append(Para(f"<b>{escape(L('used_in'))}</b>  {used}", s.used_in))
        what = f"technique '{technique.id}' in the glossary"
        return [with_source(flowable, technique.where, what) for flowable in out]

    # -- notes ---------------------------------------------------------------------------

    def notes_pages(self, count: int) -> list[Flowable]:
        out: list[Flowable] = []
        for i in range(count):
            out += [PageBreak(), self.notes_page(first=i == 0)]
        return out

    def notes_page(self, first: bool) -> Flowable:
        page = NotesPage(self.ctx)
        if first:
            word = self.L("notes")
            return Marked(page, Mark(key="notes", outline=word, head=(word, word), record=False))
        return page


def used_views(book: Book) -> list[BodyMap]:
    """The body views the book's diagrams are drawn on, in order of first use."""
    names: dict[str, None] = {}
    for routine in book.routines:
        for step in routine.steps:
            if step.diagram:
                names.setdefault(step.view, None)
    for technique in book.techniques:
        if technique.diagram:
            names.setdefault(technique.view, None)
    return [book.view(name) for name in names]


class SizedTable(Table):  # type: ignore[misc]
    """A table that remembers its size for the width it was last sized to.

    Its cells never change, so a second sizing at the same width gives the same rows: the
    story measures each step's tables to fit them on pages and layout sizes them again.
    Only a sizing that computed every row (the table fitted the height offered, which
    ReportLab's long-table shortcut stops at) is reused, and only where it fits again.
    """

    _sized: tuple[float, float, float, float] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        sized = self._sized
        if sized is not None and sized[0] == avail_width:
            _, offered, width, height = sized
            if avail_height == offered or (height <= offered and height <= avail_height):
                self.availWidth = avail_width
                return width, height
        width, height = super().wrap(avail_width, avail_height)
        self._sized = (avail_width, avail_height, width, height)
        return width, height


class PictureFlowable(Flowable):  # type: ignore[misc]
    """An author's picture, fitted and centred in a fixed box."""

    def __init__(self, ctx: Context, image: Image, width: float, height: float) -> None:
        super().__init__()
        self.ctx = ctx
        self.image = image
        self.width, self.height = width, height
        ctx.pictures.need(image, width, height)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        self.ctx.pictures.draw(self.canv, self.image, 0, 0, self.width, self.height)


class Cue(Para):
    """A numbered cue that moves whole to the next page, unless it is very long."""

    def __init__(self, *args: Any, page: float = 0.0, **kwargs: Any) -> None:
        # ReportLab makes the two halves of a split paragraph with Paragraph's arguments.
        super().__init__(*args, **kwargs)
        self.page = page

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        page = self.page
        if page and self.wrap(avail_width, page)[1] <= page * SPLIT_CUES_TALLER_THAN:
            return []
        return list(super().split(avail_width, avail_height))


class NotesPage(Flowable):  # type: ignore[misc]
    """A page of ruled lines under the heading "Notes", filling the text area."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height

    def draw(self) -> None:
        layout, s = self.ctx.layout, self.ctx.styles
        title = Para(escape(self.ctx.book.labels("notes")), s.chapter)
        _, h = title.wrapOn(self.canv, self.width, self.height)
        title.drawOn(self.canv, 0, self.height - h)
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(colour(layout.colours.rule))
        canv.setLineWidth(layout.text.rule_width)
        y = self.height - h - layout.chapter.space
        while y >= 0:
            canv.line(0, y, self.width, y)
            y -= layout.notes.line_gap
        canv.restoreState()
