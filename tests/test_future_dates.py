"""Spec 2: a date after the as-of date gets a warning naming its cell; warnings never stop a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import activity_row, breach_row, site_row, write_data

from stockham_analytics.cli import main
from stockham_analytics.errors import Problem
from stockham_analytics.pack.build import build_report
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.future_dates import future_date_warnings
from stockham_analytics.workbooks.load import load_dataset
from stockham_analytics.workbooks.schema import ACTIVITY

D = dt.date
MID_DECEMBER = D(2026, 12, 10)


def _cells(folder: Path, as_of: dt.date) -> list[str]:
    return [p.location for p in future_date_warnings(load_dataset(folder), as_of)]


def test_last_post_after_the_as_of_date_is_named_by_cell(tmp_path: Path) -> None:
    """The default Activity row's Last post date is 15/12/2026 (column H, row 2)."""
    folder = write_data(tmp_path)
    warnings = future_date_warnings(load_dataset(folder), MID_DECEMBER)
    assert [(w.location, w.severity, w.value) for w in warnings] == [
        ("site_evaluation.xlsx Activity!H2", "warning", "15/12/2026")]
    assert "after 10/12/2026" in warnings[0].message


def test_no_warning_on_or_after_the_date(tmp_path: Path) -> None:
    """Judged on 15/12/2026 itself or later, the same Last post date is fine."""
    folder = write_data(tmp_path)
    assert _cells(folder, D(2026, 12, 15)) == []
    assert _cells(folder, D(2027, 1, 10)) == []


def test_breach_dates_after_the_as_of_date(tmp_path: Path) -> None:
    """Closed 20/12/2026 (column O) and reported 11/12/2026 (column D) in row 2."""
    breach = breach_row(**{"Date closed": D(2026, 12, 20), "Date reported": D(2026, 12, 11),
                           "Date identified": D(2026, 12, 9), "Date occurred": D(2026, 12, 8)})
    folder = write_data(tmp_path, breaches=[breach],
                        activity=[activity_row(**{"Last post date": D(2026, 12, 1)})])
    assert _cells(folder, MID_DECEMBER) == [
        "breach_log.xlsx Breaches!D2", "breach_log.xlsx Breaches!O2"]


def test_planned_closure_and_a_planned_go_live_are_exempt(tmp_path: Path) -> None:
    """Planned closure 2028 never warns; a Proposed site's Go-live 2027 is a plan, not a slip;
    a Live site's Go-live 15/12/2026 (column AN, row 3) is."""
    register = [
        site_row(),
        site_row(**{"Site ID": "SM-02", "Go-live date": D(2026, 12, 15)}),
        site_row(**{"Site ID": "SM-03", "Status": "Proposed", "Go-live date": D(2027, 3, 1)}),
    ]
    folder = write_data(tmp_path, register=register,
                        activity=[activity_row(**{"Last post date": D(2026, 12, 1)})])
    assert _cells(folder, MID_DECEMBER) == ["approval_register.xlsx Register!AN3"]


def test_the_cell_follows_the_column_where_the_workbook_has_it(tmp_path: Path) -> None:
    """With Last post date moved to column A, the warning names A2."""
    headers = [c.header for c in ACTIVITY.columns]
    headers.remove("Last post date")
    folder = write_data(tmp_path, headers={"Activity": ["Last post date", *headers]})
    assert _cells(folder, MID_DECEMBER) == ["site_evaluation.xlsx Activity!A2"]


def test_validate_prints_the_warning_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate --as-of 10/12/2026` names the cell and still says the workbooks are valid."""
    folder = write_data(tmp_path)
    assert main(["validate", "--data", str(folder), "--as-of", "10/12/2026"]) == 0
    captured = capsys.readouterr()
    assert "site_evaluation.xlsx Activity!H2" in captured.err
    assert "The workbooks are valid." in captured.out


def test_report_hands_over_the_warnings_and_still_builds(tmp_path: Path) -> None:
    """build_report passes the same warnings to ``warn`` before building; the pack is written."""
    folder = write_data(tmp_path / "data")
    seen: list[Problem] = []
    out = build_report(folder, Term(2026, 2), tmp_path / "pack", pages=False, as_of=MID_DECEMBER,
                       warn=seen.extend)
    assert [w.location for w in seen] == ["site_evaluation.xlsx Activity!H2"]
    assert (out / "summary.json").is_file()
