"""`init`: a small, commented starter course to begin writing from.

The course is package data (``massage_print/templates/starter``), not text in code: the English
set at its top, and a translated set in a sub-folder per language (``de/``, ``fr/``, ``es/``) with
the same files. A language without a set gets the English one. Each YAML file's first line points
the editor at the JSON Schemas written beside it in ``.schema/``.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..errors import Location, MassagePrintError, Problem
from ..labels import catalogue_language, check_language
from ..pdf.writer import write_outputs
from .schemas import schema_files

_LANGUAGE_LINE = re.compile(r"^language: [A-Za-z0-9-]+", re.MULTILINE)
SCHEMA_FOLDER = ".schema"


def starter_files(language: str = "en") -> dict[str, bytes]:
    """The starter course by relative path (``/`` separated), ``book.yaml`` set to ``language``."""
    checked = check_language(language)
    if checked.error or checked.tag is None:
        raise MassagePrintError(f"--language: {checked.error or 'not a language code'}")
    language = checked.tag
    files = _read_set(starter_set(language))
    book = files["book.yaml"].decode("utf-8")
    files["book.yaml"] = _LANGUAGE_LINE.sub(f"language: {language}", book, count=1).encode()
    for name, data in schema_files().items():
        files[f"{SCHEMA_FOLDER}/{name}"] = data
    return dict(sorted(files.items()))


def starter_set(language: str) -> Traversable:
    """The folder of the starter set for ``language`` (``de-AT`` → ``de/``), else the English one."""
    root = resources.files("massage_print") / "templates" / "starter"
    base = catalogue_language(language)
    if base is not None and base != "en":
        translated = root / base
        if translated.is_dir():
            return translated
    return root


def _read_set(root: Traversable) -> dict[str, bytes]:
    """A set's ``.yaml`` and ``.md`` files by relative path; other sets' folders are left out."""
    files: dict[str, bytes] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                if not (entry / "book.yaml").is_file():
                    pending.append((entry, f"{name}/"))
            elif entry.name.endswith((".yaml", ".md")):
                files[name] = entry.read_bytes()
    return files


def language_note(language: str) -> str | None:
    """What ``check`` will warn about the language (no built-in labels), if anything."""
    return check_language(language).warning


def init_course(folder: Path, language: str = "en") -> list[Path]:
    """Write the starter course into ``folder`` (new or empty); return the files written.

    A folder with anything in it is refused and left as it is.
    """
    if folder.exists() and not folder.is_dir():
        raise MassagePrintError(Problem(Location(str(folder)), "exists and is not a folder"))
    if folder.is_dir() and any(folder.iterdir()):
        raise MassagePrintError(
            Problem(
                Location(str(folder)),
                "folder is not empty; init writes only into a new or empty folder",
            )
        )
    files = starter_files(language)
    targets = {folder / name: data for name, data in files.items()}
    write_outputs(targets)
    return list(targets)
