"""Safe HTML pieces and charts: workbook text is escaped, results read in words and symbols."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import nbformat
from builders import site_row, write_data
from markupsafe import Markup
from nbformat import v4

from stockham_analytics import charts, display, overview, pages, views
from stockham_analytics.engine import evaluate
from stockham_analytics.load import load_dataset
from stockham_analytics.schema import REGISTER
from stockham_analytics.terms import Term

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def test_table_escapes_every_text_cell() -> None:
    """A payload in a cell, the caption or a header comes out as visible text."""
    html = display.table([PAYLOAD], [[PAYLOAD, PAYLOAD]], caption=PAYLOAD)
    assert "<script>" not in html and "<img" not in html
    # the region's aria-label, the caption, the header and the two cells
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x") == 5


def test_table_keeps_markup_cells_and_marks_row_headers() -> None:
    """A Markup cell is kept as markup; the first cell of a row is a row header."""
    html = display.table(["A", "B"], [["x", Markup("<b>bold</b>")]], caption="c")
    assert '<th scope="row">x</th><td><b>bold</b></td>' in html


def test_blank_cell_shows_a_dash() -> None:
    """None and blank text both show as a dash."""
    assert "–" in display.text(None) and "–" in display.text("  ")


def test_rag_badges_carry_symbol_and_word() -> None:
    """Red, Amber and Green read the same without colour."""
    assert [_visible(display.badge(r)) for r in ("Red", "Amber", "Green")] == [
        "● Red", "▲ Amber", "✔ Green"]


def test_check_outcome_badges_carry_symbol_and_word() -> None:
    """Pass, Fail, N/A and Unknown each have their own symbol."""
    assert [_visible(display.badge(o)) for o in ("Pass", "Fail", "N/A", "Unknown")] == [
        "✔ Pass", "✘ Fail", "– N/A", "? Unknown"]


def test_ratio_is_cut_not_rounded() -> None:
    """0.7499 shows as 74.9%, never as the 75% threshold."""
    assert display.format_ratio(Fraction(7499, 10000)) == "74.9%"
    assert display.format_ratio(Fraction(7, 8)) == "87.5%"
    assert display.format_ratio(None) == "–"


def test_dates_and_numbers_read_naturally() -> None:
    """14 Sep 2026; 2.50 shows as 2.5 and 40 as 40."""
    assert display.text(dt.date(2026, 9, 14)) == "14 Sep 2026"
    assert display.text(Decimal("2.50")) == "2.5"
    assert display.text(Decimal("4E+1")) == "40"


def test_chart_has_fixed_id_table_and_label() -> None:
    """A bar chart keeps its id, no cloud button or logo, and a table of the same numbers."""
    chart = charts.bar_chart("chart-x", "Sites by rating", "Sites", [("Red", 4), ("Green", 3)],
                             label_header="RAG")
    html = charts.render(chart)
    assert 'id="chart-x"' in html and '"displaylogo": false' in html
    assert '"showSendToCloud": false' in html
    assert 'aria-label="Bar chart, Sites by rating. Red: 4; Green: 3."' in html
    assert '<th scope="row">Red</th><td>4</td>' in html


def test_chart_labels_from_workbooks_cannot_become_markup() -> None:
    """A payload used as a chart label is escaped in the plot data, the label and the table."""
    chart = charts.line_chart("chart-y", "Trend", "Posts", ["Autumn 2026"], {PAYLOAD: [3]})
    html = charts.render(chart)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_chart_html_does_not_embed_plotly_js() -> None:
    """plotly.js is left to the page template (embedded once per page)."""
    chart = charts.bar_chart("chart-z", "T", "N", [("a", 1)])
    assert len(charts.to_html("chart-z", chart.figure)) < 20_000


def test_template_shows_only_html_outputs() -> None:
    """Streams (warnings), tracebacks, plain text and code never reach a page."""
    cell = v4.new_code_cell("import os\nprint('secret stdout')")
    cell.outputs = [
        v4.new_output("stream", name="stderr", text="UserWarning: secret warning"),
        v4.new_output("stream", name="stdout", text="secret stdout"),
        v4.new_output("error", ename="ValueError", evalue="secret error", traceback=["secret tb"]),
        v4.new_output("execute_result", data={"text/plain": "secret plain"}, execution_count=1),
        v4.new_output("display_data", data={"text/html": "<p>shown</p>", "text/plain": "x"}),
    ]
    book = v4.new_notebook(cells=[v4.new_markdown_cell("secret markdown"), cell])
    nbformat.validate(book)
    html, _ = pages.exporter().from_notebook_node(book, resources=_resources())
    assert "<p>shown</p>" in html
    assert "secret" not in html and "import os" not in html and "In&nbsp;[" not in html


def _resources() -> dict[str, object]:
    return {"stockham": {
        "title": "T", "school": "S", "term": "Autumn 2026", "term_dates": "d", "generated": "g",
        "version": "v", "back": "", "parameters": [], "inputs": [], "plotly_js": "", "css": "",
    }}


def _visible(markup: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", markup).strip()


def test_count_axes_tick_in_round_steps() -> None:
    """Counts up to 4 tick every 1, up to 55 every 20, up to 320 every 100."""
    assert [charts.nice_step(t) for t in (0, 4, 11, 55, 320)] == [1, 1, 5, 20, 100]


def test_data_quality_lists_warnings_without_cell_values(tmp_path: Path) -> None:
    """An extra column is reported by where it is, never by what its cells hold."""
    headers = [c.header for c in REGISTER.columns] + ["Staff notes"]
    folder = write_data(tmp_path, register=[site_row(**{"Staff notes": "Qxnotesmarker Zz"})],
                        headers={"Register": headers})
    dataset = load_dataset(folder)
    ctx = views.Context(folder, dataset, evaluate(dataset, Term(2026, 2)))
    html = overview.data_quality(ctx)
    assert "approval_register.xlsx" in html and "Staff notes" in html
    assert "Qxnotesmarker" not in html
