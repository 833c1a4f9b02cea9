"""What the loaded pages hold (rendered DOM, hidden elements, chart data) names no person
and quotes no breach Description (spec 7)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from adversarial import demo_personal_texts, html_pages, leaks
from browsing import Visit, Visitor, open_pack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The data and layout of every drawn plotly chart, as JSON.
CHART_DATA = """() => JSON.stringify(Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(d => ({data: d.data, layout: d.layout})))"""


@pytest.fixture(scope="module")
def marker_pages(chromium_browser: Any, personal_pack: Path) -> Iterator[dict[str, Visit]]:
    """Every page of the marker pack, opened once, charts drawn."""
    visitor = Visitor(chromium_browser)
    yield open_pack(visitor, html_pages(personal_pack), personal_pack)
    visitor.close()


def _held(visit: Visit) -> str:
    """Everything the loaded page holds: its DOM (hidden parts too) and its charts' data."""
    return str(visit.page.content()) + str(visit.page.evaluate(CHART_DATA))


def test_marker_pages_load_with_charts(marker_pages: dict[str, Visit]) -> None:
    """The marker pack's pages all load cleanly and the overview draws charts."""
    charts = marker_pages["index.html"].page.locator(".js-plotly-plot svg.main-svg").count()
    assert (min(marker_pages), charts > 0,
            {k: v.problems() for k, v in marker_pages.items() if v.problems()}) == ("index.html", True, {})


def test_no_loaded_page_holds_a_marker(marker_pages: dict[str, Visit]) -> None:
    """No rendered DOM or chart data of the marker pack holds a marker word."""
    found = {name: leaks(_held(visit)) for name, visit in marker_pages.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_loaded_demo_page_holds_a_demo_name_or_description(demo_pages: dict[str, Visit]) -> None:
    """No rendered DOM or chart data of the demo pack holds a demo name or Description."""
    texts = [t.lower() for t in demo_personal_texts()]
    found = {}
    for name, visit in demo_pages.items():
        held = _held(visit).lower()
        found[name] = [t for t in texts if t in held]
    assert {k: v for k, v in found.items() if v} == {}
