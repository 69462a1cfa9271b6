"""The practice notes of a book as pure data: one note per technique and per step.

Shared by the Anki package and the CSV. Fields hold HTML (text escaped, ``**bold**`` and
``_italic_`` as ``<b>`` / ``<i>``, never a tab or a newline). A note's GUID comes from its
identity, never from its text:

* a technique: the book's slug and the technique's ``id``;
* a step: the book's slug, the routine's ``id`` and the step's ``id:`` if it has one, else its
  position in the routine (``#3``).

So a fixed typo updates the note in place when the deck is imported again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from ..content.markup import plain, to_html
from ..content.model import Book, Image, Routine, Step, Stroke, Technique
from ..diagrams.svg import diagram_svg
from ..errors import MassagePrintError
from ..labels import repeat_text
from ..layout.schema import AnkiLayout
from ..vocabulary import DECKS
from .labels import label
from .pictures import SUFFIX, picture_bytes

NoteKind = Literal["technique", "step"]

TECHNIQUE_FIELDS = (
    "Name",
    "Back",
    "Family",
    "Pressure",
    "Contact",
    "Diagram",
    "Reverse",
    "Picture",
)
"""The technique note type's fields (their names are identities in Anki: never translated)."""
STEP_FIELDS = ("Title", "Back", "Routine", "Place", "Diagram", "Picture")
FIELDS: dict[NoteKind, tuple[str, ...]] = {"technique": TECHNIQUE_FIELDS, "step": STEP_FIELDS}

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def stable_hash(*parts: str) -> int:
    """A 64-bit number from the parts (SHA-256), the same on every machine and run."""
    digest = hashlib.sha256("\x1f".join(("massage-print", *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def guid_for(*parts: str) -> str:
    """An Anki note GUID: 11 letters and digits (never a character CSV or Anki treats specially)."""
    value = stable_hash("guid", *parts)
    out = []
    for _ in range(11):
        value, digit = divmod(value, 62)
        out.append(_BASE62[digit])
    return "".join(reversed(out))


def technique_guid(book: Book, technique: Technique) -> str:
    return guid_for(book.slug, "technique", technique.id)


def step_guid(book: Book, routine: Routine, step: Step) -> str:
    identity = step.key if step.key is not None else f"#{step.number}"
    return guid_for(book.slug, "step", routine.id, identity)


@dataclass(frozen=True)
class PracticeNote:
    kind: NoteKind
    guid: str
    deck: str
    """The full deck name, ``Book::Subdeck``."""
    fields: tuple[str, ...]
    """HTML, in the order of :data:`FIELDS` for the kind."""
    tags: tuple[str, ...]
    what: str
    """How messages name it: "technique 'effleurage'", "routine 'back' step 3"."""

    @property
    def term(self) -> str:
        return self.fields[0]

    @property
    def definition(self) -> str:
        return self.fields[1]


@dataclass(frozen=True)
class Media:
    name: str
    """Bare and unique: the book's slug and a hash of the content."""
    data: bytes


@dataclass(frozen=True)
class PracticeSet:
    """Everything both the .apkg and the .csv hold, in book order."""

    book: str
    """The root deck's name."""
    language: str
    notes: tuple[PracticeNote, ...]
    media: tuple[Media, ...]
    """Sorted by name."""
    decks: tuple[str, ...]
    """Every deck name, the root first."""


def deck_name(text: str) -> str:
    """Plain text safe as one level of an Anki deck name."""
    return " ".join(plain(text).replace("::", ":").split()) or "-"


def tag(prefix: str, value: str) -> str:
    return f"{prefix}::{'-'.join(value.split())}"


class _Builder:
    def __init__(self, book: Book, layout: AnkiLayout, reverse: bool) -> None:
        self.book = book
        self.layout = layout
        self.reverse = reverse
        self.language = book.language
        self.media: dict[str, Media] = {}
        self.root = deck_name(book.title)

    def image(self, strokes: tuple[Stroke, ...], stance: str | None, title: str, view: str) -> str:
        if not strokes:
            return ""
        data = diagram_svg(
            strokes,
            stance,
            self.layout.diagram_height,
            self.layout.diagram,
            plain(title),
            self.book.view(view),
        )
        name = f"{self.book.slug}-{hashlib.sha256(data).hexdigest()[:12]}.svg"
        self.media.setdefault(name, Media(name, data))
        return f'<img src="{name}" alt="{to_html(plain(title))}">'

    def picture(self, image: Image | None, title: str) -> str:
        """The author's picture as media (named by its content), or ""."""
        if image is None:
            return ""
        data = picture_bytes(image, self.layout.picture_pixels)
        name = f"{self.book.slug}-{hashlib.sha256(data).hexdigest()[:12]}.{SUFFIX[image.kind]}"
        self.media.setdefault(name, Media(name, data))
        return f'<img src="{name}" alt="{to_html(plain(title))}">'

    def technique(self, technique: Technique) -> PracticeNote:
        lang = words = self.book.labels
        back = [f'<div class="summary"><i>{to_html(technique.summary)}</i></div>']
        back.append(_list(technique.how))
        if technique.cautions:
            back.append(_box("caution", label("caution", lang), technique.cautions))
        contact = ", ".join(words.words("contact", technique.contact))
        diagram = self.image(technique.diagram, None, technique.name, technique.view)
        fields = (
            to_html(technique.name),
            "".join(back),
            to_html(words.word("family", technique.family)),
            to_html(words("pressure_phrase", pressure=words.word("pressure", technique.pressure))),
            (f"{to_html(words('colon', text=label('contact', lang)))} {to_html(contact)}")
            if contact
            else "",
            diagram,
            "y" if self.reverse and diagram else "",
            self.picture(technique.image, technique.name),
        )
        tags = ("technique", tag("family", technique.family), tag("pressure", technique.pressure))
        return PracticeNote(
            "technique",
            technique_guid(self.book, technique),
            f"{self.root}::{deck_name(label('techniques', lang))}",
            fields,
            tags,
            f"technique '{technique.id}'",
        )

    def step(self, routine: Routine, step: Step) -> PracticeNote:
        lang = words = self.book.labels
        facts: list[tuple[str, str]] = []
        if step.technique is not None:
            facts.append((label("technique", lang), step.technique.name))
        if step.stance:
            facts.append((label("stance", lang), words.word("stance", step.stance)))
        if step.pressure:
            facts.append((label("step_pressure", lang), words.word("pressure", step.pressure)))
        repeat = repeat_text(step, words)
        if repeat:
            facts.append((label("repeat", lang), repeat))
        back = [_list(step.cues)]
        if facts:
            back.append(
                '<div class="facts">'
                + " · ".join(
                    f'<span class="label">{to_html(words("colon", text=k))}</span> {to_html(v)}'
                    for k, v in facts
                )
                + "</div>"
            )
        if step.tip:
            back.append(_box("tip", label("tip", lang), (step.tip,)))
        if step.caution:
            back.append(_box("caution", label("caution", lang), (step.caution,)))
        following = routine.next_step(step)
        if following is not None:
            lead, text = label("next", lang), following.title
        else:
            lead, text = label("last", lang), label("last_text", lang)
        back.append(f'<div class="next"><b>{to_html(lead)}</b> {to_html(text)}</div>')
        place = label("place", lang, number=step.number, total=len(routine.steps))
        fields = (
            to_html(step.title),
            "".join(back),
            to_html(routine.title),
            to_html(place),
            self.image(step.diagram, step.stance, step.title, step.view),
            self.picture(step.image, step.title),
        )
        tags = ["step", tag("routine", routine.id)]
        if step.technique is not None:
            tags.append(tag("family", step.technique.family))
        if step.pressure:
            tags.append(tag("pressure", step.pressure))
        return PracticeNote(
            "step",
            step_guid(self.book, routine, step),
            f"{self.root}::{deck_name(routine.title)}",
            fields,
            tuple(tags),
            f"routine '{routine.id}' step {step.number}",
        )


def _list(items: tuple[str, ...]) -> str:
    return '<ol class="cues">' + "".join(f"<li>{to_html(i)}</li>" for i in items) + "</ol>"


def _box(kind: str, lead: str, items: tuple[str, ...]) -> str:
    body = "<br>".join(to_html(i) for i in items)
    return f'<div class="{kind}"><b>{to_html(lead)}</b> {body}</div>'


_last: tuple[Book, AnkiLayout, str, bool, PracticeSet] | None = None
"""The last set made: `build` asks for the same one twice (the .apkg and the .csv)."""


def practice_set(
    book: Book, layout: AnkiLayout, deck: str = "all", reverse: bool = False
) -> PracticeSet:
    """The notes of ``deck`` (techniques, steps or all) with their media, in book order."""
    global _last
    if _last is not None and _last[0] is book and _last[1:4] == (layout, deck, reverse):
        return _last[4]
    made = _practice_set(book, layout, deck, reverse)
    _last = (book, layout, deck, reverse, made)
    return made


def _practice_set(book: Book, layout: AnkiLayout, deck: str, reverse: bool) -> PracticeSet:
    if deck not in DECKS:
        raise MassagePrintError(f"unknown deck '{deck}'; use one of: {', '.join(DECKS)}")
    builder = _Builder(book, layout, reverse)
    notes: list[PracticeNote] = []
    if deck in ("techniques", "all"):
        notes.extend(builder.technique(t) for t in book.techniques)
    if deck in ("steps", "all"):
        for routine in book.routines:
            notes.extend(builder.step(routine, s) for s in routine.steps)
    if not notes:
        raise MassagePrintError(f"the '{deck}' deck has no notes: the content has none to make")
    seen: dict[str, str] = {}
    for note in notes:
        if note.guid in seen:  # a 64-bit hash collision: practically impossible, still checked
            raise MassagePrintError(f"{note.what} and {seen[note.guid]} have the same GUID")
        seen[note.guid] = note.what
    decks = [builder.root]
    for note in notes:
        if note.deck not in decks:
            decks.append(note.deck)
    return PracticeSet(
        builder.root,
        book.language,
        tuple(notes),
        tuple(sorted(builder.media.values(), key=lambda m: m.name)),
        tuple(decks),
    )
