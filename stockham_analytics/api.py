"""The public API (spec 8): the same work as the command line, for JupyterLab.

Paths may be ``str`` or :class:`~pathlib.Path`; terms text (``"Autumn 2026"``)
or a :class:`~stockham_analytics.terms.Term`; dates text (``"2026-12-10"`` or
``"10/12/2026"``) or a :class:`datetime.date`. A wrong argument raises a
:class:`TypeError` or :class:`ValueError` that says what is accepted.

The examples below run on the demo data in the repository's ``data/`` folder
(``stockham-analytics demo --out data`` writes it)::

    >>> import stockham_analytics as sa
    >>> ds = sa.load("data")
    >>> rep = sa.evaluate(ds, "Autumn 2026", as_of="2026-12-10")
    >>> rep.provisional
    True

The command line (:mod:`stockham_analytics.cli`) calls these same functions.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stockham_analytics.errors import InvalidInputError, Problem, TermNotStartedError
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.records import Dataset
from stockham_analytics.terms import FIRST_YEAR, LAST_YEAR, Term, read_term

# Imported here, not in the functions: importing the submodule ``stockham_analytics.workbooks.load``
# sets the package attribute ``load``, which must stay the function :func:`load` below.
from stockham_analytics.workbooks.load import load_dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DateLike",
    "PathLike",
    "TermLike",
    "as_date",
    "as_path",
    "as_term",
    "build_pack",
    "default_out",
    "evaluate",
    "history",
    "load",
    "validate",
]

#: A folder: ``"data"`` or ``Path("data")``.
PathLike = str | os.PathLike[str]
#: A term: ``"Autumn 2026"`` (any case) or ``Term``.
TermLike = str | Term
#: A day: ``"2026-12-10"``, ``"10/12/2026"`` or a ``date``.
DateLike = str | dt.date

_TERM_HELP = "write it as Autumn 2026, Spring 2027 or Summer 2027"
_DATE_HELP = "write it as 2026-12-10 or 10/12/2026 (day first), or pass a datetime.date"


# --- arguments ---------------------------------------------------------------------------------


def as_path(value: object, name: str = "data") -> Path:
    """``value`` as a :class:`Path` (``~`` expanded); a :class:`TypeError` for anything else
    than ``str`` or ``os.PathLike``."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a folder given as text or a pathlib.Path, such as "
                        f'"data"; got {type(value).__name__} {value!r}')
    path = Path(value)
    if not str(path).strip():
        raise ValueError(f"{name} is empty: give a folder, such as \"data\"")
    return path.expanduser()


def as_term(value: object) -> Term:
    """``"Autumn 2026"`` (any case, spaces around) or a :class:`Term` as a :class:`Term`."""
    if isinstance(value, Term):
        return value
    if not isinstance(value, str):
        raise TypeError(f"term must be text such as \"Autumn 2026\" or a Term; got "
                        f"{type(value).__name__} {value!r}")
    term = read_term(value)
    if term is None:
        raise ValueError(f"term {value!r} is not a term: {_TERM_HELP} (a year from "
                         f"{FIRST_YEAR} to {LAST_YEAR})")
    return term


def as_date(value: object, name: str = "as_of") -> dt.date:
    """``"2026-12-10"``, ``"10/12/2026"``, a ``date`` (or ``datetime``, its day) as a ``date``."""
    from stockham_analytics.workbooks.cells import CellError, parse_date

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a date given as text or a datetime.date; got "
                        f"{type(value).__name__} {value!r}: {_DATE_HELP}")
    try:
        return parse_date(value.strip())
    except CellError:
        raise ValueError(f"{name} {value!r} is not a date: {_DATE_HELP}") from None


def default_out(term: Term) -> Path:
    """Where a term's pack goes unless told: ``reports/autumn-2026``."""
    return Path("reports") / term.slug


def _today() -> dt.date:
    return dt.date.today()


def _day(as_of: object) -> dt.date:
    """The as-of date of spec 2: ``None`` is today."""
    return _today() if as_of is None else as_date(as_of)


def _dataset(value: object) -> Dataset:
    if not isinstance(value, Dataset):
        hint = " (read the folder first: ds = sa.load(\"data\"))" if isinstance(
            value, (str, os.PathLike)) else ""
        raise TypeError(f"dataset must be the Dataset that sa.load returns; got "
                        f"{type(value).__name__}{hint}")
    return value


# --- the API ------------------------------------------------------------------------------------


def load(data: PathLike) -> Dataset:
    """Read and validate the workbooks (and ``school.toml``) in the folder ``data``.

    Raises :class:`~stockham_analytics.errors.InvalidInputError` when anything is
    wrong; its ``.problems`` lists every problem and ``.failure_cases`` shows them as a
    table. Warnings (an extra column, ...) are kept in ``Dataset.warnings``.

    >>> ds = sa.load("data")
    >>> len(ds.sites), [t.name for t in ds.terms()]
    (13, ['Autumn 2025', 'Spring 2026', 'Summer 2026', 'Autumn 2026'])
    """
    return load_dataset(as_path(data))


def validate(data: PathLike, *, as_of: DateLike | None = None) -> list[Problem]:
    """Every problem with the folder ``data`` (errors and warnings, in file order; when there
    is no error, warnings for dates after ``as_of``, default today, follow); an empty list
    when all is well. Never raises on bad input: a missing folder, a workbook that is not
    ``.xlsx`` or a wrong cell is a :class:`Problem` in the list.

    >>> sa.validate("data", as_of="2026-12-10")
    []
    >>> [p.message for p in sa.validate("no-such-folder")][0][:34]
    'this data folder does not exist; g'
    """
    from stockham_analytics.workbooks.future_dates import all_warnings

    folder, day = as_path(data), _day(as_of)
    try:
        dataset = load_dataset(folder)
    except InvalidInputError as error:
        return list(error.problems)
    return list(all_warnings(dataset, day))


def evaluate(dataset: Dataset, term: TermLike, *, as_of: DateLike | None = None) -> TermReport:
    """Judge ``term`` as of ``as_of`` (spec 2; default today): the checks, verdicts and
    actions. Before the term's last day the report is *provisional*. A term that starts
    after ``as_of`` raises :class:`~stockham_analytics.errors.TermNotStartedError`.

    >>> rep = sa.evaluate(ds, "Autumn 2026", as_of="10/12/2026")
    >>> rep.as_of, rep.provisional, rep.sites[0].site_id, rep.sites[0].rag
    (datetime.date(2026, 12, 10), True, 'SM-01', 'Green')
    >>> rep.frames()["checks"].shape
    (153, 6)
    """
    from stockham_analytics.evaluation.engine import evaluate as judge

    return judge(_dataset(dataset), as_term(term), as_of=_day(as_of))


def build_pack(
    data: PathLike,
    term: TermLike,
    out: PathLike | None = None,
    *,
    as_of: DateLike | None = None,
    pdf: bool = False,
    keep_notebooks: PathLike | None = None,
    progress: bool = False,
    browser: PathLike | None = None,
    warn: Callable[[Sequence[Problem]], None] | None = None,
) -> Path:
    """Build the governors' pack for ``term`` from the folder ``data``; returns its folder.

    ``out`` defaults to ``reports/<term>`` (``reports/autumn-2026``); ``as_of`` to today.
    The folder is replaced whole, and only when it is a pack this package wrote.
    ``pdf=True`` also writes ``pack.pdf``, printed by ``browser`` (a Chromium, Chrome or
    Edge program; default: one found on this computer). ``warn`` receives the workbooks'
    warnings (dates after ``as_of`` among them) before the pack is built. Invalid input raises
    :class:`~stockham_analytics.errors.InvalidInputError` before anything is written.

    >>> sa.build_pack("data", "Autumn 2026", out="reports/autumn-2026",
    ...               as_of="2026-12-10")  # doctest: +SKIP
    PosixPath('reports/autumn-2026')
    """
    from stockham_analytics.pack.build import build_report

    wanted = as_term(term)
    folder = default_out(wanted) if out is None else as_path(out, "out")
    keep = None if keep_notebooks is None else as_path(keep_notebooks, "keep_notebooks")
    printer = None if browser is None else as_path(browser, "browser")
    if not isinstance(pdf, bool):
        raise TypeError(f"pdf must be True or False; got {type(pdf).__name__} {pdf!r}")
    return build_report(as_path(data), wanted, folder, keep_notebooks=keep, progress=progress,
                        as_of=_day(as_of), warn=warn, pdf=pdf, browser=printer)


def history(dataset: Dataset, as_of: DateLike | None = None) -> pd.DataFrame:
    """One row per site per term in scope, over every term with data (evaluation rows or
    breaches): ``site_id``, ``site_name``, ``term`` (ordered by date), ``as_of``,
    ``provisional``, ``objectives_verdict``, ``rag`` and ``recommendation``.

    Each term is judged at its own last day, the current term as of ``as_of`` (default
    today); terms that start after ``as_of`` are left out.

    >>> h = sa.history(ds, as_of="2026-12-31")
    >>> h.pivot(index="site_id", columns="term", values="rag").loc["SM-08"].tolist()
    ['Amber', 'Red', 'Amber', 'Red']
    """
    from stockham_analytics.evaluation.engine import evaluate as judge
    from stockham_analytics.frames import data_terms, dataset_terms, history_frame

    data, day = _dataset(dataset), _day(as_of)
    reports = []
    for term in data_terms(data):
        try:
            reports.append(judge(data, term, as_of=day))
        except TermNotStartedError:
            continue
    return history_frame(reports, dataset_terms(data))
