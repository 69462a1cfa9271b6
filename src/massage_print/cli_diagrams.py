"""``massage-print diagrams``."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import content_option, out_option, report_errors
from .writer import write_outputs


@click.command("diagrams")
@content_option
@out_option
@click.option(
    "--layout", default="diagrams", show_default=True, help="Layout name or file for the sheet."
)
@report_errors
def diagrams_command(content: Path, out: Path, layout: str) -> None:
    """Write diagrams.pdf: every technique's and step's stroke diagram, and the legend."""
    from .diagrams.sheet import build_diagrams
    from .validation import load_book

    result = build_diagrams(load_book(content), layout=layout)
    write_outputs({out / o.name: o.data for o in result.outputs})
    for message in result.messages:
        click.echo(message)
