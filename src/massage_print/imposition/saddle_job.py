"""Saddle-stitch a PDF file: read it, plan, apply, and say how to print the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MassagePrintError
from ..pdf.pypdf_io import (
    Reader,
    Source,
    apply_plan,
    document_info,
    dropped_features,
    page_sizes,
    read_pdf,
)
from ..pdf.writer import DocInfo, write_outputs
from ..vocabulary import PAPER_WORDS, Paper, SaddleDuplex
from .marks import render_marks
from .saddle import (
    DOC,
    MARKS,
    SaddleOptions,
    SaddleResult,
    plan_saddle,
)


@dataclass(frozen=True)
class SaddleJobResult:
    data: bytes
    """The imposed PDF."""
    sheets: int
    """Sheets of paper (each printed on both sides)."""
    sides: int
    """Pages in the imposed PDF: two per sheet."""
    warnings: tuple[str, ...]
    how_to_print: str


def prepare_saddle(
    reader: Reader, name: str, options: SaddleOptions
) -> tuple[SaddleResult, dict[str, Source]]:
    """Plan the saddle imposition of an open PDF and gather the sources the plan places."""
    planned = plan_saddle(page_sizes(reader, name), options)
    sources: dict[str, Source] = {DOC: reader}
    if options.marks:
        sources[MARKS] = render_marks(planned.marks, DocInfo(title="marks"))
    return planned, sources


def impose_saddle(
    in_path: str | Path,
    out_path: str | Path | None = None,
    *,
    paper: Paper = "a4",
    duplex: SaddleDuplex = "short",
    signature: int = 0,
    creep_mm: float = 0.0,
    marks: bool = False,
) -> SaddleJobResult:
    """Impose ``in_path`` for saddle stitching; also write it to ``out_path`` when given.

    See :class:`~massage_print.imposition.saddle.SaddleOptions` for the options.
    """
    name = str(in_path)
    if out_path is not None and _same_file(Path(in_path), Path(out_path)):
        raise MassagePrintError.at(
            str(out_path), f"is the input file {name}: choose another name for the output"
        )
    try:
        data = Path(in_path).read_bytes()
    except OSError as exc:
        raise MassagePrintError.at(name, f"cannot read: {exc.strerror or exc}") from exc
    notes: list[str] = []
    reader = read_pdf(data, name, notes)
    options = SaddleOptions(paper, duplex, signature, creep_mm, marks)
    planned, sources = prepare_saddle(reader, name, options)
    title, author = document_info(reader)
    info = DocInfo(
        title=title or Path(in_path).stem,
        author=author,
        subject=f"{title or Path(in_path).stem}, imposed for saddle stitching",
    )
    output = apply_plan(planned.plan, sources, info, duplex=duplex)
    if out_path is not None:
        write_outputs({Path(out_path): output})
    repairs = tuple(f"{name}: {note}" for note in dict.fromkeys(notes))
    links, outlines = dropped_features(reader)
    dropped = [
        f"{count} {noun}{'' if count == 1 else 's'}"
        for count, noun in ((links, "link"), (outlines, "bookmark"))
        if count
    ]
    if dropped:
        repairs += (
            f"{name}: {' and '.join(dropped)} left out: imposed sheets cannot keep them "
            "(form fields and other printable annotations are printed into the pages)",
        )
    sheets = len(planned.plan.sheets) // 2
    return SaddleJobResult(
        data=output,
        sheets=sheets,
        sides=len(planned.plan.sheets),
        warnings=repairs + planned.warnings,
        how_to_print=how_to_print(planned, options, str(out_path) if out_path else None),
    )


def _same_file(source: Path, target: Path) -> bool:
    """Whether writing ``target`` would replace ``source`` (symlinks, ./ and hard links too)."""
    try:
        return target.exists() and source.exists() and source.samefile(target)
    except OSError:
        return source.resolve() == target.resolve()


def _ranges(sizes: tuple[int, ...]) -> str:
    parts: list[str] = []
    first = 1
    for size in sizes:
        last = first + size - 1
        parts.append(f"{first}–{last}" if size > 1 else f"{first}")
        first = last + 1
    return ", ".join(parts)


def how_to_print(planned: SaddleResult, options: SaddleOptions, name: str | None = None) -> str:
    """Step-by-step printing, folding and stapling instructions for a planned booklet."""
    paper = PAPER_WORDS[options.paper]
    sheets = len(planned.plan.sheets) // 2
    pages = planned.pages
    what = name or "the imposed PDF"
    edge, other = ("short", "long") if options.duplex == "short" else ("long", "short")
    sheet_word = "sheet" if sheets == 1 else "sheets"
    lines = [
        f"How to print and bind {what} ({sheets} {sheet_word} of {paper} paper):",
        f"  1. Print double-sided, flipping on the {edge.upper()} edge "
        f'("flip on {edge} edge" / "{edge}-edge binding"), on {paper} paper.',
        '  2. Print at 100 % ("Actual size"): turn off "Fit to page", "Shrink oversized '
        'pages" and any other scaling; leave the orientation on automatic.',
        f"  3. Check the first sheet: pages {pages} and 1 on one side, 2 and {pages - 1} "
        "on the other, both the same way up. If the back is upside down, print again "
        f"flipping on the {other} edge (or impose again with duplex {other}).",
    ]
    if len(planned.signatures) == 1:
        lines += [
            "  4. Keep the sheets in the order they come out. Fold the whole stack in half "
            "along the middle, page 1 outside, and crease the fold firmly.",
            "  5. Staple through the fold from the outside, two staples about a quarter of "
            "the height from top and bottom (a long-reach stapler, or open the stapler flat "
            "over cardboard and bend the legs in by hand).",
        ]
    else:
        lines += [
            "  4. Keep the sheets in the order they come out and split them into "
            f"{len(planned.signatures)} signatures: sheets {_ranges(planned.signatures)}. "
            "Fold each signature in half on its own, its first page outside, and crease it.",
            "  5. Stack the folded signatures in order and sew or glue them along the "
            "spine (or staple each one through its fold and bind them together).",
        ]
    if options.creep_mm > 0:
        lines.append(
            f"  6. Inner sheets were moved toward the spine by {options.creep_mm:g} mm per "
            "sheet for paper thickness; trim the fore-edge straight if you like."
        )
    elif max(planned.signatures) > 8:
        lines.append(
            "  6. Inner pages stick out at the fore-edge of a thick fold: trim it straight, "
            "or impose again with creep set to the paper thickness (about 0.1 mm)."
        )
    lines.append(
        "  No duplex printer? Print the odd pages of the file, put the printed stack back "
        "so its blank side is printed next, then print the even pages: try one sheet first."
    )
    return "\n".join(lines)
