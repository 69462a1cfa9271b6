"""The speed targets of issue 9, as ratios measured in one run, and PASS/FAIL for each.

Every round runs, each as a fresh process: the bare import of reportlab, pypdf, yaml and
click (`python -c "import reportlab, pypdf, yaml, click"`), `massage-print check` and
`massage-print build` on the shipped content, and `check` and `build` on generated content
ten times larger (350 steps, 300 techniques). The order within a round rotates, so a change of load on a shared machine falls on
every command alike. Reported: the median wall time of each, its ratio to the median bare
import, and the median of the per-round ratios (the steadier figure when the load moves);
CPU time (user + system, a `build` worker included) and its ratio to the bare import's (on a
machine busy with other work the wall times stretch unevenly; CPU time shows the work done),
and peak memory (the largest process).

Targets: `check` ≤ 1.5 × the bare import; `build` ≤ 4 × the bare import, its peak memory
≤ 150 MB (shipped content; the 10 × figure is shown beside it); cost linear in content:
build(10 × content) − import ≤ 10 × (build − import).
A target passes when both its ratio of medians and its median per-round ratio meet it.

Usage, from the repository root:  python benchmarks/bench_speed.py [--runs 7]
Exit status 1 when a target fails (for CI, on a machine that is otherwise idle).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import ROOT, Sample, massage_print, sample
from tests.contentgen import write_content

CHECK_TARGET = 1.5
BUILD_TARGET = 4.0
PEAK_TARGET_MB = 150.0
LINEAR_FACTOR = 10.0

BARE = [sys.executable, "-c", "import reportlab, pypdf, yaml, click"]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds (each command once each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        tmp = Path(temp)
        # Ten times the shipped content (35 steps, 30 techniques): 350 steps, 300 techniques.
        big = write_content(tmp / "big", routines=14, steps=25, techniques=300, cues=4)
        commands: dict[str, list[str]] = {
            "bare import": BARE,
            "check": massage_print("check", "--content", str(ROOT / "content")),
            "build": massage_print(
                "build", "--content", str(ROOT / "content"), "--out", str(tmp / "a")
            ),
            "check 10x": massage_print("check", "--content", str(big)),
            "build 10x": massage_print("build", "--content", str(big), "--out", str(tmp / "b")),
        }
        # The floor: a fresh process importing every module a build of the shipped content
        # imports (ReportLab's platypus, pypdf, Pillow, genanki, this package ...), and nothing
        # else: no content read, no font loaded, nothing drawn.
        floor = tmp / "imports.py"
        floor.write_text(build_imports(ROOT / "content"), encoding="utf-8")
        commands["build imports"] = [sys.executable, str(floor)]
        names = list(commands)
        samples: dict[str, list[Sample]] = {name: [] for name in names}
        for name in names:  # warm the file cache; not counted
            sample(commands[name])
        for round_ in range(args.runs):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                one = sample(commands[name])
                if one.returncode != 0:
                    print(f"{name} failed (exit {one.returncode}):\n{one.stderr}", file=sys.stderr)
                    return 1
                samples[name].append(one)
    return report(samples, args.runs)


def build_imports(content: Path) -> str:
    """A script importing every module that a serial build of ``content`` leaves imported."""
    collect = (
        "import sys\n"
        "from pathlib import Path\n"
        "from massage_print.pipeline.build import build_all\n"
        f"build_all(Path({str(content)!r}), parallel=False)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if not m.startswith('__'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    modules = subprocess.run(
        [sys.executable, "-c", collect], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    lines = ["import importlib, sys", f"sys.path[:0] = [{str(ROOT / 'src')!r}]"]
    lines.append(f"for name in {modules!r}:")
    lines.append(
        "    try:\n        importlib.import_module(name)\n    except Exception:\n        pass"
    )
    return "\n".join(lines) + "\n"


def report(samples: dict[str, list[Sample]], runs: int) -> int:
    wall = {name: median([s.seconds for s in runs_]) for name, runs_ in samples.items()}
    cpu = {name: median([s.cpu for s in runs_]) for name, runs_ in samples.items()}
    peak = {name: max(s.peak_mb for s in runs_) for name, runs_ in samples.items()}
    bare = wall["bare import"]

    def per_round(name: str) -> float:
        pairs = zip(samples[name], samples["bare import"], strict=True)
        return median([s.seconds / b.seconds for s, b in pairs])

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{runs} rounds; {cores} cores allowed to this process; load average {load}")
    print(
        f"{'command':<12} {'wall s':>8} {'min s':>7} {'cpu s':>7} {'peak MB':>8} {'× import':>9} {'× (rounds)':>11}"
    )
    for name, runs_ in samples.items():
        fastest = min(s.seconds for s in runs_)
        ratio = wall[name] / bare
        rounds = per_round(name) if name != "bare import" else 1.0
        print(
            f"{name:<12} {wall[name]:8.3f} {fastest:7.3f} {cpu[name]:7.3f} {peak[name]:8.1f} "
            f"{ratio:9.2f} {rounds:11.2f} {cpu[name] / cpu['bare import']:13.2f}"
        )

    checks: list[tuple[str, bool]] = []

    def ratio_check(name: str, target: float) -> None:
        of_medians, rounds = wall[name] / bare, per_round(name)
        checks.append(
            (
                f"{name} ≤ {target:g} × bare import: {of_medians:.2f} × (per round {rounds:.2f} ×)",
                of_medians <= target and rounds <= target,
            )
        )

    print(
        f"(the imports alone of a build are {wall['build imports'] / bare:.2f} × the bare import:"
        " the least any build can take)"
    )
    ratio_check("check", CHECK_TARGET)
    ratio_check("build", BUILD_TARGET)
    top = peak["build"]
    checks.append(
        (
            f"build peak memory ≤ {PEAK_TARGET_MB:g} MB: {top:.0f} MB "
            f"(10 × content, not a target: {peak['build 10x']:.0f} MB)",
            top <= PEAK_TARGET_MB,
        )
    )
    after: Callable[[str], float] = lambda name: wall[name] - bare  # noqa: E731
    growth = after("build 10x") / after("build")
    checks.append(
        (
            f"build cost linear: 10 × content costs {growth:.1f} × after start-up "
            f"(≤ {LINEAR_FACTOR:g})",
            growth <= LINEAR_FACTOR,
        )
    )
    failed = 0
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
