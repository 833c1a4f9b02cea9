"""school.toml (spec 1.4): defaults, every key, and problems naming the key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from stockham_analytics.errors import Problem
from stockham_analytics.records import Settings
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.messages import format_problem
from stockham_analytics.workbooks.settings import load_settings

FULL = """\
[school]
name = "Test Primary"
[policy]
reviewed = 2024-09-01
review_due = 2026-09-30
[thresholds]
partly_met_ratio = 0.8
neglect_days = 14
immediate_days = 2
[terms."Spring 2027"]
start = 2027-01-04
"""


def _load(tmp_path: Path, text: str) -> tuple[Settings, list[Problem]]:
    (tmp_path / "school.toml").write_text(text, encoding="utf-8")
    return load_settings(tmp_path)


def _one_problem(tmp_path: Path, text: str) -> Problem:
    _, problems = _load(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].file == "school.toml"
    return problems[0]


def test_no_file_gives_the_spec_defaults(tmp_path: Path) -> None:
    """Without school.toml: Stockham, reviewed 2016-09-01, due 2018-09-30, 0.75, 30, 1."""
    settings, problems = load_settings(tmp_path)
    assert problems == []
    assert (settings.school_name, settings.policy_reviewed, settings.policy_review_due,
            settings.partly_met_ratio, settings.neglect_days, settings.immediate_days) == (
        "Stockham Primary School", dt.date(2016, 9, 1), dt.date(2018, 9, 30),
        Decimal("0.75"), 30, 1)


def test_every_key_is_read(tmp_path: Path) -> None:
    """Each key of the spec's example fills its setting; the ratio is exact."""
    settings, problems = _load(tmp_path, FULL)
    assert problems == []
    assert (settings.school_name, settings.policy_reviewed, settings.policy_review_due,
            settings.partly_met_ratio, settings.neglect_days, settings.immediate_days) == (
        "Test Primary", dt.date(2024, 9, 1), dt.date(2026, 9, 30), Decimal("0.8"), 14, 2)


def test_moved_term_start_moves_the_previous_end(tmp_path: Path) -> None:
    """Spring 2027 from 4 Jan: Autumn 2026 ends 3 Jan 2027."""
    settings, _ = _load(tmp_path, FULL)
    assert settings.calendar.start(Term(2027, 0)) == dt.date(2027, 1, 4)
    assert settings.calendar.end(Term(2026, 2)) == dt.date(2027, 1, 3)


def test_partial_file_keeps_other_defaults(tmp_path: Path) -> None:
    """Only [school] given: thresholds keep their defaults."""
    settings, problems = _load(tmp_path, '[school]\nname = "Other"\n')
    assert problems == [] and settings.neglect_days == 30 and settings.school_name == "Other"


@pytest.mark.parametrize(("text", "key", "allowed"), [
    ('[thresholds]\nneglect_days = "30"\n', "thresholds.neglect_days", "whole number"),
    ("[thresholds]\nneglect_days = -1\n", "thresholds.neglect_days", "from 0 to 3660"),
    ("[thresholds]\nneglect_days = 99999999999\n", "thresholds.neglect_days", "from 0 to 3660"),
    ("[thresholds]\nimmediate_days = 1.5\n", "thresholds.immediate_days", "whole number"),
    ("[thresholds]\npartly_met_ratio = 1.5\n", "thresholds.partly_met_ratio", "at most 1"),
    ("[thresholds]\npartly_met_ratio = true\n", "thresholds.partly_met_ratio", "at most 1"),
    ('[policy]\nreview_due = "2018-09-30"\n', "policy.review_due", "without quotes"),
    ("[school]\nname = 5\n", "school.name", "text in quotes"),
])
def test_wrong_type_names_the_key(tmp_path: Path, text: str, key: str, allowed: str) -> None:
    """A value of the wrong kind is a problem naming school.toml and the key."""
    problem = _one_problem(tmp_path, text)
    assert problem.column == key
    assert format_problem(problem).startswith(f"school.toml {key}: ")
    assert allowed in (problem.allowed or "")


def test_wrong_values_are_shown_as_toml_writes_them(tmp_path: Path) -> None:
    """A list, a table and a quoted text are shown in TOML's spelling, not Python's."""
    _, problems = _load(tmp_path, '[thresholds]\npartly_met_ratio = [0.75]\n'
                                  'neglect_days = {a = 1}\nimmediate_days = "one"\n')
    assert {p.column: p.value for p in problems} == {
        "thresholds.partly_met_ratio": "[0.75]",
        "thresholds.neglect_days": "a table {a = 1}",
        "thresholds.immediate_days": '"one"',
    }


def test_ratio_is_the_decimal_typed_not_a_float(tmp_path: Path) -> None:
    """0.12345678901234567890 keeps all 20 digits (a float would round at the 17th)."""
    settings, problems = _load(tmp_path,
                               "[thresholds]\npartly_met_ratio = 0.12345678901234567890\n")
    assert problems == []
    assert settings.partly_met_ratio == Decimal("0.12345678901234567890")


def test_whole_number_ratio_of_one_is_allowed(tmp_path: Path) -> None:
    """partly_met_ratio = 1 (no decimal point) is Decimal 1."""
    settings, problems = _load(tmp_path, "[thresholds]\npartly_met_ratio = 1\n")
    assert problems == [] and settings.partly_met_ratio == Decimal(1)


def test_notepad_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A school.toml saved by Notepad as 'UTF-8 with BOM' reads as usual."""
    (tmp_path / "school.toml").write_bytes(b"\xef\xbb\xbf[school]\nname = \"Bom School\"\n")
    settings, problems = load_settings(tmp_path)
    assert problems == [] and settings.school_name == "Bom School"


def test_terms_as_a_single_value_is_a_problem(tmp_path: Path) -> None:
    """terms = 5 is not silently ignored."""
    problem = _one_problem(tmp_path, "terms = 5\n")
    assert problem.column == "terms" and problem.value == "5"


@pytest.mark.parametrize("term", ["Spring 0000", "Autumn 9999", "Summer 1999"])
def test_term_of_an_impossible_year_is_a_problem_not_a_crash(tmp_path: Path, term: str) -> None:
    """Years outside 2000-2099 are typing mistakes (and year 0 or 10000 has no dates)."""
    problem = _one_problem(tmp_path, f'[terms."{term}"]\nstart = 2026-01-05\n')
    assert problem.column == f'terms."{term}"' and "2000 to 2099" in (problem.allowed or "")


def test_unknown_key_is_a_problem(tmp_path: Path) -> None:
    """A misspelt threshold is not silently ignored."""
    problem = _one_problem(tmp_path, "[thresholds]\nneglect_day = 10\n")
    assert problem.column == "thresholds.neglect_day" and "neglect_days" in (problem.allowed or "")


def test_unknown_table_is_a_problem(tmp_path: Path) -> None:
    """[colours] is not a table school.toml has."""
    assert _one_problem(tmp_path, "[colours]\nmain = 1\n").column == "[colours]"


def test_unknown_term_is_a_problem(tmp_path: Path) -> None:
    """[terms."Fall 2026"] names no term."""
    problem = _one_problem(tmp_path, '[terms."Fall 2026"]\nstart = 2026-09-03\n')
    assert problem.column == 'terms."Fall 2026"' and "not a term" in problem.message


@pytest.mark.parametrize(("term", "start"), [
    ("Spring 2027", "2027-04-01"),  # on Summer 2027's start
    ("Autumn 2026", "2026-04-01"),  # on Summer 2026's start
    ("Summer 2027", "2027-01-01"),  # on Spring 2027's start
    ("Summer 2027", "2027-09-02"),  # after Autumn 2027's start (2027-09-01)
])
def test_term_start_out_of_order(tmp_path: Path, term: str, start: str) -> None:
    """A moved start must be after the previous term's start and before the next's."""
    problem = _one_problem(tmp_path, f'[terms."{term}"]\nstart = {start}\n')
    assert problem.column == f'terms."{term}".start' and "out of order" in problem.message


@pytest.mark.parametrize(("term", "start", "year"), [
    ("Spring 2027", "2026-12-20", "2027"),  # Spring 2027 must start in 2027
    ("Autumn 2026", "2027-01-01", "2026"),
])
def test_term_start_in_another_year(tmp_path: Path, term: str, start: str, year: str) -> None:
    """A term's name gives the year it starts in, so a moved start stays in that year."""
    problem = _one_problem(tmp_path, f'[terms."{term}"]\nstart = {start}\n')
    assert problem.column == f'terms."{term}".start' and problem.allowed == f"a date in {year}"


def test_two_moves_are_checked_against_each_other(tmp_path: Path) -> None:
    """Summer 2027 moved to 10 Jan and Spring 2027 to 20 Jan: Spring is now after Summer."""
    _, problems = _load(tmp_path, '[terms."Spring 2027"]\nstart = 2027-01-20\n'
                                  '[terms."Summer 2027"]\nstart = 2027-01-10\n')
    assert {p.column for p in problems} == {'terms."Spring 2027".start',
                                            'terms."Summer 2027".start'}


def test_malformed_toml_names_the_line(tmp_path: Path) -> None:
    """A missing quote is reported with its line number."""
    problem = _one_problem(tmp_path, '[school]\nname = "Stockham\n')
    assert "not valid TOML" in problem.message and "line 2" in problem.message


def test_review_due_before_reviewed_is_a_problem(tmp_path: Path) -> None:
    """A review due before the last review is a mistake."""
    problem = _one_problem(tmp_path, "[policy]\nreviewed = 2020-09-01\nreview_due = 2019-09-01\n")
    assert problem.column == "policy.review_due"


def test_every_problem_is_collected(tmp_path: Path) -> None:
    """Three bad keys give three problems."""
    _, problems = _load(tmp_path, '[thresholds]\nneglect_days = "x"\nimmediate_days = -3\n'
                                  '[school]\nname = ""\n')
    assert {p.column for p in problems} == {"thresholds.neglect_days",
                                            "thresholds.immediate_days", "school.name"}
