"""`build`: every output from one content folder, rendered in memory before anything is written.

The jobs (diagrams, booklet, cards, cheat sheets, Anki package, CSV) are independent. When
more than one core is free (:func:`free_cores`), the booklet, the longest job, is rendered in
a forked worker process while this process renders the others; the results are then taken
in the fixed order below, so the files, warnings and messages are byte for byte those of a
serial build, and the outputs a job could not make (a routine too long for its cheat sheet,
...) are reported as failures while every other output is still made.

Each job imports its renderer only when it runs, so the worker and this process import
(ReportLab, pypdf, fonts) side by side instead of one after the other.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from ..content.model import Book
from ..content.validation import load_book
from ..errors import MassagePrintError, Problem
from .jobs import JobResult


def _diagrams(book: Book) -> JobResult:
    from ..diagrams.sheet import build_diagrams

    return build_diagrams(book)


def _booklet(book: Book) -> JobResult:
    from ..booklet.job import build_booklet

    return build_booklet(book)


def _cards(book: Book) -> JobResult:
    from ..cards.job import build_cards

    return build_cards(book)


def _cheatsheets(book: Book) -> JobResult:
    from ..cheatsheet.job import build_cheatsheets

    return build_cheatsheets(book)


def _anki(book: Book) -> JobResult:
    from ..flashcards.job import build_anki, content_timestamp

    folder = Path(book.where.path).parent if book.where is not None else Path(".")
    return build_anki(book, timestamp=content_timestamp(folder))


def _csv(book: Book) -> JobResult:
    from ..flashcards.job import build_csv

    return build_csv(book)


Job = Callable[[Book], JobResult]
JOBS: tuple[Job, ...] = (_diagrams, _booklet, _cards, _cheatsheets, _anki, _csv)
"""Every output job, in the order their files, warnings and messages are reported."""
OFFLOADED: frozenset[Job] = frozenset({_booklet})
"""The jobs a worker process runs when more than one core is free (the booklet, the longest
one, against all the others here)."""


def free_cores() -> int:
    """Cores free for this build: those it may run on (its CPU affinity, which containers and
    ``taskset`` set) less those other processes keep busy. A build lasts about a second, so
    what counts is the load now: the processes running at this moment (Linux's
    ``/proc/loadavg``), else the one-minute load average; either counts this process too.
    On a machine whose cores are all busy with other work, a second process would only
    compete for them."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        allowed = os.cpu_count() or 1
    running = running_now()
    if running is not None:
        others = max(0.0, running - 1.0)
    else:
        try:
            others = max(0.0, os.getloadavg()[0] - 1.0)
        except (AttributeError, OSError):
            others = 0.0
    return max(1, min(allowed, round(allowed - others)))


def running_now(loadavg: Path = Path("/proc/loadavg")) -> int | None:
    """How many processes (and threads) are running or ready to run right now, this one
    included; None where the system does not say."""
    try:
        fields = loadavg.read_text(encoding="ascii").split()
        return int(fields[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def _no_collections() -> Iterator[None]:
    """No cyclic garbage collection while building.

    Rendering allocates many objects that live for the whole build, and the collector would
    walk them again and again to find little: building without it took about 5 % less CPU
    time for 4 MB more at the peak (9 MB on ten times the content). Memory freed by reference
    counting, nearly all of it, is freed as before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_all(content: Path, *, parallel: bool | None = None) -> JobResult:
    """Every output of the content folder; ``parallel`` None means "if a second core is free"."""
    with _no_collections():
        book = load_book(content)
        if parallel is None:
            parallel = free_cores() > 1
        if parallel and hasattr(os, "fork"):
            results = _run_parallel(book)
        else:
            results = [_settle(job, book) for job in JOBS]
        return _merge(results, book)


def _settle(job: Job, book: Book) -> JobResult | BaseException:
    try:
        return job(book)
    except Exception as exc:  # re-raised by _merge, in job order
        return exc


def _run_parallel(book: Book) -> list[JobResult | BaseException]:
    """The offloaded jobs in a forked worker, the others here; results in job order.

    A plain ``fork`` (no process pool): the worker starts at once with the book and every
    module imported so far, sends its pickled results through a pipe and ends with
    ``os._exit``, skipping the interpreter's clean-up.
    """
    offloaded = [job for job in JOBS if job in OFFLOADED]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(read_end)
        _work(offloaded, book, write_end)
    os.close(write_end)
    here: dict[Job, JobResult | BaseException] = {
        job: _settle(job, book) for job in JOBS if job not in OFFLOADED
    }
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        results = pickle.loads(payload)
    except Exception:
        code = os.waitstatus_to_exitcode(status)
        raise RuntimeError(f"the build worker ended without its results (exit {code})") from None
    here.update(zip(offloaded, results, strict=True))
    return [here[job] for job in JOBS]


def _picklable(result: JobResult | BaseException) -> JobResult | BaseException:
    try:
        pickle.dumps(result)
        return result
    except Exception:
        text = (
            "".join(traceback.format_exception(result))
            if isinstance(result, BaseException)
            else repr(result)
        )
        return RuntimeError(f"in the build worker: {text}")


def _work(jobs: list[Job], book: Book, write_end: int) -> NoReturn:
    """The worker's side: run ``jobs``, send their results (or errors) and exit."""
    code = 0
    try:
        results = [_settle(job, book) for job in jobs]
        try:
            payload = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an error that does not pickle (a bug): sent as its traceback
            payload = pickle.dumps([_picklable(result) for result in results])
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


JOB_OUTPUTS: dict[Job, str] = {
    _diagrams: "diagrams.pdf",
    _booklet: "booklet.pdf and booklet-print.pdf",
    _cards: "cards.pdf and cards-print.pdf",
    _cheatsheets: "the cheat sheets",
    _anki: "the Anki deck",
    _csv: "the CSV deck",
}
"""What each job writes, for the message saying it was not written."""


def _outputs_of(job: Job) -> str:
    return JOB_OUTPUTS.get(job) or job.__name__.strip("_")


def _merge(results: list[JobResult | BaseException], book: Book) -> JobResult:
    """One result of every job; a job's user error becomes failures, the others still count.

    Anything but a MassagePrintError is a bug and raised as it is.
    """
    failures: list[Problem] = []
    for job, result in zip(JOBS, results, strict=True):
        if isinstance(result, MassagePrintError):
            failures.extend(
                Problem(p.location, f"{_outputs_of(job)} not written: {p.message}")
                for p in result.problems
            )
        elif isinstance(result, BaseException):
            raise result
    done = [r for r in results if isinstance(r, JobResult)]
    return JobResult(
        failures=(*failures, *(f for r in done for f in r.failures)),
        outputs=tuple(o for r in done for o in r.outputs),
        messages=tuple(m for r in done for m in r.messages),
        # Jobs sharing fonts find the same missing glyphs: each warning is printed once.
        warnings=tuple(dict.fromkeys((*book.warnings, *(w for r in done for w in r.warnings)))),
    )
