"""Packages re-export their names without importing what a caller does not use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import massage_print.cards as cards
import massage_print.diagrams as diagrams


def test_exported_names_come_from_their_modules() -> None:
    from massage_print.cards.job import build_cards
    from massage_print.diagrams.flowables import DiagramFlowable

    assert cards.build_cards is build_cards
    assert diagrams.DiagramFlowable is DiagramFlowable
    for package in (cards, diagrams):
        for name in package.__all__:
            assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = cards.nothing  # type: ignore[attr-defined]


def test_a_build_of_cards_does_not_import_platypus() -> None:
    code = (
        "import sys\n"
        "from massage_print.cards import build_cards\n"
        "from massage_print.diagrams import plan_diagram\n"
        "print(any(m.startswith('reportlab.platypus') for m in sys.modules))\n"
    )
    src = str(Path(cards.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"
