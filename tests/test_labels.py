"""The label catalogues: complete, same placeholders, CLDR plurals, overrides, the command."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from massage_print.cli import main
from massage_print.content.validation import load_book
from massage_print.labels import (
    CATALOGUES,
    Labels,
    catalogue,
    check_language,
    collation_key,
    entry_placeholders,
)
from tests.contentgen import write_content

REQUIRED = ("contents", "step_of", "caution", "tip", "safety", "techniques", "sources", "notes")


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_catalogue_has_exactly_the_english_keys_none_empty(language: str) -> None:
    english, other = catalogue("en"), catalogue(language)
    assert list(other) == list(english)
    for key, entry in other.items():
        texts = [entry] if isinstance(entry, str) else list(entry.values())
        assert all(t.strip() for t in texts), key
        assert entry_placeholders(entry) == entry_placeholders(english[key]), key
        assert isinstance(entry, str) == isinstance(english[key], str), key
        if not isinstance(entry, str):
            assert "other" in entry, key


def test_required_keys_and_named_placeholders() -> None:
    english = catalogue("en")
    assert all(key in english for key in REQUIRED)
    assert entry_placeholders(english["step_of"]) == {"n", "total"}


def test_plural_forms_follow_cldr() -> None:
    de, fr, en = Labels("de"), Labels("fr"), Labels("en")
    assert de.count("about_minutes", 1) == "etwa 1 Minute"
    assert de.count("about_minutes", 2) == "etwa 2 Minuten"
    assert fr.count("step_count", 0) == "0 étape"  # French counts 0 as singular
    assert fr.count("step_count", 2) == "2 étapes"
    assert en.count("step_count", 0) == "0 steps"
    assert en.count("repeat_times", 1) == "once"


def test_language_codes() -> None:
    assert check_language("de").tag == "de" and check_language("de").warning is None
    assert check_language("de-AT").tag == "de-AT"
    italian = check_language("it")
    assert italian.tag == "it" and italian.warning and "English" in italian.warning
    for wrong, meant in (("deutsch", "de"), ("French", "fr"), ("español", "es")):
        found = check_language(wrong)
        assert found.tag is None and found.error and f"did you mean '{meant}'" in found.error
    assert check_language("xx").error


def test_collation_sorts_letters_with_their_base() -> None:
    words = ["Zupfen", "Ärmel", "Abstreichen", "Öl", "Ohr", "Effleurage", "Étirement", "Ezra"]
    assert sorted(words, key=lambda w: collation_key(w, "de")) == [
        "Abstreichen",
        "Ärmel",
        "Effleurage",
        "Étirement",
        "Ezra",
        "Ohr",
        "Öl",
        "Zupfen",
    ]


def test_override_and_unknown_language_in_a_book(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", steps=2)
    book_yaml = content / "book.yaml"
    extra = textwrap.dedent(
        """\
        language: it
        labels:
          contents: Indice
          step_count:
            one: "{n} passo"
            other: "{n} passi"
        """
    )
    text = "\n".join(
        line for line in book_yaml.read_text().splitlines() if not line.startswith("language")
    )
    book_yaml.write_text(text + "\n" + extra)
    book = load_book(content)
    assert book.language == "it"
    assert book.labels("contents") == "Indice"
    assert book.labels.count("step_count", 1) == "1 passo"
    assert book.labels("safety") == "Safety"  # no Italian catalogue: English
    assert len(book.warnings) == 1 and "'it'" in book.warnings[0].message
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0
    assert result.stderr.count("no built-in labels") == 1


@pytest.mark.parametrize("language", CATALOGUES)
def test_labels_command_prints_a_block_that_loads_back(language: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["labels", "--language", language])
    assert result.exit_code == 0, result.output
    block = yaml.safe_load(result.stdout)["labels"]
    assert block == {
        k: (v if isinstance(v, str) else dict(v)) for k, v in catalogue(language).items()
    }
    content = write_content(tmp_path / "content", steps=2)
    book_yaml = content / "book.yaml"
    book_yaml.write_text(book_yaml.read_text() + "\n" + result.stdout)
    assert load_book(content).labels("contents") == catalogue(language)["contents"]


def test_labels_command_rejects_a_malformed_language() -> None:
    result = CliRunner().invoke(main, ["labels", "--language", "deutsch"])
    assert result.exit_code == 1
    assert "did you mean 'de'" in result.stderr


def test_calibration_sheet_in_the_language_asked_for(tmp_path: Path) -> None:
    import io

    import pdfplumber

    from massage_print.cards import build_calibration

    data = build_calibration(language="de").outputs[0].data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Duplex-Kalibrierung: VORDERSEITE" in text
    assert "dieser Balken muss" in text and "Duplex calibration" not in text
    result = CliRunner().invoke(
        main, ["calibrate", "--language", "deutsch", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1 and "did you mean 'de'" in result.stderr
