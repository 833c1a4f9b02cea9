"""The blank Excel workbooks the business manager fills in (templates/excel/)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import activity_row, breach_row, objective_row, site_row
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from stockham_analytics.authoring.entry_templates import (
    INSTRUCTION_HEADERS,
    quote_clauses,
    write_templates,
)
from stockham_analytics.cli import main
from stockham_analytics.policy import POLICY_QUOTES
from stockham_analytics.workbooks.load import load_dataset
from stockham_analytics.workbooks.schema import SHEETS, WORKBOOKS, Sheet, sheets_of

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "templates" / "excel"
POLICY = ROOT / "docs" / "policy.txt"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The templates as the generator writes them now."""
    out = tmp_path_factory.mktemp("templates")
    write_templates(out)
    return out


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _sheet(folder: Path, layout: Sheet) -> Worksheet:
    return openpyxl.load_workbook(folder / layout.file)[layout.name]


def _validations(ws: Worksheet) -> dict[str, list[DataValidation]]:
    found: dict[str, list[DataValidation]] = {}
    for validation in ws.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            found.setdefault(cells.coord, []).append(validation)
    return found


def _column_range(index: int) -> str:
    letter = get_column_letter(index)
    return f"{letter}2:{letter}1000"


@pytest.mark.parametrize("file", WORKBOOKS)
def test_committed_templates_are_what_the_generator_writes(fresh: Path, file: str) -> None:
    """templates/excel/ holds exactly what `stockham-analytics templates` writes now."""
    assert _entries(COMMITTED / file) == _entries(fresh / file), (
        "run: stockham-analytics templates --out templates/excel"
    )


def test_generator_is_byte_for_byte_repeatable(fresh: Path, tmp_path: Path) -> None:
    """Writing the templates twice gives identical files."""
    paths = write_templates(tmp_path)
    assert [p.read_bytes() for p in paths] == [(fresh / f).read_bytes() for f in WORKBOOKS]


def test_write_templates_returns_the_three_workbooks(tmp_path: Path) -> None:
    """The three files come back in reporting order."""
    assert write_templates(tmp_path) == [tmp_path / f for f in WORKBOOKS]


def test_cli_templates_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`stockham-analytics templates --out DIR` exits 0 and names each file written."""
    assert main(["templates", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert all(f"wrote {tmp_path / f}" in printed for f in WORKBOOKS)


@pytest.mark.parametrize("file", WORKBOOKS)
def test_instructions_come_first_then_the_data_sheets(fresh: Path, file: str) -> None:
    """Each workbook opens on Instructions, followed by its sheets in schema order."""
    names = openpyxl.load_workbook(fresh / file).sheetnames
    assert names == ["Instructions", *(s.name for s in sheets_of(file))]


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.name)
def test_headers_are_exactly_the_schemas(fresh: Path, layout: Sheet) -> None:
    """Row 1 holds the schema's headers in its order, and nothing else is filled in."""
    ws = _sheet(fresh, layout)
    assert [c.value for c in ws[1]] == [c.header for c in layout.columns]
    assert ws.max_row == 1


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.name)
def test_header_row_is_bold_frozen_and_filtered(fresh: Path, layout: Sheet) -> None:
    """Headers are bold, row 1 stays in view, and a filter spans every column."""
    ws = _sheet(fresh, layout)
    last = get_column_letter(len(layout.columns))
    assert all(c.font.bold for c in ws[1])
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A2", f"A1:{last}1")


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.name)
def test_every_closed_list_has_a_drop_down_of_exactly_its_choices(
    fresh: Path, layout: Sheet
) -> None:
    """Choice columns offer their choices, Y/N columns offer Y and N, on rows 2 to 1000."""
    found = _validations(_sheet(fresh, layout))
    for index, column in enumerate(layout.columns, start=1):
        if column.kind in {"choice", "yn"}:
            expected = list(column.choices) if column.kind == "choice" else ["Y", "N"]
            (validation,) = found[_column_range(index)]
            assert validation.type == "list" and validation.errorStyle == "stop"
            assert validation.formula1.strip('"').split(",") == expected, column.header


def test_register_host_drop_down_is_spelled_out(fresh: Path) -> None:
    """The Host column (G) offers exactly School and Third party."""
    ws = _sheet(fresh, SHEETS[0])
    (validation,) = _validations(ws)["G2:G1000"]
    assert validation.formula1 == '"School,Third party"'


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.name)
def test_date_columns_are_checked_and_shown_as_uk_dates(fresh: Path, layout: Sheet) -> None:
    """Date columns accept only dates (2000-2099) and show them as dd/mm/yyyy."""
    ws = _sheet(fresh, layout)
    found = _validations(ws)
    for index, column in enumerate(layout.columns, start=1):
        if column.kind == "date":
            (validation,) = found[_column_range(index)]
            assert (validation.type, validation.operator) == ("date", "between")
            assert (validation.formula1, validation.formula2) == ("36526", "73050")
            assert ws.column_dimensions[get_column_letter(index)].number_format == "dd/mm/yyyy"


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.name)
def test_whole_number_columns_accept_whole_numbers_of_zero_or_more(
    fresh: Path, layout: Sheet
) -> None:
    """Whole-number columns have a whole-number check from 0 up."""
    found = _validations(_sheet(fresh, layout))
    wholes = [i for i, c in enumerate(layout.columns, start=1) if c.kind == "whole"]
    for index in wholes:
        (validation,) = found[_column_range(index)]
        assert (validation.type, validation.operator, validation.formula1) == (
            "whole", "greaterThanOrEqual", "0")


def test_target_must_be_above_zero(fresh: Path) -> None:
    """Objectives' Target (column E) only accepts a number greater than 0."""
    (validation,) = _validations(_sheet(fresh, SHEETS[2]))["E2:E1000"]
    assert (validation.type, validation.operator, validation.formula1) == (
        "decimal", "greaterThan", "0")


@pytest.mark.parametrize(
    ("layout", "header"),
    [(SHEETS[0], "Pupil age range"), (SHEETS[0], "Site ID"), (SHEETS[1], "Policy clause"),
     (SHEETS[1], "Site ID"), (SHEETS[1], "Breach ID"), (SHEETS[2], "Site ID"),
     (SHEETS[3], "Site ID")],
    ids=lambda v: v if isinstance(v, str) else v.name,
)
def test_columns_excel_would_change_are_formatted_as_text(
    fresh: Path, layout: Sheet, header: str
) -> None:
    """Typed 7-11 or 6.10 stays as typed: these columns are formatted as text (@)."""
    ws = _sheet(fresh, layout)
    index = [c.header for c in layout.columns].index(header) + 1
    assert ws.column_dimensions[get_column_letter(index)].number_format == "@"


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.name)
def test_columns_are_wide_enough_for_their_headers(fresh: Path, layout: Sheet) -> None:
    """Every column is at least 12 wide and at least as wide as its header."""
    ws = _sheet(fresh, layout)
    for index, column in enumerate(layout.columns, start=1):
        width = ws.column_dimensions[get_column_letter(index)].width
        assert width >= max(12, min(len(column.header), 30)), column.header


def _instruction_rows(folder: Path, file: str) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(folder / file)["Instructions"]
    rows = list(ws.iter_rows(values_only=True))
    start = rows.index(INSTRUCTION_HEADERS)
    return rows[start + 1:]


@pytest.mark.parametrize("file", WORKBOOKS)
def test_instructions_list_every_column_in_order(fresh: Path, file: str) -> None:
    """The Instructions table has one row per column of each sheet, in schema order."""
    listed = [(r[0], r[1]) for r in _instruction_rows(fresh, file)]
    assert listed == [(s.name, c.header) for s in sheets_of(file) for c in s.columns]


def test_instructions_say_what_is_required(fresh: Path) -> None:
    """Required columns say Yes, conditional ones say when, the rest say No."""
    rows = {r[1]: r for r in _instruction_rows(fresh, "approval_register.xlsx")}
    assert rows["Site ID"][3] == "Yes"
    assert rows["Host name"][3] == "When Host is Third party"
    assert rows["Go-live date"][3] == "For Live and Closed"
    assert rows["Pupil age range"][3] == "When pupils are audience or contributors"
    assert rows["Aims"][3] == "No"


def test_instructions_flag_personal_data_and_quote_the_policy(fresh: Path) -> None:
    """Names columns are marked personal data; a column's clause comes with the policy's words."""
    rows = {r[1]: r for r in _instruction_rows(fresh, "breach_log.xlsx")}
    assert rows["Staff member"][4] == "Yes" and rows["Description"][4] == "Yes"
    assert rows["Severity"][4] is None
    assert rows["Date reported"][5] == "9.3"
    assert str(rows["Date reported"][6]).startswith(
        "9.3: Contracted providers of Stockham School must inform the relevant school officer "
        "immediately")


def test_instructions_explain_each_kind_of_entry(fresh: Path) -> None:
    """What to type names the choices, the date style and the term style."""
    register = {r[1]: r[2] for r in _instruction_rows(fresh, "approval_register.xlsx")}
    evaluation = {r[1]: r[2] for r in _instruction_rows(fresh, "site_evaluation.xlsx")}
    assert register["Host"] == "One of the list: School, Third party."
    assert register["Go-live date"] == "A date, e.g. 14/09/2026. Required for Live and Closed."
    assert register["Audience: Pupils"] == "Y or N from the list; blank means No."
    assert "e.g. Autumn 2026" in str(evaluation["Term"])


def test_quote_clauses_joins_each_clause_on_its_own_line() -> None:
    """Two clauses give two lines, each led by its number; no clause gives nothing."""
    quoted = quote_clauses("7.3, A2.5").split("\n")
    assert [line.split(":")[0] for line in quoted] == ["7.3", "A2.5"]
    assert quote_clauses("") == ""


def test_every_clause_a_column_names_has_a_quote() -> None:
    """Each clause named in the schema has a policy quote to show."""
    named = {p.strip() for s in SHEETS for c in s.columns for p in c.clause.split(",") if p.strip()}
    assert named <= set(POLICY_QUOTES)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def test_quotes_are_the_policys_own_words() -> None:
    """Each quote (apart from ... gaps) appears word for word in the policy."""
    policy = _flat(POLICY.read_text(encoding="utf-8"))
    for clause, quote in POLICY_QUOTES.items():
        for part in (p.strip(" ,.") for p in quote.split("...")):
            assert not part or _flat(part) in policy, (clause, part)


def _fill(folder: Path) -> None:
    rows = {"Register": site_row(), "Breaches": breach_row(),
            "Objectives": objective_row(), "Activity": activity_row()}
    for file in WORKBOOKS:
        book = openpyxl.load_workbook(folder / file)
        for layout in sheets_of(file):
            ws = book[layout.name]
            values = [rows[layout.name].get(c.header) for c in layout.columns]
            for index, value in enumerate(values, start=1):
                ws.cell(row=2, column=index, value=value)
        book.save(folder / file)


def test_a_filled_in_template_validates_clean(fresh: Path, tmp_path: Path) -> None:
    """One valid row typed under each sheet's headers loads with no errors or warnings."""
    for file in WORKBOOKS:
        (tmp_path / file).write_bytes((fresh / file).read_bytes())
    _fill(tmp_path)
    dataset = load_dataset(tmp_path)
    counts = (len(dataset.sites), len(dataset.breaches), len(dataset.objectives),
              len(dataset.activity))
    assert counts == (1, 1, 1, 1) and dataset.warnings == ()
    assert dataset.breaches[0].date_identified == dt.date(2026, 10, 2)


def test_blank_templates_load_as_an_empty_register(fresh: Path) -> None:
    """The untouched templates are valid input with nothing in them."""
    dataset = load_dataset(fresh)
    assert (dataset.sites, dataset.breaches, dataset.objectives, dataset.activity) == (
        (), (), (), ())


def test_term_drop_down_warns_but_allows_other_terms(fresh: Path) -> None:
    """Term offers Spring 2025 to Autumn 2030 with a warning, so later terms can be typed."""
    (validation,) = _validations(_sheet(fresh, SHEETS[2]))["G2:G1000"]
    terms = validation.formula1.strip('"').split(",")
    assert (terms[0], terms[-1], len(terms), validation.errorStyle) == (
        "Spring 2025", "Autumn 2030", 18, "warning")
    assert all(re.fullmatch(r"(Spring|Summer|Autumn) 20\d\d", t) for t in terms)
