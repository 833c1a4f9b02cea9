"""Tidy pandas DataFrames of a data folder and of a term's conclusions (spec 8).

One row per record; columns in snake_case of the spec's headers
(``Go-live date`` is ``go_live_date``, ``Audience: Pupils`` is
``audience_pupils``); values with real dtypes: dates as ``datetime64``,
numbers as ``float64``, whole-number counts as nullable ``Int64``, Y/N tick
boxes as ``bool``, text as ``str``, and every ``term`` column an *ordered*
categorical of term names (``Autumn 2025 < Spring 2026``) so that sorting and
``groupby`` follow time, not the alphabet.

Personal data (spec 7) stays out unless asked for: :func:`dataset_frames`
leaves out every *names* column and the breach Description unless
``personal=True``; :func:`report_frames` and :func:`history_frame` never hold
them (the engine's results do not either).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd

from stockham_analytics.columns import R
from stockham_analytics.evaluation.catalogue import check_def
from stockham_analytics.records import Breach, Site
from stockham_analytics.terms import Calendar, Term, parse_term
from stockham_analytics.workbooks.schema import ACTIVITY, BREACHES, OBJECTIVES, REGISTER, Column, Sheet

if TYPE_CHECKING:
    from stockham_analytics.evaluation.results import TermReport
    from stockham_analytics.records import Dataset

__all__ = [
    "DATASET_FRAMES",
    "REPORT_FRAMES",
    "data_terms",
    "dataset_frames",
    "dataset_terms",
    "history_frame",
    "report_frames",
    "snake_case",
    "term_dtype",
]

#: The keys of ``Dataset.frames()`` and ``TermReport.frames()``, in order.
DATASET_FRAMES: tuple[str, ...] = ("register", "breaches", "objectives", "activity")
REPORT_FRAMES: tuple[str, ...] = ("sites", "checks", "objectives", "actions")

#: Column kinds of :mod:`~stockham_analytics.workbooks.schema` -> how their values become a column.
_DATE_KINDS = frozenset({"date"})
_WHOLE_KINDS = frozenset({"whole"})
_NUMBER_KINDS = frozenset({"number"})
_BOOL_KINDS = frozenset({"yn"})

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def snake_case(header: str) -> str:
    """A spec header as a column name: ``Audience: Other schools' pupils`` ->
    ``audience_other_schools_pupils``."""
    plain = header.casefold().replace("'", "").replace("\u2019", "")
    return _NOT_WORD.sub("_", plain).strip("_")


# --- columns of one dtype ------------------------------------------------------------------


def term_dtype(terms: Iterable[Term]) -> pd.CategoricalDtype:
    """An ordered categorical of every term from the earliest to the latest of ``terms``
    (the gaps between them included), by name: ``Autumn 2025 < Spring 2026 < ...``."""
    chosen = sorted(set(terms))
    names: list[str] = []
    if chosen:
        term = chosen[0]
        while term <= chosen[-1]:
            names.append(term.name)
            term = term.next()
    return pd.CategoricalDtype(names, ordered=True)


def _dates(values: Sequence[dt.date | None]) -> pd.Series:
    return pd.to_datetime(pd.Series(list(values), dtype=object)).astype("datetime64[ns]")


def _float(value: Decimal | Fraction | int | float | None) -> float | None:
    """``value`` as a float; one beyond a float's range (a ratio of Actual 9.9e307 to Target
    1e-307) is infinity, as pandas shows it."""
    if value is None:
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _floats(values: Sequence[Decimal | Fraction | int | float | None]) -> pd.Series:
    return pd.Series([_float(v) for v in values], dtype="float64")


def _counts(values: Sequence[int | None]) -> pd.Series:
    return pd.Series(list(values), dtype="Int64")


def _texts(values: Sequence[str | None]) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def _terms(values: Sequence[Term | None], dtype: pd.CategoricalDtype) -> pd.Series:
    return pd.Series([None if t is None else t.name for t in values], dtype=dtype)


def _column(kind: str, values: Sequence[Any], terms: pd.CategoricalDtype) -> pd.Series:
    """Values of one schema column kind as a Series of the right dtype."""
    if kind in _DATE_KINDS:
        return _dates(values)
    if kind in _WHOLE_KINDS:
        return _counts(values)
    if kind in _NUMBER_KINDS:
        return _floats(values)
    if kind in _BOOL_KINDS:
        return pd.Series([bool(v) for v in values], dtype="bool")
    if kind == "term":
        return _terms(values, terms)
    if kind == "names":
        return _texts(["; ".join(v) if v else None for v in values])
    return _texts([None if v is None else str(v) for v in values])


def _frame(columns: dict[str, pd.Series], size: int) -> pd.DataFrame:
    return pd.DataFrame(columns, index=pd.RangeIndex(size))


# --- the data folder ------------------------------------------------------------------------


def _value(record: object, column: Column) -> object:
    """A record's value for a schema column (a tick box is membership of a frozenset)."""
    side, _, group = column.field.partition(":")
    if group:
        chosen: frozenset[str] = getattr(record, side)
        return group in chosen
    return getattr(record, column.field)


def _sheet_frame(
    sheet: Sheet[R], records: Sequence[R], terms: pd.CategoricalDtype, personal: bool,
    extra: Callable[[Sequence[R]], dict[str, pd.Series]] | None = None,
) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {}
    for column in sheet.columns:
        if column.personal and not personal:
            continue
        columns[snake_case(column.header)] = _column(
            column.kind, [_value(r, column) for r in records], terms
        )
    if extra is not None:
        columns.update(extra(records))
    columns["row"] = _counts([r.row for r in records])
    return _frame(columns, len(records))


def _register_extra(sites: Sequence[Site]) -> dict[str, pd.Series]:
    return {"youngest_pupil_age": _counts([s.youngest_pupil_age for s in sites])}


def _breach_extra(calendar: Calendar, terms: pd.CategoricalDtype
                  ) -> Callable[[Sequence[Breach]], dict[str, pd.Series]]:
    def extra(breaches: Sequence[Breach]) -> dict[str, pd.Series]:
        return {
            "term": _terms([calendar.term_of(b.date_identified) for b in breaches], terms),
            "is_open": pd.Series([bool(b.is_open) for b in breaches], dtype="bool"),
        }
    return extra


def data_terms(dataset: Dataset) -> tuple[Term, ...]:
    """The terms with data, in time order: named in the evaluation workbook, or holding the
    Date identified of a breach."""
    calendar = dataset.settings.calendar
    breaches = {calendar.term_of(b.date_identified) for b in dataset.breaches}
    return tuple(sorted({*dataset.terms(), *breaches}))


def dataset_terms(dataset: Dataset) -> pd.CategoricalDtype:
    """The term categories of a dataset: every term from its earliest to its latest with
    data (:func:`data_terms`)."""
    return term_dtype(data_terms(dataset))


def dataset_frames(dataset: Dataset, *, personal: bool = False) -> dict[str, pd.DataFrame]:
    """The four sheets as DataFrames: ``register``, ``breaches``, ``objectives``, ``activity``.

    Every names column (Author, Administrators, Staff member, ...) and the breach
    Description are left out unless ``personal=True``; names then read ``"A; B"``.
    Besides the spec's columns: ``row`` (the worksheet row, to find a record in
    Excel), the register's ``youngest_pupil_age``, and the breaches' ``term`` (of Date
    identified) and ``is_open`` (spec 2: under investigation or not yet closed).
    """
    terms = dataset_terms(dataset)
    calendar = dataset.settings.calendar
    return {
        "register": _sheet_frame(REGISTER, dataset.sites, terms, personal, _register_extra),
        "breaches": _sheet_frame(BREACHES, dataset.breaches, terms, personal,
                                 _breach_extra(calendar, terms)),
        "objectives": _sheet_frame(OBJECTIVES, dataset.objectives, terms, personal),
        "activity": _sheet_frame(ACTIVITY, dataset.activity, terms, personal),
    }


# --- a term's conclusions --------------------------------------------------------------------


def report_terms(report: TermReport) -> pd.CategoricalDtype:
    """The term categories of a report: every term from the earliest with data to its own."""
    counted = (parse_term(name) for name in report.breach_counts_by_term)
    history = (h.term for past in report.site_history.values() for h in past)
    return term_dtype([report.term, *(t for t in counted if t is not None), *history])


def _sites(report: TermReport, terms: pd.CategoricalDtype) -> pd.DataFrame:
    sites = report.sites
    return _frame({
        "site_id": _texts([s.site_id for s in sites]),
        "site_name": _texts([s.site_name for s in sites]),
        "status": _texts([s.status for s in sites]),
        "term": _terms([report.term] * len(sites), terms),
        "as_of": _dates([report.as_of] * len(sites)),
        "live_at_term_end": pd.Series([s.live_at_term_end for s in sites], dtype="bool"),
        "objectives_verdict": _texts([s.objectives_verdict for s in sites]),
        "verdict_reason": _texts([s.verdict_reason for s in sites]),
        "rag": _texts([s.rag for s in sites]),
        "rag_reason": _texts([s.rag_reason for s in sites]),
        "recommendation": _texts([s.recommendation for s in sites]),
        "recommendation_reason": _texts([s.recommendation_reason for s in sites]),
        "breaches_this_term": _counts([s.breaches_this_term for s in sites]),
        "checks_failed": _counts([sum(c.outcome == "Fail" for c in s.checks) for s in sites]),
        "checks_unknown": _counts([sum(c.outcome == "Unknown" for c in s.checks) for s in sites]),
    }, len(sites))


def _checks(report: TermReport) -> pd.DataFrame:
    rows = [(s.site_id, c) for s in report.sites for c in s.checks]
    return _frame({
        "site_id": _texts([site for site, _ in rows]),
        "check_id": _texts([c.check_id for _, c in rows]),
        "clause": _texts([check_def(c.check_id).clause for _, c in rows]),
        "title": _texts([check_def(c.check_id).title for _, c in rows]),
        "outcome": _texts([c.outcome for _, c in rows]),
        "reason": _texts([c.reason for _, c in rows]),
    }, len(rows))


def _objectives(report: TermReport) -> pd.DataFrame:
    rows = [(s.site_id, o) for s in report.sites for o in s.objectives]
    return _frame({
        "site_id": _texts([site for site, _ in rows]),
        "objective_id": _texts([o.objective_id for _, o in rows]),
        "objective": _texts([o.objective for _, o in rows]),
        "measure": _texts([o.measure for _, o in rows]),
        "better_when": _texts([o.better_when for _, o in rows]),
        "target": _floats([o.target for _, o in rows]),
        "actual": _floats([o.actual for _, o in rows]),
        "ratio": _floats([o.ratio for _, o in rows]),
        "status": _texts([o.status for _, o in rows]),
        "reason": _texts([o.reason for _, o in rows]),
    }, len(rows))


def _actions(report: TermReport) -> pd.DataFrame:
    actions = report.actions
    return _frame({
        "priority": _texts([a.priority for a in actions]),
        "concerns": _texts([a.concerns for a in actions]),
        "clause": _texts([a.clause for a in actions]),
        "what": _texts([a.what for a in actions]),
    }, len(actions))


def report_frames(report: TermReport) -> dict[str, pd.DataFrame]:
    """A term's conclusions as DataFrames: ``sites``, ``checks`` (one row per site and
    check), ``objectives`` (one row per site and objective) and ``actions``."""
    return {
        "sites": _sites(report, report_terms(report)),
        "checks": _checks(report),
        "objectives": _objectives(report),
        "actions": _actions(report),
    }


# --- several terms ---------------------------------------------------------------------------

def history_frame(reports: Sequence[TermReport], terms: pd.CategoricalDtype) -> pd.DataFrame:
    """One row per site per report (term), in term then Site ID order."""
    rows = [(r, s) for r in sorted(reports, key=lambda r: r.term) for s in r.sites]
    return _frame({
        "site_id": _texts([s.site_id for _, s in rows]),
        "site_name": _texts([s.site_name for _, s in rows]),
        "term": _terms([r.term for r, _ in rows], terms),
        "as_of": _dates([r.as_of for r, _ in rows]),
        "provisional": pd.Series([r.provisional for r, _ in rows], dtype="bool"),
        "objectives_verdict": _texts([s.objectives_verdict for _, s in rows]),
        "rag": _texts([s.rag for _, s in rows]),
        "recommendation": _texts([s.recommendation for _, s in rows]),
    }, len(rows))
