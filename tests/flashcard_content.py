"""A small German course, unlike the shipped one: seated neck and feet work, text-only steps,
mark-up and characters HTML must escape, step ids. Written as YAML text (so edits are exact)."""

from __future__ import annotations

from pathlib import Path

BOOK = """\
id: sitzmassage
title: "Sitzmassage & Füße: Übungskarten"
language: de
routines: [nacken, fuesse]
"""

TECHNIQUES = """\
techniques:
  - id: streichen
    name: Streichen
    family: gliding
    summary: "Lange, **ruhige** Striche mit der ganzen Hand – _nie_ ruckartig."
    how:
      - Hände flach auflegen & langsam gleiten.
      - "Druck <gering> halten; Tempo gleichmäßig."
    pressure: light
    contact: [palms]
    diagram:
      - glide: {from: [0.5, 0.1], to: [0.5, 0.6], side: center}
  - id: kneten
    name: Kneten
    family: kneading
    summary: Muskeln greifen, anheben und sanft rollen.
    how: [Mit Daumen und Fingern greifen., Langsam im Wechsel kneten.]
    pressure: medium
    cautions: [Nicht auf die Wirbelsäule drücken.]
    diagram:
      - knead: {at: shoulder-top, side: left}
  - id: halten
    name: Halten
    family: holding
    summary: Hände ruhig liegen lassen.
    how: [Beide Hände auflegen und atmen.]
    pressure: light
"""

NACKEN = """\
id: nacken
title: Nacken im Sitzen
sections:
  - title: Beginn
    steps:
      - title: Ankommen
        technique: halten
        stance: behind
        cues:
          - "Hinter die sitzende Person stellen."
          - "Hände auf die Schultern legen."
      - id: ausstreichen
        title: Ausstreichen
        technique: streichen
        stance: behind
        pressure: light
        repeat: 3
        tip: "Atem der Person\\tbeobachten."
        cues:
          - "Vom Nacken zu den Schultern streichen."
          - "Ruhig und gleichmäßig bleiben."
      - title: Schultern kneten
        technique: kneten
        stance: behind
        caution: "Bei Schmerz sofort aufhören!"
        cues:
          - "Schultermuskel greifen."
          - "Im Wechsel kneten."
"""

FUESSE = """\
id: fuesse
title: Füße
sections:
  - title: Fußsohle
    steps:
      - id: sohle
        title: Sohle ausstreichen
        stance: at-feet
        cues:
          - |-
            Mit beiden Daumen
            von der Ferse zu den Zehen.
        diagram:
          - press: {at: [0.4, 0.9]}
      - title: Nur Text
        cues: [Füße zum Schluss halten.]
"""


def write_german(folder: Path) -> Path:
    (folder / "routines").mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text(BOOK, encoding="utf-8")
    (folder / "techniques.yaml").write_text(TECHNIQUES, encoding="utf-8")
    (folder / "routines" / "nacken.yaml").write_text(NACKEN, encoding="utf-8")
    (folder / "routines" / "fuesse.yaml").write_text(FUESSE, encoding="utf-8")
    return folder
