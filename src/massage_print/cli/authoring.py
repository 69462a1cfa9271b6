"""Commands for authors starting and editing a course: `init` and `schema`."""

from __future__ import annotations

from pathlib import Path

import click

from .common import echo, report_errors


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
    """Write JSON Schemas of book, techniques, routine, body map and layout files for editors.

    An editor with YAML support (VS Code's YAML extension, for example) completes keys,
    shows what each one is for and marks mistakes while you type, when a file starts with
    `# yaml-language-server: $schema=<path to the .schema.json>`.
    """
    from ..pdf.writer import write_outputs
    from ..pipeline.schemas import schema_files

    files = schema_files()
    write_outputs({out / name: data for name, data in files.items()})
    for name in files:
        echo(f"wrote {out / name}")


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--language",
    default="en",
    show_default=True,
    metavar="CODE",
    help="The language the course is written in (book.yaml's language:), e.g. de or pt-BR.",
)
@report_errors
def init_command(folder: Path, language: str) -> None:
    """Start a course in FOLDER: a small commented example to edit, with editor schemas.

    Writes book.yaml, techniques.yaml, one routine in routines/, a README for the author and
    .schema/ (for key completion in the editor), written in the --language (de, fr and es have
    their own starter; other languages get the English one). FOLDER must be new or empty.
    """
    from ..pipeline.init import init_course, language_note

    written = init_course(folder, language)
    echo(f"wrote {len(written)} files to {folder}/")
    note = language_note(language)
    if note:
        echo(f"note: {note}", err=True)
    echo(f"next: edit the YAML, then `massage-print watch --content {folder} --preview`")
