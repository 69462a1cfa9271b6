"""Every option of every command changes the output the way its help says.

Each test runs the real command line (``main``) twice, without and with one option, reads the
PDFs back and checks the documented difference with numbers worked out by hand. ``@wires``
records which options a test covers; :func:`test_every_option_has_a_wiring_test` walks the
click commands and fails for any option (or argument) no test covers, so a new option cannot
land unwired-and-untested.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import click
import pdfplumber
import pypdfium2
import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

import massage_print
from massage_print.cli import main
from massage_print.layout.loader import builtin_layout_dir
from tests.contentgen import write_content
from tests.test_cards_support import read_sheets, viewer_preferences

MM = 72 / 25.4
TOL = 0.01
"""Sizes and positions are checked to 0.01 pt."""
A4 = (595.2756, 841.8898)
A5 = (419.5276, 595.2756)
LETTER = (612.0, 792.0)
HALF_LETTER = (396.0, 612.0)

F = TypeVar("F", bound=Callable[..., Any])
WIRED: dict[tuple[str, str], str] = {}
"""(command, option) → the test showing the option is wired. Command "" is ``main`` itself;
options are named by their first flag (``--marks``), arguments as ``<name>``."""


def wires(*pairs: tuple[str, str]) -> Callable[[F], F]:
    """Record the options a test shows wired; such a test runs whole commands, so it is slow
    (the meta-tests below stay in the quick `-m "not slow"` loop)."""

    def mark(func: F) -> F:
        for pair in pairs:
            WIRED.setdefault(pair, func.__name__)
        return cast(F, pytest.mark.slow(func))

    return mark


# -- the meta-test ----------------------------------------------------------------------------


def walk(command: click.Command, name: str = "") -> Iterator[tuple[str, click.Command]]:
    yield name, command
    if isinstance(command, click.Group):
        for sub_name, sub in sorted(command.commands.items()):
            yield from walk(sub, f"{name} {sub_name}".strip())


def every_option() -> set[tuple[str, str]]:
    found = set()
    for name, command in walk(main):
        for param in command.params:
            if isinstance(param, click.Option):
                if param.opts[0] not in ("--help", "-h"):
                    found.add((name, param.opts[0]))
            elif isinstance(param, click.Argument):
                found.add((name, f"<{param.name}>"))
    return found


def test_every_option_has_a_wiring_test() -> None:
    options = every_option()
    missing = sorted(options - set(WIRED))
    assert not missing, (
        "options without a test showing they change the output: "
        + ", ".join(f"{c or 'massage-print'} {o}" for c, o in missing)
        + " (add one to tests/test_cli_wiring.py, decorated with @wires((command, option)))"
    )
    stale = sorted(set(WIRED) - options)
    assert not stale, f"@wires names options that no longer exist: {stale}"
    tests = {name for name in globals() if name.startswith("test_")}
    assert set(WIRED.values()) <= tests


def test_the_walk_sees_every_command() -> None:
    names = {name for name, _ in walk(main)}
    for command in ("booklet", "cards", "calibrate", "cheatsheet", "diagrams", "build", "check"):
        assert command in names
    assert "impose saddle" in names
    assert ("cards", "--cut-lines") in every_option()
    assert ("impose saddle", "<in_pdf>") in every_option()


# -- running the command line -----------------------------------------------------------------


def invoke(*args: str, code: int = 0) -> click.testing.Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two routines of 8 steps, 5 techniques: 21 cards, a 28-page booklet (7 sheets)."""
    return write_content(
        tmp_path_factory.mktemp("wiring") / "content", routines=2, steps=8, techniques=5
    )


@pytest.fixture(scope="module")
def other_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small German course: one routine of 3 steps, 2 techniques (5 cards)."""
    folder = write_content(
        tmp_path_factory.mktemp("wiring-de") / "content", routines=1, steps=3, techniques=2
    )
    book = yaml.safe_load((folder / "book.yaml").read_text(encoding="utf-8"))
    book["title"] = "Fußmassage im Sitzen"
    (folder / "book.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    path = folder / "routines" / "routine-0.yaml"
    routine = yaml.safe_load(path.read_text(encoding="utf-8"))
    routine["title"] = "Füße und Waden"
    path.write_text(yaml.safe_dump(routine, allow_unicode=True), encoding="utf-8")
    return folder


Run = Callable[..., Path]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, content: Path) -> Run:
    """run(command, *options) -> the --out folder it wrote (cached per arguments)."""
    cache: dict[tuple[str, ...], Path] = {}

    def go(*args: str) -> Path:
        if args not in cache:
            out = tmp_path_factory.mktemp("out")
            extra = ["--out", str(out)]
            if args[0] not in ("calibrate", "schema"):
                extra += ["--content", str(content)]
            invoke(*args, *extra)
            cache[args] = out
        return cache[args]

    return go


# -- reading the PDFs back --------------------------------------------------------------------


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


def all_sized(path: Path, size: tuple[float, float]) -> bool:
    sizes = page_sizes(path)
    return bool(sizes) and all(
        abs(w - size[0]) <= TOL and abs(h - size[1]) <= TOL for w, h in sizes
    )


def texts(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def char_sizes(path: Path, page: int = 0) -> list[float]:
    with pdfplumber.open(path) as pdf:
        return [round(c["size"], 2) for c in pdf.pages[page].chars if c["text"].strip()]


_PLACED = re.compile(
    rb"q\s+(?:\S+ \S+ \S+ \S+ re W n\s+)?(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm\s+/(\w+) Do\s+Q"
)


@dataclass(frozen=True)
class Put:
    """One source page placed on a sheet side."""

    page: int
    """0-based in the source PDF."""
    matrix: tuple[float, ...]
    centre: tuple[float, float]


@dataclass(frozen=True)
class Side:
    width: float
    puts: tuple[Put, ...]
    overlays: int
    """Forms drawn that are no source page (the marks)."""

    def halves(self) -> tuple[int | None, int | None]:
        """1-based page numbers on the (left, right) half."""
        left = next((p.page + 1 for p in self.puts if p.centre[0] < self.width / 2), None)
        right = next((p.page + 1 for p in self.puts if p.centre[0] > self.width / 2), None)
        return (left, right)

    def at(self, number: int) -> Put:
        return next(p for p in self.puts if p.page + 1 == number)


def imposed(printed: Path, source: Path) -> list[Side]:
    """Which source page lands where on each sheet side, matched by content stream."""
    pages = {p.get_contents().get_data(): i for i, p in enumerate(PdfReader(source).pages)}
    sides = []
    for page in PdfReader(printed).pages:
        xobjects = page["/Resources"]["/XObject"]
        puts, overlays = [], 0
        for match in _PLACED.finditer(page.get_contents().get_data()):
            a, b, c, d, e, f = (float(v) for v in match.groups()[:6])
            form = xobjects["/" + match.group(7).decode()].get_object()
            x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            centre = (a * cx + c * cy + e, b * cx + d * cy + f)
            index = pages.get(form.get_data())
            if index is None:
                overlays += 1
            else:
                puts.append(Put(index, (a, b, c, d, e, f), centre))
        sides.append(Side(float(page.mediabox.width), tuple(puts), overlays))
    return sides


def numbered_pdf(path: Path, count: int, size: tuple[float, float] = A5) -> Path:
    """``count`` pages, each a different big number (so its content stream differs)."""
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for number in range(1, count + 1):
        canvas.setFont("Helvetica", 60)
        canvas.drawCentredString(size[0] / 2, size[1] / 2, str(number))
        canvas.showPage()
    canvas.save()
    return path


def layout_variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of a built-in layout file with one value changed (no field names needed)."""
    text = (builtin_layout_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    changed, count = re.subn(rf"(:\s*){re.escape(old)}(?=\s|$)", rf"\g<1>{new}", text)
    assert count == 1, f"{name}.yaml should hold the value {old} exactly once"
    path = tmp_path / f"{name}-variant.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


def deck_counts(out: Path) -> tuple[int, int]:
    """(notes, cards) in the one .apkg written to ``out``."""
    (package,) = out.glob("*.apkg")
    with zipfile.ZipFile(package) as archive:
        db = out / "collection-read.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(db)
    try:
        notes = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        connection.close()
        db.unlink()
    return int(notes), int(cards)


def csv_rows(out: Path) -> list[list[str]]:
    """The note rows of the one .csv written to ``out`` (header lines start with #)."""
    (table,) = out.glob("*.csv")
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


# -- options every content command shares -----------------------------------------------------


def _booklet_of(out: Path) -> str:
    return texts(out / "booklet.pdf")[0]


CONTENT_CHECKS: dict[str, tuple[Callable[[Path, click.testing.Result], Any], Any, Any]] = {
    # command: (what to read from its run, for the default ./content, for --content other)
    "booklet": (lambda out, _: "Fußmassage" in _booklet_of(out), False, True),
    "build": (lambda out, _: "Fußmassage" in _booklet_of(out), False, True),
    "cards": (lambda out, _: len(page_sizes(out / "cards.pdf")), 2 * 21, 2 * 5),
    "cheatsheet": (
        lambda out, _: sorted(p.name for p in out.iterdir()),
        ["cheatsheet-routine-0.pdf", "cheatsheet-routine-1.pdf"],
        ["cheatsheet-routine-0.pdf"],
    ),
    "diagrams": (
        lambda out, _: sum(t.count("(tech-") for t in texts(out / "diagrams.pdf")),
        5,
        2,
    ),
    "anki": (lambda out, _: deck_counts(out)[0], 5 + 16, 2 + 3),
    "csv": (lambda out, _: len(csv_rows(out)), 5 + 16, 2 + 3),
    "check": (
        lambda _, result: result.stdout.split(";")[0],
        "ok: 2 routines, 16 steps, 5 techniques",
        "ok: 1 routine, 3 steps, 2 techniques",
    ),
}


@wires(*((command, "--content") for command in CONTENT_CHECKS))
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(c, marks=[pytest.mark.slow] if c == "build" else [])
        for c in sorted(CONTENT_CHECKS)
    ],
)
def test_content_picks_the_content_folder(
    command: str,
    content: Path,
    other_content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without --content the command reads ./content; with it, the folder given."""
    import shutil

    shutil.copytree(content, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    read, default, other = CONTENT_CHECKS[command]
    outs = []
    for extra in ([], ["--content", str(other_content)]):
        out = tmp_path / f"out{len(outs)}"
        args = [command, *extra] + ([] if command == "check" else ["--out", str(out)])
        outs.append(read(out, invoke(*args)))
    assert outs == [default, other]


OUT_COMMANDS = {
    "anki": ["--content", "{content}"],
    "csv": ["--content", "{content}"],
    "booklet": ["--content", "{content}"],
    "build": ["--content", "{content}"],
    "cards": ["--content", "{content}"],
    "cheatsheet": ["--content", "{content}"],
    "diagrams": ["--content", "{content}"],
    "calibrate": [],
}


@wires(*((command, "--out") for command in OUT_COMMANDS))
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(c, marks=[pytest.mark.slow] if c == "build" else [])
        for c in sorted(OUT_COMMANDS)
    ],
)
def test_out_picks_the_folder_written(
    command: str, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --out the files go to ./build; with it, only to the folder given, unchanged."""
    monkeypatch.chdir(tmp_path)
    args = [a.format(content=content) for a in OUT_COMMANDS[command]]
    invoke(command, *args)
    default = {p.name: p.read_bytes() for p in (tmp_path / "build").iterdir()}
    (tmp_path / "build").rename(tmp_path / "first")
    invoke(command, *args, "--out", str(tmp_path / "elsewhere" / "pdfs"))
    assert not (tmp_path / "build").exists()
    chosen = {p.name: p.read_bytes() for p in (tmp_path / "elsewhere" / "pdfs").iterdir()}
    assert default and chosen == default


@wires(("schema", "--out"))
def test_schema_out_picks_the_folder_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    invoke("schema")
    default = sorted(p.name for p in (tmp_path / ".schema").iterdir())
    invoke("schema", "--out", str(tmp_path / "mine"))
    assert default and sorted(p.name for p in (tmp_path / "mine").iterdir()) == default


@wires(("", "--version"))
def test_version_prints_the_package_version() -> None:
    assert invoke("--version").stdout.strip().endswith(massage_print.__version__)


# -- booklet ----------------------------------------------------------------------------------


@wires(("booklet", "--layout"))
def test_booklet_layout_sets_the_page_size(run: Run) -> None:
    assert all_sized(run("booklet") / "booklet.pdf", A5)
    assert all_sized(run("booklet", "--layout", "booklet-halfletter") / "booklet.pdf", HALF_LETTER)


@wires(("booklet", "--paper"), ("impose saddle", "--paper"))
@pytest.mark.parametrize("command", ["booklet", "impose saddle"])
def test_paper_sets_the_print_sheet(command: str, run: Run, tmp_path: Path) -> None:
    sheets = {}
    for paper in ("a4", "letter"):
        if command == "booklet":
            sheets[paper] = run("booklet", "--paper", paper) / "booklet-print.pdf"
        else:
            sheets[paper] = impose_out(tmp_path, 10, "--paper", paper)
    assert all_sized(sheets["a4"], (A4[1], A4[0]))
    assert all_sized(sheets["letter"], (LETTER[1], LETTER[0]))


def impose_out(tmp_path: Path, pages: int, *options: str) -> Path:
    source = tmp_path / f"in{pages}.pdf"
    if not source.exists():
        numbered_pdf(source, pages)
    out = tmp_path / ("out" + "".join(options).replace("-", "_").replace(".", "p") + f"{pages}.pdf")
    if not out.exists():
        invoke("impose", "saddle", str(source), str(out), *options)
    return out


def printed_of(command: str, run: Run, tmp_path: Path, *options: str) -> tuple[Path, Path]:
    """(print file, its source): the 28-page booklet, or impose on a 16-page numbered PDF."""
    if command == "booklet":
        out = run("booklet", *options)
        return out / "booklet-print.pdf", out / "booklet.pdf"
    return impose_out(tmp_path, 16, *options), tmp_path / "in16.pdf"


def sides_of(command: str, run: Run, tmp_path: Path, *options: str) -> list[Side]:
    return imposed(*printed_of(command, run, tmp_path, *options))


@wires(("booklet", "--duplex"), ("impose saddle", "--duplex"))
@pytest.mark.parametrize("command", ["booklet", "impose saddle"])
def test_duplex_long_turns_every_back_180(command: str, run: Run, tmp_path: Path) -> None:
    for duplex, back in (("short", (1, 0, 0, 1)), ("long", (-1, 0, 0, -1))):
        sides = sides_of(command, run, tmp_path, "--duplex", duplex)
        for index, side in enumerate(sides):
            want = back if index % 2 else (1, 0, 0, 1)
            assert {p.matrix[:4] for p in side.puts} == {want}, (duplex, index)


@wires(("booklet", "--signature"), ("impose saddle", "--signature"))
@pytest.mark.parametrize("command", ["booklet", "impose saddle"])
def test_signature_folds_sheets_in_groups(command: str, run: Run, tmp_path: Path) -> None:
    whole = sides_of(command, run, tmp_path)
    pages = 2 * len(whole)
    # One fold: sheet k carries pages (P - 2k, 2k + 1) in front, (2k + 2, P - 2k - 1) behind.
    for k in range(pages // 4):
        assert whole[2 * k].halves() == (pages - 2 * k, 2 * k + 1)
        assert whole[2 * k + 1].halves() == (2 * k + 2, pages - 2 * k - 1)
    # --signature 1: every sheet is its own 4-page booklet.
    single = sides_of(command, run, tmp_path, "--signature", "1")
    for k in range(pages // 4):
        assert single[2 * k].halves() == (4 * k + 4, 4 * k + 1)
        assert single[2 * k + 1].halves() == (4 * k + 2, 4 * k + 3)


@wires(("booklet", "--creep"), ("impose saddle", "--creep"))
@pytest.mark.parametrize("command", ["booklet", "impose saddle"])
def test_creep_moves_inner_sheets_toward_the_spine(command: str, run: Run, tmp_path: Path) -> None:
    plain = sides_of(command, run, tmp_path)
    crept = sides_of(command, run, tmp_path, "--creep", "0.3")
    assert len(plain) == len(crept) >= 6
    for index, (a, b) in enumerate(zip(plain, crept, strict=True)):
        sheet = index // 2  # 0 is the outermost sheet
        left, right = a.halves()
        assert b.halves() == (left, right)
        # 0.3 mm per sheet inwards: left pages move right, right pages move left.
        for number, sign in ((left, 1), (right, -1)):
            if number is None:
                continue
            moved = b.at(number).matrix[4] - a.at(number).matrix[4]
            assert abs(moved - sign * sheet * 0.3 * MM) <= TOL, (index, number, moved)
            assert b.at(number).matrix[5] == a.at(number).matrix[5]


@wires(("booklet", "--marks"), ("impose saddle", "--marks"))
@pytest.mark.parametrize("command", ["booklet", "impose saddle"])
def test_marks_adds_fold_marks_and_sheet_labels(command: str, run: Run, tmp_path: Path) -> None:
    plain = sides_of(command, run, tmp_path)
    marked = sides_of(command, run, tmp_path, "--marks")
    assert all(side.overlays == 0 for side in plain)
    assert all(side.overlays == 1 for side in marked)
    printed, _ = printed_of(command, run, tmp_path, "--marks")
    unmarked, _ = printed_of(command, run, tmp_path)
    sheets = len(marked) // 2
    marked_text = [re.sub(r"\s+", " ", t) for t in texts(printed)]
    assert f"sheet 1 of {sheets}, front" in marked_text[0]
    assert f"sheet {sheets} of {sheets}, back" in marked_text[-1]
    assert not any("sheet 1 of" in t for t in texts(unmarked))


@wires(("booklet", "--guide"))
def test_guide_adds_a_one_sided_sheet_of_instructions(run: Run) -> None:
    plain = texts(run("booklet") / "booklet-print.pdf")
    guided = texts(run("booklet", "--guide") / "booklet-print.pdf")
    assert len(guided) == len(plain) + 2
    assert guided[: len(plain)] == plain
    assert "staple" in guided[-2].lower() and not guided[-1].strip(), "text in front, blank back"
    assert not any("staple" in t.lower() for t in plain)


# -- impose saddle's arguments ----------------------------------------------------------------


@wires(("impose saddle", "<in_pdf>"), ("impose saddle", "<out_pdf>"))
def test_impose_reads_in_and_writes_out(tmp_path: Path) -> None:
    for pages, sheets in ((6, 2), (13, 4)):
        source = numbered_pdf(tmp_path / f"source{pages}.pdf", pages)
        out = tmp_path / "deep" / f"imposed-{pages}.pdf"
        out.parent.mkdir(exist_ok=True)
        invoke("impose", "saddle", str(source), str(out))
        sides = imposed(out, source)
        assert len(sides) == 2 * sheets
        assert sorted(p.page + 1 for s in sides for p in s.puts) == list(range(1, pages + 1))


# -- cards ------------------------------------------------------------------------------------


@wires(("cards", "--layout"))
def test_cards_layout_sets_the_card_size(run: Run) -> None:
    assert all_sized(run("cards") / "cards.pdf", (63 * MM, 88 * MM))
    assert all_sized(run("cards", "--layout", "cards-a7") / "cards.pdf", (74 * MM, 105 * MM))
    index = run("cards", "--layout", "cards-index") / "cards.pdf"
    assert all_sized(index, (3 * 72, 5 * 72))


@wires(("cards", "--stock"))
def test_cards_stock_sets_sheet_card_and_slots(run: Run) -> None:
    out = run("cards", "--stock", "avery-5371")
    # The deck is redrawn at 2 × 3.5 in and put in Avery 5371's slots on Letter, turned.
    assert all_sized(out / "cards.pdf", (2 * 72, 3.5 * 72))
    assert all_sized(out / "cards-print.pdf", LETTER)
    front = read_sheets((out / "cards-print.pdf").read_bytes(), (out / "cards.pdf").read_bytes())[0]
    centres = sorted((round(p.centre[0], 2), round(p.centre[1], 2)) for p in front.placed)
    want = sorted(
        (0.75 * 72 + c * 3.5 * 72 + 1.75 * 72, 792 - (0.5 * 72 + r * 2 * 72 + 72))
        for r in range(5)
        for c in range(2)
    )
    assert len(centres) == 10
    for got, expected in zip(centres, want, strict=True):
        assert abs(got[0] - expected[0]) <= TOL and abs(got[1] - expected[1]) <= TOL
    listing = invoke("cards", "--stock", "list").stdout
    assert "avery-5371" in listing and "avery-l7414" in listing


@wires(("cards", "--paper"), ("calibrate", "--paper"))
@pytest.mark.parametrize(
    ("command", "name"), [("cards", "cards-print.pdf"), ("calibrate", "calibration.pdf")]
)
def test_paper_sets_the_card_sheet(command: str, name: str, run: Run) -> None:
    assert all_sized(run(command) / name, A4)
    assert all_sized(run(command, "--paper", "letter") / name, LETTER)
    assert all_sized(run(command, "--paper", "a4") / name, A4)


@wires(("cards", "--deck"))
def test_deck_picks_technique_or_step_cards(run: Run) -> None:
    def cards(*options: str) -> int:
        return len(page_sizes(run("cards", *options) / "cards.pdf")) // 2

    assert cards() == cards("--deck", "all") == 5 + 16
    assert cards("--deck", "techniques") == 5
    assert cards("--deck", "steps") == 16


@wires(("cards", "--routine"), ("cheatsheet", "--routine"))
def test_routine_keeps_one_routine(run: Run) -> None:
    def step_fronts(*options: str) -> list[str]:
        fronts = texts(run("cards", *options) / "cards.pdf")[0::2]
        return [t for t in fronts if re.search(r"STEP \d+ OF", t)]

    assert len(step_fronts()) == 16
    kept = step_fronts("--routine", "routine-1")
    assert len(kept) == 8
    assert all("Routine 1" in t and "Routine 0" not in t for t in kept)
    sheets = sorted(p.name for p in run("cheatsheet", "--routine", "routine-1").iterdir())
    assert sheets == ["cheatsheet-routine-1.pdf"]
    assert len(list(run("cheatsheet").iterdir())) == 2


@wires(("cards", "--duplex"))
def test_cards_duplex_places_backs_for_each_way_of_printing(run: Run) -> None:
    def sheets(duplex: str) -> list[Any]:
        out = run("cards", "--duplex", duplex)
        return read_sheets((out / "cards-print.pdf").read_bytes(), (out / "cards.pdf").read_bytes())

    W, H = A4
    for duplex in ("long", "short"):
        front, back = sheets(duplex)[:2]
        backs = back.by_card()
        for card, placed in front.by_card().items():
            fx, fy = placed.centre
            want = (W - fx, fy) if duplex == "long" else (fx, H - fy)
            bx, by = backs[card].centre
            assert abs(bx - want[0]) <= TOL and abs(by - want[1]) <= TOL, (duplex, card)
    none = sheets("none")
    assert [{p.side for p in s.placed} for s in none] == [{"front"}] * 3 + [{"back"}] * 3
    for sheet in sheets("fold"):
        assert {p.side for p in sheet.placed} == {"front", "back"}


@wires(("cards", "--back-offset"))
def test_back_offset_moves_backs_by_exactly_x_y(run: Run) -> None:
    def sheets(*options: str) -> list[Any]:
        out = run("cards", *options)
        return read_sheets((out / "cards-print.pdf").read_bytes(), (out / "cards.pdf").read_bytes())

    plain, moved = sheets(), sheets("--back-offset", "1.5,-0.7")
    for a, b in zip(plain, moved, strict=True):
        for pa, pb in zip(a.placed, b.placed, strict=True):
            dx, dy = pb.rect[0] - pa.rect[0], pb.rect[1] - pa.rect[1]
            want = (1.5 * MM, -0.7 * MM) if pa.side == "back" else (0.0, 0.0)
            assert abs(dx - want[0]) <= TOL and abs(dy - want[1]) <= TOL, (pa, pb)


@wires(("calibrate", "--back-offset"))
def test_calibrate_back_offset_moves_the_back_by_exactly_x_y(run: Run) -> None:
    def matrices(*options: str) -> list[tuple[float, ...]]:
        reader = PdfReader(run("calibrate", *options) / "calibration.pdf")
        found = []
        for page in reader.pages:
            match = re.search(rb"((?:\S+ ){6})cm\s+/\w+ Do", page.get_contents().get_data())
            assert match is not None
            found.append(tuple(float(v) for v in match.group(1).split()))
        return found

    plain, moved = matrices(), matrices("--back-offset", "-2,1.25")
    assert plain == [(1, 0, 0, 1, 0, 0)] * 2
    assert moved[0] == (1, 0, 0, 1, 0, 0)
    assert moved[1][:4] == (1, 0, 0, 1)
    assert abs(moved[1][4] + 2 * MM) <= TOL and abs(moved[1][5] - 1.25 * MM) <= TOL


@wires(("calibrate", "--duplex"))
def test_calibrate_duplex_sets_the_flip_and_the_back(run: Run) -> None:
    prefs = {}
    backs = {}
    for duplex in ("long", "short", "none"):
        path = run("calibrate", "--duplex", duplex) / "calibration.pdf"
        prefs[duplex] = viewer_preferences(path.read_bytes())["/Duplex"]
        backs[duplex] = texts(path)[1]
    assert prefs == {
        "long": "/DuplexFlipLongEdge",
        "short": "/DuplexFlipShortEdge",
        "none": "/Simplex",
    }
    reader = {d: PdfReader(run("calibrate", "--duplex", d) / "calibration.pdf") for d in prefs}
    form = {
        d: b"".join(
            x.get_object().get_data() for x in r.pages[1]["/Resources"]["/XObject"].values()
        )
        for d, r in reader.items()
    }
    assert form["long"] != form["short"], "the back's scales run the other way"
    assert all("BACK" in t for t in backs.values())


@wires(("calibrate", "--layout"))
def test_calibrate_layout_is_read(run: Run, tmp_path: Path) -> None:
    layout = layout_variant(tmp_path, "cards", "14pt", "20pt")  # the sheet's title size
    assert max(char_sizes(run("calibrate") / "calibration.pdf")) == 14
    sized = run("calibrate", "--layout", str(layout)) / "calibration.pdf"
    assert max(char_sizes(sized)) == 20


@wires(("cards", "--bleed"))
def test_bleed_sets_trim_and_bleed_boxes(run: Run) -> None:
    card = (63 * MM, 88 * MM)
    for page in PdfReader(run("cards") / "cards.pdf").pages:
        assert [float(v) for v in page.trimbox] == [float(v) for v in page.mediabox]
    b = 2 * MM
    for page in PdfReader(run("cards", "--bleed", "2") / "cards.pdf").pages:
        media = [float(v) for v in page.mediabox]
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        assert all(
            abs(u - v) <= TOL
            for u, v in zip(media, [0, 0, card[0] + 2 * b, card[1] + 2 * b], strict=True)
        )
        assert all(
            abs(u - v) <= TOL for u, v in zip(trim, [b, b, b + card[0], b + card[1]], strict=True)
        )
        assert bleed == media


@wires(("cards", "--cut-lines"))
def test_cut_lines_adds_lines_along_the_cards(run: Run) -> None:
    def sheets(*options: str) -> list[Any]:
        out = run("cards", *options)
        return read_sheets((out / "cards-print.pdf").read_bytes(), (out / "cards.pdf").read_bytes())

    plain, cut = sheets(), sheets("--cut-lines")
    front_plain, front_cut = set(plain[0].lines), set(cut[0].lines)
    assert front_plain < front_cut
    # 3 × 3 cards: 4 lines down the column edges and 4 across the row edges.
    assert len(front_cut - front_plain) == 8
    assert set(cut[1].lines) == set(plain[1].lines), "no cut lines on the backs"


# -- cheatsheet and diagrams ------------------------------------------------------------------


@wires(("cheatsheet", "--paper"))
def test_cheatsheet_paper_sets_the_sheet(run: Run) -> None:
    assert all_sized(run("cheatsheet") / "cheatsheet-routine-0.pdf", A4)
    assert all_sized(run("cheatsheet", "--paper", "letter") / "cheatsheet-routine-0.pdf", LETTER)


@wires(("cheatsheet", "--orientation"))
def test_orientation_turns_the_sheet(run: Run) -> None:
    name = "cheatsheet-routine-0.pdf"
    assert all_sized(run("cheatsheet", "--orientation", "portrait") / name, A4)
    assert all_sized(run("cheatsheet", "--orientation", "landscape") / name, (A4[1], A4[0]))
    letter = run("cheatsheet", "--orientation", "landscape", "--paper", "letter") / name
    assert all_sized(letter, (LETTER[1], LETTER[0]))


@wires(("cheatsheet", "--layout"))
def test_cheatsheet_layout_is_read(run: Run, tmp_path: Path) -> None:
    """A layout whose preferred type is 8 pt instead of 10 pt: the body text is 8 pt."""
    layout = layout_variant(tmp_path, "cheatsheet", "10pt", "8pt")

    def commonest(path: Path) -> float:
        sizes = char_sizes(path)
        return max(set(sizes), key=sizes.count)

    assert commonest(run("cheatsheet") / "cheatsheet-routine-0.pdf") == 10
    assert commonest(run("cheatsheet", "--layout", str(layout)) / "cheatsheet-routine-0.pdf") == 8


@wires(("diagrams", "--layout"))
def test_diagrams_layout_is_read(run: Run, tmp_path: Path) -> None:
    layout = layout_variant(tmp_path, "diagrams", "A4", "A5")
    assert all_sized(run("diagrams") / "diagrams.pdf", A4)
    assert all_sized(run("diagrams", "--layout", str(layout)) / "diagrams.pdf", A5)


@wires(("diagrams", "--views"))
def test_diagrams_views_writes_the_labelled_maps(run: Run) -> None:
    folder = run("diagrams", "--views")
    assert not (folder / "diagrams.pdf").exists()
    with pdfplumber.open(folder / "views.pdf") as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    views = ["back", "feet", "hands", "head", "legs", "seated"]
    assert [re.search(r"view: ([a-z-]+)", t).group(1) for t in texts] == views  # type: ignore[union-attr]
    assert "occiput" in texts[views.index("seated")] and "big-toe" in texts[1]


# -- check ------------------------------------------------------------------------------------


@wires(("check", "--layouts"))
def test_check_layouts_checks_that_folder_too(content: Path, tmp_path: Path) -> None:
    builtin = len(list(builtin_layout_dir().glob("*.yaml")))
    good = tmp_path / "good"
    good.mkdir()
    (good / "mine.yaml").write_text("extends: cards-a7\n", encoding="utf-8")
    plain = invoke("check", "--content", str(content), "--layouts", str(tmp_path / "none"))
    assert f"; {builtin} layouts checked" in plain.stdout
    more = invoke("check", "--content", str(content), "--layouts", str(good))
    assert f"; {builtin + 1} layouts checked" in more.stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.yaml").write_text("extends: no-such-layout\n", encoding="utf-8")
    failed = invoke("check", "--content", str(content), "--layouts", str(bad), code=1)
    assert str(bad / "broken.yaml") in failed.stderr


# -- authoring --------------------------------------------------------------------------------


@wires(("init", "<folder>"), ("init", "--language"))
def test_init_writes_a_course_in_the_folder_in_its_language(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "kurs"), "--language", "de")
    invoke("init", str(tmp_path / "course"))
    for folder, language in (("kurs", "de"), ("course", "en")):
        book = yaml.safe_load((tmp_path / folder / "book.yaml").read_text(encoding="utf-8"))
        assert book["language"] == language
        # The starter course is valid content, in the language given.
        result = invoke("check", "--content", str(tmp_path / folder))
        assert result.stdout.startswith("ok: ")
    assert (tmp_path / "kurs" / "routines").is_dir()


# -- flashcards -------------------------------------------------------------------------------


@wires(("anki", "--deck"), ("csv", "--deck"))
def test_flashcard_deck_picks_technique_or_step_notes(run: Run) -> None:
    for deck, notes in (("all", 21), ("techniques", 5), ("steps", 16)):
        assert deck_counts(run("anki", "--deck", deck))[0] == notes, deck
        assert len(csv_rows(run("csv", "--deck", deck))) == notes, deck
    assert deck_counts(run("anki")) == deck_counts(run("anki", "--deck", "all"))


@wires(("anki", "--reverse"), ("csv", "--reverse"))
def test_reverse_adds_a_diagram_card_per_technique(run: Run) -> None:
    # All 5 generated techniques have a diagram: 5 more cards, the notes stay 21.
    assert deck_counts(run("anki")) == (21, 21)
    assert deck_counts(run("anki", "--reverse")) == (21, 26)
    plain, reverse = csv_rows(run("csv")), csv_rows(run("csv", "--reverse"))
    assert len(plain) == len(reverse) == 21
    changed = [i for i, (a, b) in enumerate(zip(plain, reverse, strict=True)) if a != b]
    assert len(changed) == 5, "the technique rows ask for the reverse card"
    assert all("technique" in reverse[i][1].lower() for i in changed)


# -- watch ------------------------------------------------------------------------------------


@pytest.fixture
def watch_once(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, Path, int]]:
    """`watch` builds once and stops (no file events); preview calls are recorded."""
    import massage_print.pipeline.preview as preview
    import massage_print.pipeline.watch as watch

    monkeypatch.setattr(watch, "watch_changes", lambda *args, **kwargs: iter(()))
    calls: list[tuple[Path, Path, int]] = []

    def record(pdf: Path, folder: Path, dpi: int) -> list[Path]:
        calls.append((pdf, folder, dpi))
        return []

    monkeypatch.setattr(preview, "write_previews", record)
    return calls


@wires(("watch", "--content"), ("watch", "--out"), ("watch", "--only"))
def test_watch_builds_the_content_given_into_out_only_what_is_asked(
    watch_once: list[tuple[Path, Path, int]],
    content: Path,
    other_content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shutil

    shutil.copytree(content, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    invoke("watch", "--only", "cards")
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        "cards-print.pdf",
        "cards.pdf",
    ]
    assert len(page_sizes(tmp_path / "build" / "cards.pdf")) == 2 * 21
    out = tmp_path / "mine"
    invoke("watch", "--content", str(other_content), "--out", str(out), "--only", "cards,diagrams")
    assert sorted(p.name for p in out.iterdir()) == ["cards-print.pdf", "cards.pdf", "diagrams.pdf"]
    assert len(page_sizes(out / "cards.pdf")) == 2 * 5
    assert watch_once == [], "no page pictures without --preview"


@wires(("watch", "--preview"), ("watch", "--dpi"))
def test_watch_preview_makes_pictures_of_every_pdf_at_the_dpi(
    watch_once: list[tuple[Path, Path, int]], content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["watch", "--content", str(content), "--out", str(out), "--only", "diagrams"]
    invoke(*args, "--preview")
    invoke(*args, "--preview", "--dpi", "150")
    invoke(*args, "--no-preview", "--dpi", "150")
    assert watch_once == [
        (out / "diagrams.pdf", out / "preview", 60),
        (out / "diagrams.pdf", out / "preview", 150),
    ]


@wires(("preview", "--content"), ("preview", "--out"), ("preview", "--only"), ("preview", "--dpi"))
def test_preview_pictures_the_pages_asked_for_at_the_dpi(
    content: Path, other_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from PIL import Image

    shutil.copytree(content, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    invoke("preview", "--only", "diagrams")
    pictures = tmp_path / "build" / "preview"
    # 21 diagrams, 9 a page: 3 A4 pages, 210 mm = 8.27 in wide: 496 px at the default 60 dpi.
    assert sorted(p.name for p in pictures.iterdir()) == [
        "diagrams-01.png",
        "diagrams-02.png",
        "diagrams-03.png",
        "diagrams.png",
    ]
    with Image.open(pictures / "diagrams-01.png") as image:
        assert abs(image.size[0] - 496) <= 1 and abs(image.size[1] - 702) <= 1
    out = tmp_path / "mine"
    invoke("preview", "--content", str(other_content), "--out", str(out), "--only", "cards")
    invoke(
        "preview",
        "--content",
        str(other_content),
        "--out",
        str(out),
        "--dpi",
        "30",
        "--only",
        "diagrams",
    )
    # 5 cards: cards.pdf has 10 pages, cards-print.pdf 2 sheets; 5 diagrams fill one page.
    names = sorted(p.name for p in (out / "preview").iterdir())
    assert [n for n in names if n.startswith("cards-print")] == [
        "cards-print-01.png",
        "cards-print-02.png",
        "cards-print.png",
    ]
    assert len([n for n in names if re.fullmatch(r"cards-\d+\.png", n)]) == 10
    assert [n for n in names if n.startswith("diagrams")] == ["diagrams-01.png", "diagrams.png"]
    with Image.open(out / "preview" / "diagrams-01.png") as image:
        assert abs(image.size[0] - 248) <= 1 and abs(image.size[1] - 351) <= 1
    assert not [p for p in names if p.startswith("booklet")]


# -- languages --------------------------------------------------------------------------------


@wires(("calibrate", "--language"))
def test_calibrate_language_translates_the_sheet(run: Run) -> None:
    english = texts(run("calibrate") / "calibration.pdf")
    german = texts(run("calibrate", "--language", "de") / "calibration.pdf")
    assert "FRONT" in english[0] and "BACK" in english[1]
    assert "VORDERSEITE" in german[0] and "RÜCKSEITE" in german[1]
    assert "FRONT" not in german[0] and "BACK" not in german[1]


@wires(("labels", "--language"))
def test_labels_language_prints_that_catalogue() -> None:
    english = invoke("labels").stdout
    german = invoke("labels", "--language", "de").stdout
    assert yaml.safe_load(english)["labels"]["contents"] == "Contents"
    assert yaml.safe_load(german)["labels"]["contents"] == "Inhalt"
