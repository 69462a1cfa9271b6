"""The single writer every output goes through.

Rules it enforces, so no renderer re-implements them:

* outputs are rendered in memory first and written only when every one of them is ready,
  each to a temporary file in the target folder that is then renamed over the old one;
* the same input gives byte-identical PDFs: ReportLab runs in invariant mode (no clock, and
  SOURCE_DATE_EPOCH is honoured when set), and the trailer's /ID is a digest of the file;
* document metadata (title, author, subject, creator) is set on every PDF.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reportlab import rl_config

from .. import __version__
from ..content.markup import one_line
from ..errors import MassagePrintError

CREATOR = f"massage-print {__version__}"

# Plain Flate streams: smaller and faster than ReportLab's default ASCII85 wrapping.
rl_config.useA85 = 0

Duplex = Literal["simplex", "short", "long"]


@dataclass(frozen=True)
class DocInfo:
    """Metadata written into every PDF."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"

    def __post_init__(self) -> None:
        # Titles come from content: a line break in one is a space in the metadata too.
        for name in ("title", "author", "subject"):
            object.__setattr__(self, name, one_line(getattr(self, name)))


def canvas_options(info: DocInfo) -> dict[str, Any]:
    """Keyword arguments for a ReportLab platypus ``BaseDocTemplate`` (bare canvases: new_canvas).

    ``invariant=1`` removes clock time and random IDs (ReportLab uses SOURCE_DATE_EPOCH
    when it is set, 2000-01-01 otherwise).
    """
    pdf_date()  # a malformed SOURCE_DATE_EPOCH is a clear error, not a ReportLab crash
    return {
        "invariant": 1,
        "pageCompression": 1,
        "title": info.title,
        "author": info.author,
        "subject": info.subject,
        "creator": CREATOR,
        "producer": CREATOR,
        "keywords": ", ".join(info.keywords),
        "lang": info.language,
    }


def new_canvas(target: Any, pagesize: tuple[float, float], info: DocInfo, font: str) -> Any:
    """A bare ReportLab canvas with the writer's rules: invariant, metadata, embedded font.

    (A bare ``Canvas`` ignores title/author keywords, so the metadata is set on it here.)
    """
    from reportlab.pdfgen.canvas import Canvas

    pdf_date()
    canvas = Canvas(
        target,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        lang=info.language,
        initialFontName=font,
    )
    apply_canvas_info(canvas, info)
    return canvas


def apply_canvas_info(canvas: Any, info: DocInfo) -> None:
    """Set metadata on a bare ReportLab canvas (platypus documents take canvas_options)."""
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    canvas.setKeywords(", ".join(info.keywords))


def pdf_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        stamp = time.gmtime(int(epoch))
    except ValueError as exc:
        raise MassagePrintError(f"SOURCE_DATE_EPOCH is not a whole number: {epoch!r}") from exc
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", stamp)


_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def stamp_id(data: bytes) -> bytes:
    """Replace the trailer /ID with a digest of the file, keeping every byte offset.

    The hex strings keep their length, so the cross-reference table stays valid. The /ID
    is the last one in the file (the trailer comes last), so it is looked for from the end.
    """
    last = _last_id(data)
    if last is None:
        return data
    start, end = last.span()
    view = memoryview(data)
    digest = hashlib.sha256(view[:start])
    digest.update(view[end:])
    text = digest.hexdigest().upper()
    (s1, e1), (s2, e2) = last.span(1), last.span(2)
    first = (text * ((e1 - s1) // len(text) + 1))[: e1 - s1].encode("ascii")
    second = (text * ((e2 - s2) // len(text) + 1))[: e2 - s2].encode("ascii")
    return b"".join((view[:s1], first, view[e1:s2], second, view[e2:]))


def _last_id(data: bytes) -> re.Match[bytes] | None:
    """The last ``/ID [<hex> <hex>]`` in ``data`` (matches cannot overlap: no "/" inside)."""
    position = len(data)
    for _ in range(len(data)):
        position = data.rfind(b"/ID", 0, position)
        if position < 0:
            return None
        match = _ID_RE.match(data, position)
        if match is not None:
            return match
    return None


def finish_reportlab(data: bytes) -> bytes:
    """Final touch for a PDF written by ReportLab in invariant mode."""
    return stamp_id(data)


_STALE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""A temporary file this writer makes (``.NAME.XXXXXXXX.tmp``), left behind if a build was killed."""


def _new_file_mode() -> int:
    """The mode a new file gets under the process's umask (0o644 under umask 022)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _remove_stale(folder: Path) -> None:
    """Remove temporary files a killed run left in ``folder`` (best effort)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if _STALE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def write_outputs(outputs: Mapping[Path, bytes]) -> None:
    """Write every output atomically: all temporary files first, then all renames.

    A failure before the renames leaves every existing file untouched. A new file gets the
    mode any new file gets under the umask; a replaced file keeps its mode. Temporary files
    that a killed run left in a target folder are removed first. Messages name the output,
    never its temporary file.
    """
    staged: list[tuple[str, Path]] = []
    target: Path | None = None
    default_mode = _new_file_mode()
    cleaned: set[Path] = set()
    try:
        for target, data in outputs.items():
            if target.is_dir():
                raise MassagePrintError(f"cannot write {target}: it is a folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.parent not in cleaned:
                _remove_stale(target.parent)
                cleaned.add(target.parent)
            try:
                mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else default_mode
            except OSError:
                mode = default_mode
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
        staged = []
    except OSError as exc:
        what = str(target) if target is not None else "output"
        raise MassagePrintError(f"cannot write {what}: {exc.strerror or exc}") from exc
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
