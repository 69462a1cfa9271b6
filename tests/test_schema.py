"""`massage-print schema`: the JSON Schemas agree with the validator they are generated from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from massage_print.cli import main
from massage_print.content import validation, views
from massage_print.content.views import builtin_map_dir
from massage_print.layout.loader import builtin_layout_dir
from massage_print.pipeline.schemas import schemas
from massage_print.vocabulary import STROKE_KINDS
from tests.contentgen import write_content
from tests.test_content_errors import CASES, write_folder

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = schemas()

# Fixtures of tests/test_content_errors.py whose mistake a schema can express: the schema
# must reject the broken file as the validator does.
SCHEMA_REJECTS = {
    "unknown-key-with-hint",
    "unknown-key-in-step",
    "missing-required-key",
    "missing-required-in-technique",
    "mapping-where-text-belongs",
    "text-where-list-belongs",
    "list-where-mapping-belongs",
    "duration-in-words",
    "other-fields-checked-when-one-is-wrong",
    "repeat-zero-and-negative",
    "technique-choices",
    "step-choices-and-strokes",
    "path-with-one-point",
    "point-off-the-map",
    "too-many-cues",
    "stroke-with-two-keys",
    "stroke-body-is-a-list",
    "label-unknown-key",
    "label-counted-needs-other",
    "language-malformed",
    "title-too-long",
    "huge-title",
    "technique-id-too-long",
    "technique-name-too-long",
    "cue-too-long",
    "step-reference-too-long",
    "repeat-words-too-long",
    "paragraph-too-long",
    "bullet-too-long",
    "safety-item-too-long",
}
# The ones it cannot (docs/authoring.md lists them): references between files, values equal
# to each other, and what happens before the YAML is a tree (syntax, encoding, aliases).
SCHEMA_CANNOT = {
    "key-written-twice",
    "merge-key-not-a-mapping",
    "duplicate-technique-id",
    "step-names-missing-technique",
    "invalid-technique-is-not-also-unknown",
    "routines-entry-without-file",
    "routine-id-not-file-name",
    "glide-to-itself",
    "label-bad-placeholder",
}


def schema_for(relative: str) -> dict[str, Any]:
    if relative.startswith("routines/"):
        return SCHEMAS["routine.schema.json"]
    return SCHEMAS[relative.replace(".yaml", ".schema.json")]


def errors(schema: dict[str, Any], data: object) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [e.message for e in validator.iter_errors(data)]


def content_files(folder: Path) -> list[Path]:
    return [folder / "book.yaml", folder / "techniques.yaml", *sorted(folder.glob("routines/*"))]


def test_schemas_are_valid_draft_07() -> None:
    assert set(SCHEMAS) == {
        "book.schema.json",
        "techniques.schema.json",
        "routine.schema.json",
        "map.schema.json",
        "layout.schema.json",
    }
    for schema in SCHEMAS.values():
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)


def _properties(schema: Any, where: str = "") -> list[tuple[str, Any]]:
    """Every property schema in a schema, with a path for messages."""
    found: list[tuple[str, Any]] = []
    if isinstance(schema, dict):
        for name, prop in (schema.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in schema.items():
            if key == "if":  # a condition, not a place an author writes keys
                continue
            found.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found.extend(_properties(value, f"{where}[{i}]"))
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_has_a_description(name: str) -> None:
    for where, prop in _properties(SCHEMAS[name]):
        if prop == {}:  # a layout kind's list of allowed keys; the value is described above
            continue
        assert prop.get("description", "").strip(), f"{name}{where} has no description"


def test_every_key_table_entry_has_a_description() -> None:
    tables = {
        **validation.FILE_KEYS,
        **validation.NAMED_KEYS,
        "map": views.MAP_KEYS,
        "map_shape": views.SHAPE_KEYS,
        "ellipse": views.ELLIPSE_KEYS,
    }
    for table, keys in tables.items():
        for key, spec in keys.items():
            assert spec.description.strip(), f"{table}.{key} has no description"


def test_stroke_keys_are_the_stroke_kinds() -> None:
    assert tuple(validation.STROKE_KEYS) == STROKE_KINDS


SHIPPED = [ROOT / "content", *sorted(p.parent for p in ROOT.glob("examples/**/book.yaml"))]


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_and_example_content_validates(folder: Path) -> None:
    for path in content_files(folder):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        relative = str(path.relative_to(folder))
        assert errors(schema_for(relative), data) == [], f"{folder.name}/{relative}"


def test_generated_content_validates(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content", routines=2, steps=14, techniques=7)
    for path in content_files(folder):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        relative = str(path.relative_to(folder))
        assert errors(schema_for(relative), data) == [], relative


def test_builtin_layouts_validate() -> None:
    paths = sorted(builtin_layout_dir().glob("*.yaml"))
    assert len(paths) >= 5
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert errors(SCHEMAS["layout.schema.json"], data) == [], path.name


def test_layout_schema_rejects_what_the_loader_rejects() -> None:
    layout = SCHEMAS["layout.schema.json"]
    assert errors(layout, {"extends": "booklet", "head": {"gap": "5"}})  # no unit
    assert errors(layout, {"extends": "booklet", "head": {"gap": "5 furlongs"}})
    assert errors(layout, {"extends": "booklet", "colours": {"text": "red"}})
    assert errors(layout, {"extends": "booklet", "hed": {"gap": "5mm"}})  # unknown key
    assert errors(layout, {"extends": "booklet", "head": {"gpa": "5mm"}})  # unknown nested key
    assert errors(layout, {"kind": "booklet", "extends": "theme", "card": "A7"})  # a cards key
    assert errors(layout, {"kind": "booklet", "page": "A5"})  # no extends: all keys required
    assert errors(layout, {"kind": "leaflet", "extends": "theme"})
    assert errors(layout, {"extends": "cards", "card": ["3in"]})
    assert not errors(layout, {"extends": "cards", "card": ["3in", "5in"], "text": {"gap": "2mm"}})


EXPRESSIBLE = [
    pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.name == "huge-title" else [])
    for c in CASES
    if c.name in SCHEMA_REJECTS
]


@pytest.mark.parametrize("case", EXPRESSIBLE)
def test_schema_rejects_what_it_can_express(tmp_path: Path, case: Any) -> None:
    folder = write_folder(tmp_path, case.files)
    found = []
    for relative in case.files:
        data = yaml.safe_load((folder / relative).read_text(encoding="utf-8"))
        found += errors(schema_for(relative), data)
    assert found, f"{case.name}: the schema accepts what the validator rejects"


def test_fixture_lists_are_known() -> None:
    names = {c.name for c in CASES}
    assert names >= SCHEMA_REJECTS | SCHEMA_CANNOT
    documented = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for phrase in ("technique id that does not exist", "written twice", "file name"):
        assert phrase in documented


def test_valid_small_folder_is_accepted(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {})
    for path in content_files(folder):
        relative = str(path.relative_to(folder))
        assert errors(schema_for(relative), yaml.safe_load(path.read_text())) == []


def test_cli_writes_the_schema_files(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(SCHEMAS)
    for name in names:
        assert json.loads((out / name).read_text(encoding="utf-8")) == SCHEMAS[name]
    again = tmp_path / "again"
    CliRunner().invoke(main, ["schema", "--out", str(again)])
    assert all((out / n).read_bytes() == (again / n).read_bytes() for n in names)


def test_builtin_and_example_maps_validate() -> None:
    paths = [
        *sorted(builtin_map_dir().glob("*.yaml")),
        *sorted(ROOT.glob("examples/**/maps/*.yaml")),
    ]
    assert len(paths) >= 6
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert errors(SCHEMAS["map.schema.json"], data) == [], path.name


def test_map_schema_rejects_what_the_map_reader_rejects() -> None:
    schema = SCHEMAS["map.schema.json"]
    good = yaml.safe_load((builtin_map_dir() / "feet.yaml").read_text(encoding="utf-8"))
    assert errors(schema, good) == []
    assert errors(schema, {**good, "aspect": 9})  # out of range
    assert errors(schema, {**good, "colour": "red"})  # unknown key
    assert errors(schema, {**good, "landmarks": {"Big Toe": [0.1, 0.1]}})  # bad name
    assert errors(schema, {**good, "stances": {"at-feet": [0.5, 1.5]}})  # off the frame
    both = {
        "role": "body",
        "points": [[0, 0], [1, 1]],
        "ellipse": {"centre": [0.5, 0.5], "radii": [0.1, 0.1]},
    }
    assert errors(schema, {**good, "shapes": [both]})  # points or ellipse, not both
    assert errors(schema, {**good, "shapes": [{"role": "bone", "points": [[0, 0], [1, 1]]}]})
    missing = dict(good)
    del missing["stances"]
    assert errors(schema, missing)
