"""A content folder unlike the shipped one: seated, feet and hands routines, with pictures.

German text, text-only steps, a phone photo stored sideways (EXIF orientation 6), a PNG, an
SVG, and one step that would inherit a back diagram on the feet view.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from PIL import Image

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120" viewBox="0 0 200 120">
<rect x="5" y="5" width="190" height="110" fill="#e8d8c8" stroke="#553322" stroke-width="4"/>
<circle cx="60" cy="60" r="30" fill="#336699"/>
<path d="M110 90 L150 30 L190 90 Z" fill="#993333"/>
</svg>
"""


def phone_photo(path: Path, size: tuple[int, int] = (1200, 800)) -> None:
    """A JPEG stored sideways with EXIF orientation 6: upright it is portrait.

    The stored pixels are landscape: red on the left half, blue on the right. Turned upright
    (90° clockwise), red is on top and blue at the bottom.
    """
    img = Image.new("RGB", size, (30, 60, 200))
    img.paste((220, 30, 30), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = 6
    img.save(path, "JPEG", exif=exif.tobytes(), quality=90)


def write_view_content(folder: Path, *, small_png: bool = False) -> Path:
    (folder / "routines").mkdir(parents=True, exist_ok=True)
    (folder / "pics").mkdir(exist_ok=True)
    phone_photo(folder / "pics" / "foot.jpg")
    side = 60 if small_png else 900
    Image.new("RGB", (side, side), (40, 140, 90)).save(folder / "pics" / "hands.png")
    (folder / "pics" / "chair.svg").write_text(SVG, encoding="utf-8")
    book = {
        "title": "Kleine Massagen",
        "language": "de",
        "safety": ["Nie auf die Wirbelsäule drücken.", "Bei Schmerz sofort aufhören."],
        "cover": {"image": "pics/foot.jpg"},
    }
    (folder / "book.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), "utf-8")
    techniques = {
        "techniques": [
            {
                "id": "streichen",
                "name": "Streichen",
                "family": "gliding",
                "summary": "Lange, ruhige Striche.",
                "how": ["Hände flach auflegen.", "Langsam gleiten."],
                "pressure": "light",
                "diagram": [{"glide": {"from": "lower-back", "to": "shoulder"}}],
            },
            {
                "id": "fersenkreis",
                "name": "Fersenkreise",
                "family": "friction",
                "summary": "Kleine Kreise um die Ferse.",
                "how": ["Daumen an die Ferse.", "Kreisen."],
                "pressure": "medium",
                "view": "feet",
                "image": "pics/foot.jpg",
                "diagram": [{"circle": {"at": "heel"}}],
            },
        ]
    }
    (folder / "techniques.yaml").write_text(yaml.safe_dump(techniques, allow_unicode=True), "utf-8")
    text_steps = [
        {
            "title": f"Ausstreichen {i}",
            "cues": [f"Mit beiden Händen ruhig über die Stelle {i} streichen.", "Atmen lassen."],
            "stance": "behind",
        }
        for i in range(1, 6)
    ]
    seated = {
        "id": "sitzend",
        "title": "Nacken im Sitzen",
        "view": "seated",
        "safety": ["Den Kopf nie nach hinten drücken."],
        "sections": [
            {
                "title": "Schultern",
                "steps": [
                    {
                        "title": "Schultern kneten",
                        "summary": "Schultern sanft kneten",
                        "stance": "behind",
                        "cues": ["Hände auf die Schultern legen.", "Kneten."],
                        "diagram": [
                            {"knead": {"at": "shoulder-top"}},
                            {"press": {"at": "occiput", "side": "center"}},
                        ],
                        "image": "../pics/chair.svg",
                    },
                    *text_steps,
                ],
            }
        ],
    }
    feet = {
        "id": "fuesse",
        "title": "Füße",
        "view": "feet",
        "sections": [
            {
                "title": "Sohlen",
                "steps": [
                    {
                        "title": "Fersen kreisen",
                        "technique": "fersenkreis",
                        "stance": "at-feet",
                        "cues": ["Ferse umfassen.", "Mit dem Daumen kreisen."],
                    },
                    {
                        "title": "Geerbt vom Rücken",
                        "technique": "streichen",
                        "cues": ["Über die Sohle streichen."],
                    },
                    {
                        "title": "Foto",
                        "cues": ["So sieht es aus."],
                        "image": "../pics/foot.jpg",
                    },
                ],
            }
        ],
    }
    hands = {
        "id": "haende",
        "title": "Hände",
        "view": "hands",
        "sections": [
            {
                "title": "Handflächen",
                "steps": [
                    {
                        "title": "Handfläche",
                        "stance": "facing",
                        "cues": ["Die Hand halten.", "Mit dem Daumen kreisen."],
                        "diagram": [
                            {"circle": {"at": "palm"}},
                            {"glide": {"from": "wrist", "to": "fingertips"}},
                        ],
                    },
                    {
                        "title": "Bild",
                        "cues": ["Die Hand ruhen lassen."],
                        "image": "../pics/hands.png",
                    },
                ],
            }
        ],
    }
    for routine in (seated, feet, hands):
        path = folder / "routines" / f"{routine['id']}.yaml"
        path.write_text(yaml.safe_dump(routine, allow_unicode=True, sort_keys=False), "utf-8")
    return folder
