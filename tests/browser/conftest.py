"""Fixtures of the browser tests: packs built once, pages opened offline.

The one session browser, ``chromium_browser``, lives in ``tests/conftest.py``
(Debian's ``chromium``; ``make test`` installs it when missing). Pages are
opened through :class:`browsing.Visitor`, offline, recording what they do.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: builders, adversarial

from adversarial import cached_pack, html_pages
from browsing import Visit, Visitor, open_pack


@pytest.fixture
def visitor(chromium_browser: Any) -> Iterator[Visitor]:
    """Opens pages for one test; closes them after it."""
    opened = Visitor(chromium_browser)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack built from the demo data in data/, once per session, by the command line."""
    return cached_pack("demo", tmp_path_factory)[1]


@pytest.fixture(scope="session")
def demo_pages(chromium_browser: Any, demo_pack: Path) -> Iterator[dict[str, Visit]]:
    """Every page of the demo pack ('index.html', 'sites/X.html'), opened once, charts drawn."""
    visitor = Visitor(chromium_browser)
    yield open_pack(visitor, html_pages(demo_pack), demo_pack)
    visitor.close()


@pytest.fixture(scope="session")
def injection_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack built from the hostile data of :func:`adversarial.write_injection_data`."""
    return cached_pack("injection", tmp_path_factory)[1]


@pytest.fixture(scope="session")
def personal_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack built from the marker data of :func:`adversarial.write_personal_data`."""
    return cached_pack("personal", tmp_path_factory)[1]
