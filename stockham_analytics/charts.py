"""Plotly charts for the pages, each with a table holding the same numbers.

Every chart has a fixed ``div_id`` (so tests and the print stylesheet can find
it), the plotly cloud button and logo turned off, and an ``aria-label`` saying
in words what it shows. A page read with JavaScript off, or by a screen
reader, still has every number: :func:`render` always puts the data table
beside the chart.

plotly.js itself is NOT written here: the page template embeds it once per
page (:func:`plotly_js`). Labels that come from the workbooks are escaped
before plotly sees them (plotly renders some HTML in text).
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from markupsafe import Markup

from stockham_analytics import display
from stockham_analytics.display import Cell

#: The plotly config of every chart: no cloud button, no logo, resizes with the page.
CONFIG: dict[str, object] = {"showSendToCloud": False, "displaylogo": False, "responsive": True}

#: Height of every chart in pixels; the width follows the page (fixed when printed).
HEIGHT = 300

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
    description: str
    figure: go.Figure
    table: Markup


def plain(label: str) -> str:
    """Workbook text made safe for plotly, which renders some HTML tags in labels."""
    return html.escape(label, quote=True)


@functools.cache
def plotly_js() -> str:
    """plotly.js from the installed plotly package (about 4.8 MB), read once."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


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
               "ticksuffix": "%" if percent else "", "zeroline": True, "zerolinecolor": "#888"},
        xaxis={"type": "category", "automargin": True},
        showlegend=False,
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
    """The figure as a ``<div>`` + script (no plotly.js: the template embeds it once)."""
    snippet = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=CONFIG,
        default_width="100%",
        default_height=f"{HEIGHT}px",
        validate=False,
    )
    return Markup(snippet)


def render(chart: Chart) -> Markup:
    """The chart (labelled for screen readers) followed by its data table."""
    return Markup(
        '<div class="chart-card"><figure class="chart" id="{0}-figure"><figcaption>{3}</figcaption>'
        '<div class="chart-plot" role="img" aria-label="{1}">{2}</div></figure>{4}</div>'
    ).format(chart.div_id, chart.description, to_html(chart.div_id, chart.figure), chart.title,
             chart.table)


def bar_chart(
    div_id: str,
    title: str,
    axis_title: str,
    rows: Sequence[tuple[str, int | float]],
    *,
    colours: Sequence[str] | None = None,
    label_header: str = "",
) -> Chart:
    """A bar chart of ``(label, value)`` rows, with the rows as its table."""
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    words = "; ".join(f"{label}: {_number(value)}" for label, value in rows)
    table = display.table(
        [label_header or "Item", axis_title],
        [(label, _number(value)) for label, value in rows],
        caption=f"{title} (the numbers in the chart)",
    )
    return Chart(div_id, title, f"Bar chart, {title}. {words}.",
                 bar_figure(axis_title, labels, values, colours), table)


def line_chart(
    div_id: str,
    title: str,
    axis_title: str,
    terms: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
    series_header: str = "",
) -> Chart:
    """A line chart over terms with a table: one row per series, one column per term."""
    suffix = "%" if percent else ""
    rows: list[list[Cell]] = [
        [name, *(None if v is None else f"{_number(v)}{suffix}" for v in values)]
        for name, values in series.items()
    ]
    words = "; ".join(
        f"{name}: " + ", ".join(f"{t} {_number(v)}{suffix if v is not None else ''}"
                                for t, v in zip(terms, values))
        for name, values in series.items()
    )
    table = display.table([series_header or "Series", *terms], rows,
                          caption=f"{title} (the numbers in the chart)")
    return Chart(div_id, title, f"Line chart, {title}, by term. {words}.",
                 line_figure(axis_title, terms, series, percent=percent), table)
