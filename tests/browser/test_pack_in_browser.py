"""The demo pack as governors see it: offline in Chromium, on a phone, and printed on A4."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from adversarial import html_pages
from browsing import PHONE, Visit, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Names a chart for :func:`_pdf_chart_pages`: an anchor at its top and bottom edge, each the
#: target of an (invisible) in-page link, so that Chromium writes both into the PDF as named
#: destinations with the page they landed on.
MARK_CHART_EDGES = """() => {
  const links = document.createElement('div');
  links.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:hidden';
  const charts = Array.from(document.querySelectorAll('.plotly-graph-div'))
    .filter(chart => chart.getClientRects().length > 0);  // the charts that print
  charts.forEach((chart, i) => {
    if (getComputedStyle(chart).position === 'static') chart.style.position = 'relative';
    for (const [edge, css] of [['top', 'top:0'], ['bottom', 'bottom:0']]) {
      const anchor = document.createElement('span');
      anchor.id = `h5edge-${edge}-${i}`;
      anchor.style.cssText = `position:absolute;left:0;${css};width:1px;height:1px`;
      chart.appendChild(anchor);
      const link = document.createElement('a');
      link.href = '#' + anchor.id;
      link.textContent = '.';
      links.appendChild(link);
    }
  });
  document.body.appendChild(links);
  return charts.map(c => c.id);
}"""

DEST = re.compile(rb"/h5edge-(top|bottom)-(\d+)\s*\[\s*(\d+)\s+0\s+R")
KIDS = re.compile(rb"/Type\s*/Pages\b.*?/Kids\s*\[([^\]]*)\]", re.DOTALL)


@pytest.fixture
def loaded(demo_pages: dict[str, Visit]) -> dict[str, Visit]:
    """Every page of the demo pack, opened once per session at desktop width, charts drawn."""
    return demo_pages


def _summary(pack: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((pack / "summary.json").read_text(encoding="utf-8"))
    return data


def test_harness_records_requests_errors_and_dialogs(visitor: Visitor, tmp_path: Path) -> None:
    """The recording harness itself sees a network request, a console error, an exception and a dialog."""
    page = tmp_path / "bad.html"
    page.write_text("<img src='https://example.org/x.png'><script>console.error('boom');"
                    "alert('hi'); throw new Error('thrown');</script>", encoding="utf-8")
    problems = visitor.open(page).problems()
    assert sorted(problems) == ["console errors", "dialogs", "network", "page errors"]


def test_pack_has_a_page_for_every_site_in_summary(demo_pack: Path) -> None:
    """The pack holds index.html and exactly one sites/<Site ID>.html per site in summary.json."""
    expected = sorted(f"sites/{s['site_id']}.html" for s in _summary(demo_pack)["sites"])
    found = sorted(p.relative_to(demo_pack).as_posix() for p in html_pages(demo_pack)[1:])
    assert ((demo_pack / "index.html").is_file(), found) == (True, expected)


def test_every_page_loads_offline_without_requests_or_errors(loaded: dict[str, Visit]) -> None:
    """No page makes a network request, logs a console error, throws or opens a dialog."""
    assert {name: v.problems() for name, v in loaded.items() if v.problems()} == {}


def test_every_chart_draws(loaded: dict[str, Visit]) -> None:
    """Every plotly chart on every page has drawn its SVG, and the overview has charts."""
    undrawn = {name: v.page.evaluate(
        "() => Array.from(document.querySelectorAll('.plotly-graph-div'))"
        ".filter(d => !d.querySelector('svg.main-svg')).map(d => d.id)")
        for name, v in loaded.items()}
    overview_charts = loaded["index.html"].page.locator(".plotly-graph-div").count()
    assert ({k: ids for k, ids in undrawn.items() if ids}, overview_charts > 0) == ({}, True)


def test_every_relative_link_leads_to_a_file_of_the_pack(loaded: dict[str, Visit], demo_pack: Path) -> None:
    """No page links to a file the pack does not hold (no broken link)."""
    broken: dict[str, list[str]] = {}
    for name, visit in loaded.items():
        hrefs = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        targets = [h.split("#", 1)[0] for h in hrefs if not re.match(r"^[a-z]+:|^#", h)]
        missing = [t for t in targets if t and not ((demo_pack / name).parent / t).resolve().is_file()]
        if missing:
            broken[name] = missing
    assert broken == {}


def test_overview_links_to_every_site_page_and_back(visitor: Visitor, demo_pack: Path) -> None:
    """Clicking each site's link on the overview opens its page; its back link returns."""
    visit = visitor.open(demo_pack / "index.html")
    page = visit.page
    overview_h1 = page.inner_text("h1")
    failures: list[str] = []
    for site in _summary(demo_pack)["sites"]:
        sid, name = site["site_id"], site["site_name"]
        page.locator(f'a[href="sites/{sid}.html"]').first.click()
        page.wait_for_load_state("load")
        if not page.url.endswith(f"/sites/{sid}.html") or not (
                name in page.inner_text("h1") or sid in page.inner_text("h1")):
            failures.append(f"{sid}: landed on {page.url} with h1 {page.inner_text('h1')!r}")
        page.locator('a[href="../index.html"]').first.click()
        page.wait_for_load_state("load")
        if not page.url.endswith("/index.html") or page.inner_text("h1") != overview_h1:
            failures.append(f"{sid}: back link went to {page.url}")
            page.goto((demo_pack / "index.html").as_uri())
    assert (failures, visit.problems()) == ([], {})


def test_no_page_scrolls_sideways_on_a_phone(visitor: Visitor, demo_pack: Path) -> None:
    """At 375x812 no page is wider than the screen (wide tables scroll in their own box)."""
    too_wide: dict[str, tuple[int, int]] = {}
    for path in html_pages(demo_pack):
        visit = visitor.open(path, PHONE, phone=True)
        visit.charts_drawn()
        width = visit.page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path.relative_to(demo_pack).as_posix()] = (width, PHONE["width"])
    assert too_wide == {}


def _pdf_chart_pages(pdf: bytes) -> dict[int, tuple[int, int]]:
    """Chart number -> (page of its top edge, page of its bottom edge), read from the real PDF.

    Why not bounding boxes: a page laid out in print media without printing is
    one long sheet (``break-inside: avoid`` does nothing there), so boxes cannot
    tell where Chromium's fragmentation will put a chart. Instead
    :data:`MARK_CHART_EDGES` adds to each chart a 1px anchor at its top edge and
    one at its bottom edge (absolutely positioned, so the layout does not
    change), each the target of an in-page link; Chromium writes every link
    target into the PDF as a named destination ``/name [page-object /XYZ x y 0]``.
    The page object of each destination, mapped to a page number through the
    page tree's ``/Kids``, says on which printed page each edge landed. A chart
    is cut across a page break exactly when its two edges land on different pages.
    """
    kids = KIDS.search(pdf)
    order = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids.group(1))] if kids else []
    edges: dict[int, dict[str, int]] = {}
    for edge, number, obj in DEST.findall(pdf):
        page = order.index(int(obj)) + 1 if int(obj) in order else -int(obj)
        edges.setdefault(int(number), {})[edge.decode()] = page
    return {n: (e.get("top", 0), e.get("bottom", 0)) for n, e in edges.items()}


def test_printed_overview_cuts_no_chart_across_pages(visitor: Visitor, demo_pack: Path) -> None:
    """Printed to A4, each overview chart's top and bottom edge land on one PDF page (see _pdf_chart_pages)."""
    visit = visitor.open(demo_pack / "index.html")
    assert visit.charts_drawn()
    visit.page.emulate_media(media="print")
    ids = visit.page.evaluate(MARK_CHART_EDGES)
    # on paper the Red / Amber / Green figure stands for the chart of sites by RAG
    assert ids == ["chart-breach-clauses", "chart-breach-trend"]
    placed = _pdf_chart_pages(visit.page.pdf(format="A4"))
    cut = {ids[n]: pages for n, pages in placed.items() if pages[0] != pages[1]}
    assert (len(ids) > 0, len(placed), cut) == (True, len(ids), {})
