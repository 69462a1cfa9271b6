"""`watch` and `preview`: see the pages while writing."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click

from ..errors import MassagePrintError
from .common import content_option, echo, out_option, print_problems, print_warnings, report_errors

only_option = click.option(
    "--only",
    "only",
    default=None,
    metavar="LIST",
    help="Comma-separated outputs to make: booklet, cards, cheatsheet, diagrams (default: all).",
)
dpi_option = click.option(
    "--dpi",
    type=click.IntRange(min=20, max=600),
    default=60,
    show_default=True,
    help="Resolution of the page pictures.",
)


@click.command("watch")
@content_option
@out_option
@only_option
@click.option(
    "--preview/--no-preview",
    default=False,
    show_default=True,
    help="Keep page pictures and contact sheets in OUT/preview/ current too.",
)
@dpi_option
@report_errors
def watch_command(content: Path, out: Path, only: str | None, preview: bool, dpi: int) -> None:
    """Build, then rebuild on every saved change to the content, layouts, maps or images.

    Only the outputs a change affects are rebuilt; each PDF is replaced in one step, so a
    viewer that reloads on change never sees half a file. A mistake is reported with its
    file:line:col and the last good PDFs are kept. Stop with Ctrl-C.
    """
    from ..pipeline.preview import write_previews
    from ..pipeline.watch import Round, WatchSession, Written, parse_only, watch_changes

    groups = parse_only(only)
    if not content.is_dir():
        raise MassagePrintError(f"{content}: content folder not found")
    session = WatchSession(content, out, groups)
    stop = threading.Event()

    def on_written(done: Written) -> None:
        echo(f"  {done.output.name}: {done.output.pages} pages ({done.seconds:.2f} s)")
        if preview:
            try:
                write_previews(done.path, out / "preview", dpi)
            except MassagePrintError as exc:
                print_problems(exc.problems)

    def report(result: Round) -> None:
        for path in result.removed:
            echo(f"  removed {path.name}: its routine is gone")
        print_warnings(result.warnings)
        if result.problems:
            print_problems(result.problems)
            echo("not rebuilt: the last good PDFs are kept; fix and save to try again")
        elif result.written:
            echo(f"built in {result.seconds:.2f} s")
        else:
            echo("nothing to rebuild")

    def interrupted(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        echo(f"building {', '.join(groups)} from {content} into {out}/")
        report(session.run(on_written, stop))
        layouts = Path("layouts")
        started = False
        for changes in watch_changes(content, out, layouts, stop):
            if not started:
                # The watcher runs now: catch up with saves made during the first build.
                changes = changes | session.stale()
                echo("watching for changes (Ctrl-C to stop)")
                started = True
            if not changes:
                continue
            session.changed(changes)
            names = ", ".join(sorted(p.name for p in changes)[:3])
            echo(f"changed: {names}{' ...' if len(changes) > 3 else ''}")
            report(session.run(on_written, stop))
    finally:
        signal.signal(signal.SIGINT, previous)
    echo("stopped")


@click.command("preview")
@content_option
@out_option
@only_option
@dpi_option
@report_errors
def preview_command(content: Path, out: Path, only: str | None, dpi: int) -> None:
    """Build the chosen outputs and picture every page: OUT/preview/<output>-<page>.png.

    Also writes one contact sheet per output (OUT/preview/<output>.png): all pages as
    labelled thumbnails, the booklet as spreads and cards with each front beside its back.
    """
    from ..pipeline.preview import write_previews
    from ..pipeline.watch import WatchSession, parse_only

    groups = parse_only(only)
    result = WatchSession(content, out, groups).run()
    print_warnings(result.warnings)
    if result.problems:
        raise MassagePrintError(result.problems)
    for done in result.written:
        written = write_previews(done.path, out / "preview", dpi)
        sheet = f"{done.path.stem}.png"  # the contact sheet, beside the page pictures
        echo(f"{done.output.name}: {len(written) - 1} page pictures and {sheet}")
    echo(f"written to {out / 'preview'}/")
