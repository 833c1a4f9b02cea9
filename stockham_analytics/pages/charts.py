"""Plotly charts for the pages, each with a table holding the same numbers.

Every chart has a fixed ``div_id`` (so tests and the print stylesheet can find
it) and an ``aria-label`` saying in words what it shows. Charts keep still: no
mode bar, zoom, pan or double-click reset, so that a swipe over a chart on a
tablet scrolls the page; hover labels stay. A page read with JavaScript off, or by a screen
reader, still has every number: :func:`render` always puts the data table
beside the chart.

plotly.js itself is NOT written here: the pack stores it once in its
``assets/`` folder and each page loads it with ``defer`` after its content; a
chart's own small script draws it as soon as plotly.js is there
(:func:`to_html`). Labels that come from the workbooks are escaped
before plotly sees them (plotly renders some HTML in text).
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup

from stockham_analytics.pages import markup as display
from stockham_analytics.pages.markup import Cell
from stockham_analytics.text import visible

#: The plotly config of every chart: a still picture with hover labels (no mode bar, logo,
#: cloud button, zoom or double-click reset). The pages' charts.js resizes the charts with
#: the window, except while printing (plotly's own ``responsive`` would redraw them at the
#: print preview's width, cutting them off on paper).
CONFIG: dict[str, object] = {
    "displayModeBar": False, "displaylogo": False, "showSendToCloud": False, "showTips": False,
    "scrollZoom": False, "doubleClick": False, "responsive": False,
}

#: The inline script that draws one chart once plotly.js is loaded (it is deferred on the
#: pages; in JupyterLab it is already there).
_DRAW = ('(function(){{var f={figure};function d(){{if(window.Plotly){{'
         'Plotly.newPlot("{div_id}",f.data,f.layout,{config});}}}}'
         'if(window.Plotly){{d();}}else{{document.addEventListener("DOMContentLoaded",d);}}}})();')

#: Height of every chart in pixels; the width follows the page (fixed when printed).
HEIGHT = 300

#: Horizontal bar charts: pixels per bar and per line of its label, and the longest
#: label line in characters.
BAR_PITCH = 20
LINE_PITCH = 17
WRAP = 28

COLOURS: dict[str, str] = {
    "Red": "#b3261e",
    "Amber": "#a15c00",
    "Green": "#1e7b34",
    "bar": "#28559a",
}

#: Line colours for several series (objectives), colour-blind safe (Okabe-Ito).
SERIES_COLOURS: tuple[str, ...] = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
)


@dataclass(frozen=True)
class Chart:
    """A chart ready to show: the figure, what it shows in words, and its data table."""

    div_id: str
    title: str
    alt_text: str  # the chart in words, for screen readers
    figure: go.Figure
    table: Markup


def plain(label: str) -> str:
    """Workbook text made safe for plotly, which renders some HTML tags in labels."""
    return html.escape(visible(label), quote=True)


def _lines(label: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(label, width, break_long_words=True) or [""]


def wrapped(label: str, width: int = WRAP) -> str:
    """``label`` escaped for plotly and broken into lines of about ``width`` characters.

    Each line is escaped on its own and only plotly's ``<br>`` joins them, so
    workbook text still cannot become markup.
    """
    return "<br>".join(plain(line) for line in _lines(label, width))


def plotly_js() -> str:
    """plotly.js from the installed plotly package (about 4.8 MB), read when asked: about
    7 ms, once per load of a notebook run by hand (:meth:`notebook.Context.show`); kept in
    no cache, so nothing here holds state."""
    return plotly_js_path().read_text(encoding="utf-8")


def plotly_js_path() -> Path:
    """The minified plotly.js file the installed plotly package ships."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _layout(axis_title: str, *, percent: bool = False) -> go.Layout:
    """The common look; the title is the figure's caption (HTML), not drawn inside the chart."""
    return go.Layout(
        template="none",
        height=HEIGHT,
        autosize=True,
        margin={"l": 56, "r": 16, "t": 16, "b": 56},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
              "size": 13, "color": "#1a1a1a"},
        yaxis={"title": {"text": plain(axis_title)}, "gridcolor": "#d9d9d9", "rangemode": "tozero",
               "ticksuffix": "%" if percent else "", "zeroline": True, "zerolinecolor": "#888", "fixedrange": True},
        xaxis={"type": "category", "automargin": True, "fixedrange": True},
        showlegend=False,
        dragmode=False,
        plot_bgcolor="white",
        paper_bgcolor="white",
    )


def _count_ticks(values: Sequence[int | float]) -> dict[str, object]:
    """Whole-number ticks for counts (never 0.2, 0.4, ...)."""
    return {"tickmode": "linear", "tick0": 0, "dtick": nice_step(max([0, *values])),
            "tickformat": "d"}


def nice_step(top: float, ticks: int = 5) -> int:
    """A whole-number tick step of 1, 2 or 5 times a power of ten giving about ``ticks`` ticks."""
    rough = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(rough))
    return next(int(m * power) for m in (1, 2, 5, 10) if m * power >= rough)


def bar_figure(
    axis_title: str,
    categories: Sequence[str],
    values: Sequence[int | float],
    colours: Sequence[str] | None = None,
) -> go.Figure:
    """A bar chart with the value written on each bar."""
    bar = go.Bar(
        x=[plain(c) for c in categories],
        y=list(values),
        text=[_number(v) for v in values],
        textposition="auto",
        marker={"color": list(colours) if colours else COLOURS["bar"]},
        hovertemplate="%{x}: %{y}<extra></extra>",
    )
    figure = go.Figure(data=[bar], layout=_layout(axis_title))
    if all(float(v).is_integer() for v in values):
        figure.update_yaxes(**_count_ticks(values))
    return figure


def bar_height(labels: Sequence[str]) -> int:
    """The height of a horizontal bar chart: room for each bar and its wrapped label.

    Each bar gets :data:`BAR_PITCH` plus :data:`LINE_PITCH` per line of its
    label, and the axis 70 more; never less than half an ordinary chart.
    """
    bars = sum(BAR_PITCH + LINE_PITCH * len(_lines(label)) for label in labels)
    return max(HEIGHT // 2, bars + 70)


def hbar_figure(
    axis_title: str,
    categories: Sequence[str],
    values: Sequence[int | float],
    colours: Sequence[str] | None = None,
) -> go.Figure:
    """Horizontal bars, the first category at the top, for labels that are phrases.

    Long labels are wrapped onto several lines (:func:`wrapped`) beside their
    bar instead of slanting under it, which on a phone or on paper cut them off.
    """
    bar = go.Bar(
        y=[wrapped(c) for c in categories],
        x=list(values),
        orientation="h",
        text=[_number(v) for v in values],
        textposition="auto",
        marker={"color": list(colours) if colours else COLOURS["bar"]},
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    figure = go.Figure(data=[bar], layout=_layout(axis_title))
    figure.update_layout(height=bar_height(categories),
                         margin={"l": 8, "r": 16, "t": 8, "b": 48})
    figure.update_yaxes(type="category", autorange="reversed", automargin=True, title=None,
                        ticksuffix="  ", gridcolor="rgba(0,0,0,0)", zeroline=False)
    figure.update_xaxes(type="linear", title={"text": plain(axis_title)}, gridcolor="#d9d9d9",
                        rangemode="tozero", zeroline=True, zerolinecolor="#888")
    if all(float(v).is_integer() for v in values):
        figure.update_xaxes(**_count_ticks(values))
    return figure


def line_figure(
    axis_title: str,
    x: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
) -> go.Figure:
    """Lines over terms, one per series, with markers (gaps where a value is missing)."""
    traces = [
        go.Scatter(
            x=[plain(t) for t in x],
            y=list(values),
            name=plain(name),
            mode="lines+markers",
            line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 2},
            marker={"size": 8, "symbol": index % 8},
            hovertemplate="%{fullData.name}: %{y}<extra>%{x}</extra>",  # y carries the axis suffix
        )
        for index, (name, values) in enumerate(series.items())
    ]
    figure = go.Figure(data=traces, layout=_layout(axis_title, percent=percent))
    figure.update_layout(showlegend=len(series) > 1, legend={"orientation": "h", "y": -0.25})
    known = [v for values in series.values() for v in values if v is not None]
    if not percent and all(float(v).is_integer() for v in known):
        figure.update_yaxes(**_count_ticks(known))
    return figure


def _number(value: int | float | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return str(int(value))


def to_html(div_id: str, figure: go.Figure) -> Markup:
    """The figure as a ``<div>`` and the small script that draws it (no plotly.js).

    The figure's JSON comes from :func:`plotly.io.to_json`, which escapes
    ``<``, ``>`` and ``/``, so workbook text cannot close the script.
    """
    height = figure.layout.height or HEIGHT
    script = _DRAW.format(figure=pio.to_json(figure, validate=False), div_id=div_id,
                          config=json.dumps(CONFIG))
    return Markup('<div id="{0}" class="plotly-graph-div" style="height:{1}px; width:100%;"></div>'
                  "<script>{2}</script>").format(div_id, height, Markup(script))


def render(chart: Chart) -> Markup:
    """The chart (labelled for screen readers) followed by its data table."""
    return Markup(
        '<div class="chart-card"><figure class="chart" id="{0}-figure"><figcaption>{3}</figcaption>'
        '<div class="chart-plot" role="img" aria-label="{1}">{2}</div></figure>{4}</div>'
    ).format(chart.div_id, chart.alt_text, to_html(chart.div_id, chart.figure), chart.title,
             chart.table)


def bar_chart(
    div_id: str,
    title: str,
    axis_title: str,
    rows: Sequence[tuple[str, int | float]],
    *,
    colours: Sequence[str] | None = None,
    label_header: str = "",
    horizontal: bool = False,
) -> Chart:
    """A bar chart of ``(label, value)`` rows, with the rows as its table.

    ``horizontal`` bars suit long labels (a clause and its title).
    """
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    words = "; ".join(f"{label}: {_number(value)}" for label, value in rows)
    table = display.table(
        [label_header or "Item", axis_title],
        [(label, _number(value)) for label, value in rows],
        caption=f"{title} (the numbers in the chart)",
    )
    draw = hbar_figure if horizontal else bar_figure
    return Chart(div_id, title, f"Bar chart, {title}. {words}.",
                 draw(axis_title, labels, values, colours), table)


def line_chart(
    div_id: str,
    title: str,
    axis_title: str,
    terms: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
    series_header: str = "",
    references: Sequence[tuple[float, str]] = (),
) -> Chart:
    """A line chart over terms with a table: one row per series, one column per term.

    ``references`` are ``(value, label)`` pairs drawn as dashed lines across
    the chart (a target, a threshold) and named in its words.
    """
    suffix = "%" if percent else ""
    rows: list[list[Cell]] = [
        [name, *(None if v is None else f"{_number(v)}{suffix}" for v in values)]
        for name, values in series.items()
    ]
    words = "; ".join(
        f"{name}: " + ", ".join(f"{t} {_number(v)}{suffix if v is not None else ''}"
                                for t, v in zip(terms, values, strict=False))
        for name, values in series.items()
    )
    table = display.table([series_header or "Series", *terms], rows,
                          caption=f"{title} (the numbers in the chart)")
    figure = line_figure(axis_title, terms, series, percent=percent)
    for value, label in references:
        figure.add_hline(y=value, line={"dash": "dash", "color": "#555", "width": 1},
                         annotation={"text": plain(label), "font": {"size": 11, "color": "#444"}},
                         annotation_position="top left")
    marks = "".join(f" A dashed line marks {label}." for _, label in references)
    return Chart(div_id, title, f"Line chart, {title}, by term. {words}.{marks}", figure, table)
