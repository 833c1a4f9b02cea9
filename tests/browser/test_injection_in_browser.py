"""The hostile pack in Chromium: no payload runs, no dialog opens, the payloads read as text.

The data (:func:`adversarial.write_injection_data`) has every payload of
:data:`adversarial.PAYLOADS` in every free-text and names column and in the
school name; each payload sets ``window.__pwned`` if it ever runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from adversarial import INJECTED_SITES, SCHOOL_PAYLOAD_START, html_pages, injected, payload_cell
from browsing import Visit, Visitor, open_pack

from stockham_analytics.workbooks.schema import OBJECTIVES, REGISTER

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: What a payload would leave in the live DOM if it had become markup.
PLANTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on') && attr.value.includes('__pwned')) found.push(el.tagName + ' ' + attr.name);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href], iframe[src], form[action]')) {
    const url = (a.getAttribute('href') || a.getAttribute('src') || a.getAttribute('action') || '');
    if (url.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase().startsWith('javascript:')) found.push(a.outerHTML);
  }
  for (const s of document.querySelectorAll('script')) {
    if (/^\\s*window\\.__pwned=\\d\\s*$/.test(s.textContent)) found.push(s.outerHTML);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(chromium_browser: Any, injection_pack: Path) -> Iterator[dict[str, Visit]]:
    """Every page of the hostile pack, opened once, charts drawn."""
    visitor = Visitor(chromium_browser)
    yield open_pack(visitor, html_pages(injection_pack), injection_pack)
    visitor.close()


def test_hostile_pack_has_every_page(hostile: dict[str, Visit]) -> None:
    """The overview and a page per hostile site were built and opened."""
    assert sorted(hostile) == ["index.html", *(f"sites/{s}.html" for s in INJECTED_SITES)]


def test_no_payload_runs_on_any_page(hostile: dict[str, Visit]) -> None:
    """window.__pwned is never set: no payload ran, on load or while charts drew."""
    ran = {name: v.page.evaluate("() => window.__pwned") for name, v in hostile.items()}
    assert {name: value for name, value in ran.items() if value is not None} == {}


def test_no_dialog_request_or_error_on_any_page(hostile: dict[str, Visit]) -> None:
    """No page opens a dialog, makes a network request, logs an error or throws."""
    assert {name: v.problems() for name, v in hostile.items() if v.problems()} == {}


def test_no_markup_planted_in_the_live_dom(hostile: dict[str, Visit]) -> None:
    """The rendered DOM has no javascript: link, payload event handler or payload script."""
    planted = {name: v.page.evaluate(PLANTED) for name, v in hostile.items()}
    assert {name: found for name, found in planted.items() if found} == {}


def test_hovering_every_chart_runs_nothing(hostile: dict[str, Visit]) -> None:
    """Hovering over each chart (hover labels carry workbook text) runs no payload either."""
    ran: dict[str, Any] = {}
    for name, visit in hostile.items():
        for chart in visit.page.locator(".plotly-graph-div").all():
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            if box is not None:
                for fraction in (0.3, 0.5, 0.7):
                    visit.page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] * 0.6)
        ran[name] = visit.page.evaluate("() => window.__pwned")
    assert ({k: v for k, v in ran.items() if v is not None},
            {k: v.problems() for k, v in hostile.items() if v.problems()}) == ({}, {})


def _text(visit: Visit) -> str:
    return " ".join(str(visit.page.inner_text("body")).split())


def test_overview_reads_school_and_site_names_as_text(hostile: dict[str, Visit]) -> None:
    """The overview's rendered text holds the hostile school name and site names verbatim."""
    text = _text(hostile["index.html"])
    names = [payload_cell(SCHOOL_PAYLOAD_START)] + [
        injected(REGISTER, "Site name", n) for n in range(len(INJECTED_SITES))]
    assert [name for name in names if name not in text] == []


def test_site_pages_read_name_aims_and_objective_as_text(hostile: dict[str, Visit]) -> None:
    """Each site page's rendered text holds its site name, aims and objective verbatim."""
    missing = {}
    for n, site in enumerate(INJECTED_SITES):
        text = _text(hostile[f"sites/{site}.html"])
        wanted = {"Site name": injected(REGISTER, "Site name", n), "Aims": injected(REGISTER, "Aims", n),
                  "Objective": injected(OBJECTIVES, "Objective", n)}
        absent = [header for header, value in wanted.items() if value not in text]
        if absent:
            missing[site] = absent
    assert missing == {}


def test_checks_catch_a_page_that_lets_payloads_through(visitor: Visitor, tmp_path: Path) -> None:
    """On a page that pastes the payloads in raw, the same checks see them run and plant markup."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<p>{payload_cell(0)}</p><a href='{payload_cell(3)}'>x</a>", encoding="utf-8")
    visit = visitor.open(page)
    visit.page.wait_for_function("() => window.__pwned !== undefined", timeout=5_000)
    assert len(visit.page.evaluate(PLANTED)) >= 3
