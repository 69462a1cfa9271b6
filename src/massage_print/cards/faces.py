"""What goes on each card, as pure data built from the model (no ReportLab here).

A :class:`Card` has a front and a back :class:`CardFace`; a face is a list of text blocks
flowing down from the top, blocks pinned to the bottom, and an optional stroke diagram that
takes the room left on a front. Text keeps the author's ``**bold**`` / ``_italic_`` markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..content.model import Book, Image, Routine, Step, Stroke, Technique
from ..errors import Location, MassagePrintError
from ..labels import ENGLISH, Labels, repeat_text
from ..vocabulary import DECKS, PRESSURES

BlockKind = Literal[
    "title",  # the card's name: bold, large, accent colour
    "line",  # a short line in label type (routine, pressure and contact)
    "text",  # body paragraph
    "summary",  # body paragraph in italic
    "numbered",  # numbered cues
    "bullets",  # bulleted items
    "facts",  # label: value pairs run together in one paragraph
    "tip",  # a tinted box with a label
    "caution",  # a tinted box with a label
    "next",  # "Next: <title>"
    "footer",  # small muted line at the foot of a back
]


@dataclass(frozen=True)
class Block:
    """One piece of text on a face; ``field`` names it in error messages."""

    field: str
    kind: BlockKind
    items: tuple[str, ...]
    labels: tuple[str, ...] = ()
    """``facts``: a label per item; ``tip``/``caution``/``next``: the lead-in word."""
    level: int = 0
    """``line`` with a pressure icon: 1 (light) to 4 (deep) dots filled; 0 for none."""


@dataclass(frozen=True)
class Band:
    """The coloured band across the top of a front."""

    text: str
    style: Literal["technique", "step"]


@dataclass(frozen=True)
class CardFace:
    side: Literal["front", "back"]
    blocks: tuple[Block, ...]
    bottom: tuple[Block, ...] = ()
    """Pinned to the foot of the safe area, in order from top to bottom."""
    band: Band | None = None
    strokes: tuple[Stroke, ...] = ()
    stance: str | None = None
    diagram: bool = False
    """The face shows the stroke diagram in the room under its text."""
    view: str = "back"
    image: Image | None = None
    """A picture for the room under the text (when there is no diagram, or images win)."""


@dataclass(frozen=True)
class Card:
    what: str
    """How error messages name the card: "technique 'fan-stroke'", "routine 'back' step 7"."""
    where: Location | None
    front: CardFace
    back: CardFace


def technique_card(technique: Technique, labels: Labels = ENGLISH) -> Card:
    L = labels
    level = PRESSURES.index(technique.pressure) + 1
    pressure = L("pressure_phrase", pressure=L.word("pressure", technique.pressure))
    top: list[Block] = [
        Block("name", "title", (technique.name,)),
        Block("pressure", "line", (pressure,), level=level),
    ]
    if technique.contact:
        contact = ", ".join(L.words("contact", technique.contact))
        top.append(Block("contact", "line", (contact,), (L("contact"),)))
    family = L.word("family", technique.family)
    front = CardFace(
        side="front",
        blocks=tuple(top),
        band=Band(family.upper(), "technique"),
        strokes=technique.diagram,
        diagram=bool(technique.diagram or technique.image),
        view=technique.view,
        image=technique.image,
    )
    back_blocks: list[Block] = [
        Block("summary", "summary", (technique.summary,)),
        Block("how", "numbered", technique.how),
    ]
    if technique.cautions:
        back_blocks.append(
            Block("cautions", "caution", technique.cautions, (L("caution"),)),
        )
    back = CardFace(
        side="back",
        blocks=tuple(back_blocks),
        bottom=(Block("name", "footer", (f"{technique.name}  ·  {family}",)),),
    )
    return Card(f"technique '{technique.id}'", technique.where, front, back)


def step_card(routine: Routine, step: Step, labels: Labels = ENGLISH) -> Card:
    L = labels
    total = len(routine.steps)
    place = L("step_of", n=step.number, total=total)
    front = CardFace(
        side="front",
        blocks=(
            Block("routine", "line", (routine.title,)),
            Block("title", "title", (step.title,)),
            Block("summary", "summary", (step.key_line,)),
        ),
        band=Band(place.upper(), "step"),
        strokes=step.diagram,
        stance=step.stance,
        diagram=bool(step.diagram or step.image),
        view=step.view,
        image=step.image,
    )
    facts: list[tuple[str, str]] = []
    if step.technique is not None:
        facts.append((L("technique"), step.technique.name))
    if step.stance:
        facts.append((L("stance"), L.word("stance", step.stance)))
    if step.pressure:
        facts.append((L("pressure"), L.word("pressure", step.pressure)))
    repeat = repeat_text(step, L)
    if repeat:
        facts.append((L("repeat"), repeat))
    blocks: list[Block] = [Block("cues", "numbered", step.cues)]
    if facts:
        blocks.append(
            Block("facts", "facts", tuple(v for _, v in facts), tuple(k for k, _ in facts))
        )
    if step.tip:
        blocks.append(Block("tip", "tip", (step.tip,), (L("tip"),)))
    if step.caution:
        blocks.append(Block("caution", "caution", (step.caution,), (L("caution"),)))
    following = routine.next_step(step)
    if following is not None:
        upcoming = Block("next", "next", (following.title,), (L("next"),))
    else:
        upcoming = Block("next", "next", (L("routine_ends"),), (L("last_step"),))
    back = CardFace(
        side="back",
        blocks=tuple(blocks),
        bottom=(
            upcoming,
            Block(
                "footer",
                "footer",
                (L("card_footer", title=routine.title, n=step.number, total=total),),
            ),
        ),
    )
    return Card(f"routine '{routine.id}' step {step.number}", step.where, front, back)


def build_deck(book: Book, deck: str = "all", routine: str | None = None) -> tuple[Card, ...]:
    """The cards of ``deck``: technique cards in book order, then each routine's steps."""
    if deck not in DECKS:
        raise MassagePrintError(f"unknown deck '{deck}'; use one of: {', '.join(DECKS)}")
    if routine is not None:
        if deck == "techniques":
            raise MassagePrintError("--routine picks step cards; use it with --deck steps or all")
        known = [r.id for r in book.routines]
        if routine not in known:
            listing = ", ".join(known) if known else "none"
            raise MassagePrintError(f"unknown routine '{routine}'; routines: {listing}")
    cards: list[Card] = []
    if deck in ("techniques", "all"):
        cards.extend(technique_card(t, book.labels) for t in book.techniques)
    if deck in ("steps", "all"):
        for r in book.routines:
            if routine is None or r.id == routine:
                cards.extend(step_card(r, s, book.labels) for s in r.steps)
    if not cards:
        raise MassagePrintError(f"the '{deck}' deck has no cards: the content has none to make")
    return tuple(cards)
