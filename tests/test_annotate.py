"""validate --all and --annotate: every problem, where the business manager works (spec 5)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from builders import as_cells, breach_row, site_row, write_data

from stockham_analytics.authoring.annotate import ERROR_FILL, SHEET, WARNING_FILL
from stockham_analytics.authoring.entry_templates import template_workbook
from stockham_analytics.authoring.xlsx import save_workbook, write_rows
from stockham_analytics.cli import main
from stockham_analytics.workbooks.schema import BREACHES, REGISTER


def _template_data(folder: Path) -> Path:
    """A data folder whose breach log is the entry template (drop-downs, formats,
    Instructions) with two bad rows typed in, one of them text starting with '='."""
    write_data(folder, register=[site_row()])
    book = template_workbook("breach_log.xlsx")
    rows = [as_cells(BREACHES, breach_row(Severity="Awful")),
            as_cells(BREACHES, breach_row(**{"Breach ID": "=B-002", "Policy clause": "9.9",
                                             "Date identified": "next week"}))]
    write_rows(book["Breaches"], rows, first_row=2)
    save_workbook(book, folder / "breach_log.xlsx")
    return folder


def _annotate(data: Path, out: Path) -> int:
    return main(["validate", "--data", str(data), "--annotate", str(out),
                 "--as-of", "2026-12-31"])


def test_annotated_copy_marks_every_problem_and_keeps_the_workbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Red cells with notes, a Problems sheet first with links; drop-downs and sheets kept."""
    data = _template_data(tmp_path / "data")
    original = (data / "breach_log.xlsx").read_bytes()
    out = tmp_path / "marked"
    assert _annotate(data, out) == 1
    assert os.listdir(out) == ["breach_log.xlsx"]  # only the workbook with problems
    assert (data / "breach_log.xlsx").read_bytes() == original
    book = openpyxl.load_workbook(out / "breach_log.xlsx")
    before = openpyxl.load_workbook(data / "breach_log.xlsx")
    assert book.sheetnames == [SHEET, *before.sheetnames]
    sheet = book["Breaches"]
    for ref in ("I2", "C3", "G3"):
        assert sheet[ref].fill == ERROR_FILL, ref
        assert sheet[ref].comment is not None and f"Breaches!{ref}" in sheet[ref].comment.text
    assert "Awful" in sheet["I2"].comment.text and "Low / Medium / High" in sheet["I2"].comment.text
    assert sheet["A2"].fill != ERROR_FILL and sheet["A2"].comment is None
    assert sheet["A3"].value == "=B-002" and sheet["A3"].data_type == "s"
    assert len(sheet.data_validations.dataValidation) == len(
        before["Breaches"].data_validations.dataValidation) > 0
    assert sheet.freeze_panes == before["Breaches"].freeze_panes
    assert sheet.column_dimensions["A"].width == before["Breaches"].column_dimensions["A"].width
    problems = book[SHEET]
    rows = list(problems.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["breach_log.xlsx Breaches!I2", "breach_log.xlsx Breaches!C3",
                                    "breach_log.xlsx Breaches!G3"]
    assert [problems.cell(row=n, column=2).hyperlink.location for n in (2, 3, 4)] == [
        "'Breaches'!I2", "'Breaches'!C3", "'Breaches'!G3"]
    assert book.active.title == SHEET
    assert "wrote " in capsys.readouterr().out


def test_warnings_are_marked_yellow_and_sheet_problems_listed(tmp_path: Path) -> None:
    """An extra column (a warning) is filled yellow; a missing column is listed without a cell."""
    headers = [c.header for c in REGISTER.columns if c.header != "Aims"] + ["My notes"]
    row = {**site_row(), "My notes": "x"}
    row.pop("Aims")
    data = write_data(tmp_path / "data", register=[[row.get(h) for h in headers]],
                      headers={"Register": headers})
    out = tmp_path / "marked"
    assert _annotate(data, out) == 1
    book = openpyxl.load_workbook(out / "approval_register.xlsx")
    last = openpyxl.utils.get_column_letter(len(headers))
    assert book["Register"][f"{last}1"].fill == WARNING_FILL
    listed = list(book[SHEET].iter_rows(min_row=2, values_only=True))
    assert ("Error", "approval_register.xlsx sheet Register") in {(r[0], r[1]) for r in listed}
    assert ("Warning", f"approval_register.xlsx Register!{last}1") in {(r[0], r[1])
                                                                        for r in listed}


def test_annotate_never_writes_over_the_originals(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """--annotate into the data folder itself, or onto an existing copy: refused, exit 3."""
    data = _template_data(tmp_path / "data")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    assert _annotate(data, data) == 3
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    out = tmp_path / "marked"
    out.mkdir()
    (out / "breach_log.xlsx").write_bytes(b"an earlier copy")
    assert _annotate(data, out) == 3
    assert os.listdir(out) == ["breach_log.xlsx"]
    assert (out / "breach_log.xlsx").read_bytes() == b"an earlier copy"
    assert "Traceback" not in capsys.readouterr().err


def test_validate_lists_the_first_50_and_says_how_to_see_all(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """60 bad rows: 50 listed with the way to see all; --all lists all 60."""
    rows = [breach_row(**{"Breach ID": f"B-{n:03d}", "Severity": "Awful"}) for n in range(60)]
    data = write_data(tmp_path / "data", breaches=rows)
    assert main(["validate", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("is not one of the allowed values") == 50
    assert "...and 10 more problems in this workbook: run validate --all" in err
    assert "validate --annotate DIR" in err
    assert main(["validate", "--data", str(data), "--all"]) == 1
    err = capsys.readouterr().err
    assert err.count("is not one of the allowed values") == 60 and "more problems" not in err


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_annotated_copy(tmp_path: Path) -> None:
    """LibreOffice converts the annotated copy headless, keeping the red cells and notes."""
    data = _template_data(tmp_path / "data")
    out = tmp_path / "marked"
    assert _annotate(data, out) == 1
    converted = tmp_path / "converted"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(converted),
                    str(out / "breach_log.xlsx")], check=True, capture_output=True, timeout=180)
    book = openpyxl.load_workbook(converted / "breach_log.xlsx")
    assert book.sheetnames[0] == SHEET
    cell = book["Breaches"]["I2"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert cell.comment is not None and "Awful" in cell.comment.text
