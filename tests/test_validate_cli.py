"""`stockham-analytics validate` as the business manager sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import as_cells, breach_row, objective_row, site_row, write_data

from stockham_analytics.cli import main
from stockham_analytics.exceptions import Problem
from stockham_analytics.messages import MAX_PER_FILE, format_problems
from stockham_analytics.schema import BREACHES


def _validate(folder: Path) -> int:
    return main(["validate", "--data", str(folder)])


def test_three_faults_are_all_named_and_exit_1(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Three bad cells in the breach log: each cell is named, exit code 1."""
    folder = write_data(tmp_path, breaches=[
        breach_row(**{"Date identified": "next week"}),
        breach_row(**{"Breach ID": "B-002", "Severity": "Awful"}),
        breach_row(**{"Breach ID": "B-003", "Policy clause": 6.1}),
    ])
    assert _validate(folder) == 1
    err = capsys.readouterr().err
    for cell in ("Breaches!C2", "Breaches!I3", "Breaches!G4"):
        assert f"breach_log.xlsx {cell}" in err
    assert "next week" in err and "Low / Medium / High" in err
    assert err.rstrip().endswith("3 errors and 0 warnings found: correct the errors and run "
                                 "again. Nothing was written.")
    assert "Traceback" not in err


def test_clean_folder_exits_0_with_a_summary(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A valid folder prints what it found and exits 0."""
    folder = write_data(tmp_path, register=[site_row(), site_row(**{
        "Site ID": "SM-02", "Status": "Proposed", "Go-live date": None})],
        breaches=[breach_row(), breach_row(**{"Breach ID": "B-002", "Date closed": None})],
        objectives=[objective_row(), objective_row(Term="Summer 2026")])
    assert _validate(folder) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Sites: 2 (1 Proposed, 1 Live)" in captured.out
    assert "Breaches: 2 (1 open)" in captured.out
    assert "Terms with evaluation data: Summer 2026, Autumn 2026" in captured.out


def test_warnings_are_printed_and_exit_0(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An extra column is a warning on stderr; the folder is still valid."""
    headers = [c.header for c in BREACHES.columns] + ["Notes"]
    folder = write_data(tmp_path, breaches=[as_cells(BREACHES, breach_row()) + ["x"]],
                        headers={"Breaches": headers})
    assert _validate(folder) == 0
    captured = capsys.readouterr()
    assert "Warning: breach_log.xlsx Breaches!R1" in captured.err
    assert "1 warning: nothing here stops a report." in captured.err
    assert "The workbooks are valid." in captured.out


def test_missing_folder_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that is not there is invalid input, explained."""
    assert _validate(tmp_path / "missing") == 1
    assert "does not exist" in capsys.readouterr().err


def test_long_lists_are_capped_per_workbook() -> None:
    """60 problems in one workbook show 50 and say how many more."""
    problems = [Problem(file="breach_log.xlsx", sheet="Breaches", cell=f"C{r}",
                        message="bad date") for r in range(2, 62)]
    text = format_problems(problems)
    assert text.count("bad date") == MAX_PER_FILE
    assert "...and 10 more problems in this workbook" in text
    assert "60 errors and 0 warnings found" in text


def test_problems_are_grouped_by_workbook_in_reading_order() -> None:
    """Register problems come before breach log problems, rows in order."""
    problems = [
        Problem(file="breach_log.xlsx", sheet="Breaches", cell="A3", message="third"),
        Problem(file="approval_register.xlsx", sheet="Register", cell="AA2", message="second"),
        Problem(file="approval_register.xlsx", sheet="Register", cell="B2", message="first"),
        Problem(file="school.toml", column="thresholds.neglect_days", message="fourth"),
    ]
    text = format_problems(problems)
    order = [text.index(w) for w in ("first", "second", "third", "fourth")]
    assert order == sorted(order)
    assert "approval_register.xlsx (2 errors)" in text
    assert "school.toml thresholds.neglect_days: fourth" in text
