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
    """What a job made, what it says about it, and what it could not make.

    ``failures`` name each output that could not be made and why (located where the cause
    is, such as the routine's file); the other outputs are still good to write.
    """

    outputs: tuple[Output, ...]
    messages: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())
    failures: tuple[Problem, ...] = field(default=())
