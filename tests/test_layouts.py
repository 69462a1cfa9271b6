"""Layout files: built-ins validate, mistakes are located, `extends:` and lookup rules, units."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.cli import main
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import (
    builtin_font_dir,
    builtin_layout_dir,
    check_layouts,
    find_layout,
    layout_kinds,
    load_layout,
    load_layout_file,
)
from massage_print.layout.schema import DiagramsLayout, ThemeLayout
from massage_print.layout.units import paper_size, parse_length

MM = 72 / 25.4
DIAGRAMS_KEYS = (
    "kind, fonts, colours, diagram, page, margin, columns, rows, gutter, title_size, "
    "label_size, legend_size"
)


@pytest.fixture(autouse=True)
def elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run from an empty folder, so the repository's ./layouts is not found by accident."""
    monkeypatch.chdir(tmp_path)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(MassagePrintError) as caught:
        load_layout_file(path, DiagramsLayout)
    return [str(p) for p in caught.value.problems]


# -- built-in layouts -------------------------------------------------------------------------


def test_every_builtin_layout_validates() -> None:
    names = sorted(p.stem for p in builtin_layout_dir().glob("*.yaml"))
    assert {"theme", "diagrams"} <= set(names)
    assert sorted(check_layouts(builtin_layout_dir())) == names


@pytest.mark.parametrize("path", sorted(builtin_layout_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_each_builtin_layout_loads_as_its_kind(path: Path) -> None:
    """Loaded one by one, so a failure names the file."""
    from massage_print.layout.loader import _merged_tree

    merged, _ = _merged_tree(path)
    kind = merged["kind"].node.value
    layout = load_layout_file(path, layout_kinds()[kind])
    assert layout.kind == kind  # type: ignore[attr-defined]
    for font in vars(layout.fonts).values():  # type: ignore[attr-defined]
        assert Path(font).is_file() and font.endswith(".ttf")


def test_builtin_diagrams_values_are_in_points() -> None:
    layout = load_layout("diagrams", DiagramsLayout)
    assert layout.margin == pytest.approx(12 * MM, abs=1e-3)
    assert layout.page == pytest.approx(paper_size("A4"), abs=0.01)
    assert layout.title_size == pytest.approx(14.0)
    assert Path(layout.fonts.regular).parent == builtin_font_dir()


# -- located mistakes ----------------------------------------------------------------------


def test_unknown_unit_names_the_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\nmargin: 12px\n")
    assert problems_of(path) == [
        f"{path}:2:9: margin: unknown unit 'px' in '12px'; use one of: pt, mm, cm, in, pc"
    ]


def test_length_without_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\ngutter: 12\n")
    assert problems_of(path) == [
        f"{path}:2:9: gutter: '12' has no unit; write it as 12pt, 12mm, ..."
    ]


def test_length_that_is_not_a_length(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\ngutter: wide\nmargin: [1mm]\n")
    assert problems_of(path) == [
        f"{path}:2:9: gutter: 'wide' is not a length such as 12mm, 0.5in or 10pt",
        f"{path}:3:9: margin: expected a length such as 12mm, found a list",
    ]


def test_bad_colour(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mine.yaml",
        """\
        extends: diagrams
        colours:
          text: red
          accent: "#12345"
        """,
    )
    assert problems_of(path) == [
        f"{path}:3:9: colours.text: 'red' is not a colour like #1f4e79",
        f"{path}:4:11: colours.accent: '#12345' is not a colour like #1f4e79",
    ]


def test_unknown_key_with_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\nmargn: 10mm\n")
    assert problems_of(path) == [
        f"{path}:2:1: margn: unknown key (did you mean 'margin'?); allowed keys: {DIAGRAMS_KEYS}"
    ]


def test_unknown_nested_key_with_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\ndiagram:\n  ink_sfot: '#000000'\n")
    [problem] = problems_of(path)
    assert problem.startswith(
        f"{path}:3:3: diagram.ink_sfot: unknown key (did you mean 'ink_soft'?); allowed keys: "
    )


def test_missing_required_field_says_to_use_extends(tmp_path: Path) -> None:
    path = write(tmp_path, "bare.yaml", "kind: diagrams\nmargin: 10mm\n")
    problems = problems_of(path)
    missing = [p for p in problems if "missing required key" in p]
    expected_missing = [k for k in DIAGRAMS_KEYS.split(", ") if k not in ("kind", "margin")]
    assert missing == [
        f"{path}:1:1: {key}: missing required key (a layout may start with `extends: NAME` "
        "to take the rest from another layout)"
        for key in expected_missing
    ]


def test_wrong_kind_value(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\nkind: diagram\n")
    assert problems_of(path) == [
        f"{path}:2:7: kind: unknown value 'diagram' (did you mean 'diagrams'?); "
        "expected one of: diagrams"
    ]


def test_font_file_that_does_not_exist(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "extends: diagrams\nfonts:\n  bold: NoSuchFont-Bold.ttf\n")
    assert problems_of(path) == [
        f"{path}:3:9: fonts.bold: font file 'NoSuchFont-Bold.ttf' not found beside the layout "
        "or built in"
    ]


def test_font_file_beside_the_layout_is_used(tmp_path: Path) -> None:
    font = tmp_path / "Mine.ttf"
    font.write_bytes((builtin_font_dir() / "DejaVuSansCondensed.ttf").read_bytes())
    path = write(tmp_path, "mine.yaml", "extends: diagrams\nfonts:\n  regular: Mine.ttf\n")
    layout = load_layout_file(path, DiagramsLayout)
    assert layout.fonts.regular == str(font.resolve())
    assert Path(layout.fonts.bold).parent == builtin_font_dir()


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "- margin: 10mm\n")
    assert problems_of(path) == [f"{path}:1:1: a layout is a mapping, found a list"]


# -- extends ------------------------------------------------------------------------------


def test_extends_chain(tmp_path: Path) -> None:
    write(tmp_path, "two-up.yaml", "extends: diagrams\ncolumns: 2\nmargin: 0.5in\n")
    path = write(
        tmp_path, "two-up-tall.yaml", "extends: two-up\nrows: 5\ncolours:\n  text: '#000000'\n"
    )
    layout = load_layout_file(path, DiagramsLayout)
    base = load_layout("diagrams", DiagramsLayout)
    theme = load_layout("theme", ThemeLayout)
    assert (layout.columns, layout.rows) == (2, 5)
    assert layout.margin == pytest.approx(36.0)
    assert layout.gutter == base.gutter  # from diagrams
    assert layout.colours.text == "#000000"  # a nested value overridden alone ...
    assert layout.colours.accent == theme.colours.accent  # ... its siblings kept from theme
    assert layout.fonts == theme.fonts


def test_extends_loop_is_an_error(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "extends: b\nkind: diagrams\n")
    write(tmp_path, "b.yaml", "extends: a\n")
    with pytest.raises(MassagePrintError) as caught:
        load_layout_file(a, DiagramsLayout)
    assert [str(p) for p in caught.value.problems] == [f"{a}: layouts extend each other in a loop"]


def test_extends_itself_is_a_loop(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "extends: a\n")
    with pytest.raises(MassagePrintError, match="in a loop"):
        load_layout_file(a, DiagramsLayout)


def test_extends_unknown_layout(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "kind: diagrams\nextends: diagramz\n")
    with pytest.raises(MassagePrintError) as caught:
        load_layout_file(a, DiagramsLayout)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{a}:2:10: extends: unknown layout 'diagramz'; built-in")


def test_check_layouts_reports_a_shared_mistake_once(tmp_path: Path) -> None:
    """A broken layout that another extends is reported once, not once per file."""
    base = write(tmp_path, "base.yaml", "extends: diagrams\nmargin: 12px\n")
    write(tmp_path, "child.yaml", "extends: base\ncolumns: 2\n")
    with pytest.raises(MassagePrintError) as caught:
        check_layouts(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{base}:2:9: margin: unknown unit 'px' in '12px'; use one of: pt, mm, cm, in, pc"
    ]


def test_check_layouts_unknown_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "extends: theme\nkind: cheetsheet\n")
    with pytest.raises(MassagePrintError) as caught:
        check_layouts(tmp_path)
    [problem] = caught.value.problems
    assert str(problem).startswith(
        f"{path}:2:7: kind: unknown layout kind 'cheetsheet' (did you mean 'cheatsheet'?)"
    )


def test_check_command_checks_local_layouts(tmp_path: Path) -> None:
    """`check` also validates ./layouts, reporting located problems with the content's."""
    path = write(tmp_path, "layouts/mine.yaml", "extends: diagrams\ngutter: 3px\n")
    result = CliRunner().invoke(
        main, ["check", "--content", str(Path(__file__).parent.parent / "content")]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path.relative_to(tmp_path)}:2:9: gutter: unknown unit 'px' in '3px'; "
        "use one of: pt, mm, cm, in, pc"
    ]


# -- units --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("12mm", 34.0157),
        ("0.5in", 36.0),
        ("10pt", 10.0),
        ("1.5cm", 42.5197),
        ("2pc", 24.0),
        (" 3 mm ", 8.5039),
        (".5in", 36.0),
        ("0pt", 0.0),
    ],
)
def test_lengths(text: str, points: float) -> None:
    assert parse_length(text) == pytest.approx(points, abs=1e-3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12px", "unknown unit 'px' in '12px'; use one of: pt, mm, cm, in, pc"),
        ("12", "'12' has no unit; write it as 12pt, 12mm, ..."),
        ("12 mm mm", "'12 mm mm' is not a length such as 12mm, 0.5in or 10pt"),
        ("mm", "'mm' is not a length such as 12mm, 0.5in or 10pt"),
        ("", "'' is not a length such as 12mm, 0.5in or 10pt"),
        ("12MM", "'12MM' is not a length such as 12mm, 0.5in or 10pt"),
    ],
)
def test_bad_lengths(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_length(text)
    assert str(caught.value) == message


def test_paper_sizes() -> None:
    assert paper_size("A5") == pytest.approx((148 * MM, 210 * MM), abs=0.01)
    assert paper_size("a4") == pytest.approx((210 * MM, 297 * MM), abs=0.01)
    assert paper_size("letter") == pytest.approx((612.0, 792.0), abs=0.01)
    with pytest.raises(ValueError, match="unknown paper size 'B52'"):
        paper_size("B52")


# -- find_layout --------------------------------------------------------------------------


def test_find_layout_prefers_the_working_folder(tmp_path: Path) -> None:
    write(tmp_path, "layouts/diagrams.yaml", "extends: theme\n")
    assert find_layout("diagrams") == Path("layouts/diagrams.yaml")
    assert find_layout("theme") == builtin_layout_dir() / "theme.yaml"


def test_find_layout_falls_back_to_builtin() -> None:
    assert find_layout("diagrams") == builtin_layout_dir() / "diagrams.yaml"


def test_local_layout_is_what_load_layout_uses(tmp_path: Path) -> None:
    write(
        tmp_path,
        "layouts/diagrams.yaml",
        "extends: theme\nkind: diagrams\npage: A5\n"
        "margin: 1cm\ncolumns: 1\nrows: 1\ngutter: 0pt\ntitle_size: 9pt\nlabel_size: 7pt\n"
        "legend_size: 7pt\n",
    )
    layout = load_layout("diagrams", DiagramsLayout)
    assert (layout.columns, layout.rows) == (1, 1)
    assert layout.page == pytest.approx(paper_size("A5"), abs=0.01)


def test_find_layout_by_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "elsewhere/x.yaml", "extends: diagrams\n")
    assert find_layout(str(path)) == path
    with pytest.raises(MassagePrintError, match="layout file not found"):
        find_layout(str(tmp_path / "missing.yaml"))


def test_find_layout_unknown_name_lists_builtins() -> None:
    with pytest.raises(MassagePrintError) as caught:
        find_layout("nope")
    [problem] = caught.value.problems
    known = ", ".join(sorted(p.stem for p in builtin_layout_dir().glob("*.yaml")))
    assert problem.message == f"unknown layout 'nope'; built-in layouts: {known}"
