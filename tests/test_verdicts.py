"""Spec 4: every rule of the objectives verdict, the RAG and the recommendation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from factories import (
    AUTUMN_2026,
    SUMMER_2026,
    make_dataset,
    make_objective,
    make_site,
)

from stockham_analytics.evaluation.catalogue import SITE_CHECK_IDS
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import CheckResult, ObjectiveResult, Verdict
from stockham_analytics.evaluation.verdicts import objective_status, objectives_verdict, rag, recommendation
from stockham_analytics.records import Objective
from stockham_analytics.terms import Term

D = dt.date


def _results(*statuses: str) -> list[ObjectiveResult]:
    """Objectives whose statuses are those given (Met 40/40, Partly met 30/40, Not met 10/40)."""
    actual = {"Met": "40", "Partly met": "30", "Not met": "10", "No evidence": None}
    return [
        objective_status(
            make_objective(objective_id=f"O{i}", actual=None if actual[s] is None else Decimal(actual[s])),
            Decimal("0.75"),
        )
        for i, s in enumerate(statuses)
    ]


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        ((), "No evidence"),
        (("No evidence", "No evidence"), "No evidence"),
        (("Met",), "Meeting objectives"),
        (("Met", "Met", "Met"), "Meeting objectives"),
        (("Met", "No evidence"), "Partly meeting objectives"),
        (("Met", "Partly met"), "Partly meeting objectives"),
        (("Partly met", "Partly met"), "Partly meeting objectives"),
        (("Met", "Not met"), "Partly meeting objectives"),  # exactly half is not more than half
        (("Met", "Not met", "Not met"), "Not meeting objectives"),
        (("Not met", "No evidence", "No evidence"), "Not meeting objectives"),
        (("Met", "Partly met", "Not met", "Not met"), "Partly meeting objectives"),
        (("Partly met", "Not met", "Not met", "No evidence"), "Not meeting objectives"),
    ],
)
def test_objectives_verdict(statuses: tuple[str, ...], verdict: str) -> None:
    """The verdict follows spec 4 from the statuses of the site's objectives."""
    results = _results(*statuses)
    assert [r.status for r in results] == list(statuses)
    assert objectives_verdict(results)[0] == verdict


def test_objectives_verdict_reason_counts_statuses() -> None:
    """The reason says how many objectives had each status."""
    _, reason = objectives_verdict(_results("Met", "Not met", "Not met"))
    assert "3 objectives: 1 Met, 2 Not met" in reason
    assert "2 of the 3 with an Actual are Not met" in reason


def _checks(**outcomes: str) -> tuple[CheckResult, ...]:
    """All 17 site checks passing, except those given (ids with _ for -)."""
    changed = {k.replace("_", "-"): v for k, v in outcomes.items()}
    return tuple(CheckResult(c, changed.get(c, "Pass"), "reason") for c in SITE_CHECK_IDS)  # type: ignore[arg-type]


@pytest.mark.parametrize("check_id", ["APPROVAL", "MODERATORS", "MINIMUM_AGE", "PUPIL_PRIVACY", "SAFEGUARDING"])
def test_red_on_fail_of_a_red_check(check_id: str) -> None:
    """A Fail of APPROVAL, MODERATORS, MINIMUM-AGE, PUPIL-PRIVACY or SAFEGUARDING is Red."""
    verdict, reason = rag(_checks(**{check_id: "Fail", "LOGO": "Fail", "ACTIVE": "Unknown"}))
    assert verdict == "Red"
    assert check_id.replace("_", "-") in reason


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ({}, "Green"),
        ({"VETTING": "N/A", "MINIMUM_AGE": "N/A", "SAFEGUARDING": "N/A"}, "Green"),
        ({"ADMINISTRATORS": "Fail"}, "Amber"),
        ({"CLOSURE_DUE": "Fail"}, "Amber"),
        ({"ACTIVE": "Unknown"}, "Amber"),
        ({"MODERATOR_COVER": "Unknown", "SAFEGUARDING": "N/A"}, "Amber"),
        ({"APPROVAL": "Unknown"}, "Amber"),  # only a Fail of a red check is Red
    ],
)
def test_amber_and_green(outcomes: dict[str, str], expected: str) -> None:
    """Any other Fail or any Unknown is Amber; otherwise Green."""
    assert rag(_checks(**outcomes))[0] == expected


def test_rag_reasons_name_checks_by_title_as_well_as_id() -> None:
    """A head teacher reads the check's title in the reason, not only its id."""
    red = rag(_checks(MINIMUM_AGE="Fail", LOGO="Fail"))
    amber = rag(_checks(LOGO="Fail", ACTIVE="Unknown"))
    assert red == ("Red", 'Red because "Platform minimum age respected" (MINIMUM-AGE) failed')
    assert amber == ("Amber", 'Amber because "School logo shown" (LOGO) failed; '
                              '"Not neglected" (ACTIVE) unknown')


def _recommend(
    *, live: bool = True, verdict: Verdict = "Meeting objectives", colour: str = "Green",
    closure_due: str = "Pass", previous: Verdict | None = None,
) -> str:
    checks = _checks(CLOSURE_DUE=closure_due)
    before = None if previous is None else (SUMMER_2026, previous)
    return recommendation(live_at_end=live, checks=checks, verdict=verdict, site_rag=colour,  # type: ignore[arg-type]
                          previous=before)[0]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"live": False}, "Closed"),
        ({"live": False, "verdict": "Not meeting objectives", "previous": "Not meeting objectives"}, "Closed"),
        ({"closure_due": "Fail", "colour": "Amber"}, "Close"),
        ({"verdict": "Not meeting objectives", "previous": "Not meeting objectives"}, "Close"),
        ({"verdict": "Not meeting objectives", "previous": "Partly meeting objectives"}, "Review"),
        ({"verdict": "Not meeting objectives", "previous": "No evidence"}, "Review"),
        ({"verdict": "Not meeting objectives", "previous": None}, "Review"),
        ({"verdict": "Partly meeting objectives", "previous": "Not meeting objectives"}, "Review"),
        ({}, "Continue"),
        ({"colour": "Amber"}, "Review"),
        ({"colour": "Red"}, "Review"),
        ({"verdict": "Partly meeting objectives"}, "Review"),
        ({"verdict": "No evidence"}, "Review"),
    ],
)
def test_recommendation(kwargs: dict[str, object], expected: str) -> None:
    """Closed, then Close, then Continue when Meeting objectives and Green, else Review."""
    assert _recommend(**kwargs) == expected  # type: ignore[arg-type]


def _not_met(site_id: str, term: Term) -> Objective:
    return make_objective(site_id=site_id, term=term, actual=Decimal(10))


def test_close_after_two_terms_not_meeting_only_when_in_scope_before() -> None:
    """Close for two terms Not meeting objectives needs the site in scope in the term before."""
    earlier = make_site(site_id="SM-01", go_live_date=D(2026, 7, 1))  # in Summer 2026's scope
    later = make_site(site_id="SM-02", go_live_date=D(2026, 9, 5))  # not yet live in Summer 2026
    objectives = tuple(_not_met(s, t) for s in ("SM-01", "SM-02") for t in (SUMMER_2026, AUTUMN_2026))
    report = evaluate(make_dataset(sites=(earlier, later), objectives=objectives, activity=()), AUTUMN_2026)
    assert [(s.site_id, s.recommendation) for s in report.sites] == [("SM-01", "Close"), ("SM-02", "Review")]
    assert "Summer 2026" in report.sites[0].recommendation_reason


def test_closed_site_is_closed_not_close() -> None:
    """A site closed during the term is recommended Closed even when its closure was overdue."""
    site = make_site(status="Closed", planned_closure_date=D(2026, 9, 30), closed_date=D(2026, 11, 1))
    result = evaluate(make_dataset(sites=(site,)), AUTUMN_2026).sites[0]
    assert (result.live_at_term_end, result.recommendation) == (False, "Closed")


def test_overdue_closure_is_close() -> None:
    """A live site past its planned closure date is recommended Close."""
    site = make_site(planned_closure_date=D(2026, 11, 30))
    result = evaluate(make_dataset(sites=(site,)), AUTUMN_2026).sites[0]
    assert (result.check("CLOSURE-DUE").outcome, result.rag, result.recommendation) == ("Fail", "Amber", "Close")


def test_compliant_site_meeting_objectives_continues() -> None:
    """The factories' default site, with its objective Met, is Green and Continue."""
    result = evaluate(make_dataset(), AUTUMN_2026).sites[0]
    assert (result.objectives_verdict, result.rag, result.recommendation) == (
        "Meeting objectives", "Green", "Continue")


def test_every_objective_means_all_of_them_including_those_without_evidence() -> None:
    """Spec 4's "every objective is Met" includes objectives with no Actual: Met + No evidence is Partly."""
    # Reading of spec 4: the Not meeting rule narrows itself to "the objectives with an Actual";
    # the Meeting rule does not, so it speaks of all the site's objectives for the term. An
    # objective with no evidence is not Met, so the site is not Meeting objectives; only 0 of the
    # 1 objective with an Actual is Not met (not more than half), so it is Partly meeting.
    site = make_site()
    objectives = (make_objective(objective_id="O1", actual=Decimal(40)),
                  make_objective(objective_id="O2", actual=None))
    result = evaluate(make_dataset(sites=(site,), objectives=objectives), AUTUMN_2026).sites[0]
    assert [o.status for o in result.objectives] == ["Met", "No evidence"]
    # Every check passes (the default site), so the RAG is Green, yet not Continue.
    assert (result.objectives_verdict, result.rag, result.recommendation) == (
        "Partly meeting objectives", "Green", "Review")
