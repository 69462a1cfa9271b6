"""Reading YAML files into position-carrying node trees, safely.

The only place that parses YAML text. It returns PyYAML's composed nodes (which keep line and
column) rather than Python objects, so validation can point at the exact spot of a mistake.
Refuses: bytes that are not UTF-8, empty files, syntax errors, files over a size limit,
recursive aliases, and alias expansion past a node budget (a "billion laughs" bomb is
measured on the shared graph, in time and memory proportional to the file, never expanded).

Text is composed by libyaml's C parser when PyYAML was built with it (about ten times faster;
its nodes carry the same line/column marks), else by PyYAML's pure-Python loader. Whatever the
C parser refuses, and any text holding a character YAML does not allow, is composed again by
the pure-Python loader, so every error message is worded the same with or without libyaml.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from ..errors import Location, MassagePrintError, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 500_000


def node_location(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _utf8(path: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as YAML's own marks do; the bytes before the first bad
        # one are valid UTF-8 by definition.
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise MassagePrintError(
            Problem(
                Location(path, line, col),
                f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            )
        ) from None
    return text.removeprefix("\ufeff")


def _expanded_size(root: yaml.Node, path: str) -> int:
    """Count the nodes the document would have with every alias expanded.

    Iterative post-order over the shared graph with memoisation: linear in the number of
    distinct nodes, and detects recursive aliases.
    """
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_stack.discard(key)
            total = 1
            for child in _children(node):
                total += sizes[id(child)]
                if total > MAX_EXPANDED_NODES:
                    raise MassagePrintError(
                        Problem(
                            node_location(path, node),
                            "aliases expand to more than "
                            f"{MAX_EXPANDED_NODES:,} values; refusing to expand (alias bomb?)",
                        )
                    )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_stack:
            raise MassagePrintError(
                Problem(node_location(path, node), "recursive alias: a node contains itself")
            )
        on_stack.add(key)
        stack.append((node, True))
        for child in _children(node):
            child_key = id(child)
            if child_key in on_stack:
                raise MassagePrintError(
                    Problem(node_location(path, child), "recursive alias: a node contains itself")
                )
            if child_key not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


class _Loader(yaml.SafeLoader):
    """SafeLoader used only to compose nodes (and expand ``<<`` merge keys)."""


# libyaml's loader when PyYAML has it (tests set this to None to run the pure-Python path).
FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose with libyaml; None when it is absent or refuses the text (the slow path words
    the error), or the text holds a character YAML does not allow (libyaml's set differs)."""
    if FAST_LOADER is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = FAST_LOADER(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return node


def parse_yaml(path: str, text: str) -> yaml.Node:
    """Compose one YAML document from text; raise a located error on any problem."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise MassagePrintError(Problem(Location(path, 1, 1), "file is empty"))
    node = _compose_fast(text)
    if node is None:
        node = _compose_slow(path, text)
    # Two walks over the whole tree, skipped when the text cannot need them: nothing is
    # shared (so nothing expands or recurses) without an `&anchor`, and a file shorter than
    # the node budget holds fewer nodes than that (a node takes at least one character).
    if "&" in text or len(text) >= MAX_EXPANDED_NODES // 2:
        _expanded_size(node, path)
    if "<<" in text or "merge" in text:  # `<<:`, or the tag written out
        _flatten_merges(node, path)
    return node


def _compose_slow(path: str, text: str) -> yaml.Node:
    """Compose with PyYAML's pure-Python loader; raise a located error on any problem."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise MassagePrintError(_unprintable(path, text, exc)) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise MassagePrintError(_syntax_problem(path, text, exc)) from None
    except yaml.reader.ReaderError as exc:
        raise MassagePrintError(_unprintable(path, text, exc)) from None
    except yaml.YAMLError as exc:
        raise MassagePrintError(Problem(Location(path), f"YAML error: {exc}")) from None
    except RecursionError:
        raise MassagePrintError(
            Problem(Location(path), "YAML nesting is too deep to read")
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise MassagePrintError(Problem(Location(path, 1, 1), "file is empty"))
    return node


def _syntax_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The mistake in plain words where it is recognised, else the parser's own words."""
    from .yamlsyntax import friendly  # only on the error path: its rules cost start-up time

    found = friendly(text, exc)
    if found is not None:
        return Problem(Location(path, found.line, found.col), found.message)
    mark = exc.problem_mark or exc.context_mark
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    message = " ".join(p for p in (exc.context, exc.problem) if p)
    return Problem(where, f"YAML syntax error: {message}")


def _unprintable(path: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A located problem for a character YAML does not allow (NUL, other controls)."""
    position = min(max(exc.position, 0), len(text))
    before = text[:position]
    line = before.count("\n") + 1
    col = position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(
        Location(path, line, col),
        f"character U+{char:04X} is not allowed in YAML text; remove it",
    )


_MERGE = "tag:yaml.org,2002:merge"


def _flatten_merges(root: yaml.Node, path: str) -> None:
    """Apply ``<<: *anchor`` merge keys in place, as PyYAML's safe constructor would.

    A key written in the mapping itself overrides a merged one, and among merged mappings
    the first listed wins; the merged keys that lose are dropped, so validation does not
    take them for keys written twice. Post-order over the (acyclic) graph, without recursion,
    so a merged mapping is complete before it is merged into another.
    """
    done: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in done:
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if id(child) not in done)
            continue
        done.add(id(node))
        if isinstance(node, yaml.MappingNode) and any(k.tag == _MERGE for k, _ in node.value):
            _merge_mapping(node, path)


def _merge_mapping(node: yaml.MappingNode, path: str) -> None:
    own = [(k, v) for k, v in node.value if k.tag != _MERGE]
    seen = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag != _MERGE:
            continue
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise MassagePrintError(
                    Problem(
                        node_location(path, source),
                        "bad merge key: `<<` takes a mapping or a list of mappings",
                    )
                )
            for sub_key, sub_value in source.value:
                if isinstance(sub_key, yaml.ScalarNode):
                    if sub_key.value in seen:
                        continue
                    seen.add(sub_key.value)
                merged.append((sub_key, sub_value))
    node.value = merged + own


class ParseCache:
    """Composed nodes of files read before, reused while a file's bytes stay the same.

    For ``watch``: an edit to one routine re-parses that file only. Nodes are never changed
    after composing (merge keys are applied once, here), so sharing them is safe.
    """

    def __init__(self) -> None:
        self._nodes: dict[str, tuple[bytes, yaml.Node]] = {}

    def get(self, shown: str, digest: bytes) -> yaml.Node | None:
        entry = self._nodes.get(shown)
        return entry[1] if entry is not None and entry[0] == digest else None

    def put(self, shown: str, digest: bytes, node: yaml.Node) -> None:
        self._nodes[shown] = (digest, node)


def read_yaml(path: Path, display: str | None = None, cache: ParseCache | None = None) -> yaml.Node:
    """Read and compose a YAML file; ``display`` is the path used in messages."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise MassagePrintError(
                Problem(Location(shown), f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise MassagePrintError(Problem(Location(shown), "is a folder, not a file")) from None
    except FileNotFoundError:
        raise MassagePrintError(Problem(Location(shown), "file not found")) from None
    except OSError as exc:
        raise MassagePrintError(Problem(Location(shown), f"cannot read: {exc.strerror}")) from None
    if cache is None:
        return parse_yaml(shown, _utf8(shown, data))
    digest = hashlib.blake2b(data, digest_size=16).digest()
    node = cache.get(shown, digest)
    if node is None:
        node = parse_yaml(shown, _utf8(shown, data))
        cache.put(shown, digest, node)
    return node
