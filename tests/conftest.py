"""Fixtures shared by every test module: one headless Chromium for the whole session.

With ``STOCKHAM_PORTABLE=1`` (``make test-portable``) ``fcntl`` cannot be
imported and the Linux-only swap and kernel transport are off, so the suite
runs the code paths that Windows takes.

Playwright's sync API keeps its event loop running in the main thread while it
is open, so a second ``sync_playwright()`` later in the same session fails:
every browser test uses this one browser instead of starting its own.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PORTABLE = os.environ.get("STOCKHAM_PORTABLE") == "1"
if PORTABLE:  # as on Windows: no fcntl here, nor in the commands and kernels the tests start
    sys.modules["fcntl"] = None  # type: ignore[assignment]  # `import fcntl` raises ImportError
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).parent / "portable"), os.environ.get("PYTHONPATH")]))
    with warnings.catch_warnings():  # filelock says it falls back to its soft lock, as intended
        warnings.simplefilter("ignore")
        import filelock  # noqa: F401

import playwright.sync_api as playwright_api
import pytest
from browsing import chromium, launch_args


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless Chromium (Debian's; `make chromium` installs it) for the whole session."""
    executable = chromium()
    if executable is None:
        pytest.skip("no chromium on PATH: run `make chromium` (Debian's chromium package)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=launch_args())
        yield browser
        browser.close()


@pytest.fixture
def temp_area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temporary folder (same filesystem as tmp_path), so leftovers can be seen."""
    area = tmp_path / "tmp"
    area.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(area))
    return area
