"""The user's cache folder: data parsed from files that do not change between runs.

Parsing a hyphenation dictionary takes pyphen 0.05 s for English and over a second for
German, on every run; the parsed result, pickled, loads in a fiftieth of that. An entry is
keyed by what it was made from (the file's path, size and modification time, the versions of
Python, of the parsing library and of this package), so a changed file or an upgrade makes a
new one. The cache only ever saves time: an entry that is missing, stale, unreadable or not
writable is made again from the file, and the result is the same either way.

Where: ``$MASSAGE_PRINT_CACHE`` if set (an empty value turns the cache off), else
``$XDG_CACHE_HOME/massage-print``, else ``~/.cache/massage-print``. The folder is made
readable by its owner only, since its files are unpickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import __version__

T = TypeVar("T")

ENVIRONMENT = "MASSAGE_PRINT_CACHE"
"""The environment variable naming the cache folder; empty turns the cache off."""


def cache_folder() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if base and Path(base).is_absolute():
        return Path(base) / "massage-print"
    try:
        return Path.home() / ".cache" / "massage-print"
    except RuntimeError:  # no home folder
        return None


def _key(kind: str, source: Path, version: str) -> str:
    try:
        stat = source.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        stamp = "?"
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{kind}|{source.resolve()}|{stamp}|{version}|{__version__}|{python}"


def cached(kind: str, source: Path, version: str, make: Callable[[], T]) -> T:
    """``make()``, from the cache when an entry for ``source`` (as it is now) is there.

    ``kind`` names what is cached, ``version`` the library that parses ``source``; both
    are part of the key. Never raises for the cache's sake: any trouble with it and the
    value is made afresh.
    """
    folder = cache_folder()
    if folder is None:
        return make()
    key = _key(kind, source, version)
    name = re.sub(r"[^A-Za-z0-9_-]", "_", kind)[:40]
    path = folder / f"{name}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}.pickle"
    try:
        with path.open("rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value  # type: ignore[no-any-return]
    except Exception:  # missing, stale, truncated or unreadable: made again below
        pass
    value = make()
    _store(folder, path, (key, value))
    return value


def _store(folder: Path, path: Path, entry: object) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(entry, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except Exception:  # read-only home, full disk, ...: the cache is only a saving
        pass
