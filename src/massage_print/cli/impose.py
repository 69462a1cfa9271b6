"""``massage-print impose``: arrange an existing PDF's pages on sheets for printing."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import MassagePrintError
from ..vocabulary import Paper, SaddleDuplex
from .common import echo, paper_option, saddle_options


@click.group()
def impose() -> None:
    """Impose a PDF: arrange its pages on sheets of paper for printing and binding."""


@impose.command("saddle")
@click.argument("in_pdf", metavar="IN.pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out_pdf", metavar="OUT.pdf", type=click.Path(dir_okay=False, path_type=Path))
@paper_option("Sheet of paper to print on, used in landscape with two pages side by side.")
@saddle_options
def saddle(
    in_pdf: Path,
    out_pdf: Path,
    paper: Paper,
    duplex: SaddleDuplex,
    signature: int,
    creep_mm: float,
    marks: bool,
) -> None:
    """Saddle-stitch IN.pdf into OUT.pdf: fold the printed sheets in half and staple.

    Pages are padded with blanks to a multiple of 4 and placed two per side, in the
    order that makes a booklet once the stack is folded.
    """
    from ..imposition.saddle_job import impose_saddle

    try:
        result = impose_saddle(
            in_pdf,
            out_pdf,
            paper=paper,
            duplex=duplex,
            signature=signature,
            creep_mm=creep_mm,
            marks=marks,
        )
    except MassagePrintError as exc:
        for problem in exc.problems:
            echo(f"error: {problem}", err=True)
        raise click.exceptions.Exit(1) from exc
    for warning in result.warnings:
        echo(f"warning: {warning}", err=True)
    sheet_word = "sheet" if result.sheets == 1 else "sheets"
    echo(f"wrote {out_pdf}: {result.sheets} {sheet_word}, {result.sides} sides")
    echo(result.how_to_print)
