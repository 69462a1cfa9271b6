"""Hardening of the PDF boundary: impose's input checks, encryption, forms, links, file modes."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from massage_print.cli.impose import impose
from massage_print.errors import MassagePrintError
from massage_print.imposition.saddle_job import impose_saddle
from massage_print.pdf import pypdf_io
from massage_print.pdf.writer import write_outputs

from .test_impose_pdf import numbered_pdf


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# --- one PDF boundary: public pypdf API only ----------------------------------------------


def test_pdf_boundary_uses_no_private_pypdf_attributes() -> None:
    source = Path(pypdf_io.__file__).read_text(encoding="utf-8")
    private = re.findall(r"\.(_[a-zA-Z]\w*)\b", source)
    assert private == []


def test_imposed_pdf_keeps_viewer_preferences_and_a_stable_id(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.pdf", numbered_pdf(8))
    first = impose_saddle(source, duplex="long").data
    second = impose_saddle(source, duplex="long").data
    assert first == second
    reader = PdfReader(io.BytesIO(first))
    prefs = reader.trailer["/Root"]["/ViewerPreferences"].get_object()
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge"
    assert prefs["/PrintScaling"] == "/None"
    found = re.findall(rb"/ID\s*\[\s*<([0-9A-F]+)>\s*<([0-9A-F]+)>", first)
    assert len(found) == 1 and found[0][0] == found[0][1] and set(found[0][0]) != {ord("0")}


# --- impose IN == OUT ---------------------------------------------------------------------


@pytest.mark.parametrize("how", ["same", "dot", "symlink", "hardlink"])
def test_impose_refuses_to_overwrite_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    data = numbered_pdf(4)
    source = _write(tmp_path / "in.pdf", data)
    monkeypatch.chdir(tmp_path)
    target = {
        "same": "in.pdf",
        "dot": "./in.pdf",
        "symlink": "link.pdf",
        "hardlink": "hard.pdf",
    }[how]
    if how == "symlink":
        os.symlink(source, tmp_path / "link.pdf")
    if how == "hardlink":
        os.link(source, tmp_path / "hard.pdf")
    result = CliRunner().invoke(impose, ["saddle", "in.pdf", target])
    assert result.exit_code == 1
    assert f"{Path(target)}: is the input file in.pdf" in result.output
    assert source.read_bytes() == data


# --- encrypted input ----------------------------------------------------------------------


def _encrypted(user: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(numbered_pdf(4)))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_owner_password_only_pdf_is_imposed(tmp_path: Path, algorithm: str) -> None:
    source = _write(tmp_path / "locked.pdf", _encrypted("", algorithm))
    result = impose_saddle(source)
    assert result.sheets == 1
    text = _text(result.data)
    assert all(str(n) in text for n in range(1, 5))


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_user_password_pdf_is_refused(tmp_path: Path, algorithm: str) -> None:
    _write(tmp_path / "secret.pdf", _encrypted("open-sesame", algorithm))
    result = CliRunner().invoke(
        impose, ["saddle", str(tmp_path / "secret.pdf"), str(tmp_path / "out.pdf")]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'secret.pdf'}: needs a password; " in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.pdf").exists()


# --- forms, links, outlines ---------------------------------------------------------------


def _form_pdf() -> bytes:
    """Two A5 pages: a filled text field and a ticked check box, a link and a bookmark."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1)
    canvas.drawString(50, 500, "Name of the client:")
    canvas.acroForm.textfield(
        name="client", value="Ingrid Bergmann", x=50, y=440, width=250, height=30
    )
    canvas.acroForm.checkbox(name="consent", checked=True, x=50, y=380, size=20)
    canvas.bookmarkPage("start")
    canvas.addOutlineEntry("Start", "start")
    canvas.linkURL("https://example.org", (50, 300, 200, 320))
    canvas.showPage()
    canvas.drawString(50, 500, "Second page")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_impose_prints_filled_form_fields(tmp_path: Path) -> None:
    source = _write(tmp_path / "form.pdf", _form_pdf())
    result = impose_saddle(source)
    text = _text(result.data)
    assert "Ingrid Bergmann" in text
    assert "Name of the client:" in text
    for page in PdfReader(io.BytesIO(result.data)).pages:
        assert "/Annots" not in page  # printed into the page, not live fields


def test_impose_warns_once_about_dropped_links_and_bookmarks(tmp_path: Path) -> None:
    source = _write(tmp_path / "form.pdf", _form_pdf())
    result = impose_saddle(source)
    dropped = [w for w in result.warnings if "left out" in w]
    assert dropped == [
        f"{source}: 1 link and 1 bookmark left out: imposed sheets cannot keep them "
        "(form fields and other printable annotations are printed into the pages)"
    ]


def test_plain_pdf_has_no_dropped_warning(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.pdf", numbered_pdf(4))
    assert not [w for w in impose_saddle(source).warnings if "left out" in w]


def test_unreadable_pdf_is_located(tmp_path: Path) -> None:
    source = _write(tmp_path / "bad.pdf", b"%PDF-1.4\nnothing here\n")
    with pytest.raises(MassagePrintError) as info:
        impose_saddle(source)
    assert str(info.value).startswith(f"{source}: ")


# --- file modes, temporary files ----------------------------------------------------------


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask_022")
def test_outputs_get_the_umask_mode_and_keep_it_when_rebuilt(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.pdf"
    write_outputs({target: b"one"})
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    write_outputs({target: b"two"})
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == b"two"


def test_a_rebuilt_file_keeps_its_own_mode(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        target = tmp_path / "a.pdf"
        write_outputs({target: b"one"})
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o640)
        write_outputs({target: b"two"})
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_stale_temporary_files_are_removed_on_the_next_write(tmp_path: Path) -> None:
    stale = [tmp_path / ".booklet.pdf.k3j9x_0q.tmp", tmp_path / ".cards.pdf.abcdefgh.tmp"]
    for path in stale:
        path.write_bytes(b"half a pdf")
    keep = [tmp_path / "notes.tmp", tmp_path / ".hidden.tmp", tmp_path / "mine.pdf"]
    for path in keep:
        path.write_bytes(b"user file")
    write_outputs({tmp_path / "booklet.pdf": b"new"})
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in keep)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["booklet.pdf", *(p.name for p in keep)]
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_write_error_names_the_output_not_the_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(MassagePrintError) as info:
            write_outputs({folder / "booklet.pdf": b"data"})
    finally:
        folder.chmod(0o700)
    message = str(info.value)
    assert message.startswith(f"cannot write {folder / 'booklet.pdf'}: ")
    assert ".tmp" not in message


def test_rename_error_names_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(source: str, target: object) -> None:
        raise PermissionError(13, "Permission denied", source, None, str(target))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(MassagePrintError) as info:
        write_outputs({tmp_path / "cards.pdf": b"data"})
    assert str(info.value) == f"cannot write {tmp_path / 'cards.pdf'}: Permission denied"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
