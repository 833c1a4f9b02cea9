"""`stockham-analytics validate` as the business manager sees it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from builders import activity_row, as_cells, breach_row, objective_row, site_row, write_data

from stockham_analytics.cli import main
from stockham_analytics.errors import Problem
from stockham_analytics.workbooks.messages import MAX_PER_FILE, format_problems
from stockham_analytics.workbooks.schema import BREACHES


def _validate(folder: Path) -> int:
    # The builders' data holds dates up to 15/12/2026: judge after them, whatever today is.
    return main(["validate", "--data", str(folder), "--as-of", "2026-12-31"])


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
    folder = write_data(tmp_path, breaches=[[*as_cells(BREACHES, breach_row()), "x"]],
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


#: Words and spellings of Python or pandas that must never reach the business manager.
PYTHON_WORDS = re.compile(
    r"\b(NaN|NaT|nan|None|null|dtype|datetime|Decimal|Timestamp|numpy|float64|int64|"
    r"Traceback|ValueError|TypeError|KeyError|CellError|InvalidOperation)\b"
    r"|[\[({]'|'[\])}]|\\[nrt]|\w+\(\d")


def _many_faults(folder: Path) -> Path:
    secret = {"Administrators": "Secret Person A; Secret Person B", "Author": "Secret Author"}
    return write_data(
        folder,
        register=[
            site_row(**secret, **{"Go-live date": "next week", "Status": "Live\n(June)",
                                  "Logo displayed": 2.5, "Pupil age range": dt.date(2026, 7, 11),
                                  "Platform minimum age": "13 years", "Moderators": 7}),
            site_row(**{"Site ID": "SM 02\u200b", "Line manager approved": dt.time(9, 30),
                        "Brand use approved": dt.date(2026, 1, 1), "Host": "Council",
                        "Closed date": dt.datetime(2026, 8, 1, 10, 0)}),
        ],
        breaches=[
            breach_row(**{"Date identified": 46296.5, "Policy clause": 6.1,
                          "Description": "SECRET DESCRIPTION TEXT", "Staff member": "Secret X"}),
            breach_row(**{"Breach ID": "B-002", "Policy clause": dt.datetime(2026, 6, 5),
                          "Date occurred": "0026-09-14", "Severity": None,
                          "Description": "SECRET DESCRIPTION TEXT"}),
        ],
        objectives=[objective_row(Target="about 40", Actual=dt.timedelta(hours=3),
                                  Term="Fall 2026")],
        activity=[activity_row(Posts=1.5, **{"Median moderation hours": dt.time(2, 30),
                                             "Followers": "1,200", "Term": "Autumn 9999"})],
        school_toml='[thresholds]\npartly_met_ratio = [0.75]\nneglect_days = {a = 1}\n'
                    'immediate_days = "one"\n[terms."Spring 0000"]\nstart = 2026-01-05\n',
    )


def test_many_faults_are_told_in_plain_words(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Faults of every cell type: no Python or pandas word, no repr, no traceback."""
    assert _validate(_many_faults(tmp_path)) == 1
    err = capsys.readouterr().err
    assert PYTHON_WORDS.search(err) is None, PYTHON_WORDS.search(err)
    for where in ("Register!AN2", "Register!AM2", "Register!AS2", "Register!Z2", "Register!I2",
                  "Register!AB2", "Register!A3", "Register!AI3", "Register!AL3", "Register!G3",
                  "Breaches!C2", "Breaches!G2", "Breaches!G3", "Breaches!B3", "Breaches!I3",
                  "Objectives!E2", "Objectives!H2", "Objectives!G2", "Activity!C2",
                  "Activity!F2", "Activity!G2", "Activity!B2"):
        assert where in err, where
    for key in ("partly_met_ratio", "neglect_days", "immediate_days", 'terms."Spring 0000"'):
        assert f"school.toml {'' if key.startswith('terms') else 'thresholds.'}{key}:" in err


def test_faults_never_echo_names_or_descriptions(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Rows full of faults: no names-column value and no Description text is printed."""
    assert _validate(_many_faults(tmp_path)) == 1
    err = capsys.readouterr().err
    assert "Secret" not in err and "SECRET" not in err


def test_every_line_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A value with a line break is shown on one line, marked [line break]."""
    assert _validate(_many_faults(tmp_path)) == 1
    err = capsys.readouterr().err
    assert '"Live [line break] (June)" is not one of the allowed values' in err
    assert all(line == "" or line.startswith(("  ", "approval_register.xlsx (",
                                              "breach_log.xlsx (", "site_evaluation.xlsx (",
                                              "school.toml (")) or "errors and" in line
               for line in err.splitlines())


@pytest.mark.parametrize("term", ["Autumn 9999", "Spring 0000", "Fall 2026"])
def test_report_term_of_no_real_year_is_a_usage_error(tmp_path: Path, term: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--term "Autumn 9999" is refused with exit 2 before any reading (no crash, exit 5)."""
    with pytest.raises(SystemExit) as caught:
        main(["report", "--data", str(tmp_path), "--term", term, "--out", str(tmp_path / "o")])
    assert caught.value.code == 2
    assert f'"{term}" is not a term' in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
