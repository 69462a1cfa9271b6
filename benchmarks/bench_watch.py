"""Time `massage-print watch`: from saving a one-line edit of a step to the new booklet.pdf on
disk, for the shipped content (target: under 1 s). Usage: python benchmarks/bench_watch.py"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import ROOT

EDITS = 7


def wait_for(condition, timeout: float = 60.0, poll: float = 0.005) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("watch did not write the booklet in time")
        time.sleep(poll)
    return time.perf_counter()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        out = Path(tmp) / "out"
        booklet = out / "booklet.pdf"
        log = open(Path(tmp) / "log", "w")  # noqa: SIM115
        cmd = [
            sys.executable,
            "-m",
            "massage_print",
            "watch",
            "--content",
            str(content),
            "--out",
            str(out),
        ]
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
        try:
            wait_for(lambda: "watching" in (Path(tmp) / "log").read_text())
            routine = content / "routines" / "four-strokes.yaml"
            text = routine.read_text(encoding="utf-8")
            line = "          - Oil your hands."
            assert line in text
            times = []
            log_text = (Path(tmp) / "log").read_text
            for i in range(EDITS):
                # Let the previous round finish (every output) before the next edit.
                wait_for(lambda i=i: log_text().count("built in") == i + 1)
                time.sleep(0.5)
                before = booklet.stat().st_ino
                edited = text.replace(line, f"{line[:-1]}, round {i}.")
                saved = time.perf_counter()
                routine.write_text(edited, encoding="utf-8")
                done = wait_for(lambda b=before: booklet.exists() and booklet.stat().st_ino != b)
                times.append(done - saved)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
            log.close()
        leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        print(
            f"save → booklet.pdf on disk, shipped content, {EDITS} edits ({os.cpu_count()} cores):"
        )
        print(
            f"  median {statistics.median(times):.3f} s, best {min(times):.3f} s, worst {max(times):.3f} s"
        )
        print(
            f"  watcher exit code after SIGINT: {proc.returncode}; temp files left: {len(leftovers)}"
        )


if __name__ == "__main__":
    main()
