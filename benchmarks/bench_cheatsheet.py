"""Time the cheat-sheet fitting (the size search) and the whole job.

Targets: fitting the shipped `back` routine under 0.3 s; fitting a generated 60-step routine
(whether it fits or fails) under 1 s. Each run starts from cold text measurements.
Usage: python benchmarks/bench_cheatsheet.py
"""

from __future__ import annotations

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
RUNS = 5


def timed(action: Callable[[], str]) -> tuple[float, float, str]:
    """Median and worst of RUNS runs, and what the last run said."""
    times = []
    said = ""
    for _ in range(RUNS):
        start = time.perf_counter()
        said = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), said


def fitter(book: Book, routine_id: str, orientation: str) -> Callable[[], str]:
    layout = load_layout("cheatsheet", CheatsheetLayout)
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


def job(book: Book, routine_id: str, orientation: str) -> Callable[[], str]:
    def run() -> str:
        try:
            result = build_cheatsheets(book, routine=routine_id, orientation=orientation)
        except MassagePrintError:
            return "does not fit (error raised)"
        return f"{len(result.outputs[0].data) / 1024:.0f} KB"

    return run


def main() -> None:
    shipped = load_book(ROOT / "content")
    with tempfile.TemporaryDirectory() as tmp:
        generated = load_book(write_content(Path(tmp) / "content", steps=60))
    cases = [
        ("fit", "back (shipped)", fitter(shipped, "back", "portrait"), 0.3),
        ("fit", "back landscape", fitter(shipped, "back", "landscape"), 0.3),
        ("fit", "60 steps", fitter(generated, "routine-0", "portrait"), 1.0),
        ("fit", "60 steps landsc.", fitter(generated, "routine-0", "landscape"), 1.0),
        ("whole job", "back (shipped)", job(shipped, "back", "portrait"), None),
        ("whole job", "60 steps landsc.", job(generated, "routine-0", "landscape"), None),
    ]
    print(f"{'what':<10} {'routine':<17} {'median s':>9} {'worst s':>8} {'target':>7}  result")
    for what, label, action, target in cases:
        median, worst, said = timed(action)
        goal = f"{target:.1f}" if target else "-"
        verdict = "" if target is None else ("  ok" if worst < target else "  TOO SLOW")
        print(f"{what:<10} {label:<17} {median:9.3f} {worst:8.3f} {goal:>7}  {said}{verdict}")


if __name__ == "__main__":
    main()
