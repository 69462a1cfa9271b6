"""Shared pieces of the command line: error reporting and common options."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from ..content.model import Book
from ..errors import MassagePrintError, Problem
from ..pipeline.jobs import JobResult
from ..vocabulary import PAPERS, SADDLE_DUPLEXES

F = TypeVar("F", bound=Callable[..., Any])


def choice(values: tuple[str, ...]) -> click.Choice[str]:
    """An option type taking one of a vocabulary's values (any case): every command rejects
    a value outside it the same way, with click's usage message and exit code 2."""
    return click.Choice(values, case_sensitive=False)


def paper_option(help_text: str) -> Callable[[F], F]:
    """``--paper``: one of :data:`~massage_print.vocabulary.PAPERS`, a4 by default."""
    return click.option(
        "--paper", type=choice(PAPERS), default="a4", show_default=True, help=help_text
    )


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on instead of showing: C0 and C1 controls (ESC, BEL, CR, ...),
DEL, and the bidirectional controls that reorder what follows. Tab and newline stay."""


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never obeyed."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def echo(message: object, *, err: bool = False, nl: bool = True) -> None:
    """Print a message, problem or summary with its control characters escaped.

    Every line the CLI prints goes through here: content, file names and PDF metadata can
    hold escape sequences that would otherwise retitle or clear the user's terminal.
    """
    click.echo(terminal_safe(str(message)), err=err, nl=nl)


def report_errors(func: F) -> F:
    """Run a command body; print each problem of a MassagePrintError and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MassagePrintError as exc:
            print_problems(exc.problems)
            raise SystemExit(1) from None

    return wrapper  # type: ignore[return-value]


SHOW_LINES_ENV = "MASSAGE_PRINT_SHOW_LINES"
"""``1`` quotes each located problem's line with a caret, ``0`` never; unset: when stderr is
a terminal."""
_QUOTE_WIDTH = 100


def show_lines() -> bool:
    setting = os.environ.get(SHOW_LINES_ENV, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return sys.stderr.isatty()


def print_problems(problems: Sequence[Problem]) -> None:
    """Print every problem on stderr (with its line and a caret on a terminal), then a count."""
    quote = show_lines()
    cache: dict[str, list[str] | None] = {}
    for problem in problems:
        echo(f"{problem}", err=True)
        if quote:
            for line in quoted_line(problem, cache):
                echo(line, err=True)
    if len(problems) > 1:
        echo(f"{len(problems)} problems found", err=True)


def quoted_line(problem: Problem, cache: dict[str, list[str] | None]) -> list[str]:
    """The problem's source line and a caret under its column (nothing if it has no line)."""
    where = problem.location
    if where is None or where.line < 1:
        return []
    if where.path not in cache:
        try:
            data = Path(where.path).read_bytes()[: 16 * 1024 * 1024]
            cache[where.path] = data.decode("utf-8", errors="replace").splitlines()
        except OSError:
            cache[where.path] = None
    lines = cache[where.path]
    if not lines or where.line > len(lines):
        return []
    text = lines[where.line - 1].replace("\t", " ")
    col = max(1, where.col)
    start = max(0, col - 1 - _QUOTE_WIDTH // 2) if len(text) > _QUOTE_WIDTH else 0
    shown = text[start : start + _QUOTE_WIDTH]
    shown = "".join(c if c.isprintable() else " " for c in shown)
    caret = " " * min(col - 1 - start, len(shown)) + "^"
    return [f"  {shown}", f"  {caret}"]


def size_text(size: int) -> str:
    """A file size for people: 12 KB, 1.3 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def finish_job(result: JobResult, out: Path, *, list_files: bool = False) -> None:
    """Write a job's outputs atomically, then print its warnings and closing messages.

    Outputs the job could not make are reported after the others are written (exit 1).
    """
    from ..pdf.writer import write_outputs  # ReportLab: not for commands that write no PDF

    write_outputs({out / o.name: o.data for o in result.outputs})
    print_warnings(result.warnings)
    if list_files:
        for o in result.outputs:
            echo(f"wrote {out / o.name}: {o.pages} pages, {size_text(len(o.data))}")
    for message in result.messages:
        echo(message)
    exit_on_failures(result)


def exit_on_failures(result: JobResult) -> None:
    """Print the outputs a job could not make, and why, then exit 1; nothing if it made all."""
    if result.failures:
        print_problems(result.failures)
        raise SystemExit(1)


def load_content(content: Path) -> Book:
    """Load and validate the content folder; print its warnings (once, here)."""
    from ..content.validation import load_book

    book = load_book(content)
    print_warnings(book.warnings)
    return book


def print_warnings(warnings: tuple[Problem, ...] | list[Problem] | list[str]) -> None:
    for warning in warnings:
        echo(str(warning), err=True)


content_option = click.option(
    "--content",
    "content",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="The content folder (book.yaml, techniques.yaml, routines/).",
)
out_option = click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Folder the PDFs are written to.",
)


_SADDLE_OPTIONS = (
    click.option(
        "--duplex",
        type=choice(SADDLE_DUPLEXES),
        default="short",
        show_default=True,
        help="Edge your printer flips the sheet on for the back: 'long' turns every back 180°.",
    ),
    click.option(
        "--signature",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        metavar="N",
        help="Sheets per signature (folded separately, then stacked); 0 folds all as one.",
    ),
    click.option(
        "--creep",
        "creep_mm",
        type=click.FloatRange(min=0.0),
        default=0.0,
        show_default=True,
        metavar="MM",
        help="Paper thickness in mm: inner sheets move toward the spine by this much each.",
    ),
    click.option(
        "--marks/--no-marks",
        default=False,
        show_default=True,
        help="Draw fold marks and a small 'sheet N of M' label on every side.",
    ),
)


def saddle_options(func: F) -> F:
    """The saddle-stitch imposition options shared by `booklet` and `impose saddle`."""
    for option in reversed(_SADDLE_OPTIONS):
        func = option(func)
    return func
