"""Loading a data folder: every rule of spec 1.1-1.3 names the exact Excel cell."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import (
    activity_row,
    as_cells,
    breach_row,
    objective_row,
    site_row,
    write_data,
)

from stockham_analytics.errors import FAILURE_CASE_COLUMNS, InvalidInputError, Problem
from stockham_analytics.workbooks.load import column_letter, load_dataset, validate
from stockham_analytics.workbooks.schema import BREACHES, REGISTER


def _errors(folder: Path) -> dict[str, Problem]:
    return {p.location: p for p in validate(folder) if p.severity == "error"}


def _only_error(folder: Path) -> Problem:
    errors = list(_errors(folder).values())
    assert len(errors) == 1, errors
    return errors[0]


def test_valid_folder_loads_records(tmp_path: Path) -> None:
    """The builders' default folder loads into one site, objective and activity row."""
    dataset = load_dataset(write_data(tmp_path, breaches=[breach_row()]))
    site = dataset.sites[0]
    assert (site.row, site.site_id, site.status, site.host) == (2, "SM-01", "Live", "School")
    assert site.audience == frozenset({"Pupils", "Families"})
    assert site.contributors == frozenset({"Staff"})
    assert (str(site.pupil_age_range), site.youngest_pupil_age) == ("9-10", 9)
    assert site.administrators == ("Admin A", "Admin B")
    assert site.go_live_date == dt.date(2026, 7, 1) and site.closed_date is None
    assert site.brand_use_approved is True and site.privacy_setting == "Strongest"
    assert dataset.breaches[0].policy_clause == "6.6"
    assert dataset.objectives[0].target == Decimal(40)
    assert dataset.activity[0].median_moderation_hours == Decimal("2.5")
    assert dataset.activity[0].posts == 40 and dataset.warnings == ()


def test_inputs_are_sha256_of_each_file(tmp_path: Path) -> None:
    """inputs holds the SHA-256 of every file read, school.toml included."""
    folder = write_data(tmp_path, school_toml='[school]\nname = "Test School"\n')
    inputs = load_dataset(folder).inputs
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert inputs == expected and len(inputs) == 4


def test_bad_date_is_reported_at_its_cell(tmp_path: Path) -> None:
    """A bad date in row 3 of Date identified is at breach_log.xlsx Breaches!C3."""
    folder = write_data(tmp_path, breaches=[
        breach_row(), breach_row(**{"Breach ID": "B-002", "Date identified": "next week"})])
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx Breaches!C3"
    assert (problem.column, problem.value) == ("Date identified", "next week")
    assert "14/09/2026" in (problem.allowed or "")


def test_column_letters_go_past_z() -> None:
    """Column 27 is AA and column 46 is AT, as Excel names them."""
    assert [column_letter(0), column_letter(25), column_letter(26), column_letter(45),
            column_letter(701), column_letter(702)] == ["A", "Z", "AA", "AT", "ZZ", "AAA"]


def test_cell_past_column_z_is_named_as_excel_shows_it(tmp_path: Path) -> None:
    """Administrators, the 27th column, is column AA."""
    folder = write_data(tmp_path, register=[site_row(Administrators=5)])
    assert _only_error(folder).location == "approval_register.xlsx Register!AA2"


REGISTER_RULES = [
    ({"Site name": None}, "B2", "required"),
    ({"Host": "Third party", "Host name": None, "Platform minimum age": 13}, "H2", "Third party"),
    ({"Host": "Third party", "Host name": "Video Co", "Platform minimum age": None}, "I2",
     "Third party"),
    ({"Pupil age range": None}, "Z2", "pupils"),
    ({"Go-live date": None}, "AN2", "Live or Closed"),
    ({"Status": "Closed", "Go-live date": None, "Closed date": dt.date(2026, 8, 1)}, "AN2",
     "Live or Closed"),
    ({"Status": "Closed"}, "AP2", "Status is Closed"),
    ({"Closed date": dt.date(2026, 8, 1)}, "AP2", "not allowed when Status is Live"),
    ({"Status": "Closed", "Closed date": dt.date(2026, 6, 30)}, "AP2", "before Go-live date"),
    ({"Status": "Open"}, "AM2", "allowed values"),
    ({"Platform minimum age": -1}, "I2", "less than 0"),
    ({"Logo displayed": "maybe"}, "AS2", "not Y or N"),
    ({"Pupil age range": dt.datetime(2026, 7, 11)}, "Z2", "Excel turns 7-11"),
]


@pytest.mark.parametrize(("overrides", "cell", "words"), REGISTER_RULES)
def test_register_rule_names_the_cell(tmp_path: Path, overrides: dict[str, object],
                                      cell: str, words: str) -> None:
    """Each Register rule of spec 1.1 is reported at its cell of row 2."""
    problem = _only_error(write_data(tmp_path, register=[site_row(**overrides)]))
    assert problem.location == f"approval_register.xlsx Register!{cell}"
    assert words in problem.message


def test_closed_site_with_dates_in_order_is_valid(tmp_path: Path) -> None:
    """Closed on its go-live day is allowed (not before Go-live)."""
    folder = write_data(tmp_path, register=[site_row(**{
        "Status": "Closed", "Closed date": dt.date(2026, 7, 1)})])
    assert load_dataset(folder).sites[0].closed_date == dt.date(2026, 7, 1)


def test_third_party_site_with_host_details_is_valid(tmp_path: Path) -> None:
    """Third party with Host name and minimum age 13 loads."""
    folder = write_data(tmp_path, register=[site_row(**{
        "Host": "third party", "Host name": "Video Co", "Platform minimum age": 13})])
    site = load_dataset(folder).sites[0]
    assert (site.host, site.platform_minimum_age) == ("Third party", 13)


BREACH_RULES = [
    ({"Date identified": dt.date(2026, 9, 30)}, "C2", "before Date occurred"),
    ({"Date closed": dt.date(2026, 10, 1)}, "O2", "before Date identified"),
    ({"Date occurred": None}, "B2", "required"),
    ({"Staff group": "Teacher"}, "F2", "allowed values"),
    ({"Policy clause": "9.3"}, "G2", "sections 5-7"),
    ({"Policy clause": 6.1}, "G2", "Excel turns 6.10 into 6.1"),
    ({"Severity": None}, "I2", "required"),
    ({"Outcome": "Sacked"}, "N2", "allowed values"),
    ({"Site ID": "SM-99"}, "H2", "not in approval_register.xlsx"),
    ({"Date reported": "2026/10/02"}, "D2", "not a date"),
]


@pytest.mark.parametrize(("overrides", "cell", "words"), BREACH_RULES)
def test_breach_rule_names_the_cell(tmp_path: Path, overrides: dict[str, object],
                                    cell: str, words: str) -> None:
    """Each Breaches rule of spec 1.2 is reported at its cell of row 2."""
    problem = _only_error(write_data(tmp_path, breaches=[breach_row(**overrides)]))
    assert problem.location == f"breach_log.xlsx Breaches!{cell}"
    assert words in problem.message


def test_breach_site_id_differing_in_case_suggests_the_register_id(tmp_path: Path) -> None:
    """sm-01 in the breach log asks: did you mean SM-01?"""
    problem = _only_error(write_data(tmp_path, breaches=[breach_row(**{"Site ID": "sm-01"})]))
    assert problem.location == "breach_log.xlsx Breaches!H2"
    assert "did you mean SM-01?" in problem.message


def test_breach_without_site_id_is_valid(tmp_path: Path) -> None:
    """Site ID is optional in the breach log."""
    dataset = load_dataset(write_data(tmp_path, breaches=[breach_row(**{"Site ID": None})]))
    assert dataset.breaches[0].site_id is None


EVALUATION_RULES = [
    ("objectives", {"Target": 0}, "Objectives!E2", "greater than 0"),
    ("objectives", {"Target": -5}, "Objectives!E2", "greater than 0"),
    ("objectives", {"Actual": -1}, "Objectives!H2", "at least 0"),
    ("objectives", {"Term": "Autumn term"}, "Objectives!G2", "not a term"),
    ("objectives", {"Site ID": "SM-02"}, "Objectives!A2", "not in approval_register.xlsx"),
    ("objectives", {"Better when": "Bigger"}, "Objectives!F2", "allowed values"),
    ("activity", {"Posts": 2.5}, "Activity!C2", "not a whole number"),
    ("activity", {"Active moderators": -2}, "Activity!I2", "less than 0"),
    ("activity", {"Last post date": 46000}, "Activity!H2", "not a date"),
    ("activity", {"Site ID": "XX"}, "Activity!A2", "not in approval_register.xlsx"),
]


@pytest.mark.parametrize(("sheet", "overrides", "cell", "words"), EVALUATION_RULES)
def test_evaluation_rule_names_the_cell(tmp_path: Path, sheet: str,
                                        overrides: dict[str, object], cell: str,
                                        words: str) -> None:
    """Each site_evaluation.xlsx rule of spec 1.3 is reported at its cell of row 2."""
    rows = {"objectives": [objective_row(**overrides)]} if sheet == "objectives" else {
        "activity": [activity_row(**overrides)]}
    problem = _only_error(write_data(tmp_path, **rows))  # type: ignore[arg-type]
    assert problem.location == f"site_evaluation.xlsx {cell}"
    assert words in problem.message


def test_actual_zero_and_blank_better_when_are_valid(tmp_path: Path) -> None:
    """Actual 0 is allowed; a blank Better when means Higher."""
    folder = write_data(tmp_path, objectives=[objective_row(**{"Actual": 0,
                                                               "Better when": None})])
    objective = load_dataset(folder).objectives[0]
    assert (objective.actual, objective.better_when) == (Decimal(0), "Higher")


DUPLICATES = [
    ("register", [site_row(), site_row()], "approval_register.xlsx Register!A3", "row 2"),
    ("register", [site_row(), site_row(**{"Site ID": "sm-01"})],
     "approval_register.xlsx Register!A3", "only in upper/lower case"),
    ("breaches", [breach_row(), breach_row()], "breach_log.xlsx Breaches!A3", "row 2"),
    ("objectives", [objective_row(), objective_row(Actual=3)],
     "site_evaluation.xlsx Objectives!A3", "Autumn 2026"),
    ("activity", [activity_row(), activity_row(Posts=1)],
     "site_evaluation.xlsx Activity!A3", "row 2"),
]


@pytest.mark.parametrize(("sheet", "rows", "location", "words"), DUPLICATES)
def test_duplicate_ids_are_errors_at_the_second_row(tmp_path: Path, sheet: str,
                                                    rows: list[dict[str, object]],
                                                    location: str, words: str) -> None:
    """Site ID, Breach ID, (Site, Objective, Term) and (Site, Term) are unique."""
    problem = _only_error(write_data(tmp_path, **{sheet: rows}))  # type: ignore[arg-type]
    assert problem.location == location and words in problem.message


def test_same_objective_in_two_terms_is_valid(tmp_path: Path) -> None:
    """O1 may appear once per term."""
    folder = write_data(tmp_path, objectives=[objective_row(),
                                              objective_row(Term="Spring 2027")])
    assert len(load_dataset(folder).objectives) == 2


def test_headers_match_ignoring_case_spaces_and_order(tmp_path: Path) -> None:
    """Headers in reverse order, odd case and padded with spaces still load."""
    declared = [c.header for c in BREACHES.columns]
    odd = [f"  {h.upper()} " for h in reversed(declared)]
    row = list(reversed(as_cells(BREACHES, breach_row())))
    folder = write_data(tmp_path, breaches=[row], headers={"Breaches": odd})
    assert load_dataset(folder).breaches[0].breach_id == "B-001"


def test_curly_apostrophe_in_header_matches(tmp_path: Path) -> None:
    """Audience: Other schools’ pupils (curly) is the same header."""
    headers = [c.header.replace("'", "\u2019") for c in REGISTER.columns]
    folder = write_data(tmp_path, register=[as_cells(REGISTER, site_row())],
                        headers={"Register": headers})
    assert load_dataset(folder).sites[0].site_id == "SM-01"


def test_missing_header_is_an_error_naming_the_column(tmp_path: Path) -> None:
    """A Breaches sheet without Severity reports the missing column."""
    headers = [c.header for c in BREACHES.columns if c.header != "Severity"]
    row = [v for k, v in zip([c.header for c in BREACHES.columns],
                             as_cells(BREACHES, breach_row()), strict=True) if k != "Severity"]
    problem = _only_error(write_data(tmp_path, breaches=[row], headers={"Breaches": headers}))
    assert problem.location == "breach_log.xlsx sheet Breaches"
    assert "the column Severity is missing" in problem.message


def test_misspelt_header_points_at_its_cell(tmp_path: Path) -> None:
    """'Date identifed' in C1 is named as a misspelling of Date identified."""
    headers = [c.header for c in BREACHES.columns]
    headers[2] = "Date identifed"
    folder = write_data(tmp_path, breaches=[as_cells(BREACHES, breach_row())],
                        headers={"Breaches": headers})
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx Breaches!C1"
    assert "misspelling of Date identified" in problem.message


def test_header_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    """A second Site ID column (R1) is an error pointing at R1."""
    headers = [c.header for c in BREACHES.columns] + ["site id"]
    folder = write_data(tmp_path, breaches=[[*as_cells(BREACHES, breach_row()), "SM-01"]],
                        headers={"Breaches": headers})
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx Breaches!R1"
    assert "appears twice (H1 and R1)" in problem.message


def test_extra_column_is_a_warning_and_the_data_loads(tmp_path: Path) -> None:
    """An extra Notes column is ignored with a warning naming its header cell."""
    headers = [c.header for c in BREACHES.columns] + ["Notes"]
    folder = write_data(tmp_path, breaches=[[*as_cells(BREACHES, breach_row()), "chased"]],
                        headers={"Breaches": headers})
    dataset = load_dataset(folder)
    assert len(dataset.breaches) == 1
    assert [(w.severity, w.location) for w in dataset.warnings] == [
        ("warning", "breach_log.xlsx Breaches!R1")]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    """A blank row 3 between two breaches is skipped; the second is row 4."""
    blank = [None] * len(BREACHES.columns)
    spaces = ["  "] * len(BREACHES.columns)
    folder = write_data(tmp_path, breaches=[breach_row(), blank, breach_row(**{
        "Breach ID": "B-002"}), spaces])
    assert [b.row for b in load_dataset(folder).breaches] == [2, 4]


def test_blank_yn_is_no_and_blank_names_are_empty(tmp_path: Path) -> None:
    """Blank Logo displayed is No; blank Moderators is no names."""
    folder = write_data(tmp_path, register=[site_row(**{"Logo displayed": None,
                                                        "Moderators": None})])
    site = load_dataset(folder).sites[0]
    assert site.logo_displayed is False and site.moderators == ()


def test_every_problem_in_every_file_is_collected(tmp_path: Path) -> None:
    """Faults in three workbooks and school.toml all come back in one error."""
    folder = write_data(
        tmp_path,
        register=[site_row(Status="Gone")],
        breaches=[breach_row(Severity="Huge")],
        activity=[activity_row(Posts="many")],
        school_toml="[thresholds]\nneglect_days = \"thirty\"\n",
    )
    with pytest.raises(InvalidInputError) as caught:
        load_dataset(folder)
    where = {(p.location, p.column) for p in caught.value.errors}
    assert where == {
        ("approval_register.xlsx Register!AM2", "Status"),
        ("breach_log.xlsx Breaches!I2", "Severity"),
        ("site_evaluation.xlsx Activity!C2", "Posts"),
        ("school.toml", "thresholds.neglect_days"),
    }
    table = caught.value.failure_cases
    assert list(table.columns) == list(FAILURE_CASE_COLUMNS) and len(table) == 4


def test_missing_workbook_is_one_problem_naming_it(tmp_path: Path) -> None:
    """No breach_log.xlsx: one problem naming the file and the folder."""
    problem = _only_error(write_data(tmp_path, skip=["breach_log.xlsx"]))
    assert problem.file == "breach_log.xlsx" and problem.sheet is None
    assert "breach_log.xlsx is missing from" in problem.message


def test_missing_sheet_lists_the_sheets_found(tmp_path: Path) -> None:
    """A site_evaluation.xlsx without Activity says which sheets it has."""
    folder = write_data(tmp_path)
    book = openpyxl.load_workbook(folder / "site_evaluation.xlsx")
    book["Activity"].title = "Activity 2026"
    book.save(folder / "site_evaluation.xlsx")
    problem = _only_error(folder)
    assert problem.location == "site_evaluation.xlsx sheet Activity"
    assert "Objectives, Activity 2026" in problem.message


def test_sheet_name_matches_ignoring_case(tmp_path: Path) -> None:
    """A sheet called 'breaches' is the Breaches sheet; cells use its real name."""
    folder = write_data(tmp_path, breaches=[breach_row(Severity="?")])
    book = openpyxl.load_workbook(folder / "breach_log.xlsx")
    book["Breaches"].title = "renamed"
    book["renamed"].title = "breaches"
    book.save(folder / "breach_log.xlsx")
    assert _only_error(folder).location == "breach_log.xlsx breaches!I2"


@pytest.mark.parametrize(("state", "words"), [("hidden", "choose Unhide"),
                                              ("veryHidden", "Visual Basic")])
def test_hidden_sheet_says_how_to_unhide(tmp_path: Path, state: str, words: str) -> None:
    """A hidden Register sheet is an error saying how to unhide it."""
    folder = write_data(tmp_path)
    book = openpyxl.load_workbook(folder / "approval_register.xlsx")
    book.create_sheet("Notes")
    book["Register"].sheet_state = state
    book.active = 1
    book.save(folder / "approval_register.xlsx")
    problem = _only_error(folder)
    assert problem.location == "approval_register.xlsx sheet Register"
    assert "hidden" in problem.message and words in problem.message


def test_merged_header_cells_are_named(tmp_path: Path) -> None:
    """Merging Date occurred and Date identified (B1:C1) is reported with the range."""
    folder = write_data(tmp_path)
    book = openpyxl.load_workbook(folder / "breach_log.xlsx")
    book["Breaches"].merge_cells("B1:C1")
    book.save(folder / "breach_log.xlsx")
    messages = [p.message for p in _errors(folder).values()]
    assert any("header cells B1:C1 are merged" in m for m in messages)
    assert any("Date identified is missing" in m for m in messages)


def test_missing_folder_is_one_problem(tmp_path: Path) -> None:
    """A data folder that does not exist is reported, not a crash."""
    problems = validate(tmp_path / "nowhere")
    assert len(problems) == 1 and "does not exist" in problems[0].message


def test_a_large_register_is_not_mistaken_for_a_zip_bomb(tmp_path: Path) -> None:
    """2000 near-identical sites compress well, but far below a zip bomb's ratio."""
    rows = [site_row(**{"Site ID": f"SM-{i:02d}"}) for i in range(1, 2001)]
    folder = write_data(tmp_path, register=rows)
    assert len(load_dataset(folder).sites) == 2000


def test_data_without_a_header_is_a_warning(tmp_path: Path) -> None:
    """A value typed in column R, which has no header, is ignored with a warning at R1."""
    folder = write_data(tmp_path, breaches=[[*as_cells(BREACHES, breach_row()), "stray"]])
    dataset = load_dataset(folder)
    assert [(w.location, w.severity) for w in dataset.warnings] == [
        ("breach_log.xlsx Breaches!R1", "warning")]
    assert "column R holds data but has no header" in dataset.warnings[0].message


def test_title_row_above_the_headers_is_one_problem(tmp_path: Path) -> None:
    """Headers pushed down to row 3 by a title: one error at A3, not 17 missing columns."""
    folder = write_data(tmp_path, breaches=[breach_row()])
    book = openpyxl.load_workbook(folder / "breach_log.xlsx")
    book["Breaches"].insert_rows(1, amount=2)
    book["Breaches"]["A1"] = "Breach log 2026-27"
    book.save(folder / "breach_log.xlsx")
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx Breaches!A3"
    assert problem.message == ("the headers are in row 3, not row 1; delete rows 1 to 2 so "
                               "that the headers are in row 1")


def test_empty_sheet_is_one_problem(tmp_path: Path) -> None:
    """A Breaches sheet with nothing on it: one error, not one per missing column."""
    folder = write_data(tmp_path)
    book = openpyxl.load_workbook(folder / "breach_log.xlsx")
    book["Breaches"].delete_rows(1)
    book.save(folder / "breach_log.xlsx")
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx sheet Breaches"
    assert problem.message.startswith("the sheet is empty")


def test_excel_date_with_a_time_loads_as_that_day(tmp_path: Path) -> None:
    """Date identified 02/10/2026 15:30 is 2 October 2026."""
    folder = write_data(tmp_path, breaches=[breach_row(**{
        "Date identified": dt.datetime(2026, 10, 2, 15, 30)})])
    assert load_dataset(folder).breaches[0].date_identified == dt.date(2026, 10, 2)


def test_number_formatted_as_a_date_is_a_date_but_a_general_number_is_not(
        tmp_path: Path) -> None:
    """46296 shown as 01/10/2026 (Short Date) is that date; the same number in General is not."""
    folder = write_data(tmp_path, breaches=[breach_row(**{"Date occurred": 46296}),
                                            breach_row(**{"Breach ID": "B-002",
                                                          "Date occurred": 46296})])
    book = openpyxl.load_workbook(folder / "breach_log.xlsx")
    book["Breaches"]["B2"].number_format = "dd/mm/yyyy"
    book.save(folder / "breach_log.xlsx")
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx Breaches!B3" and problem.value == "46296"
    book["Breaches"]["B3"].number_format = "dd/mm/yyyy"
    book.save(folder / "breach_log.xlsx")
    dates = [b.date_occurred for b in load_dataset(folder).breaches]
    assert dates == [dt.date(2026, 10, 1)] * 2


def test_case_only_different_site_ids_across_workbooks(tmp_path: Path) -> None:
    """Register SM-01; Activity sm-01 and breach Sm-01 are both errors suggesting SM-01."""
    folder = write_data(tmp_path, breaches=[breach_row(**{"Site ID": "Sm-01"})],
                        activity=[activity_row(**{"Site ID": "sm-01"})])
    where = {p.location: p.message for p in _errors(folder).values()}
    assert set(where) == {"breach_log.xlsx Breaches!H2", "site_evaluation.xlsx Activity!A2"}
    assert all(m.endswith("(did you mean SM-01?)") for m in where.values())


def test_curly_apostrophe_in_a_choice_cell_loads_straight(tmp_path: Path) -> None:
    """Referred to typed as children’s social care is Children's social care."""
    folder = write_data(tmp_path, breaches=[breach_row(**{
        "Safeguarding concern": "Y", "Referred to": "children\u2019s social care",
        "Date referred": dt.date(2026, 10, 2)})])
    assert load_dataset(folder).breaches[0].referred_to == "Children's social care"


def test_header_row_deleted_is_one_problem(tmp_path: Path) -> None:
    """Row 1 blank above a breach row: one error at A1, not 17 missing columns."""
    folder = write_data(tmp_path, breaches=[breach_row()])
    book = openpyxl.load_workbook(folder / "breach_log.xlsx")
    for cell in book["Breaches"][1]:
        cell.value = None
    book.save(folder / "breach_log.xlsx")
    problem = _only_error(folder)
    assert problem.location == "breach_log.xlsx Breaches!A1"
    assert problem.message.startswith("row 1 is empty, so the sheet has no headers")
