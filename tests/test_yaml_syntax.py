"""Broken YAML gets a plain-language message naming the fix, and a quoted line on a terminal."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.cli import main
from massage_print.cli.common import SHOW_LINES_ENV
from massage_print.content.yamlfile import parse_yaml
from massage_print.errors import MassagePrintError
from tests.test_content_errors import TECHNIQUES, write_folder

# (name, broken text, exact "line:col: message")
BROKEN = [
    (
        "indented-more-than-a-scalar-key",
        "title: Buch\n  subtitle: zu weit eingerückt\n",
        "2:3: 'subtitle' is indented more than the key above it; line it up with 'title'",
    ),
    (
        "indented-more-after-a-list",
        "techniques:\n  - id: a\n    how:\n      - Glide.\n     diagram: x\n",
        "5:6: 'diagram' is indented more than the key above it; line it up with 'how'",
    ),
    (
        "indented-less",
        "techniques:\n  - id: a\n    name: y\n   family: z\n",
        "4:4: 'family' is indented less than the key above it; line it up with 'name'",
    ),
    (
        "indented-less-after-item-key",
        "title: a\nsources:\n  - title: x\n    author: y\n  note: z\n",
        "5:3: 'note' is indented less than the key above it; line it up with 'author'",
    ),
    (
        "key-inside-a-list",
        "safety:\n  - Nie auf die Wirbelsäule drücken.\n  extra: c\n",
        "3:3: 'extra' is in the middle of the list of 'safety': start it with '- ' to make it "
        "an item, or line it up with 'safety' to make it a key of its own",
    ),
    (
        "key-lined-up-with-list-items",
        "steps:\n  - title: Füße\n    cues:\n      - Halten.\n      tip: warm\n",
        "5:7: 'tip' is in the middle of the list of 'cues': start it with '- ' to make it an "
        "item, or line it up with 'cues' to make it a key of its own",
    ),
    (
        "tab-indent",
        "title: Book\n\tsubtitle: x\n",
        "2:1: a tab in the indentation; YAML indents with spaces only, so replace the tab with "
        "spaces",
    ),
    (
        "tab-after-spaces",
        "sources:\n  - title: x\n  \tauthor: y\n",
        "3:3: a tab in the indentation; YAML indents with spaces only, so replace the tab with "
        "spaces",
    ),
    (
        "unclosed-double-quote",
        'title: "Pieds\nsubtitle: x\n',
        '1:8: the quote " that starts here is never closed; end the text with " on the same line',
    ),
    (
        "unclosed-single-quote",
        "title: 'Book\nsubtitle: x\n",
        "1:8: the quote ' that starts here is never closed; end the text with ' on the same line",
    ),
    (
        "unclosed-bracket",
        "safety: [a, b\nauthor: x\n",
        "1:9: the [ that starts here is never closed; end it with ] on the same line (or put "
        "the text in quotes if it starts with [)",
    ),
    (
        "unclosed-brace",
        "title: {a: b\nsubtitle: x\n",
        "1:8: the { that starts here is never closed; end it with } on the same line (or put "
        "the text in quotes if it starts with {)",
    ),
    (
        "missing-colon-first-line",
        "title Book\nsubtitle: x\n",
        "1:1: 'title' has no colon after it; write 'title: Book' (a colon and a space after "
        "the key)",
    ),
    (
        "missing-colon-middle",
        "title: Book\nsubtitle x\nauthor: me\n",
        "2:1: 'subtitle' has no colon after it; write 'subtitle: x' (a colon and a space after "
        "the key)",
    ),
    (
        "missing-colon-nested",
        "sources:\n  - title: x\n    author y\n",
        "3:5: 'author' has no colon after it; write 'author: y' (a colon and a space after the "
        "key)",
    ),
    (
        "list-item-where-a-key-belongs",
        "title: Book\n- item\n",
        "2:1: a list item where a key such as 'title' is expected; write 'key: value', or put "
        "the list under a key of its own, indented below it",
    ),
    (
        "list-item-in-a-mapping-item",
        "sources:\n  - title: x\n    - author\n",
        "3:5: a list item where a key such as 'title' is expected; write 'key: value', or put "
        "the list under a key of its own, indented below it",
    ),
    (
        "colon-inside-text",
        "title: Rücken: die Grundlagen\n",
        '1:14: a colon inside text must be quoted; write title: "Rücken: die Grundlagen"',
    ),
    (
        "text-after-closing-quote",
        'title: Book\nsubtitle: "a" b\n',
        "2:15: text after a closing quote; put the whole text in quotes, or none of it",
    ),
    (
        "undefined-alias",
        "title: *nothing\n",
        "1:8: 'nothing' is not defined with &; to write text starting with *, put it in quotes",
    ),
    (
        "text-starting-with-a-star",
        "title: *Wichtig*\n",
        "1:8: text starting with * is read as a reference to an &anchor; put the whole text in "
        "quotes",
    ),
    (
        "text-starting-with-at",
        "title: @home\n",
        "1:8: text cannot start with @; put the whole text in quotes",
    ),
    (
        "no-space-after-colon",
        "title: Book\nsubtitle:x\nauthor: me\n",
        "2:1: 'subtitle:' needs a space after the colon; write 'subtitle: x'",
    ),
    (
        "apostrophe-in-single-quotes",
        "title: 'Don't press'\n",
        "1:13: an apostrophe inside '...' ends the text early; write it twice (Don''t) or put "
        "the text in double quotes",
    ),
    (
        "text-after-a-bracket",
        "title: [Draft] Back massage\n",
        "1:16: text after a closing ] is not allowed; put the whole text in quotes if it starts "
        "with [",
    ),
    (
        "list-item-indented-more",
        "steps:\n  - title: x\n    cues: [a]\n   - title: y\n",
        "4:4: this list item is indented more than the one on line 2; line its - up with that one",
    ),
    (
        "list-item-indented-less",
        "cues:\n    - a\n  - b\n",
        "3:3: this list item is indented less than the one on line 2; line its - up with that one",
    ),
    (
        "folded-text-not-indented",
        "summary: >\nnot indented\nnext: 1\n",
        "2:1: the text of a > or | block must be indented more than 'summary'; indent its lines",
    ),
    (
        "unrecognised-keeps-the-parser-words",
        "title: Book\n: x\n",
        "2:1: YAML syntax error: while parsing a block mapping expected <block end>, but found ':'",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_yaml_messages(name: str, text: str, expected: str) -> None:
    with pytest.raises(MassagePrintError) as caught:
        parse_yaml("f.yaml", text)
    assert [str(p) for p in caught.value.problems] == [f"f.yaml:{expected}"]


BROKEN_TECHNIQUES = TECHNIQUES.replace(
    "      - Glide down.\n", "      - Glide down.\n     diagram: []\n"
)


def run_check(folder: Path, show: str) -> list[str]:
    result = CliRunner().invoke(
        main, ["check", "--content", str(folder)], env={SHOW_LINES_ENV: show}
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def test_terminal_output_quotes_the_line_with_a_caret(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"techniques.yaml": BROKEN_TECHNIQUES})
    lines = run_check(folder, "1")
    assert lines == [
        f"{folder}/techniques.yaml:8:6: 'diagram' is indented more than the key above it; "
        "line it up with 'how'",
        "       diagram: []",
        "       ^",
    ]


def test_not_a_terminal_prints_only_the_message(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"techniques.yaml": BROKEN_TECHNIQUES})
    lines = run_check(folder, "0")
    assert len(lines) == 1
    assert lines[0].endswith("line it up with 'how'")
    # Unset: CliRunner's stderr is not a terminal.
    result = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_every_located_error_is_quoted(tmp_path: Path) -> None:
    routine = textwrap.dedent(
        """\
        id: r
        title: Routine
        sections:
          - title: Only
            steps:
              - title: Step one
                stance: sitzend
                cues: [Glide.]
        """
    )
    folder = write_folder(tmp_path, {"routines/r.yaml": routine, "book.yaml": "title: B\nx: 1\n"})
    lines = run_check(folder, "1")
    assert lines[1:3] == ["  x: 1", "  ^"]
    assert lines[4:6] == ["          stance: sitzend", "                  ^"]
    assert lines[-1] == "2 problems found"


def test_long_lines_are_cut_around_the_column(tmp_path: Path) -> None:
    long_title = "Lang " * 60
    folder = write_folder(
        tmp_path, {"book.yaml": f"title: {long_title}\nsubtitel: x\n" + "y" * 300 + ": z\n"}
    )
    lines = run_check(folder, "1")
    assert all(len(line) <= 104 for line in lines[1:] if not line.startswith(str(folder)))


@pytest.mark.parametrize(
    "text",
    ["'['a:", '[b"\'-]-":', "[]-{'\"{'-:", ' [   a  "#a]b:\n"', "#  a]\"  ['-\n[]-:"],
)
def test_text_after_a_quote_with_nothing_after_the_colon_is_explained(text: str) -> None:
    # Found by the fuzz test: a line ending in a colon left nothing to look at (IndexError).
    import yaml

    from massage_print.content.yamlsyntax import friendly

    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.safe_load(text)
    said = friendly(text, raised.value)
    assert said is None or said.message
