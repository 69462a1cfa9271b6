"""Where a word may break: the language's hyphenation dictionary (pyphen), soft hyphens the
author wrote (U+00AD, invisible unless the word breaks there), and existing hyphens."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diskcache import cached

SOFT_HYPHEN = "\u00ad"
HYPHEN = "-"
LEFT_MIN = 2
"""Fewest letters before a dictionary break."""
RIGHT_MIN = 3
"""Fewest letters after a dictionary break (no "Positi-on")."""


class Hyphenator:
    """Break points of words in one language; ``dictionary`` None means soft hyphens only."""

    def __init__(self, language: str | None, dictionary: Any = None) -> None:
        self.language = language
        self._dictionary = dictionary

    @property
    def active(self) -> bool:
        """Whether dictionary hyphenation is on (soft and hard hyphens always break)."""
        return self._dictionary is not None

    def points(self, word: str) -> tuple[int, ...]:
        """Positions in ``word`` (no soft hyphens in it) where a hyphen may be added."""
        if self._dictionary is None or len(word) < LEFT_MIN + RIGHT_MIN:
            return ()
        return _points(self._dictionary, word)

    def pairs(self, word: str) -> list[tuple[str, str]]:
        """``(head, tail)`` splits of ``word`` at its points, longest head first: the callable
        ReportLab paragraphs take as ``hyphenationLang``, so that the booklet breaks words at
        the same points as cards and cheat sheets."""
        return [(word[:p], word[p:]) for p in reversed(self.points(word))]

    def reportlab(self) -> Any:
        """What to give ReportLab paragraphs as ``hyphenationLang`` (None: no dictionary)."""
        return self.pairs if self._dictionary is not None else None


@lru_cache(maxsize=1 << 15)
def _points(dictionary: Any, word: str) -> tuple[int, ...]:
    out: list[int] = []
    start = 0
    # Only runs of letters are hyphenated: "Kreis-Reibung" is two runs, digits never break.
    for end in [*(i for i, c in enumerate(word) if not c.isalpha()), len(word)]:
        run = word[start:end]
        if len(run) >= LEFT_MIN + RIGHT_MIN:
            for p in dictionary.positions(run):
                if LEFT_MIN <= p <= len(run) - RIGHT_MIN:
                    out.append(start + p)
        start = end + 1
    return tuple(out)


@lru_cache(maxsize=64)
def hyphenator(language: str, enabled: bool = True) -> Hyphenator:
    """The hyphenator of a language tag (``de``, ``pt-BR``); without a pyphen dictionary for it,
    or with ``enabled`` false, words break only at soft and hard hyphens."""
    if not enabled:
        return Hyphenator(None)
    import pyphen

    code = pyphen.language_fallback(language.replace("-", "_"))
    if code is None:
        return Hyphenator(None)
    path = pyphen.LANGUAGES[code]
    if path not in pyphen.hdcache:
        # pyphen parses the whole dictionary on first use (over a second for German); the
        # parsed dictionary is kept in the user's cache folder between runs.
        pyphen.hdcache[path] = cached(
            "hyphenation", Path(path), pyphen.__version__, lambda: pyphen.HyphDict(path)
        )
    return Hyphenator(code, pyphen.Pyphen(lang=code))
