"""The value types a layout field may have; :mod:`.loader` converts YAML text into them once."""

from __future__ import annotations

from typing import NewType

Length = NewType("Length", float)
"""A length in points, written in YAML with a unit: ``"12mm"``, ``"0.5in"``, ``"10pt"``."""
Colour = NewType("Colour", str)
"""``"#RRGGBB"``."""
FontFile = NewType("FontFile", str)
"""An absolute path to a TrueType file (beside the layout, else shipped in the package)."""
PageSize = NewType("PageSize", tuple[float, float])
"""``(width, height)`` in points, from a paper name (``A5``) or two lengths."""
