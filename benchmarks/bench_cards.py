"""Time the cards job on 500 cards, and impose the same cards.pdf with cardimpose.

Targets (issue): the deck and its sheets for 500 cards in under 3 s and under 150 MB, as the
whole `cards` command in a fresh process (start-up included); and, imposing the same
cards.pdf side by side with `cardimpose --mode singles --backside alternating` (PyPI:
`pip install cardimpose`; without it, or when a trial run of it fails, the comparison columns
are skipped with the reason printed and the other figures still count), massage-print is
faster and its print file no larger. Both imposers run as fresh processes; the in-process
split (render, plan, impose) is reported too.

Usage, from the repository root:  python benchmarks/bench_cards.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.measure import Run, run, sample  # noqa: E402
from tests.contentgen import write_content  # noqa: E402

from massage_print.cards import build_cards, build_deck  # noqa: E402
from massage_print.cards.job import impose_deck, plan_sheets  # noqa: E402
from massage_print.cards.render import render_deck  # noqa: E402
from massage_print.content.validation import load_book  # noqa: E402
from massage_print.layout.loader import load_layout  # noqa: E402
from massage_print.layout.schema import CardsLayout  # noqa: E402
from massage_print.pdf.fonts import register_family  # noqa: E402
from massage_print.pdf.writer import DocInfo  # noqa: E402

CARDS = 500
TARGET_SECONDS = 3.0
TARGET_MB = 150.0

CARDS_CLI = "from massage_print.cli.cards import cards_command; cards_command()"
IMPOSE_ONLY = """
import sys
from pathlib import Path
from massage_print.cards.job import impose_deck, plan_sheets
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import CardsLayout
from massage_print.pdf.writer import DocInfo
source, target = Path(sys.argv[1]), Path(sys.argv[2])
data = source.read_bytes()
layout = load_layout("cards", CardsLayout)
planned = plan_sheets(int(sys.argv[3]), layout, "a4", "long")
target.write_bytes(impose_deck(data, planned, layout, DocInfo(title="cards")))
"""


def timed(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(name: str, result: Run, size: int | None = None) -> str:
    text = f"  {name:<34} {result.seconds:6.2f} s  peak {result.peak_mb:5.0f} MB"
    if size is not None:
        text += f"  {size / 1024:7.0f} KB"
    return text + ("" if result.returncode == 0 else f"  (exit {result.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (best/median)")
    args = parser.parse_args()
    checks: list[tuple[str, bool | None]] = []
    with tempfile.TemporaryDirectory() as temp:
        tmp = Path(temp)
        # 100 technique cards and 4 routines of 100 steps: 500 cards, 1000 card pages.
        folder = write_content(tmp / "content", routines=4, steps=100, techniques=100, cues=4)
        book = load_book(folder)
        cards = build_deck(book)
        assert len(cards) == CARDS, len(cards)
        layout = load_layout("cards", CardsLayout)
        family = register_family(layout.fonts)
        build_cards(book)  # warm-up (fonts, imports) before the in-process timings
        info = DocInfo(title="bench")
        render = timed(lambda: render_deck(cards, layout, family, 0.0, info), args.runs)
        deck = render_deck(cards, layout, family, 0.0, info)
        plan = timed(lambda: plan_sheets(CARDS, layout, "a4", "long"), args.runs)
        planned = plan_sheets(CARDS, layout, "a4", "long")
        impose = timed(lambda: impose_deck(deck, planned, layout, info), args.runs)
        job = timed(lambda: build_cards(book), args.runs)
        print(f"{CARDS} cards ({2 * CARDS} pages), A4, duplex long; in-process medians:")
        print(f"  render cards.pdf    {render:.3f} s   ({len(deck) / 1024:.0f} KB)")
        print(f"  plan the sheets     {plan:.3f} s   ({planned.sheets} sheets)")
        print(f"  impose + marks      {impose:.3f} s")
        print(f"  whole job           {job:.3f} s")

        out = tmp / "build"
        command = [sys.executable, "-c", CARDS_CLI, "--content", str(folder), "--out", str(out)]
        cli = run(command, args.runs)
        print("fresh processes (best of runs; start-up included):")
        print(line("massage-print cards (deck + sheets)", cli))
        checks.append(
            (
                f"cards under {TARGET_SECONDS:g} s ({cli.seconds:.2f} s)",
                cli.seconds < TARGET_SECONDS,
            )
        )
        checks.append(
            (f"cards under {TARGET_MB:g} MB ({cli.peak_mb:.0f} MB)", cli.peak_mb < TARGET_MB)
        )

        source = out / "cards.pdf"
        ours_out = tmp / "ours.pdf"
        ours = run(
            [sys.executable, "-c", IMPOSE_ONLY, str(source), str(ours_out), str(CARDS)], args.runs
        )
        print(line("massage-print: impose cards.pdf", ours, ours_out.stat().st_size))
        tool = shutil.which("cardimpose")
        if tool is None:
            print("  cardimpose: not installed (pip install cardimpose): comparison skipped")
            checks.append(("comparison with cardimpose: not installed", None))
        else:
            theirs_out = tmp / "cardimpose.pdf"
            command = [
                tool,
                "--mode",
                "singles",
                "--backside",
                "alternating",
                str(source),
                "-o",
                str(theirs_out),
            ]
            failure = tool_failure(command, theirs_out)
            if failure is not None:
                # Only the comparison columns are skipped; our own figures above stand.
                print(f"  cardimpose FAILED: {failure}")
                print("  comparison with cardimpose skipped (its time and size are unknown)")
                checks.append((f"comparison with cardimpose: {failure}", None))
            else:
                theirs = run(command, args.runs)
                size = theirs_out.stat().st_size
                print(line("cardimpose --mode singles ...", theirs, size))
                ratio = ours.seconds / theirs.seconds if theirs.seconds else float("inf")
                checks.append((f"faster than cardimpose ({ratio:.2f} × its time)", ratio < 1))
                ours_size = ours_out.stat().st_size
                checks.append(
                    (
                        f"no larger than cardimpose ({ours_size / size:.2f} × its size)",
                        ours_size <= size,
                    )
                )
    failed = 0
    for text, ok in checks:
        print(f"{'SKIP' if ok is None else 'PASS' if ok else 'FAIL'}: {text}")
        failed += ok is False
    return 1 if failed else 0


def tool_failure(command: list[str], output: Path) -> str | None:
    """Why one trial run of a comparison tool failed (exit status, its message), or None."""
    output.unlink(missing_ok=True)
    trial = sample(command)
    if trial.returncode != 0:
        lines = [x for x in trial.stderr.strip().splitlines() if x.strip()]
        said = lines[-1] if lines else "no message"
        return f"exit {trial.returncode}: {said}"
    if not output.is_file() or output.stat().st_size == 0:
        return f"exit 0 but it wrote no {output.name}"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
