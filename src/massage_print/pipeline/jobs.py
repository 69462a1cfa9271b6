"""What every output job returns, so `build` can run them all and write once."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem


@dataclass(frozen=True)
class Output:
    """One file a job made: its name in the output folder, its bytes, and a page count."""

    name: str
    data: bytes
    pages: int


@dataclass(frozen=True)
class JobResult:
    outputs: tuple[Output, ...]
    messages: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())
