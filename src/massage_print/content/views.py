"""Body views as data: the maps diagrams are drawn on, read from YAML into frozen dataclasses.

A view (``back``, ``seated``, ``feet`` ...) is one YAML file: a caption, the frame's aspect,
the mirror axis for ``side:``, the outline shapes, the named landmarks and where each stance
marker is drawn. Built-in views ship in ``massage_print/maps/``; a content folder may add its
own, or replace a built-in one, in ``maps/<name>.yaml``. Coordinates are fractions of the
frame: x from the left edge, y from the top. No ReportLab here.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import yaml

from ..errors import Location, MassagePrintError, Problem
from .model import BodyMap, MapShape, Point
from .nodes import BOOL, Key, NodeReader, choice, is_null, number, ref, refs
from .yamlfile import node_location, read_yaml

DEFAULT_VIEW = "back"
ROLES = ("body", "detail", "spine")
MIRRORS = ("none", "copy", "join")
NAME_PATTERN = re.compile(r"[a-z0-9-]+")
LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
ASPECT_RANGE = (0.2, 5.0)
MAX_SHAPES = 64
MAX_POINTS = 200
MAX_NAMES = 64
ELLIPSE_POINTS = 32

POINT = ref("point")
MAP_KEYS = {
    "caption": Key(
        True,
        "What the map shows, in a few words, printed under it: a text, or texts by language "
        "code ({en: ..., de: ...}; the book's language, else en, else the first).",
        ref("caption"),
    ),
    "aspect": Key(True, "The frame's width divided by its height.", number(*ASPECT_RANGE)),
    "mirror": Key(
        True,
        "Where the left-right mirror line is, as a fraction of the width (0.5 = the middle); "
        "strokes with side: left or right are mirrored across it.",
        number(0.0, 1.0),
    ),
    "shapes": Key(
        True,
        "The outlines drawn, in order: the body, details, the spine.",
        refs("map_shape", 1, MAX_SHAPES),
    ),
    "landmarks": Key(
        True,
        "Named places strokes can use (name: [x, y]; x from the left, y from the top, 0 to 1).",
        ref("named_points"),
    ),
    "stances": Key(
        True,
        "Where each stance marker (the giver's place) is drawn: name: [x, y].",
        ref("named_points"),
    ),
}
SHAPE_KEYS = {
    "role": Key(
        True, "How the outline is drawn: the body, a detail line, or the spine.", choice(ROLES)
    ),
    "mirror": Key(
        description="none (as written), copy (drawn again mirrored) or join (continued by its "
        "mirror image into one outline).",
        shape=choice(MIRRORS),
    ),
    "closed": Key(description="Whether the outline is closed (default true).", shape=BOOL),
    "smooth": Key(
        description="Whether the outline is drawn as a smooth curve (default true).", shape=BOOL
    ),
    "points": Key(
        description="The outline's points [x, y], 2 or more; give points or ellipse.",
        shape=refs("point", 2, MAX_POINTS),
    ),
    "ellipse": Key(
        description="An ellipse {centre, radii} instead of points.", shape=ref("ellipse")
    ),
}
ELLIPSE_KEYS = {
    "centre": Key(True, "The ellipse's centre [x, y].", POINT),
    "radii": Key(
        True, "Its half-width and half-height [rx, ry], as fractions of the frame.", POINT
    ),
}

# -- loading -------------------------------------------------------------------------------


def builtin_map_dir() -> Path:
    return Path(str(resources.files("massage_print") / "maps"))


@functools.cache
def builtin_views() -> Mapping[str, BodyMap]:
    """Every view shipped in the package, by name (read once)."""
    views = _read_folder(builtin_map_dir())
    if DEFAULT_VIEW not in views:
        raise MassagePrintError(
            Problem(
                Location(str(builtin_map_dir())), f"the built-in '{DEFAULT_VIEW}' map is missing"
            )
        )
    return MappingProxyType(views)


def builtin_view(name: str = DEFAULT_VIEW) -> BodyMap:
    return builtin_views()[name]


def load_views(folder: Path | None, problems: list[Problem]) -> dict[str, BodyMap]:
    """The built-in views, with a content folder's ``maps/*.yaml`` added or replacing them."""
    views = dict(builtin_views())
    if folder is not None and (folder / "maps").is_dir():
        try:
            views.update(_read_folder(folder / "maps"))
        except MassagePrintError as exc:
            problems.extend(exc.problems)
    return views


def load_view_file(path: Path) -> BodyMap:
    """Read one map file; raise every problem in it at once."""
    reader = NodeReader(str(path))
    node = read_yaml(path, str(path))
    view = _MapReader(reader).body_map(node, path.stem)
    reader.raise_if_any()
    assert view is not None
    return view


def _read_folder(folder: Path) -> dict[str, BodyMap]:
    views: dict[str, BodyMap] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        if not NAME_PATTERN.fullmatch(path.stem):
            problems.append(
                Problem(Location(str(path)), "a map's file name is its view name: use a-z, 0-9, -")
            )
            continue
        try:
            views[path.stem] = load_view_file(path)
        except MassagePrintError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MassagePrintError(problems)
    return views


class _MapReader:
    def __init__(self, r: NodeReader) -> None:
        self.r = r

    def body_map(self, node: yaml.Node, name: str) -> BodyMap | None:
        r = self.r
        keys = r.mapping(node, "", MAP_KEYS, " (a body map)")
        if keys is None:
            return None
        captions = self.captions(keys.get("caption"))
        caption = dict(captions).get("en", captions[0][1]) if captions else None
        aspect = self.number(keys.get("aspect"), "aspect", *ASPECT_RANGE)
        axis = self.number(keys.get("mirror"), "mirror", 0.0, 1.0)
        shapes: tuple[MapShape, ...] = ()
        if "shapes" in keys:
            items = r.sequence(keys["shapes"], "shapes", 1, MAX_SHAPES, what="shapes")
            shapes = r.each(items, "shapes", self.shape)
        landmarks = self.points(keys.get("landmarks"), "landmarks")
        stances = self.points(keys.get("stances"), "stances")
        if caption is None or aspect is None or axis is None or not shapes:
            return None
        if not landmarks or not stances:
            return None
        return BodyMap(
            name=name,
            caption=caption,
            captions=captions,
            aspect=aspect,
            axis=axis,
            shapes=shapes,
            landmarks=landmarks,
            stances=stances,
            where=node_location(r.path, node),
        )

    def captions(self, node: yaml.Node | None) -> tuple[tuple[str, str], ...]:
        """``caption:`` as (language, text) pairs: one text is English."""
        r = self.r
        if node is None:
            return ()
        if not isinstance(node, yaml.MappingNode):
            text = r.text(node, "caption")
            return (("en", text),) if text is not None else ()
        out: dict[str, str] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if not LANGUAGE_PATTERN.fullmatch(key):
                r.error(key_node, "caption", f"'{key}' is not a language code such as en or de")
                continue
            text = r.text(value, f"caption.{key}")
            if text is not None:
                out[key] = text
        if not out and not r.problems:
            r.error(node, "caption", "needs at least one text")
        return tuple(out.items())

    def number(self, node: yaml.Node | None, keypath: str, low: float, high: float) -> float | None:
        value = self.r.number(node, keypath)
        if value is None or node is None:
            return None
        if not low <= value <= high:
            self.r.error(node, keypath, f"{value:g} is out of range: {low:g} to {high:g}")
            return None
        return value

    def point(self, node: yaml.Node, keypath: str) -> Point | None:
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
            self.r.error(node, keypath, "a point is [x, y] with two numbers from 0 to 1")
            return None
        x = self.number(node.value[0], keypath, 0.0, 1.0)
        y = self.number(node.value[1], keypath, 0.0, 1.0)
        return None if x is None or y is None else (x, y)

    def points(self, node: yaml.Node | None, keypath: str) -> tuple[tuple[str, Point], ...]:
        r = self.r
        if node is None:
            return ()
        if not isinstance(node, yaml.MappingNode) or not node.value:
            r.error(node, keypath, "expected a mapping of names to [x, y] points")
            return ()
        if len(node.value) > MAX_NAMES:
            r.error(node, keypath, f"allows at most {MAX_NAMES} names, found {len(node.value)}")
            return ()
        out: dict[str, Point] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            where = f"{keypath}.{key}"
            if not NAME_PATTERN.fullmatch(key):
                r.error(key_node, keypath, f"'{key}' is not a valid name (use a-z, 0-9 and -)")
                continue
            if key in out:
                r.error(key_node, where, "name appears twice")
                continue
            point = self.point(value, where)
            if point is not None:
                out[key] = point
        return tuple(out.items())

    def shape(self, node: yaml.Node, keypath: str) -> MapShape | None:
        r = self.r
        keys = r.mapping(node, keypath, SHAPE_KEYS, " (a shape)")
        if keys is None:
            return None
        role = r.choice(keys.get("role"), f"{keypath}.role", ROLES, "role")
        mirror = r.choice(keys.get("mirror"), f"{keypath}.mirror", MIRRORS, "mirror") or "none"
        closed = r.boolean(keys.get("closed"), f"{keypath}.closed")
        smooth = r.boolean(keys.get("smooth"), f"{keypath}.smooth")
        if ("points" in keys) == ("ellipse" in keys):
            r.error(node, keypath, "give either points or ellipse")
            return None
        points: tuple[Point, ...] = ()
        if "points" in keys:
            items = r.sequence(keys["points"], f"{keypath}.points", 2, MAX_POINTS, what="points")
            found = [self.point(n, f"{keypath}.points[{i}]") for i, n in enumerate(items)]
            if any(p is None for p in found) or len(found) < 2:
                return None
            points = tuple(p for p in found if p is not None)
        else:
            ellipse = self.ellipse(keys["ellipse"], f"{keypath}.ellipse")
            if ellipse is None:
                return None
            points = ellipse
            smooth = False if smooth is None else smooth
            closed = True
            if mirror == "join":
                r.error(keys["ellipse"], f"{keypath}.mirror", "an ellipse mirrors by copy")
                return None
        if role is None:
            return None
        return MapShape(
            role=role,  # type: ignore[arg-type]
            points=points,
            closed=True if closed is None else closed,
            smooth=True if smooth is None else smooth,
            mirror=mirror,  # type: ignore[arg-type]
        )

    def ellipse(self, node: yaml.Node, keypath: str) -> tuple[Point, ...] | None:
        keys = self.r.mapping(node, keypath, ELLIPSE_KEYS, " {centre, radii}")
        if keys is None or is_null(node) or "centre" not in keys or "radii" not in keys:
            return None
        centre = self.point(keys["centre"], f"{keypath}.centre")
        radii = self.point(keys["radii"], f"{keypath}.radii")
        if centre is None or radii is None:
            return None
        return tuple(
            (
                centre[0] + radii[0] * math.cos(2 * math.pi * i / ELLIPSE_POINTS),
                centre[1] + radii[1] * math.sin(2 * math.pi * i / ELLIPSE_POINTS),
            )
            for i in range(ELLIPSE_POINTS)
        )
