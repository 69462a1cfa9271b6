"""`build`: serial and parallel runs give the same files, messages, warnings and errors."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from pypdf import PdfReader

from massage_print.content.model import Book
from massage_print.errors import Location, MassagePrintError, Problem
from massage_print.pipeline import build
from massage_print.pipeline.jobs import JobResult, Output
from tests.contentgen import write_content


def _content(tmp_path: Path) -> Path:
    folder = write_content(tmp_path / "inhalt", routines=2, steps=6, techniques=5)
    book = folder / "book.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("title:", "title: Füße und Nacken —", 1),
        encoding="utf-8",
    )
    return folder


@pytest.mark.slow
def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    folder = _content(tmp_path)
    serial = build.build_all(folder, parallel=False)
    parallel = build.build_all(folder, parallel=True)
    assert [o.name for o in parallel.outputs] == [o.name for o in serial.outputs]
    for mine, theirs in zip(parallel.outputs, serial.outputs, strict=True):
        assert mine.data == theirs.data, mine.name
        assert mine.pages == theirs.pages
        if mine.name.endswith(".pdf"):
            assert mine.pages == len(PdfReader(io.BytesIO(mine.data)).pages)
    assert parallel.messages == serial.messages
    assert parallel.warnings == serial.warnings
    names = {o.name for o in serial.outputs}
    assert {"booklet.pdf", "booklet-print.pdf", "cards.pdf", "diagrams.pdf"} <= names


def _ok(name: str) -> build.Job:
    def job(book: Book) -> JobResult:
        return JobResult((Output(name, name.encode(), 1),), (f"made {name}",))

    return job


def _failing(name: str) -> build.Job:
    def job(book: Book) -> JobResult:
        raise MassagePrintError(
            [Problem(Location(f"{name}.yaml", 3, 7), "too long"), Problem(None, f"{name} failed")]
        )

    return job


@pytest.mark.parametrize("parallel", [False, True])
def test_errors_keep_their_locations_and_job_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    folder = _content(tmp_path)
    offloaded = _failing("second")  # runs in the worker when parallel
    jobs = (_ok("first"), offloaded, _failing("third"), _ok("fourth"))
    monkeypatch.setattr(build, "JOBS", jobs)
    monkeypatch.setattr(build, "OFFLOADED", frozenset({offloaded}))
    failed = build.build_all(folder, parallel=parallel)
    # Every other output is still made; the failures come in job order, still located.
    assert [o.name for o in failed.outputs] == ["first", "fourth"]
    assert [str(p) for p in failed.failures] == [
        "second.yaml:3:7: job not written: too long",
        "job not written: second failed",
        "third.yaml:3:7: job not written: too long",
        "job not written: third failed",
    ]
    monkeypatch.setattr(build, "JOBS", (_ok("first"), _ok("second"), _ok("third")))
    monkeypatch.setattr(build, "OFFLOADED", frozenset({build.JOBS[1]}))
    result = build.build_all(folder, parallel=parallel)
    assert [o.name for o in result.outputs] == ["first", "second", "third"]
    assert result.messages == ("made first", "made second", "made third")


def test_one_core_builds_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started on one core")

    monkeypatch.setattr(build, "free_cores", lambda: 1)
    monkeypatch.setattr(build.os, "fork", no_pool)
    monkeypatch.setattr(build, "JOBS", (_ok("a"), _ok("b")))
    assert [o.name for o in build.build_all(_content(tmp_path)).outputs] == ["a", "b"]


def test_several_offloaded_jobs_keep_job_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = (_ok("a"), _ok("b"), _failing("c"), _ok("d"), _ok("e"))
    monkeypatch.setattr(build, "JOBS", jobs)
    monkeypatch.setattr(build, "OFFLOADED", frozenset({jobs[1], jobs[2], jobs[4]}))
    result = build.build_all(_content(tmp_path), parallel=True)
    assert [o.name for o in result.outputs] == ["a", "b", "d", "e"]
    assert result.messages == ("made a", "made b", "made d", "made e")
    assert str(result.failures[0]) == "c.yaml:3:7: job not written: too long"


class _Unpicklable(Exception):
    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("cannot pickle this")


def test_a_worker_that_cannot_send_its_results_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unpicklable(book: Book) -> JobResult:
        raise _Unpicklable("a bug")

    def dies(book: Book) -> JobResult:
        import os

        os._exit(3)

    folder = _content(tmp_path)
    monkeypatch.setattr(build, "JOBS", (_ok("a"), unpicklable))
    monkeypatch.setattr(build, "OFFLOADED", frozenset({unpicklable}))
    with pytest.raises(RuntimeError, match="a bug"):  # a bug is raised, as in a serial build
        build.build_all(folder, parallel=True)
    monkeypatch.setattr(build, "JOBS", (_ok("a"), dies))
    monkeypatch.setattr(build, "OFFLOADED", frozenset({dies}))
    with pytest.raises(RuntimeError, match=r"without its results \(exit 3\)"):
        build.build_all(folder, parallel=True)


def test_errors_cross_process_boundaries_whole() -> None:
    error = MassagePrintError([Problem(Location("a.yaml", 2, 3), "bad"), Problem(None, "worse")])
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, MassagePrintError)
    assert copy.problems == error.problems
    assert str(copy) == str(error)


@pytest.mark.parametrize(
    ("cores", "load", "free"),
    [(4, 1.0, 4), (4, 3.2, 2), (4, 9.0, 1), (2, 1.3, 2), (2, 2.6, 1), (1, 0.0, 1)],
)
def test_free_cores_are_the_allowed_ones_less_the_load(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, free: int
) -> None:
    monkeypatch.setattr(build.os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(build.os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(build, "running_now", lambda: None)
    assert build.free_cores() == free


@pytest.mark.parametrize(
    ("cores", "running", "free"), [(2, 1, 2), (2, 2, 1), (4, 2, 3), (4, 9, 1), (1, 1, 1)]
)
def test_the_load_now_counts_where_the_system_says_it(
    monkeypatch: pytest.MonkeyPatch, cores: int, running: int, free: int
) -> None:
    monkeypatch.setattr(build.os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(build.os, "getloadavg", lambda: (9.0, 9.0, 9.0))  # not used
    monkeypatch.setattr(build, "running_now", lambda: running)
    assert build.free_cores() == free


def test_running_now_reads_the_kernels_count(tmp_path: Path) -> None:
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("4.41 4.40 3.59 6/111 2677\n")
    assert build.running_now(loadavg) == 6
    loadavg.write_text("garbage\n")
    assert build.running_now(loadavg) is None
    assert build.running_now(tmp_path / "missing") is None


def test_no_collections_while_building_and_restored_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[bool] = []

    def job(book: Book) -> JobResult:
        seen.append(gc.isenabled())
        return JobResult(())

    monkeypatch.setattr(build, "JOBS", (job,))
    assert gc.isenabled()
    build.build_all(_content(tmp_path), parallel=False)
    assert gc.isenabled()
    assert seen == [False]
    gc.disable()
    try:  # a caller that had turned it off keeps it off
        build.build_all(_content(tmp_path), parallel=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
