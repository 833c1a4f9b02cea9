"""Properties the engine keeps for any valid dataset (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

from factories import make_activity, make_breach, make_dataset, make_objective, make_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stockham_analytics.columns import AgeRange
from stockham_analytics.evaluation.catalogue import SITE_CHECK_IDS
from stockham_analytics.evaluation.engine import evaluate, in_pipeline, in_scope
from stockham_analytics.pack.summary_json import to_summary
from stockham_analytics.records import (
    GROUPS,
    OUTCOMES,
    REFERRED_TO,
    SEVERITIES,
    STAFF_GROUPS,
    Activity,
    Breach,
    Dataset,
    Objective,
    Site,
)
from stockham_analytics.terms import Term

TERMS = (Term(2026, 1), Term(2026, 2), Term(2027, 0))
days = st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2027, 6, 30))
maybe_day = st.none() | days
names = st.lists(st.sampled_from(["Ann", "ann ", "Bo", "Cy"]), max_size=3).map(tuple)
groups = st.frozensets(st.sampled_from(GROUPS))



def _ages(youngest: int) -> AgeRange:
    return AgeRange(f"{youngest}-11", youngest)

@st.composite
def sites(draw: st.DrawFn, index: int) -> Site:
    """A register row that the loader would accept."""
    status = draw(st.sampled_from(["Proposed", "Approved", "Live", "Closed", "Rejected"]))
    go_live = draw(days) if status in ("Live", "Closed") else draw(maybe_day)
    closed = None
    if status == "Closed" and go_live is not None:
        closed = go_live + dt.timedelta(days=draw(st.integers(0, 400)))
    host = draw(st.sampled_from(["School", "Third party"]))
    return make_site(
        site_id=f"SM-{index:02d}", status=status, go_live_date=go_live, closed_date=closed, host=host,
        platform_minimum_age=draw(st.integers(0, 16)) if host == "Third party" else None,
        audience=draw(groups), contributors=draw(groups), pupil_age_range=_ages(draw(st.integers(4, 11))),
        line_manager_approved=draw(maybe_day), data_controller_approved=draw(maybe_day),
        head_teacher_approved=draw(maybe_day), planned_closure_date=draw(maybe_day),
        administrators=draw(names), moderators=draw(names), external_vetting_by=draw(names),
        privacy_setting=draw(st.sampled_from([None, "Strongest", "Standard", "Public"])),
        logo_displayed=draw(st.booleans()), brand_use_approved=draw(st.booleans()),
        advertising_plan=draw(st.sampled_from([None, "Newsletter"])), advertising_approved=draw(maybe_day),
        terms_of_use_published=draw(st.booleans()), evaluation_plan=draw(st.sampled_from([None, "Plan"])),
    )


@st.composite
def breaches(draw: st.DrawFn, index: int, site_ids: list[str]) -> Breach:
    """A breach log row that the loader would accept."""
    identified = draw(days)
    closed = draw(st.none() | st.integers(0, 60).map(lambda n: identified + dt.timedelta(days=n)))
    return make_breach(
        breach_id=f"B-{index}", date_occurred=identified, date_identified=identified,
        date_reported=draw(maybe_day), staff_group=draw(st.sampled_from(STAFF_GROUPS)),
        policy_clause=draw(st.sampled_from(["6.6", "6.9", "A5.6", "5.4"])),
        site_id=draw(st.none() | st.sampled_from(site_ids)) if site_ids else None,
        severity=draw(st.sampled_from(SEVERITIES)), safeguarding_concern=draw(st.booleans()),
        referred_to=draw(st.none() | st.sampled_from(REFERRED_TO)), date_referred=draw(maybe_day),
        content_removed=draw(maybe_day), outcome=draw(st.sampled_from(OUTCOMES)), date_closed=closed,
    )


numbers = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A small valid dataset: sites, breaches, objectives and activity over three terms."""
    site_list = [draw(sites(i)) for i in range(draw(st.integers(0, 5)))]
    ids = [s.site_id for s in site_list]
    breach_list = [draw(breaches(i, ids)) for i in range(draw(st.integers(0, 6)))]
    objectives: list[Objective] = []
    activity: list[Activity] = []
    for site_id in ids:
        for term in TERMS:
            for n in range(draw(st.integers(0, 2))):
                target = draw(numbers.filter(lambda d: d > 0))
                objectives.append(make_objective(
                    site_id=site_id, objective_id=f"O{n}", term=term, target=target,
                    actual=draw(st.none() | numbers), better_when=draw(st.sampled_from(["Higher", "Lower"]))))
            if draw(st.booleans()):
                activity.append(make_activity(site_id=site_id, term=term, last_post_date=draw(maybe_day),
                                              active_moderators=draw(st.none() | st.integers(0, 4))))
    return make_dataset(sites=tuple(site_list), breaches=tuple(breach_list),
                        objectives=tuple(objectives), activity=tuple(activity))


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(datasets(), st.sampled_from(TERMS))
def test_every_site_in_scope_has_every_check_in_order(dataset: Dataset, term: Term) -> None:
    """Each evaluated site carries all 17 site checks, in catalogue order, each with a reason."""
    for site in evaluate(dataset, term).sites:
        assert tuple(c.check_id for c in site.checks) == SITE_CHECK_IDS
        assert all(c.outcome in ("Pass", "Fail", "N/A", "Unknown") and c.reason for c in site.checks)


@PROPERTY
@given(datasets(), st.sampled_from(TERMS))
def test_breach_counts_add_up(dataset: Dataset, term: Term) -> None:
    """Counts by severity, outcome and clause each sum to the term's total."""
    report = evaluate(dataset, term)
    counted: dict[str, Any] = to_summary(report)["breaches"]
    for key in ("by_severity", "by_outcome", "by_clause"):
        assert sum(counted[key].values()) == counted["total"]
        assert 0 not in counted[key].values()
    assert counted["total"] == report.breach_counts_by_term[term.name]
    for check_id, tally in counted["checks"].items():
        assert tally["Pass"] + tally["Fail"] <= counted["total"], check_id


@PROPERTY
@given(datasets(), st.sampled_from(TERMS))
def test_scope_and_pipeline_never_overlap(dataset: Dataset, term: Term) -> None:
    """No site is both evaluated and in the pipeline; the scope rule of spec 2 picks the sites."""
    report = evaluate(dataset, term)
    evaluated = {s.site_id for s in report.sites}
    assert evaluated.isdisjoint(p.site_id for p in report.pipeline)
    start, end = report.term_start, report.term_end
    assert evaluated == {s.site_id for s in dataset.sites if in_scope(s, start, end)}
    assert [p.site_id for p in report.pipeline] == sorted(s.site_id for s in dataset.sites if in_pipeline(s))
    assert [s.site_id for s in report.sites] == sorted(evaluated)


@PROPERTY
@given(datasets(), st.sampled_from(TERMS))
def test_summary_is_json(dataset: Dataset, term: Term) -> None:
    """The summary serialises to strict JSON (no NaN) and reads back unchanged."""
    summary = to_summary(evaluate(dataset, term))
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary


@PROPERTY
@given(datasets(), st.sampled_from(TERMS))
def test_verdicts_agree_with_checks(dataset: Dataset, term: Term) -> None:
    """Green means no Fail or Unknown; Closed means not live at the term's end; ratios are exact."""
    for site in evaluate(dataset, term).sites:
        outcomes = {c.outcome for c in site.checks}
        assert (site.rag == "Green") == outcomes.isdisjoint({"Fail", "Unknown"})
        assert (site.recommendation == "Closed") == (not site.live_at_term_end)
        for objective in site.objectives:
            if objective.ratio is not None and objective.better_when == "Higher":
                assert objective.ratio * Fraction(objective.target) == Fraction(objective.actual or 0)
