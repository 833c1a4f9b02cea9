"""The schema's columns and the record dataclasses name the same fields (issue 13): adding a
column to the schema without its record field fails here, not at run time with a TypeError."""

from __future__ import annotations

import dataclasses

import pytest

from stockham_analytics.records import Activity, Breach, Objective, Site
from stockham_analytics.workbooks.schema import ACTIVITY, BREACHES, OBJECTIVES, REGISTER, Column, Sheet

RECORDS: dict[str, tuple[Sheet, type]] = {
    "Register/Site": (REGISTER, Site),
    "Breaches/Breach": (BREACHES, Breach),
    "Objectives/Objective": (OBJECTIVES, Objective),
    "Activity/Activity": (ACTIVITY, Activity),
}
#: Record fields that no column fills: the row number, and what the loader works out.
DERIVED = {"row", "youngest_pupil_age"}


def _record_field(column: Column) -> str:
    """``audience:Pupils`` fills ``audience``: a tick box fills its group's set."""
    return column.field.split(":", 1)[0]


def first_mismatch(sheet: Sheet, record: type) -> str | None:
    """The first column without a record field, or record field without a column; else None."""
    fields = [f.name for f in dataclasses.fields(record)]
    for column in sheet.columns:
        if _record_field(column) not in fields:
            return (f"schema column {sheet.name}!{column.header!r} (field {column.field!r}) has no "
                    f"field {_record_field(column)!r} in records.{record.__name__}: add it there")
    filled = {_record_field(c) for c in sheet.columns}
    for name in fields:
        if name not in filled | DERIVED:
            return (f"records.{record.__name__}.{name} has no column in the schema's "
                    f"{sheet.name} sheet: add a Column(..., {name!r}, ...) there")
    return None


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_schema_columns_and_record_fields_match(name: str) -> None:
    """Each sheet's column fields are exactly its record's fields (row and derived ones aside)."""
    sheet, record = RECORDS[name]
    assert first_mismatch(sheet, record) is None, first_mismatch(sheet, record)


def test_a_column_without_a_record_field_is_named() -> None:
    """A column added to the schema alone is reported by its header, field and record."""
    extra = Column("Budget", "budget", "number")
    sheet = dataclasses.replace(BREACHES, columns=(*BREACHES.columns, extra))
    assert first_mismatch(sheet, Breach) == (
        "schema column Breaches!'Budget' (field 'budget') has no field 'budget' in "
        "records.Breach: add it there")


def test_a_record_field_without_a_column_is_named() -> None:
    """A record field whose column was removed is reported by record, field and sheet."""
    sheet = dataclasses.replace(ACTIVITY, columns=ACTIVITY.columns[:-1])
    assert first_mismatch(sheet, Activity) == (
        "records.Activity.active_moderators has no column in the schema's Activity sheet: "
        "add a Column(..., 'active_moderators', ...) there")
