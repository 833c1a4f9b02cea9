"""The safe workbook writer: text never becomes a formula, and files are repeatable."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from stockham_analytics.authoring.xlsx import (
    FIXED_TIMESTAMP,
    FIXED_ZIP_DATE,
    new_workbook,
    save_workbook,
    workbook_bytes,
    write_cell,
    write_rows,
)

FORMULA_LIKE = [
    '=HYPERLINK("http://x")',
    "=1+1",
    "+44 1234",
    "-2",
    "@SUM(A1:A2)",
    "\tcmd",
]


def _one_sheet(values: list[object], path: Path) -> Path:
    book = new_workbook()
    write_rows(book.create_sheet("S"), [values])  # type: ignore[list-item]
    return save_workbook(book, path)


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_stored_as_a_string(tmp_path: Path, text: str) -> None:
    """Text starting with = + - @ or a tab/CR reloads as that exact string, quote-prefixed."""
    path = _one_sheet([text], tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(path)["S"]["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)


def test_text_starting_with_a_carriage_return_stays_text(tmp_path: Path) -> None:
    """A leading CR is quote-prefixed text (XML reads a bare CR back as a line feed)."""
    path = _one_sheet(["\rcmd"], tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(path)["S"]["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", "\ncmd", True)


def test_formula_text_is_not_written_as_a_formula_element(tmp_path: Path) -> None:
    """The sheet XML holds the text inline and no <f> formula element."""
    path = _one_sheet(['=HYPERLINK("http://x")'], tmp_path / "t.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 'HYPERLINK("http://x")' in xml


def test_calamine_reads_formula_like_text_back_as_text(tmp_path: Path) -> None:
    """The loader's reader (python-calamine) sees the text as typed, not a formula result."""
    path = _one_sheet(['=HYPERLINK("http://x")', "-2"], tmp_path / "t.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    assert rows == [['=HYPERLINK("http://x")', "-2"]]


def test_error_code_text_stays_text(tmp_path: Path) -> None:
    """Text such as #N/A is kept as a string, not turned into an Excel error value."""
    path = _one_sheet(["#N/A"], tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(path)["S"]["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", "#N/A", False)


def test_plain_text_has_no_quote_prefix(tmp_path: Path) -> None:
    """Ordinary text, even with a - or = inside it, is not quote-prefixed."""
    path = _one_sheet(["Year 3-6", "a=b"], tmp_path / "t.xlsx")
    row = openpyxl.load_workbook(path)["S"][1]
    assert [(c.value, c.quotePrefix) for c in row] == [("Year 3-6", False), ("a=b", False)]


def test_values_keep_their_types(tmp_path: Path) -> None:
    """Dates are real dates shown dd/mm/yyyy; numbers and booleans stay numbers and booleans."""
    path = _one_sheet([dt.date(2026, 9, 14), 7, None, 2.5, True], tmp_path / "t.xlsx")
    row = openpyxl.load_workbook(path)["S"][1]
    assert [c.value for c in row] == [dt.datetime(2026, 9, 14), 7, None, 2.5, True]
    assert row[0].number_format == "dd/mm/yyyy"


def test_write_rows_applies_column_formats_and_returns_last_row() -> None:
    """Each column gets its format; the number of the last row written comes back."""
    sheet = new_workbook().create_sheet("S")
    last = write_rows(sheet, [["7-11", 1], ["6.10", 2]], first_row=2, formats=["@"])
    assert last == 3
    assert [sheet.cell(r, 1).number_format for r in (2, 3)] == ["@", "@"]
    assert sheet.cell(2, 2).number_format == "General"


def test_write_rows_with_no_rows_returns_the_row_before() -> None:
    """Writing nothing from row 2 reports row 1 as the last one written."""
    assert write_rows(new_workbook().create_sheet("S"), [], first_row=2) == 1


def test_write_cell_keeps_an_explicit_date_format() -> None:
    """A number format passed in wins over the default UK date format."""
    sheet = new_workbook().create_sheet("S")
    cell = write_cell(sheet, 1, 1, dt.date(2026, 1, 5), "yyyy-mm-dd")
    assert cell.number_format == "yyyy-mm-dd"


def _build(text: str) -> bytes:
    book = new_workbook()
    write_rows(book.create_sheet("S"), [[text, dt.date(2026, 9, 1)]])
    return workbook_bytes(book)


def test_same_content_gives_the_same_bytes() -> None:
    """Two workbooks with the same cells save to byte-identical files."""
    assert _build("same") == _build("same")


def test_different_content_gives_different_bytes() -> None:
    """The bytes do depend on the content (so the test above is not vacuous)."""
    assert _build("one") != _build("two")


def test_document_properties_are_fixed(tmp_path: Path) -> None:
    """Created/modified times and authors are fixed values, not the clock or the user."""
    path = tmp_path / "t.xlsx"
    path.write_bytes(_build("x"))
    props = openpyxl.load_workbook(path).properties
    assert (props.created, props.modified) == (FIXED_TIMESTAMP, FIXED_TIMESTAMP)
    assert (props.creator, props.lastModifiedBy) == ("stockham-analytics", "stockham-analytics")


def test_zip_entries_carry_a_fixed_date() -> None:
    """Every entry of the xlsx zip has the same fixed date, whatever the time of saving."""
    with zipfile.ZipFile(io.BytesIO(_build("x"))) as archive:
        dates = {info.date_time for info in archive.infolist()}
    assert dates == {FIXED_ZIP_DATE}


def test_new_workbook_has_no_sheets() -> None:
    """A new workbook starts without openpyxl's default sheet."""
    assert new_workbook().sheetnames == []


def test_save_workbook_creates_folders(tmp_path: Path) -> None:
    """Saving into a folder that does not exist yet creates it."""
    book = new_workbook()
    book.create_sheet("S")
    path = save_workbook(book, tmp_path / "a" / "b" / "t.xlsx")
    assert openpyxl.load_workbook(path).sheetnames == ["S"]
