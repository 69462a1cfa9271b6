"""Generate valid content folders of any size (for tests and benchmarks)."""

from __future__ import annotations

from pathlib import Path

import yaml

KINDS = [
    {"glide": {"from": "lower-back", "to": "shoulder"}},
    {"circle": {"at": "shoulder-blade", "turn": "anticlockwise"}},
    {"knead": {"at": "shoulder-top", "side": "left"}},
    {"press": {"at": [0.42, 0.55]}},
    {"hold": {"at": ["shoulder-blade", "lower-back"]}},
    {"feather": {"path": ["spine-top", "spine-mid", "spine-base"], "side": "center"}},
    {"tap": {"from": "shoulder-blade", "to": "waist", "side": "right"}},
]
STANCES = ["at-head", "at-side", "at-hips", "astride", "at-feet", "behind"]


def technique(i: int) -> dict[str, object]:
    return {
        "id": f"tech-{i}",
        "name": f"Technique {i}",
        "family": ["gliding", "kneading", "pressure", "percussion"][i % 4],
        "summary": f"A generated technique number {i} for testing.",
        "how": [f"Do movement {j} of technique {i} slowly." for j in range(1 + i % 4)],
        "pressure": ["light", "medium", "firm", "deep"][i % 4],
        "contact": ["palms", "thumbs"],
        "cautions": ["Avoid the spine."] if i % 3 == 0 else [],
        "diagram": [KINDS[i % len(KINDS)], KINDS[(i + 3) % len(KINDS)]],
    }


def step(i: int, techniques: int, cues: int = 3) -> dict[str, object]:
    data: dict[str, object] = {
        "title": f"Generated step {i}",
        "technique": f"tech-{i % techniques}",
        "stance": STANCES[i % len(STANCES)],
        "area": "upper back",
        "repeat": (i % 5) + 1 if i % 2 else "30 seconds",
        "cues": [f"Cue {j} for step {i}: move the hands with care." for j in range(cues)],
    }
    if i % 4 == 0:
        data["tip"] = "Keep one hand on the back."
    if i % 5 == 0:
        data["caution"] = "Never press on the spine."
    return data


def write_content(
    folder: Path,
    *,
    routines: int = 1,
    steps: int = 10,
    techniques: int = 8,
    cues: int = 3,
    steps_per_section: int = 5,
) -> Path:
    """Write a valid content folder with the given counts; return the folder."""
    (folder / "routines").mkdir(parents=True, exist_ok=True)
    book = {
        "title": "Generated Book",
        "subtitle": "For tests",
        "author": "Test Author",
        "edition": "1",
        "front_matter": [{"heading": "Intro", "body": ["A paragraph.", {"bullets": ["a", "b"]}]}],
        "safety": ["Never press on the spine.", "Stop on pain."],
        "sources": [{"title": "A source", "author": "Someone"}],
    }
    (folder / "book.yaml").write_text(yaml.safe_dump(book, sort_keys=False), encoding="utf-8")
    techs = {"techniques": [technique(i) for i in range(techniques)]}
    (folder / "techniques.yaml").write_text(
        yaml.safe_dump(techs, sort_keys=False), encoding="utf-8"
    )
    for r in range(routines):
        rid = f"routine-{r}"
        all_steps = [step(i, techniques, cues) for i in range(steps)]
        sections = [
            {"title": f"Section {s + 1}", "steps": all_steps[s : s + steps_per_section]}
            for s in range(0, steps, steps_per_section)
        ]
        routine = {
            "id": rid,
            "title": f"Routine {r}",
            "summary": "A generated routine.",
            "duration_minutes": 20,
            "setup": "The receiver lies face down.",
            "sections": [{"title": sec["title"], "steps": sec["steps"]} for sec in sections],
        }
        (folder / "routines" / f"{rid}.yaml").write_text(
            yaml.safe_dump(routine, sort_keys=False), encoding="utf-8"
        )
    return folder
