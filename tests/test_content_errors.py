"""`massage-print check` on broken content: the exact `path:line:col: message` lines.

Every broken folder starts from a small valid one written here (so lines and columns are
known) or from a generated one (tests/contentgen.py); one file is then replaced or edited.
"""

from __future__ import annotations

import textwrap
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from massage_print.cli import main
from massage_print.content.markup import to_paragraph
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.pipeline import check as checking
from tests.contentgen import write_content

BOOK = "title: Test Book\n"

TECHNIQUES = textwrap.dedent(
    """\
    techniques:
      - id: glide
        name: Glide
        family: gliding
        summary: A long glide.
        how:
          - Glide down.
        pressure: medium
      - id: knead
        name: Knead
        family: kneading
        summary: Knead the muscle.
        how: [Knead slowly.]
        pressure: firm
    """
)

ROUTINE = textwrap.dedent(
    """\
    id: r
    title: Routine
    sections:
      - title: Only
        steps:
          - title: Step one
            technique: glide
            cues:
              - Glide.
    """
)

FAMILIES = (
    "gliding, kneading, friction, percussion, pressure, stretching, feathering, rocking, holding"
)
LANDMARKS = (
    "head, neck, shoulder, shoulder-top, shoulder-blade, armpit, upper-arm, mid-back, waist, "
    "lower-back, hip, sacrum, buttock, spine-top, spine-mid, spine-base"
)
KINDS = "glide, feather, tap, circle, knead, press, hold"
BOOK_KEYS = (
    "id, title, subtitle, author, edition, language, labels, routines, front_matter, back_matter, "
    "safety, "
    "sources, cover"
)
STEP_KEYS = (
    "id, title, technique, stance, area, pressure, repeat, cues, tip, caution, summary, view, "
    "diagram, image"
)


@pytest.fixture(autouse=True)
def content_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Check the content alone: layouts have their own tests (tests/test_layouts.py).

    Several people edit the built-in layouts at once; these tests must not depend on them.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(checking, "_layout_folders", lambda layouts: [])


def write_folder(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """The small valid folder with some files replaced (None removes a file)."""
    folder = root / "content"
    base: dict[str, str | bytes | None] = {
        "book.yaml": BOOK,
        "techniques.yaml": TECHNIQUES,
        "routines/r.yaml": ROUTINE,
    }
    base.update(files)
    for name, text in base.items():
        if text is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def run_check(folder: Path) -> Result:
    return CliRunner().invoke(main, ["check", "--content", str(folder)])


def assert_reports(folder: Path, *lines: str) -> None:
    """`check` exits 1 and prints exactly these lines (relative to the folder), then a count."""
    result = run_check(folder)
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    expected = [f"{folder}/{line}" for line in lines]
    if len(lines) > 1:
        expected.append(f"{len(lines)} problems found")
    assert result.stderr.splitlines() == expected


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes | None]
    lines: list[str] = field(default_factory=list)


CASES = [
    Case(
        "label-unknown-key",
        {"book.yaml": "title: Book\nlabels:\n  contnets: Inhalt\n"},
        [
            "book.yaml:3:3: labels.contnets: unknown label (did you mean 'contents'?); "
            "`massage-print labels` lists them all"
        ],
    ),
    Case(
        "label-bad-placeholder",
        {"book.yaml": "title: Book\nlabels:\n  step_of: Schritt {n} von {totl}\n"},
        [
            "book.yaml:3:12: labels.step_of: misses {total} and has unknown {totl}: "
            "it must have {n}, {total}"
        ],
    ),
    Case(
        "label-counted-needs-other",
        {"book.yaml": "title: Book\nlabels:\n  step_count:\n    one: ein Schritt\n"},
        ["book.yaml:4:5: labels.step_count: a counted label needs at least 'other'"],
    ),
    Case(
        "language-malformed",
        {"book.yaml": "title: Book\nlanguage: deutsch\n"},
        [
            "book.yaml:2:11: language: 'deutsch' is not a language code (like en, de, fr, es); "
            "did you mean 'de'?"
        ],
    ),
    Case(
        "yaml-syntax-flow",
        {"book.yaml": "title: [unclosed, list\nsubtitle: x\n"},
        [
            "book.yaml:1:8: the [ that starts here is never closed; end it with ] on the same "
            "line (or put the text in quotes if it starts with [)"
        ],
    ),
    Case(
        "yaml-syntax-indent",
        {"book.yaml": "title: Book\n  subtitle: indented too far\n"},
        [
            "book.yaml:2:3: 'subtitle' is indented more than the key above it; line it up with 'title'"
        ],
    ),
    Case(
        "unknown-key-with-hint",
        {"book.yaml": "title: Book\nsubtitel: A typo\n"},
        [
            "book.yaml:2:1: subtitel: unknown key (did you mean 'subtitle'?); "
            f"allowed keys: {BOOK_KEYS}"
        ],
    ),
    Case(
        "unknown-key-in-step",
        {"routines/r.yaml": ROUTINE.replace("        cues:", "        queues: [x]\n        cues:")},
        [
            "routines/r.yaml:8:9: sections[0].steps[0].queues: unknown key "
            f"(did you mean 'cues'?); allowed keys: {STEP_KEYS}"
        ],
    ),
    Case(
        "key-written-twice",
        {"book.yaml": "title: Book\nauthor: Me\ntitle: Again\n"},
        ["book.yaml:3:1: title: key appears twice"],
    ),
    Case(
        "merge-key-not-a-mapping",
        {"book.yaml": "title: Book\nsources:\n  - {<<: [Somebody], title: A}\n"},
        ["book.yaml:3:11: bad merge key: `<<` takes a mapping or a list of mappings"],
    ),
    Case(
        "missing-required-key",
        {"book.yaml": "subtitle: No title\n"},
        ["book.yaml:1:1: title: missing required key"],
    ),
    Case(
        "missing-required-in-technique",
        {"techniques.yaml": TECHNIQUES.replace("    summary: Knead the muscle.\n", "")},
        ["techniques.yaml:9:5: techniques[1].summary: missing required key"],
    ),
    Case(
        "mapping-where-text-belongs",
        {"routines/r.yaml": ROUTINE.replace("title: Routine", "title: {en: Routine}")},
        ["routines/r.yaml:2:8: title: expected text, found a mapping"],
    ),
    Case(
        # French puts a space before a colon: unquoted, the words before it become a key.
        "colon-in-unquoted-cue",
        {"routines/r.yaml": ROUTINE.replace("- Glide.", "- Attention : glide slowly.")},
        [
            "routines/r.yaml:9:13: sections[0].steps[0].cues[0]: expected text, found a mapping "
            "(the colon after 'Attention' made one); a colon inside text must be quoted: "
            'write "Attention : glide slowly."'
        ],
    ),
    Case(
        "text-where-list-belongs",
        {"routines/r.yaml": ROUTINE.replace("cues:\n          - Glide.", "cues: Glide.")},
        [
            "routines/r.yaml:8:15: sections[0].steps[0].cues: expected a list of cues, found 'Glide.'"
        ],
    ),
    Case(
        "list-where-mapping-belongs",
        {"routines/r.yaml": ROUTINE + "      - [Step two, knead]\n"},
        ["routines/r.yaml:10:9: sections[0].steps[1]: expected a mapping (a step), found a list"],
    ),
    Case(
        "duration-in-words",
        {
            "routines/r.yaml": ROUTINE.replace(
                "title: Routine", "title: Routine\nduration_minutes: ten"
            )
        },
        ["routines/r.yaml:3:19: duration_minutes: expected a positive whole number, found 'ten'"],
    ),
    Case(
        "other-fields-checked-when-one-is-wrong",
        # A wrong title must not hide the mistakes in the fields read after it.
        {
            "routines/r.yaml": ROUTINE.replace(
                "title: Routine", "title: [Routine]\nduration_minutes: ten"
            ).replace(
                "        cues:\n          - Glide.", "        tip: [Breathe.]\n        cues: []"
            )
            + "      - cues: [x]\n        area: {a: b}\n",
        },
        [
            "routines/r.yaml:2:8: title: expected text, found a list",
            "routines/r.yaml:3:19: duration_minutes: expected a positive whole number, found 'ten'",
            "routines/r.yaml:9:14: sections[0].steps[0].tip: expected text, found a list",
            "routines/r.yaml:10:15: sections[0].steps[0].cues: needs at least 1 cue, found 0",
            "routines/r.yaml:11:9: sections[0].steps[1].title: missing required key",
            "routines/r.yaml:12:15: sections[0].steps[1].area: expected text, found a mapping",
        ],
    ),
    Case(
        "repeat-zero-and-negative",
        {
            "routines/r.yaml": ROUTINE.replace("        cues:", "        repeat: 0\n        cues:")
            + "      - title: Step two\n        repeat: -3\n        cues: [Again.]\n"
        },
        [
            "routines/r.yaml:8:17: sections[0].steps[0].repeat: "
            "expected a positive whole number, found the number 0",
            "routines/r.yaml:12:17: sections[0].steps[1].repeat: "
            "expected a positive whole number, found the number -3",
        ],
    ),
    Case(
        "technique-choices",
        {
            "techniques.yaml": TECHNIQUES.replace("family: gliding", "family: glidng").replace(
                "pressure: medium", "pressure: hard\n    contact: [palm, thumbs]"
            )
        },
        [
            "techniques.yaml:4:13: techniques[0].family: unknown family 'glidng' "
            f"(did you mean 'gliding'?); expected one of: {FAMILIES}",
            "techniques.yaml:8:15: techniques[0].pressure: unknown pressure 'hard'; "
            "expected one of: light, medium, firm, deep",
            "techniques.yaml:9:15: techniques[0].contact[0]: unknown contact 'palm' "
            "(did you mean 'palms'?); expected one of: palms, fingertips, thumbs, knuckles, "
            "forearms, heel-of-hand, side-of-hand, whole-hand",
        ],
    ),
    Case(
        "step-choices-and-strokes",
        {
            "routines/r.yaml": ROUTINE.replace(
                "        technique: glide\n",
                "        technique: glide\n"
                "        stance: at-hip\n"
                "        diagram:\n"
                "          - glid: {from: neck, to: waist}\n"
                "          - glide: {from: neck, to: waist, side: lefft}\n"
                "          - circle: {at: shouldr, turn: clockwize}\n",
            )
        },
        [
            "routines/r.yaml:8:17: sections[0].steps[0].stance: unknown stance 'at-hip' "
            "(did you mean 'at-hips'?); expected one of: at-head, at-side, at-hips, astride, "
            "at-feet, behind",
            "routines/r.yaml:10:13: sections[0].steps[0].diagram[0]: unknown stroke kind 'glid' "
            f"(did you mean 'glide'?); expected one of: {KINDS}",
            "routines/r.yaml:11:50: sections[0].steps[0].diagram[1].glide.side: unknown side "
            "'lefft' (did you mean 'left'?); expected one of: left, right, both, center",
            "routines/r.yaml:12:26: sections[0].steps[0].diagram[2].circle.at: unknown landmark "
            f"'shouldr' (did you mean 'shoulder'?); expected one of: {LANDMARKS}",
            "routines/r.yaml:12:41: sections[0].steps[0].diagram[2].circle.turn: unknown turn "
            "'clockwize' (did you mean 'clockwise'?); expected one of: clockwise, anticlockwise",
        ],
    ),
    Case(
        "duplicate-technique-id",
        {"techniques.yaml": TECHNIQUES.replace("id: knead", "id: glide")},
        ["techniques.yaml:9:9: techniques[1].id: duplicate technique id 'glide' (first at line 2)"],
    ),
    Case(
        "step-names-missing-technique",
        {"routines/r.yaml": ROUTINE.replace("technique: glide", "technique: kned")},
        [
            "routines/r.yaml:7:20: sections[0].steps[0].technique: unknown technique 'kned' "
            "(did you mean 'knead'?)"
        ],
    ),
    Case(
        "invalid-technique-is-not-also-unknown",
        # The step names 'glide', whose entry is wrong: one error, at the entry, not two.
        {"techniques.yaml": TECHNIQUES.replace("    summary: A long glide.\n", "")},
        ["techniques.yaml:2:5: techniques[0].summary: missing required key"],
    ),
    Case(
        "routines-entry-without-file",
        {"book.yaml": "title: Book\nroutines: [r, rr, other]\n"},
        [
            "book.yaml:2:15: routines[1]: no routine file routines/rr.yaml (did you mean 'r'?)",
            "book.yaml:2:19: routines[2]: no routine file routines/other.yaml",
        ],
    ),
    Case(
        "routine-id-not-file-name",
        {"routines/r.yaml": ROUTINE.replace("id: r", "id: back")},
        ["routines/r.yaml:1:5: id: 'back' must equal the file name 'r'"],
    ),
    Case("empty-file", {"book.yaml": ""}, ["book.yaml:1:1: file is empty"]),
    Case(
        "only-comments",
        {"techniques.yaml": "# to do\n\n   # later\n"},
        ["techniques.yaml:1:1: file is empty"],
    ),
    Case(
        "latin-1-bytes",
        {"book.yaml": "title: Book\nsubtitle: Café au lait\n".encode("latin-1")},
        ["book.yaml:2:14: file is not UTF-8 text (byte 0xe9); save it as UTF-8"],
    ),
    Case(
        "latin-1-after-utf-8-text",
        # The column counts characters: 'ü' is two bytes but one column.
        {"book.yaml": "title: Book\nsubtitle: Über \xe9\n".encode().replace(b"\xc3\xa9", b"\xe9")},
        ["book.yaml:2:16: file is not UTF-8 text (byte 0xe9); save it as UTF-8"],
    ),
    Case(
        "control-character",
        {"book.yaml": "title: Book\nsubtitle: a\x00b\n"},
        ["book.yaml:2:12: character U+0000 is not allowed in YAML text; remove it"],
    ),
    Case(
        "missing-techniques-file",
        {"techniques.yaml": None},
        ["techniques.yaml: file not found"],
    ),
    Case(
        "recursive-alias",
        {"book.yaml": "title: Book\nsafety: &loop [Careful., *loop]\n"},
        ["book.yaml:2:9: recursive alias: a node contains itself"],
    ),
    Case(
        "recursive-alias-root",
        {"book.yaml": "&root {title: Book, safety: *root}\n"},
        ["book.yaml:1:1: recursive alias: a node contains itself"],
    ),
    Case(
        "path-with-one-point",
        {"routines/r.yaml": ROUTINE + "        diagram:\n          - glide: {path: [neck]}\n"},
        [
            "routines/r.yaml:11:27: sections[0].steps[0].diagram[0].glide.path: "
            "a path needs at least two points, found 1"
        ],
    ),
    Case(
        "glide-to-itself",
        {
            "routines/r.yaml": ROUTINE
            + "        diagram:\n          - glide: {from: sacrum, to: sacrum}\n"
        },
        [
            "routines/r.yaml:11:39: sections[0].steps[0].diagram[0].glide.to: "
            "goes from sacrum to itself"
        ],
    ),
    Case(
        "point-off-the-map",
        {"routines/r.yaml": ROUTINE + "        diagram:\n          - press: {at: [1.5, 0.2]}\n"},
        [
            "routines/r.yaml:11:25: sections[0].steps[0].diagram[0].press.at: "
            "point [1.5, 0.2] is off the map: x and y go from 0 to 1"
        ],
    ),
    Case(
        "too-many-cues",
        {
            "routines/r.yaml": ROUTINE.replace(
                "          - Glide.\n", "".join(f"          - Cue {i}.\n" for i in range(9))
            )
        },
        ["routines/r.yaml:9:11: sections[0].steps[0].cues: allows at most 8 cues, found 9"],
    ),
    Case(
        "stroke-with-two-keys",
        {
            "routines/r.yaml": ROUTINE
            + "        diagram:\n          - {knead: {at: hip}, press: {at: hip}}\n"
        },
        [
            "routines/r.yaml:11:13: sections[0].steps[0].diagram[0]: a stroke is a mapping with "
            f"one key, its kind ({KINDS}); found 2 keys"
        ],
    ),
    Case(
        "stroke-body-is-a-list",
        {"routines/r.yaml": ROUTINE + "        diagram:\n          - glide: [neck, waist]\n"},
        [
            "routines/r.yaml:11:20: sections[0].steps[0].diagram[0].glide: "
            "expected a mapping {from, to} or {path}, found a list"
        ],
    ),
    # -- maximum lengths (content/validation.py: ID_MAX, NAME_MAX, LINE_MAX, PARAGRAPH_MAX) --
    Case(
        "title-too-long",
        {"book.yaml": "title: " + "T" * 161 + "\n"},
        ["book.yaml:1:8: title: is 161 characters long; at most 160 are allowed"],
    ),
    Case(
        "huge-title",
        {"book.yaml": "subtitle: Short\ntitle: " + "Lange Überschrift " * 300_000 + "\n"},
        ["book.yaml:2:8: title: is 5,399,999 characters long; at most 160 are allowed"],
    ),
    Case(
        "technique-id-too-long",
        {"techniques.yaml": TECHNIQUES.replace("id: knead", "id: " + "k" * 65)},
        ["techniques.yaml:9:9: techniques[1].id: is 65 characters long; at most 64 are allowed"],
    ),
    Case(
        "technique-name-too-long",
        {"techniques.yaml": TECHNIQUES.replace("name: Knead", "name: " + "N" * 200)},
        [
            "techniques.yaml:10:11: techniques[1].name: is 200 characters long; at most 160 are allowed"
        ],
    ),
    Case(
        "cue-too-long",
        {"routines/r.yaml": ROUTINE.replace("- Glide.", "- Glide " + "slowly " * 150)},
        [
            "routines/r.yaml:9:13: sections[0].steps[0].cues[0]: is 1,055 characters long; "
            "at most 1,000 are allowed"
        ],
    ),
    Case(
        "step-reference-too-long",
        {"routines/r.yaml": ROUTINE.replace("technique: glide", "technique: " + "g" * 70)},
        [
            "routines/r.yaml:7:20: sections[0].steps[0].technique: is 70 characters long; "
            "at most 64 are allowed"
        ],
    ),
    Case(
        "repeat-words-too-long",
        {"routines/r.yaml": ROUTINE.replace("technique: glide", "repeat: " + "again " * 40)},
        [
            "routines/r.yaml:7:17: sections[0].steps[0].repeat: is 239 characters long; "
            "at most 160 are allowed"
        ],
    ),
    Case(
        "paragraph-too-long",
        {
            "book.yaml": "title: Book\nfront_matter:\n  - heading: Hello\n    body:\n      - "
            + "Word " * 900
            + "\n"
        },
        [
            "book.yaml:5:9: front_matter[0].body[0]: is 4,499 characters long; "
            "at most 4,000 are allowed"
        ],
    ),
    Case(
        "bullet-too-long",
        {
            "book.yaml": "title: Book\nfront_matter:\n  - heading: Hello\n    body:\n"
            "      - bullets: [short, " + "b" * 1001 + "]\n"
        },
        [
            "book.yaml:5:26: front_matter[0].body[0].bullets[1]: is 1,001 characters long; "
            "at most 1,000 are allowed"
        ],
    ),
    Case(
        "safety-item-too-long",
        {"book.yaml": "title: Book\nsafety:\n  - " + "s" * 1100 + "\n"},
        ["book.yaml:3:5: safety[0]: is 1,100 characters long; at most 1,000 are allowed"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reports_exact_located_lines(tmp_path: Path, case: Case) -> None:
    assert_reports(write_folder(tmp_path, case.files), *case.lines)


def test_base_folder_is_valid(tmp_path: Path) -> None:
    """The starting point of every case above really is valid."""
    result = run_check(write_folder(tmp_path, {}))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 routine, 1 step, 2 techniques;")


def test_library_raises_the_same_problems(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"book.yaml": "subtitle: No title\n"})
    with pytest.raises(MassagePrintError) as caught:
        load_book(folder)
    [problem] = caught.value.problems
    assert problem.location is not None
    assert (problem.location.line, problem.location.col) == (1, 1)
    assert problem.message == "title: missing required key"


def test_missing_content_folder(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    result = run_check(folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [f"{folder}: content folder not found"]


def test_missing_routines_folder(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"routines/r.yaml": None})
    assert_reports(folder, "routines: routines folder not found")


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["title: Book", 'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * (width - level % 2))  # 9 or 10 aliases
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_and_small(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"book.yaml": billion_laughs()})
    tracemalloc.start()
    try:
        start = time.perf_counter()
        with pytest.raises(MassagePrintError) as caught:
            load_book(folder)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5, f"took {elapsed:.1f} s"  # a generous sanity bound, not a benchmark
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    [problem] = caught.value.problems
    assert "refusing to expand (alias bomb?)" in problem.message
    # Through the CLI: one located line, no traceback. lol0 is 8 nodes; the levels multiply
    # by 9, 10, 9, 10, 9: lol5 (line 7) is the first to pass 500,000 (592,210).
    assert_reports(
        folder,
        "book.yaml:7:7: aliases expand to more than 500,000 values; "
        "refusing to expand (alias bomb?)",
    )


def test_aliases_and_merge_keys_that_are_not_bombs_work(tmp_path: Path) -> None:
    routine = textwrap.dedent(
        """\
        id: r
        title: Routine
        sections:
          - title: Only
            steps:
              - &first
                title: Step one
                technique: glide
                cues: &cues [Glide., Again.]
              - <<: *first
                title: Step two
                cues: *cues
        """
    )
    book = load_book(write_folder(tmp_path, {"routines/r.yaml": routine}))
    steps = book.routines[0].steps
    assert [s.title for s in steps] == ["Step one", "Step two"]
    assert steps[1].technique is not None and steps[1].technique.id == "glide"
    assert steps[1].cues == ("Glide.", "Again.")


def test_markup_characters_load_literally(tmp_path: Path) -> None:
    book_yaml = textwrap.dedent(
        """\
        title: <b>Bold</b> & co
        subtitle: 2
        author: yes
        safety: ["Use oil & a towel <not> lotion", "**Stop** on _pain_"]
        """
    )
    folder = write_folder(tmp_path, {"book.yaml": book_yaml})
    result = run_check(folder)
    assert result.exit_code == 0, result.stderr
    book = load_book(folder)
    assert book.title == "<b>Bold</b> & co"
    assert book.subtitle == "2"
    assert book.author == "yes"
    assert book.safety[0] == "Use oil & a towel <not> lotion"
    assert to_paragraph(book.title) == "&lt;b&gt;Bold&lt;/b&gt; &amp; co"
    assert to_paragraph(book.safety[1]) == "<b>Stop</b> on <i>pain</i>"


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` starts in ``text``."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def test_every_problem_in_every_file_is_reported_sorted(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content", routines=2, steps=6, techniques=4)
    techniques = (folder / "techniques.yaml").read_text()
    techniques = techniques.replace("family: kneading", "family: knead", 1)
    (folder / "techniques.yaml").write_text(techniques)
    fam_line, fam_col = _line_of(techniques, "knead\n")

    routine1 = (folder / "routines" / "routine-1.yaml").read_text()
    routine1 = routine1.replace("stance: at-side", "stance: beside", 1)
    routine1 = routine1.replace("duration_minutes: 20", "duration_minutes: twenty")
    (folder / "routines" / "routine-1.yaml").write_text(routine1)
    dur_line, dur_col = _line_of(routine1, "twenty")
    st_line, st_col = _line_of(routine1, "beside")

    routine0 = folder / "routines" / "routine-0.yaml"
    routine0.write_text(routine0.read_text().replace("id: routine-0", "id: [routine-0"))

    book = (folder / "book.yaml").read_text() + "colour: blue\n"
    (folder / "book.yaml").write_text(book)
    key_line = book.count("\n")

    result = run_check(folder)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert lines[-1] == "5 problems found"
    located = [line.split(": ", 1)[0] for line in lines[:-1]]
    assert located == [
        f"{folder}/book.yaml:{key_line}:1",
        # The flow list opened on line 1 is never closed.
        f"{folder}/routines/routine-0.yaml:1:5",
        f"{folder}/routines/routine-1.yaml:{dur_line}:{dur_col}",
        f"{folder}/routines/routine-1.yaml:{st_line}:{st_col}",
        f"{folder}/techniques.yaml:{fam_line}:{fam_col}",
    ]
    assert "colour: unknown key" in lines[0]
    assert "the [ that starts here is never closed" in lines[1]
    assert "duration_minutes: expected a positive whole number, found 'twenty'" in lines[2]
    assert "unknown stance 'beside'" in lines[3]
    assert "unknown family 'knead' (did you mean 'kneading'?)" in lines[4]
