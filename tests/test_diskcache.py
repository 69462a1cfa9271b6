"""The cache folder only saves time: same values with it, without it, and with a broken one."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from massage_print import diskcache
from massage_print.diskcache import ENVIRONMENT, cache_folder, cached
from massage_print.text import hyphenate


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        return value

    return calls, make


def test_a_second_call_reads_the_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    source = tmp_path / "dict.txt"
    source.write_text("one")
    calls, make = _counting({"a": (1, 2)})
    assert cached("test", source, "1", make) == {"a": (1, 2)}
    assert cached("test", source, "1", make) == {"a": (1, 2)}
    assert len(calls) == 1
    folder = tmp_path / "cache"
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_changed_source_or_version_makes_a_new_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    source = tmp_path / "dict.txt"
    source.write_text("one")
    assert cached("test", source, "1", lambda: "first") == "first"
    source.write_text("two, longer")
    assert cached("test", source, "1", lambda: "second") == "second"
    assert cached("test", source, "2", lambda: "third") == "third"
    assert cached("other", source, "2", lambda: "fourth") == "fourth"


def test_a_broken_entry_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENVIRONMENT, str(folder))
    source = tmp_path / "dict.txt"
    source.write_text("one")
    cached("test", source, "1", lambda: "good")
    (entry,) = folder.iterdir()
    for damage in (b"", b"not a pickle", pickle.dumps(("another key", "bad"))):
        entry.write_bytes(damage)
        calls, make = _counting("good")
        assert cached("test", source, "1", make) == "good"
        assert calls == [1]


def test_no_cache_when_turned_off_or_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("one")
    monkeypatch.setenv(ENVIRONMENT, "")
    assert cache_folder() is None
    calls, make = _counting(7)
    assert cached("test", source, "1", make) == 7
    assert cached("test", source, "1", make) == 7
    assert calls == [1, 1]
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(ENVIRONMENT, str(blocker / "cache"))  # cannot be made
    assert cached("test", source, "1", lambda: 8) == 8


def test_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "massage-print"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/used")
    assert cache_folder() == Path.home() / ".cache" / "massage-print"


@pytest.mark.parametrize("language", ["de", "en", "fr", "es"])
def test_hyphenation_is_the_same_from_the_cache(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyphen

    words = [
        "Massagetechnik",
        "Schulterblattrand",
        "effleurage",
        "relaxation",
        "circulation",
        "acompañamiento",
        "Wirbelsäule",
        "kneading",
    ]
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    results = []
    for _ in range(2):  # made and stored, then read back
        hyphenate.hyphenator.cache_clear()
        hyphenate._points.cache_clear()
        monkeypatch.setattr(pyphen, "hdcache", {})
        h = hyphenate.hyphenator(language)
        results.append([h.points(w) for w in words])
    assert len(list((tmp_path / "cache").iterdir())) == 1
    monkeypatch.setenv(ENVIRONMENT, "")
    hyphenate.hyphenator.cache_clear()
    hyphenate._points.cache_clear()
    monkeypatch.setattr(pyphen, "hdcache", {})
    direct = hyphenate.hyphenator(language)
    assert results[0] == results[1] == [direct.points(w) for w in words]
    assert any(results[0])
    hyphenate.hyphenator.cache_clear()
    hyphenate._points.cache_clear()


def test_the_cache_module_needs_no_rendering_library() -> None:
    assert "reportlab" not in Path(diskcache.__file__).read_text()
    assert os.environ.get(ENVIRONMENT)  # the test session has its own folder


def test_entry_names_keep_to_safe_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENVIRONMENT, str(folder))
    source = tmp_path / "dict.txt"
    source.write_text("one")
    assert cached("plural-../../x y\n", source, "1", lambda: 1) == 1
    (entry,) = folder.iterdir()
    assert entry.name.startswith("plural-______x_y_-")


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "pl", "ar", "pt-BR", "it", "xx"])
def test_plural_rules_are_the_same_from_the_cache(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel import Locale, UnknownLocaleError

    from massage_print import labels

    try:
        direct = Locale.parse(language.replace("-", "_")).plural_form
    except (ValueError, LookupError, UnknownLocaleError):
        direct = Locale.parse("en").plural_form
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    for _ in range(2):  # made and stored, then read back
        labels._plural_rule.cache_clear()
        assert [labels.plural_category(language, n) for n in range(0, 250)] == [
            direct(n) for n in range(0, 250)
        ]
    assert len(list((tmp_path / "cache").iterdir())) == 1
    labels._plural_rule.cache_clear()
