"""Run a command in a child process and measure its wall time, CPU time and peak memory.

Peak memory is the largest resident set (max RSS) of the child or of any process it started
and waited for (a `build` worker), as the kernel reports it to ``wait4``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int


@dataclass(frozen=True)
class Sample:
    """One run of a command in a fresh process."""

    seconds: float
    """Wall time."""
    cpu: float
    """User + system CPU time of the process and the processes it waited for."""
    peak_mb: float
    returncode: int
    stderr: str


def sample(args: list[str]) -> Sample:
    """Run ``args`` once (output discarded, stderr kept) and measure it."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    # As on a normal install, compiled modules are cached (__pycache__), not compiled anew on
    # every run as under PYTHONDONTWRITEBYTECODE, which some shells and sandboxes set.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        text = errors.read().decode(errors="replace")
    return Sample(
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,  # KiB on Linux
        os.waitstatus_to_exitcode(status),
        text,
    )


def run(args: list[str], repeat: int = 3) -> Run:
    """Best wall time of ``repeat`` runs, and the largest peak RSS seen."""
    best = float("inf")
    peak = 0.0
    code = 0
    for _ in range(repeat):
        one = sample(args)
        if one.returncode != 0:
            sys.stderr.write(one.stderr)
        code = one.returncode
        best = min(best, one.seconds)
        peak = max(peak, one.peak_mb)
    return Run(best, peak, code)


def massage_print(*args: str) -> list[str]:
    return [sys.executable, "-m", "massage_print", *args]
