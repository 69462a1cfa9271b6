"""``massage-print cheatsheet``."""

from __future__ import annotations

from pathlib import Path

import click

from ..vocabulary import ORIENTATIONS
from .common import (
    choice,
    content_option,
    finish_job,
    load_content,
    out_option,
    paper_option,
    report_errors,
)


@click.command("cheatsheet")
@content_option
@out_option
@click.option(
    "--routine",
    "routine",
    default=None,
    metavar="ID",
    help="Make the sheet of this routine only (default: one sheet per routine).",
)
@paper_option("Paper size of the sheet.")
@click.option(
    "--orientation",
    type=choice(ORIENTATIONS),
    default="portrait",
    show_default=True,
    help="Orientation of the sheet.",
)
@click.option(
    "--layout",
    default="cheatsheet",
    show_default=True,
    help="Layout name (./layouts/NAME.yaml, else built in) or a layout YAML file.",
)
@report_errors
def cheatsheet_command(
    content: Path, out: Path, routine: str | None, paper: str, orientation: str, layout: str
) -> None:
    """Write cheatsheet-<routine>.pdf: each routine on exactly one page, at the largest type that fits."""
    from ..cheatsheet import build_cheatsheets

    result = build_cheatsheets(
        load_content(content),
        routine=routine,
        paper=paper,
        orientation=orientation,
        layout=layout,
    )
    finish_job(result, out)
