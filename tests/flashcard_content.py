"""A small German course, unlike the shipped one: seated neck and feet work (the seated and feet
body views), text-only steps,
mark-up and characters HTML must escape, step ids. Written as YAML text (so edits are exact)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

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
    view: seated
    diagram:
      - glide: {from: neck, to: shoulder}
  - id: kneten
    name: Kneten
    family: kneading
    summary: Muskeln greifen, anheben und sanft rollen.
    how: [Mit Daumen und Fingern greifen., Langsam im Wechsel kneten.]
    pressure: medium
    cautions: [Nicht auf die Wirbelsäule drücken.]
    view: seated
    diagram:
      - knead: {at: shoulder-top, side: left}
  - id: halten
    name: Halten
    family: holding
    summary: Hände ruhig liegen lassen.
    how: [Beide Hände auflegen und atmen.]
    pressure: light
    image: bilder/haende.jpg
"""

NACKEN = """\
id: nacken
title: Nacken im Sitzen
view: seated
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
view: feet
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
          - glide: {from: heel, to: toes}
      - title: Nur Text
        image: ../bilder/fuss.svg
        cues: [Füße zum Schluss halten.]
"""


PHOTO_SIZE = (1000, 3000)
"""The photo as stored (pixels); its EXIF orientation 6 turns it to 3000 × 1000 upright."""
FOOT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="100" viewBox="0 0 60 100">'
    '<ellipse cx="30" cy="50" rx="25" ry="45" fill="#c9a27e"/></svg>\n'
)


def write_german(folder: Path) -> Path:
    (folder / "routines").mkdir(parents=True, exist_ok=True)
    pictures = folder / "bilder"
    pictures.mkdir(exist_ok=True)
    photo = Image.new("RGB", PHOTO_SIZE, (200, 160, 120))
    photo.paste((40, 60, 90), (0, 0, 200, 600))  # a dark block: shows which way is up
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show upright
    photo.save(pictures / "haende.jpg", "JPEG", quality=80, exif=exif.tobytes())
    (pictures / "fuss.svg").write_text(FOOT_SVG, encoding="utf-8")
    (folder / "book.yaml").write_text(BOOK, encoding="utf-8")
    (folder / "techniques.yaml").write_text(TECHNIQUES, encoding="utf-8")
    (folder / "routines" / "nacken.yaml").write_text(NACKEN, encoding="utf-8")
    (folder / "routines" / "fuesse.yaml").write_text(FUESSE, encoding="utf-8")
    return folder
