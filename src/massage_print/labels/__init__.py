"""The label catalogue: every fixed text the tool prints, by key, in the book's language.

Catalogues are data (``labels/<language>.yaml``): a key maps to a text, or, for a text with a
count in it, to a mapping by CLDR plural category (``one``, ``few``, ``many``, ``other`` ...;
``other`` is always there). Placeholders are named (``{n}``, ``{total}``, ``{page}``,
``{title}`` ...). The plural category of a count comes from Babel's CLDR data, so French counts
0 as singular and German says "1 Minute / 2 Minuten" without rules written here.

A book's ``labels:`` overrides single keys; :func:`check_override` says what is wrong with one.
No ReportLab here: the model carries a :class:`Labels` and every renderer asks it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..diskcache import cached

Entry = str | Mapping[str, str]
"""A catalogue entry: a text, or texts by plural category."""

CATALOGUES = ("en", "de", "fr", "es")
"""Languages with a built-in catalogue."""
FALLBACK = "en"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
"""The shape of a BCP 47 language tag (``de``, ``pt-BR``, ``sr-Latn``)."""


def placeholders(text: str) -> frozenset[str]:
    """The names in braces in ``text`` (``{n}`` → ``n``)."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
    except ValueError:
        return frozenset({"{"})


def entry_placeholders(entry: Entry) -> frozenset[str]:
    if isinstance(entry, str):
        return placeholders(entry)
    names: frozenset[str] = frozenset()
    for text in entry.values():
        names |= placeholders(text)
    return names


@cache
def catalogue(language: str) -> Mapping[str, Entry]:
    """The built-in catalogue of ``language`` (one of :data:`CATALOGUES`), as it is in its file."""
    source = resources.files("massage_print") / "labels" / f"{language}.yaml"
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=_loader())
    out: dict[str, Entry] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out[str(key)] = MappingProxyType({str(k): str(v) for k, v in value.items()})
        else:
            out[str(key)] = str(value)
    return MappingProxyType(out)


def _loader() -> Any:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def catalogue_language(language: str) -> str | None:
    """The built-in catalogue for a language tag (``de-AT`` → ``de``), or None."""
    base = re.split(r"[-_]", language, maxsplit=1)[0].lower()
    return base if base in CATALOGUES else None


@lru_cache(maxsize=64)
def _plural_rule(language: str) -> Any:
    """Babel's plural rule of ``language``; its rules are kept in the user's cache folder,
    since Babel reads the language's whole CLDR data to give them."""
    import babel
    from babel.plural import PluralRule

    rules = cached(
        f"plural-{language}",
        Path(babel.__file__).parent / "global.dat",
        babel.__version__,
        lambda: _plural_rules(language),
    )
    return PluralRule(rules)


def _plural_rules(language: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError

    try:
        rule = Locale.parse(language.replace("-", "_")).plural_form
    except (ValueError, LookupError, UnknownLocaleError):
        rule = Locale.parse(FALLBACK).plural_form
    return dict(rule.rules)


def plural_category(language: str, count: int) -> str:
    """The CLDR plural category of ``count`` in ``language`` (``one``, ``other`` ...)."""
    return str(_plural_rule(language)(abs(count)))


@dataclass(frozen=True)
class Labels:
    """The labels of one book: its language's catalogue with the book's overrides on top."""

    language: str = "en"
    overrides: Mapping[str, Entry] = field(default_factory=lambda: MappingProxyType({}))

    def entry(self, key: str) -> Entry:
        if key in self.overrides:
            return self.overrides[key]
        base = catalogue(catalogue_language(self.language) or FALLBACK)
        return base[key]

    def __call__(self, key: str, /, **values: object) -> str:
        """The text of ``key`` with its placeholders filled in."""
        entry = self.entry(key)
        text = entry if isinstance(entry, str) else entry["other"]
        return text.format(**values) if values else text

    def count(self, key: str, n: int, /, **values: object) -> str:
        """The text of counted ``key`` for ``n`` in the language's plural form; ``{n}`` is ``n``."""
        entry = self.entry(key)
        if isinstance(entry, str):
            text = entry
        else:
            category = plural_category(self.language, n)
            text = entry.get(category, entry["other"])
        return text.format(n=n, **values)

    def word(self, group: str, value: str) -> str:
        """The display word of a keyword (``stance``/``at-head`` → "at the head")."""
        key = f"{group}.{value}"
        try:
            return self(key)
        except KeyError:
            return value.replace("-", " ")

    def words(self, group: str, values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        return tuple(self.word(group, v) for v in values)


ENGLISH = Labels()


def check_override(key: str, value: object) -> str | None:
    """Why ``value`` cannot override ``key`` (None when it can)."""
    english = catalogue(FALLBACK)
    if key not in english:
        return "unknown"
    base = english[key]
    need = entry_placeholders(base)
    if isinstance(base, str):
        if not isinstance(value, str):
            return "must be a text"
        texts = [value]
    else:
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, Mapping):
            bad = [str(k) for k in value if str(k) not in PLURAL_CATEGORIES]
            if bad:
                return f"plural category '{bad[0]}' is not one of: {', '.join(PLURAL_CATEGORIES)}"
            if "other" not in value:
                return "a counted label needs at least 'other'"
            texts = [str(v) for v in value.values()]
        else:
            return "must be a text, or texts by plural category (one, other, ...)"
    for text in texts:
        if not text.strip():
            return "must not be empty"
        got = placeholders(text)
        if "{" in got:
            return "has an unmatched brace"
        # A plural form may leave out {n} ("once"), but never names an unknown placeholder.
        unknown = got - need
        missing = need - got - ({"n"} if not isinstance(base, str) else set())
        if unknown or missing:
            listing = ", ".join(f"{{{n}}}" for n in sorted(need)) or "no placeholders"
            parts = []
            if missing:
                parts.append("misses " + ", ".join(f"{{{n}}}" for n in sorted(missing)))
            if unknown:
                parts.append("has unknown " + ", ".join(f"{{{n}}}" for n in sorted(unknown)))
            return f"{' and '.join(parts)}: it must have {listing}"
    return None


def labels_yaml(language: str) -> str:
    """The catalogue of ``language`` (English without one) as a ``labels:`` block for book.yaml."""
    entries = catalogue(catalogue_language(language) or FALLBACK)
    lines = [
        f"# massage-print labels ({catalogue_language(language) or FALLBACK});"
        " paste into book.yaml and edit",
        "labels:",
    ]
    for key, entry in entries.items():
        if isinstance(entry, str):
            lines.append(f"  {_yaml_key(key)}: {_yaml_text(entry)}")
        else:
            lines.append(f"  {_yaml_key(key)}:")
            lines += [f"    {cat}: {_yaml_text(text)}" for cat, text in entry.items()]
    return "\n".join(lines) + "\n"


def _yaml_key(key: str) -> str:
    return key


def _yaml_text(text: str) -> str:
    dumped: str = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_style='"')
    return dumped.strip().removesuffix("...").strip()


@dataclass(frozen=True)
class LanguageCheck:
    """What :func:`check_language` found: a normalised tag, or an error; maybe a warning."""

    tag: str | None
    error: str | None = None
    warning: str | None = None


def check_language(code: str) -> LanguageCheck:
    """Validate a language tag with Babel's CLDR data.

    A tag with a catalogue is used as it is; a known language without one warns (English labels);
    anything else is an error suggesting the code whose name was meant (``deutsch`` → ``de``).
    """
    from babel import Locale, UnknownLocaleError

    text = code.strip()
    if LANGUAGE_CODE.fullmatch(text):
        try:
            locale = Locale.parse(text.replace("-", "_"))
        except (ValueError, LookupError, UnknownLocaleError):
            locale = None
        if locale is not None:
            tag = text.replace("_", "-")
            if catalogue_language(tag) is None:
                name = locale.get_display_name(FALLBACK) or tag
                return LanguageCheck(
                    tag,
                    warning=(
                        f"no built-in labels for '{tag}' ({name}): the tool's own words print in "
                        "English; translate them with a `labels:` block "
                        "(see `massage-print labels`)"
                    ),
                )
            return LanguageCheck(tag)
    hint = _suggest_language(text)
    listing = ", ".join(CATALOGUES)
    message = f"'{text}' is not a language code (like {listing})"
    if hint:
        message += f"; did you mean '{hint}'?"
    return LanguageCheck(None, error=message)


def _suggest_language(text: str) -> str | None:
    """The code of the language whose name (in English or in a catalogue language) is ``text``."""
    import difflib

    from babel import Locale

    wanted = text.casefold()
    names: dict[str, str] = {}
    for language in CATALOGUES:
        for code, name in Locale.parse(language).languages.items():
            if "_" not in code:
                names.setdefault(name.casefold(), code)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def fill(template: str, **markup: str) -> str:
    """ReportLab paragraph mark-up of a label: its own words escaped, ``markup`` values as they are."""
    from xml.sax.saxutils import escape

    out: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(escape(literal))
        if name:
            out.append(markup.get(name, escape("{" + name + "}")))
    return "".join(out)


def capital(text: str) -> str:
    """``text`` with its first letter in upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def repeat_text(step: Any, labels: Labels) -> str | None:
    """A step's repeat as printed: a count through the catalogue ("3 times", "3-mal"), a text
    as written."""
    repeat = step.repeat
    if repeat is None:
        return None
    if isinstance(repeat, int):
        return labels.count("repeat_times", repeat)
    return str(repeat)


def collation_key(text: str, language: str = FALLBACK) -> tuple[str, str]:
    """A sort key in the language's alphabetical order, not code-point order.

    Letters sort with their base letter (ä with a in German, é with e in French), ß as ss,
    case ignored; ties are broken by the accented form so the order is total and stable.
    """
    import unicodedata

    folded = unicodedata.normalize("NFD", text.casefold())
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return (base, folded)
