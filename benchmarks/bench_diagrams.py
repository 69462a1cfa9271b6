"""Draw 1,000 stroke diagrams onto PDF pages and save them; target: under one second.

The drawing is repeated (``--runs``, default 7) after one untimed warm-up; the median and
the fastest run are reported, and the target is checked on the median.
Usage: python benchmarks/bench_diagrams.py [--runs 7] [--count 1000]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from reportlab.pdfgen.canvas import Canvas

from massage_print.content.model import Stroke
from massage_print.content.validation import load_book
from massage_print.diagrams import draw_diagram
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import DiagramsLayout
from massage_print.pdf.fonts import FontFamily, register_family
from massage_print.pdf.writer import DocInfo, canvas_options

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0


def draw_all(
    count: int,
    diagrams: list[tuple[tuple[Stroke, ...], str | None]],
    layout: DiagramsLayout,
    family: FontFamily,
) -> int:
    """Draw ``count`` diagrams, 20 a page, and save; return the PDF's size in bytes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=family.regular, **canvas_options(DocInfo("bench")))
    for i in range(count):
        strokes, stance = diagrams[i % len(diagrams)]
        col, row = i % 4, (i // 4) % 5
        draw_diagram(
            canvas, strokes, stance, 20 + col * 140, 20 + row * 160, 130, 150, layout.diagram
        )
        if i % 20 == 19:
            canvas.showPage()
    canvas.save()
    return len(buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs (median reported)")
    parser.add_argument("--count", type=int, default=1000, help="diagrams per run")
    args = parser.parse_args()
    layout = load_layout("diagrams", DiagramsLayout)
    family = register_family(layout.fonts)
    book = load_book(ROOT / "content")
    diagrams = [(tuple(t.diagram), None) for t in book.techniques if t.diagram]
    diagrams += [(tuple(s.diagram), s.stance) for r in book.routines for s in r.steps if s.diagram]
    size = draw_all(args.count, diagrams, layout, family)  # warm-up, not timed
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        draw_all(args.count, diagrams, layout, family)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    ok = median < TARGET_SECONDS
    print(
        f"{args.count} diagrams drawn and saved ({size / 1e6:.1f} MB PDF), {args.runs} runs: "
        f"median {median:.3f} s, fastest {min(times):.3f} s, slowest {max(times):.3f} s"
    )
    print(f"{'PASS' if ok else 'FAIL'}: median under {TARGET_SECONDS:g} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
