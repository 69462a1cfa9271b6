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
@click.option(
    "--views",
    is_flag=True,
    help="Write views.pdf instead: every body view's map with its landmarks and stances "
    "labelled (the built-in views and the content folder's maps/).",
)
@report_errors
def diagrams_command(content: Path, out: Path, layout: str, views: bool) -> None:
    """Write diagrams.pdf: every technique's and step's stroke diagram, and the legend.

    With --views, views.pdf is in the book's language when the content folder has a
    book.yaml (English otherwise).
    """
    if views:
        from ..content.views import load_views
        from ..diagrams.views_sheet import build_views
        from ..errors import MassagePrintError, Problem

        if (content / "book.yaml").is_file():  # the book's views, in its language and words
            book = load_content(content)
            finish_job(build_views(book.views, labels=book.labels, layout=layout), out)
            return
        problems: list[Problem] = []
        found = load_views(content if content.is_dir() else None, problems)
        if problems:
            raise MassagePrintError(problems)
        finish_job(build_views([found[name] for name in sorted(found)], layout=layout), out)
        return
    from ..diagrams.sheet import build_diagrams

    result = build_diagrams(load_content(content), layout=layout)
    finish_job(result, out)
