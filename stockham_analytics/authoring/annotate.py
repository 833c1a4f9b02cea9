"""Mark every problem in a copy of the workbooks (``validate --annotate DIR``).

For each workbook with a problem, :func:`annotate_workbooks` writes a copy into
DIR (never over the originals or any file already there; see
:mod:`~stockham_analytics.authoring.newfiles`) in which:

- every cell with an error is filled red, and every cell with a warning
  yellow (Excel's own "Light Red Fill" and "Yellow Fill"), and carries a note
  (comment) with the message; a merged span or range is filled whole, the
  note goes on its first cell;
- a first sheet, ``Problems``, lists every problem of the workbook (those
  without a cell too), each with a link to its cell.

The copy is made by openpyxl (which reads through defusedxml) from a workbook
that has passed :func:`~stockham_analytics.workbooks.container.check_container`:
formatting, drop-down lists, formulas and other sheets are kept. Pictures and
charts, which openpyxl does not keep, are the one loss; the originals are
never changed. Text is written as text (a message that starts with ``=`` never
becomes a formula) with hidden characters shown visibly.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from stockham_analytics.authoring.newfiles import write_new_files
from stockham_analytics.authoring.xlsx import write_cell
from stockham_analytics.errors import OutputFolderError, Problem
from stockham_analytics.text import visible
from stockham_analytics.workbooks.container import FileFault, check_container
from stockham_analytics.workbooks.messages import format_problem
from stockham_analytics.workbooks.reader import read_bytes
from stockham_analytics.workbooks.schema import WORKBOOKS

SHEET = "Problems"
ERROR_FILL = PatternFill("solid", fgColor="FFFFC7CE")  # Excel's Light Red Fill
WARNING_FILL = PatternFill("solid", fgColor="FFFFEB9C")  # Excel's Yellow Fill
AUTHOR = "stockham-analytics validate"
HEADERS = ("Severity", "Where", "Column", "Found", "Problem", "Allowed")
WIDTHS = (10, 34, 24, 24, 90, 40)
NOTE_SIZE = (120, 360)  # height, width in points
MAX_NOTE = 2000


def _text(value: str | None) -> str:
    return visible(value or "")[:32_000]


def _sheet_name(book: Workbook) -> str:
    name, number = SHEET, 1
    while name in book.sheetnames:
        number += 1
        name = f"{SHEET} ({number})"
    return name


def _cells(problem: Problem) -> tuple[int, int, int, int] | None:
    """(min column, min row, max column, max row) of the problem's cell or span."""
    if problem.cell is None:
        return None
    try:
        low_col, low_row, high_col, high_row = range_boundaries(problem.cell)
    except (ValueError, TypeError):
        return None
    if None in (low_col, low_row, high_col, high_row):
        return None
    return low_col, low_row, high_col, high_row


def _note(sheet: Worksheet, row: int, column: int, message: str) -> None:
    cell = sheet.cell(row=row, column=column)
    old = cell.comment.text + "\n\n" if cell.comment is not None else ""
    comment = Comment(_text(old + message)[:MAX_NOTE], AUTHOR)
    comment.height, comment.width = NOTE_SIZE
    cell.comment = comment


def mark_cell(book: Workbook, problem: Problem) -> None:
    """Fill the problem's cells and put its message in a note on the first one."""
    box = _cells(problem)
    if box is None or problem.sheet not in book.sheetnames:
        return
    sheet = book[problem.sheet]
    low_col, low_row, high_col, high_row = box
    fill = ERROR_FILL if problem.severity == "error" else WARNING_FILL
    for row in range(low_row, high_row + 1):
        for column in range(low_col, high_col + 1):
            cell = sheet.cell(row=row, column=column)
            if not hasattr(cell, "fill") or not hasattr(cell, "comment"):
                continue  # a cell hidden by a merge: its span's first cell has the note
            if cell.fill != ERROR_FILL:
                cell.fill = fill
    _note(sheet, low_row, low_col, format_problem(problem))


def _link(problem: Problem) -> str | None:
    if problem.sheet is None:
        return None
    sheet = problem.sheet.replace("'", "''")
    cell = (problem.cell or "A1").split(":")[0]
    return f"'{sheet}'!{cell}"


def write_problem_sheet(book: Workbook, problems: Sequence[Problem]) -> Worksheet:
    """The first sheet: one row per problem, its place a link to the cell."""
    sheet = book.create_sheet(_sheet_name(book), 0)
    for number, header in enumerate(HEADERS, start=1):
        write_cell(sheet, 1, number, header).font = Font(bold=True)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width = \
            WIDTHS[number - 1]
    for row, problem in enumerate(problems, start=2):
        values = (problem.severity.capitalize(), problem.location, problem.column,
                  problem.value, problem.message, problem.allowed)
        for column, value in enumerate(values, start=1):
            write_cell(sheet, row, column, _text(value) if value else None)
        target = _link(problem)
        if target is not None:
            where = sheet.cell(row=row, column=2)
            where.hyperlink = Hyperlink(ref=where.coordinate, location=target,
                                        display=_text(problem.location))
            where.font = Font(color="FF0563C1", underline="single")
    sheet.freeze_panes = "A2"
    if len(problems):
        sheet.auto_filter.ref = f"A1:F{len(problems) + 1}"
    for other in book.worksheets:
        other.sheet_view.tabSelected = other is sheet
    book.active = 0
    return sheet


def annotated_copy(data: bytes, problems: Sequence[Problem]) -> bytes:
    """The workbook ``data`` with ``problems`` marked, as the bytes of an .xlsx."""
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    try:
        for problem in problems:
            mark_cell(book, problem)
        write_problem_sheet(book, problems)
        out = io.BytesIO()
        book.save(out)
    finally:
        book.close()
    return out.getvalue()


def _readable(path: Path) -> bytes | None:
    try:
        data = read_bytes(path)
        check_container(path.name, data)
    except FileFault:
        return None
    return data


def annotate_workbooks(data_dir: Path, problems: Sequence[Problem], out: Path) -> list[Path]:
    """Write a marked copy of each workbook of ``data_dir`` with problems into ``out``."""
    if out.resolve() == data_dir.resolve():
        raise OutputFolderError(out, "it is the data folder, and the copies would take the "
                                     "originals' names; give another folder with --annotate")
    files: dict[str, bytes] = {}
    for file in WORKBOOKS:
        mine = [p for p in problems if p.file == file]
        data = _readable(data_dir / file) if mine else None
        if data is not None:
            files[file] = annotated_copy(data, mine)
    if not files:
        return []
    return write_new_files(out, files, "validate --annotate", refuse_workbooks=False)
