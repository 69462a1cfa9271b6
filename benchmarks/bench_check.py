"""Time `massage-print check` (and the full build) on the shipped content and on content
ten times larger. Usage: python benchmarks/bench_check.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import ROOT, massage_print, run
from tests.contentgen import write_content


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = write_content(Path(tmp) / "big", routines=14, steps=25, techniques=300, cues=4)
        out = Path(tmp) / "out"
        cases = [("shipped", ROOT / "content"), ("10x generated", big)]
        print(f"{'job':<10} {'content':<14} {'wall s':>8} {'peak MB':>8}")
        for label, folder in cases:
            for job, args in (
                ("check", ["check", "--content", str(folder)]),
                ("build", ["build", "--content", str(folder), "--out", str(out)]),
            ):
                result = run(massage_print(*args))
                status = "" if result.returncode == 0 else f"  (exit {result.returncode})"
                print(f"{job:<10} {label:<14} {result.seconds:8.3f} {result.peak_mb:8.1f}{status}")


if __name__ == "__main__":
    main()
