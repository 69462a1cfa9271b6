"""Plain-language messages for YAML syntax errors, naming the likely fix.

PyYAML reports what its parser expected (``while parsing a block mapping expected <block
end>, but found '<block mapping start>'``); an author needs to know what to change. This module
looks at the parser's marks and at the lines around them and recognises the common mistakes:
indentation that does not line up, tabs, an unclosed quote or bracket, a missing colon, a
colon inside unquoted text, and a list item where a key is expected. Anything else keeps the
parser's words after ``YAML syntax error:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[^\s#:'\"\[\]{},&*!|>%@`-][^:#]*?) *:(?: |$)"
)
_BRACKETS = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class Friendly:
    """Where the mistake most likely is (1-based) and what to do about it."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def is_item(self) -> bool:
        return self.text.lstrip(" ").startswith("- ") or self.text.strip() == "-"

    def key(self) -> tuple[str, int] | None:
        """The key this line starts (and its 1-based column), if it is a ``key:`` line."""
        match = _KEY_LINE.match(self.text)
        if not match:
            return None
        return match.group("key").strip(), match.start("key") + 1


def _content_lines(text: str) -> list[_Line]:
    return [
        _Line(i + 1, line)
        for i, line in enumerate(text.splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _before(lines: list[_Line], number: int) -> list[_Line]:
    """Content lines above line ``number``, nearest first."""
    return [line for line in reversed(lines) if line.number < number]


def _at(lines: list[_Line], number: int) -> _Line | None:
    return next((line for line in lines if line.number == number), None)


def friendly(text: str, exc: yaml.MarkedYAMLError) -> Friendly | None:
    """A plain-language message for a syntax error, or None when the mistake is not recognised."""
    problem = exc.problem or ""
    context = exc.context or ""
    pm = exc.problem_mark
    cm = exc.context_mark
    lines = _content_lines(text)
    if "'\\t'" in problem and pm is not None:
        return Friendly(
            pm.line + 1,
            pm.column + 1,
            "a tab in the indentation; YAML indents with spaces only, so replace the tab "
            "with spaces",
        )
    start = re.fullmatch(r"found character '(.)' that cannot start any token", problem)
    if start and pm is not None:
        return Friendly(
            pm.line + 1,
            pm.column + 1,
            f"text cannot start with {start.group(1)}; put the whole text in quotes",
        )
    if context.startswith("while scanning an alias") and cm is not None:
        return Friendly(
            cm.line + 1,
            cm.column + 1,
            "text starting with * is read as a reference to an &anchor; put the whole text "
            "in quotes",
        )
    if problem.startswith("found undefined alias") and pm is not None:
        return Friendly(
            pm.line + 1,
            pm.column + 1,
            f"{problem.split(' ', 3)[-1].strip(chr(39))!r} is not defined with &; to write text "
            "starting with *, put it in quotes",
        )
    if context.startswith("while scanning a quoted scalar") and cm is not None:
        quote = _char(text, cm.line, cm.column) or '"'
        if "escape" in problem:
            assert pm is not None
            return Friendly(
                pm.line + 1,
                pm.column + 1,
                "a backslash starts an unknown escape inside double quotes; write \\\\ for a "
                "backslash, or use single quotes",
            )
        return Friendly(
            cm.line + 1,
            cm.column + 1,
            f"the quote {quote} that starts here is never closed; end the text with {quote} "
            "on the same line",
        )
    flow = ("while parsing a flow sequence", "while parsing a flow mapping")
    if context.startswith(flow) and cm is not None:
        opening = _char(text, cm.line, cm.column) or "["
        closing = _BRACKETS.get(opening, "]")
        return Friendly(
            cm.line + 1,
            cm.column + 1,
            f"the {opening} that starts here is never closed; end it with {closing} on the "
            f"same line (or put the text in quotes if it starts with {opening})",
        )
    if pm is None:
        return None
    if problem == "mapping values are not allowed here":
        return _mapping_values(lines, pm.line + 1, pm.column + 1)
    if problem == "could not find expected ':'" and cm is not None:
        line = _at(lines, cm.line + 1)
        if line is not None:
            return _missing_colon(line, lines)
    if problem.startswith("expected <block end>, but found"):
        return _block_end(lines, pm.line + 1, pm.column + 1, problem)
    return None


def _char(text: str, line: int, column: int) -> str:
    rows = text.splitlines()
    if line < len(rows) and column < len(rows[line]):
        return rows[line][column]
    return ""


def _missing_colon(line: _Line, lines: list[_Line] | None = None) -> Friendly:
    above = _before(lines or [], line.number)
    if above and re.search(r":\s*[>|][-+0-9]*\s*(#.*)?$", above[0].text):
        block_key = above[0].key()
        name = f"'{block_key[0]}'" if block_key else "its key"
        return Friendly(
            line.number,
            line.indent + 1,
            f"the text of a > or | block must be indented more than {name}; indent its lines",
        )
    glued = re.match(r"\s*(?:- )?([A-Za-z_][\w-]*):(\S.*)$", line.text)
    if glued:
        glued_key, value = glued.groups()
        return Friendly(
            line.number,
            line.indent + 1,
            f"'{glued_key}:' needs a space after the colon; write '{glued_key}: {value.strip()}'",
        )
    words = line.text.strip().removeprefix("- ").split(None, 1)
    key = words[0] if words else ""
    fix = f"'{key}: {words[1]}'" if len(words) > 1 else f"'{key}:'"
    return Friendly(
        line.number,
        line.indent + 1,
        f"'{key}' has no colon after it; write {fix} (a colon and a space after the key)",
    )


def _mapping_values(lines: list[_Line], number: int, col: int) -> Friendly | None:
    """A colon where YAML does not expect one: in unquoted text, or after a bad indent."""
    line = _at(lines, number)
    if line is None:
        return None
    own = line.key()
    if own is not None and own[1] + len(own[0]) < col:
        # A second ': ' on a `key: value` line: the value itself holds a colon.
        value = line.text.split(":", 1)[1].strip()
        return Friendly(
            number,
            col,
            f'a colon inside text must be quoted; write {own[0]}: "{value}"',
        )
    above = _before(lines, number)
    previous = above[0] if above else None
    if previous is None:
        return None
    if previous.key() is None and not previous.is_item and previous.indent == line.indent:
        return _missing_colon(previous, lines)
    key = own[0] if own else line.text.strip()
    if line.indent > previous.indent:
        target = previous.key()
        if target is not None:
            return Friendly(
                number,
                line.indent + 1,
                f"'{key}' is indented more than the key above it; line it up with '{target[0]}'",
            )
    return None


def _block_end(lines: list[_Line], number: int, col: int, problem: str) -> Friendly | None:
    """Something that does not fit the block above it: an item, a key, or stray text."""
    line = _at(lines, number)
    if line is None:
        return None
    above = _before(lines, number)
    keys = [(other, k) for other in above if (k := other.key()) is not None]
    if problem.endswith("'-'"):
        if keys:
            near = keys[0][1][0]
            return Friendly(
                number,
                col,
                f"a list item where a key such as '{near}' is expected; write 'key: value', "
                "or put the list under a key of its own, indented below it",
            )
        return Friendly(number, col, "a list item where a key is expected")
    if problem.endswith("'<scalar>'"):
        value = line.text.split(":", 1)[1].strip() if ":" in line.text else line.text.strip()
        value = value.removeprefix("- ").strip()
        if value.startswith("'"):
            return Friendly(
                number,
                col,
                "an apostrophe inside '...' ends the text early; write it twice (Don''t) "
                "or put the text in double quotes",
            )
        if value[:1] and value[0] in "[{":
            return Friendly(
                number,
                col,
                f"text after a closing {'] ' if value[0] == '[' else '} '}is not allowed; "
                f"put the whole text in quotes if it starts with {value[0]}",
            )
        return Friendly(
            number,
            col,
            "text after a closing quote; put the whole text in quotes, or none of it",
        )
    own = line.key()
    name = own[0] if own else line.text.strip()
    previous = above[0] if above else None
    if line.is_item:
        item = next((other for other in above if other.is_item), None)
        if item is not None and item.indent != line.indent:
            how = "more" if line.indent > item.indent else "less"
            return Friendly(
                number,
                line.indent + 1,
                f"this list item is indented {how} than the one on line {item.number}; "
                "line its - up with that one",
            )
    if previous is not None and previous.is_item and previous.indent == line.indent:
        parent = next((k for other, k in keys if other.indent < line.indent), None)
        where = f" of '{parent[0]}'" if parent else ""
        fix = f"line it up with '{parent[0]}'" if parent else "remove the indent"
        return Friendly(
            number,
            line.indent + 1,
            f"'{name}' is in the middle of the list{where}: start it with '- ' to make it an "
            f"item, or {fix} to make it a key of its own",
        )
    if not keys:
        return None
    (near, near_col) = keys[0][1]
    if line.indent + 1 > near_col:
        how = "more"
    elif line.indent + 1 < near_col:
        how = "less"
    else:
        return None
    return Friendly(
        number,
        line.indent + 1,
        f"'{name}' is indented {how} than the key above it; line it up with '{near}'",
    )
