"""The package's import structure, read from the source with ast (nothing is imported).

Every ``import`` and ``from ... import`` in ``src/massage_print`` counts, at module level and
inside functions, with relative imports resolved. Imports under ``if TYPE_CHECKING:`` never run:
they count for which libraries a module uses, not for import cycles.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "massage_print"
ROOT = Path(__file__).resolve().parent.parent / "src" / PACKAGE

RENDERERS = ("booklet", "cards", "cheatsheet", "diagrams", "flashcards")
REPORTLAB_ALLOWED = (
    *(f"{PACKAGE}.{r}" for r in RENDERERS),
    f"{PACKAGE}.pdf",
    f"{PACKAGE}.imposition",  # the marks overlay is drawn; sheet sizes come from ReportLab
    f"{PACKAGE}.layout.units",
)
"""Modules (or packages, with everything below them) that may import ReportLab."""
NO_RENDERING = (
    f"{PACKAGE}.content",
    f"{PACKAGE}.vocabulary",
    f"{PACKAGE}.labels",
    f"{PACKAGE}.errors",
    f"{PACKAGE}.pipeline",
    f"{PACKAGE}.cli",
)
"""The model and the layers around the renderers: never ReportLab, never pypdf."""


@dataclass(frozen=True)
class Import:
    target: str
    """The imported module, absolute (``massage_print.layout.schema``, ``reportlab.lib``)."""
    line: int
    runs: bool
    """False under ``if TYPE_CHECKING:``."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in ``module``."""
    if level == 0:
        return name or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([name] if name else [])])


def imports_of(module: str) -> list[Import]:
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[Import] = []

    def visit(node: ast.AST, runs: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, False)
            for child in node.orelse:
                visit(child, runs)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, runs) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node.level, node.module)
            found.append(Import(target, node.lineno, runs))
            for alias in node.names:
                # `from . import job` imports the submodule job.
                submodule = f"{target}.{alias.name}"
                if submodule in MODULES:
                    found.append(Import(submodule, node.lineno, runs))
        for child in ast.iter_child_nodes(node):
            visit(child, runs)

    visit(tree, True)
    return found


IMPORTS: dict[str, list[Import]] = {m: imports_of(m) for m in MODULES}


def users_of(library: str) -> dict[str, list[int]]:
    """Modules importing ``library`` (or anything below it), with the lines."""
    users: dict[str, list[int]] = {}
    for module, imports in IMPORTS.items():
        lines = [
            i.line for i in imports if i.target == library or i.target.startswith(library + ".")
        ]
        if lines:
            users[module] = lines
    return users


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def graph() -> dict[str, set[str]]:
    """Module → the package modules it imports when it runs (module level or in a function)."""
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, imports in IMPORTS.items():
        for imp in imports:
            if imp.runs and imp.target in MODULES and imp.target != module:
                edges[module].add(imp.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


# -- the walk itself ------------------------------------------------------------------------


def test_the_walk_sees_every_kind_of_import() -> None:
    assert len(MODULES) > 40 and f"{PACKAGE}.cli" in MODULES
    schema = {i.target for i in IMPORTS[f"{PACKAGE}.layout.loader"]}
    assert f"{PACKAGE}.layout.schema" in schema  # relative, module level
    cli = {i.target for i in IMPORTS[f"{PACKAGE}.cli"]}
    assert f"{PACKAGE}.pipeline.check" in cli  # relative, inside a function
    assert "click" in cli  # absolute
    assert _resolve(f"{PACKAGE}.cards.job", False, 2, "layout.units") == f"{PACKAGE}.layout.units"
    assert _resolve(f"{PACKAGE}.cards", True, 1, "faces") == f"{PACKAGE}.cards.faces"
    assert _resolve(f"{PACKAGE}.cards", True, 1, None) == f"{PACKAGE}.cards"


def test_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# -- the rules ------------------------------------------------------------------------------


def test_no_import_cycle() -> None:
    found = cycles(graph())
    assert not found, "modules importing each other (directly or round a loop): " + "; ".join(
        " ↔ ".join(c) for c in found
    )


def test_pypdf_is_imported_by_one_module() -> None:
    assert set(users_of("pypdf")) == {f"{PACKAGE}.pdf.pypdf_io"}


@pytest.mark.parametrize("library", ["reportlab", "pypdf"])
def test_the_model_and_the_layers_around_it_do_not_render(library: str) -> None:
    wrong = {m: lines for m, lines in users_of(library).items() if within(m, NO_RENDERING)}
    assert not wrong, f"{library} imported outside the renderers: {wrong}"


def test_reportlab_only_in_renderers_pdf_and_units() -> None:
    users = users_of("reportlab")
    assert users, "the walk found no ReportLab user at all"
    wrong = {m: lines for m, lines in users.items() if not within(m, REPORTLAB_ALLOWED)}
    assert not wrong, f"ReportLab imported outside the renderers: {wrong}"


def test_click_only_in_cli() -> None:
    users = users_of("click")
    assert users
    wrong = {m: lines for m, lines in users.items() if not within(m, (f"{PACKAGE}.cli",))}
    assert not wrong, f"click imported outside cli/: {wrong}"


def test_content_does_not_import_renderers_or_the_cli() -> None:
    """The model comes first in the flow: it knows nothing of what is made from it."""
    later = tuple(f"{PACKAGE}.{p}" for p in (*RENDERERS, "imposition", "pdf", "pipeline", "cli"))
    wrong = {
        m: sorted({i.target for i in IMPORTS[m] if within(i.target, later)})
        for m in MODULES
        if within(m, (f"{PACKAGE}.content", f"{PACKAGE}.vocabulary"))
    }
    assert not {m: t for m, t in wrong.items() if t}
