"""The words the practice decks show, from the label catalogue (:mod:`massage_print.labels`).

Names here are the decks' own; each maps to a catalogue key, so a book's ``language:`` and its
``labels:`` overrides reach the Anki notes as they reach the printed cards.
"""

from __future__ import annotations

from ..labels import Labels

KEYS: dict[str, str] = {
    "techniques": "techniques",
    "contact": "contact",
    "caution": "caution",
    "tip": "tip",
    "next": "next",
    "last": "last_step",
    "last_text": "routine_ends",
    "place": "step_of",
    "technique": "technique",
    "stance": "stance",
    "step_pressure": "pressure",
    "repeat": "repeat",
    "which": "anki_which",
    "technique_type": "anki_technique_type",
    "step_type": "anki_step_type",
    "term": "anki_term",
    "definition": "anki_definition",
}


def label(name: str, labels: Labels | str = "en", **values: object) -> str:
    """The label ``name`` in ``labels`` (a book's labels, or a language's catalogue)."""
    words = labels if isinstance(labels, Labels) else Labels(labels)
    if name == "place":
        values = {"n": values.pop("number"), **values}
    return words(KEYS[name], **values)
