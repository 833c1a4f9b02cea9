"""Load a data folder: read, validate cell by cell, and build the records.

:func:`load_dataset` reads the three workbooks and ``school.toml``, applies
the column declarations of :mod:`~stockham_analytics.workbooks.schema` and the rules of
:mod:`~stockham_analytics.workbooks.rules`, and collects every problem in every file
before deciding. Any error raises one
:class:`~stockham_analytics.errors.InvalidInputError` holding all the
problems (warnings too); otherwise the records come back in a
:class:`~stockham_analytics.records.Dataset` with the warnings attached.

Cells are named as Excel shows them: column letters (``A`` ... ``AA``) and
1-based row numbers, e.g. ``breach_log.xlsx Breaches!C7``.

Headers are matched as closed lists are: ignoring case, surrounding spaces
and runs of spaces or line breaks inside, with a curly apostrophe (’ or ‘)
taken as a straight one, so ``Audience: Other schools’ pupils`` is that
column. Headers must be in row 1; when row 1 is empty or holds a title and a
later row (up to :data:`HEADER_SEARCH_ROWS`) holds the headers, that is one
problem naming the row, not one per missing column. A row whose headed cells
are all empty or only spaces is skipped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from stockham_analytics.columns import R
from stockham_analytics.errors import InvalidInputError, Problem
from stockham_analytics.records import Dataset, Settings
from stockham_analytics.text import fold
from stockham_analytics.workbooks.cells import (
    Cell,
    CellError,
    Seen,
    allowed_for,
    is_blank,
    parse_cell,
    show,
    shown,
)
from stockham_analytics.workbooks.container import column_letter
from stockham_analytics.workbooks.reader import Grid, read_workbook, sha256
from stockham_analytics.workbooks.rules import (
    REGISTER_LINKS,
    UNIQUE_RULES,
    UNKNOWN,
    Failure,
    duplicates,
    row_rules,
    unknown_sites,
)
from stockham_analytics.workbooks.schema import (
    ACTIVITY,
    BREACHES,
    OBJECTIVES,
    REGISTER,
    SETTINGS_FILE,
    SHEETS,
    WORKBOOKS,
    AnySheet,
    Column,
    Sheet,
)
from stockham_analytics.workbooks.settings import load_settings

__all__ = ["column_letter", "load_dataset", "read_folder", "validate"]



@dataclass
class Table:
    """One sheet being read: where its columns are and what is wrong with it."""

    file: str
    sheet: AnySheet
    grid: Grid
    columns: dict[str, int] = field(default_factory=dict)  # field -> 0-based column
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    raw: dict[int, list[Cell]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: Seen = field(default_factory=dict)  # parsed values of repeated cells (cells.parse_cell)

    def at(self, index: int, row: int) -> str:
        """The cell name, e.g. ``C7``."""
        return f"{column_letter(index)}{row}"

    def problem(self, message: str, *, index: int | None = None, row: int = 1,
                value: str | None = None, allowed: str | None = None,
                warning: bool = False, cells: str | None = None) -> None:
        """Record a problem at a cell (or ``cells``, or the whole sheet) of this sheet."""
        cell = cells if index is None else self.at(index, row)
        column = None
        if index is not None:
            column = next((c.header for c in self.sheet.columns
                           if self.columns.get(c.field) == index), None)
        self.problems.append(Problem(
            file=self.file, sheet=self.grid.name, cell=cell, column=column, value=value,
            message=message, allowed=allowed, severity="warning" if warning else "error"))

    def fail(self, row: int, failure: Failure) -> None:
        """Record a broken rule at the cell of its field."""
        index = self.columns[failure.field]
        self.problem(failure.message, index=index, row=row, allowed=failure.allowed,
                     value=shown(self.raw[row][index]) or None)


# --- headers ---------------------------------------------------------------------------


def _header_cells(table: Table) -> dict[int, str]:
    first = table.grid.rows[0] if table.grid.rows else []
    return {i: show(c).strip() for i, c in enumerate(first) if not is_blank(c)}


def _table_area(table: Table) -> tuple[int, int]:
    """The table's last column (0-based: its last header) and last row (0-based: the last
    row with anything under a header)."""
    last_column = max(_header_cells(table), default=-1)
    last_row = 0
    for number, row in enumerate(table.grid.rows):
        if any(not is_blank(c) for c in row[:last_column + 1]):
            last_row = number
    return last_column, last_row


def _merged(table: Table) -> None:
    """A merged block whose first cell holds something, inside the table, hides what the
    other cells read as (blank); merged blocks outside the table, or empty, are ignored."""
    if not table.grid.merged:
        return
    last_column, last_row = _table_area(table)
    for (r1, c1), (r2, c2) in table.grid.merged:
        if c1 > last_column or r1 > last_row:
            continue  # outside the table: a title block, a note beside it
        first = table.grid.rows[r1][c1] if c1 < len(table.grid.rows[r1]) else None
        if is_blank(first):
            continue
        span = f"{table.at(c1, r1 + 1)}:{table.at(c2, r2 + 1)}"
        what = "header cells" if r1 == 0 else "cells"
        table.problem(f"{what} {span} are merged; unmerge them (Home > Merge & Center) "
                      "and give each column its own " + ("header" if r1 == 0 else "value"),
                      allowed="one value in each cell", cells=span)


#: Rows searched for a header row that is not in row 1 (a title typed above it).
HEADER_SEARCH_ROWS = 10


def _matches(table: Table, row: list[Cell]) -> int:
    wanted = {fold(c.header) for c in table.sheet.columns}
    return len({fold(show(c)) for c in row if not is_blank(c)} & wanted)


def _misplaced_headers(table: Table) -> bool:
    """One problem, and True, when row 1 is not the header row (empty, or a title above)."""
    rows = table.grid.rows[:HEADER_SEARCH_ROWS]
    needed = (len(table.sheet.columns) + 1) // 2
    if rows and _matches(table, rows[0]) >= needed:
        return False
    found = next((n for n, row in enumerate(rows[1:], start=2)
                  if _matches(table, row) >= needed), None)
    if found is not None:
        above = "row 1" if found == 2 else f"rows 1 to {found - 1}"
        table.problem(f"the headers are in row {found}, not row 1; delete {above} so that "
                      "the headers are in row 1",
                      allowed="the headers in row 1", cells=f"A{found}")
    elif not any(not is_blank(c) for row in rows for c in row):
        table.problem("the sheet is empty; copy the header row of the entry template into "
                      "row 1", allowed="the headers in row 1")
    elif all(is_blank(c) for c in rows[0]):
        table.problem("row 1 is empty, so the sheet has no headers; copy the header row of "
                      "the entry template into row 1", allowed="the headers in row 1",
                      cells="A1")
    else:
        return False
    return True


def read_headers(table: Table) -> None:
    """Find each declared column in row 1; report missing, doubled and extra headers."""
    _merged(table)
    if _misplaced_headers(table):
        return
    cells = _header_cells(table)
    wanted = {fold(c.header): c for c in table.sheet.columns}
    extra: dict[int, str] = {}
    for index, text in cells.items():
        column = wanted.get(fold(text))
        if column is None:
            extra[index] = text
        elif column.field in table.columns:
            first = table.at(table.columns[column.field], 1)
            table.problem(f"the header {column.header} appears twice ({first} and "
                          f"{table.at(index, 1)}); delete or rename one of the columns",
                          index=index, value=shown(text), allowed="each column once")
        else:
            table.columns[column.field] = index
    _missing_headers(table, extra)
    _extra_headers(table, extra)
    _headerless_data(table, set(cells))


def _missing_headers(table: Table, extra: dict[int, str]) -> None:
    for column in table.sheet.columns:
        if column.field in table.columns:
            continue
        near = difflib.get_close_matches(fold(column.header), [fold(t) for t in extra.values()],
                                         n=1, cutoff=0.75)
        index = next((i for i, t in extra.items() if near and fold(t) == near[0]), None)
        if index is None:
            table.problem(f"the column {column.header} is missing: row 1 must have a header "
                          f"{column.header}", allowed="every column the entry template has")
        else:
            table.problem(f'the header "{shown(extra.pop(index))}" looks like a misspelling '
                          f"of {column.header}; correct it to {column.header}", index=index,
                          allowed=column.header)


def _extra_headers(table: Table, extra: dict[int, str]) -> None:
    for index, text in extra.items():
        table.problem(f'the column "{shown(text)}" is not one of this sheet\'s columns, so it '
                      "is ignored", index=index, warning=True,
                      allowed="the columns of the entry template")


def _headerless_data(table: Table, headed: set[int]) -> None:
    found = sorted({i for row in table.grid.rows[1:] for i, c in enumerate(row)
                    if i not in headed and not is_blank(c)})
    for index in found:
        table.problem(f"column {column_letter(index)} holds data but has no header in row 1, "
                      "so it is ignored", index=index, warning=True,
                      allowed="data only under the entry template's headers")


# --- rows ------------------------------------------------------------------------------


def _cell_value(table: Table, column: Column, row: int, cells: list[Cell]) -> object:
    if column.field not in table.columns:
        return UNKNOWN
    index = table.columns[column.field]
    cell = cells[index] if index < len(cells) else None
    if is_blank(cell):
        if column.required:
            table.problem(f"{column.header} is empty; it is required", index=index, row=row,
                          allowed=column.help or allowed_for(column))
        return UNKNOWN if column.required else column.empty
    try:
        return parse_cell(column, cell, table.seen)
    except CellError as error:
        table.problem(f"{column.header}: {error.message}", index=index, row=row,
                      value=shown(cell), allowed=error.allowed)
        return UNKNOWN


def _is_blank_row(table: Table, cells: list[Cell]) -> bool:
    return all(is_blank(cells[i]) for i in table.columns.values() if i < len(cells))


def read_rows(table: Table) -> None:
    """Parse every non-blank row, then apply the sheet's row rules."""
    for number, cells in enumerate(table.grid.rows[1:], start=2):
        if _is_blank_row(table, cells):
            continue
        table.raw[number] = cells + [None] * (max(table.columns.values(), default=0) + 1)
        values = {c.field: _cell_value(table, c, number, cells) for c in table.sheet.columns}
        table.rows.append((number, values))
        for rule in row_rules(table.sheet):
            failure = rule.check(values)
            if failure is not None:
                table.fail(number, failure)


def _cross_checks(tables: dict[str, Table]) -> None:
    for sheet in UNIQUE_RULES:
        if (table := tables.get(sheet.name)) is not None:
            for row, failure in duplicates(sheet, table.rows):
                table.fail(row, failure)
    register = tables.get(REGISTER.name)
    if register is None or "site_id" not in register.columns:
        return
    known = {v["site_id"] for _, v in register.rows if isinstance(v["site_id"], str)}
    for sheet in REGISTER_LINKS:
        if (table := tables.get(sheet.name)) is not None:
            for row, failure in unknown_sites(sheet, table.rows, known):
                table.fail(row, failure)


# --- records ---------------------------------------------------------------------------


def _records(tables: dict[str, Table], sheet: Sheet[R]) -> tuple[R, ...]:
    """The records of ``sheet``'s rows (none when the sheet was not found)."""
    table = tables.get(sheet.name)
    if table is None:
        return ()
    return tuple(sheet.record.build(row, values) for row, values in table.rows)


# --- the folder ------------------------------------------------------------------------


@dataclass
class Reading:
    """Everything read from a data folder, before deciding whether it is valid."""

    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)


def _read_workbooks(folder: Path, reading: Reading) -> None:
    for file in WORKBOOKS:
        book, problems = read_workbook(folder, file)
        reading.problems += problems
        if book is None:
            continue
        reading.inputs[file] = book.sha256
        for sheet in (s for s in SHEETS if s.file == file and s.name in book.sheets):
            table = Table(file, sheet, book.sheets[sheet.name])
            read_headers(table)
            read_rows(table)
            reading.tables[sheet.name] = table


def read_folder(data_dir: Path) -> tuple[Reading, Settings | None]:
    """Read and check everything in ``data_dir``; returns the reading and the settings."""
    reading = Reading()
    if not data_dir.is_dir():
        what = "is a file, not a folder" if data_dir.exists() else "does not exist"
        reading.problems.append(Problem(
            file=str(data_dir), message=f"this data folder {what}; give the folder "
            "that holds approval_register.xlsx, breach_log.xlsx and site_evaluation.xlsx"))
        return reading, None
    _read_workbooks(data_dir, reading)
    _cross_checks(reading.tables)
    settings, setting_problems = load_settings(data_dir)
    if (data_dir / SETTINGS_FILE).is_file() and not setting_problems:
        reading.inputs[SETTINGS_FILE] = sha256((data_dir / SETTINGS_FILE).read_bytes())
    reading.problems += [p for t in reading.tables.values() for p in t.problems]
    reading.problems += setting_problems
    return reading, settings


def _in_order(problems: Iterable[Problem]) -> list[Problem]:
    files = {f: i for i, f in enumerate((*WORKBOOKS, SETTINGS_FILE))}
    return sorted(problems, key=lambda p: files.get(p.file, -1))


def validate(data_dir: Path) -> list[Problem]:
    """Every problem (errors and warnings) with the data in ``data_dir``."""
    reading, _ = read_folder(data_dir)
    return _in_order(reading.problems)


def load_dataset(data_dir: Path) -> Dataset:
    """The validated records of ``data_dir``; raises InvalidInputError on any error."""
    reading, settings = read_folder(data_dir)
    problems = _in_order(reading.problems)
    if settings is None or any(p.severity == "error" for p in problems):
        raise InvalidInputError(problems)
    tables = reading.tables
    return Dataset(
        settings=settings,
        sites=_records(tables, REGISTER),
        breaches=_records(tables, BREACHES),
        objectives=_records(tables, OBJECTIVES),
        activity=_records(tables, ACTIVITY),
        inputs=reading.inputs,
        warnings=tuple(problems),
        columns={name: dict(table.columns) for name, table in tables.items()},
    )
