"""The JSON Schema (draft-07) of layout files, generated from the dataclasses in :mod:`.schema`.

The field types drive it as they drive the loader: :data:`~.types.Length` is a string with a
unit, :data:`~.types.Colour` ``#RRGGBB``, :data:`~.types.PageSize` a paper name or two
lengths, nested dataclasses are nested mappings. Each field's description names its type and
adds the comment the built-in layouts give it (``head_gap: 5mm  # text area top edge -> ...``).
"""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import Any

from .loader import _COLOUR, builtin_layout_dir
from .schema import LAYOUT_KINDS
from .types import Colour, FontFile, Length, PageSize
from .units import LENGTH_PATTERN, POINTS_PER

Schema = dict[str, Any]

_UNITS = ", ".join(POINTS_PER)
_KEY = re.compile(r"^(\s*)([a-z_]+):([^#\n]*)(?:#\s*(.+?))?\s*$")


def _comments() -> dict[str, str]:
    """Inline comments of the built-in layouts by dotted key path (``cover.band``; the first
    one written wins). A section's keys are the indented lines under it."""
    found: dict[str, str] = {}
    for path in sorted(builtin_layout_dir().glob("*.yaml")):
        section = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _KEY.match(line)
            if not match:
                continue
            indent, key, value, note = match.groups()
            if not indent:
                section = key if not value.strip() else ""
            dotted = f"{section}.{key}" if indent and section else key
            if note:
                found.setdefault(dotted, note)
    return found


def _value(hint: Any, comments: dict[str, str], path: str = "") -> tuple[Schema, str]:
    """The schema of one field type (at dotted ``path``) and a phrase saying what it is."""
    if dataclasses.is_dataclass(hint):
        schema = _mapping(typing.cast(type, hint), comments, required=False, path=path)
        return schema, "a group of settings"
    if hint is Length:
        return {"type": "string", "pattern": LENGTH_PATTERN}, f"a length with a unit ({_UNITS})"
    if hint is Colour:
        return {"type": "string", "pattern": f"^{_COLOUR.pattern}$"}, "a colour #RRGGBB"
    if hint is PageSize:
        length = {"type": "string", "pattern": LENGTH_PATTERN}
        page = {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": length, "minItems": 2, "maxItems": 2},
            ]
        }
        return page, "a paper name such as A5 or [width, height] lengths"
    if hint is FontFile:
        font = {"type": "string", "pattern": r"\.[tT][tT][fF]$"}
        return font, "a TrueType (.ttf) file beside the layout, or one shipped with massage-print"
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        options = [str(a) for a in typing.get_args(hint)]
        return {"enum": options}, "one of " + ", ".join(options)
    if origin is tuple:
        item, phrase = _value(typing.get_args(hint)[0], comments)
        return {"type": "array", "items": item}, f"a list; each {phrase}"
    if hint is bool:
        return {"type": "boolean"}, "true or false"
    if hint is int:
        return {"type": "integer", "minimum": 1}, "a positive whole number"
    if hint is float:
        return {"type": "number"}, "a number"
    if hint is str:
        return {"type": "string", "minLength": 1}, "text"
    raise TypeError(f"layout field type {hint!r} has no schema")


def _mapping(cls: type, comments: dict[str, str], *, required: bool, path: str = "") -> Schema:
    hints = typing.get_type_hints(cls)
    properties: Schema = {}
    for f in dataclasses.fields(cls):
        if f.name == "kind":
            continue
        dotted = f"{path}.{f.name}" if path else f.name
        schema, phrase = _value(hints[f.name], comments, dotted)
        words = f.name.replace("_", " ")
        note = comments.get(dotted)
        schema["description"] = f"{words}: {phrase}" + (f" ({note})" if note else "")
        properties[f.name] = schema
    out: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    if required:
        out["required"] = list(properties)
    return out


def layout_schema() -> Schema:
    """One schema for every layout kind: ``kind`` picks the fields; ``extends`` makes them optional.

    A file without ``kind`` extends another layout and may set any field of any kind.
    """
    comments = _comments()
    kinds = list(LAYOUT_KINDS)
    base: Schema = {
        "kind": {"enum": kinds, "description": "What the layout is for: " + ", ".join(kinds)},
        "extends": {
            "type": "string",
            "minLength": 1,
            "description": "Another layout (a built-in name or a file beside this one) whose "
            "values this file starts from; then every other key is optional.",
        },
    }
    per_kind = {kind: _mapping(cls, comments, required=False) for kind, cls in LAYOUT_KINDS.items()}
    variants: dict[str, list[Schema]] = {}
    for mapping in per_kind.values():
        for name, prop in mapping["properties"].items():
            if prop not in variants.setdefault(name, []):
                variants[name].append(prop)
    # A name with one meaning everywhere is checked at the top; one whose type differs
    # between kinds (step_gap: a length in the booklet, ems in the cheat sheet) by its kind.
    union: Schema = {
        name: props[0]
        if len(props) == 1
        else {"description": " / ".join(p["description"] for p in props), "anyOf": props}
        for name, props in variants.items()
    }
    branches: list[Schema] = []
    for kind, mapping in per_kind.items():
        allowed = {
            name: ({} if len(variants[name]) == 1 else prop)
            for name, prop in mapping["properties"].items()
        }
        branch: Schema = {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            # A branch limits the keys to its kind's (values are checked at the top level).
            "then": {
                "properties": {**{name: {} for name in base}, **allowed},
                "additionalProperties": False,
                "if": {"not": {"required": ["extends"]}},
                "then": {"required": ["kind", *mapping["properties"]]},
            },
        }
        branches.append(branch)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "layout.schema.json",
        "title": "massage-print layout",
        "description": "A layout file (layouts/*.yaml): the page sizes, type sizes, spacings "
        "and colours of one output. Lengths carry a unit: " + _UNITS + ".",
        "type": "object",
        "properties": {**base, **union},
        "additionalProperties": False,
        "anyOf": [{"required": ["kind"]}, {"required": ["extends"]}],
        "allOf": branches,
    }
