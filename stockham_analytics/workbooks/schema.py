"""The workbook layout of spec section 1, declared as data.

Each sheet is the record type its rows become: its columns are the ones the
record's fields declare (:mod:`stockham_analytics.records`, read by
:class:`~stockham_analytics.columns.RecordColumns`). The loader applies them; the
entry templates, the demo data, the DataFrames and the user's guide write their
headers from them; nothing else should spell a header out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic

from stockham_analytics.columns import Column, DeclarationError, Kind, R, Record, RecordColumns
from stockham_analytics.records import Activity, Breach, Objective, Site

__all__ = [
    "ACTIVITY", "BREACHES", "OBJECTIVES", "REGISTER", "SETTINGS_FILE", "SHEETS", "WORKBOOKS",
    "AnySheet", "Column", "Kind", "Sheet", "sheets_of",
]


@dataclass(frozen=True)
class Sheet(Generic[R]):
    """A sheet of a workbook: the record each row becomes, and so the columns it must have."""

    file: str
    name: str
    record: RecordColumns[R]
    unique: tuple[str, ...] = ()  # fields that together identify a row

    def __post_init__(self) -> None:
        fields = {c.field for c in self.columns}
        for name in self.unique:
            if name not in fields:
                raise DeclarationError(self.record.record, name, f"the {self.name} sheet is "
                                       "unique on it, but has no such column")

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns, in the order the entry template has them."""
        return self.record.columns


#: A sheet whatever record its rows become: what code that only reads its columns takes.
AnySheet = Sheet[Record]

REGISTER = Sheet("approval_register.xlsx", "Register", RecordColumns.of(Site),
                 unique=("site_id",))
BREACHES = Sheet("breach_log.xlsx", "Breaches", RecordColumns.of(Breach), unique=("breach_id",))
OBJECTIVES = Sheet("site_evaluation.xlsx", "Objectives", RecordColumns.of(Objective),
                   unique=("site_id", "objective_id", "term"))
ACTIVITY = Sheet("site_evaluation.xlsx", "Activity", RecordColumns.of(Activity),
                 unique=("site_id", "term"))

#: Every sheet, in the order the workbooks are read and reported.
SHEETS: tuple[AnySheet, ...] = (REGISTER, BREACHES, OBJECTIVES, ACTIVITY)

#: The workbook files, in reporting order.
WORKBOOKS: tuple[str, ...] = ("approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx")

SETTINGS_FILE = "school.toml"


def sheets_of(file: str) -> tuple[AnySheet, ...]:
    """The sheets a workbook must have."""
    return tuple(s for s in SHEETS if s.file == file)
