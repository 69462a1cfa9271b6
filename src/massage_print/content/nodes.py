"""Typed reading of composed YAML nodes, collecting located problems instead of raising.

Shared by content validation and layout loading: every getter reports into
``NodeReader.problems`` as ``path:line:col: key.path: message`` and returns ``None`` (or a
safe empty value) so that validation carries on and every mistake is reported in one run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import yaml

from ..errors import MassagePrintError, Problem
from .yamlfile import node_location

T = TypeVar("T")
K = TypeVar("K", bound=str)

_NULL = "tag:yaml.org,2002:null"
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
"""Letters of right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their forms."""
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint such as " (did you mean 'at-hips'?)", or "" when nothing is close."""
    if len(word) > 200:  # nothing that long is close to a key or an id; skip the comparison
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def too_long(length: int, limit: int) -> str:
    return f"is {length:,} characters long; at most {limit:,} are allowed"


def shorten(value: str, width: int = 60) -> str:
    """A value for a message: at most ``width`` characters, with … when cut."""
    return value if len(value) <= width else value[: width - 1] + "…"


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    if node.tag in (_INT, _FLOAT):
        return f"the number {node.value}"
    return f"'{node.value}'" if len(str(node.value)) < 40 else "a text"


def _colon_hint(node: yaml.Node) -> str:
    """Why unquoted text such as ``- Attention : pas sur la colonne`` became a mapping.

    A colon followed by a space makes the words before it a key (French puts a space before
    the colon, so this is easy to write): show the text quoted.
    """
    if not isinstance(node, yaml.MappingNode) or node.flow_style or len(node.value) != 1:
        return ""
    key, value = node.value[0]
    if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)):
        return ""
    if key.style or value.style or value.tag == _NULL:
        return ""
    if key.end_mark.line != value.start_mark.line:
        return ""
    colon = " : " if value.start_mark.column - key.end_mark.column > 2 else ": "
    text = f"{key.value}{colon}{value.value}"
    quoted = f"'{text.replace(chr(39), chr(39) * 2)}'" if '"' in text else f'"{text}"'
    return (
        f" (the colon after '{shorten(str(key.value), 30)}' made one); a colon inside text "
        f"must be quoted: write {shorten(quoted, 80)}"
    )


ShapeKind = Literal["text", "texts", "choice", "choices", "whole", "number", "bool", "ref", "refs"]


@dataclass(frozen=True)
class Shape:
    """What a key's value looks like: read by the JSON-schema generator (``massage-print schema``).

    ``text`` is any non-empty scalar (``pattern`` and ``max_length`` restrict it); ``texts`` a
    list of them; ``choice`` one of ``options``; ``whole`` a positive whole number; ``ref`` a
    named definition (a nested mapping such as ``step``, or a special value such as
    ``anchor``); ``refs`` a list of those. ``min_items``/``max_items`` bound lists.
    """

    kind: ShapeKind = "text"
    options: tuple[str, ...] = ()
    ref: str = ""
    min_items: int = 0
    max_items: int | None = None
    pattern: str | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    """Bounds of a ``number``."""


def number(minimum: float | None = None, maximum: float | None = None) -> Shape:
    return Shape("number", minimum=minimum, maximum=maximum)


def text(max_length: int | None = None, pattern: str | None = None) -> Shape:
    return Shape("text", max_length=max_length, pattern=pattern)


def texts(minimum: int = 0, maximum: int | None = None, max_length: int | None = None) -> Shape:
    return Shape("texts", min_items=minimum, max_items=maximum, max_length=max_length)


def choice(options: Sequence[str]) -> Shape:
    return Shape("choice", tuple(options))


def choices(options: Sequence[str]) -> Shape:
    return Shape("choices", tuple(options))


def ref(name: str) -> Shape:
    return Shape("ref", ref=name)


def refs(name: str, minimum: int = 0, maximum: int | None = None) -> Shape:
    return Shape("refs", ref=name, min_items=minimum, max_items=maximum)


WHOLE = Shape("whole")
NUMBER = Shape("number")
BOOL = Shape("bool")


@dataclass(frozen=True)
class Key:
    """An allowed mapping key: whether it is required, what it is for, what its value is.

    The tables of keys in :mod:`.validation` are the one source of truth for both the
    validator (allowed and required keys) and the JSON schema editors complete keys from
    (``massage-print schema``), which also shows ``description`` as the key's help.
    """

    required: bool = False
    description: str = ""
    shape: Shape = field(default_factory=Shape)


@dataclass
class NodeReader:
    """Reads one file's nodes and collects problems (shared across files of a run)."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, node: yaml.Node, keypath: str, message: str) -> None:
        prefix = f"{keypath}: " if keypath else ""
        self.problems.append(Problem(node_location(self.path, node), prefix + message))

    def warn(self, node: yaml.Node, keypath: str, message: str) -> None:
        prefix = f"{keypath}: " if keypath else ""
        self.warnings.append(Problem(node_location(self.path, node), f"warning: {prefix}{message}"))

    def with_path(self, path: str) -> NodeReader:
        """A reader for another file that reports into the same problem and warning lists."""
        return NodeReader(path, self.problems, self.warnings)

    def raise_if_any(self) -> None:
        if self.problems:
            raise MassagePrintError(sorted(self.problems, key=_problem_order))

    # -- containers -------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, keypath: str, keys: Mapping[str, Key], what: str = ""
    ) -> dict[str, yaml.Node] | None:
        """Check a mapping's keys: unknown (with a hint), duplicate, missing required."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, keypath, f"expected a mapping{what}, found {describe(node)}")
            return None
        found: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, keypath, "a key must be a plain word")
                continue
            key = str(key_node.value)
            where = f"{keypath}.{key}" if keypath else key
            if key not in keys:
                hint = did_you_mean(key, keys)
                allowed = ", ".join(keys)
                self.error(key_node, where, f"unknown key{hint}; allowed keys: {allowed}")
                continue
            if key in found:
                self.error(key_node, where, "key appears twice")
                continue
            found[key] = value
        missing = [k for k, spec in keys.items() if spec.required and k not in found]
        for key in missing:
            where = f"{keypath}.{key}" if keypath else key
            self.error(node, where, "missing required key")
        for key, value in list(found.items()):
            limit = keys[key].shape.max_length
            if limit is not None and keys[key].shape.kind in ("text", "texts"):
                where = f"{keypath}.{key}" if keypath else key
                if not self.within(value, where, limit):
                    del found[key]  # reported; nothing reads the over-long text further
        return found

    def within(self, node: yaml.Node, keypath: str, limit: int) -> bool:
        """Whether a text (or each text of a list) has at most ``limit`` characters."""
        fits = True
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for index, item in enumerate(items):
            if isinstance(item, yaml.ScalarNode) and len(str(item.value)) > limit:
                where = f"{keypath}[{index}]" if isinstance(node, yaml.SequenceNode) else keypath
                self.error(item, where, too_long(len(str(item.value)), limit))
                fits = False
        return fits

    def sequence(
        self,
        node: yaml.Node,
        keypath: str,
        minimum: int = 0,
        maximum: int | None = None,
        what: str = "items",
    ) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, keypath, f"expected a list of {what}, found {describe(node)}")
            return []
        items = list(node.value)
        if len(items) < minimum:
            self.error(
                node,
                keypath,
                f"needs at least {minimum} {_unit(minimum, what)}, found {len(items)}",
            )
        if maximum is not None and len(items) > maximum:
            self.error(node, keypath, f"allows at most {maximum} {what}, found {len(items)}")
        return items

    # -- scalars -----------------------------------------------------------------------

    def text(self, node: yaml.Node | None, keypath: str) -> str | None:
        """A text field: any plain scalar is read as the text written; blank is an error."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            self.error(node, keypath, f"expected text, found {describe(node)}{_colon_hint(node)}")
            return None
        value = str(node.value).strip()
        if not value:
            self.error(node, keypath, "is empty")
            return None
        if _RIGHT_TO_LEFT.search(value):
            self.warn(
                node,
                keypath,
                "right-to-left scripts (Arabic, Hebrew, ...) are not supported yet: "
                "this text would print reversed and its letters unjoined",
            )
        return value

    def texts(
        self,
        node: yaml.Node | None,
        keypath: str,
        minimum: int = 0,
        maximum: int | None = None,
        what: str = "items",
    ) -> tuple[str, ...]:
        if node is None:
            return ()
        values = []
        for index, item in enumerate(self.sequence(node, keypath, minimum, maximum, what)):
            value = self.text(item, f"{keypath}[{index}]")
            if value is not None:
                values.append(value)
        return tuple(values)

    def choice(
        self, node: yaml.Node | None, keypath: str, allowed: Sequence[K], what: str
    ) -> K | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            self.error(node, keypath, f"expected a {what}, found {describe(node)}")
            return None
        value = str(node.value)
        for option in allowed:
            if option == value:
                return option
        hint = did_you_mean(value, allowed)
        self.error(
            node,
            keypath,
            f"unknown {what} '{shorten(value)}'{hint}; expected one of: " + ", ".join(allowed),
        )
        return None

    def choices(
        self, node: yaml.Node | None, keypath: str, allowed: Sequence[K], what: str
    ) -> tuple[K, ...]:
        if node is None:
            return ()
        values: list[K] = []
        for index, item in enumerate(self.sequence(node, keypath, what=f"{what}s")):
            value = self.choice(item, f"{keypath}[{index}]", allowed, what)
            if value is not None:
                values.append(value)
        return tuple(values)

    def positive_int(self, node: yaml.Node | None, keypath: str) -> int | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
            try:
                value = int(str(node.value).replace("_", ""), 0)
            except ValueError:
                value = 0
            if value > 0:
                return value
        self.error(node, keypath, f"expected a positive whole number, found {describe(node)}")
        return None

    def number(self, node: yaml.Node | None, keypath: str) -> float | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _FLOAT):
            try:
                return float(str(node.value).replace("_", ""))
            except ValueError:
                pass
        self.error(node, keypath, f"expected a number, found {describe(node)}")
        return None

    def boolean(self, node: yaml.Node | None, keypath: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return str(node.value).lower() in ("true", "yes", "on", "y")
        self.error(node, keypath, f"expected true or false, found {describe(node)}")
        return None

    def matching(
        self, node: yaml.Node | None, keypath: str, pattern: re.Pattern[str], what: str
    ) -> str | None:
        value = self.text(node, keypath)
        if value is None or node is None:
            return None
        if not pattern.fullmatch(value):
            self.error(node, keypath, f"'{shorten(value)}' is not a valid {what}")
            return None
        return value

    def each(
        self, nodes: Iterable[yaml.Node], keypath: str, read: Callable[[yaml.Node, str], T | None]
    ) -> tuple[T, ...]:
        out = []
        for index, item in enumerate(nodes):
            value = read(item, f"{keypath}[{index}]")
            if value is not None:
                out.append(value)
        return tuple(out)


def _unit(count: int, what: str) -> str:
    """ "cues" for 2, "cue" for 1."""
    return what[:-1] if count == 1 and what.endswith("s") else what


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _problem_order(problem: Problem) -> tuple[str, int, int]:
    loc = problem.location
    return (loc.path, loc.line, loc.col) if loc else ("", 0, 0)
