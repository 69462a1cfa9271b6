"""`schema`: the JSON Schemas editors complete and check the YAML files with."""

from __future__ import annotations

import json
from typing import Any

from ..content.jsonschema import content_schemas, map_schema
from ..layout.jsonschema import layout_schema


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema by file name: book, techniques, routine, map and layout ``.schema.json``."""
    out = {f"{name}.schema.json": schema for name, schema in content_schemas().items()}
    out["map.schema.json"] = map_schema()
    out["layout.schema.json"] = layout_schema()
    return out


def schema_files() -> dict[str, bytes]:
    """The schema files' bytes (stable: the same for the same version)."""
    return {
        name: (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        for name, schema in schemas().items()
    }
