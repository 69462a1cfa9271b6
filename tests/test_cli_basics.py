"""The command line as a whole: help everywhere, `check` on the shipped content, real processes."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import massage_print
from massage_print.cli import main
from massage_print.content.model import Book
from massage_print.layout.loader import builtin_layout_dir

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SRC = ROOT / "src"
LOCATED = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+):(?P<col>\d+): \S", re.M)


def command_roots() -> list[click.Command]:
    """`main`, and every click command defined in a `massage_print.cli.*` module.

    The second half catches commands written but not yet registered on `main`.
    """
    roots: list[click.Command] = [main]
    import massage_print.cli

    for info in pkgutil.iter_modules(massage_print.cli.__path__):
        module = importlib.import_module(f"massage_print.cli.{info.name}")
        roots.extend(v for v in vars(module).values() if isinstance(v, click.Command))
    return roots


def walk(command: click.Command, name: str) -> Iterator[tuple[str, click.Command]]:
    yield name, command
    if isinstance(command, click.Group):
        for sub_name, sub in sorted(command.commands.items()):
            yield from walk(sub, f"{name} {sub_name}")


def all_commands() -> list[tuple[str, click.Command]]:
    seen: dict[int, tuple[str, click.Command]] = {}
    for root in command_roots():
        for name, command in walk(root, "massage-print" if root is main else root.name or "?"):
            seen.setdefault(id(command), (name, command))
    return list(seen.values())


def test_the_walk_finds_commands_and_groups() -> None:
    names = {name for name, _ in all_commands()}
    assert {"massage-print", "massage-print check", "massage-print diagrams"} <= names
    groups = [c for _, c in all_commands() if isinstance(c, click.Group)]
    assert main in groups


@pytest.mark.parametrize(("name", "command"), [pytest.param(n, c, id=n) for n, c in all_commands()])
def test_every_command_and_option_has_help(name: str, command: click.Command) -> None:
    assert (command.help or command.short_help or "").strip(), f"{name} has no help text"
    ctx = click.Context(command, info_name=name)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help text"
    result = CliRunner().invoke(command, ["--help"], prog_name=name)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"massage-print, version {massage_print.__version__}"


def expected_summary(book: Book) -> str:
    layouts = len(list(builtin_layout_dir().glob("*.yaml")))
    return (
        f"ok: {len(book.routines)} routines, {book.step_count} steps, "
        f"{len(book.techniques)} techniques; {layouts} layouts checked"
    )


def test_shipped_content_has_the_expected_shape(shipped_book: Book) -> None:
    routines = {r.id: r for r in shipped_book.routines}
    assert len(routines) == 3
    assert len(routines["back"].steps) == 22
    assert [s.number for s in routines["back"].steps] == list(range(1, 23))
    assert len(shipped_book.techniques) >= 20
    assert shipped_book.step_count == sum(len(r.steps) for r in shipped_book.routines)


def test_check_on_shipped_content(
    shipped_book: Book, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./layouts: only the built-in ones are checked
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [expected_summary(shipped_book)]
    assert "Traceback" not in result.output


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SRC), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [sys.executable, "-m", "massage_print", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_check_in_a_real_process(shipped_book: Book, tmp_path: Path) -> None:
    proc = run_cli("check", "--content", str(CONTENT), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [expected_summary(shipped_book)]
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_bad_folder_in_a_real_process(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    (folder / "routines").mkdir(parents=True)
    (folder / "book.yaml").write_text("title: Book\nsubtitel: typo\n")
    (folder / "techniques.yaml").write_text("techniques: [oops\n")
    (folder / "routines" / "r.yaml").write_text("id: r\ntitle: R\nsections: []\n")
    proc = run_cli("check", "--content", str(folder), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    located = [m.group("path") for m in LOCATED.finditer(proc.stderr)]
    assert located == [
        f"{folder}/book.yaml",
        f"{folder}/routines/r.yaml",
        f"{folder}/techniques.yaml",
    ]
    assert proc.stderr.splitlines()[-1] == "3 problems found"


@pytest.mark.slow
def test_missing_folder_in_a_real_process(tmp_path: Path) -> None:
    proc = run_cli("check", "--content", str(tmp_path / "nothing"), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"{tmp_path / 'nothing'}: content folder not found"


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["chekc"])
    assert result.exit_code == 2
    assert "No such command" in result.output


@pytest.mark.slow
def test_build_in_a_real_process_ends_with_everything_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("build", "--content", str(CONTENT), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-1] == f"written to {out}/"
    listed = [line.split()[0] for line in lines[1:-1]]
    assert len(listed) == 10
    for name in listed:
        assert (out / name).stat().st_size > 0, name
    assert not list(out.glob(".*.tmp"))


def test_a_long_answer_reaches_a_pipe_whole(tmp_path: Path) -> None:
    proc = run_cli("labels", "--language", "de", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) > 5_000
    assert proc.stdout == CliRunner().invoke(main, ["labels", "--language", "de"]).stdout


def test_a_usage_error_in_a_real_process(tmp_path: Path) -> None:
    proc = run_cli("booklet", "--paper", "a3", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Usage:" in proc.stderr
    assert "'a3' is not one of" in proc.stderr


@pytest.mark.parametrize(
    ("stop", "code", "said"),
    [(None, 0, ""), (0, 0, ""), (1, 1, ""), (2, 2, ""), ("bad news", 1, "bad news\n")],
)
def test_run_ends_the_process_with_the_commands_code(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stop: int | str | None,
    code: int,
    said: str,
) -> None:
    import massage_print.cli as cli

    class Ended(Exception):
        pass

    def fake_main() -> None:
        print("answer")
        raise SystemExit(stop)

    def fake_exit(value: int) -> None:
        raise Ended(value)

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    with pytest.raises(Ended) as ended:
        cli.run()
    assert ended.value.args == (code,)
    captured = capsys.readouterr()
    assert captured.out == "answer\n"
    assert captured.err == said
