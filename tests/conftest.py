"""Fixtures shared by every test module: one headless Chromium for the whole session.

Playwright's sync API keeps its event loop running in the main thread while it
is open, so a second ``sync_playwright()`` later in the same session fails:
every browser test uses this one browser instead of starting its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
