"""Time the cheat-sheet fitting (the size search) and the whole job.

Targets: fitting the shipped `back` routine under 0.3 s; fitting a generated 60-step routine
under 1 s. Sixty steps do not fit the built-in `cheatsheet` layout at its 7 pt floor, so the
60-step cases use a denser layout written here (`extends: cheatsheet`, type down to 6 pt,
smaller thumbnails, four columns): there the search runs down from 10 pt and finds a
size that fits, which is the path worth timing. The failing case (the built-in layout, which
raises the documented "does not fit" error) is timed too.
Each run starts from cold text measurements. A case whose outcome is not the expected one
(fits / does not fit) is a FAIL, as is one slower than its target.

Usage: python benchmarks/bench_cheatsheet.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tests.contentgen import write_content

from massage_print.cheatsheet import build_cheatsheets
from massage_print.cheatsheet.measure import ReportLabMetrics
from massage_print.cheatsheet.plan import Page, fit_sheet
from massage_print.content.model import Book
from massage_print.content.validation import load_book
from massage_print.errors import MassagePrintError
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CheatsheetLayout
from massage_print.layout.units import sheet_size
from massage_print.pdf.fonts import register_family

ROOT = Path(__file__).resolve().parent.parent
DENSE = "cheatsheet-dense"
DENSE_LAYOUT = """\
extends: cheatsheet
text:
  min_body_size: 6pt
thumbs:
  min_height: 6mm
columns:
  portrait: 4
"""


def timed(action: Callable[[], str], runs: int) -> tuple[float, float, str]:
    """Median and worst of ``runs`` runs, and what the last run said."""
    times = []
    said = ""
    for _ in range(runs):
        start = time.perf_counter()
        said = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), said


def fitter(
    book: Book, routine_id: str, orientation: str, layout_name: str = "cheatsheet"
) -> Callable[[], str]:
    layout = load_layout(layout_name, CheatsheetLayout)
    family = register_family(layout.fonts)
    width, height = sheet_size("a4", orientation == "landscape")
    columns = layout.columns.landscape if orientation == "landscape" else layout.columns.portrait
    page = Page(width, height, columns, "landscape" if orientation == "landscape" else "portrait")
    routine = book.routine(routine_id)

    def fit() -> str:
        metrics = ReportLabMetrics(
            family.regular, family.bold, family.italic, family.bold_italic, layout.diagram
        )
        try:
            plan = fit_sheet(book, routine, layout, page, metrics, "A4")
        except MassagePrintError:
            return "does not fit (error raised)"
        return f"fits at {plan.sizes.body:g} pt"

    return fit


def job(
    book: Book, routine_id: str, orientation: str, layout_name: str = "cheatsheet"
) -> Callable[[], str]:
    def run() -> str:
        try:
            result = build_cheatsheets(
                book, routine=routine_id, orientation=orientation, layout=layout_name
            )
        except MassagePrintError:
            return "does not fit (error raised)"
        if not result.outputs:  # the job reports a sheet it cannot make as a failure
            return "does not fit (failure reported)"
        return f"fits: {len(result.outputs[0].data) / 1024:.0f} KB"

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case")
    args = parser.parse_args()
    shipped = load_book(ROOT / "content")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        generated = load_book(write_content(Path(tmp) / "content", steps=60))
        (Path(tmp) / "layouts").mkdir()
        (Path(tmp) / "layouts" / f"{DENSE}.yaml").write_text(DENSE_LAYOUT, encoding="utf-8")
        os.chdir(tmp)  # `--layout NAME` looks in ./layouts first
        fits, fails = "fits", "does not fit"
        cases = [
            ("fit", "back (shipped)", fitter(shipped, "back", "portrait"), 0.3, fits),
            ("fit", "back landscape", fitter(shipped, "back", "landscape"), 0.3, fits),
            (
                "fit",
                "60 steps, dense",
                fitter(generated, "routine-0", "portrait", DENSE),
                1.0,
                fits,
            ),
            ("fit", "60 steps, built-in", fitter(generated, "routine-0", "portrait"), 1.0, fails),
            ("whole job", "back (shipped)", job(shipped, "back", "portrait"), None, fits),
            (
                "whole job",
                "60 steps, dense",
                job(generated, "routine-0", "portrait", DENSE),
                None,
                fits,
            ),
        ]
        print(f"{args.runs} runs per case; time from the size search's start to its answer")
        print(f"{'what':<10} {'routine':<19} {'median s':>9} {'worst s':>8} {'target':>7}  result")
        for what, label, action, target, expected in cases:
            median, worst, said = timed(action, args.runs)
            goal = f"{target:.1f}" if target else "-"
            ok = said.startswith(expected) and (target is None or worst < target)
            verdict = "PASS" if ok else "FAIL"
            if not said.startswith(expected):
                verdict += f" (expected: {expected})"
            elif target is not None and worst >= target:
                verdict += " (too slow)"
            failed += not ok
            print(f"{what:<10} {label:<19} {median:9.3f} {worst:8.3f} {goal:>7}  {said}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
