"""Spec 1: workbooks from Excel, LibreOffice and other programs read as they are."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from builders import breach_row, rewrite_zip, site_row, write_data

from stockham_analytics.workbooks.container import column_letter
from stockham_analytics.workbooks.load import load_dataset, validate
from stockham_analytics.workbooks.schema import REGISTER as REGISTER_SHEET

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
REGISTER, LOG = "approval_register.xlsx", "breach_log.xlsx"
EXCEL_WORDS = 'File > Save As > "Excel Workbook (*.xlsx)"'
LIBREOFFICE_WORDS = 'File > Save As > "Excel 2007-365 (.xlsx)"'


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


def test_workbooks_saved_by_libreoffice_read_as_they_are(tmp_path: Path) -> None:
    """LibreOffice's own xlsx, with a note, a merged block beside the table and a formula."""
    data = _copy("valid", tmp_path)
    assert validate(data) == []
    dataset = load_dataset(data)
    assert [s.site_id for s in dataset.sites] == ["SM-01"]
    assert dataset.activity[0].followers == 120  # =100+20 as LibreOffice saved it
    assert [b.severity for b in dataset.breaches] == ["Low"]


def test_an_error_saved_by_libreoffice_names_the_cell(tmp_path: Path) -> None:
    """=NA() saved by LibreOffice is an error at Breaches!I2, never a blank Severity."""
    data = _copy("valid", tmp_path)
    shutil.copy(FIXTURES / "error" / LOG, data / LOG)
    problems = validate(data)
    assert [(p.file, p.cell) for p in problems] == [(LOG, "I2")]
    assert "Excel shows #N/A here" in problems[0].message


def test_a_badly_formed_note_part_is_ignored(tmp_path: Path) -> None:
    """Notes are never read: a comments part and drawing that are not well-formed do no harm."""
    data = _copy("valid", tmp_path)

    def spoil(parts: dict[str, bytes]) -> dict[str, bytes]:
        parts["xl/comments1.xml"] = parts["xl/comments1.xml"].replace(b"</comments>", b"<br>")
        parts["xl/drawings/vmlDrawing1.vml"] += b"<x:ClientData><br></xml>"
        return parts

    rewrite_zip(data / REGISTER, spoil)
    assert validate(data) == []


def test_a_badly_formed_sheet_is_still_damaged(tmp_path: Path) -> None:
    """Only note parts are let off: a sheet that is not well-formed is still refused."""
    data = _copy("valid", tmp_path)
    rewrite_zip(data / REGISTER, lambda parts: {
        **parts, "xl/worksheets/sheet1.xml": parts["xl/worksheets/sheet1.xml"][:-20]})
    assert "damaged" in validate(data)[0].message


@pytest.mark.parametrize(("suffix", "kind"), [
    (".ods", "OpenDocument spreadsheet"), (".xls", "Excel 97-2003"),
    (".xlsm", "macro-enabled"), (".csv", "CSV text file"),
])
def test_another_format_beside_the_missing_workbook(tmp_path: Path, suffix: str,
                                                    kind: str) -> None:
    """approval_register.ods (etc.) instead of .xlsx: save-as steps, never 'rename it'."""
    data = write_data(tmp_path / "data", skip=[REGISTER])
    source = FIXTURES / "ods" / "approval_register.ods"
    (data / f"approval_register{suffix}").write_bytes(
        source.read_bytes() if suffix == ".ods" else b"Site ID,Site name\n")
    problem = next(p for p in validate(data) if p.file == REGISTER)
    assert kind in problem.message
    assert EXCEL_WORDS in problem.message and LIBREOFFICE_WORDS in problem.message
    assert "saving it as approval_register.xlsx" in problem.message
    assert "name it exactly" not in problem.message


@pytest.mark.parametrize(("content", "kind"), [
    ("ods", "an OpenDocument spreadsheet"), ("csv", "a text or CSV file"),
    ("xlsm", "a macro-enabled workbook (.xlsm)"),
])
def test_other_content_under_the_xlsx_name(tmp_path: Path, content: str, kind: str) -> None:
    """Whatever the name says, an .ods, a CSV or an .xlsm is refused with the save-as steps."""
    data = write_data(tmp_path / "data")
    target = data / REGISTER
    if content == "ods":
        shutil.copy(FIXTURES / "ods" / "approval_register.ods", target)
    elif content == "csv":
        target.write_text("Site ID,Site name\nSM-01,Blog\n", encoding="utf-8")
    else:
        rewrite_zip(target, lambda parts: {**parts, "[Content_Types].xml": re.sub(
            rb"application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            parts["[Content_Types].xml"])})
    problem = next(p for p in validate(data) if p.file == REGISTER)
    assert kind in problem.message
    assert EXCEL_WORDS in problem.message and LIBREOFFICE_WORDS in problem.message


def test_libreoffice_lock_file_means_open_in_another_program(tmp_path: Path) -> None:
    """.~lock.breach_log.xlsx# beside the workbook: a warning, as Excel's ~$ file gives."""
    data = write_data(tmp_path / "data", breaches=[breach_row()])
    (data / f".~lock.{LOG}#").write_text(",SBM,office-pc,29.11.2026 10:00,file:///", "utf-8")
    dataset = load_dataset(data)
    assert [(w.file, w.severity) for w in dataset.warnings] == [(LOG, "warning")]
    assert "open in LibreOffice" in dataset.warnings[0].message
    assert f".~lock.{LOG}#" in dataset.warnings[0].message


def test_libreoffice_lock_file_is_not_offered_as_the_missing_workbook(tmp_path: Path) -> None:
    """With only LibreOffice's lock file there, the message lists the real workbooks only."""
    data = write_data(tmp_path / "data", skip=[LOG])
    (data / f".~lock.{LOG}#").write_text("x", "utf-8")
    problem = next(p for p in validate(data) if p.file == LOG)
    assert ".~lock" not in problem.message and "name it exactly breach_log.xlsx" in problem.message


def _merge(folder: Path, file: str, sheet: str, span: str, value: object = None) -> None:
    book = openpyxl.load_workbook(folder / file)
    first = span.split(":")[0]
    if value is not None:
        book[sheet][first] = value
    book[sheet].merge_cells(span)
    book.save(folder / file)


#: The two columns just right of the Register's last header: beside the table, not in it.
_BESIDE = (f"{column_letter(len(REGISTER_SHEET.columns))}2:"
           f"{column_letter(len(REGISTER_SHEET.columns) + 1)}2")


@pytest.mark.parametrize("span", ["A10:F12", "AX1:BA3", _BESIDE])
def test_merged_cells_outside_the_table_are_ignored(tmp_path: Path, span: str) -> None:
    """Empty merged blocks below or beside the table (formatting) are not an error."""
    data = write_data(tmp_path / "data", register=[site_row()])
    _merge(data, REGISTER, "Register", span)
    assert [p for p in validate(data) if p.severity == "error"] == []


def test_a_merged_title_beside_the_table_is_ignored(tmp_path: Path) -> None:
    """A merged note with text to the right of the table is at most a warning."""
    data = write_data(tmp_path / "data", register=[site_row()])
    _merge(data, REGISTER, "Register", "AX5:BA6", "Checked by the SBM")
    assert [p for p in validate(data) if p.severity == "error"] == []


def test_merged_cells_hiding_values_in_the_table_are_an_error(tmp_path: Path) -> None:
    """Site name merged over Department in a data row: the hidden value is an error."""
    data = write_data(tmp_path / "data", register=[site_row(), site_row(**{"Site ID": "SM-02"})])
    _merge(data, REGISTER, "Register", "B2:C2")
    problems = [p for p in validate(data) if p.severity == "error"]
    assert ("B2:C2", "cells B2:C2 are merged") in {(p.cell, p.message[:22]) for p in problems}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_fixtures_can_be_made_again(tmp_path: Path) -> None:
    """make_fixtures.py with this machine's LibreOffice gives workbooks that read the same."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures",
                                                  FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make(tmp_path)
    assert validate(tmp_path / "valid") == []
    fresh, committed = load_dataset(tmp_path / "valid"), load_dataset(FIXTURES / "valid")
    assert (fresh.sites, fresh.breaches, fresh.objectives, fresh.activity) == (
        committed.sites, committed.breaches, committed.objectives, committed.activity)
