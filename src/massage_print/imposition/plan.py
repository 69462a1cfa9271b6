"""An imposition plan as pure data: sheets of placed source pages.

Nothing here touches a PDF. A planner (saddle stitch, card sheets, ...) builds a
:class:`Plan`; :func:`massage_print.pdf.pypdf_io.apply_plan` is the only code that
turns a plan into PDF bytes. Every coordinate is in PDF points on the sheet, origin at
the sheet's lower-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Rotation = Literal[0, 90, 180, 270]
Side = Literal["front", "back"]
Rect = tuple[float, float, float, float]
"""A rectangle as ``(x, y, width, height)``."""

ROTATIONS: tuple[Rotation, ...] = (0, 90, 180, 270)


@dataclass(frozen=True)
class Placement:
    """One source page drawn on a sheet.

    ``source`` names a PDF in the mapping given to ``apply_plan``; ``page`` is its
    0-based page index. The page is taken as a viewer shows it (its own /Rotate applied),
    turned a further ``rotation`` degrees clockwise (like a page's /Rotate), scaled by
    ``scale``, and moved so that the lower-left corner of the result lands at ``(x, y)``.
    ``clip``, when given, is a sheet rectangle ``(x, y, width, height)`` outside which
    nothing of this placement is drawn.
    """

    source: str
    page: int
    x: float
    y: float
    rotation: Rotation = 0
    scale: float = 1.0
    clip: Rect | None = None

    def __post_init__(self) -> None:
        if self.rotation not in ROTATIONS:
            raise ValueError(f"rotation must be one of {ROTATIONS}, not {self.rotation!r}")
        if not self.scale > 0:
            raise ValueError(f"scale must be positive, not {self.scale!r}")
        if self.page < 0:
            raise ValueError(f"page index must not be negative, not {self.page!r}")


@dataclass(frozen=True)
class Sheet:
    """One side of one sheet of paper, in print order."""

    width: float
    height: float
    placements: tuple[Placement, ...]
    side: Side = "front"
    label: str = ""


@dataclass(frozen=True)
class Plan:
    """Every side to print, in the order the printer should print them."""

    sheets: tuple[Sheet, ...]

    def sources(self) -> tuple[str, ...]:
        """The source names used, in order of first use."""
        seen: dict[str, None] = {}
        for sheet in self.sheets:
            for placement in sheet.placements:
                seen.setdefault(placement.source, None)
        return tuple(seen)


def footprint(width: float, height: float, rotation: int, scale: float) -> tuple[float, float]:
    """Size on the sheet of a ``width`` × ``height`` page turned by ``rotation`` and scaled."""
    if rotation % 180:
        width, height = height, width
    return width * scale, height * scale


def turned_180(
    placement: Placement, width: float, height: float, sheet_width: float, sheet_height: float
) -> Placement:
    """``placement`` of a ``width`` × ``height`` page after the whole sheet is turned 180°.

    Used for the backs of sheets printed to be flipped on the long edge.
    """
    w, h = footprint(width, height, placement.rotation, placement.scale)
    clip = placement.clip
    if clip is not None:
        cx, cy, cw, ch = clip
        clip = (sheet_width - cx - cw, sheet_height - cy - ch, cw, ch)
    rotation = ROTATIONS[(ROTATIONS.index(placement.rotation) + 2) % 4]
    return Placement(
        source=placement.source,
        page=placement.page,
        x=sheet_width - placement.x - w,
        y=sheet_height - placement.y - h,
        rotation=rotation,
        scale=placement.scale,
        clip=clip,
    )
