"""The edges of every threshold and date range in spec sections 1.4, 2, 3 and 4."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from builders import objective_row, write_data
from factories import (
    AUTUMN_2026,
    SPRING_2027,
    make_activity,
    make_breach,
    make_dataset,
    make_objective,
    make_settings,
    make_site,
    safeguarding_breach,
)

from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.verdicts import objective_status
from stockham_analytics.pack.summary_json import to_summary
from stockham_analytics.records import Settings, Site
from stockham_analytics.workbooks.load import load_dataset

D = dt.date


def _active(last_post: dt.date, **settings: int) -> str:
    dataset = make_dataset(activity=(make_activity(last_post_date=last_post),),
                           settings=make_settings(**settings))
    return evaluate(dataset, AUTUMN_2026).sites[0].check("ACTIVE").outcome


def test_last_post_exactly_neglect_days_before_end_passes() -> None:
    """A last post 30 days before 31/12/2026 (01/12/2026) is not neglect; 31 days is."""
    assert _active(D(2026, 12, 1)) == "Pass"
    assert _active(D(2026, 11, 30)) == "Fail"


def test_neglect_days_comes_from_settings() -> None:
    """With neglect_days 10, a post 10 days before the end passes and 11 days fails."""
    assert _active(D(2026, 12, 21), neglect_days=10) == "Pass"
    assert _active(D(2026, 12, 20), neglect_days=10) == "Fail"


def _referral(referred: dt.date, days: int = 1) -> str:
    breach = safeguarding_breach(date_identified=D(2026, 10, 2), date_referred=referred)
    dataset = make_dataset(breaches=(breach,), settings=make_settings(immediate_days=days))
    return evaluate(dataset, AUTUMN_2026).breaches[0].checks[0].outcome


def test_referral_one_day_after_passes_two_days_fails() -> None:
    """Referred one day after Date identified is "within a day"; two days is not."""
    assert _referral(D(2026, 10, 3)) == "Pass"
    assert _referral(D(2026, 10, 4)) == "Fail"
    assert _referral(D(2026, 10, 1)) == "Pass"


def test_immediate_days_comes_from_settings() -> None:
    """With immediate_days 2, a referral two days after passes and three days fails."""
    assert _referral(D(2026, 10, 4), days=2) == "Pass"
    assert _referral(D(2026, 10, 5), days=2) == "Fail"


@pytest.mark.parametrize(
    ("actual", "target", "better", "status"),
    [
        ("30", "40", "Higher", "Partly met"),  # exactly 0.75
        ("0.3", "0.4", "Higher", "Partly met"),  # 0.3/0.4 is 0.7499999999999999 in floats
        ("29.99", "40", "Higher", "Not met"),
        ("40", "40", "Higher", "Met"),  # exactly 1
        ("0.7", "0.7", "Higher", "Met"),
        ("39.99", "40", "Higher", "Partly met"),
        ("4", "3", "Lower", "Partly met"),  # 3/4
        ("0.4", "0.3", "Lower", "Partly met"),  # 0.3/0.4
        ("4.01", "3", "Lower", "Not met"),
        ("3", "3", "Lower", "Met"),
        ("0", "3", "Lower", "Met"),
        ("0", "3", "Higher", "Not met"),
    ],
)
def test_objective_thresholds_are_exact(actual: str, target: str, better: str, status: str) -> None:
    """Ratios are compared exactly: 0.75 is Partly met and 1 is Met, whatever the decimals."""
    objective = make_objective(actual=Decimal(actual), target=Decimal(target), better_when=better)
    assert objective_status(objective, Decimal("0.75")).status == status


def test_partly_met_ratio_comes_from_settings() -> None:
    """With partly_met_ratio 0.8, 32 of 40 is Partly met and 31.9 of 40 is Not met."""
    ratio = Decimal("0.8")
    assert objective_status(make_objective(actual=Decimal(32)), ratio).status == "Partly met"
    assert objective_status(make_objective(actual=Decimal("31.9")), ratio).status == "Not met"


def test_lower_with_actual_zero_is_met_with_null_ratio() -> None:
    """An Actual of 0 when lower is better is Met, with ratio null and actual 0 in the summary."""
    objective = make_objective(actual=Decimal(0), target=Decimal(5), better_when="Lower")
    summary = to_summary(evaluate(make_dataset(objectives=(objective,)), AUTUMN_2026))
    assert summary["sites"][0]["objectives"] == [
        {"objective_id": "O1", "target": 5, "actual": 0, "ratio": None, "status": "Met"}
    ]


def _site_ids(*sites: Site, settings: Settings | None = None) -> list[str]:
    dataset = make_dataset(sites=sites, settings=settings)
    return [s.site_id for s in evaluate(dataset, AUTUMN_2026).sites]


def test_site_closed_on_first_day_is_in_scope_day_before_is_not() -> None:
    """Closed 01/09/2026 is in Autumn 2026's scope; closed 31/08/2026 is not."""
    first = make_site(site_id="SM-01", status="Closed", closed_date=D(2026, 9, 1))
    before = make_site(site_id="SM-02", status="Closed", closed_date=D(2026, 8, 31))
    assert _site_ids(first, before) == ["SM-01"]


def test_go_live_on_last_day_is_in_scope_day_after_is_not() -> None:
    """Go-live on 31/12/2026 is in Autumn 2026's scope; 01/01/2027 is not."""
    last = make_site(site_id="SM-01", go_live_date=D(2026, 12, 31))
    after = make_site(site_id="SM-02", go_live_date=D(2027, 1, 1))
    assert _site_ids(last, after) == ["SM-01"]


def _term_breaches(*days: dt.date, settings: Settings | None = None) -> list[str]:
    breaches = tuple(make_breach(breach_id=f"B-{i}", date_occurred=day, date_identified=day)
                     for i, day in enumerate(days))
    dataset = make_dataset(breaches=breaches, settings=settings)
    return [b.breach_id for b in evaluate(dataset, AUTUMN_2026).breaches]


def test_breach_on_first_and_last_day_belongs_to_the_term() -> None:
    """Identified 01/09/2026 or 31/12/2026 is Autumn 2026's; 31/08 and 01/01/2027 are not."""
    days = (D(2026, 8, 31), D(2026, 9, 1), D(2026, 12, 31), D(2027, 1, 1))
    assert _term_breaches(*days) == ["B-1", "B-2"]


def test_moved_term_start_moves_the_end_of_the_term_before() -> None:
    """Spring 2027 starting 04/01/2027 makes Autumn 2026 end on 03/01/2027."""
    settings = make_settings({SPRING_2027: D(2027, 1, 4)})
    days = (D(2027, 1, 3), D(2027, 1, 4))
    assert _term_breaches(*days, settings=settings) == ["B-0"]
    report = evaluate(make_dataset(settings=settings), AUTUMN_2026)
    assert (report.term_start, report.term_end) == (D(2026, 9, 1), D(2027, 1, 3))
    assert "(03/01/2027)" in report.sites[0].check("ACTIVE").reason


def test_moved_term_start_moves_scope() -> None:
    """Autumn 2026 starting 03/09/2026: a site closed 02/09/2026 is out, go-live 03/01 is in."""
    settings = make_settings({AUTUMN_2026: D(2026, 9, 3), SPRING_2027: D(2027, 1, 4)})
    closed = make_site(site_id="SM-01", status="Closed", closed_date=D(2026, 9, 2))
    late = make_site(site_id="SM-02", go_live_date=D(2027, 1, 3))
    assert _site_ids(closed, late, settings=settings) == ["SM-02"]


def test_closure_due_on_term_end_is_not_overdue() -> None:
    """A planned closure on the term's last day is not yet overdue; the day before is."""
    on_end = make_site(site_id="SM-01", planned_closure_date=D(2026, 12, 31))
    before = make_site(site_id="SM-02", planned_closure_date=D(2026, 12, 30))
    report = evaluate(make_dataset(sites=(on_end, before)), AUTUMN_2026)
    assert [s.check("CLOSURE-DUE").outcome for s in report.sites] == ["Pass", "Fail"]


def test_workbook_decimals_stay_exact(tmp_path: Path) -> None:
    """Actual 0.3 against Target 0.4 typed in Excel is exactly 0.75: Partly met, ratio 0.75."""
    data = write_data(tmp_path, objectives=[objective_row(Target=0.4, Actual=0.3)])
    summary = to_summary(evaluate(load_dataset(data), AUTUMN_2026))
    assert summary["sites"][0]["objectives"][0] == {
        "objective_id": "O1", "target": 0.4, "actual": 0.3, "ratio": 0.75, "status": "Partly met"}
