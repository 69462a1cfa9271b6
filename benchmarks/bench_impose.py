"""Time `massage-print impose saddle` against `pdfimpose saddle` on the same 200-page A5 PDF.

Run from the repository root:  python benchmarks/bench_impose.py [--runs 5] [--pages 200]

Each tool runs as its own process; wall time, output size and the child's peak resident
memory (from os.wait4) are reported side by side. A tool that is not installed gets its
column skipped with a note (pdfimpose: `pip install pdfimpose`). Targets: massage-print
under half pdfimpose's wall time, output at most 1.05 × the input, peak memory < 80 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FONT = SRC / "massage_print" / "fonts" / "DejaVuSans.ttf"
LOREM = (
    "Effleurage: long gliding strokes with the whole palm, light pressure, toward the heart. "
    "Petrissage: kneading, lifting and squeezing the muscle away from the bone. "
)


@dataclass
class Run:
    wall: float
    peak_mb: float
    size: int


def make_input(path: Path, pages: int) -> None:
    """A booklet-like A5 PDF: a big page number and a few paragraphs per page."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1, initialFontName="DejaVuSans")
    width, height = A5
    for number in range(1, pages + 1):
        canvas.setFont("DejaVuSans", 48)
        canvas.drawCentredString(width / 2, height - 90, str(number))
        text = canvas.beginText(40, height - 140)
        text.setFont("DejaVuSans", 9)
        words = (LOREM * 6).split()
        line: list[str] = []
        for word in words[number % 7 :]:
            if canvas.stringWidth(" ".join([*line, word]), "DejaVuSans", 9) > width - 80:
                text.textLine(" ".join(line))
                line = []
            line.append(word)
        text.textLine(" ".join(line))
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; raises if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {errors.strip()}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def ours_command(source: Path, out: Path) -> list[str]:
    """`python -m massage_print impose saddle` once the CLI has it, else the impose group."""
    probe = subprocess.run(
        [sys.executable, "-m", "massage_print", "impose", "saddle", "--help"],
        env=child_env(),
        capture_output=True,
        check=False,
    )
    if probe.returncode == 0:
        return [sys.executable, "-m", "massage_print", "impose", "saddle", str(source), str(out)]
    code = "import sys; from massage_print.cli.impose import impose; impose(sys.argv[1:])"
    return [sys.executable, "-c", code, "saddle", str(source), str(out)]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")]))
    return env


def measure(name: str, command: list[str], out: Path, runs: int) -> list[Run]:
    results: list[Run] = []
    for _ in range(runs):
        out.unlink(missing_ok=True)
        wall, peak = run(command, child_env())
        results.append(Run(wall, peak, out.stat().st_size))
    shown = " ".join(command).replace(str(out.parent), "$TMP")
    print(f"{name}: {shown}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="pages in the generated PDF")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool (median shown)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-impose-") as folder:
        tmp = Path(folder)
        source = tmp / f"a5-{args.pages}.pdf"
        make_input(source, args.pages)
        input_size = source.stat().st_size
        print(f"input: {args.pages} A5 pages, {input_size:,} bytes; {args.runs} runs each")

        columns: dict[str, list[Run] | str] = {}
        ours_out = tmp / "massage-print.pdf"
        columns["massage-print"] = measure(
            "massage-print", ours_command(source, ours_out), ours_out, args.runs
        )
        tool = shutil.which("pdfimpose")
        if tool is None:
            columns["pdfimpose"] = "not installed (pip install pdfimpose): column skipped"
        else:
            theirs_out = tmp / "pdfimpose.pdf"
            command = [tool, "saddle", "--format", "A4", "-o", str(theirs_out), str(source)]
            columns["pdfimpose"] = measure("pdfimpose", command, theirs_out, args.runs)

    print()
    rows = [("", *columns)]
    medians: dict[str, Run] = {}
    for name, value in columns.items():
        if isinstance(value, list):
            medians[name] = Run(
                statistics.median(r.wall for r in value),
                max(r.peak_mb for r in value),
                value[-1].size,
            )

    def cell(name: str, what: str) -> str:
        value = columns[name]
        if isinstance(value, str):
            return "—"
        m = medians[name]
        return {
            "wall": f"{m.wall:.3f} s (best {min(r.wall for r in value):.3f})",
            "size": f"{m.size:,} B ({m.size / input_size:.3f} × input)",
            "peak": f"{m.peak_mb:.1f} MB",
        }[what]

    for label, what in (("wall time", "wall"), ("output size", "size"), ("peak memory", "peak")):
        rows.append((label, *(cell(name, what) for name in columns)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)))
    for name, value in columns.items():
        if isinstance(value, str):
            print(f"\n{name}: {value}")

    ours = medians["massage-print"]
    checks = [
        (f"output ≤ 1.05 × input ({ours.size / input_size:.3f})", ours.size <= 1.05 * input_size),
        (f"peak memory < 80 MB ({ours.peak_mb:.1f} MB)", ours.peak_mb < 80),
    ]
    if "pdfimpose" in medians:
        ratio = ours.wall / medians["pdfimpose"].wall
        checks.append((f"wall time < 0.5 × pdfimpose ({ratio:.2f} ×)", ratio < 0.5))
    print("\ntargets:")
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    return 1 if args.check and not all(ok for _, ok in checks) else 0


if __name__ == "__main__":
    raise SystemExit(main())
