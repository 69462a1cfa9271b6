"""Embedded TrueType fonts: registration with ReportLab, and glyph-coverage warnings.

Every output sets its text in TrueType fonts embedded (subset) in the PDF; nothing may fall
back to ReportLab's unembedded standard-14 fonts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace

from ..content.markup import plain
from ..content.model import Book, Bullets
from ..diskcache import cached
from ..errors import Location, MassagePrintError, Problem
from ..layout.schema import Fonts


@dataclass(frozen=True)
class FontFamily:
    """Registered ReportLab font names for one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, bold: bool, italic: bool) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


@cache
def register_font(path: str) -> str:
    """Register one TrueType file (once) and return its ReportLab name."""
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:6]
    name = f"{Path(path).stem}-{digest}"
    try:
        pdfmetrics.registerFont(load_font(name, path))
    except (TTFError, OSError) as exc:
        raise MassagePrintError(Problem(Location(path), f"cannot use font: {exc}")) from None
    return name


def load_font(name: str, path: str) -> TTFont:
    """The TrueType font at ``path``, its parsed tables kept in the user's cache folder.

    ReportLab reads every glyph's metrics when it opens a font (about 8 ms for DejaVu Sans,
    in every process of every build); the parsed face is pickled and read back instead. A
    font made from the cache is the one ReportLab makes (``tests/test_fonts_cache.py``);
    should that ever fail, the font is opened the ordinary way.
    """
    face = cached("font", Path(path), reportlab.Version, lambda: _FaceState(TTFontFace(path)))
    try:
        return _ParsedFont(name, face.restore())
    except Exception:
        return TTFont(name, path)


class _FaceState:
    """A parsed face's attributes, picklable (the one function among them is made again)."""

    def __init__(self, face: TTFontFace) -> None:
        self.state = {k: v for k, v in vars(face).items() if k != "_pdfScale"}

    def restore(self) -> TTFontFace:
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(self.state)
        # As TTFontFile.extractInfo makes it: font units to thousandths of an em.
        if face.unitsPerEm == 1000:
            face._pdfScale = lambda x: x
        else:
            thousandths = 1000 / face.unitsPerEm
            face._pdfScale = lambda x: x * thousandths
        return face


class _ParsedFont(TTFont):  # type: ignore[misc]
    """A TTFont made from a face already parsed (TTFont.__init__ less the parsing)."""

    def __init__(self, name: str, face: TTFontFace) -> None:
        self.fontName = name
        self.face = face
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)


def register_family(fonts: Fonts) -> FontFamily:
    family = FontFamily(
        regular=register_font(fonts.regular),
        bold=register_font(fonts.bold),
        italic=register_font(fonts.italic),
        bold_italic=register_font(fonts.bold_italic),
    )
    addMapping(family.regular, 0, 0, family.regular)
    addMapping(family.regular, 1, 0, family.bold)
    addMapping(family.regular, 0, 1, family.italic)
    addMapping(family.regular, 1, 1, family.bold_italic)
    return family


@cache
def _charset(path: str) -> frozenset[int]:
    font = pdfmetrics.getFont(register_font(path))
    return frozenset(font.face.charToGlyph)


def missing_characters(text: str, font_path: str) -> list[str]:
    """Characters of ``text`` (ignoring line breaks) that the font has no glyph for."""
    have = _charset(font_path)
    seen: list[str] = []
    for char in text:
        if char not in "\n\r\t" and ord(char) not in have and char not in seen:
            seen.append(char)
    return seen


def _texts(book: Book) -> Iterator[tuple[Location | None, str, str]]:
    """Every printed text of the book with where it is written."""
    loc = book.where
    for name in ("title", "subtitle", "author", "edition"):
        value = getattr(book, name)
        if value:
            yield loc, name, value
    for chapter in (*book.front_matter, *book.back_matter):
        yield loc, f"chapter '{plain(chapter.heading)}'", chapter.heading
        for block in chapter.body:
            for text in block.items if isinstance(block, Bullets) else (block,):
                yield loc, f"chapter '{plain(chapter.heading)}'", text
    for text in book.safety:
        yield loc, "safety", text
    for source in book.sources:
        for value in (source.title, source.author, source.publisher, source.year, source.note):
            if value:
                yield loc, "sources", value
    for technique in book.techniques:
        what = f"technique '{technique.id}'"
        for value in (
            technique.name,
            technique.summary,
            *technique.how,
            *technique.aka,
            *technique.benefits,
            *technique.cautions,
        ):
            yield technique.where, what, value
    for routine in book.routines:
        for value in (routine.title, routine.summary, routine.setup):
            if value:
                yield routine.where, f"routine '{routine.id}'", value
        for section in routine.sections:
            for value in (section.title, section.intro):
                if value:
                    yield routine.where, f"routine '{routine.id}'", value
            for step in section.steps:
                what = f"routine '{routine.id}' step {step.number}"
                for value in (step.title, step.area, step.tip, step.caution, *step.cues):
                    if value:
                        yield step.where, what, value
                if isinstance(step.repeat, str):
                    yield step.where, what, step.repeat


def coverage_warnings(book: Book, fonts: Fonts) -> list[Problem]:
    """A warning per text that uses a character none of the layout's fonts can draw."""
    warnings: list[Problem] = []
    for where, what, text in _texts(book):
        missing = missing_characters(plain(text), fonts.regular)
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            warnings.append(
                Problem(
                    where, f"warning: {what}: no glyph for {chars} in {Path(fonts.regular).name}"
                )
            )
    return warnings
