"""The content model: frozen dataclasses every renderer reads.

Built only by :mod:`massage_print.content.validation`; renderers never see raw YAML. No ReportLab here.
Text fields hold the author's text with its ``**bold**`` / ``_italic_`` markup (see
:mod:`massage_print.content.markup`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from ..errors import Location, Problem
from ..labels import ENGLISH, Labels
from ..vocabulary import Contact, Family, Pressure, Side, StrokeKind, Turn
from .markup import plain, slugify

LANDMARKS = (  # the back view's landmarks (each view names its own: see .views)
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


Role = Literal["body", "detail", "spine"]
Mirror = Literal["none", "copy", "join"]


@dataclass(frozen=True)
class MapShape:
    """One outline of a map, in frame coordinates.

    ``mirror``: ``copy`` draws the shape and its mirror image; ``join`` completes a left half
    (from a point on the axis round to another on the axis) with its mirror into one outline.
    """

    role: Role
    points: tuple[Point, ...]
    closed: bool = True
    smooth: bool = True
    mirror: Mirror = "none"


@dataclass(frozen=True)
class BodyMap:
    """A body view: what is drawn under the strokes, and the names strokes may use."""

    name: str
    caption: str
    aspect: float
    """Width / height of the drawing frame."""
    axis: float
    """The mirror axis (x) for ``side:``; a landmark on it is central."""
    shapes: tuple[MapShape, ...]
    landmarks: tuple[tuple[str, Point], ...]
    """Lateral landmarks are given for the left side of the page."""
    stances: tuple[tuple[str, Point], ...]
    captions: tuple[tuple[str, str], ...] = ()
    """The caption by language code (``caption`` is the English one, or the first)."""
    where: Location | None = field(default=None, compare=False)
    _landmarks: Mapping[str, Point] = field(init=False, repr=False, compare=False, hash=False)
    _stances: Mapping[str, Point] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_landmarks", MappingProxyType(dict(self.landmarks)))
        object.__setattr__(self, "_stances", MappingProxyType(dict(self.stances)))

    @property
    def landmark_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.landmarks)

    @property
    def stance_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.stances)

    def landmark(self, name: str) -> Point:
        """The (left-side) position of a landmark."""
        return self._landmarks[name]

    def stance(self, name: str) -> Point:
        return self._stances[name]

    def caption_in(self, language: str) -> str:
        """The caption in ``language`` (a tag such as de-CH falls back to de), else English."""
        texts = dict(self.captions)
        return texts.get(language) or texts.get(language.split("-")[0]) or self.caption

    def is_central(self, name: str) -> bool:
        return math.isclose(self._landmarks[name][0], self.axis, abs_tol=1e-9)

    def mirror(self, point: Point) -> Point:
        return (2 * self.axis - point[0], point[1])


ImageKind = Literal["jpeg", "png", "svg"]


@dataclass(frozen=True)
class Image:
    """A picture an author gave (``image:``), checked readable when the content was loaded."""

    path: str
    """Absolute path of the file."""
    kind: ImageKind
    width: float
    """Pixels across as printed upright (EXIF orientation applied); points for SVG."""
    height: float
    where: Location | None = field(default=None, compare=False)

    @property
    def aspect(self) -> float:
        return self.width / self.height


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
    view: str = "back"
    """The body view the diagram is drawn on."""
    image: Image | None = None
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
    stance: str | None = None
    """A stance of the step's view (see :mod:`.views`)."""
    area: str | None = None
    pressure: Pressure | None = None
    repeat: int | str | None = None
    tip: str | None = None
    caution: str | None = None
    diagram: tuple[Stroke, ...] = ()
    key: str | None = None
    """The step's optional ``id:`` (unique within its routine): its identity in practice decks."""
    view: str = "back"
    image: Image | None = None
    summary: str | None = None
    """One short line for cheat sheets and cards; see :attr:`key_line`."""
    where: Location | None = field(default=None, compare=False)

    @property
    def key_line(self) -> str:
        """The one line shown where a step gets one: its summary, else its first cue."""
        return self.summary or self.cues[0]

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
    view: str = "back"
    safety: tuple[str, ...] = ()
    """The routine's own cautions, shown instead of the book's list on its pages."""
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
class Cover:
    """What the front cover shows: a clean diagram (default), a picture, a technique, nothing."""

    kind: Literal["diagram", "image", "technique", "none"] = "diagram"
    image: Image | None = None
    technique: str | None = None


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
    cover: Cover = Cover()
    views: tuple[BodyMap, ...] = ()
    """The body views the content may use (built-in and the content's own)."""
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

    def view(self, name: str) -> BodyMap:
        """A body view by name (validation gives a book every view its content may use)."""
        for view in self.views:
            if view.name == name:
                return view
        raise KeyError(name)

    def safety_for(self, routine: Routine) -> tuple[str, ...]:
        """The cautions printed with a routine: its own, else the book's."""
        return routine.safety or self.safety

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
