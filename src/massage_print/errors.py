"""The one error type the library raises, and the located problems it carries.

Library code never prints or exits; it raises :class:`MassagePrintError` with one or
more :class:`Problem` entries. Only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based line and column; 0 means unknown."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One located message (an error or a warning)."""

    location: Location | None
    message: str

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class MassagePrintError(Exception):
    """Raised for every user-facing failure: bad content, bad layout, bad options, bad PDFs."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[MassagePrintError], tuple[list[Problem]]]:
        # Keep the located problems when the error crosses a process boundary (build).
        return (type(self), (list(self.problems),))

    @classmethod
    def at(cls, path: str, message: str, line: int = 0, col: int = 0) -> MassagePrintError:
        return cls(Problem(Location(path, line, col), message))
