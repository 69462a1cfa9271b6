"""Draw 1,000 stroke diagrams onto PDF pages; target: under one second.
Usage: python benchmarks/bench_diagrams.py"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from reportlab.pdfgen.canvas import Canvas

from massage_print.content.validation import load_book
from massage_print.diagrams import draw_diagram
from massage_print.layout.loader import load_layout
from massage_print.layout.schema import DiagramsLayout
from massage_print.pdf.fonts import register_family
from massage_print.pdf.writer import DocInfo, canvas_options

ROOT = Path(__file__).resolve().parent.parent


def main(count: int = 1000) -> None:
    layout = load_layout("diagrams", DiagramsLayout)
    family = register_family(layout.fonts)
    book = load_book(ROOT / "content")
    diagrams = [(t.diagram, None) for t in book.techniques if t.diagram]
    diagrams += [(s.diagram, s.stance) for r in book.routines for s in r.steps if s.diagram]
    start = time.perf_counter()
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
    elapsed = time.perf_counter() - start
    size = len(buffer.getvalue())
    verdict = "ok" if elapsed < 1.0 else "SLOWER THAN TARGET"
    print(
        f"{count} diagrams drawn and saved in {elapsed:.3f} s ({size / 1e6:.1f} MB PDF): {verdict} (target < 1 s)"
    )


if __name__ == "__main__":
    main()
