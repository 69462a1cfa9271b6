"""``massage-print cards`` and ``massage-print calibrate``.

Options from a vocabulary (paper, deck, duplex) are ``click.Choice``s: a value outside it is a
usage error (exit code 2), as in every command. Free-form options (``--back-offset``,
``--bleed``) are parsed here and checked by the library, so a mistake there is one line on
stderr and exit code 1. Either way nothing in the output folder is replaced.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import click

from ..errors import MassagePrintError
from ..vocabulary import CALIBRATION_DUPLEXES, CARD_DUPLEXES, DECKS
from .common import (
    choice,
    content_option,
    finish_job,
    load_content,
    out_option,
    paper_option,
    report_errors,
)

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_OFFSET = re.compile(rf"\s*({_NUMBER})\s*(?:mm)?\s*,\s*({_NUMBER})\s*(?:mm)?\s*")
_BLEED = re.compile(rf"\s*({_NUMBER})\s*(?:mm)?\s*")


def parse_offset(text: str) -> tuple[float, float]:
    """``"1.5,-0.5"`` → (1.5, -0.5) millimetres."""
    match = _OFFSET.fullmatch(text)
    if not match:
        raise MassagePrintError(
            f"--back-offset: '{text}' is not X,Y in millimetres, such as 1.5,-0.5"
        )
    x, y = float(match.group(1)), float(match.group(2))
    if not (math.isfinite(x) and math.isfinite(y)):
        raise MassagePrintError(f"--back-offset: '{text}' is not two finite numbers")
    return x, y


def parse_bleed(text: str) -> float:
    match = _BLEED.fullmatch(text)
    if not match:
        raise MassagePrintError(f"--bleed: '{text}' is not a number of millimetres, such as 2")
    return float(match.group(1))


PAPER_HELP = "Sheet size to print on."
offset_option = click.option(
    "--back-offset",
    "back_offset",
    default="0,0",
    show_default=True,
    metavar="X,Y",
    help="Shift the back sheets by X mm to the right and Y mm up (as seen on the back), "
    "to correct the printer's duplex misregistration; measure it with `calibrate`.",
)


@click.command("cards")
@content_option
@out_option
@click.option(
    "--layout",
    default=None,
    help="Card layout name or file: cards (poker, 63 × 88 mm, the default), cards-a7, "
    "cards-index (3 × 5 in); with --stock, the stock's own (cards-business) unless given.",
)
@paper_option(PAPER_HELP)
@click.option(
    "--stock",
    default=None,
    metavar="NAME",
    help="Print on pre-cut card stock (its sheet, card size and slots; no crop marks), "
    "such as avery-5371; `--stock list` lists them.",
)
@click.option(
    "--deck",
    type=choice(DECKS),
    default="all",
    show_default=True,
    help="Which cards: techniques, steps or all.",
)
@click.option("--routine", default=None, help="Only the step cards of this routine (its id).")
@click.option(
    "--duplex",
    type=choice(CARD_DUPLEXES),
    default="long",
    show_default=True,
    help="long or short: two-sided, flipped on that edge; fold: one-sided, each front "
    "beside its back, folded; none: all fronts, then all backs, fed again by hand.",
)
@offset_option
@click.option(
    "--bleed",
    default="0",
    show_default=True,
    metavar="MM",
    help="Print this many millimetres beyond each card's trim edge (0 to 3 with the "
    "built-in layouts); sets each card page's TrimBox and BleedBox.",
)
@click.option("--cut-lines", is_flag=True, help="Draw light cut lines along the card edges too.")
@report_errors
def cards_command(
    content: Path,
    out: Path,
    layout: str | None,
    paper: str,
    stock: str | None,
    deck: str,
    routine: str | None,
    duplex: str,
    back_offset: str,
    bleed: str,
    cut_lines: bool,
) -> None:
    """Write cards.pdf (one card face per page) and cards-print.pdf (sheets to print and cut)."""
    from ..cards import build_cards
    from ..cards.job import stock_layouts

    if stock == "list":
        for name, found in stock_layouts().items():
            click.echo(f"{name:<16} {found.title}")
        return
    source = click.get_current_context().get_parameter_source("paper")
    if stock is not None and source is not click.core.ParameterSource.DEFAULT:
        raise MassagePrintError("--paper: the card stock sets the sheet; leave --paper out")
    offset = parse_offset(back_offset)
    bleed_mm = parse_bleed(bleed)
    result = build_cards(
        load_content(content),
        layout=layout,
        paper=paper,
        deck=deck,
        routine=routine,
        duplex=duplex,
        back_offset_mm=offset,
        bleed_mm=bleed_mm,
        cut_lines=cut_lines,
        stock=stock,
    )
    finish_job(result, out)


@click.command("calibrate")
@out_option
@paper_option(PAPER_HELP)
@click.option(
    "--duplex",
    type=choice(CALIBRATION_DUPLEXES),
    default="long",
    show_default=True,
    help="How you print cards: long or short (two-sided, flipped on that edge) or none "
    "(fed again by hand).",
)
@click.option(
    "--back-offset",
    "back_offset",
    default="0,0",
    show_default=True,
    metavar="X,Y",
    help="Print the back shifted by X mm to the right and Y mm up, to check a measured "
    "correction: both readings are then 0.",
)
@click.option(
    "--layout", default="cards", show_default=True, help="Layout name or file for the sheet."
)
@click.option(
    "--language",
    default="en",
    show_default=True,
    metavar="CODE",
    help="Language of the sheet's words (en, de, fr, es; others print in English).",
)
@report_errors
def calibrate_command(
    out: Path, paper: str, duplex: str, back_offset: str, layout: str, language: str
) -> None:
    """Write calibration.pdf: a two-sided test sheet to measure --back-offset for your printer."""
    from ..cards import build_calibration
    from ..errors import MassagePrintError
    from ..labels import check_language

    found = check_language(language)
    if found.error or found.tag is None:
        raise MassagePrintError(f"--language: {found.error}")
    offset = parse_offset(back_offset)
    result = build_calibration(
        paper, duplex, back_offset_mm=offset, layout=layout, language=found.tag
    )
    finish_job(result, out)
