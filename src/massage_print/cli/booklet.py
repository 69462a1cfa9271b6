"""``massage-print booklet``: the A5 step-by-step booklet and its imposed print file."""

from __future__ import annotations

from pathlib import Path

import click

from ..vocabulary import Paper, SaddleDuplex
from .common import (
    content_option,
    finish_job,
    load_content,
    out_option,
    paper_option,
    report_errors,
    saddle_options,
)


@click.command("booklet")
@content_option
@out_option
@click.option(
    "--layout",
    "layout",
    default="booklet",
    show_default=True,
    metavar="NAME",
    help="Booklet layout: a name (booklet = A5, booklet-halfletter = 5.5 × 8.5 in), "
    "./layouts/NAME.yaml, or a path to a layout file.",
)
@paper_option(
    "Sheet the print file is laid out on, two pages side by side. A5 pages on Letter "
    "are scaled to fit; use --layout booklet-halfletter to print Letter at 100 %."
)
@saddle_options
@click.option(
    "--guide/--no-guide",
    default=False,
    show_default=True,
    help="Add a last, one-sided sheet to the print file telling how to print, fold and staple.",
)
@report_errors
def booklet_command(
    content: Path,
    out: Path,
    layout: str,
    paper: Paper,
    duplex: SaddleDuplex,
    signature: int,
    creep_mm: float,
    marks: bool,
    guide: bool,
) -> None:
    """Write booklet.pdf (pages in reading order) and booklet-print.pdf (imposed sheets).

    A content error stops with every problem listed and leaves OUT untouched.
    """
    from ..booklet import build_booklet

    book = load_content(content)
    result = build_booklet(
        book,
        layout=layout,
        paper=paper,
        duplex=duplex,
        signature=signature,
        creep_mm=creep_mm,
        marks=marks,
        guide=guide,
    )
    finish_job(result, out, list_files=True)
