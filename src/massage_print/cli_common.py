"""Shared pieces of the command line: error reporting and common options."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
