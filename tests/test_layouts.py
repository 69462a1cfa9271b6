"""Layout files: built-ins validate, mistakes are located, `extends:` and lookup rules, units."""

from __future__ import annotations

import dataclasses
import textwrap
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.booklet.styles import STYLE_SPECS, Styles, layout_value
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
from massage_print.layout.schema import (
    BookletLayout,
    CardsLayout,
    CheatsheetLayout,
    DiagramsLayout,
    ThemeLayout,
)
from massage_print.layout.units import paper_size, parse_length
from massage_print.pdf.fonts import register_family

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
    fonts = getattr(layout, "fonts", None)
    files: list[str] = []
    if fonts is not None:
        files = list(vars(fonts).values())
    elif kind == "preview":
        files = [layout.font]  # type: ignore[attr-defined]
    else:
        assert kind == "stock"  # a card stock only places cards: no fonts
    for font in files:
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


# -- layouts in sections ----------------------------------------------------------------------

SECTIONED = [
    (BookletLayout, "booklet", ("head", "folio", "text", "cover", "toc", "step", "guide")),
    (CardsLayout, "cards", ("band", "text", "dots", "sheet", "marks", "check_bar", "calibration")),
    (CheatsheetLayout, "cheatsheet", ("columns", "text", "thumbs", "spacing", "symbols")),
]


@pytest.mark.parametrize(
    ("schema", "name", "sections"), SECTIONED, ids=lambda v: v if isinstance(v, str) else ""
)
def test_big_layouts_are_in_sections(schema: type, name: str, sections: tuple[str, ...]) -> None:
    """No long flat list: a handful of top-level keys, the rest grouped in sections."""
    hints = typing.get_type_hints(schema)
    flat = [
        f.name for f in dataclasses.fields(schema) if not dataclasses.is_dataclass(hints[f.name])
    ]
    assert len(flat) <= 5, f"{schema.__name__} has flat fields {flat}"
    for section in sections:
        assert dataclasses.is_dataclass(hints[section]), f"{name}.{section} is not a section"
    layout = load_layout(name, schema)
    assert all(getattr(layout, s) is not None for s in sections)


@pytest.mark.parametrize(
    ("variant", "schema", "changed", "kept"),
    [
        ("booklet-halfletter", BookletLayout, "cover.diagram_height", "cover.band"),
        ("booklet-halfletter", BookletLayout, "step.diagram_max_height", "step.fact_width"),
        ("cards-a7", CardsLayout, "text.body_size", "text.min_size"),
        ("cards-index", CardsLayout, "band.height", "band.text"),
    ],
)
def test_builtin_variants_override_one_nested_value(
    variant: str, schema: type, changed: str, kept: str
) -> None:
    base = load_layout(variant.split("-")[0], schema)
    layout = load_layout(variant, schema)

    def at(obj: object, path: str) -> object:
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj

    assert at(layout, changed) != at(base, changed)
    assert at(layout, kept) == at(base, kept)


def test_a_variant_overrides_one_nested_value_deeply(tmp_path: Path) -> None:
    write(tmp_path, "mid.yaml", "extends: cards\ntext:\n  gap: 3mm\n")
    path = write(tmp_path, "mine.yaml", "extends: mid\ntext:\n  min_size: 6.5pt\ncard: A7\n")
    layout = load_layout_file(path, CardsLayout)
    base = load_layout("cards", CardsLayout)
    assert layout.text.min_size == pytest.approx(6.5)  # from mine.yaml
    assert layout.text.gap == pytest.approx(3 * MM)  # from mid.yaml
    assert layout.text.body_size == base.text.body_size  # from cards.yaml
    assert layout.text.leading == base.text.leading
    assert layout.calibration == base.calibration


def test_nested_mistakes_are_located_with_the_dotted_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mine.yaml",
        """\
        extends: booklet
        cover:
          band: wide
          meta_size: big
          titel_size: 20pt
        step:
          gap: 3
        toc: 9pt
        """,
    )
    with pytest.raises(MassagePrintError) as caught:
        load_layout_file(path, BookletLayout)
    problems = [str(p) for p in caught.value.problems]
    assert f"{path}:3:9: cover.band: 'wide' is not a length such as 12mm, 0.5in or 10pt" in problems
    assert f"{path}:4:14: cover.meta_size: 'big' is not a length such as 12mm, 0.5in or 10pt" in (
        problems
    )
    assert any(
        p.startswith(f"{path}:5:3: cover.titel_size: unknown key (did you mean 'title_size'?)")
        for p in problems
    )
    assert f"{path}:7:8: step.gap: '3' has no unit; write it as 3pt, 3mm, ..." in problems
    assert f"{path}:8:6: toc: expected a mapping, found a scalar" in problems or any(
        p.startswith(f"{path}:8:6: toc: expected a mapping") for p in problems
    )


def test_a_section_missing_a_key_names_it(tmp_path: Path) -> None:
    """Without `extends:`, a section must be complete; the missing key is named in full."""
    text = (builtin_layout_dir() / "cards.yaml").read_text(encoding="utf-8")
    text = text.replace("extends: theme\n", "").replace("  tick: 1.2mm\n", "")
    theme = (builtin_layout_dir() / "theme.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, "whole.yaml", theme.replace("kind: theme\n", "") + text)
    with pytest.raises(MassagePrintError) as caught:
        load_layout_file(path, CardsLayout)
    [problem] = [str(p) for p in caught.value.problems]
    assert ": check_bar.tick: missing required key" in problem
    assert problem.startswith(f"{path}:")


def test_booklet_styles_are_a_table() -> None:
    """Every paragraph style is a row of STYLE_SPECS; Styles declares exactly those."""
    declared = {k for k, v in Styles.__annotations__.items() if "ParagraphStyle" in str(v)}
    assert declared == set(STYLE_SPECS)
    layout = load_layout("booklet", BookletLayout)
    family = register_family(layout.fonts)
    styles = Styles(layout, family)
    assert styles.chapter_after.spaceBefore == pytest.approx(
        layout.chapter.space + layout.heading.space
    )
    assert styles.toc_section.leftIndent == pytest.approx(layout.toc.indent)
    assert styles.step_number.leading == pytest.approx(
        layout.step.number_size * layout.text.title_leading
    )
    for spec in STYLE_SPECS.values():
        for path in (spec.size, *spec.before, *spec.after, *([spec.indent] if spec.indent else [])):
            assert layout_value(layout, path) >= 0, path
        assert hasattr(layout.colours, spec.colour)
