"""Content folder → validated :class:`~massage_print.content.model.Book`.

The only code that sees the content's YAML. Every mistake in every file is collected, then
raised once as a :class:`~massage_print.errors.MassagePrintError`.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from types import MappingProxyType

import yaml

from ..errors import Location, MassagePrintError, Problem
from ..labels import LANGUAGE_CODE, Entry, Labels, catalogue, check_language, check_override
from ..vocabulary import (
    CONTACTS,
    FAMILIES,
    PATH_KINDS,
    POINT_KINDS,
    PRESSURES,
    SIDES,
    STANCES,
    STROKE_KINDS,
    TURNS,
)
from .images import probe_image
from .model import (
    Anchor,
    Block,
    BodyMap,
    Book,
    Bullets,
    Chapter,
    Cover,
    Image,
    Routine,
    Section,
    Source,
    Step,
    Stroke,
    Technique,
)
from .nodes import (
    WHOLE,
    Key,
    NodeReader,
    Shape,
    choice,
    choices,
    describe,
    did_you_mean,
    is_null,
    ref,
    refs,
    shorten,
    text,
    texts,
)
from .views import DEFAULT_VIEW, load_views
from .yamlfile import ParseCache, node_location, read_yaml

ID_PATTERN = re.compile(r"[a-z0-9-]+")

MAX_CUES = 8

# Longest text each kind of field may hold, in characters (docs/content-format.md lists them).
ID_MAX = 64
"""Ids: techniques, routines, references to them."""
NAME_MAX = 160
"""Titles, names, headings, authors, areas, repeats: one line of print."""
LINE_MAX = 1000
"""Cues, tips, cautions, list items: a few lines each."""
PARAGRAPH_MAX = 4000
"""Summaries, intros, setup and chapter paragraphs."""
LANGUAGE_MAX = 35
"""A language tag such as de-CH (BCP 47 tags are at most 35 characters)."""

ID = text(ID_MAX, pattern=ID_PATTERN.pattern)
NAME = text(NAME_MAX)
LINE = text(LINE_MAX)
PARAGRAPH = text(PARAGRAPH_MAX)
MAX_SUMMARY = 120
"""Longest step summary, in characters: it is one short line."""

BOOK_KEYS = {
    "id": Key(
        description="A short name for the book (a-z, 0-9 and -): names its practice decks and "
        "identifies their notes; the title in a-z, 0-9 and - if not given.",
        shape=ID,
    ),
    "title": Key(True, "The book's title, on the cover and the title page.", NAME),
    "subtitle": Key(description="A line under the title on the cover.", shape=NAME),
    "author": Key(
        description="Who wrote the course; on the cover and in the PDF metadata.", shape=NAME
    ),
    "edition": Key(
        description="An edition or date line for the cover, such as 'Spring 2025'.", shape=NAME
    ),
    "language": Key(
        description="The language of the text as a code such as en, de or fr-CA "
        "(labels, hyphenation, alphabetical order, PDF metadata); en if not given.",
        shape=text(LANGUAGE_MAX, pattern=LANGUAGE_CODE.pattern),
    ),
    "labels": Key(
        description="The tool's own words, by label key, replacing the built-in catalogue of "
        "the language (`massage-print labels` prints them all).",
        shape=ref("labels"),
    ),
    "routines": Key(
        description="Routine ids (file names in routines/ without .yaml) in booklet order; "
        "every routine file, in name order, if not given.",
        shape=Shape("texts", min_items=1, pattern=ID_PATTERN.pattern, max_length=ID_MAX),
    ),
    "front_matter": Key(
        description="Chapters printed before the routines (welcome, how to use the book).",
        shape=refs("chapter"),
    ),
    "back_matter": Key(
        description="Chapters printed after the routines and the technique glossary.",
        shape=refs("chapter"),
    ),
    "safety": Key(
        description="General cautions, printed on the safety page and the cheat sheets.",
        shape=texts(max_length=LINE_MAX),
    ),
    "sources": Key(description="Books and articles the course draws on.", shape=refs("source")),
    "cover": Key(
        description="What the front cover shows: {image: PATH}, {technique: ID} (its "
        "diagram, large) or none; one clean diagram of the first routine if not given.",
        shape=ref("cover"),
    ),
}
COVER_KEYS = {
    "image": Key(
        description="A picture file (JPEG, PNG or SVG), relative to book.yaml.", shape=NAME
    ),
    "technique": Key(description="The id of a technique whose diagram fills the cover.", shape=ID),
}
CHAPTER_KEYS = {
    "heading": Key(True, "The chapter's heading.", NAME),
    "body": Key(
        True,
        "Paragraphs (text) and bullet lists ({bullets: [...]}), in order.",
        refs("block", 1),
    ),
}
BULLETS_KEYS = {
    "bullets": Key(True, "The items of a bulleted list.", texts(1, max_length=LINE_MAX))
}
SOURCE_KEYS = {
    "title": Key(True, "The source's title.", NAME),
    "author": Key(description="Who wrote it.", shape=NAME),
    "publisher": Key(description="Who published it.", shape=NAME),
    "year": Key(description="When it was published.", shape=NAME),
    "note": Key(description="A short note: what the course takes from it.", shape=PARAGRAPH),
}
TECHNIQUES_FILE_KEYS = {
    "techniques": Key(
        True,
        "Every technique the routines use; each appears in the glossary.",
        refs("technique", 1),
    )
}
TECHNIQUE_KEYS = {
    "id": Key(True, "A short name steps use to refer to it: a-z, 0-9 and -.", ID),
    "name": Key(True, "The technique's name as printed.", NAME),
    "family": Key(True, "The kind of movement it is.", choice(FAMILIES)),
    "aka": Key(description="Other names it goes by.", shape=texts(max_length=NAME_MAX)),
    "summary": Key(True, "One or two sentences: what it is and what it does.", PARAGRAPH),
    "how": Key(True, f"How to do it: 1 to {MAX_CUES} short cues.", texts(1, MAX_CUES, LINE_MAX)),
    "pressure": Key(True, "How firmly to work.", choice(PRESSURES)),
    "contact": Key(description="The parts of the hand or arm that touch.", shape=choices(CONTACTS)),
    "benefits": Key(description="What it is good for.", shape=texts(max_length=LINE_MAX)),
    "cautions": Key(
        description="When to be careful or leave it out.", shape=texts(max_length=LINE_MAX)
    ),
    "view": Key(
        description="The body view its diagram is drawn on (back, seated, legs, feet, hands, "
        "head, or a view in the content's maps/); back if not given.",
        shape=ID,
    ),
    "diagram": Key(
        description="Strokes drawn on the body map; steps using the technique show it "
        "unless they draw their own.",
        shape=ref("diagram"),
    ),
    "image": Key(
        description="A picture (JPEG, PNG or SVG), relative to this file; printed with the "
        "technique and on its card when it has no diagram.",
        shape=NAME,
    ),
}
ROUTINE_KEYS = {
    "id": Key(True, "Must equal the file name without .yaml.", ID),
    "title": Key(True, "The routine's title.", NAME),
    "summary": Key(description="A sentence or two about the routine.", shape=PARAGRAPH),
    "duration_minutes": Key(description="About how long it takes, in minutes.", shape=WHOLE),
    "setup": Key(
        description="What to prepare before starting (table, oil, towels).", shape=PARAGRAPH
    ),
    "view": Key(
        description="The body view its steps are drawn on unless a step names its own; "
        "else each step's technique's view, else back.",
        shape=ID,
    ),
    "safety": Key(
        description="This routine's own cautions: at the start of its chapter and on its "
        "cheat sheet, instead of the book's list.",
        shape=texts(max_length=LINE_MAX),
    ),
    "sections": Key(True, "The routine's parts, in order.", refs("section", 1)),
}
SECTION_KEYS = {
    "title": Key(True, "The section's title.", NAME),
    "intro": Key(description="A short paragraph before its steps.", shape=PARAGRAPH),
    "steps": Key(
        True, "The section's steps, in order; numbered through the routine.", refs("step", 1)
    ),
}
STEP_KEYS = {
    "id": Key(
        description="A short name for the step (a-z, 0-9 and -), unique within the routine: "
        "keeps its flashcard and review history when steps are inserted or moved.",
        shape=ID,
    ),
    "title": Key(True, "The step's title.", NAME),
    "technique": Key(
        description="The id of a technique in techniques.yaml; the step takes its pressure "
        "and diagram unless it gives its own.",
        shape=text(ID_MAX),
    ),
    "stance": Key(description="Where the giver stands or sits.", shape=choice(STANCES)),
    "area": Key(description="The part of the body worked, in words.", shape=NAME),
    "pressure": Key(
        description="How firmly to work (default: the technique's).", shape=choice(PRESSURES)
    ),
    "repeat": Key(
        description="How often: a number of times, or words such as '3 slow passes'.",
        shape=ref("repeat"),
    ),
    "cues": Key(True, f"What to do: 1 to {MAX_CUES} short cues.", texts(1, MAX_CUES, LINE_MAX)),
    "tip": Key(description="A helpful hint, printed in a tip box.", shape=LINE),
    "caution": Key(description="A warning, printed in a caution box.", shape=LINE),
    "summary": Key(
        description="One short line for the cheat sheet and the step's card (default: the "
        "first cue).",
        shape=text(max_length=MAX_SUMMARY),
    ),
    "view": Key(
        description="The body view this step is drawn on (default: the routine's, else its "
        "technique's, else back).",
        shape=ID,
    ),
    "diagram": Key(
        description="The step's own strokes on the body map (replaces the technique's); "
        "an empty value shows none.",
        shape=ref("diagram"),
    ),
    "image": Key(
        description="A picture (JPEG, PNG or SVG), relative to this file: beside the diagram "
        "or in its place on the step's page, card and cheat-sheet line.",
        shape=NAME,
    ),
}
SIDE = Key(description="Which side of the body: left, right, both or center.", shape=choice(SIDES))
PATH_STROKE_KEYS = {
    "from": Key(description="Where the stroke starts: a landmark or [x, y].", shape=ref("anchor")),
    "to": Key(description="Where the stroke ends: a landmark or [x, y].", shape=ref("anchor")),
    "path": Key(
        description="Two or more points the stroke passes through, instead of from/to.",
        shape=refs("anchor", 2),
    ),
    "side": SIDE,
}
CIRCLE_KEYS = {
    "at": Key(True, "Where: a landmark or [x, y].", ref("anchor")),
    "turn": Key(description="Which way the circles go (default clockwise).", shape=choice(TURNS)),
    "side": SIDE,
}
POINT_KEYS = {"at": Key(True, "Where: a landmark or [x, y].", ref("anchor")), "side": SIDE}
HOLD_KEYS = {
    "at": Key(True, "Where the hands rest: a landmark, [x, y], or a list of them.", ref("places"))
}
STROKE_KEYS = {
    "glide": Key(
        description="A long gliding stroke along a line or path.", shape=ref("path_stroke")
    ),
    "feather": Key(description="A very light brushing stroke.", shape=ref("path_stroke")),
    "tap": Key(description="Percussion along a line or path.", shape=ref("path_stroke")),
    "circle": Key(description="Small circles on one spot.", shape=ref("circle")),
    "knead": Key(description="Kneading on one spot.", shape=ref("point")),
    "press": Key(description="A static press on one spot.", shape=ref("point")),
    "hold": Key(description="Resting hands on one or more places.", shape=ref("hold")),
}
"""A stroke is a mapping with one of these keys, its kind (the order of STROKE_KINDS)."""
NAMED_KEYS = {
    "chapter": CHAPTER_KEYS,
    "bullets": BULLETS_KEYS,
    "source": SOURCE_KEYS,
    "technique": TECHNIQUE_KEYS,
    "section": SECTION_KEYS,
    "step": STEP_KEYS,
    "stroke": STROKE_KEYS,
    "path_stroke": PATH_STROKE_KEYS,
    "circle": CIRCLE_KEYS,
    "point": POINT_KEYS,
    "hold": HOLD_KEYS,
}
"""Nested mappings by the name key shapes refer to them with (``ref("step")``)."""
FILE_KEYS = {"book": BOOK_KEYS, "techniques": TECHNIQUES_FILE_KEYS, "routine": ROUTINE_KEYS}
"""The top-level keys of book.yaml, techniques.yaml and routines/*.yaml."""


def load_book(content_dir: Path | str, cache: ParseCache | None = None) -> Book:
    """Load and validate a content folder; raise one error listing every problem.

    ``cache`` reuses the parsed files whose bytes did not change since the last load (watch).
    """
    folder = Path(content_dir)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "content folder not found"
        if not folder.exists() and (folder.parent / "book.yaml").is_file():
            # Run from inside the course folder (as `init` leaves an author): say so.
            here = str(folder.parent)
            where = "this folder" if here == "." else here
            what += f"; {where} holds a book.yaml: is that the course? (--content {here})"
        raise MassagePrintError(Problem(Location(str(folder)), what))
    return _ContentLoader(folder, cache).load()


class _ContentLoader:
    def __init__(self, folder: Path, cache: ParseCache | None = None) -> None:
        self.folder = folder
        self.cache = cache
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Every id written in techniques.yaml, valid entry or not (no cascading errors).
        self.technique_ids: dict[str, None] = {}
        self.views: dict[str, BodyMap] = {}

    def reader(self, path: Path) -> NodeReader:
        return NodeReader(str(path), self.problems, self.warnings)

    def read(self, path: Path) -> yaml.Node | None:
        try:
            return read_yaml(path, str(path), self.cache)
        except MassagePrintError as exc:
            self.problems.extend(exc.problems)
            return None

    def load(self) -> Book:
        book_path = self.folder / "book.yaml"
        techniques_path = self.folder / "techniques.yaml"
        routines_dir = self.folder / "routines"
        self.views = load_views(self.folder, self.problems)
        book_node = self.read(book_path)
        techniques_node = self.read(techniques_path)
        techniques = (
            self.techniques(techniques_node, self.reader(techniques_path))
            if techniques_node is not None
            else {}
        )
        routine_files = sorted(routines_dir.glob("*.yaml")) if routines_dir.is_dir() else []
        if not routines_dir.is_dir():
            self.problems.append(Problem(Location(str(routines_dir)), "routines folder not found"))
        elif not routine_files:
            self.problems.append(
                Problem(Location(str(routines_dir)), "no routine files (routines/*.yaml)")
            )
        routines: dict[str, Routine] = {}
        for path in routine_files:
            node = self.read(path)
            if node is None:
                continue
            routine = self.routine(node, path, techniques)
            if routine is not None:
                routines[routine.id] = routine
        book = None
        if book_node is not None:
            book = self.book(book_node, self.reader(book_path), techniques, routines, routine_files)
        if self.problems or book is None:
            NodeReader(str(book_path), self.problems).raise_if_any()
            raise MassagePrintError(Problem(Location(str(book_path)), "book could not be read"))
        return book

    # -- book.yaml ---------------------------------------------------------------------

    def book(
        self,
        node: yaml.Node,
        r: NodeReader,
        techniques: dict[str, Technique],
        routines: dict[str, Routine],
        routine_files: list[Path],
    ) -> Book | None:
        keys = r.mapping(node, "", BOOK_KEYS)
        if keys is None:
            return None
        title = r.text(keys.get("title"), "title")
        book_id = r.matching(keys.get("id"), "id", ID_PATTERN, "book id (use a-z, 0-9 and -)")
        order: list[Routine] = []
        file_ids = {p.stem for p in routine_files}
        if "routines" in keys:
            seen: set[str] = set()
            for index, item in enumerate(r.sequence(keys["routines"], "routines", 1, what="ids")):
                where = f"routines[{index}]"
                rid = r.text(item, where)
                if rid is None:
                    continue
                if rid in seen:
                    r.error(item, where, f"routine '{rid}' is listed twice")
                elif rid in routines:
                    order.append(routines[rid])
                elif rid not in file_ids:
                    hint = did_you_mean(rid, sorted(file_ids))
                    r.error(
                        item,
                        where,
                        f"no routine file routines/{rid}.yaml{hint}",
                    )
                seen.add(rid)
        else:
            order = [routines[p.stem] for p in routine_files if p.stem in routines]
        front = self.chapters(keys.get("front_matter"), "front_matter", r)
        back = self.chapters(keys.get("back_matter"), "back_matter", r)
        sources = r.each(
            r.sequence(keys["sources"], "sources", what="sources") if "sources" in keys else [],
            "sources",
            lambda n, p: self.source(n, p, r),
        )
        subtitle = r.text(keys.get("subtitle"), "subtitle")
        author = r.text(keys.get("author"), "author")
        edition = r.text(keys.get("edition"), "edition")
        language, warnings = self.language(keys.get("language"), r)
        overrides = self.labels(keys.get("labels"), r)
        safety = r.texts(keys.get("safety"), "safety", what="cautions")
        cover = self.cover(keys.get("cover"), r, techniques)
        if title is None:
            return None
        return Book(
            title=title,
            id=book_id,
            subtitle=subtitle,
            author=author,
            edition=edition,
            language=language,
            routines=tuple(order),
            techniques=tuple(techniques.values()),
            front_matter=front,
            back_matter=back,
            safety=safety,
            sources=sources,
            labels=Labels(language, MappingProxyType(overrides)),
            cover=cover,
            views=tuple(self.views[name] for name in sorted(self.views)),
            warnings=(*warnings, *sorted(self.warnings, key=lambda p: _order(p))),
            where=node_location(r.path, node),
        )

    def language(self, node: yaml.Node | None, r: NodeReader) -> tuple[str, list[Problem]]:
        """The book's language tag (checked with Babel), and a warning if it has no labels."""
        if node is None:
            return "en", []
        code = r.text(node, "language")
        if code is None:
            return "en", []
        found = check_language(code)
        if found.error or found.tag is None:
            r.error(node, "language", found.error or "not a language code")
            return "en", []
        warnings = []
        if found.warning:
            warnings.append(Problem(node_location(r.path, node), f"language: {found.warning}"))
        return found.tag, warnings

    def labels(self, node: yaml.Node | None, r: NodeReader) -> dict[str, Entry]:
        """``labels:``: overrides of the catalogue, each checked against the English entry."""
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            r.error(
                node, "labels", f"expected a mapping of label keys to texts, found {describe(node)}"
            )
            return {}
        known = catalogue("en")
        out: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            where = f"labels.{key}"
            if key not in known:
                hint = did_you_mean(key, known)
                r.error(
                    key_node, where, f"unknown label{hint}; `massage-print labels` lists them all"
                )
                continue
            if key in out:
                r.error(key_node, where, "key appears twice")
                continue
            value = self.label_value(value_node, where, r)
            if value is None:
                continue
            problem = check_override(key, value)
            if problem:
                r.error(value_node, where, problem)
                continue
            out[key] = value if isinstance(value, str) else MappingProxyType(dict(value))
        return out

    def label_value(self, node: yaml.Node, where: str, r: NodeReader) -> Entry | None:
        if isinstance(node, yaml.MappingNode):
            texts: dict[str, str] = {}
            for k, v in node.value:
                if not r.within(v, f"{where}.{k.value}", LINE_MAX):
                    return None
                text = r.text(v, f"{where}.{k.value}")
                if text is None:
                    return None
                texts[str(k.value)] = text
            return texts
        if not r.within(node, where, LINE_MAX):
            return None
        return r.text(node, where)

    def cover(
        self, node: yaml.Node | None, r: NodeReader, techniques: dict[str, Technique]
    ) -> Cover:
        if node is None:
            return Cover()
        if isinstance(node, yaml.ScalarNode) and str(node.value) == "none":
            return Cover("none")
        keys = r.mapping(node, "cover", COVER_KEYS, " {image: PATH}, {technique: ID} or none")
        if keys is None:
            return Cover()
        if len(keys) != 1:
            r.error(node, "cover", "give one of image or technique")
            return Cover()
        if "image" in keys:
            image = self.image(keys["image"], "cover.image", r)
            return Cover("image", image=image) if image is not None else Cover()
        tid = r.text(keys["technique"], "cover.technique")
        if tid is None:
            return Cover()
        technique = techniques.get(tid)
        if technique is None:
            if tid not in self.technique_ids:
                hint = did_you_mean(tid, self.technique_ids)
                r.error(keys["technique"], "cover.technique", f"unknown technique '{tid}'{hint}")
            return Cover()
        if not technique.diagram:
            r.error(
                keys["technique"],
                "cover.technique",
                f"technique '{tid}' has no diagram to put on the cover",
            )
            return Cover()
        return Cover("technique", technique=tid)

    def view(self, node: yaml.Node | None, keypath: str, r: NodeReader) -> str | None:
        """A ``view:`` value: the name of a built-in view or of one in the content's maps/."""
        return r.choice(node, keypath, sorted(self.views), "view")

    def image(self, node: yaml.Node | None, keypath: str, r: NodeReader) -> Image | None:
        """An ``image:`` path, relative to the file naming it, checked readable."""
        written = r.text(node, keypath)
        if written is None or node is None:
            return None
        where = node_location(r.path, node)
        try:
            return probe_image(Path(r.path).parent / written, where, written)
        except MassagePrintError as exc:
            self.problems.extend(
                Problem(p.location, f"{keypath}: {p.message}") for p in exc.problems
            )
            return None

    def chapters(self, node: yaml.Node | None, keypath: str, r: NodeReader) -> tuple[Chapter, ...]:
        if node is None:
            return ()
        return r.each(
            r.sequence(node, keypath, what="chapters"), keypath, lambda n, p: self.chapter(n, p, r)
        )

    def chapter(self, node: yaml.Node, keypath: str, r: NodeReader) -> Chapter | None:
        keys = r.mapping(node, keypath, CHAPTER_KEYS, " {heading, body}")
        if keys is None:
            return None
        heading = r.text(keys.get("heading"), f"{keypath}.heading")
        blocks: list[Block] = []
        if "body" in keys:
            items = r.sequence(keys["body"], f"{keypath}.body", 1, what="blocks")
            for index, item in enumerate(items):
                block = self.block(item, f"{keypath}.body[{index}]", r)
                if block is not None:
                    blocks.append(block)
        if heading is None:
            return None
        return Chapter(heading=heading, body=tuple(blocks))

    def block(self, node: yaml.Node, keypath: str, r: NodeReader) -> Block | None:
        if isinstance(node, yaml.MappingNode):
            keys = r.mapping(node, keypath, BULLETS_KEYS)
            if keys is None or "bullets" not in keys:
                return None
            items = r.texts(keys["bullets"], f"{keypath}.bullets", 1, what="bullets")
            return Bullets(items) if items else None
        if isinstance(node, yaml.SequenceNode):
            r.error(node, keypath, "expected a paragraph or {bullets: [...]}, found a list")
            return None
        if not r.within(node, keypath, PARAGRAPH_MAX):
            return None
        return r.text(node, keypath)

    def source(self, node: yaml.Node, keypath: str, r: NodeReader) -> Source | None:
        keys = r.mapping(node, keypath, SOURCE_KEYS)
        if keys is None:
            return None
        title = r.text(keys.get("title"), f"{keypath}.title")
        author = r.text(keys.get("author"), f"{keypath}.author")
        publisher = r.text(keys.get("publisher"), f"{keypath}.publisher")
        year = r.text(keys.get("year"), f"{keypath}.year")
        note = r.text(keys.get("note"), f"{keypath}.note")
        if title is None:
            return None
        return Source(title=title, author=author, publisher=publisher, year=year, note=note)

    # -- techniques.yaml ---------------------------------------------------------------

    def techniques(self, node: yaml.Node, r: NodeReader) -> dict[str, Technique]:
        keys = r.mapping(node, "", TECHNIQUES_FILE_KEYS)
        if keys is None or "techniques" not in keys:
            return {}
        found: dict[str, Technique] = {}
        first_seen: dict[str, Location] = {}
        for index, item in enumerate(
            r.sequence(keys["techniques"], "techniques", 1, what="techniques")
        ):
            keypath = f"techniques[{index}]"
            id_node = _key_value(item, "id")
            tid = str(id_node.value) if isinstance(id_node, yaml.ScalarNode) else None
            if id_node is not None and tid is not None and tid in first_seen:
                first = first_seen[tid]
                r.error(
                    id_node,
                    f"{keypath}.id",
                    f"duplicate technique id '{shorten(tid)}' (first at line {first.line})",
                )
                continue
            if id_node is not None and tid is not None:
                first_seen[tid] = node_location(r.path, id_node)
                self.technique_ids[tid] = None
            technique = self.technique(item, keypath, r)
            if technique is not None:
                found[technique.id] = technique
        return found

    def technique(self, node: yaml.Node, keypath: str, r: NodeReader) -> Technique | None:
        keys = r.mapping(node, keypath, TECHNIQUE_KEYS, " (a technique)")
        if keys is None:
            return None
        tid = r.matching(keys.get("id"), f"{keypath}.id", ID_PATTERN, "id (use a-z, 0-9 and -)")
        name = r.text(keys.get("name"), f"{keypath}.name")
        family = r.choice(keys.get("family"), f"{keypath}.family", FAMILIES, "family")
        summary = r.text(keys.get("summary"), f"{keypath}.summary")
        how = r.texts(keys.get("how"), f"{keypath}.how", 1, MAX_CUES, "cues")
        pressure = r.choice(keys.get("pressure"), f"{keypath}.pressure", PRESSURES, "pressure")
        contact = r.choices(keys.get("contact"), f"{keypath}.contact", CONTACTS, "contact")
        view = self.view(keys.get("view"), f"{keypath}.view", r)
        if view is None and "view" in keys:
            return None
        view = view or DEFAULT_VIEW
        diagram = self.diagram(keys.get("diagram"), f"{keypath}.diagram", r, self.views[view])
        image = self.image(keys.get("image"), f"{keypath}.image", r)
        aka = r.texts(keys.get("aka"), f"{keypath}.aka", what="names")
        benefits = r.texts(keys.get("benefits"), f"{keypath}.benefits", what="benefits")
        cautions = r.texts(keys.get("cautions"), f"{keypath}.cautions", what="cautions")
        if None in (tid, name, family, summary, pressure) or not how:
            return None
        assert tid and name and family and summary and pressure
        return Technique(
            id=tid,
            name=name,
            family=family,
            summary=summary,
            how=how,
            pressure=pressure,
            aka=aka,
            contact=contact,
            benefits=benefits,
            cautions=cautions,
            diagram=diagram,
            view=view,
            image=image,
            where=node_location(r.path, node),
        )

    # -- routines/*.yaml ---------------------------------------------------------------

    def routine(
        self, node: yaml.Node, path: Path, techniques: dict[str, Technique]
    ) -> Routine | None:
        r = self.reader(path)
        keys = r.mapping(node, "", ROUTINE_KEYS, " (a routine)")
        if keys is None:
            return None
        rid = r.matching(keys.get("id"), "id", ID_PATTERN, "routine id (use a-z, 0-9 and -)")
        if rid is not None and rid != path.stem:
            id_node = keys["id"]
            r.error(id_node, "id", f"'{rid}' must equal the file name '{path.stem}'")
            rid = None
        title = r.text(keys.get("title"), "title")
        view = self.view(keys.get("view"), "view", r)
        numbering = _Counter()
        sections: list[Section] = []
        if "sections" in keys and (view is not None or "view" not in keys):
            items = r.sequence(keys["sections"], "sections", 1, what="sections")
            for index, item in enumerate(items):
                section = self.section(item, f"sections[{index}]", r, techniques, numbering, view)
                if section is not None:
                    sections.append(section)
        summary = r.text(keys.get("summary"), "summary")
        duration = r.positive_int(keys.get("duration_minutes"), "duration_minutes")
        setup = r.text(keys.get("setup"), "setup")
        safety = r.texts(keys.get("safety"), "safety", what="cautions")
        if rid is None or title is None or not sections:
            return None
        return Routine(
            id=rid,
            title=title,
            sections=tuple(sections),
            summary=summary,
            duration_minutes=duration,
            setup=setup,
            view=view or DEFAULT_VIEW,
            safety=safety,
            where=node_location(r.path, node),
        )

    def section(
        self,
        node: yaml.Node,
        keypath: str,
        r: NodeReader,
        techniques: dict[str, Technique],
        numbering: _Counter,
        view: str | None,
    ) -> Section | None:
        keys = r.mapping(node, keypath, SECTION_KEYS, " (a section)")
        if keys is None:
            return None
        title = r.text(keys.get("title"), f"{keypath}.title")
        intro = r.text(keys.get("intro"), f"{keypath}.intro")
        steps: list[Step] = []
        if "steps" in keys:
            items = r.sequence(keys["steps"], f"{keypath}.steps", 1, what="steps")
            for index, item in enumerate(items):
                step = self.step(item, f"{keypath}.steps[{index}]", r, techniques, numbering, view)
                if step is not None:
                    steps.append(step)
        if title is None or not steps:
            return None
        return Section(title=title, steps=tuple(steps), intro=intro)

    def step(
        self,
        node: yaml.Node,
        keypath: str,
        r: NodeReader,
        techniques: dict[str, Technique],
        numbering: _Counter,
        routine_view: str | None,
    ) -> Step | None:
        number = numbering.next()
        keys = r.mapping(node, keypath, STEP_KEYS, " (a step)")
        if keys is None:
            return None
        key = r.matching(
            keys.get("id"), f"{keypath}.id", ID_PATTERN, "step id (use a-z, 0-9 and -)"
        )
        if key is not None:
            first = numbering.keys.get(key)
            if first is not None:
                r.error(keys["id"], f"{keypath}.id", f"step id '{key}' is already used by {first}")
                key = None
            else:
                numbering.keys[key] = (
                    f"step {number} (line {node_location(r.path, keys['id']).line})"
                )
        title = r.text(keys.get("title"), f"{keypath}.title")
        cues = r.texts(keys.get("cues"), f"{keypath}.cues", 1, MAX_CUES, "cues")
        technique = None
        if "technique" in keys:
            tid = r.text(keys["technique"], f"{keypath}.technique")
            if tid is not None:
                technique = techniques.get(tid)
                if technique is None and self.technique_ids and tid not in self.technique_ids:
                    hint = did_you_mean(tid, self.technique_ids)
                    r.error(
                        keys["technique"],
                        f"{keypath}.technique",
                        f"unknown technique '{tid}'{hint}",
                    )
        own_view = self.view(keys.get("view"), f"{keypath}.view", r)
        if own_view is None and "view" in keys:
            return None
        # The step's own view, else its routine's, else its technique's, else the back.
        view = own_view or routine_view or (technique.view if technique else DEFAULT_VIEW)
        body = self.views[view]
        stance = r.choice(keys.get("stance"), f"{keypath}.stance", body.stance_names, "stance")
        if stance is None and "stance" in keys and view != DEFAULT_VIEW:
            self.problems[-1] = Problem(
                self.problems[-1].location,
                f"{self.problems[-1].message} (on the '{view}' view)",
            )
        pressure = r.choice(keys.get("pressure"), f"{keypath}.pressure", PRESSURES, "pressure")
        repeat = self.repeat(keys.get("repeat"), f"{keypath}.repeat", r)
        if "diagram" in keys:
            diagram = self.diagram(keys["diagram"], f"{keypath}.diagram", r, body)
        elif technique is not None and technique.diagram and technique.view != view:
            diagram = ()
            self.warnings.append(
                Problem(
                    node_location(r.path, node),
                    f"warning: {keypath}: technique '{technique.id}' is drawn on the "
                    f"'{technique.view}' view but this step is on the '{view}' view, so the "
                    "step shows no diagram; give the step its own diagram: (or view:)",
                )
            )
        else:
            diagram = technique.diagram if technique else ()
        image = self.image(keys.get("image"), f"{keypath}.image", r)
        summary = r.text(keys.get("summary"), f"{keypath}.summary")
        if summary is not None and len(summary) > MAX_SUMMARY:
            r.error(
                keys["summary"],
                f"{keypath}.summary",
                f"is {len(summary)} characters; a summary is one short line "
                f"(at most {MAX_SUMMARY})",
            )
            summary = None
        area = r.text(keys.get("area"), f"{keypath}.area")
        tip = r.text(keys.get("tip"), f"{keypath}.tip")
        caution = r.text(keys.get("caution"), f"{keypath}.caution")
        if title is None or not cues:
            return None
        return Step(
            number=number,
            key=key,
            title=title,
            cues=cues,
            technique=technique,
            stance=stance,
            area=area,
            pressure=pressure or (technique.pressure if technique else None),
            repeat=repeat,
            tip=tip,
            caution=caution,
            diagram=diagram,
            view=view,
            image=image,
            summary=summary,
            where=node_location(r.path, node),
        )

    def repeat(self, node: yaml.Node | None, keypath: str, r: NodeReader) -> int | str | None:
        if node is None:
            return None
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
            and ":" not in str(node.value)
        ):
            return r.positive_int(node, keypath)
        if not r.within(node, keypath, NAME_MAX):
            return None
        return r.text(node, keypath)

    # -- diagrams ----------------------------------------------------------------------

    def diagram(
        self, node: yaml.Node | None, keypath: str, r: NodeReader, view: BodyMap
    ) -> tuple[Stroke, ...]:
        if node is None or is_null(node):
            return ()
        items = r.sequence(node, keypath, what="strokes")
        return r.each(items, keypath, lambda n, p: self.stroke(n, p, r, view))

    def stroke(self, node: yaml.Node, keypath: str, r: NodeReader, view: BodyMap) -> Stroke | None:
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            kinds = ", ".join(STROKE_KINDS)
            found = (
                describe(node)
                if not isinstance(node, yaml.MappingNode)
                else (f"{len(node.value)} keys")
            )
            r.error(
                node,
                keypath,
                f"a stroke is a mapping with one key, its kind ({kinds}); found {found}",
            )
            return None
        key_node, body = node.value[0]
        kind = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        if kind not in STROKE_KINDS:
            hint = did_you_mean(kind, STROKE_KINDS)
            r.error(
                key_node,
                keypath,
                f"unknown stroke kind '{kind}'{hint}; expected one of: " + ", ".join(STROKE_KINDS),
            )
            return None
        where = f"{keypath}.{kind}"
        location = node_location(r.path, node)
        if kind in PATH_KINDS:
            return self.path_stroke(kind, body, where, r, location, view)
        if kind == "hold":
            keys = r.mapping(body, where, HOLD_KEYS, " {at: ...}")
            if keys is None or "at" not in keys:
                return None
            at = keys["at"]
            points: tuple[Anchor, ...]
            if isinstance(at, yaml.SequenceNode) and not _is_point(at):
                points = r.each(
                    r.sequence(at, f"{where}.at", 1, what="places"),
                    f"{where}.at",
                    lambda n, p: self.anchor(n, p, r, view),
                )
            else:
                one = self.anchor(at, f"{where}.at", r, view)
                points = (one,) if one is not None else ()
            return Stroke("hold", points, "both", None, location) if points else None
        spec = CIRCLE_KEYS if kind == "circle" else POINT_KEYS
        keys = r.mapping(body, where, spec, " {at: ...}")
        if keys is None or "at" not in keys:
            return None
        point = self.anchor(keys["at"], f"{where}.at", r, view)
        side = r.choice(keys.get("side"), f"{where}.side", SIDES, "side") or "both"
        turn = None
        if kind == "circle":
            turn = r.choice(keys.get("turn"), f"{where}.turn", TURNS, "turn") or "clockwise"
        if point is None:
            return None
        assert kind in POINT_KINDS
        return Stroke(kind, (point,), side, turn, location)

    def path_stroke(
        self,
        kind: str,
        body: yaml.Node,
        where: str,
        r: NodeReader,
        location: Location,
        view: BodyMap,
    ) -> Stroke | None:
        keys = r.mapping(body, where, PATH_STROKE_KEYS, " {from, to} or {path}")
        if keys is None:
            return None
        side = r.choice(keys.get("side"), f"{where}.side", SIDES, "side") or "both"
        has_path = "path" in keys
        has_ends = "from" in keys or "to" in keys
        points: tuple[Anchor, ...]
        if has_path and has_ends:
            r.error(body, where, "give either from/to or path, not both")
            return None
        if has_path:
            items = r.sequence(keys["path"], f"{where}.path", what="points")
            if len(items) < 2:
                r.error(
                    keys["path"],
                    f"{where}.path",
                    f"a path needs at least two points, found {len(items)}",
                )
                return None
            anchors = [self.anchor(n, f"{where}.path[{i}]", r, view) for i, n in enumerate(items)]
            if any(a is None for a in anchors):
                return None
            points = tuple(a for a in anchors if a is not None)
            for i in range(1, len(points)):
                if points[i] == points[i - 1]:
                    r.error(items[i], f"{where}.path[{i}]", "repeats the point before it")
                    return None
        else:
            missing = [k for k in ("from", "to") if k not in keys]
            if missing:
                r.error(
                    body, where, "needs from and to (or a path); missing " + " and ".join(missing)
                )
                return None
            start = self.anchor(keys["from"], f"{where}.from", r, view)
            end = self.anchor(keys["to"], f"{where}.to", r, view)
            if start is None or end is None:
                return None
            if start == end:
                r.error(keys["to"], f"{where}.to", f"goes from {_anchor_text(start)} to itself")
                return None
            points = (start, end)
        return Stroke(kind, points, side, None, location)  # type: ignore[arg-type]

    def anchor(self, node: yaml.Node, keypath: str, r: NodeReader, view: BodyMap) -> Anchor | None:
        if isinstance(node, yaml.SequenceNode):
            if not _is_point(node):
                r.error(node, keypath, "a point is [x, y] with two numbers from 0 to 1")
                return None
            x = r.number(node.value[0], keypath)
            y = r.number(node.value[1], keypath)
            if x is None or y is None:
                return None
            if not (0 <= x <= 1 and 0 <= y <= 1):
                r.error(
                    node, keypath, f"point [{x:g}, {y:g}] is off the map: x and y go from 0 to 1"
                )
                return None
            return (x, y)
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            r.error(node, keypath, f"expected a landmark or [x, y], found {describe(node)}")
            return None
        name = str(node.value)
        names = view.landmark_names
        if name not in names:
            hint = did_you_mean(name, names)
            on = f" on the '{view.name}' view" if view.name != DEFAULT_VIEW else ""
            r.error(
                node,
                keypath,
                f"unknown landmark '{name}'{on}{hint}; expected one of: " + ", ".join(names),
            )
            return None
        return name


class _Counter:
    def __init__(self) -> None:
        self.value = 0
        self.keys: dict[str, str] = {}
        """Step ids seen in this routine, with where they were first used."""

    def next(self) -> int:
        self.value += 1
        return self.value


def _is_point(node: yaml.SequenceNode) -> bool:
    return len(node.value) == 2 and all(
        isinstance(n, yaml.ScalarNode)
        and n.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
        for n in node.value
    )


def _anchor_text(anchor: Anchor) -> str:
    return anchor if isinstance(anchor, str) else f"[{anchor[0]:g}, {anchor[1]:g}]"


def _key_value(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return typing.cast(yaml.Node, v)
    return None


def _order(problem: Problem) -> tuple[str, int, int]:
    where = problem.location
    return (where.path, where.line, where.col) if where else ("", 0, 0)
