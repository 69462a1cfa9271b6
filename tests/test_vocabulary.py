"""One vocabulary: every option taking a closed set of words is a click.Choice of a tuple from
:mod:`massage_print.vocabulary`, and every command rejects a word outside it the same way."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from massage_print import vocabulary
from massage_print.cli import main
from massage_print.labels import CATALOGUES, catalogue
from tests.test_cli_basics import all_commands

VOCABULARIES = {
    name: value
    for name, value in vars(vocabulary).items()
    if name.isupper() and isinstance(value, tuple) and value and isinstance(value[0], str)
}
VOCABULARY_OPTIONS = ("--paper", "--duplex", "--deck", "--orientation")
"""Options that must take a vocabulary's word wherever they appear."""


def choice_options() -> list[tuple[str, click.Command, click.Option]]:
    found = []
    for name, command in all_commands():
        if isinstance(command, click.Group):
            continue
        for param in command.params:
            if isinstance(param, click.Option) and param.opts[0] in VOCABULARY_OPTIONS:
                found.append((name, command, param))
    return found


def argv(name: str) -> list[str]:
    """The subcommand path below ``massage-print`` for ``name``, to invoke through ``main``."""
    return name.split()[1:]


def test_every_vocabulary_option_is_found() -> None:
    names = {(name, opt.opts[0]) for name, _, opt in choice_options()}
    assert ("massage-print cards", "--paper") in names
    assert ("massage-print booklet", "--paper") in names
    assert ("massage-print impose saddle", "--duplex") in names
    assert ("massage-print cheatsheet", "--orientation") in names
    assert ("massage-print calibrate", "--duplex") in names
    assert ("massage-print cards", "--deck") in names


@pytest.mark.parametrize(
    ("name", "option"),
    [pytest.param(n, o, id=f"{n} {o.opts[0]}") for n, _, o in choice_options()],
)
def test_option_is_a_choice_from_the_vocabulary(name: str, option: click.Option) -> None:
    assert isinstance(option.type, click.Choice), f"{name} {option.opts[0]} is free text"
    choices = tuple(option.type.choices)
    assert choices in VOCABULARIES.values(), f"{name} {option.opts[0]}: {choices} is not shared"
    assert option.default in choices


@pytest.mark.parametrize(
    ("name", "option"),
    [pytest.param(n, o, id=f"{n} {o.opts[0]}") for n, _, o in choice_options()],
)
@pytest.mark.parametrize("bad", ["a3", "sideways"])
def test_a_bad_word_is_a_usage_error_everywhere(
    tmp_path: Path, name: str, option: click.Option, bad: str
) -> None:
    out = tmp_path / "out"
    args = [*argv(name), option.opts[0], bad]
    if name.endswith("impose saddle"):
        args += [str(tmp_path / "in.pdf"), str(out / "x.pdf")]
    else:
        args += ["--out", str(out)]
    result = CliRunner().invoke(main, args, prog_name="massage-print")
    assert result.exit_code == 2, result.output
    choices = ", ".join(f"'{c}'" for c in option.type.choices)  # type: ignore[attr-defined]
    expected = f"Error: Invalid value for '{option.opts[0]}': '{bad}' is not one of {choices}."
    assert result.stderr.splitlines()[0].startswith(f"Usage: massage-print {' '.join(argv(name))}")
    assert result.stderr.splitlines()[-1] == expected
    assert result.stdout == ""
    assert not out.exists()


def test_words_are_case_insensitive_and_canonical() -> None:
    """``--paper LETTER`` reaches the library as ``letter``, in every command alike."""
    seen = []

    @click.command()
    @click.option("--paper", type=click.Choice(vocabulary.PAPERS, case_sensitive=False))
    def probe(paper: str) -> None:
        seen.append(paper)

    for name, _, option in choice_options():
        if option.opts[0] == "--paper":
            assert option.type.case_sensitive is False, name  # type: ignore[attr-defined]
    assert CliRunner().invoke(probe, ["--paper", "LETTER"]).exit_code == 0
    assert seen == ["letter"]


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_value_has_its_display_words_in_every_catalogue(language: str) -> None:
    """The words for a vocabulary's values are in the label catalogue, one per value, and the
    catalogue has no word for a value the vocabulary does not know."""
    texts = catalogue(language)
    for group, values in vocabulary.DISPLAY_GROUPS.items():
        for value in values:
            assert str(texts.get(f"{group}.{value}", "")).strip(), f"{language}: {group}.{value}"
        stale = [k for k in texts if k.startswith(f"{group}.") and k.split(".", 1)[1] not in values]
        assert not stale, f"{language}: words for unknown values {stale}"
    for kind in vocabulary.STROKE_KINDS:
        assert f"legend_{kind}" in texts, f"{language}: legend_{kind}"
    for edge in vocabulary.SADDLE_DUPLEXES:
        assert f"edge_{edge}" in texts, f"{language}: edge_{edge}"


def test_display_tables_cover_their_values() -> None:
    assert tuple(vocabulary.PAPER_WORDS) == vocabulary.PAPERS
    assert tuple(vocabulary.ORIENTATION_WORDS) == vocabulary.ORIENTATIONS
    with pytest.raises(AssertionError, match="do not match"):
        vocabulary._words(("a", "b"), {"a": "A"})


def test_find_ignores_case() -> None:
    assert vocabulary.find(vocabulary.PAPERS, "A4") == "a4"
    assert vocabulary.find(vocabulary.PAPERS, "a3") is None
