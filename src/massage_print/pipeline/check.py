"""The `check` job: validate a content folder and the layouts, and count what is there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.model import Book
from ..content.validation import load_book
from ..errors import MassagePrintError, Problem
from ..layout.loader import builtin_layout_dir, check_layouts, load_layout
from ..layout.schema import ThemeLayout
from ..pdf.fonts import coverage_warnings


@dataclass(frozen=True)
class CheckReport:
    book: Book
    layouts: tuple[str, ...]
    warnings: tuple[Problem, ...]

    @property
    def summary(self) -> str:
        book = self.book
        return (
            f"ok: {_count(len(book.routines), 'routine')}, {_count(book.step_count, 'step')}, "
            f"{_count(len(book.techniques), 'technique')}; "
            f"{_count(len(self.layouts), 'layout')} checked"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def check(content: Path, layouts: Path | None = None) -> CheckReport:
    """Validate content and layouts; raise one error with every problem found in both."""
    problems: list[Problem] = []
    book = None
    try:
        book = load_book(content)
    except MassagePrintError as exc:
        problems.extend(exc.problems)
    checked: list[str] = []
    for folder in _layout_folders(layouts):
        try:
            checked.extend(check_layouts(folder))
        except MassagePrintError as exc:
            problems.extend(exc.problems)
    if problems or book is None:
        raise MassagePrintError(problems)
    theme = load_layout("theme", ThemeLayout, layouts)
    warnings = [*book.warnings, *coverage_warnings(book, theme.fonts)]
    return CheckReport(book, tuple(checked), tuple(warnings))


def _layout_folders(layouts: Path | None) -> list[Path]:
    folders = [builtin_layout_dir()]
    local = layouts or Path("layouts")
    if local.is_dir() and local.resolve() != builtin_layout_dir().resolve():
        folders.append(local)
    return folders
