"""``massage-print impose``: arrange an existing PDF's pages on sheets for printing."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import MassagePrintError


@click.group()
def impose() -> None:
    """Impose a PDF: arrange its pages on sheets of paper for printing and binding."""


@impose.command("saddle")
@click.argument("in_pdf", metavar="IN.pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out_pdf", metavar="OUT.pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Sheet of paper to print on, used in landscape with two pages side by side.",
)
@click.option(
    "--duplex",
    type=click.Choice(["short", "long"], case_sensitive=False),
    default="short",
    show_default=True,
    help="Edge your printer flips the sheet on for the back: 'long' turns every back 180°.",
)
@click.option(
    "--signature",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Sheets per signature (folded separately, then stacked); 0 folds all as one.",
)
@click.option(
    "--creep",
    "creep_mm",
    type=click.FloatRange(min=0.0),
    default=0.0,
    show_default=True,
    metavar="MM",
    help="Paper thickness in mm: inner sheets move toward the spine by this much each.",
)
@click.option(
    "--marks/--no-marks",
    default=False,
    show_default=True,
    help="Draw fold marks and a small 'sheet N of M' label on every side.",
)
def saddle(
    in_pdf: Path,
    out_pdf: Path,
    paper: str,
    duplex: str,
    signature: int,
    creep_mm: float,
    marks: bool,
) -> None:
    """Saddle-stitch IN.pdf into OUT.pdf: fold the printed sheets in half and staple.

    Pages are padded with blanks to a multiple of 4 and placed two per side, in the
    order that makes a booklet once the stack is folded.
    """
    from .imposition.saddle_job import impose_saddle

    try:
        result = impose_saddle(
            in_pdf,
            out_pdf,
            paper="letter" if paper.lower() == "letter" else "a4",
            duplex="long" if duplex.lower() == "long" else "short",
            signature=signature,
            creep_mm=creep_mm,
            marks=marks,
        )
    except MassagePrintError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.exceptions.Exit(1) from exc
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    sheet_word = "sheet" if result.sheets == 1 else "sheets"
    click.echo(f"wrote {out_pdf}: {result.sheets} {sheet_word}, {result.sides} sides")
    click.echo(result.how_to_print)
