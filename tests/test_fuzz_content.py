"""Random damage to valid content: the loader answers with a Book or a MassagePrintError only.

Starts from a small generated folder (tests/contentgen.py), applies one to three random edits
to the text of one or more files (delete a line or key, replace a value with a random scalar,
list or mapping, insert garbage characters or bytes, truncate, duplicate a line, change an
indentation) and loads the result.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_print.cli import main
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.pipeline import check as checking
from tests.contentgen import write_content

FILES = ("book.yaml", "techniques.yaml", "routines/routine-0.yaml")
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_]+):(?P<rest>.*)$")


def _base_texts() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_content(Path(tmp) / "content", routines=1, steps=4, techniques=3, cues=2)
        return {name: (folder / name).read_bytes() for name in FILES}


BASE = _base_texts()

# -- values a mutation may write -------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "yes",
            "0x1F",
            "0o17",
            "1:30",
            ".inf",
            ".nan",
            "2024-01-01",
            "[",
            "{",
            "*undefined",
            "&anchor",
            "!!binary aGk=",
            "!!python/object:os.system",
            "'",
            '"',
            "|",
            ">",
            "%",
            "@",
            "`",
            "- ",
            ": ",
            "? ",
            "#",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    ),
    max_leaves=8,
)
garbage = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=":-[]{}&*!|>'\"%@`#,?\t\n \x00\x85\u2028\ufeff", max_size=12),
)


def _render(value: object, raw: bool) -> str:
    """A random value as written after `key:`: flow YAML, or a string as it is (unquoted)."""
    if raw and isinstance(value, str):
        return value
    try:
        dumped = yaml.safe_dump(value, default_flow_style=True, width=10**6, allow_unicode=True)
    except yaml.YAMLError:
        return repr(value)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


Mutation = Callable[[bytes], bytes]


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(
        st.sampled_from(
            ["delete", "value", "garbage", "bytes", "truncate", "duplicate", "indent", "swap"]
        )
    )
    where = draw(st.floats(min_value=0, max_value=1, exclude_max=True))

    def pick(count: int) -> int:
        return min(int(where * count), count - 1)

    if kind == "value":
        value = _render(draw(values), raw=draw(st.booleans()))

        def set_value(data: bytes) -> bytes:
            lines = data.decode("utf-8", "replace").split("\n")
            keyed = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
            if not keyed:
                return data
            index = keyed[pick(len(keyed))]
            match = KEY_LINE.match(lines[index])
            assert match
            lines[index] = f"{match['lead']}{match['key']}: {value}"
            return "\n".join(lines).encode("utf-8", "surrogatepass")

        return set_value
    if kind == "garbage":
        text = draw(garbage)

        def insert_text(data: bytes) -> bytes:
            decoded = data.decode("utf-8", "replace")
            at = pick(len(decoded) + 1)
            return (decoded[:at] + text + decoded[at:]).encode("utf-8", "surrogatepass")

        return insert_text
    if kind == "bytes":
        raw = draw(st.binary(min_size=1, max_size=4))

        def insert_bytes(data: bytes) -> bytes:
            at = pick(len(data) + 1)
            return data[:at] + raw + data[at:]

        return insert_bytes
    if kind == "truncate":
        return lambda data: data[: pick(len(data) + 1)]
    if kind == "indent":
        delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))

        def indent(data: bytes) -> bytes:
            lines = data.split(b"\n")
            index = pick(len(lines))
            line = lines[index]
            lines[index] = b" " * delta + line if delta > 0 else line[min(-delta, len(line)) :]
            return b"\n".join(lines)

        return indent

    def by_lines(data: bytes) -> bytes:
        lines = data.split(b"\n")
        index = pick(len(lines))
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif index + 1 < len(lines):  # swap with the next line
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        return b"\n".join(lines)

    return by_lines


edits = st.lists(st.tuples(st.sampled_from(FILES), mutations()), min_size=1, max_size=3)


def write_mutated(folder: Path, changes: list[tuple[str, Mutation]]) -> None:
    texts = dict(BASE)
    for name, mutate in changes:
        texts[name] = mutate(texts[name])
    for name, data in texts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_base_is_valid(tmp_path: Path) -> None:
    write_mutated(tmp_path, [])
    assert isinstance(load_book(tmp_path), Book)


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.slow
@FUZZ
@given(changes=edits)
def test_load_book_only_raises_massage_print_error(changes: list[tuple[str, Mutation]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_mutated(folder, changes)
        try:
            book = load_book(folder)
        except MassagePrintError as exc:
            assert exc.problems, "an error with no problem in it"
            for problem in exc.problems:
                assert problem.message.strip()
                assert "Traceback" not in problem.message
        else:
            assert isinstance(book, Book)
            assert book.step_count >= 1


@pytest.mark.slow
@settings(FUZZ, max_examples=50)
@given(changes=edits)
def test_check_command_exits_0_or_1(
    changes: list[tuple[str, Mutation]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The content is what is fuzzed; the built-in layouts are tested in test_layouts.py.
    monkeypatch.setattr(checking, "_layout_folders", lambda layouts: [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_mutated(folder, changes)
        result = CliRunner().invoke(main, ["check", "--content", str(folder)])
        assert result.exit_code in (0, 1), result.exception
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert isinstance(result.exception, SystemExit)
            assert result.stderr.strip()
        else:
            assert result.stdout.startswith("ok: ")
