"""Blank workbooks for the business manager to fill in (``stockham-analytics templates``).

Each of the three workbooks of spec section 1 gets:

- a first sheet ``Instructions`` listing every column: its heading, what to
  type, whether it is required, whether it is personal data, and the policy
  clause behind it, quoted from the policy;
- its data sheets, with the headings of :mod:`stockham_analytics.workbooks.schema` in
  row 1 (bold, frozen, with a filter), drop-down lists for every closed list
  and every Y/N column, date and whole-number checks, and the columns whose
  text Excel would otherwise change (``7-11`` into a date, ``6.10`` into
  ``6.1``) formatted as text.

Nothing here spells a heading: they all come from the schema.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from stockham_analytics.authoring.newfiles import check_new_files, write_new_files
from stockham_analytics.authoring.xlsx import (
    TEXT_FORMAT,
    UK_DATE_FORMAT,
    CellValue,
    new_workbook,
    workbook_bytes,
    write_cell,
    write_rows,
)
from stockham_analytics.policy import POLICY_QUOTES
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.schema import WORKBOOKS, AnySheet, Column, sheets_of

INSTRUCTIONS = "Instructions"
#: Data-entry checks cover these rows (row 1 holds the headings).
FIRST_ROW, LAST_ROW = 2, 1000
#: Dates Excel accepts in a date column.
EARLIEST_DATE, LATEST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
#: Terms offered in the Term drop-down (others can still be typed, after a warning).
TERM_CHOICES: tuple[str, ...] = tuple(
    Term(year, index).name for year in range(2025, 2031) for index in range(3)
)
YES_NO: tuple[str, ...] = ("Y", "N")
#: Columns typed as text whatever their kind, so Excel keeps leading zeros.
TEXT_FIELDS = frozenset({"breach_id", "objective_id"})
#: Kinds whose cells Excel must keep as typed.
TEXT_KINDS = frozenset({"site_id", "age_range", "clause"})
#: Numbers that must be above zero rather than zero or more.
POSITIVE_FIELDS = frozenset({"target"})

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

_WHAT_TO_TYPE: dict[str, str] = {
    "site_id": "A short code with no spaces, e.g. SM-01.",
    "text": "Text.",
    "names": "One or more names, separated by ; or a new line (Alt+Enter in Excel).",
    "yn": "Y or N from the list; blank means No.",
    "date": "A date, e.g. 14/09/2026.",
    "choice": "One of the list: {choices}.",
    "whole": "A whole number, 0 or more.",
    "number": "A number.",
    "term": "A term: Autumn, Spring or Summer and the year it starts in.",
    "age_range": "The pupils' ages or year groups, for example:",
    "clause": "The policy clause that was breached.",
}

_WORKBOOK_PURPOSE: dict[str, str] = {
    "approval_register.xlsx": "one row per official social media site: the answers on its "
    "Appendix B approval form, its approvals and how it is run now.",
    "breach_log.xlsx": "one row per breach of the Social Media Policy (policy section 9).",
    "site_evaluation.xlsx": "sheet Objectives: one row per objective of a site in each term; "
    "sheet Activity: one row per site in each term (policy A1.5, A1.7).",
}

INSTRUCTION_HEADERS: tuple[str, ...] = (
    "Sheet",
    "Column",
    "What to type",
    "Required",
    "Personal data",
    "Policy clause",
    "What the policy says",
)
_INSTRUCTION_WIDTHS: tuple[int, ...] = (12, 28, 60, 22, 14, 14, 80)


def write_templates(out: Path) -> list[Path]:
    """Write the three blank workbooks into ``out``; returns their paths in reporting order.

    Nothing is written when any of them is already there, or ``out`` holds workbooks."""
    check_new_files(out, list(WORKBOOKS), "templates")
    files = {file: workbook_bytes(template_workbook(file)) for file in WORKBOOKS}
    return write_new_files(out, files, "templates")


def template_workbook(file: str) -> Workbook:
    """The blank workbook ``file`` (e.g. ``breach_log.xlsx``) with its Instructions sheet first."""
    book = new_workbook()
    write_instructions(book.create_sheet(INSTRUCTIONS), file)
    for sheet in sheets_of(file):
        data = book.create_sheet(sheet.name)
        lay_out_sheet(data, sheet)
        add_validations(data, sheet)
    return book


def lay_out_sheet(sheet: Worksheet, layout: AnySheet) -> None:
    """Headings in bold in a frozen row 1 with a filter, column widths and text formats."""
    for number, column in enumerate(layout.columns, start=1):
        cell = write_cell(sheet, 1, number, column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        dimension = sheet.column_dimensions[get_column_letter(number)]
        dimension.width = column_width(column)
        number_format = column_format(column)
        if number_format is not None:
            dimension.number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(layout.columns))}1"


def column_format(column: Column) -> str | None:
    """The number format a column's cells get: text, UK date, or None for Excel's own."""
    if column.kind in TEXT_KINDS or column.field in TEXT_FIELDS:
        return TEXT_FORMAT
    if column.kind == "date":
        return UK_DATE_FORMAT
    return None


def column_width(column: Column) -> float:
    """A width that shows the heading and typical entries."""
    if column.kind in {"text", "names"} and column.field not in TEXT_FIELDS:
        return 30.0
    return float(min(max(len(column.header) + 4, 12), 32))


def add_validations(sheet: Worksheet, layout: AnySheet) -> None:
    """Drop-down lists and checks on every column that has a closed set of values."""
    for number, column in enumerate(layout.columns, start=1):
        validation = column_validation(column)
        if validation is not None:
            letter = get_column_letter(number)
            validation.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)


def column_validation(column: Column) -> DataValidation | None:
    """The Excel data-entry check for ``column``, or None for free text."""
    if column.kind == "choice":
        return _list(column, column.choices)
    if column.kind == "yn":
        return _list(column, YES_NO)
    if column.kind == "term":
        return _list(column, TERM_CHOICES, style="warning")
    if column.kind == "date":
        low, high = (str(int(to_excel(d))) for d in (EARLIEST_DATE, LATEST_DATE))
        return _check(column, "date", "between", low, high, "Type a date, e.g. 14/09/2026.")
    if column.kind in {"whole", "number"}:
        return _number(column)
    return None


def list_formula(choices: Sequence[str]) -> str:
    """An Excel list as a data validation formula: ``"School,Third party"``."""
    return '"' + ",".join(choices) + '"'


def _list(column: Column, choices: Sequence[str], style: str = "stop") -> DataValidation:
    validation = DataValidation(type="list", formula1=list_formula(choices), allow_blank=True)
    validation.errorStyle = style
    shown = ", ".join(choices) if len(choices) <= 8 else f"{choices[0]} ... {choices[-1]}"
    return _messages(validation, column, f"Choose one of: {shown}.")


def _number(column: Column) -> DataValidation:
    kind = "whole" if column.kind == "whole" else "decimal"
    if column.field in POSITIVE_FIELDS:
        return _check(column, kind, "greaterThan", "0", None, "Type a number above 0.")
    what = "a whole number" if kind == "whole" else "a number"
    return _check(column, kind, "greaterThanOrEqual", "0", None, f"Type {what}, 0 or more.")


def _check(
    column: Column, kind: str, operator: str, low: str, high: str | None, error: str
) -> DataValidation:
    validation = DataValidation(
        type=kind, operator=operator, formula1=low, formula2=high, allow_blank=True
    )
    validation.errorStyle = "stop"
    return _messages(validation, column, error)


def _messages(validation: DataValidation, column: Column, error: str) -> DataValidation:
    validation.showErrorMessage = True
    validation.showInputMessage = True
    validation.errorTitle = column.header[:32]
    validation.error = error[:255]
    validation.promptTitle = column.header[:32]
    validation.prompt = what_to_type(column)[:255]
    return validation


def what_to_type(column: Column) -> str:
    """Plain-English guidance for one column, from its kind, choices and help."""
    text = _WHAT_TO_TYPE[column.kind].format(choices=", ".join(column.choices))
    if column.help.startswith("e.g."):
        return f"{text.rstrip('.')}, {column.help}."
    if column.help:
        return f"{text} {column.help[0].upper()}{column.help[1:]}."
    return text


def required_text(column: Column) -> str:
    """``Yes``, ``No``, or the condition under which the column must be filled in."""
    if column.required:
        return "Yes"
    match = re.search(r"[Rr]equired ((?:when|for) [^;.,]+)", column.help)
    if match is None:
        return "No"
    return match.group(1)[0].upper() + match.group(1)[1:]


def write_instructions(sheet: Worksheet, file: str) -> None:
    """The Instructions sheet of workbook ``file``: one row per column of its data sheets."""
    write_cell(sheet, 1, 1, f"How to fill in {file}").font = TITLE_FONT
    write_rows(sheet, _preamble(file), first_row=2)
    table_row = 6
    for number, header in enumerate(INSTRUCTION_HEADERS, start=1):
        cell = write_cell(sheet, table_row, number, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(number)].width = _INSTRUCTION_WIDTHS[number - 1]
    last = write_rows(sheet, instruction_rows(file), first_row=table_row + 1)
    for row in sheet.iter_rows(min_row=table_row + 1, max_row=last):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = f"A{table_row + 1}"


def _preamble(file: str) -> list[list[CellValue]]:
    sheets = " and ".join(s.name for s in sheets_of(file))
    return [
        [f"This workbook holds {_WORKBOOK_PURPOSE[file]}"],
        [f"Type in sheet {sheets}. Keep the headings in row 1 as they are; blank rows are "
         "skipped. Use the drop-down lists where a column has one. Columns such as Site ID, "
         "Pupil age range and Policy clause are formatted as text, so that Excel keeps what "
         "you type: 7-11 stays 7-11 and 6.10 stays 6.10."],
        ["Personal data (names, and breach descriptions) is counted but never shown to "
         "governors. Check your entries with: stockham-analytics validate --data DIR"],
    ]


def instruction_rows(file: str) -> Iterator[list[CellValue]]:
    """One row per column of the workbook's data sheets, as the Instructions table shows it."""
    for sheet in sheets_of(file):
        for column in sheet.columns:
            yield [
                sheet.name,
                column.header,
                what_to_type(column),
                required_text(column),
                "Yes" if column.personal else None,
                column.clause or None,
                quote_clauses(column.clause) or None,
            ]


def quote_clauses(clauses: str) -> str:
    """The policy's words for ``clauses`` (e.g. ``"7.3, A2.5"``), each led by its number."""
    parts = [c.strip() for c in clauses.split(",") if c.strip()]
    return "\n".join(f"{c}: {POLICY_QUOTES[c]}" for c in parts)
