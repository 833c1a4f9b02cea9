"""The records are the schema: each column is declared once, on its record field.

The expected headers and closed lists are read from the contract itself
(``docs/spec.md`` section 1), not from the code; each field's type is held to its column's
kind, so the loader's values always fit the record.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, Union, get_args, get_origin

import pytest

from stockham_analytics.columns import (
    KIND_TYPES,
    AgeRange,
    Column,
    DeclarationError,
    Kind,
    RecordColumns,
    field_types,
    literal_values,
)
from stockham_analytics.records import Breach, Site
from stockham_analytics.workbooks.cells import PARSERS
from stockham_analytics.workbooks.rules import BlankWhen, IsOneOf, NotBefore, RequiredWhen
from stockham_analytics.workbooks.schema import ACTIVITY, BREACHES, OBJECTIVES, REGISTER, SHEETS, AnySheet

SPEC = (Path(__file__).resolve().parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
GROUPS = ("Pupils", "Staff", "Families", "Other schools' pupils", "External organisations",
          "Public", "Other")


def _section(title: str) -> str:
    start = SPEC.index(title)
    return SPEC[start:SPEC.index("\n### ", start + 1)]


def _table_rows(section: str) -> list[tuple[str, str]]:
    """(column cell, type cell) of each row of the section's first table."""
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ")]
    return [(name.strip(), kind.strip()) for name, kind in rows[2:]]  # after the header and ---


def _headers(rows: list[tuple[str, str]]) -> list[str]:
    """One header per column: "A, B" is two columns; "Contributors: Pupils, … the same
    seven" is the seven groups."""
    found: list[str] = []
    for name, _ in rows:
        if "the same seven" in name:
            prefix = name.split(":")[0]
            found += [f"{prefix}: {group}" for group in GROUPS]
        else:
            found += [part.strip() for part in name.split(", ")]
    return found


def _choices(rows: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The closed list of each column whose type is a list of `values`."""
    return {name: tuple(re.findall(r"`([^`]+)`", kind)) for name, kind in rows if "`" in kind}


SPEC_TABLES = {
    "Register": _table_rows(_section("### 1.1")),
    "Breaches": _table_rows(_section("### 1.2")),
    "Objectives": _table_rows(_section("### 1.3")),
}


@pytest.mark.parametrize("sheet", [REGISTER, BREACHES, OBJECTIVES], ids=lambda s: s.name)
def test_headers_are_the_specs_in_its_order(sheet: AnySheet) -> None:
    """Each sheet's columns are the spec's table, header by header, in its order."""
    assert [c.header for c in sheet.columns] == _headers(SPEC_TABLES[sheet.name])


def test_activity_headers_are_the_specs() -> None:
    """The Activity sheet's columns are the ones spec 1.3 lists in its sentence."""
    sentence = _section("### 1.3").split("Sheet `Activity`, unique on (Site ID, Term):")[1]
    listed = sentence.split(". Counts")[0].replace("\n", " ").replace(" (date)", "")
    assert [c.header for c in ACTIVITY.columns] == [h.strip() for h in listed.split(",")]


@pytest.mark.parametrize("sheet", [REGISTER, BREACHES, OBJECTIVES], ids=lambda s: s.name)
def test_closed_lists_are_the_specs(sheet: AnySheet) -> None:
    """Every closed list the spec gives is the column's choices, in the spec's order."""
    columns = {c.header: c for c in sheet.columns}
    assert any(c.kind == "choice" for c in columns.values())
    for header, values in _choices(SPEC_TABLES[sheet.name]).items():
        if header in columns and columns[header].kind == "choice":
            assert columns[header].choices == values, header


def _types(hint: object) -> set[object]:
    """The classes a field's resolved type admits: ``Annotated[Literal["A"] | None, ...]`` is
    ``{str, None}``."""
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    members = get_args(hint) if get_origin(hint) in (types.UnionType, Union) else (hint,)
    found: set[object] = set()
    for member in members:
        if member is type(None):
            found.add(None)
        elif get_origin(member) is Literal:
            found.add(str)
        else:
            found.add(get_origin(member) or member)
    return found


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda s: s.name)
def test_each_fields_type_holds_its_columns_values(sheet: AnySheet) -> None:
    """A field's type is what its column's kind parses to, with None exactly when a blank
    cell is allowed and means nothing: the loader's values always fit the record."""
    hints = field_types(sheet.record.record)
    for column in (c for c in sheet.columns if ":" not in c.field):
        admitted = _types(hints[column.field])
        blank_is_none = not (column.required or column.kind in ("yn", "names") or column.blank)
        assert admitted == {KIND_TYPES[column.kind]} | ({None} if blank_is_none else set()), (
            f"{column.header} ({column.kind}) fills {column.field}, typed {admitted}")
        if column.kind == "choice":
            assert column.choices == literal_values(hints[column.field]) != ()


def test_tick_boxes_become_the_set_of_groups_ticked() -> None:
    """Audience: Pupils and Audience: Public ticked make audience {Pupils, Public}."""
    columns = RecordColumns.of(Site)
    values: dict[str, object] = {c.field: False for c in columns.columns}
    values |= dict.fromkeys(columns.plain)
    values |= {"audience:Pupils": True, "audience:Public": True, "contributors:Staff": True,
               "pupil_age_range": AgeRange("Year 3-6", 7)}
    site = columns.build(7, values)
    assert (site.row, site.audience, site.contributors) == (
        7, frozenset({"Pupils", "Public"}), frozenset({"Staff"}))
    assert site.youngest_pupil_age == 7


@pytest.mark.parametrize("record", [Site, Breach])
def test_names_never_appear_in_a_records_repr(record: type) -> None:
    """Columns of names and the Description are kept out of repr (spec 7)."""
    personal = {c.field for c in RecordColumns.of(record).columns if c.personal}
    hidden = {f.name for f in dataclasses.fields(record) if not f.repr}
    assert personal and personal == hidden


def test_a_field_that_declares_no_column_is_named_on_import() -> None:
    """A record field with no Column and no default is refused, naming the field and the fix."""

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Mascot:
        row: int
        name: Annotated[str, Column("Name", "text", required=True)]
        colour: str

    with pytest.raises(DeclarationError, match=r"Mascot\.colour: declares no column; type it as"):
        RecordColumns.of(Mascot)


@pytest.mark.parametrize(("hint", "kind", "words"), [
    ("Literal['Low', 'High']", "text",
     'its type is a Literal of values, so its kind must be "choice", not "text"'),
    ("str", "choice", "a choice column's type must be a Literal of its values"),
])
def test_a_choice_column_and_its_literal_go_together(hint: str, kind: str, words: str) -> None:
    """A Literal field must be a choice column and a choice column a Literal field."""
    declared = Annotated[eval(hint), Column("Level", kind)]  # type: ignore[valid-type]
    record = dataclasses.make_dataclass(
        "Level", [("row", int), ("level", declared)], frozen=True, kw_only=True)
    with pytest.raises(DeclarationError, match=re.escape(f"Level.level: {words}")):
        RecordColumns.of(record)


@pytest.mark.parametrize(("kind", "cell"), [
    ("site_id", "SM-01"), ("text", "Hello"), ("names", "A; B"), ("yn", "Y"),
    ("date", "14/09/2026"), ("whole", 3), ("number", 2.5), ("term", "Autumn 2026"),
    ("age_range", "Year 3-6"), ("clause", "6.6"),
])
def test_each_kind_parses_to_the_type_its_fields_declare(kind: Kind, cell: object) -> None:
    """What a cell of each kind is read as is the type KIND_TYPES promises the records."""
    assert isinstance(PARSERS[kind](cell), KIND_TYPES[kind])  # type: ignore[arg-type]


@pytest.mark.parametrize(("make", "words"), [
    (lambda: RequiredWhen(REGISTER, "host_nme", IsOneOf("host", ("Third party",))),
     "Site.host_nme: a rule in workbooks/rules.py names it, but the Register sheet has no such"),
    (lambda: NotBefore(BREACHES, "date_closed", "date_found"),
     "Breach.date_found: a rule in workbooks/rules.py names it"),
    (lambda: BlankWhen(REGISTER, "closed_date", IsOneOf("status", ("Open",))),
     "Site.status: a rule in workbooks/rules.py asks for ('Open',), beyond its choices"),
])
def test_a_rule_naming_a_field_or_value_the_sheet_lacks_is_refused(
        make: Callable[[], object], words: str) -> None:
    """A cross-column rule is held to the columns it names, so a renamed field cannot
    leave a rule that silently never applies."""
    with pytest.raises(DeclarationError, match=re.escape(words)):
        make()
