"""Found trying the tool as a new author (a French seated and feet course): see each test."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_print.cli import main
from massage_print.content.validation import load_book
from massage_print.pipeline.watch import WatchSession
from tests.viewcontent import write_view_content


@pytest.mark.slow
def test_watch_and_preview_report_the_content_warnings(tmp_path: Path) -> None:
    """`check` and `build` warn about a step that inherits a diagram across views; the
    author's loop (`watch`, `preview`) must say so too, not stay silent."""
    content = write_view_content(tmp_path / "content")
    expected = [str(w) for w in load_book(content).warnings]
    assert any("view" in w for w in expected), expected
    first = WatchSession(content, tmp_path / "out", ("diagrams",)).run()
    assert first.ok, first.problems
    assert [str(w) for w in first.warnings if str(w) in expected] == expected
    result = CliRunner().invoke(
        main,
        [
            "preview",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "p"),
            "--only",
            "diagrams",
            "--dpi",
            "20",
        ],
    )
    assert result.exit_code == 0, result.output
    assert all(w in result.stderr for w in expected), result.stderr
