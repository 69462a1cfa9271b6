"""The content model: frozen dataclasses every renderer reads.

Built only by :mod:`massage_print.content.validation`; renderers never see raw YAML. No ReportLab here.
Text fields hold the author's text with its ``**bold**`` / ``_italic_`` markup (see
:mod:`massage_print.content.markup`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import Location, Problem
from ..labels import ENGLISH, Labels
from ..vocabulary import Contact, Family, Pressure, Side, Stance, StrokeKind, Turn
from .markup import plain, slugify

LANDMARKS = (
    "head",
    "neck",
    "shoulder",
    "shoulder-top",
    "shoulder-blade",
    "armpit",
    "upper-arm",
    "mid-back",
    "waist",
    "lower-back",
    "hip",
    "sacrum",
    "buttock",
    "spine-top",
    "spine-mid",
    "spine-base",
)

Point = tuple[float, float]
Anchor = str | Point
"""A landmark name, or a free point (x, y) on the map: 0..1, x from the left, y from the head."""


@dataclass(frozen=True)
class Stroke:
    """One drawn movement.

    ``points`` holds one anchor for circle, knead and press, two or more for glide, feather
    and tap, one or more for hold.
    """

    kind: StrokeKind
    points: tuple[Anchor, ...]
    side: Side = "both"
    turn: Turn | None = None
    where: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Technique:
    """A technique from ``techniques.yaml``: how to do one movement, referred to by its ``id``.

    ``how`` holds the numbered cues (at least one); ``diagram`` the strokes drawn for it (a step
    using the technique without its own diagram shows these). ``where`` locates it for messages.
    """

    id: str
    name: str
    family: Family
    summary: str
    how: tuple[str, ...]
    pressure: Pressure
    aka: tuple[str, ...] = ()
    contact: tuple[Contact, ...] = ()
    benefits: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    diagram: tuple[Stroke, ...] = ()
    where: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Step:
    """One step of a routine, numbered from 1 across the routine's sections.

    ``technique`` is the technique it uses, if any; ``pressure`` falls back to the technique's;
    ``diagram`` is the step's own strokes, or the technique's when the step gives none.
    """

    number: int
    title: str
    cues: tuple[str, ...]
    technique: Technique | None = None
    stance: Stance | None = None
    area: str | None = None
    pressure: Pressure | None = None
    repeat: int | str | None = None
    tip: str | None = None
    caution: str | None = None
    diagram: tuple[Stroke, ...] = ()
    key: str | None = None
    """The step's optional ``id:`` (unique within its routine): its identity in practice decks."""
    where: Location | None = field(default=None, compare=False)

    @property
    def repeat_text(self) -> str | None:
        """The repeat as printed: ``3`` becomes "3 times"."""
        if self.repeat is None:
            return None
        if isinstance(self.repeat, int):
            return "once" if self.repeat == 1 else f"{self.repeat} times"
        return self.repeat


@dataclass(frozen=True)
class Section:
    """A titled group of consecutive steps in a routine, with an optional introduction."""

    title: str
    steps: tuple[Step, ...]
    intro: str | None = None


@dataclass(frozen=True)
class Routine:
    """A routine from ``routines/<id>.yaml``: steps in sections, done in order."""

    id: str
    title: str
    sections: tuple[Section, ...]
    summary: str | None = None
    duration_minutes: int | None = None
    setup: str | None = None
    where: Location | None = field(default=None, compare=False)

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step of every section, in order (``steps[i].number == i + 1``)."""
        return tuple(step for section in self.sections for step in section.steps)

    def next_step(self, step: Step) -> Step | None:
        """The step after ``step``, or None after the last one."""
        steps = self.steps
        return steps[step.number] if step.number < len(steps) else None


@dataclass(frozen=True)
class Bullets:
    """A bullet list inside a chapter."""

    items: tuple[str, ...]


Block = str | Bullets
"""A chapter block: a paragraph, or a bullet list."""


@dataclass(frozen=True)
class Chapter:
    """A chapter of front or back matter: a heading and its paragraphs and bullet lists."""

    heading: str
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Source:
    """A work the course draws on, listed in the booklet's sources."""

    title: str
    author: str | None = None
    publisher: str | None = None
    year: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Book:
    """The whole course from one content folder: ``book.yaml`` with its techniques and routines.

    ``language`` is the content's language code (document metadata); ``safety`` the points of
    the safety box. Techniques are looked up by id with :meth:`technique`.
    """

    title: str
    routines: tuple[Routine, ...]
    techniques: tuple[Technique, ...]
    id: str | None = None
    """The optional ``id:``: names the book's practice decks (else a slug of the title)."""
    subtitle: str | None = None
    author: str | None = None
    edition: str | None = None
    language: str = "en"
    front_matter: tuple[Chapter, ...] = ()
    back_matter: tuple[Chapter, ...] = ()
    safety: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    labels: Labels = ENGLISH
    """The tool's own words in the book's language, with the book's ``labels:`` overrides."""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    """Located warnings found while loading (reported once per run)."""
    where: Location | None = field(default=None, compare=False)
    _techniques_by_id: MappingProxyType[str, Technique] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_techniques_by_id", MappingProxyType({t.id: t for t in self.techniques})
        )

    def technique(self, technique_id: str) -> Technique:
        """The technique with this id (KeyError if there is none)."""
        return self._techniques_by_id[technique_id]

    def routine(self, routine_id: str) -> Routine:
        """The routine with this id (KeyError if there is none)."""
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)

    @property
    def slug(self) -> str:
        """The book's file-name stem: its ``id:``, else its title in a-z, 0-9 and -."""
        return self.id or slugify(plain(self.title)) or "book"

    @property
    def step_count(self) -> int:
        """Steps in all routines together."""
        return sum(len(r.steps) for r in self.routines)
