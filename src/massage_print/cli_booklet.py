"""``massage-print booklet``: the A5 step-by-step booklet and its imposed print file."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import content_option, out_option, print_warnings, report_errors, saddle_options


def size_text(size: int) -> str:
    """A file size for people: 12 KB, 1.3 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


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
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Sheet the print file is laid out on, two pages side by side. A5 pages on Letter "
    "are scaled to fit; use --layout booklet-halfletter to print Letter at 100 %.",
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
    paper: str,
    duplex: str,
    signature: int,
    creep_mm: float,
    marks: bool,
    guide: bool,
) -> None:
    """Write booklet.pdf (pages in reading order) and booklet-print.pdf (imposed sheets).

    A content error stops with every problem listed and leaves OUT untouched.
    """
    from .booklet import build_booklet
    from .validation import load_book
    from .writer import write_outputs

    book = load_book(content)
    result = build_booklet(
        book,
        layout=layout,
        paper="letter" if paper.lower() == "letter" else "a4",
        duplex="long" if duplex.lower() == "long" else "short",
        signature=signature,
        creep_mm=creep_mm,
        marks=marks,
        guide=guide,
    )
    write_outputs({out / output.name: output.data for output in result.outputs})
    print_warnings(result.warnings)
    for output in result.outputs:
        click.echo(
            f"wrote {out / output.name}: {output.pages} pages, {size_text(len(output.data))}"
        )
    for message in result.messages:
        click.echo(message)
