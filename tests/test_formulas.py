"""Formulas read as Excel shows them (spec 1): an error or a missing saved value is an error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import breach_row, rewrite_zip, site_row, write_data

from stockham_analytics.cli import main
from stockham_analytics.workbooks.load import validate

SHEET = "xl/worksheets/sheet1.xml"


def _set_cell(folder: Path, file: str, ref: str, xml: str) -> None:
    """Replace cell ``ref`` of the first sheet of ``file`` with the raw ``xml``."""
    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        text = parts[SHEET].decode()
        pattern = rf'<c r="{ref}"(?:[^>/]*/>|[^>]*>.*?</c>)'
        assert re.search(pattern, text), f"no cell {ref}"
        parts[SHEET] = re.sub(pattern, xml, text, count=1).encode()
        return parts
    rewrite_zip(folder / file, change)


@pytest.mark.parametrize("shows", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?",
                                   "#NUM!", "#NULL!", "#SPILL!", "#CALC!"])
def test_a_formula_showing_an_error_names_the_cell(tmp_path: Path, shows: str) -> None:
    """Status (register column AM) computed as an error is an error at AM2, never 'empty'."""
    folder = write_data(tmp_path)
    _set_cell(folder, "approval_register.xlsx", "AM2",
              f'<c r="AM2" t="e"><f>VLOOKUP(A2,X:Y,2,FALSE)</f><v>{shows}</v></c>')
    problems = [p for p in validate(folder) if p.severity == "error"]
    assert [(p.sheet, p.cell) for p in problems] == [("Register", "AM2")]
    assert f"Excel shows {shows} here" in problems[0].message
    assert "fix the formula or type the value" in problems[0].message
    assert "empty" not in problems[0].message


def test_an_error_typed_as_a_value_is_an_error_too(tmp_path: Path) -> None:
    """An error constant (no formula) in an optional date column is not read as blank."""
    folder = write_data(tmp_path, breaches=[breach_row()])
    _set_cell(folder, "breach_log.xlsx", "D2", '<c r="D2" t="e"><v>#DIV/0!</v></c>')
    problems = validate(folder)
    assert [(p.cell, p.column) for p in problems] == [("D2", "Date reported")]
    assert "Excel shows #DIV/0! here" in problems[0].message


def test_a_formula_without_a_saved_value_is_an_error(tmp_path: Path) -> None:
    """openpyxl saves =NA() with no cached value: the cell is named, with what to do."""
    folder = write_data(tmp_path, breaches=[breach_row(Outcome="=NA()")])
    problems = validate(folder)
    assert [(p.cell, p.column) for p in problems] == [("N2", "Outcome")]
    assert "formula with no saved value" in problems[0].message
    assert "type the value" in problems[0].message


def test_an_error_in_an_otherwise_blank_row_is_not_skipped(tmp_path: Path) -> None:
    """A row whose only content is an error formula is still reported (not a blank row)."""
    folder = write_data(tmp_path, breaches=[breach_row()])
    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        text = parts[SHEET].decode()
        parts[SHEET] = text.replace(
            "</sheetData>", '<row r="3"><c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
                            "</sheetData>").encode()
        return parts
    rewrite_zip(folder / "breach_log.xlsx", change)
    assert ("B3", "Date occurred") in {(p.cell, p.column) for p in validate(folder)}


def test_formulas_with_saved_values_read_as_their_values(tmp_path: Path) -> None:
    """A formula with a saved value, and one whose text result is empty, read as Excel shows."""
    folder = write_data(tmp_path, register=[site_row(Aims="typed over")])
    _set_cell(folder, "approval_register.xlsx", "J2",
              '<c r="J2" t="str"><f>IF(1,"","x")</f><v></v></c>')
    _set_cell(folder, "approval_register.xlsx", "B2",
              '<c r="B2" t="str"><f>"Year 5 "&amp;"blog"</f><v>Year 5 blog</v></c>')
    assert validate(folder) == []


def test_validate_exits_1_on_an_error_formula(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The command line names the cell and says what Excel shows."""
    folder = write_data(tmp_path)
    _set_cell(folder, "approval_register.xlsx", "AM2",
              '<c r="AM2" t="e"><f>X()</f><v>#NAME?</v></c>')
    assert main(["validate", "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "approval_register.xlsx Register!AM2" in err and "#NAME?" in err
