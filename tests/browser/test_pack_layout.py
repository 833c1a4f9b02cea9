"""The demo pack as governors meet it in Chromium: on a phone, a tablet, a desktop and paper.

Every verdict in view at 375, 768 and 1280 px; rows stacked under their column names
below 800 px; charts that keep still and let a swipe scroll the page; the shared
scripts loaded from assets/ after the text; the pages printed on A4.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from adversarial import html_pages
from browsing import Visit, Visitor
from pypdf import PdfReader

from stockham_analytics.evaluation.catalogue import SITE_CHECKS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (375, 768, 1280)

#: Every table cell, verdict and badge that lies (even partly) outside the viewport, and every
#: table box or page that scrolls sideways.
OUT_OF_VIEW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('table.data td, table.data th, .verdict, .badge')) {
    const r = el.getBoundingClientRect();
    if (r.width > 1 && (r.left < -0.5 || r.right > width + 0.5)) {
      out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 40)}" `
               + `${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  for (const box of document.querySelectorAll('.table-wrap')) {
    if (box.scrollWidth > box.clientWidth + 1) out.push('scrolls: ' + box.getAttribute('aria-label'));
  }
  if (document.documentElement.scrollWidth > width + 1) out.push('the page scrolls sideways');
  return out;
}"""


def _open(visitor: Visitor, page: Path, width: int) -> Visit:
    visit = visitor.open(page, {"width": width, "height": 900}, phone=width < 800)
    assert visit.charts_drawn(), page.name
    return visit


@pytest.mark.parametrize("width", WIDTHS)
def test_every_verdict_is_in_view_at_every_width(
    visitor: Visitor, demo_pack: Path, width: int
) -> None:
    """No cell, verdict, RAG or recommendation lies beside the viewport; nothing scrolls sideways."""
    hidden = {}
    for page in html_pages(demo_pack):
        visit = _open(visitor, page, width)
        found = visit.page.evaluate(OUT_OF_VIEW)
        if found:
            hidden[page.relative_to(demo_pack).as_posix()] = found
        assert visit.page.locator("td.verdict").count() > 0, page.name
    assert hidden == {}


def test_all_seventeen_checks_of_the_matrix_are_in_view_at_1280(
    visitor: Visitor, demo_pack: Path
) -> None:
    """At 1280 px every check's column head and each site's 17 results sit inside the window."""
    visit = _open(visitor, demo_pack / "index.html", 1280)
    heads = visit.page.evaluate("""() => Array.from(document.querySelectorAll('table.matrix thead th'))
        .filter(th => th.getBoundingClientRect().right <= document.documentElement.clientWidth)
        .map(th => (th.querySelector('.matrix-head') || th).firstChild.textContent.trim())""")
    assert heads == ["Site", *(c.title for c in SITE_CHECKS)]
    rows = visit.page.evaluate("""() => Array.from(document.querySelectorAll('table.matrix tbody tr'))
        .map(tr => Array.from(tr.querySelectorAll('td.verdict')).filter(td =>
            td.getBoundingClientRect().right <= document.documentElement.clientWidth).length)""")
    assert rows and set(rows) == {17}


def test_below_800px_each_row_is_a_card_labelled_by_column(
    visitor: Visitor, demo_pack: Path
) -> None:
    """At 768 px the sites table's heads are hidden and each cell shows its column's name."""
    visit = _open(visitor, demo_pack / "index.html", 768)
    page = visit.page
    table = "section[aria-labelledby='sites'] table.data"
    assert page.locator(f"{table} thead").bounding_box()["height"] <= 1  # type: ignore[index]
    labels = page.evaluate(f"""() => Array.from(document.querySelectorAll("{table} tbody tr:first-child > *"))
        .map(c => [c.dataset.label, getComputedStyle(c, '::before').content])""")
    assert labels == [[name, f'"{name}"'] for name in
                      ("Site", "RAG", "Objectives", "Recommendation", "Since last term",
                       "Why: each check failed or unknown")]
    wide = _open(visitor, demo_pack / "index.html", 1280).page
    assert wide.evaluate(f"""() => getComputedStyle(document.querySelector("{table} td"), '::before')
        .content""") == "none"


def _chart_centre(page: Any, chart_id: str) -> tuple[float, float]:
    """Scroll the chart's centre to about 500 px down the window; return that point."""
    page.evaluate(f"""() => {{ const r = document.getElementById('{chart_id}').getBoundingClientRect();
        window.scrollBy(0, r.top + r.height / 2 - 500); }}""")
    page.wait_for_timeout(100)
    box = page.locator(f"#{chart_id}").bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _swipe_up(page: Any, x: float, y: float, distance: float = 250, steps: int = 10) -> None:
    """A finger put down at (x, y) and drawn up ``distance`` px, as touch events through CDP."""
    session = page.context.new_cdp_session(page)
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, steps + 1):
        session.send("Input.dispatchTouchEvent", {
            "type": "touchMove", "touchPoints": [{"x": x, "y": y - distance * step / steps}]})
        page.wait_for_timeout(16)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(400)


@pytest.mark.parametrize("chart_id", ["chart-rag", "chart-breach-clauses"])
def test_a_swipe_over_a_chart_scrolls_the_page_and_leaves_the_chart_still(
    visitor: Visitor, demo_pack: Path, chart_id: str
) -> None:
    """On a touch phone a swipe up that starts on a chart scrolls the page; its axes stay put."""
    visit = _open(visitor, demo_pack / "index.html", 375)
    page = visit.page
    x, y = _chart_centre(page, chart_id)
    on_chart = page.evaluate(f"([x, y]) => document.getElementById('{chart_id}')"
                             ".contains(document.elementFromPoint(x, y))", [x, y])
    assert on_chart
    ranges = (f"() => {{ const d = document.getElementById('{chart_id}')._fullLayout;"
              " return [d.xaxis.range, d.yaxis.range]; }")
    axes = page.evaluate(ranges)
    before = page.evaluate("() => window.scrollY")
    _swipe_up(page, x, y)
    assert page.evaluate("() => window.scrollY") > before + 100
    assert page.evaluate(ranges) == axes
    assert visit.problems() == {}


def test_charts_have_no_mode_bar_logo_or_zoom_but_hover_labels(
    visitor: Visitor, demo_pack: Path
) -> None:
    """No mode bar button or plotly logo on any page; a mouse wheel over a chart scrolls the
    page; hovering a bar shows its label."""
    for page_path in html_pages(demo_pack):
        visit = _open(visitor, page_path, 1280)
        assert visit.page.locator(".modebar-btn, .modebar-group, a[href*='plotly']").count() == 0
    page = _open(visitor, demo_pack / "index.html", 1280).page
    x, y = _chart_centre(page, "chart-breach-trend")
    before = page.evaluate("() => window.scrollY")
    page.mouse.move(x, y)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.scrollY") > before
    _chart_centre(page, "chart-breach-trend")
    box = page.locator("#chart-breach-trend .bars .point path").last.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7)
    page.wait_for_timeout(200)
    assert page.locator("#chart-breach-trend .hoverlayer .hovertext").count() == 1


def test_pages_load_shared_assets_only_from_the_pack_and_draw_every_chart(
    demo_pages: dict[str, Visit],
) -> None:
    """Offline, from file://, every page draws its charts and requests nothing but pack files."""
    assert {name: visit.problems() for name, visit in demo_pages.items() if visit.problems()} == {}
    for name, visit in demo_pages.items():
        assert visit.charts_drawn(), name
        shared = visit.page.evaluate("""() => Array.from(document.querySelectorAll(
            'script[src], link[rel=stylesheet]')).map(e => e.src || e.href)""")
        assert sorted(url.rsplit("/", 1)[1] for url in shared) == [
            "charts.js", "governors.css", "plotly.min.js"], name
        assert all(url.startswith("file:") and "/assets/" in url for url in shared), name
        assert visit.page.evaluate("() => typeof window.Plotly") == "object", name


def test_text_and_tables_show_when_plotly_js_cannot_load(
    visitor: Visitor, demo_pack: Path, tmp_path: Path
) -> None:
    """With assets/plotly.min.js missing the page still shows every table and throws nothing."""
    copy = tmp_path / "pack"
    shutil.copytree(demo_pack, copy)
    (copy / "assets" / "plotly.min.js").unlink()
    visit = visitor.open(copy / "index.html")
    page = visit.page
    assert page.get_by_text("Sites in scope this term").first.is_visible()
    assert page.get_by_role("table", name="Sites by RAG rating (the numbers in the chart)").is_visible()
    assert visit.page_errors == []


# --- paper ----------------------------------------------------------------------------------


def _print(chromium_browser: Any, page_path: Path) -> PdfReader:
    """The page as the browser's own print to A4 would give it (beforeprint fired)."""
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_path.as_uri(), wait_until="load")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.plotly-graph-div'))"
                           ".every(d => d.querySelector('svg.main-svg'))")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    return PdfReader(io.BytesIO(data))


def test_each_site_page_prints_on_two_pages_with_a_running_header(
    chromium_browser: Any, demo_pack: Path
) -> None:
    """Every site page: at most 2 A4 pages, each headed with school, term and page n of N;
    no reading guide or provenance (those print once, with the overview)."""
    for page_path in sorted((demo_pack / "sites").glob("*.html")):
        printed = _print(chromium_browser, page_path)
        count = len(printed.pages)
        assert count <= 2, page_path.name
        for number, page in enumerate(printed.pages, start=1):
            text = page.extract_text()
            assert "Stockham Primary School · Autumn 2026" in text, (page_path.name, number)
            assert f"page {number} of {count}" in text, (page_path.name, number)
            assert "How to read this page" not in text and "About this page" not in text


def test_overview_prints_on_at_most_three_pages(chromium_browser: Any, demo_pack: Path) -> None:
    """The demo overview prints on at most 3 A4 pages."""
    assert len(_print(chromium_browser, demo_pack / "index.html").pages) <= 3


def test_overview_prints_the_reading_guide_and_provenance_once(
    chromium_browser: Any, demo_pack: Path
) -> None:
    """The overview's print has the reading guide and the provenance, each once, and page n of N."""
    printed = _print(chromium_browser, demo_pack / "index.html")
    text = "".join(page.extract_text() for page in printed.pages)
    assert text.count("How to read this report") == 1 and text.count("About this page") == 1
    assert f"page {len(printed.pages)} of {len(printed.pages)}" in text


def test_print_keeps_charts_and_table_rows_whole(visitor: Visitor, demo_pack: Path) -> None:
    """On paper charts, table rows and headline tiles may not break across pages."""
    page = visitor.open(demo_pack / "sites" / "SM-03.html").page
    page.emulate_media(media="print")
    styles = page.evaluate("""() => ['.chart-card', 'table.data tr', '.figure-tile', '.details']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(e => getComputedStyle(e).breakInside)""")
    assert styles and set(styles) == {"avoid"}
