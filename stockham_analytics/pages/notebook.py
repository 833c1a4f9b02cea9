"""What the notebooks call: load a term once per kernel, then show each section.

A notebook cell stays one line long::

    ctx = notebook.load_context(data_dir, term, previous=globals().get("ctx"))
    ctx.show(overview.headline(ctx))

No state is kept in this module: the :class:`Context` a notebook holds in its
own ``ctx`` variable is the cache. Given the previous one, :func:`load_context`
reuses its records (and its report, for the same term and date) while no
workbook changed, so the site notebooks that share a kernel do not read the
workbooks again. The section
functions live in :mod:`stockham_analytics.pages.overview` and
:mod:`stockham_analytics.pages.sitepage`; each returns safe markup
(:mod:`stockham_analytics.pages.markup`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pages import markup as display
from stockham_analytics.pages.charts import plotly_js
from stockham_analytics.pages.labstyle import LAB_SCOPE, lab_stylesheet
from stockham_analytics.records import Dataset
from stockham_analytics.terms import FIRST_YEAR, LAST_YEAR, Term, read_term
from stockham_analytics.workbooks.schema import SETTINGS_FILE, WORKBOOKS

__all__ = ["Context", "load_context"]

#: Set (to "1") in the kernels that build the governors' pages, whose template embeds
#: plotly.js once per page; anywhere else (JupyterLab) the first chart after each
#: :func:`load_context` brings it along.
PAGES_ENV = "STOCKHAM_ANALYTICS_PAGES"

#: (folder, modification stamps of its input files): the dataset read from them.
_Key = tuple[str, tuple[tuple[str, int, int], ...]]


@dataclass
class _Sent:
    """What this load's sections already brought along outside the pack."""

    plotly: bool = False
    styles: bool = False  # the pack's stylesheet (see labstyle)


@dataclass(frozen=True)
class Context:
    """One term of one data folder: the validated records and the engine's conclusions."""

    data_dir: Path
    dataset: Dataset
    report: TermReport
    #: (the folder's stamps, the term, the judgement date asked for) this was built from.
    source: tuple[_Key, Term, dt.date] | None = None
    _sent: _Sent = field(default_factory=_Sent, compare=False, repr=False)

    def show(self, content: Markup) -> None:
        """Display a section in the notebook.

        Building the pages, that is all. Run by hand (JupyterLab), the first
        section with a chart after :func:`load_context` also carries plotly.js, so
        that the charts draw there too: JupyterLab runs the scripts of the HTML
        outputs a notebook produces while it is open. Tying it to the load, not to
        the kernel, means a reloaded browser tab gets plotly.js again on the next
        *Run All*. The same goes for the pack's stylesheet, fitted to the lab's output area
        (:mod:`stockham_analytics.pages.labstyle`), with every section wrapped in its scope.
        """
        if os.environ.get(PAGES_ENV) == "1":
            display.show(content)
            return
        if "plotly-graph-div" in content and not self._sent.plotly:
            content = Markup("<script>{}</script>").format(Markup(plotly_js())) + content
            self._sent.plotly = True
        if not self._sent.styles:
            content = Markup("<style>{}</style>").format(Markup(lab_stylesheet())) + content
            self._sent.styles = True
        display.show(Markup('<div class="{}">{}</div>').format(LAB_SCOPE, content))


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
    data_dir: str | Path, term: str | Term, as_of: str | dt.date | None = None,
    *, previous: object = None,
) -> Context:
    """Read ``data_dir`` and evaluate ``term`` as of ``as_of`` (default today).

    ``previous`` is the notebook's earlier :class:`Context` (anything else is ignored): its
    records, and its report for the same term and date, are reused while no workbook changed.
    The new context starts a fresh *Run All*: its first sections bring plotly.js and the
    styles again (see :meth:`Context.show`).
    """
    from stockham_analytics.evaluation.engine import evaluate
    from stockham_analytics.workbooks.load import load_dataset

    folder = Path(data_dir).expanduser().resolve()
    source = (_stamp(folder), resolve_term(term), resolve_as_of(as_of))
    before = previous.source if isinstance(previous, Context) else None
    if isinstance(previous, Context) and before is not None and before[0] == source[0]:
        dataset = previous.dataset
        if before == source:
            return Context(folder, dataset, previous.report, source)
    else:
        dataset = load_dataset(folder)
    return Context(folder, dataset, evaluate(dataset, source[1], as_of=source[2]), source)
