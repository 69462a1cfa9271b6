"""Time the booklet job: rendering booklet.pdf and imposing booklet-print.pdf.

Target: the shipped content renders and imposes in well under a second after start-up
(imports, font loading and one warm-up build are start-up); "well under" is taken as under
half a second (TARGET_SECONDS / 2), checked on the median of the runs and printed as
PASS or FAIL with the figure (exit status 1 on FAIL). Also reported: the split
between rendering and imposing, a generated 60-step booklet, file sizes (the print file
should be about the booklet's size), and the whole `booklet` command in a fresh process
(wall time and peak memory, start-up included).

Usage, from the repository root:  python benchmarks/bench_booklet.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.measure import run  # noqa: E402
from tests.contentgen import write_content  # noqa: E402

from massage_print.booklet import build_booklet, impose_booklet, render_booklet  # noqa: E402
from massage_print.booklet.job import doc_info  # noqa: E402
from massage_print.content.model import Book  # noqa: E402
from massage_print.content.validation import load_book  # noqa: E402
from massage_print.layout.loader import load_layout  # noqa: E402
from massage_print.layout.schema import BookletLayout  # noqa: E402

TARGET_SECONDS = 1.0


def timed(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and worst wall time of ``runs`` runs, and their median CPU time."""
    times = []
    cpu = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), max(times), statistics.median(cpu)


def report(name: str, book: Book, runs: int) -> tuple[float, float]:
    layout = load_layout("booklet", BookletLayout)
    result = build_booklet(book)  # warm-up: part of start-up
    booklet, printed = result.outputs
    render_median, render_worst, render_cpu = timed(lambda: render_booklet(book, layout), runs)
    info = doc_info(book, "benchmark")
    impose_median, impose_worst, impose_cpu = timed(
        lambda: impose_booklet(booklet.data, info, layout), runs
    )
    total_median, total_worst, total_cpu = timed(lambda: build_booklet(book), runs)
    print(f"{name}: {book.step_count} steps, {booklet.pages} pages, {printed.pages} sides")
    for what, median, worst, cpu in (
        ("render booklet.pdf", render_median, render_worst, render_cpu),
        ("render + impose (the job)", total_median, total_worst, total_cpu),
        ("impose booklet-print.pdf", impose_median, impose_worst, impose_cpu),
    ):
        print(f"  {what:<27} median {median:.3f} s  worst {worst:.3f} s  cpu {cpu:.3f} s")
    print(
        f"  sizes: booklet.pdf {len(booklet.data) / 1024:.0f} KB, booklet-print.pdf "
        f"{len(printed.data) / 1024:.0f} KB ({len(printed.data) / len(booklet.data):.2f} ×)"
    )
    return total_median, total_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    args = parser.parse_args()

    shipped, shipped_cpu = report("shipped content", load_book(ROOT / "content"), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_content(Path(tmp) / "content", routines=3, steps=20, techniques=12)
        report("generated, 3 × 20 steps", load_book(folder), args.runs)
        out = Path(tmp) / "build"
        # The command module itself, so this runs before `booklet` is registered in cli.py.
        command = "from massage_print.cli.booklet import booklet_command; booklet_command()"
        cli = run(
            [sys.executable, "-c", command, "--content", str(ROOT / "content"), "--out", str(out)]
        )
    print(
        f"`massage-print booklet` in a fresh process (start-up included): "
        f"{cli.seconds:.2f} s, peak {cli.peak_mb:.0f} MB, exit {cli.returncode}"
    )
    limit = TARGET_SECONDS / 2
    ok = shipped < limit
    print(
        f"{'PASS' if ok else 'FAIL'}: shipped booklet (render + impose, median of {args.runs}) "
        f"{shipped:.3f} s after start-up (cpu {shipped_cpu:.3f} s); target under {limit:g} s "
        f"(well under {TARGET_SECONDS:g} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
