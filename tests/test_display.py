"""Safe HTML pieces and charts: workbook text is escaped, results read in words and symbols."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import nbformat
from builders import breach_row, site_row, write_data
from markupsafe import Markup
from nbformat import v4

from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.pack import html_pages as pages
from stockham_analytics.pages import charts, overview
from stockham_analytics.pages import markup as display
from stockham_analytics.pages import notebook as views
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.load import load_dataset
from stockham_analytics.workbooks.schema import REGISTER

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def test_table_escapes_every_text_cell() -> None:
    """A payload in a cell, the caption or a header comes out as visible text."""
    html = display.table([PAYLOAD], [[PAYLOAD, PAYLOAD]], caption=PAYLOAD)
    assert "<script>" not in html and "<img" not in html
    # the region's aria-label, the caption, the header, the first cell's data-label and the two cells
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x") == 6


def test_table_keeps_markup_cells_and_marks_row_headers() -> None:
    """A Markup cell is kept as markup; the first cell of a row is a row header."""
    html = display.table(["A", "B"], [["x", Markup("<b>bold</b>")]], caption="c")
    assert '<th scope="row" data-label="A">x</th><td data-label="B"><b>bold</b></td>' in html


def test_every_cell_is_labelled_with_its_column_and_verdicts_are_marked() -> None:
    """Each cell carries its column's name (shown when rows stack); a badge cell is a verdict."""
    head = Markup('<span class="matrix-head">APPROVAL<br><small>A3.2</small></span>')
    html = display.table(["Site", "RAG", head], [["SM-01", display.badge("Red"), "n"]], caption="c")
    assert '<th scope="row" data-label="Site">SM-01</th>' in html
    assert '<td class="verdict" data-label="RAG"><span class="badge badge-red">' in html
    assert '<td data-label="APPROVAL">n</td>' in html


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
    assert '<th scope="row" data-label="RAG">Red</th><td data-label="Sites">4</td>' in html


def test_charts_keep_still_with_hover_labels() -> None:
    """No mode bar, scroll zoom or double-click; axes fixed, no drag mode; hover labels kept."""
    assert charts.CONFIG["displayModeBar"] is False and charts.CONFIG["scrollZoom"] is False
    assert charts.CONFIG["doubleClick"] is False and charts.CONFIG["displaylogo"] is False
    for figure in (charts.bar_figure("N", ["a"], [1]), charts.hbar_figure("N", ["a"], [1]),
                   charts.line_figure("N", ["Autumn 2026"], {"s": [1.0]})):
        assert figure.layout.dragmode is False
        assert figure.layout.xaxis.fixedrange is True and figure.layout.yaxis.fixedrange is True
        assert all(trace.hovertemplate for trace in figure.data)


def test_chart_script_waits_for_the_deferred_plotly() -> None:
    """The chart's script draws at once if plotly.js is there, else on DOMContentLoaded."""
    html = charts.to_html("chart-w", charts.bar_figure("N", ["a"], [1]))
    assert 'if(window.Plotly){d();}else{document.addEventListener("DOMContentLoaded",d);}' in html
    assert 'Plotly.newPlot("chart-w"' in html


def test_chart_labels_from_workbooks_cannot_become_markup() -> None:
    """A payload used as a chart label is escaped in the plot data, the label and the table."""
    chart = charts.line_chart("chart-y", "Trend", "Posts", ["Autumn 2026"], {PAYLOAD: [3]})
    html = charts.render(chart)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_chart_html_does_not_embed_plotly_js() -> None:
    """plotly.js is left to the pack's assets/ folder (stored once per pack)."""
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
        "version": "v", "back": "", "parameters": [], "inputs": [], "assets": "assets",
        "kind": "page-index", "print_header": "S",
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


def test_compact_badge_keeps_its_word_for_readers_and_the_title() -> None:
    """A matrix badge: symbol, then the word in its own span (for screen readers), and a title."""
    assert str(display.badge("Unknown", compact=True)) == (
        '<span class="badge badge-unknown" title="Unknown"><span aria-hidden="true">?</span> '
        '<span class="badge-word">Unknown</span></span>')
    assert _visible(display.badge("Fail", compact=True)) == "✘ Fail"


def test_key_escapes_what_each_badge_means() -> None:
    """A key's explanations are text, never markup."""
    html = display.key([(display.badge("Red"), PAYLOAD)])
    assert "<script>" not in html and "&lt;script&gt;alert(1)" in html
    assert '<dt><span class="badge badge-red">' in html


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    """Black on white is 21:1; #767676 on white is the lightest grey that passes AA (4.54:1)."""
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#777777", "#ffffff") < 4.5


def _hex(colour: str) -> str:
    """#555 as #555555."""
    return colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])


def _badge_colours(css: str) -> dict[str, tuple[str, str]]:
    variables = {k: _hex(v) for k, v in re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6}|#[0-9a-f]{3});", css)}
    pairs: dict[str, tuple[str, str]] = {}
    for selectors, ink, paper in re.findall(
            r"([^{}]*\.badge-[^{}]*)\{\s*color:\s*([^;]+);\s*background:\s*(#[0-9a-f]{6});", css):
        ink = variables[ink.strip()[6:-1]] if ink.strip().startswith("var(") else _hex(ink.strip())
        for name in re.findall(r"\.badge-([a-z]+)", selectors):
            pairs[name] = (ink, paper)
    return pairs


def test_every_badge_colour_pair_meets_wcag_aa() -> None:
    """Each badge's text colour on its background reaches 4.5:1 (WCAG AA for text)."""
    pairs = _badge_colours(pages.STYLESHEET.read_text(encoding="utf-8"))
    used = {css for _, css in display.BADGES.values()}
    assert used <= set(pairs), used - set(pairs)
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5}
    assert not low


def test_white_numbers_on_chart_bars_meet_wcag_aa() -> None:
    """The value written in white on each coloured bar reaches 4.5:1."""
    assert all(contrast("#ffffff", colour) >= 4.5 for colour in charts.COLOURS.values())


def test_long_bar_labels_are_wrapped_beside_horizontal_bars() -> None:
    """A clause title wraps at 28 characters; each bar gets 20px + 17px per label line, +70px."""
    label = "5.4 Do not discuss personal information about pupils or staff"
    figure = charts.hbar_figure("Breaches", [label, "A2.5 Minimum age"], [2, 1])
    bar = figure.data[0]
    assert bar.orientation == "h" and list(bar.x) == [2, 1]
    assert bar.y[0] == "5.4 Do not discuss personal<br>information about pupils or<br>staff"
    # 3 lines + 1 line: (20 + 51) + (20 + 17) + 70 = 178
    assert figure.layout.height == 178
    assert figure.layout.yaxis.autorange == "reversed"  # the first row of the table at the top


def test_a_chart_with_few_short_bars_keeps_half_a_chart_of_height() -> None:
    """One one-line bar would be 107px; the chart is never lower than 150px."""
    assert charts.bar_height(["6.6 Friends"]) == 150


def test_wrapped_labels_escape_each_line() -> None:
    """Wrapping inserts plotly's <br> between lines, but the workbook text stays escaped."""
    label = charts.wrapped(PAYLOAD)
    assert "<script>" not in label and "<img" not in label
    assert label.replace("<br>", "").startswith("&lt;script&gt;alert(1)&lt;/script&gt;")


def test_breach_chart_by_clause_is_drawn_sideways(tmp_path: Path) -> None:
    """On the overview, breaches by clause are horizontal bars with the clause title beside each."""
    folder = write_data(tmp_path, register=[site_row()],
                        breaches=[breach_row(**{"Policy clause": "6.6"})])
    ctx = views.Context(folder, load_dataset(folder), evaluate(load_dataset(folder), Term(2026, 2)))
    html = overview.breaches(ctx)
    assert '"orientation":"h"' in html and '"y":["6.6 Decline friend requests\\u003cbr\\u003efrom pupils"]' in html


def test_reference_lines_are_drawn_and_said_in_words() -> None:
    """A target line at 100% is a dashed shape, and the chart's words name it."""
    chart = charts.line_chart("chart-o", "Objectives", "Percent", ["Autumn 2026"], {"O1": [80.0]},
                              percent=True, references=[(100.0, "Met (100%)")])
    shapes = chart.figure.layout.shapes
    assert len(shapes) == 1 and shapes[0].y0 == 100 and shapes[0].line.dash == "dash"
    assert chart.alt_text.endswith("O1: Autumn 2026 80%. A dashed line marks Met (100%).")


def _words(markup: str) -> str:
    """What a reader sees: tags become spaces, entities characters, runs of space one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _legend(tmp_path: Path, school_toml: str | None) -> str:
    folder = write_data(tmp_path, register=[site_row()], school_toml=school_toml)
    dataset = load_dataset(folder)
    return str(overview.legend(views.Context(folder, dataset, evaluate(dataset, Term(2026, 2)))))


def test_legend_explains_every_rating_in_words(tmp_path: Path) -> None:
    """RAG, recommendation, verdict and check result each have a badge and a plain sentence."""
    text = _words(_legend(tmp_path, None))
    for phrase in ("● Red A serious gap", "▲ Amber No serious gap", "✔ Green Every check",
                   "→ Continue Meeting all its objectives and Green", "■ Close Past its planned",
                   "□ Closed The site had closed", "? No evidence No objective has a result",
                   "– N/A Not applicable: the check does not apply", "? Unknown The check could not be made"):
        assert phrase in text, phrase
    # the five checks that make a site Red (spec 4), by their titles
    assert ("approved before going live, at least two moderators, platform minimum age respected, "
            "strongest privacy for pupils or safeguarding concerns acted on") in text


def test_legend_gives_the_schools_own_partly_met_threshold(tmp_path: Path) -> None:
    """With partly_met_ratio = 0.8 in school.toml the key says 80%, not the default 75%."""
    assert "Partly met from 75%" in _words(_legend(tmp_path / "default", None))
    text = _words(_legend(tmp_path / "own", "[thresholds]\npartly_met_ratio = 0.8\n"))
    assert "Partly met from 80%" in text and "75%" not in text
