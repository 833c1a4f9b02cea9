"""A small, safe way to write workbooks: text stays text, and bytes are repeatable.

Both the demo data (:mod:`stockham_analytics.authoring.demo`) and the entry templates
(:mod:`stockham_analytics.authoring.entry_templates`) write their workbooks through here.

*Text stays text.* openpyxl turns a ``str`` that starts with ``=`` into a
formula and one such as ``#N/A`` into an error value. :func:`write_cell`
stores every ``str`` as a plain string instead, and marks text that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return with Excel's
*quote prefix*, so that Excel shows it as typed and keeps it text when someone
edits the cell.

*Bytes are repeatable.* :func:`save_workbook` fixes what openpyxl would stamp
with the clock (the document's created and modified times, its author) and
the date of every zip entry, so the same workbook always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

#: What a cell may hold when written through this module.
CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | None

#: Characters that make a spreadsheet read text as a formula (or, after a tab
#: or carriage return, in some programs that import it).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: The date shown in Excel as the workbook's date of creation and last change.
FIXED_TIMESTAMP = dt.datetime(2026, 1, 1, 0, 0, 0)
#: The date given to every entry of the zip file that an xlsx is.
FIXED_ZIP_DATE: tuple[int, int, int, int, int, int] = (2026, 1, 1, 0, 0, 0)
#: Who Excel says wrote and last changed the workbook.
CREATOR = "stockham-analytics"

UK_DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"

_CORE_PROPERTIES = "docProps/core.xml"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula."""
    return text.startswith(FORMULA_STARTS)


def new_workbook() -> Workbook:
    """An empty workbook (no sheets yet) with fixed document properties."""
    book = Workbook()
    book.remove(book.worksheets[0])
    _fix_properties(book)
    return book


def write_cell(
    sheet: Worksheet, row: int, column: int, value: CellValue, number_format: str | None = None
) -> Cell:
    """Put ``value`` in the cell at (``row``, ``column``); a ``str`` is always stored as text.

    Dates get the UK date format unless ``number_format`` says otherwise.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula or an error value
        cell.quotePrefix = looks_like_formula(value)
    if number_format is not None:
        cell.number_format = number_format
    elif isinstance(value, dt.date):
        cell.number_format = UK_DATE_FORMAT
    return cell


def write_rows(
    sheet: Worksheet,
    rows: Iterable[Sequence[CellValue]],
    *,
    first_row: int = 1,
    formats: Sequence[str | None] = (),
) -> int:
    """Write ``rows`` from ``first_row`` down; ``formats[i]`` is column i's number format.

    Returns the number of the last row written (``first_row - 1`` when none).
    """
    number = first_row - 1
    for number, values in enumerate(rows, start=first_row):
        for index, value in enumerate(values):
            fmt = formats[index] if index < len(formats) else None
            write_cell(sheet, number, index + 1, value, fmt)
    return number


def workbook_bytes(book: Workbook) -> bytes:
    """The xlsx file of ``book``, the same bytes every time for the same content."""
    raw = io.BytesIO()
    book.save(raw)  # stamps the modified time with the clock: put right below
    _fix_properties(book)
    core = tostring(book.properties.to_tree())
    return _repack(raw.getvalue(), {_CORE_PROPERTIES: core})


def save_workbook(book: Workbook, path: Path) -> Path:
    """Write ``book`` to ``path`` (parent folders too) with repeatable bytes; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(book))
    return path


def _fix_properties(book: Workbook) -> None:
    props = book.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP


def _repack(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Copy a zip file with fixed entry dates, swapping in ``replace``'s entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, replace.get(name, source.read(name)))
    return out.getvalue()
