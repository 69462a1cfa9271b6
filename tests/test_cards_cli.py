"""`massage-print cards` and `massage-print calibrate` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.cli.cards import calibrate_command, cards_command, parse_offset
from massage_print.errors import MassagePrintError
from tests.contentgen import write_content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("cli") / "content", steps=6, techniques=5)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cards_command, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cards_writes_both_pdfs_and_says_how_to_print(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    code, stdout, stderr = run("--content", str(content), "--out", str(out))
    assert code == 0, stderr
    assert (out / "cards.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "cards-print.pdf").read_bytes().startswith(b"%PDF")
    assert "11 cards of 63 × 88 mm (22 pages)" in stdout
    assert "2 sheets of A4 (two-sided, 4 pages), 9 cards per sheet" in stdout
    assert "two-sided, flipped on the long edge, at 100 % (actual size" in stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--duplex", "fold"), "fold each sheet on the dashed line"),
        (("--duplex", "none"), "2 sheets of A4 (all fronts, then all backs, 4 pages)"),
        (("--duplex", "short", "--paper", "letter"), "flipped on the short edge"),
        (("--back-offset=-1.5,0.5",), "backs shifted by -1.5 mm across and 0.5 mm up"),
        (("--back-offset", "-1.5mm, 0.5mm"), "backs shifted by -1.5 mm across"),
        (("--layout", "cards-a7", "--deck", "techniques"), "5 cards of 74 × 105 mm"),
        (("--layout", "cards-index", "--routine", "routine-0"), "76.2 × 127 mm"),
        (("--bleed", "2", "--cut-lines"), "11 cards"),
    ],
)
def test_cards_options(content: Path, tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    code, stdout, stderr = run("--content", str(content), "--out", str(tmp_path), *args)
    assert code == 0, stderr
    assert expected in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--back-offset", "1;2"), "--back-offset: '1;2' is not X,Y in millimetres"),
        (("--back-offset", "abc"), "--back-offset: 'abc' is not X,Y in millimetres"),
        (("--back-offset", "14,0"), "pushes cards off the sheet"),
        (("--bleed", "5"), "bleed must be 0 to 3 mm, not 5 mm"),
        (("--bleed", "lots"), "--bleed: 'lots' is not a number of millimetres"),
        (("--routine", "nope"), "unknown routine 'nope'"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_nothing_replaced(
    content: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "build"
    out.mkdir()
    for name in ("cards.pdf", "cards-print.pdf"):
        (out / name).write_bytes(b"old")
    code, stdout, stderr = run("--content", str(content), "--out", str(out), *args)
    assert code == 1
    assert stderr.count("\n") == 1 and message in stderr
    assert stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["cards-print.pdf", "cards.pdf"]
    assert all((out / name).read_bytes() == b"old" for name in ("cards.pdf", "cards-print.pdf"))


def test_card_larger_than_sheet_from_the_cli(content: Path, tmp_path: Path) -> None:
    layout = tmp_path / "big.yaml"
    layout.write_text("extends: cards\ncard: [8in, 11in]\n", encoding="utf-8")
    code, _, stderr = run(
        "--content", str(content), "--out", str(tmp_path / "b"), "--layout", str(layout)
    )
    assert code == 1 and stderr.count("\n") == 1 and "does not fit on a" in stderr
    assert not (tmp_path / "b").exists()


def test_calibrate(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        calibrate_command, ["--out", str(tmp_path), "--paper", "letter", "--duplex", "short"]
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "calibration.pdf").read_bytes().startswith(b"%PDF")
    assert "flipped on the short edge" in result.stdout
    assert "--back-offset X,Y" in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--back-offset", "x"), 1), (("--duplex", "fold"), 2), (("--paper", "a3"), 2)],
)
def test_calibrate_errors(tmp_path: Path, args: tuple[str, ...], code: int) -> None:
    """A malformed offset is the library's error (exit 1); a word outside the vocabulary
    (a folded sheet has no back to measure) is a usage error (exit 2)."""
    result = CliRunner().invoke(calibrate_command, ["--out", str(tmp_path / "c"), *args])
    assert result.exit_code == code
    assert "Error: Invalid value" in result.stderr if code == 2 else result.stderr.count("\n") == 1
    assert not (tmp_path / "c").exists()


def test_every_option_has_help() -> None:
    for command in (cards_command, calibrate_command):
        for param in command.params:
            assert getattr(param, "help", None), param.name


def test_parse_offset() -> None:
    assert parse_offset("1.5,-0.5") == (1.5, -0.5)
    assert parse_offset(" -2 , +.5 ") == (-2.0, 0.5)
    assert parse_offset("0.5mm,1mm") == (0.5, 1.0)
    for bad in ("1", "1,2,3", "1,,2", "inf,0", "", "1e3,0"):
        with pytest.raises(MassagePrintError):
            parse_offset(bad)
