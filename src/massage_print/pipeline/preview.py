"""Page pictures of the PDFs (pypdfium2) and contact sheets (Pillow); filled in below."""

from __future__ import annotations

from pathlib import Path


def write_previews(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    return []
