"""Run a command in a child process and measure its wall time and peak memory (max RSS)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int


def run(args: list[str], repeat: int = 3) -> Run:
    """Best wall time of ``repeat`` runs, and the largest peak RSS seen."""
    best = float("inf")
    peak = 0.0
    code = 0
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.stderr.write(proc.stderr.read().decode() if proc.stderr else "")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return Run(best, peak, code)


def massage_print(*args: str) -> list[str]:
    return [sys.executable, "-m", "massage_print", *args]
