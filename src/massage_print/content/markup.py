"""The content's inline markup: ``**bold**`` and ``_italic_``, nothing else.

Every other character, ``<`` and ``&`` included, is literal text. This module turns marked-up
text into runs, into plain text, or into ReportLab's paragraph mark-up (escaped).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\*\*(?P<bold>.+?)\*\*|(?<![\w])_(?P<italic>[^_]+?)_(?![\w])", re.S)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (as xml.sax.saxutils.escape, whose import pulls in
    urllib, http and email: some 15 ms of start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=8192)
def runs(text: str) -> tuple[Run, ...]:
    """Split text into runs. Bold may contain italic and italic bold; unmatched markers stay
    literal.

    Cached: every renderer, and each pass of the booklet, asks for the same texts again.
    """
    out: list[Run] = []
    _split(text, False, False, out)
    return tuple(r for r in out if r.text)


def _split(text: str, bold: bool, italic: bool, out: list[Run]) -> None:
    pos = 0
    for match in _TOKEN.finditer(text):
        out.append(Run(text[pos : match.start()], bold, italic))
        if match.group("bold") is not None:
            _split(match.group("bold"), True, italic, out)
        else:
            _split(match.group("italic"), bold, True, out)
        pos = match.end()
    out.append(Run(text[pos:], bold, italic))


def plain(text: str) -> str:
    """The text without its markup markers."""
    return "".join(run.text for run in runs(text))


_WHITE_RUN = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""A run of white space other than the no-break spaces (line breaks, tabs, CR included)."""


def one_line(text: str) -> str:
    """``text`` for a single drawn line: every run of white space (a line break from a YAML
    literal block, a tab, a CR) as one space; no-break spaces are kept. A font has no glyph
    for a line break: drawn, it prints as an empty box."""
    return _WHITE_RUN.sub(" ", text)


def _tagged(text: str, escape_run: Callable[[str], str]) -> str:
    parts = []
    for run in runs(text):
        piece = escape_run(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)


def to_paragraph(text: str) -> str:
    """ReportLab paragraph mark-up: escaped text in ``<b>`` / ``<i>`` tags."""
    return _tagged(text, escape)


def _html_text(text: str) -> str:
    piece = html.escape(text, quote=True)
    piece = piece.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return piece.replace("\t", "&#9;")


def to_html(text: str) -> str:
    """HTML: every character escaped (quotes too), ``<b>`` / ``<i>`` for the markup, line
    breaks as ``<br>`` and tabs as ``&#9;``, so the result never holds a tab or a newline."""
    return _tagged(text, _html_text)


_FOLD = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"}


def slugify(text: str, limit: int = 60) -> str:
    """Text as a file-name stem in ``a-z``, ``0-9`` and ``-`` ("Rücken & Nacken" → "rucken-nacken")."""
    folded = "".join(_FOLD.get(ch, ch) for ch in text.lower())
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-")
