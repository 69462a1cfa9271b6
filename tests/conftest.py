from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.diskcache import ENVIRONMENT
from tests.contentgen import write_content

# CI runs the property tests with a fixed seed, so a run fails for a change, never by luck;
# locally each run explores new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests keep parsed dictionaries in a folder of their own, not the user's cache."""
    before = os.environ.get(ENVIRONMENT)
    os.environ[ENVIRONMENT] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop(ENVIRONMENT, None)
    else:
        os.environ[ENVIRONMENT] = before


@pytest.fixture(scope="session")
def shipped_book() -> Book:
    return load_book(CONTENT)


@pytest.fixture
def generated(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Factory: generated(steps=..., ...) -> Path of a valid content folder."""

    def make(**counts: int) -> Path:
        return write_content(tmp_path / "content", **counts)

    return make


@pytest.fixture(scope="session")
def generated_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    folder = write_content(tmp_path_factory.mktemp("gen") / "content", routines=2, steps=12)
    return load_book(folder)
