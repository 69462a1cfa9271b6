"""``massage-print diagrams``."""

from __future__ import annotations

from pathlib import Path

import click

from .common import content_option, finish_job, load_content, out_option, report_errors


@click.command("diagrams")
@content_option
@out_option
@click.option(
    "--layout", default="diagrams", show_default=True, help="Layout name or file for the sheet."
)
@report_errors
def diagrams_command(content: Path, out: Path, layout: str) -> None:
    """Write diagrams.pdf: every technique's and step's stroke diagram, and the legend."""
    from ..diagrams.sheet import build_diagrams

    result = build_diagrams(load_content(content), layout=layout)
    finish_job(result, out)
