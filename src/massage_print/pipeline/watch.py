"""`watch`: rebuild the outputs a change affects, reusing everything else.

A :class:`WatchSession` keeps, between rounds, the parsed YAML of every file (reused while
its bytes stay the same) and, for every output, the part of the book it was built from. A
round reloads the book and rebuilds only the outputs whose part changed: after an edit to
one routine, that routine's cheat sheet is rebuilt and the others are kept. A change to
anything but the content YAML (layouts, maps, images, fonts) rebuilds everything. Each file
is written atomically by the one writer; the booklet is written as soon as it is rendered,
before its print file is imposed. An error is reported and the last good files are kept.

The session never prints; :func:`watch_changes` turns file events into sets of paths.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..booklet.job import build_booklet
from ..booklet.render import PageHint
from ..cards.job import build_cards
from ..cheatsheet.job import build_cheatsheets
from ..content.model import Book
from ..content.validation import load_book
from ..content.yamlfile import ParseCache
from ..diagrams.sheet import build_diagrams
from ..errors import MassagePrintError, Problem
from ..pdf.writer import write_outputs
from .jobs import JobResult, Output

INPUT_SUFFIXES = (".yaml", ".yml", ".png", ".jpg", ".jpeg", ".svg", ".ttf")
"""Files a change to which may change an output (content, layouts, maps, images, fonts);
others (an editor's or sed's temporary files) are ignored."""
GROUPS = ("booklet", "cards", "cheatsheet", "diagrams")
"""What ``--only`` chooses from, in the order a round builds them (the booklet first)."""


def parse_only(text: str | None) -> tuple[str, ...]:
    """``"booklet,cards"`` → ``("booklet", "cards")`` in build order; None or "" → every group."""
    if not text:
        return GROUPS
    chosen = [word.strip().lower() for word in text.split(",") if word.strip()]
    unknown = [word for word in chosen if word not in GROUPS]
    if unknown or not chosen:
        raise MassagePrintError(
            f"--only: unknown output '{unknown[0] if unknown else text}'; "
            f"choose from: {', '.join(GROUPS)}"
        )
    return tuple(g for g in GROUPS if g in chosen)


class StopFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class Written:
    """A file a round wrote, and when (seconds since the round started)."""

    output: Output
    path: Path
    seconds: float


@dataclass
class Round:
    """What one round did."""

    written: list[Written] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    """Files of outputs that are gone (a routine deleted or renamed: its cheat sheet)."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _trimmed(book: Book, **changes: Any) -> Book:
    """The book without the parts an output does not read (their changes do not rebuild it)."""
    return dataclasses.replace(
        book, front_matter=(), back_matter=(), sources=(), subtitle=None, edition=None, **changes
    )


@dataclass(frozen=True)
class _Job:
    key: str
    group: str
    inputs: Book
    build: Callable[[Callable[[Output], None]], JobResult]


def _jobs(book: Book, groups: tuple[str, ...], hints: dict[str, PageHint]) -> list[_Job]:
    """Every output job of a round, with the part of the book each one reads.

    The parts are checked by tests/test_watch.py: changing what a part leaves out does not
    change that output's bytes.
    """

    def booklet(early: Callable[[Output], None]) -> JobResult:
        def ready(output: Output, pages: PageHint) -> None:
            hints["booklet"] = pages
            early(output)

        return build_booklet(book, hint=hints.get("booklet"), on_booklet=ready)

    def sheet(rid: str) -> Callable[[Callable[[Output], None]], JobResult]:
        return lambda _early: build_cheatsheets(book, routine=rid)

    jobs: list[_Job] = []
    for group in groups:
        if group == "booklet":
            jobs.append(_Job("booklet", group, book, booklet))
        elif group == "cheatsheet":
            jobs.extend(
                _Job(f"cheatsheet-{r.id}", group, _trimmed(book, routines=(r,)), sheet(r.id))
                for r in book.routines
            )
        elif group == "cards":
            jobs.append(
                _Job("cards", group, _trimmed(book, safety=()), lambda _e: build_cards(book))
            )
        else:
            jobs.append(
                _Job("diagrams", group, _trimmed(book, safety=()), lambda _e: build_diagrams(book))
            )
    return jobs


class WatchSession:
    """Builds a content folder's outputs again and again, reusing what did not change."""

    def __init__(self, content: Path, out: Path, groups: tuple[str, ...] = GROUPS) -> None:
        self.content = content
        self.out = out
        self.groups = groups
        self.cache = ParseCache()
        self.built: dict[str, Book] = {}
        """For each output job, the part of the book its files on disk were built from."""
        self.files: dict[str, list[str]] = {}
        """The file names each output job wrote in this session."""
        self.stamps: dict[Path, tuple[int, int]] = {}
        """Every input file's (mtime, size) when the last round started."""
        self.hints: dict[str, PageHint] = {}
        """The booklet's page numbers from the last render (see ``build_booklet``)."""

    def changed(self, paths: Iterable[Path]) -> None:
        """Note changed files: anything but the content YAML rebuilds every output."""
        content = self.content.resolve()
        yaml_files = {content / "book.yaml", content / "techniques.yaml"}
        for path in paths:
            if path.suffix.lower() not in INPUT_SUFFIXES:
                continue
            resolved = path.resolve()
            is_routine = resolved.parent == content / "routines" and resolved.suffix == ".yaml"
            if resolved not in yaml_files and not is_routine:
                self.built.clear()
                return

    def _stamps(self) -> dict[Path, tuple[int, int]]:
        out = self.out.resolve()
        found: dict[Path, tuple[int, int]] = {}
        for path in sorted(self.content.resolve().rglob("*")):
            if path.suffix.lower() not in INPUT_SUFFIXES or out in path.parents:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def stale(self) -> set[Path]:
        """Input files added, changed or removed since the last round started.

        For the moment the watcher starts: a save during the first build is not lost.
        """
        now = self._stamps()
        return {p for p in now.keys() | self.stamps.keys() if now.get(p) != self.stamps.get(p)}

    def run(
        self,
        on_written: Callable[[Written], None] | None = None,
        stop: StopFlag | None = None,
    ) -> Round:
        """One round: reload, rebuild the outputs whose inputs changed, write each at once."""
        start = time.perf_counter()
        report = Round()
        self.stamps = self._stamps()
        try:
            book = load_book(self.content, self.cache)
        except MassagePrintError as exc:
            report.problems.extend(exc.problems)
            report.seconds = time.perf_counter() - start
            return report
        report.warnings.extend(book.warnings)  # the content's own: shown on every round

        def write(output: Output) -> None:
            path = self.out / output.name
            write_outputs({path: output.data})
            done = Written(output, path, time.perf_counter() - start)
            report.written.append(done)
            if on_written is not None:
                on_written(done)

        jobs = _jobs(book, self.groups, self.hints)
        for key in set(self.files) - {job.key for job in jobs}:
            for name in self.files.pop(key):
                gone = self.out / name
                if gone.is_file():
                    gone.unlink()
                    report.removed.append(gone)
            self.built.pop(key, None)
        for job in jobs:
            if stop is not None and stop.is_set():
                break
            if self.built.get(job.key) == job.inputs:
                report.reused.append(job.key)
                continue
            early: list[str] = []

            def first(output: Output, early: list[str] = early) -> None:
                write(output)
                early.append(output.name)

            try:
                result = job.build(first)
                for output in result.outputs:
                    if output.name not in early:
                        write(output)
            except MassagePrintError as exc:  # content that does not fit, a folder not writable
                report.problems.extend(exc.problems)
                self.built.pop(job.key, None)
                continue
            self.files[job.key] = [output.name for output in result.outputs]
            report.warnings.extend(w for w in result.warnings if w not in report.warnings)
            self.built[job.key] = job.inputs
        report.seconds = time.perf_counter() - start
        return report


def watch_changes(
    content: Path, out: Path, layouts: Path | None, stop: StopFlag
) -> Iterator[set[Path]]:
    """Sets of changed files under the content (and layouts) folder until ``stop`` is set.

    Also yields an empty set whenever nothing changed for a moment (the first one once the
    watcher is running).

    Ignores the output folder (it may sit inside the content folder), hidden files and
    folders (editors' and the writer's temporary files, ``.schema``).
    """
    import watchfiles

    roots = [content.resolve()]
    if layouts is not None and layouts.is_dir():
        roots.append(layouts.resolve())
    out_dir = out.resolve()

    def relevant(_change: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        if path == out_dir or out_dir in path.parents:
            return False
        root = next((r for r in roots if r == path or r in path.parents), None)
        inside = path.relative_to(root).parts if root is not None else path.parts
        if any(part.startswith(".") for part in inside):
            return False
        return path.suffix.lower() in INPUT_SUFFIXES

    for changes in watchfiles.watch(
        *roots,
        watch_filter=relevant,
        debounce=400,
        step=30,
        stop_event=stop,
        rust_timeout=200,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        yield {Path(name) for _change, name in changes}
