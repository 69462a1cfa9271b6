"""Layouts and themes as data: YAML files parsed into typed, frozen objects.

A layout file is a mapping whose shape is given by a dataclass (see
:mod:`massage_print.layout.schema`). Field types drive the conversion, done once here:

* :data:`Length` — a string with a unit (``"12mm"``, ``"0.5in"``, ``"10pt"``) → points;
* :data:`Colour` — ``"#RRGGBB"``;
* :data:`PageSize` — a paper name (``A5``) or ``[width, height]`` lengths → points;
* :data:`FontFile` — a TrueType file name, looked up beside the layout, then among the
  fonts shipped in the package → an absolute path;
* ``float``, ``int``, ``bool``, ``str``, ``Literal[...]``, nested dataclasses, and
  ``tuple[...]`` of those.

``extends: NAME`` at the top of a file merges it over another layout, so a variant names only
what it changes. Every value must be given after merging: there are no visual defaults in code.
"""

from __future__ import annotations

import dataclasses
import math
import re
import typing
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..content.nodes import NodeReader, describe, did_you_mean
from ..content.yamlfile import ParseCache, read_yaml
from ..errors import Location, MassagePrintError, Problem
from .schema import LAYOUT_KINDS, MIN_ROOM, PAGE_SIDE_RANGE, ROOM_RULES, field_range
from .types import Colour, FontFile, Length, PageSize
from .units import paper_size, parse_length, to_mm

L = TypeVar("L")
T = TypeVar("T", int, float)

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MAX_EXTENDS = 8


def builtin_layout_dir() -> Path:
    return Path(str(resources.files("massage_print") / "layouts"))


def builtin_font_dir() -> Path:
    return Path(str(resources.files("massage_print") / "fonts"))


def find_layout(name: str, search: Path | None = None) -> Path:
    """Resolve ``--layout NAME``: a file path, ``./layouts/NAME.yaml``, or a built-in layout."""
    candidate = Path(name)
    if name.endswith((".yaml", ".yml")) or "/" in name:
        if candidate.is_file():
            return candidate
        raise MassagePrintError(Problem(Location(name), "layout file not found"))
    local = (search or Path("layouts")) / f"{name}.yaml"
    if local.is_file():
        return local
    builtin = builtin_layout_dir() / f"{name}.yaml"
    if builtin.is_file():
        return builtin
    known = sorted(p.stem for p in builtin_layout_dir().glob("*.yaml"))
    raise MassagePrintError(f"unknown layout '{name}'; built-in layouts: {', '.join(known)}")


def load_layout(name: str, schema: type[L], search: Path | None = None) -> L:
    """Load layout ``name`` (see :func:`find_layout`) as ``schema``; raise every problem once."""
    path = find_layout(name, search)
    return load_layout_file(path, schema)


def load_layout_file(path: Path, schema: type[L]) -> L:
    merged, files = _merged_tree(path)
    reader = NodeReader(str(path))
    result = _Converter(reader, files).convert(merged, "", schema)
    if result is not None:
        _check_room(result, merged, reader)
    reader.raise_if_any()
    assert result is not None
    return typing.cast(L, result)


def _value_at(obj: Any, keypath: str) -> Any:
    for part in keypath.split("."):
        obj = getattr(obj, part)
    return obj


def _check_room(layout: Any, merged: dict[str, Any], reader: NodeReader) -> None:
    """Refuse margins that leave no room on the page (see :data:`.schema.ROOM_RULES`)."""
    for rule in ROOM_RULES.get(str(getattr(layout, "kind", "")), ()):
        width, height = _value_at(layout, rule.page)
        side = width if rule.side == "width" else height
        taken = sum(float(_value_at(layout, inset)) for inset in rule.insets)
        if side - taken >= MIN_ROOM:
            continue
        names = list(dict.fromkeys(rule.insets))
        located = merged
        for part in names[0].split("."):
            located = located[part]
        assert isinstance(located, _Located)
        shown = (
            f"{names[0]} on both sides leaves"
            if len(names) == 1
            else f"{' and '.join(names)} leave"
        )
        reader.with_path(str(located.path)).error(
            located.node,
            names[0],
            f"{shown} {to_mm(max(0.0, side - taken)):.3g}mm of the {to_mm(side):.4g}mm "
            f"{rule.page} {rule.side}; at least {to_mm(MIN_ROOM):.4g}mm must remain",
        )
        return  # one message per layout: the other side has the same cause


# -- extends: merging raw node trees -------------------------------------------------------


@dataclasses.dataclass
class _Located:
    """A YAML node remembered with the file it came from (for messages and font lookup)."""

    node: yaml.Node
    path: Path


_PARSED = ParseCache()
"""Layout files composed before, by path and bytes: every layout extends `theme`, and `check`
reads each file twice (its kind, then the whole layout)."""


def _merged_tree(path: Path) -> tuple[dict[str, Any], list[Path]]:
    chain: list[Path] = []
    current: Path | None = path
    trees: list[dict[str, Any]] = []
    while current is not None:
        if current in chain:
            raise MassagePrintError(
                Problem(Location(str(current)), "layouts extend each other in a loop")
            )
        if len(chain) >= MAX_EXTENDS:
            raise MassagePrintError(Problem(Location(str(current)), "too many extends"))
        chain.append(current)
        node = read_yaml(current, cache=_PARSED)
        if not isinstance(node, yaml.MappingNode):
            raise MassagePrintError(
                Problem(
                    Location(str(current), node.start_mark.line + 1, node.start_mark.column + 1),
                    f"a layout is a mapping, found {describe(node)}",
                )
            )
        tree = _tree(node, current)
        parent = tree.pop("extends", None)
        tree["__keys__"].pop("extends", None)
        trees.append(tree)
        current = None
        if parent is not None:
            pnode = parent.node
            if not isinstance(pnode, yaml.ScalarNode):
                loc = Location(
                    str(parent.path), pnode.start_mark.line + 1, pnode.start_mark.column + 1
                )
                raise MassagePrintError(Problem(loc, "extends: expected a layout name"))
            try:
                current = find_layout(str(pnode.value), parent.path.parent)
            except MassagePrintError as exc:
                loc = Location(
                    str(parent.path), pnode.start_mark.line + 1, pnode.start_mark.column + 1
                )
                raise MassagePrintError(Problem(loc, f"extends: {exc}")) from None
    merged: dict[str, Any] = {}
    for tree in reversed(trees):
        _merge(merged, tree)
    return merged, chain


def _tree(node: yaml.Node, path: Path) -> Any:
    """Mappings become dicts (for merging); everything else stays a located node."""
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, Any] = {}
        out: dict[str, Any] = {"__node__": _Located(node, path), "__keys__": keys}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and not key.value.startswith("__"):
                keys[str(key.value)] = _Located(key, path)
                out[str(key.value)] = _tree(value, path)
        return out
    return _Located(node, path)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> None:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


# -- typed conversion ----------------------------------------------------------------------


@cache
def _type_hints(schema: type) -> dict[str, Any]:
    """A schema class's field types, evaluated once (each layout load asks again)."""
    return typing.get_type_hints(schema)


class _Converter:
    def __init__(self, reader: NodeReader, files: list[Path]) -> None:
        self.reader = reader
        self.files = files

    def at(self, located: _Located) -> NodeReader:
        return self.reader.with_path(str(located.path))

    def convert(self, value: Any, keypath: str, hint: Any) -> Any:
        if dataclasses.is_dataclass(hint):
            return self.dataclass(value, keypath, typing.cast(type, hint))
        located = value if isinstance(value, _Located) else value.get("__node__")
        reader = self.at(located)
        node = located.node
        origin = typing.get_origin(hint)
        if hint is Length:
            value = self.length(node, keypath, reader)
            return self.ranged(value, node, keypath, reader, "length")
        if hint is Colour:
            colour = reader.text(node, keypath)
            if colour is not None and not _COLOUR.fullmatch(colour):
                reader.error(node, keypath, f"'{colour}' is not a colour like #1f4e79")
                return None
            return colour
        if hint is PageSize:
            return self.page_size(node, keypath, reader)
        if hint is FontFile:
            return self.font_file(located, keypath, reader)
        if origin is typing.Literal:
            return reader.choice(node, keypath, [str(a) for a in typing.get_args(hint)], "value")
        if origin is tuple:
            (item_hint, *_rest) = typing.get_args(hint)
            items = reader.sequence(node, keypath)
            out = [
                self.convert(_Located(item, located.path), f"{keypath}[{i}]", item_hint)
                for i, item in enumerate(items)
            ]
            return tuple(out) if None not in out else None
        if hint is bool:
            return reader.boolean(node, keypath)
        if hint is int:
            return self.ranged(reader.positive_int(node, keypath), node, keypath, reader, "count")
        if hint is float:
            return self.ranged(reader.number(node, keypath), node, keypath, reader, "number")
        if hint is str:
            return reader.text(node, keypath)
        raise TypeError(f"layout field type {hint!r} is not supported")

    def dataclass(self, value: Any, keypath: str, schema: type) -> Any:
        if not isinstance(value, dict):
            located = value
            self.at(located).error(
                located.node, keypath, f"expected a mapping, found {describe(located.node)}"
            )
            return None
        located = value["__node__"]
        reader = self.at(located)
        fields = {f.name: f for f in dataclasses.fields(schema)}
        hints = _type_hints(schema)
        for key, key_at in value["__keys__"].items():
            if key not in fields:
                sub = f"{keypath}.{key}" if keypath else key
                hint = did_you_mean(key, fields)
                self.at(key_at).error(
                    key_at.node, sub, f"unknown key{hint}; allowed keys: {', '.join(fields)}"
                )
        kwargs: dict[str, Any] = {}
        complete = True
        for name in fields:
            sub = f"{keypath}.{name}" if keypath else name
            if name not in value:
                reader.error(
                    located.node,
                    sub,
                    "missing required key (a layout may start with `extends: NAME` "
                    "to take the rest from another layout)",
                )
                complete = False
                continue
            converted = self.convert(value[name], sub, hints[name])
            if converted is None:
                complete = False
            kwargs[name] = converted
        return schema(**kwargs) if complete else None

    def ranged(
        self, value: T | None, node: yaml.Node, keypath: str, reader: NodeReader, kind: str
    ) -> T | None:
        """``value`` if it lies in its field's range (see :data:`.schema.FIELD_RANGES`)."""
        if value is None:
            return None
        allowed = field_range(_field_path(keypath), kind)
        number = float(value)
        if not math.isfinite(number) or not allowed.holds(number):
            written = str(node.value) if isinstance(node, yaml.ScalarNode) else f"{number:g}"
            reader.error(node, keypath, f"{written} is out of range: {allowed.describe()}")
            return None
        return value

    def length(self, node: yaml.Node, keypath: str, reader: NodeReader) -> float | None:
        if not isinstance(node, yaml.ScalarNode):
            reader.error(node, keypath, f"expected a length such as 12mm, found {describe(node)}")
            return None
        try:
            return parse_length(str(node.value))
        except ValueError as exc:
            reader.error(node, keypath, str(exc))
            return None

    def page_size(
        self, node: yaml.Node, keypath: str, reader: NodeReader
    ) -> tuple[float, float] | None:
        if isinstance(node, yaml.SequenceNode):
            items = reader.sequence(node, keypath, 2, 2, "lengths [width, height]")
            if len(items) != 2:
                return None
            width = self.length(items[0], keypath, reader)
            height = self.length(items[1], keypath, reader)
            if width is None or height is None:
                return None
            if not (PAGE_SIDE_RANGE.holds(width) and PAGE_SIDE_RANGE.holds(height)):
                reader.error(node, keypath, f"each page side must be {PAGE_SIDE_RANGE.describe()}")
                return None
            return (width, height)
        name = reader.text(node, keypath)
        if name is None:
            return None
        try:
            return paper_size(name)
        except ValueError as exc:
            reader.error(node, keypath, f"{exc}; or give [width, height] such as [5.5in, 8.5in]")
            return None

    def font_file(self, located: _Located, keypath: str, reader: NodeReader) -> str | None:
        name = reader.text(located.node, keypath)
        if name is None:
            return None
        for folder in (located.path.parent, builtin_font_dir()):
            candidate = (folder / name).resolve()
            if candidate.is_file():
                if candidate.suffix.lower() != ".ttf":
                    reader.error(located.node, keypath, f"'{name}' is not a TrueType (.ttf) font")
                    return None
                return str(candidate)
        reader.error(
            located.node, keypath, f"font file '{name}' not found beside the layout or built in"
        )
        return None


def _field_path(keypath: str) -> str:
    """The field a key path names, without list indices: ``legend_shares[1]`` → legend_shares."""
    return re.sub(r"\[\d+\]", "", keypath)


# -- layout kinds, for `check` --------------------------------------------------------------


def layout_kinds() -> dict[str, type]:
    """Every layout kind by its ``kind:`` name (the explicit table in :mod:`.schema`)."""
    return dict(LAYOUT_KINDS)


def layouts_of_kind(kind: str, search: Path | None = None) -> dict[str, Path]:
    """Layout files of ``kind`` by name: the built-in ones, and ``./layouts`` (or ``search``)
    ones that add to or replace them. Files that cannot be read are left out (``check``
    reports them)."""
    found: dict[str, Path] = {}
    local = search or Path("layouts")
    folders = [builtin_layout_dir()]
    if local.is_dir() and local.resolve() != builtin_layout_dir().resolve():
        folders.append(local)
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            try:
                merged, _ = _merged_tree(path)
            except MassagePrintError:
                continue
            value = merged.get("kind")
            if (
                isinstance(value, _Located)
                and isinstance(value.node, yaml.ScalarNode)
                and value.node.value == kind
            ):
                found[path.stem] = path
    return dict(sorted(found.items()))


def check_layouts(folder: Path) -> list[str]:
    """Validate every layout file in ``folder`` against its kind; return the names checked."""
    kinds = layout_kinds()
    problems: list[Problem] = []
    checked: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            merged, _ = _merged_tree(path)
            kind_value = merged.get("kind")
            if not isinstance(kind_value, _Located) or not isinstance(
                kind_value.node, yaml.ScalarNode
            ):
                problems.append(
                    Problem(Location(str(path), 1, 1), f"kind: missing; one of: {', '.join(kinds)}")
                )
                continue
            kind = str(kind_value.node.value)
            if kind not in kinds:
                reader = NodeReader(str(kind_value.path), problems)
                reader.choice(kind_value.node, "kind", list(kinds), "layout kind")
                continue
            load_layout_file(path, kinds[kind])
            checked.append(path.stem)
        except MassagePrintError as exc:
            # A layout that another one extends is reported once, not once per file.
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise MassagePrintError(problems)
    return checked
