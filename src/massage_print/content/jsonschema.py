"""JSON Schemas (draft-07) of the content files, generated from the validator's key tables.

Editors such as VS Code (with the YAML extension) read them through a
``# yaml-language-server: $schema=...`` line and complete keys, show each key's description
and underline unknown keys, wrong choices and missing required keys while the author types.
Nothing here is written by hand twice: keys, required keys, descriptions and value shapes
come from :mod:`.validation` (``FILE_KEYS``, ``NAMED_KEYS``), the choices from :mod:`.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .nodes import Key, Shape
from .validation import FILE_KEYS, LINE_MAX, NAME_MAX, NAMED_KEYS, PARAGRAPH_MAX
from .views import builtin_views

DRAFT = "http://json-schema.org/draft-07/schema#"
NOT_BLANK = r"\S"

Schema = dict[str, Any]

_FILE_TITLES = {
    "book": "book.yaml: the book's title, front and back matter, safety notes and sources",
    "techniques": "techniques.yaml: the techniques the routines use",
    "routine": "routines/<id>.yaml: one routine, its sections and steps",
}


def _text(shape: Shape) -> Schema:
    """Any non-empty scalar: YAML reads `year: 1998` as a number, the validator as text."""
    out: Schema = {"type": ["string", "number", "boolean"], "minLength": 1}
    out["pattern"] = f"^{shape.pattern}$" if shape.pattern else NOT_BLANK
    if shape.max_length is not None:
        out["maxLength"] = shape.max_length
    return out


def _list(items: Schema, shape: Shape) -> Schema:
    out: Schema = {"type": "array", "items": items}
    if shape.min_items:
        out["minItems"] = shape.min_items
    if shape.max_items is not None:
        out["maxItems"] = shape.max_items
    return out


def shape_schema(shape: Shape) -> Schema:
    """The schema of one value."""
    if shape.kind == "text":
        return _text(shape)
    if shape.kind == "texts":
        return _list(_text(Shape(pattern=shape.pattern, max_length=shape.max_length)), shape)
    if shape.kind == "choice":
        return {"enum": list(shape.options)}
    if shape.kind == "choices":
        return _list({"enum": list(shape.options)}, shape)
    if shape.kind == "whole":
        return {"type": "integer", "minimum": 1}
    if shape.kind == "number":
        out: Schema = {"type": "number"}
        if shape.minimum is not None:
            out["minimum"] = shape.minimum
        if shape.maximum is not None:
            out["maximum"] = shape.maximum
        return out
    if shape.kind == "bool":
        return {"type": "boolean"}
    if shape.kind == "ref":
        return {"$ref": f"#/definitions/{shape.ref}"}
    return _list({"$ref": f"#/definitions/{shape.ref}"}, shape)


def mapping_schema(keys: Mapping[str, Key], description: str = "") -> Schema:
    """A mapping with exactly these keys (unknown keys are errors, as in the validator)."""
    out: Schema = {"type": "object"}
    if description:
        out["description"] = description
    properties: Schema = {}
    for name, key in keys.items():
        prop = shape_schema(key.shape)
        prop["description"] = key.description
        properties[name] = prop
    out["properties"] = properties
    required = [name for name, key in keys.items() if key.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _special_definitions() -> dict[str, Schema]:
    """Values that are not a plain mapping of keys: places on the body map, repeats, blocks."""
    point = {
        "type": "array",
        "description": "A free point [x, y] on the body map: 0 to 1 from the left and the head.",
        "items": {"type": "number", "minimum": 0, "maximum": 1},
        "minItems": 2,
        "maxItems": 2,
    }
    landmarks = sorted({n for v in builtin_views().values() for n in v.landmark_names})
    return {
        "anchor": {
            "description": "A landmark on the body map, or a free point [x, y].",
            "anyOf": [{"enum": landmarks}, point],
        },
        "cover": {
            "description": "none, {image: PATH} or {technique: ID}.",
            "anyOf": [
                {"const": "none"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "maxProperties": 1,
                    "properties": {
                        "image": {
                            "type": "string",
                            "minLength": 1,
                            "description": "A picture file (JPEG, PNG or SVG) for the cover.",
                        },
                        "technique": {
                            "type": "string",
                            "pattern": "^[a-z0-9-]+$",
                            "description": "A technique whose diagram fills the cover.",
                        },
                    },
                },
            ],
        },
        "places": {
            "description": "One place (a landmark or [x, y]) or a list of them.",
            "anyOf": [
                {"$ref": "#/definitions/anchor"},
                {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/anchor"}},
            ],
        },
        "diagram": {
            "description": "Strokes drawn on the body map, each a mapping with one key, its kind.",
            "type": ["array", "null"],
            "items": {"$ref": "#/definitions/stroke"},
        },
        "repeat": {
            "description": "A number of times, or words.",
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "minLength": 1, "maxLength": NAME_MAX, "pattern": NOT_BLANK},
            ],
        },
        "labels": _labels_schema(),
        "block": {
            "description": "A paragraph of text, or a bulleted list {bullets: [...]}.",
            "anyOf": [_text(Shape(max_length=PARAGRAPH_MAX)), {"$ref": "#/definitions/bullets"}],
        },
    }


def _labels_schema() -> Schema:
    """``labels:``: each known key to a text, or (a counted label) texts by plural category."""
    from ..labels import PLURAL_CATEGORIES, catalogue

    def prop(entry: str | Mapping[str, str]) -> Schema:
        if isinstance(entry, str):
            return {**_text(Shape(max_length=LINE_MAX)), "description": f"In English: {entry}"}
        forms = " / ".join(entry.values())
        return {
            "description": f"Counted, by plural category; in English: {forms}",
            "type": "object",
            "properties": {
                category: {
                    **_text(Shape(max_length=LINE_MAX)),
                    "description": f"The '{category}' form.",
                }
                for category in PLURAL_CATEGORIES
            },
            "required": ["other"],
            "additionalProperties": False,
        }

    return {
        "description": "The tool's own words by label key (see `massage-print labels`).",
        "type": "object",
        "properties": {key: prop(entry) for key, entry in catalogue("en").items()},
        "additionalProperties": False,
    }


def _definitions() -> dict[str, Schema]:
    definitions = _special_definitions()
    for name, keys in NAMED_KEYS.items():
        definitions[name] = mapping_schema(keys, f"A {name.replace('_', ' ')}.")
    stroke = definitions["stroke"]
    stroke["minProperties"] = 1
    stroke["maxProperties"] = 1
    return definitions


def _referenced(schema: Any, into: set[str]) -> None:
    if isinstance(schema, dict):
        target = schema.get("$ref")
        if isinstance(target, str):
            into.add(target.rsplit("/", 1)[-1])
        for value in schema.values():
            _referenced(value, into)
    elif isinstance(schema, list):
        for value in schema:
            _referenced(value, into)


def content_schemas() -> dict[str, Schema]:
    """``{"book": ..., "techniques": ..., "routine": ...}``: one schema per content file."""
    every = _definitions()
    out: dict[str, Schema] = {}
    for name, keys in FILE_KEYS.items():
        schema: Schema = {
            "$schema": DRAFT,
            "$id": f"{name}.schema.json",
            "title": _FILE_TITLES[name].split(":")[0],
        }
        schema.update(mapping_schema(keys, _FILE_TITLES[name]))
        # Only the definitions this file reaches, found transitively.
        used: set[str] = set()
        _referenced(schema, used)
        while True:
            more: set[str] = set()
            for ref_name in used:
                _referenced(every[ref_name], more)
            if more <= used:
                break
            used |= more
        if used:
            schema["definitions"] = {k: every[k] for k in every if k in used}
        out[name] = schema
    return out


def map_schema() -> Schema:
    """``maps/<view>.yaml``: a body view drawn under the strokes (see :mod:`.views`)."""
    from .views import ELLIPSE_KEYS, MAP_KEYS, MAX_NAMES, NAME_PATTERN, SHAPE_KEYS

    point: Schema = {
        "type": "array",
        "description": "A point [x, y]: fractions of the frame, x from the left, y from the top.",
        "items": {"type": "number", "minimum": 0, "maximum": 1},
        "minItems": 2,
        "maxItems": 2,
    }
    shape = mapping_schema(SHAPE_KEYS, "One outline: a list of points or an ellipse.")
    shape["oneOf"] = [{"required": ["points"]}, {"required": ["ellipse"]}]
    schema: Schema = {
        "$schema": DRAFT,
        "$id": "map.schema.json",
        "title": "maps/<view>.yaml",
    }
    schema.update(
        mapping_schema(
            MAP_KEYS,
            "maps/<view>.yaml: a body view (its outline, landmarks and stance markers) that "
            "techniques, routines and steps pick with view: <name>",
        )
    )
    schema["definitions"] = {
        "point": point,
        "named_points": {
            "description": "Names (a-z, 0-9 and -) and their points [x, y].",
            "type": "object",
            "minProperties": 1,
            "maxProperties": MAX_NAMES,
            "propertyNames": {"pattern": f"^{NAME_PATTERN.pattern}$"},
            "additionalProperties": {"$ref": "#/definitions/point"},
        },
        "caption": {
            "description": "A text, or texts by language code.",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            ],
        },
        "map_shape": shape,
        "ellipse": mapping_schema(ELLIPSE_KEYS, "An ellipse."),
    }
    return schema
