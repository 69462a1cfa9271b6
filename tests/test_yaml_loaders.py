"""Both YAML paths: libyaml's C parser (when PyYAML has it) and the pure-Python loader.

The C path must give the same node trees (values, tags, line/column marks) and, through
`check`, the same located errors for every broken file as the pure-Python path, which is the
one used when libyaml is absent (simulated here by setting ``FAST_LOADER`` to None).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from massage_print.content import yamlfile
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from tests.contentgen import write_content
from tests.test_content_errors import (
    CASES,
    ROUTINE,
    Case,
    assert_reports,
    billion_laughs,
    write_folder,
)

ROOT = Path(__file__).resolve().parent.parent
HAS_LIBYAML = getattr(yaml, "CSafeLoader", None) is not None
needs_libyaml = pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML built without libyaml")

# Content the C parser refuses or that the Python one reads differently (control characters,
# deep nesting, several documents, tabs): the messages must still be the pure-Python ones.
EXTRA = [
    Case(
        "two-documents",
        {"book.yaml": "title: Book\n---\ntitle: Again\n"},
        [
            "book.yaml:2:1: YAML syntax error: expected a single document in the stream "
            "but found another document"
        ],
    ),
    Case(
        "deep-nesting",
        {"book.yaml": "title: Book\nsafety: " + "[" * 3000 + "]" * 3000 + "\n"},
        ["book.yaml: YAML nesting is too deep to read"],
    ),
    Case(
        "escape-character",
        {"book.yaml": "title: Book\nsubtitle: a\x1bb\n"},
        ["book.yaml:2:12: character U+001B is not allowed in YAML text; remove it"],
    ),
    Case(
        "byte-order-mark-inside",
        {"book.yaml": "title: Book\nsubtitle: a\ufeffb\n"},
        [],
    ),
    Case(
        "tab-indent",
        {"book.yaml": "title: Book\nsafety:\n\t- x\n"},
        [
            "book.yaml:3:1: a tab in the indentation; YAML indents with spaces only, so "
            "replace the tab with spaces"
        ],
    ),
]


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "libyaml":
        if not HAS_LIBYAML:
            pytest.skip("PyYAML built without libyaml")
    else:
        monkeypatch.setattr(yamlfile, "FAST_LOADER", None)
    yield request.param


# test_content_errors.py runs CASES on the default path (libyaml when present); here they run
# on the pure-Python path, and the extra cases on both.
PAIRS = [("python", c) for c in CASES + EXTRA] + [("libyaml", c) for c in EXTRA]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "case"), PAIRS, ids=[f"{p}-{c.name}" for p, c in PAIRS])
def test_same_located_errors_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, case: Case
) -> None:
    if path == "python":
        monkeypatch.setattr(yamlfile, "FAST_LOADER", None)
    elif not HAS_LIBYAML:
        pytest.skip("PyYAML built without libyaml")
    folder = write_folder(tmp_path, case.files)
    if not case.lines:
        load_book(folder)  # loads: no error on either path
        return
    assert_reports(folder, *case.lines)


@pytest.mark.usefixtures("loader")
def test_alias_bomb_refused_on_both_paths(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"book.yaml": billion_laughs()})
    assert_reports(
        folder,
        "book.yaml:7:7: aliases expand to more than 500,000 values; "
        "refusing to expand (alias bomb?)",
    )


@pytest.mark.usefixtures("loader")
def test_merge_keys_on_both_paths(tmp_path: Path) -> None:
    routine = ROUTINE.replace(
        "      - title: Step one\n", "      - &one\n        title: Step one\n"
    ) + ("      - <<: *one\n        title: Step two\n")
    book = load_book(write_folder(tmp_path, {"routines/r.yaml": routine}))
    assert [s.title for s in book.routines[0].steps] == ["Step one", "Step two"]
    assert book.routines[0].steps[1].cues == ("Glide.",)


def _tree(node: yaml.Node) -> object:
    """A node tree as plain data, marks included (aliases are followed once: trees only)."""
    start, end = node.start_mark, node.end_mark
    where = (start.line, start.column, start.index, end.line, end.column, end.index)
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, where)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_tree(n) for n in node.value], where)
    assert isinstance(node, yaml.MappingNode)
    return (node.tag, [(_tree(k), _tree(v)) for k, v in node.value], where)


@needs_libyaml
def test_c_parser_is_used_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []
    real = yamlfile._compose_slow

    def slow(path: str, text: str) -> yaml.Node:
        used.append(path)
        return real(path, text)

    monkeypatch.setattr(yamlfile, "_compose_slow", slow)
    yamlfile.parse_yaml("x.yaml", "title: Book\n")
    assert used == []
    with pytest.raises(MassagePrintError):
        yamlfile.parse_yaml("x.yaml", "title: [\n")
    assert used == ["x.yaml"]  # the error is worded by the pure-Python loader


@pytest.mark.slow
@needs_libyaml
def test_same_trees_and_marks_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = write_content(tmp_path / "content", routines=2, steps=12, techniques=9)
    files = sorted((ROOT / "content").rglob("*.yaml")) + sorted(generated.rglob("*.yaml"))
    files += sorted((ROOT / "src" / "massage_print" / "layouts").glob("*.yaml"))
    extra = 'a: 1\n"é€😀x": [ "ü😀", 3]\r\nb:\r\n  - 😀: z\n  - {c: &x d, e: *x}\n'
    texts = [p.read_text(encoding="utf-8") for p in files] + [extra]
    fast = [_tree(yamlfile.parse_yaml("f", t)) for t in texts]
    monkeypatch.setattr(yamlfile, "FAST_LOADER", None)
    slow = [_tree(yamlfile.parse_yaml("f", t)) for t in texts]
    assert fast == slow
    assert len(files) > 10
