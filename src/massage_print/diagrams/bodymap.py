"""The standard map of the back: a person lying face down, seen from above, head at the top.

Pure data in *frame* coordinates: x from 0 (left edge) to 1 (right edge), y from 0 (top,
the head end) to 1 (bottom). The frame is ``MAP_ASPECT`` times as wide as it is tall, and
leaves room around the body for the giver's stance marker. The receiver's left is the left
of the page. Lateral landmarks are given for the left side and mirrored for the right.
"""

from __future__ import annotations

from ..content.model import LANDMARKS, Point

MAP_ASPECT = 0.7
"""Width / height of the drawing frame."""

SPINE_X = 0.5

LEFT_LANDMARKS: dict[str, Point] = {
    "head": (0.5, 0.13),
    "neck": (0.5, 0.195),
    "shoulder": (0.255, 0.285),
    "shoulder-top": (0.355, 0.245),
    "shoulder-blade": (0.37, 0.35),
    "armpit": (0.25, 0.375),
    "upper-arm": (0.165, 0.41),
    "mid-back": (0.375, 0.48),
    "waist": (0.305, 0.59),
    "lower-back": (0.4, 0.65),
    "hip": (0.3, 0.745),
    "sacrum": (0.5, 0.79),
    "buttock": (0.385, 0.845),
    "spine-top": (0.5, 0.24),
    "spine-mid": (0.5, 0.47),
    "spine-base": (0.5, 0.725),
}
CENTRAL = frozenset({"head", "neck", "sacrum", "spine-top", "spine-mid", "spine-base"})

assert set(LEFT_LANDMARKS) == set(LANDMARKS)

# Outline of the left half of the torso, from the neck round to the bottom of the buttocks.
TORSO_LEFT: tuple[Point, ...] = (
    (0.455, 0.175),
    (0.445, 0.222),
    (0.34, 0.238),
    (0.24, 0.258),
    (0.205, 0.295),
    (0.225, 0.37),
    (0.262, 0.47),
    (0.285, 0.585),
    (0.272, 0.68),
    (0.262, 0.77),
    (0.285, 0.86),
    (0.37, 0.905),
    (0.5, 0.91),
)
ARM_LEFT: tuple[Point, ...] = (
    (0.215, 0.268),
    (0.165, 0.29),
    (0.135, 0.4),
    (0.112, 0.56),
    (0.108, 0.655),
    (0.132, 0.69),
    (0.158, 0.665),
    (0.17, 0.56),
    (0.2, 0.43),
    (0.226, 0.35),
)
HEAD_CENTRE: Point = (0.5, 0.13)
HEAD_RADII: tuple[float, float] = (0.085, 0.058)
SPINE_LINE: tuple[Point, Point] = ((0.5, 0.23), (0.5, 0.8))
BLADE_LEFT: tuple[Point, ...] = ((0.305, 0.29), (0.43, 0.3), (0.405, 0.425))

STANCE_SPOTS: dict[str, Point] = {
    "at-head": (0.5, 0.038),
    "at-side": (0.045, 0.47),
    "at-hips": (0.06, 0.79),
    "astride": (0.5, 0.962),
    "at-feet": (0.5, 0.975),
    "behind": (0.5, 0.975),
}


def mirror(point: Point) -> Point:
    return (1 - point[0], point[1])


def landmark(name: str) -> Point:
    """The left-side position of a landmark (central landmarks sit on the spine line)."""
    return LEFT_LANDMARKS[name]
