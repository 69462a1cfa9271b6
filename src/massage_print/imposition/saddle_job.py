"""Saddle-stitch a PDF file: read it, plan, apply, and say how to print the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MassagePrintError
from ..labels import ENGLISH, Labels, catalogue_language
from ..pdf.pypdf_io import (
    Reader,
    Source,
    apply_plan,
    document_info,
    document_language,
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
    language = document_language(reader)
    # The subject in the input's language when it has a catalogue (English otherwise).
    words = Labels(language) if catalogue_language(language) else ENGLISH
    info = DocInfo(
        title=title or Path(in_path).stem,
        author=author,
        subject=words("doc_saddle_subject", title=title or Path(in_path).stem),
        language=language,
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
    """Step-by-step printing, folding and stapling instructions for a planned booklet, in the
    words of ``options.labels``."""
    L = options.labels
    paper = PAPER_WORDS[options.paper]
    sheets = len(planned.plan.sheets) // 2
    pages = planned.pages
    what = name or L("guide_imposed_pdf")
    edge, other = ("short", "long") if options.duplex == "short" else ("long", "short")
    edge_word, other_word = L(f"edge_{edge}"), L(f"edge_{other}")
    lines = [
        L("guide_heading", what=what, sheets=L.count("sheet_count", sheets), paper=paper),
        L("guide_1", EDGE=edge_word.upper(), edge=edge_word, paper=paper),
        L("guide_2"),
        L("guide_3", last=pages, before_last=pages - 1, other=other_word),
    ]
    if len(planned.signatures) == 1:
        lines += [L("guide_4_fold"), L("guide_5_staple")]
    else:
        lines += [
            L("guide_4_signatures", n=len(planned.signatures), ranges=_ranges(planned.signatures)),
            L("guide_5_bind"),
        ]
    if options.creep_mm > 0:
        lines.append(L("guide_6_creep", mm=f"{options.creep_mm:g}"))
    elif max(planned.signatures) > 8:
        lines.append(L("guide_6_trim"))
    lines.append(L("guide_no_duplex"))
    lines = [lines[0], *(f"  {line}" for line in lines[1:])]
    return "\n".join(lines)
