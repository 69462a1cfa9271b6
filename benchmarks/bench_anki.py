"""Time `anki` (and `csv`) on the shipped content against `cards` on the same content.

Target (issue 12): the Anki package in under 2× the time of the card deck and its sheets.
Both are timed in process, after start-up, from the loaded book (median of RUNS runs), and as
fresh processes of the whole command (start-up included, best of 3).
Usage, from the repository root:  python benchmarks/bench_anki.py
"""

from __future__ import annotations

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

from massage_print.cards import build_cards  # noqa: E402
from massage_print.content.validation import load_book  # noqa: E402
from massage_print.flashcards import build_anki, build_csv  # noqa: E402

RUNS = 5
TARGET_RATIO = 2.0
CONTENT = ROOT / "content"


def median(action: Callable[[], object]) -> float:
    action()  # warm: fonts registered, layouts cached by the OS
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    book = load_book(CONTENT)
    anki_s = median(lambda: build_anki(book, timestamp=1_700_000_000))
    csv_s = median(lambda: build_csv(book))
    cards_s = median(lambda: build_cards(book))
    size = len(build_anki(book, timestamp=1_700_000_000).outputs[0].data)
    notes = len(book.techniques) + book.step_count
    print(f"shipped content: {notes} notes / cards")
    print(
        f"in process: anki {anki_s:.3f} s ({size / 1024:.0f} KB), csv {csv_s:.3f} s, "
        f"cards {cards_s:.3f} s; anki / cards = {anki_s / cards_s:.2f} (target < {TARGET_RATIO})"
    )
    with tempfile.TemporaryDirectory() as out:
        python = sys.executable
        common = ["--content", str(CONTENT), "--out", out]
        anki_run = run([python, "-m", "massage_print", "anki", *common])
        cards_run = run([python, "-m", "massage_print", "cards", *common])
    print(
        f"fresh process: anki {anki_run.seconds:.2f} s, {anki_run.peak_mb:.0f} MB; "
        f"cards {cards_run.seconds:.2f} s, {cards_run.peak_mb:.0f} MB; "
        f"ratio {anki_run.seconds / cards_run.seconds:.2f}"
    )
    if anki_s / cards_s >= TARGET_RATIO or anki_run.seconds / cards_run.seconds >= TARGET_RATIO:
        raise SystemExit("anki is not under 2× the time of cards")


if __name__ == "__main__":
    main()
