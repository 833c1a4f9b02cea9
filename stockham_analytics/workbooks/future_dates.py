"""Spec 2: a date in the workbooks after the as-of date is most often a typing slip.

Each such date gets a warning naming its cell (``breach_log.xlsx Breaches!C7``).
Planned closure dates are about the future by nature, and so is the Go-live date
of a site that is not yet Live or Closed: those are exempt. Warnings never stop
a report; ``validate`` and ``report`` print them, and the overview lists them
under data quality.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from stockham_analytics.columns import R, Record
from stockham_analytics.errors import Problem
from stockham_analytics.records import Dataset, Site
from stockham_analytics.workbooks.container import column_letter
from stockham_analytics.workbooks.schema import ACTIVITY, BREACHES, REGISTER, AnySheet, Column, Sheet

#: Register statuses whose Go-live date is a plan, not a fact.
_NOT_YET_LIVE = frozenset({"Proposed", "Approved", "Rejected"})


def _exempt(record: Record, column: Column) -> bool:
    if column.field == "planned_closure_date":
        return True
    return (column.field == "go_live_date" and isinstance(record, Site)
            and record.status in _NOT_YET_LIVE)


def _letter(dataset: Dataset, sheet: AnySheet, column: Column) -> str:
    """The column's letter as the workbook has it (the schema's order when unknown)."""
    found = dataset.columns.get(sheet.name, {}).get(column.field)
    index = found if found is not None else sheet.columns.index(column)
    return column_letter(index)


def _warning(dataset: Dataset, sheet: AnySheet, column: Column, row: int, day: dt.date,
             as_of: dt.date) -> Problem:
    shown, judged = day.strftime("%d/%m/%Y"), as_of.strftime("%d/%m/%Y")
    return Problem(
        file=sheet.file, sheet=sheet.name, cell=f"{_letter(dataset, sheet, column)}{row}",
        column=column.header, value=shown, severity="warning",
        message=(f"{column.header} {shown} is after {judged}, the day the report is judged; "
                 "a date in the future is most often a typing slip (check the year)"),
        allowed=f"a date on or before {judged}",
    )


def _sheet_warnings(dataset: Dataset, sheet: Sheet[R], records: Iterable[R],
                    as_of: dt.date) -> Iterator[Problem]:
    dates = [c for c in sheet.columns if c.kind == "date"]
    for record in records:
        for column in dates:
            day = getattr(record, column.field)
            if isinstance(day, dt.date) and day > as_of and not _exempt(record, column):
                yield _warning(dataset, sheet, column, record.row, day, as_of)


def future_date_warnings(dataset: Dataset, as_of: dt.date) -> tuple[Problem, ...]:
    """A warning for each date after ``as_of`` (exemptions above), by file, row and column."""
    return (
        *_sheet_warnings(dataset, REGISTER, dataset.sites, as_of),
        *_sheet_warnings(dataset, BREACHES, dataset.breaches, as_of),
        *_sheet_warnings(dataset, ACTIVITY, dataset.activity, as_of),
    )


def all_warnings(dataset: Dataset, as_of: dt.date) -> tuple[Problem, ...]:
    """The loader's warnings, then the dates after ``as_of``: what ``validate`` prints."""
    return (*dataset.warnings, *future_date_warnings(dataset, as_of))
