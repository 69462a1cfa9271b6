"""The cheat sheet as pure data: measured blocks flowed into columns, and the fitting search.

Nothing here draws. :func:`fit_sheet` searches the largest body type size (with the thumbnail
size tied to it) at which :func:`plan_sheet` can place the whole routine on one page, and
returns a :class:`SheetPlan`: every text run, rule, tint, thumbnail and the legend at its
final position, in PDF points with the origin at the page's lower-left corner.
:mod:`massage_print.cheatsheet.render` draws a plan as it is.

Reading order: the header (title, duration, step count, setup) across the top; then the
steps in columns that run top to bottom, then left to right, each section heading kept with
its first step; then the foot strip (the stroke legend beside the safety list).

The one line printed per step is its ``summary:``, else its first cue (``Step.key_line``).
The foot strip lists the routine's own ``safety:`` cautions, else the book's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from ..content.model import Book, Image, Routine, Section, Step, Stroke
from ..errors import Location, MassagePrintError, Problem
from ..labels import ENGLISH, Labels, repeat_text
from ..layout.schema import CheatsheetLayout
from ..text import EPSILON, Hyphenator, Span, broken_words, hyphenator, marked, wrap
from ..vocabulary import (
    ORIENTATION_WORDS,
    PRESSURES,
    Orientation,
)
from .measure import Metrics

Broken = tuple[Location | None, str]
"""A word cut at a column edge, with where its text comes from."""

NBSP = "\u00a0"
"""Binds a bullet or a mark to the word after it (the line breaker never splits there)."""
SIZE_DIGITS = 4
"""Type sizes are rounded to this many decimals (no 8.299999 pt in messages)."""
BALANCE_TOLERANCE = 0.5
MAX_BISECTIONS = 60
"""More halvings than any page height needs to reach BALANCE_TOLERANCE."""
MAX_CANDIDATES = 1000
"""The size search tries at most this many type sizes, whatever the layout's size_step."""
"""How close (points) the balanced column height comes to the shortest possible."""


# -- the plan's elements (PDF coordinates) ---------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A run of text in one font and colour; ``(x, y)`` is the start of its baseline."""

    x: float
    y: float
    text: str
    bold: bool
    italic: bool
    size: float
    colour: str

    def moved(self, dx: float, dy: float) -> Text:
        return Text(
            self.x + dx, self.y + dy, self.text, self.bold, self.italic, self.size, self.colour
        )


@dataclass(frozen=True)
class Fill:
    """A tinted rectangle (lower-left corner, size)."""

    x: float
    y: float
    width: float
    height: float
    colour: str

    def moved(self, dx: float, dy: float) -> Fill:
        return Fill(self.x + dx, self.y + dy, self.width, self.height, self.colour)


@dataclass(frozen=True)
class Rule:
    """A straight line from ``(x1, y1)`` to ``(x2, y2)``."""

    x1: float
    y1: float
    x2: float
    y2: float
    weight: float
    colour: str

    def moved(self, dx: float, dy: float) -> Rule:
        return Rule(
            self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy, self.weight, self.colour
        )


@dataclass(frozen=True)
class Thumb:
    """A step's diagram, drawn inside the box (lower-left corner, size)."""

    x: float
    y: float
    width: float
    height: float
    strokes: tuple[Stroke, ...]
    stance: str | None
    step: int
    view: str = "back"
    image: Image | None = None
    """Drawn in place of a diagram when the step has none."""

    def moved(self, dx: float, dy: float) -> Thumb:
        return replace(self, x=self.x + dx, y=self.y + dy)


@dataclass(frozen=True)
class Legend:
    """The stroke legend, drawn inside the box with type of ``size``."""

    x: float
    y: float
    width: float
    height: float
    size: float
    colour: str

    def moved(self, dx: float, dy: float) -> Legend:
        return Legend(self.x + dx, self.y + dy, self.width, self.height, self.size, self.colour)


Element = Text | Fill | Rule | Thumb | Legend


@dataclass(frozen=True)
class Block:
    """Something placed whole: its elements hang from its top-left corner at (0, 0)."""

    height: float
    elements: tuple[Element, ...]
    gap_before: float = 0.0
    keep_with_next: bool = False

    def placed(self, x: float, top: float) -> tuple[Element, ...]:
        return tuple(e.moved(x, top) for e in self.elements)


@dataclass(frozen=True)
class Sizes:
    """One candidate of the search: the body type size and the thumbnail height (points)."""

    body: float
    thumb: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    columns: int
    orientation: Orientation


@dataclass(frozen=True)
class SheetPlan:
    """A routine's sheet, ready to draw."""

    routine_id: str
    page: Page
    sizes: Sizes
    column_width: float
    column_height: float
    elements: tuple[Element, ...]
    broken: tuple[tuple[Location | None, str], ...] = ()
    """Words cut at a column edge (they fitted at none of their break points), with where."""

    @property
    def smallest_type(self) -> float:
        return min(e.size for e in self.elements if isinstance(e, Text))

    @property
    def texts(self) -> tuple[Text, ...]:
        return tuple(e for e in self.elements if isinstance(e, Text))


# -- the fitting search ------------------------------------------------------------------------


def candidate_sizes(layout: CheatsheetLayout) -> tuple[Sizes, ...]:
    """Body sizes from the preferred one down to the minimum, largest first.

    Each step of the search is ``text.size_step``; the thumbnail height goes from
    ``thumbs.height`` at the preferred size to ``thumbs.min_height`` at the minimum, in proportion.
    """
    top, bottom = layout.text.body_size, layout.text.min_body_size
    step = max(layout.text.size_step, (top - bottom) / MAX_CANDIDATES)  # a bounded search
    count = int((top - bottom) / step + EPSILON)
    bodies = [top - i * step for i in range(count + 1)]
    if bodies[-1] - bottom > EPSILON:
        bodies.append(bottom)
    span = top - bottom
    out = []
    for body in bodies:
        body = max(bottom, round(body, SIZE_DIGITS))
        share = (body - bottom) / span if span > EPSILON else 1.0
        thumb = layout.thumbs.min_height + share * (layout.thumbs.height - layout.thumbs.min_height)
        out.append(Sizes(body, thumb))
    return tuple(out)


def fit_sheet(
    book: Book,
    routine: Routine,
    layout: CheatsheetLayout,
    page: Page,
    metrics: Metrics,
    paper_name: str = "",
    footers: Footers | None = None,
) -> SheetPlan:
    """The plan at the largest candidate size that fits on one page.

    The sizes are searched as by bisection (a size that fits, the next larger one not), but
    each try's next one is aimed where the sheet's need for height predicts the boundary
    (:func:`first_fit`, :meth:`_Measured.need`): usually four tries, not six or seven. Only the
    size found is placed. ``footers`` keeps the foot strips measured for the sheets of one
    book, layout and page (routines sharing their safety list share their foot strip).
    Raises MassagePrintError naming the routine when even the minimum size does not fit.
    """
    candidates = candidate_sizes(layout)
    needs: dict[int, float] = {}

    def attempt(index: int) -> _Measured | None:
        measured = _measure(book, routine, layout, page, candidates[index], metrics, footers)
        if measured is None:
            return None
        need = measured.need()
        needs[index] = need
        return measured if need <= 1.0 else None

    def aim(fails: int, fits: int, last: int) -> int | None:
        return _aim([c.body for c in candidates], needs, last)

    found = first_fit(len(candidates), attempt, aim)
    if found is None:
        raise MassagePrintError(Problem(routine.where, _too_big(routine, layout, page, paper_name)))
    return found.plan()


NEED_POWER = 3.0
"""How a sheet's need for height grows with the type size, until two tries tell: as the size
cubed (the text's area grows as its square, and the thumbnails shrink faster than the type)."""


def _aim(sizes: Sequence[float], needs: dict[int, float], last: int) -> int | None:
    """The candidate predicted to be the first that fits, from the last try's need (and the
    growth of need with size between the last two tries); None when nothing predicts."""
    need = needs.get(last)
    if need is None or need <= 0:
        return None
    power = NEED_POWER
    others = [i for i in needs if i != last and needs[i] > 0 and sizes[i] != sizes[last]]
    if others:
        near = min(others, key=lambda i: abs(i - last))
        slope = math.log(needs[near] / need) / math.log(sizes[near] / sizes[last])
        if 1.0 <= slope <= 6.0:
            power = slope
    target = sizes[last] * need ** (-1.0 / power)
    return next((i for i, size in enumerate(sizes) if size <= target + EPSILON), len(sizes) - 1)


T = TypeVar("T")


def first_fit(
    count: int,
    attempt: Callable[[int], T | None],
    aim: Callable[[int, int, int], int | None] | None = None,
) -> T | None:
    """``attempt``'s result for the first of ``count`` candidates (largest first) that fits.

    Assumes that when a candidate fits every later one does (as
    :func:`massage_print.text.largest_fit`, which finds the same one), and keeps the two
    candidates around the boundary: the largest that failed and the smallest that fitted
    (``count`` stands for "fits" until one does). The next try is the middle of the two, or
    where ``aim(fails, fits, last_tried)`` points between them; after AIMED_TRIES aimed tries
    in a row that did not halve the gap, one in the middle. So at most
    ``1 + (AIMED_TRIES + 1) * log2(count)`` tries, and about four when the aim is good.
    None when none fits.
    """
    best = attempt(0)
    if best is not None:
        return best
    fails, fits, last = 0, count, 0
    slow = 0  # aimed tries in a row that did not halve the gap
    while fits - fails > 1:
        gap = fits - fails
        target = aim(fails, fits, last) if aim is not None and slow < AIMED_TRIES else None
        aimed = target is not None
        if target is None:
            target = (fails + fits) // 2
        target = min(max(target, fails + 1), fits - 1)
        result = attempt(target)
        last = target
        if result is None:
            fails = target
        else:
            best, fits = result, target
        slow = slow + 1 if aimed and (fits - fails) * 2 > gap + 1 else 0
    return best if fits < count else None


AIMED_TRIES = 3
"""Aimed tries in a row that may fail to halve the search's gap before one halves it."""


class Footers:
    """Foot strips measured for one book's sheets with one layout, metrics and page width.

    Each is kept by its safety list and body size, with the words it broke at a column edge.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[tuple[str, ...], float, float], tuple[Block, list[Broken]]] = {}

    def get(self, safety: tuple[str, ...], width: float, maker: _Maker) -> Block:
        key = (safety, width, maker.em)
        made = self._made.get(key)
        if made is None:
            before = len(maker.broken)
            block = maker.footer(safety, width)
            made = (block, maker.broken[before:])
            self._made[key] = made
        else:
            maker.broken.extend(made[1])
        return made[0]


def _too_big(routine: Routine, layout: CheatsheetLayout, page: Page, paper: str) -> str:
    turn = ORIENTATION_WORDS[page.orientation]
    sheet = f"{paper} {turn}" if paper else turn
    hints = ["--orientation landscape"] if page.orientation == "portrait" else []
    hints.append("a larger paper")
    hints.append("fewer steps or shorter step summaries (each step shows one line)")
    return (
        f"routine '{routine.id}' does not fit on one {sheet} cheat sheet even at "
        f"{layout.text.min_body_size:g} pt type; try {', '.join(hints[:-1])}, or {hints[-1]}"
    )


# -- one sheet at one size ---------------------------------------------------------------------


def plan_sheet(
    book: Book,
    routine: Routine,
    layout: CheatsheetLayout,
    page: Page,
    sizes: Sizes,
    metrics: Metrics,
) -> SheetPlan | None:
    """Place everything at ``sizes``, or None when it does not fit on the page."""
    measured = _measure(book, routine, layout, page, sizes, metrics)
    if measured is None or not measured.fits():
        return None
    return measured.plan()


@dataclass(frozen=True)
class _Measured:
    """A routine's sheet measured at one size: its blocks, not yet placed."""

    routine: Routine
    layout: CheatsheetLayout
    page: Page
    sizes: Sizes
    header: Block
    footer: Block
    blocks: tuple[Block, ...]
    column_width: float
    body_top: float
    height: float
    """The height of the columns."""
    broken: tuple[Broken, ...]

    def fits(self) -> bool:
        return flow(self.blocks, self.page.columns, self.height) is not None

    def need(self) -> float:
        """The height of the shortest columns that hold the blocks, over the columns' height:
        at most 1 when they fit (the columns' height itself is tried first)."""
        columns, height = self.page.columns, self.height
        if flow(self.blocks, columns, height) is not None:
            return min(1.0, _shortest(self.blocks, columns, 0.0, height) / height)
        low = height
        high = 2 * height
        for _ in range(MAX_BISECTIONS):  # a height that holds them: doubled until one does
            if flow(self.blocks, columns, high) is not None:
                break
            low, high = high, high * 2
        return _shortest(self.blocks, columns, low, high) / height

    def plan(self) -> SheetPlan:
        """The sheet with every block placed (it must fit)."""
        layout, page, blocks = self.layout, self.page, self.blocks
        margin, gap, body_top = layout.margin, layout.columns.gap, self.body_top
        spots = flow(blocks, page.columns, self.height)
        assert spots is not None
        if layout.columns.balance:
            spots = balance(blocks, page.columns, self.height) or spots
        elements: list[Element] = [*self.header.placed(margin, page.height - margin)]
        used = 0.0
        for block, (column, y) in zip(blocks, spots, strict=True):
            x = margin + column * (self.column_width + gap)
            elements.extend(block.placed(x, body_top - y))
            used = max(used, y + block.height)
        last_column = spots[-1][0]
        if layout.columns.rule_weight > 0:
            for column in range(1, last_column + 1):
                x = margin + column * (self.column_width + gap) - gap / 2
                elements.append(
                    Rule(
                        x,
                        body_top,
                        x,
                        body_top - used,
                        layout.columns.rule_weight,
                        layout.colours.rule,
                    )
                )
        elements.extend(self.footer.placed(margin, margin + self.footer.height))
        return SheetPlan(
            self.routine.id,
            page,
            self.sizes,
            self.column_width,
            self.height,
            tuple(elements),
            self.broken,
        )


def _measure(
    book: Book,
    routine: Routine,
    layout: CheatsheetLayout,
    page: Page,
    sizes: Sizes,
    metrics: Metrics,
    footers: Footers | None = None,
) -> _Measured | None:
    """Every block at ``sizes``, or None when they cannot be made (no room for the body)."""
    maker = _Maker(
        layout, metrics, sizes, book.labels, hyphenator(book.language, layout.text.hyphenate)
    )
    margin = layout.margin
    width = page.width - 2 * margin
    gap = layout.columns.gap
    column_width = (width - (page.columns - 1) * gap) / page.columns
    if column_width <= 0:
        return None
    header = maker.header(book, routine, width)
    maker.where = book.where
    safety = book.safety_for(routine)
    footer = maker.footer(safety, width) if footers is None else footers.get(safety, width, maker)
    body_top = page.height - margin - header.height - layout.spacing.header * sizes.body
    body_bottom = margin + footer.height + layout.spacing.footer * sizes.body
    height = body_top - body_bottom
    if height <= 0:
        return None
    blocks = maker.body(routine, column_width)
    if blocks is None:
        return None
    return _Measured(
        routine,
        layout,
        page,
        sizes,
        header,
        footer,
        tuple(blocks),
        column_width,
        body_top,
        height,
        tuple(maker.broken),
    )


def flow(blocks: Sequence[Block], columns: int, height: float) -> list[tuple[int, float]] | None:
    """Place blocks in columns top to bottom, then left to right: ``(column, y from top)``.

    A block never splits; a block marked ``keep_with_next`` (a heading) goes to the next column
    unless the block after it fits below it too. None when the blocks need more columns.
    """
    spots: list[tuple[int, float]] = []
    column, y = 0, 0.0
    for index, block in enumerate(blocks):
        need = block.height
        if block.keep_with_next and index + 1 < len(blocks):
            after = blocks[index + 1]
            need += after.gap_before + after.height
        gap = block.gap_before if y > 0 else 0.0
        if y + gap + need > height + EPSILON:
            if y == 0.0 or need > height + EPSILON:
                return None
            column, y, gap = column + 1, 0.0, 0.0
            if column >= columns:
                return None
        spots.append((column, y + gap))
        y += gap + block.height
    return spots


def _shortest(blocks: Sequence[Block], columns: int, low: float, high: float) -> float:
    """The least column height (to within BALANCE_TOLERANCE) above ``low`` that holds the
    blocks, given that ``high`` does."""
    for _ in range(MAX_BISECTIONS):
        if high - low <= BALANCE_TOLERANCE:
            break
        middle = (low + high) / 2
        if flow(blocks, columns, middle) is None:
            low = middle
        else:
            high = middle
    return high


def balance(blocks: Sequence[Block], columns: int, height: float) -> list[tuple[int, float]] | None:
    """The flow into the shortest columns that still hold every block (bisection on height)."""
    best = flow(blocks, columns, height)
    if best is None:
        return None
    low, high = max(b.height for b in blocks), height
    for _ in range(MAX_BISECTIONS):
        if high - low <= BALANCE_TOLERANCE:
            break
        middle = (low + high) / 2
        spots = flow(blocks, columns, middle)
        if spots is None:
            low = middle
        else:
            best, high = spots, middle
    return best


class _Maker:
    """Builds measured blocks at one size."""

    def __init__(
        self,
        layout: CheatsheetLayout,
        metrics: Metrics,
        sizes: Sizes,
        labels: Labels = ENGLISH,
        hyphens: Hyphenator | None = None,
    ) -> None:
        self.words = labels
        self.hyphens = hyphens
        self.where: Location | None = None
        """The content the text being set comes from (for warnings)."""
        self.broken: list[tuple[Location | None, str]] = []
        self.layout = layout
        self.metrics = metrics
        self.sizes = sizes
        self.em = sizes.body
        self.colours = layout.colours

    # -- text --------------------------------------------------------------------------------

    def text(
        self, spans: Sequence[Span], size: float, width: float, x: float = 0.0, top: float = 0.0
    ) -> tuple[float, list[Element]]:
        """Wrapped text with its top at ``top``: (height, elements)."""
        lines = wrap(spans, size, width, self.metrics, self.hyphens)
        self.broken += [(self.where, word) for word in broken_words(lines)]
        line_height = size * self.layout.text.leading
        first = self.first_baseline(size)
        out: list[Element] = []
        for index, line in enumerate(lines):
            baseline = top - index * line_height - first
            for span in line.spans:
                out.append(
                    Text(
                        x + span.dx, baseline, span.text, span.bold, span.italic, size, span.colour
                    )
                )
        return len(lines) * line_height, out

    def first_baseline(self, size: float) -> float:
        """Distance from a line's top to its baseline (glyphs centred in the line)."""
        m = self.metrics
        line_height = size * self.layout.text.leading
        return (line_height - (m.ascent + m.descent) * size) / 2 + m.ascent * size

    def joined(self, parts: Sequence[Sequence[Span]], colour: str) -> list[Span]:
        """Parts separated by the layout's separator (a line may break after it, not before)."""
        out: list[Span] = []
        for part in parts:
            if out:
                out.append(Span(f"{NBSP}{self.layout.symbols.separator} ", colour=colour))
            out.extend(part)
        return out

    # -- header and foot strip ---------------------------------------------------------------

    def header(self, book: Book, routine: Routine, width: float) -> Block:
        self.where = routine.where
        layout, c = self.layout, self.colours
        title_size = self.em * layout.text.title_scale
        height, elements = self.text(marked(routine.title, c.accent, bold=True), title_size, width)
        parts: list[list[Span]] = []
        if routine.duration_minutes:
            parts.append(
                [
                    Span(
                        self.words.count("minutes_short", routine.duration_minutes),
                        True,
                        False,
                        c.text,
                    )
                ]
            )
        count = len(routine.steps)
        parts.append([Span(self.words.count("step_count", count), True, False, c.text)])
        views = dict.fromkeys(step.view for step in routine.steps if step.diagram)
        for name in views:  # what the thumbnails show, e.g. "seated, seen from behind"
            caption = book.view(name).caption_in(book.language)
            parts.append([Span(caption, False, True, c.muted)])
        if routine.setup:
            parts.append(
                [
                    Span(f"{self.words('setup_colon')} ", True, False, c.text),
                    *marked(routine.setup, c.text),
                ]
            )
        top = -height - layout.spacing.line * self.em
        meta_height, meta = self.text(self.joined(parts, c.muted), self.em, width, top=top)
        elements.extend(meta)
        rule_y = top - meta_height - layout.spacing.line * self.em
        elements.append(Rule(0, rule_y, width, rule_y, layout.rules.weight, c.rule))
        return Block(-rule_y + layout.rules.weight / 2, tuple(elements))

    def footer(self, safety: tuple[str, ...], width: float) -> Block:
        """The strip at the foot: the stroke legend, and the safety list beside it.

        The legend takes whichever of the layout's ``legend_shares`` of the width gives the
        lowest strip (the first of equals).
        """
        best: Block | None = None
        shares = self.layout.legend_shares if safety else (1.0,)
        for share in shares:
            block = self.footer_at(safety, width, share)
            if best is None or block.height < best.height - EPSILON:
                best = block
        assert best is not None
        return best

    def footer_at(self, safety: tuple[str, ...], width: float, share: float) -> Block:
        layout, c = self.layout, self.colours
        top = -layout.rules.weight / 2 - layout.spacing.line * self.em * 2
        elements: list[Element] = [Rule(0, 0, width, 0, layout.rules.weight, c.rule)]
        legend_width = width * share
        legend_height = self.metrics.legend_height(legend_width, self.em)
        elements.append(
            Legend(0, top - legend_height, legend_width, legend_height, self.em, c.text)
        )
        content = legend_height
        if safety:
            x = legend_width + layout.columns.gap
            spans = [Span(self.words("safety"), True, False, c.caution)]
            for item in safety:
                spans.append(Span(f"  {layout.symbols.bullet}{NBSP}", True, False, c.caution))
                spans.extend(marked(item, c.text))
            safety_height, lines = self.text(spans, self.em, width - x, x=x, top=top)
            elements.extend(lines)
            content = max(content, safety_height)
        return Block(-top + content, tuple(elements))

    # -- the body ------------------------------------------------------------------------------

    def body(self, routine: Routine, column_width: float) -> list[Block] | None:
        """The sections' and steps' blocks; None when a step has no room for its text."""
        layout = self.layout
        number_size = self.em * layout.text.number_scale
        widest = max(self.metrics.width(str(step.number), True, False) for step in routine.steps)
        gutter = widest * number_size + layout.spacing.number * self.em
        blocks: list[Block] = []
        for index, section in enumerate(routine.sections):
            heading = self.heading(section, column_width)
            gap = layout.spacing.section * self.em if index else 0.0
            blocks.append(replace(heading, gap_before=gap))
            for position, step in enumerate(section.steps):
                block = self.step(step, column_width, gutter)
                if block is None:
                    return None
                gap = (layout.spacing.heading if position == 0 else layout.spacing.step) * self.em
                blocks.append(replace(block, gap_before=gap))
        return blocks

    def heading(self, section: Section, width: float) -> Block:
        self.where = section.steps[0].where if section.steps else None
        layout, c = self.layout, self.colours
        size = self.em * layout.text.heading_scale
        height, elements = self.text(marked(section.title, c.accent, bold=True), size, width)
        weight = layout.rules.heading_weight
        y = -height - weight / 2
        elements.append(Rule(0, y, width, y, weight, c.accent))
        return Block(height + weight, tuple(elements), keep_with_next=True)

    def step(self, step: Step, width: float, gutter: float) -> Block | None:
        self.where = step.where
        """Number, thumbnail, then title / labels / first cue / caution beside it."""
        layout, c, m = self.layout, self.colours, self.metrics
        em = self.em
        title_size = em * layout.text.step_title_scale
        number_size = em * layout.text.number_scale
        elements: list[Element] = []
        # the text column starts after the thumbnail's slot, drawn or not, so that every
        # step's text lines up
        thumb_height = self.sizes.thumb
        thumb_width = thumb_height * m.map_aspect
        if step.diagram or step.image:
            elements.append(
                Thumb(
                    gutter,
                    -thumb_height,
                    thumb_width,
                    thumb_height,
                    step.diagram,
                    step.stance,
                    step.number,
                    step.view,
                    None if step.diagram else step.image,
                )
            )
        else:
            thumb_height = 0.0
        x = gutter + thumb_width + layout.thumbs.gap * em
        text_width = width - x
        if text_width < number_size:
            return None
        # the number's baseline is the title's first baseline; both start at the block's top
        offset = max(0.0, m.ascent * number_size - self.first_baseline(title_size))
        baseline = -offset - self.first_baseline(title_size)
        label = str(step.number)
        number_x = gutter - layout.spacing.number * em - m.width(label, True, False) * number_size
        elements.append(Text(number_x, baseline, label, True, False, number_size, c.accent))
        top = -offset
        height, title = self.text(
            marked(step.title, c.text, bold=True), title_size, text_width, x, top
        )
        elements.extend(title)
        top -= height
        labels = self.labels(step)
        if labels:
            top -= layout.spacing.line * em
            height, meta = self.text(labels, em, text_width, x, top)
            elements.extend(meta)
            top -= height
        top -= layout.spacing.line * em
        height, cue = self.text(marked(step.key_line, c.text), em, text_width, x, top)
        elements.extend(cue)
        top -= height
        if step.caution:
            top -= layout.spacing.line * em
            pad = layout.spacing.caution_pad * em
            spans = [Span(f"{layout.symbols.caution}{NBSP}", True, False, c.caution)]
            spans.extend(marked(step.caution, c.caution))
            inner = text_width - 2 * pad
            if inner <= 0:
                return None
            height, caution = self.text(spans, em, inner, x + pad, top - pad)
            box = height + 2 * pad
            elements.append(Fill(x, top - box, text_width, box, c.caution_fill))
            elements.extend(caution)
            top -= box
        number_bottom = offset + self.first_baseline(title_size) + m.descent * number_size
        return Block(max(-top, thumb_height, number_bottom), tuple(elements))

    def labels(self, step: Step) -> list[Span]:
        """Stance (bold) and pressure (filled dots, then the word), then the repeat, muted.

        Stance and pressure differ in weight and colour, so only a space parts them; the
        separator comes before the repeat.
        """
        layout, c = self.layout, self.colours
        first: list[Span] = []
        if step.stance:
            stance = self.words.word("stance_short", step.stance)
            first.append(Span(stance.replace(" ", NBSP), True, False, c.muted))
        if step.pressure:
            level = PRESSURES.index(step.pressure) + 1
            dots = layout.symbols.pressure_on * level + layout.symbols.pressure_off * (
                len(PRESSURES) - level
            )
            if first:
                first.append(Span(" ", False, False, c.muted))
            first.append(Span(dots, False, False, c.accent))
            pressure = self.words.word("pressure", step.pressure)
            first.append(Span(f"{NBSP}{pressure}", False, False, c.muted))
        parts = [first] if first else []
        repeat = repeat_text(step, self.words)
        if repeat:
            parts.append(marked(repeat, c.muted))
        return self.joined(parts, c.muted)
