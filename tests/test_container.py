"""File-level safety: what reaches python_calamine has been checked, and faults are named."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from builders import breach_row, forge_size, rewrite_zip, write_data

from stockham_analytics.errors import Problem
from stockham_analytics.workbooks.container import Extent, check_container
from stockham_analytics.workbooks.load import load_dataset, validate

LOG = "breach_log.xlsx"
SHEET = "xl/worksheets/sheet1.xml"  # the only sheet of the breach log the builders write
DOCTYPE = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>\n'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b"<sheetData/></worksheet>")


def _errors(folder: Path) -> list[Problem]:
    return [p for p in validate(folder) if p.severity == "error"]


def _only_error(folder: Path) -> Problem:
    errors = _errors(folder)
    assert len(errors) == 1, errors
    return errors[0]


def _edit_log(folder: Path, cell: str, value: object) -> None:
    book = openpyxl.load_workbook(folder / LOG)
    book["Breaches"][cell] = value
    book.save(folder / LOG)


def test_extent_is_where_ctrl_end_goes(tmp_path: Path) -> None:
    """17 headers (A1:Q1) and a value in D7: the sheet reaches row 7, column 17 (Q7)."""
    folder = write_data(tmp_path)
    _edit_log(folder, "D7", "x")
    extent = check_container(LOG, (folder / LOG).read_bytes()).extent("Breaches")
    assert (extent.rows, extent.columns, extent.last_cell) == (7, 17, "Q7")


def test_cells_without_positions_are_counted_in_order(tmp_path: Path) -> None:
    """Cells may leave out r="A1"; they then follow one another along the row."""
    folder = write_data(tmp_path)
    rewrite_zip(folder / LOG, lambda parts: {
        **parts, SHEET: re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", parts[SHEET])})
    extent = check_container(LOG, (folder / LOG).read_bytes()).extent("Breaches")
    assert (extent.rows, extent.columns) == (1, 17)


def test_formatted_but_empty_cells_do_not_count(tmp_path: Path) -> None:
    """A styled cell with no value far down (Z99999) neither stretches the sheet nor stops it."""
    folder = write_data(tmp_path)
    rewrite_zip(folder / LOG, lambda parts: {**parts, SHEET: parts[SHEET].replace(
        b"</sheetData>", b'<row r="99999"><c r="Z99999" s="0"/></row></sheetData>')})
    assert check_container(LOG, (folder / LOG).read_bytes()).extent("Breaches").rows == 1
    assert load_dataset(folder).breaches == ()


@pytest.mark.parametrize(("cell", "last"), [("Z200001", "Z200001"), ("ALM2", "ALM2")])
def test_value_far_outside_the_table_is_refused_before_reading(tmp_path: Path, cell: str,
                                                                 last: str) -> None:
    """Row 200,001 (over 200,000) or column ALM (the 1,001st) is named, not read."""
    folder = write_data(tmp_path)
    _edit_log(folder, cell, "stray")
    problem = _only_error(folder)
    assert problem.location == f"{LOG} Breaches!{last}"
    assert f"Ctrl+End in Excel goes to {last}" in problem.message


def test_a_value_in_the_very_last_cell_is_named_not_a_crash(tmp_path: Path) -> None:
    """A stray x in XFD1048576 (python_calamine would abort allocating 17 billion cells)."""
    folder = write_data(tmp_path)
    _edit_log(folder, "XFD1048576", "x")
    problem = _only_error(folder)
    assert problem.location == f"{LOG} Breaches!XFD1048576"
    assert "row 1,048,576 or column 16,384" in problem.message


def test_zip_that_lies_about_a_part_size_is_refused(tmp_path: Path) -> None:
    """A part declared as 200 bytes (with a matching CRC) that unpacks to more is a bomb."""
    folder = write_data(tmp_path)
    forge_size(folder / LOG, SHEET, 200)
    problem = _only_error(folder)
    assert problem.file == LOG and "zip bomb" in problem.message


def test_doctype_in_a_sheet_part_without_an_xml_name_is_refused(tmp_path: Path) -> None:
    """A sheet moved to sheet1.dat is still parsed by defusedxml, which refuses a DOCTYPE."""
    def disguise(parts: dict[str, bytes]) -> dict[str, bytes]:
        moved = {k.replace(SHEET, "xl/worksheets/sheet1.dat"): v for k, v in parts.items()}
        moved["xl/worksheets/sheet1.dat"] = DOCTYPE
        rels = "xl/_rels/workbook.xml.rels"
        moved[rels] = parts[rels].replace(b"worksheets/sheet1.xml", b"worksheets/sheet1.dat")
        return moved

    folder = write_data(tmp_path)
    rewrite_zip(folder / LOG, disguise)
    problem = _only_error(folder)
    assert "declares entities or a DOCTYPE (in xl/worksheets/sheet1.dat)" in problem.message


def test_svg_picture_with_a_doctype_is_not_mistaken_for_an_attack(tmp_path: Path) -> None:
    """Pictures in xl/media are unpacked (size and CRC checked) but never parsed as XML."""
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    folder = write_data(tmp_path, breaches=[breach_row()])
    rewrite_zip(folder / LOG, lambda parts: {**parts, "xl/media/image1.svg": svg})
    assert [b.breach_id for b in load_dataset(folder).breaches] == ["B-001"]


def test_xml_that_is_not_well_formed_is_damaged_not_an_attack(tmp_path: Path) -> None:
    """A sheet cut off mid-tag is reported as a damaged part, naming it."""
    folder = write_data(tmp_path)
    rewrite_zip(folder / LOG, lambda parts: {**parts, SHEET: parts[SHEET][:-40]})
    problem = _only_error(folder)
    assert problem.message.startswith(f"{LOG} is damaged (its part {SHEET} cannot be read)")


def test_uncompressed_parts_are_read_too(tmp_path: Path) -> None:
    """A zip whose parts are stored, not deflated, is checked and loads."""
    import zipfile

    folder = write_data(tmp_path, breaches=[breach_row()])
    with zipfile.ZipFile(folder / LOG) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    with zipfile.ZipFile(folder / LOG, "w", zipfile.ZIP_STORED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    assert [b.breach_id for b in load_dataset(folder).breaches] == ["B-001"]


def test_sheet_whose_part_is_missing_is_named(tmp_path: Path) -> None:
    """workbook.xml lists Breaches but its part is gone: sheet Breaches cannot be read."""
    folder = write_data(tmp_path)
    rewrite_zip(folder / LOG, lambda parts: {k: v for k, v in parts.items() if k != SHEET})
    problem = _only_error(folder)
    assert problem.location == f"{LOG} sheet Breaches"
    assert problem.message.startswith("sheet Breaches cannot be read")


def test_workbook_open_in_excel_is_a_warning_and_still_loads(tmp_path: Path) -> None:
    """~$breach_log.xlsx beside the workbook: a warning that unsaved changes are not read."""
    folder = write_data(tmp_path, breaches=[breach_row()])
    (folder / f"~${LOG}").write_bytes(b"\x00" * 165)
    dataset = load_dataset(folder)
    assert len(dataset.breaches) == 1
    assert [(w.file, w.severity) for w in dataset.warnings] == [(LOG, "warning")]
    assert "is open in Excel" in dataset.warnings[0].message


def test_lock_file_is_not_offered_as_the_missing_workbook(tmp_path: Path) -> None:
    """With only ~$breach_log.xlsx there, the message lists the real workbooks only."""
    folder = write_data(tmp_path, skip=[LOG])
    (folder / f"~${LOG}").write_bytes(b"\x00" * 165)
    problem = _only_error(folder)
    assert "(the folder has: approval_register.xlsx, site_evaluation.xlsx)" in problem.message


def test_workbook_that_cannot_be_opened_says_so(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A read refused by the system (Excel holding it on Windows) is a problem, not a crash."""
    folder = write_data(tmp_path)
    (folder / f"~${LOG}").write_bytes(b"\x00" * 165)
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == LOG:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    problem = _only_error(folder)
    assert problem.message == (f"{LOG} cannot be opened (Permission denied). It is open in "
                               "Excel: close it there and run again.")


def test_extent_limits() -> None:
    """200,000 rows, 1,000 columns and five million cells are the most a sheet may span."""
    assert not Extent(200_000, 20).too_big and Extent(200_001, 1).too_big
    assert not Extent(1, 1_000).too_big and Extent(1, 1_001).too_big
    assert not Extent(5_000, 1_000).too_big and Extent(5_001, 1_000).too_big
    assert not Extent(100_001, 46).too_big  # a register of 100,000 sites, every column
