"""The ``massage-print`` command line: a thin layer over the library.

Commands parse options and call library functions. Library code raises
:class:`~massage_print.errors.MassagePrintError`; only this module turns it into messages on
stderr and exit code 1.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import MassagePrintError, Problem

F = TypeVar("F", bound=Callable[..., Any])


def report_errors(func: F) -> F:
    """Run a command body; print each problem of a MassagePrintError and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MassagePrintError as exc:
            for problem in exc.problems:
                click.echo(f"{problem}", err=True)
            count = len(exc.problems)
            if count > 1:
                click.echo(f"{count} problems found", err=True)
            raise SystemExit(1) from None

    return wrapper  # type: ignore[return-value]


def print_warnings(warnings: tuple[Problem, ...] | list[Problem] | list[str]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="massage-print")
def main() -> None:
    """Print massage-technique YAML as PDFs: booklet, cards, cheat sheets and diagrams."""


@main.command()
@content_option
@click.option(
    "--layouts",
    "layouts",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A folder of layout files to check as well (default: ./layouts if present).",
)
@report_errors
def check(content: Path, layouts: Path | None) -> None:
    """Validate the content and layouts; report every problem with its file:line:col."""
    from .checking import check as run_check

    report = run_check(content, layouts)
    print_warnings(report.warnings)
    click.echo(report.summary)


@main.command()
@content_option
@out_option
@report_errors
def build(content: Path, out: Path) -> None:
    """Build every output (diagrams, booklet, cards, cheat sheets) and print a table of files."""
    from .building import build_all

    result = build_all(content)
    print_warnings(result.warnings)
    from .writer import write_outputs

    write_outputs({out / o.name: o.data for o in result.outputs})
    width = max(len(o.name) for o in result.outputs)
    click.echo(f"{'file':<{width}}  {'pages':>5}  {'size':>9}")
    for o in result.outputs:
        click.echo(f"{o.name:<{width}}  {o.pages:>5}  {len(o.data) / 1024:>6.1f} KB")
    click.echo(f"written to {out}/")


def _register() -> None:
    from .cli_diagrams import diagrams_command
    from .cli_impose import impose

    main.add_command(diagrams_command)
    main.add_command(impose)


_register()
