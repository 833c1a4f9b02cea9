"""actions.xlsx: the to-do list as a workbook, read back with openpyxl (spec 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
from factories import AUTUMN_2026, make_dataset, make_site

from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import Action
from stockham_analytics.pack.actions_xlsx import write_actions_workbook


def _rows(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)["Actions"]
    return list(ws.iter_rows(values_only=True))


def test_one_row_per_action_under_a_frozen_filtered_header(tmp_path: Path) -> None:
    """One moderator on SM-01 and the 2018 policy review: an Urgent and a Routine row."""
    report = evaluate(make_dataset(sites=(make_site(moderators=("Moderator C",)),)), AUTUMN_2026)
    path = write_actions_workbook(report, tmp_path / "actions.xlsx")
    ws = openpyxl.load_workbook(path)["Actions"]
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A2", "A1:D3")
    assert _rows(path) == [
        ("Priority", "Site", "Clause", "What to do"),
        ("Urgent", "SM-01", "A5.4", "SM-01: Only 1 moderator named; the policy asks for at least "
                                    "2. Name at least 2 approved moderators in the register."),
        ("Routine", "School", "Policy header",
         "Policy review was due 30/09/2018, before the end of the term (31/12/2026). Governors "
         "decide on the review (see the overview); once they have, record the new review date "
         "in school.toml."),
    ]


def test_an_empty_list_still_has_its_header(tmp_path: Path) -> None:
    """Nothing to do: the header row alone, filtered."""
    report = replace(evaluate(make_dataset(), AUTUMN_2026), actions=())
    path = write_actions_workbook(report, tmp_path / "actions.xlsx")
    assert _rows(path) == [("Priority", "Site", "Clause", "What to do")]
    assert openpyxl.load_workbook(path)["Actions"].auto_filter.ref == "A1:D1"


def test_no_cell_can_start_a_formula_or_hide_text(tmp_path: Path) -> None:
    """Text starting with = or @ is stored as quoted text; a bidi override shows as ⟨U+202E⟩."""
    action = Action(clause="@SUM(A1)", concerns="=1+1", what="-2+3 \u202eevil\nnext line",
                    priority="Soon")
    report = replace(evaluate(make_dataset(), AUTUMN_2026), actions=(action,))
    path = write_actions_workbook(report, tmp_path / "actions.xlsx")
    ws = openpyxl.load_workbook(path)["Actions"]
    cells = [ws.cell(row=2, column=c) for c in (2, 3, 4)]
    assert [c.value for c in cells] == ["=1+1", "@SUM(A1)", "-2+3 \u27e8U+202E\u27e9evil\nnext line"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_same_report_gives_the_same_bytes(tmp_path: Path) -> None:
    """Written twice, the workbook is byte-for-byte the same (no clock inside)."""
    report = evaluate(make_dataset(), AUTUMN_2026, as_of=dt.date(2026, 12, 10))
    first = write_actions_workbook(report, tmp_path / "a.xlsx").read_bytes()
    assert write_actions_workbook(report, tmp_path / "b.xlsx").read_bytes() == first
