"""External tools some tests run (no tests here)."""

from __future__ import annotations

import shutil

import pytest

needs_qpdf = pytest.mark.skipif(
    shutil.which("qpdf") is None,
    reason="this check needs qpdf on PATH (apt-get install qpdf; .ci/run installs it)",
)
"""Mark a test that runs ``qpdf --check``: it skips, saying why, where qpdf is missing."""
