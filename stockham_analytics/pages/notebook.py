"""What the notebooks call: load a term once per kernel, then show each section.

A notebook cell stays one line long::

    ctx = views.load_context(data_dir, term)
    views.show(overview.headline(ctx))

:func:`load_context` reads the workbooks and evaluates the term once per
kernel and data folder (it reloads when a workbook changes), so the site
notebooks that share a kernel do not read the workbooks again. The section
functions live in :mod:`stockham_analytics.pages.overview` and
:mod:`stockham_analytics.pages.sitepage`; each returns safe markup
(:mod:`stockham_analytics.pages.markup`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pages import markup as display
from stockham_analytics.pages.charts import plotly_js
from stockham_analytics.pages.labstyle import LAB_SCOPE, lab_stylesheet
from stockham_analytics.records import Dataset
from stockham_analytics.terms import FIRST_YEAR, LAST_YEAR, Term, read_term
from stockham_analytics.workbooks.schema import SETTINGS_FILE, WORKBOOKS

__all__ = ["Context", "load_context", "show"]

#: Set (to "1") in the kernels that build the governors' pages, whose template embeds
#: plotly.js once per page; anywhere else (JupyterLab) the first chart after each
#: :func:`load_context` brings it along.
PAGES_ENV = "STOCKHAM_ANALYTICS_PAGES"
_plotly_sent = False
_styles_sent = False  # the same, for the pack's stylesheet (see labstyle)

#: (folder, modification stamps of its input files) -> the dataset read from them.
_Key = tuple[str, tuple[tuple[str, int, int], ...]]
_DATASETS: dict[_Key, Dataset] = {}
_REPORTS: dict[tuple[_Key, Term, dt.date], TermReport] = {}


@dataclass(frozen=True)
class Context:
    """One term of one data folder: the validated records and the engine's conclusions."""

    data_dir: Path
    dataset: Dataset
    report: TermReport

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms to draw trends over: every term with evaluation data up to this one."""
        return tuple(t for t in sorted({*self.dataset.terms(), self.report.term})
                     if t <= self.report.term)


def resolve_term(term: str | Term) -> Term:
    """``"Autumn 2026"`` as a :class:`Term`; a clear error for anything else."""
    if isinstance(term, Term):
        return term
    parsed = read_term(term)
    if parsed is None:
        raise ValueError(f"term = {term!r} is not a term: write it as Autumn 2026, Spring 2027 "
                         f"or Summer 2027 (a year from {FIRST_YEAR} to {LAST_YEAR}) in the "
                         "notebook's parameters cell")
    return parsed


def _stamp(folder: Path) -> _Key:
    names = (*WORKBOOKS, SETTINGS_FILE)
    stamps = tuple(
        (name, stat.st_mtime_ns, stat.st_size)
        for name in names
        if (path := folder / name).is_file() and (stat := path.stat())
    )
    return str(folder), stamps


def resolve_as_of(as_of: str | dt.date | None) -> dt.date:
    """The notebook's ``as_of`` parameter as a date: ``""`` or ``None`` is today (spec 2)."""
    from stockham_analytics.workbooks.cells import CellError, parse_date

    if as_of is None or as_of == "":
        return dt.date.today()
    try:
        return parse_date(as_of)
    except CellError:
        raise ValueError(f"as_of = {as_of!r} is not a date: write it as 2026-12-10 or "
                         "10/12/2026 (or leave it empty for today) in the notebook's "
                         "parameters cell") from None


def load_context(
    data_dir: str | Path, term: str | Term, as_of: str | dt.date | None = None
) -> Context:
    """Read ``data_dir`` and evaluate ``term`` as of ``as_of`` (default today), reusing this
    kernel's earlier work when unchanged."""
    from stockham_analytics.evaluation.engine import evaluate
    from stockham_analytics.workbooks.load import load_dataset

    global _plotly_sent, _styles_sent
    _plotly_sent = False  # a fresh run of the notebook: its browser tab may not have plotly.js yet
    _styles_sent = False
    folder = Path(data_dir).expanduser().resolve()
    wanted = resolve_term(term)
    day = resolve_as_of(as_of)
    key = _stamp(folder)
    if key not in _DATASETS:
        _DATASETS.clear()
        _REPORTS.clear()
        _DATASETS[key] = load_dataset(folder)
    dataset = _DATASETS[key]
    if (key, wanted, day) not in _REPORTS:
        _REPORTS[(key, wanted, day)] = evaluate(dataset, wanted, as_of=day)
    return Context(folder, dataset, _REPORTS[(key, wanted, day)])


def show(content: Markup) -> None:
    """Display a section in the notebook.

    Building the pages, that is all. Run by hand (JupyterLab), the first
    section with a chart after :func:`load_context` also carries plotly.js, so
    that the charts draw there too: JupyterLab runs the scripts of the HTML
    outputs a notebook produces while it is open. Tying it to the load, not to
    the kernel, means a reloaded browser tab gets plotly.js again on the next
    *Run All*. The same goes for the pack's stylesheet, fitted to the lab's output area
    (:mod:`stockham_analytics.pages.labstyle`), with every section wrapped in its scope.
    """
    global _plotly_sent, _styles_sent
    if os.environ.get(PAGES_ENV) == "1":
        display.show(content)
        return
    if "plotly-graph-div" in content and not _plotly_sent:
        content = Markup("<script>{}</script>").format(Markup(plotly_js())) + content
        _plotly_sent = True
    if not _styles_sent:
        content = Markup("<style>{}</style>").format(Markup(lab_stylesheet())) + content
        _styles_sent = True
    display.show(Markup('<div class="{}">{}</div>').format(LAB_SCOPE, content))
