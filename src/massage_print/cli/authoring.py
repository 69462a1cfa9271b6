"""Commands for authors starting and editing a course: `init` and `schema`."""

from __future__ import annotations

from pathlib import Path

import click

from .common import report_errors


@click.command("schema")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".schema"),
    show_default=True,
    help="Folder the schema files are written to.",
)
@report_errors
def schema_command(out: Path) -> None:
    """Write JSON Schemas of book, techniques, routine and layout files for editors.

    An editor with YAML support (VS Code's YAML extension, for example) completes keys,
    shows what each one is for and marks mistakes while you type, when a file starts with
    `# yaml-language-server: $schema=<path to the .schema.json>`.
    """
    from ..pdf.writer import write_outputs
    from ..pipeline.schemas import schema_files

    files = schema_files()
    write_outputs({out / name: data for name, data in files.items()})
    for name in files:
        click.echo(f"wrote {out / name}")
