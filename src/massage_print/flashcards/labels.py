"""Every word the practice decks show, in one place (English until the label catalogue lands).

The vocabulary's words (families, pressures, stances, contact) come from
:mod:`massage_print.vocabulary`.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    "techniques": "Techniques",
    "contact": "Contact",
    "caution": "Caution",
    "tip": "Tip",
    "next": "Next:",
    "last": "Last step:",
    "last_text": "the routine ends here",
    "place": "Step {number} of {total}",
    "technique": "Technique",
    "stance": "Stance",
    "step_pressure": "Pressure",
    "repeat": "Repeat",
    "which": "Which stroke is this?",
    "technique_type": "Massage technique",
    "step_type": "Massage routine step",
    "term": "Term",
    "definition": "Definition",
}


def label(name: str, language: str = "en", **values: object) -> str:
    """The label ``name`` in ``language`` (English for now), filled with ``values``."""
    del language  # one catalogue, English, for now
    return LABELS[name].format(**values)
