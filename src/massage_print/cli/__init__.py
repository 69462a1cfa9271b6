"""The ``massage-print`` command line: a thin layer over the library.

Commands parse options and call library functions. Library code raises
:class:`~massage_print.errors.MassagePrintError`; only this module turns it into messages on
stderr and exit code 1.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from .. import __version__
from .authoring import init_command, schema_command
from .booklet import booklet_command
from .cards import calibrate_command, cards_command
from .cheatsheet import cheatsheet_command
from .common import (
    content_option,
    echo,
    exit_on_failures,
    out_option,
    print_warnings,
    report_errors,
)
from .diagrams import diagrams_command
from .flashcards import anki_command, csv_command
from .impose import impose
from .watch import preview_command, watch_command


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
    from ..pipeline.check import check as run_check

    report = run_check(content, layouts)
    print_warnings(report.warnings)
    echo(report.summary)


@main.command()
@content_option
@out_option
@report_errors
def build(content: Path, out: Path) -> None:
    """Build every output (diagrams, booklet, cards, cheat sheets, Anki deck and CSV) and print a table of files.

    An output that cannot be made (a routine too long for its cheat sheet, ...) is reported
    with its cause after every other output is written, and the exit code is 1.
    """
    from ..pipeline.build import build_all

    result = build_all(content)
    print_warnings(result.warnings)
    from ..pdf.writer import write_outputs

    write_outputs({out / o.name: o.data for o in result.outputs})
    if result.outputs:
        width = max(len(o.name) for o in result.outputs)
        echo(f"{'file':<{width}}  {'pages':>5}  {'size':>9}")
        for o in result.outputs:
            echo(f"{o.name:<{width}}  {o.pages:>5}  {len(o.data) / 1024:>6.1f} KB")
        echo(f"written to {out}/")
    exit_on_failures(result)


@main.command()
@click.option(
    "--language",
    "language",
    default="en",
    show_default=True,
    metavar="CODE",
    help="Language whose built-in labels to print (English for one without a catalogue).",
)
@report_errors
def labels(language: str) -> None:
    """Print the tool's own words as a `labels:` block to paste into book.yaml and translate."""
    from ..errors import MassagePrintError
    from ..labels import check_language, labels_yaml

    found = check_language(language)
    if found.error or found.tag is None:
        raise MassagePrintError(f"--language: {found.error}")
    if found.warning:
        print_warnings([found.warning])
    echo(labels_yaml(found.tag), nl=False)


main.add_command(diagrams_command)
main.add_command(booklet_command)
main.add_command(cards_command)
main.add_command(calibrate_command)
main.add_command(impose)
main.add_command(cheatsheet_command)
main.add_command(schema_command)
main.add_command(init_command)
main.add_command(anki_command)
main.add_command(csv_command)
main.add_command(watch_command)
main.add_command(preview_command)


def run() -> NoReturn:
    """The console entry (``massage-print``, ``python -m massage_print``): the command, then
    the end of the process.

    Once the command has returned, its files are written and closed and its messages are
    flushed below; nothing is left for Python's shutdown to do but free every object the
    command made, one by one, which after a `build` took longer than some outputs take to
    render. The process ends without it (``os._exit``), with the command's exit code.
    """
    try:
        main()
        code = 0
    except SystemExit as stop:  # click ends every command this way
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)
