"""The content's inline markup: ``**bold**`` and ``_italic_``, nothing else.

Every other character, ``<`` and ``&`` included, is literal text. This module turns marked-up
text into runs, into plain text, or into ReportLab's paragraph mark-up (escaped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

_TOKEN = re.compile(r"\*\*(?P<bold>.+?)\*\*|(?<![\w])_(?P<italic>[^_]+?)_(?![\w])", re.S)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


def runs(text: str) -> tuple[Run, ...]:
    """Split text into runs. Bold may contain italic; unmatched markers stay literal."""
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
            out.append(Run(match.group("italic"), bold, True))
        pos = match.end()
    out.append(Run(text[pos:], bold, italic))


def plain(text: str) -> str:
    """The text without its markup markers."""
    return "".join(run.text for run in runs(text))


def to_paragraph(text: str) -> str:
    """ReportLab paragraph mark-up: escaped text in ``<b>`` / ``<i>`` tags."""
    parts = []
    for run in runs(text):
        piece = escape(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)
