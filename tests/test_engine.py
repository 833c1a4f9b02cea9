"""The engine on small datasets: scope, pipeline, history, breach counts and the to-do list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from factories import (
    AUTUMN_2026,
    SPRING_2027,
    SUMMER_2026,
    make_activity,
    make_breach,
    make_dataset,
    make_objective,
    make_settings,
    make_site,
    safeguarding_breach,
)

from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.terms import Term

D = dt.date
SPRING_2026 = Term(2026, 0)


def test_pipeline_lists_approvals_done_and_missing() -> None:
    """A Proposed site shows which of the three approvals it has; Rejected sites are not listed."""
    proposed = make_site(site_id="SM-09", status="Proposed", go_live_date=None,
                         data_controller_approved=None, head_teacher_approved=None)
    approved = make_site(site_id="SM-08", status="Approved", go_live_date=None)
    rejected = make_site(site_id="SM-07", status="Rejected", go_live_date=None)
    report = evaluate(make_dataset(sites=(proposed, approved, rejected)), AUTUMN_2026)
    assert report.sites == ()
    assert [(p.site_id, p.status, p.approvals_done, p.approvals_missing) for p in report.pipeline] == [
        ("SM-08", "Approved", ("Line manager", "Data Controller", "Head Teacher"), ()),
        ("SM-09", "Proposed", ("Line manager",), ("Data Controller", "Head Teacher")),
    ]


def test_sites_in_site_id_order_and_future_sites_left_out() -> None:
    """Sites in scope come in Site ID order; a site going live after the term is not evaluated."""
    sites = (make_site(site_id="SM-03"), make_site(site_id="SM-01"),
             make_site(site_id="SM-02", go_live_date=D(2027, 2, 1)))
    report = evaluate(make_dataset(sites=sites), AUTUMN_2026)
    assert [s.site_id for s in report.sites] == ["SM-01", "SM-03"]
    assert report.pipeline == ()


def test_history_holds_earlier_evaluated_terms_in_scope() -> None:
    """History lists earlier terms with evaluation data in which the site was in scope."""
    site = make_site(go_live_date=D(2026, 7, 1))  # in scope from Summer 2026 (01/04-31/08)
    objectives = (
        make_objective(term=SPRING_2026, actual=Decimal(40)),
        make_objective(term=SUMMER_2026, actual=Decimal(10)),
        make_objective(term=AUTUMN_2026),
        make_objective(term=SPRING_2027),
    )
    report = evaluate(make_dataset(sites=(site,), objectives=objectives), AUTUMN_2026)
    history = report.site_history["SM-01"]
    # Summer 2026: 10 of 40 is Not met; no Activity row that term, so ACTIVE is Unknown: Amber.
    assert [(h.term, h.objectives_verdict, h.rag) for h in history] == [
        (SUMMER_2026, "Not meeting objectives", "Amber")
    ]


def test_breach_counts_by_term_run_from_the_first_term_in_the_data() -> None:
    """Breach counts cover every term from the earliest in the data up to the report's term."""
    breaches = (
        make_breach(breach_id="B-1", date_occurred=D(2026, 5, 10), date_identified=D(2026, 5, 10)),
        make_breach(breach_id="B-2"),
        make_breach(breach_id="B-3", date_identified=D(2026, 12, 31)),
        make_breach(breach_id="B-4", date_occurred=D(2027, 2, 1), date_identified=D(2027, 2, 1)),
    )
    objectives = (make_objective(term=SPRING_2026), make_objective())
    report = evaluate(make_dataset(breaches=breaches, objectives=objectives), AUTUMN_2026)
    assert report.breach_counts_by_term == {"Spring 2026": 0, "Summer 2026": 1, "Autumn 2026": 2}
    assert list(report.breach_counts_by_term) == ["Spring 2026", "Summer 2026", "Autumn 2026"]


def test_breach_counts_follow_moved_term_starts() -> None:
    """A breach on 02/01/2027 counts for Autumn 2026 when Spring 2027 starts on 04/01/2027."""
    settings = make_settings({SPRING_2027: D(2027, 1, 4)})
    breach = make_breach(date_occurred=D(2027, 1, 2), date_identified=D(2027, 1, 2))
    report = evaluate(make_dataset(breaches=(breach,), settings=settings), AUTUMN_2026)
    assert report.breach_counts_by_term == {"Autumn 2026": 1}
    assert report.sites[0].breaches_this_term == 1


def test_open_breaches_count_earlier_terms_but_not_later_ones() -> None:
    """Open breaches identified by the term's end count, whatever their term."""
    breaches = (
        make_breach(breach_id="B-1", date_occurred=D(2026, 5, 1), date_identified=D(2026, 5, 1),
                    date_closed=None),
        make_breach(breach_id="B-2", outcome="Under investigation"),
        make_breach(breach_id="B-3"),
        make_breach(breach_id="B-4", date_occurred=D(2027, 2, 1), date_identified=D(2027, 2, 1),
                    date_closed=None),
    )
    report = evaluate(make_dataset(breaches=breaches), AUTUMN_2026)
    assert report.open_breaches_all_terms == 2
    assert [(b.breach_id, b.is_open) for b in report.breaches] == [("B-2", True), ("B-3", False)]


def _to_do() -> list[tuple[str, str, str, str]]:
    sites = (
        make_site(site_id="SM-01", moderators=("Moderator C",)),
        make_site(site_id="SM-02"),
        make_site(site_id="SM-09", status="Proposed", go_live_date=None, head_teacher_approved=None),
    )
    breaches = (
        safeguarding_breach(breach_id="B-1", date_referred=D(2026, 10, 5)),
        make_breach(breach_id="B-2", date_occurred=D(2026, 5, 1), date_identified=D(2026, 5, 1),
                    date_closed=None),
    )
    objectives = (make_objective(), make_objective(site_id="SM-02"))
    dataset = make_dataset(sites=sites, breaches=breaches, objectives=objectives,
                           activity=(make_activity(),))
    return [(a.priority, a.concerns, a.clause, a.what) for a in evaluate(dataset, AUTUMN_2026).actions]


def test_actions_most_urgent_first() -> None:
    """The to-do list puts red-check fails and safeguarding first, missing data and approvals last."""
    assert [a[:3] for a in _to_do()] == [
        ("Urgent", "SM-01", "A5.4"),
        ("Urgent", "Breach log", "A2.3, A5.6"),
        ("Soon", "Breach log", "9.1"),
        ("Routine", "School", "Policy header"),  # the governors' own decision; recorded after
        ("Routine", "SM-02", "A1.5, A1.6, A5.4"),
        ("Routine", "SM-09", "A3.2, A3.6"),
    ]


def test_actions_say_what_to_do_in_plain_english() -> None:
    """Each action names the facts and what to do, and breaches only as counts."""
    whats = [a[3] for a in _to_do()]
    assert whats[0] == ("SM-01: Only 1 moderator named; the policy asks for at least 2. "
                        "Name at least 2 approved moderators in the register.")
    assert whats[1].startswith("1 breach identified in Autumn 2026: a safeguarding concern not "
                               "referred to an appropriate authority within a day.")
    assert whats[2].startswith("1 breach still open (Under investigation or no Date closed).")
    assert whats[3].endswith("Governors decide on the review (see the overview); once they have, "
                             "record the new review date in school.toml.")
    assert whats[4] == ("No Activity row for SM-02 in Autumn 2026. Add it in site_evaluation.xlsx "
                        "so that ACTIVE and MODERATOR-COVER can be checked.")
    assert whats[5] == ("SM-09 (Proposed) still needs approval from the Head Teacher; "
                        "it must not go live before then.")
    assert not [w for w in whats if "B-1" in w or "B-2" in w]


def test_no_actions_for_a_compliant_school() -> None:
    """A compliant site with a policy reviewed on time leaves nothing to do."""
    settings = make_settings(policy_review_due=D(2027, 9, 30))
    assert evaluate(make_dataset(settings=settings), AUTUMN_2026).actions == ()


def test_only_live_and_closed_sites_are_in_scope_whatever_their_dates() -> None:
    """Proposed, Approved and Rejected sites with past go-live dates are never evaluated."""
    statuses = ("Live", "Closed", "Proposed", "Approved", "Rejected")
    sites = tuple(make_site(site_id=f"SM-0{i}", status=status, go_live_date=D(2026, 7, 1),
                            closed_date=D(2026, 12, 31) if status == "Closed" else None)
                  for i, status in enumerate(statuses))
    report = evaluate(make_dataset(sites=sites), AUTUMN_2026)
    assert [s.site_id for s in report.sites] == ["SM-00", "SM-01"]
    assert [(p.site_id, p.status) for p in report.pipeline] == [
        ("SM-02", "Proposed"), ("SM-03", "Approved")]


def test_site_closed_on_term_end_is_not_live_at_term_end() -> None:
    """Closed on 31/12/2026 is closed "by the term's end": ACTIVE N/A, recommendation Closed."""
    site = make_site(status="Closed", closed_date=D(2026, 12, 31))
    result = evaluate(make_dataset(sites=(site,)), AUTUMN_2026).sites[0]
    assert (result.live_at_term_end, result.check("ACTIVE").outcome, result.recommendation) == (
        False, "N/A", "Closed")


def test_closed_site_without_activity_row_has_moderator_cover_unknown() -> None:
    """MODERATOR-COVER has no N/A in spec 3: closed mid-term with no Activity row, it is Unknown."""
    site = make_site(status="Closed", closed_date=D(2026, 10, 31))
    result = evaluate(make_dataset(sites=(site,), activity=()), AUTUMN_2026).sites[0]
    assert (result.check("ACTIVE").outcome, result.check("MODERATOR-COVER").outcome) == (
        "N/A", "Unknown")
    assert (result.rag, result.recommendation) == ("Amber", "Closed")


def test_safeguarding_counts_only_the_terms_concerns_on_this_site() -> None:
    """A late referral in Summer 2026 or on another site leaves SM-01's SAFEGUARDING N/A."""
    summer = safeguarding_breach(breach_id="B-1", date_occurred=D(2026, 8, 30),
                                 date_identified=D(2026, 8, 31), date_referred=D(2026, 9, 10))
    elsewhere = safeguarding_breach(breach_id="B-2", site_id="SM-02", date_referred=D(2026, 10, 9))
    sites = (make_site(site_id="SM-01"), make_site(site_id="SM-02"))
    objectives = (make_objective(site_id="SM-01"), make_objective(site_id="SM-02"))
    report = evaluate(make_dataset(sites=sites, breaches=(summer, elsewhere), objectives=objectives),
                      AUTUMN_2026)
    assert [s.check("SAFEGUARDING").outcome for s in report.sites] == ["N/A", "Fail"]
    # SM-01 has the default Activity row and passes everything; SM-02 has none but is Red anyway.
    assert [s.rag for s in report.sites] == ["Green", "Red"]
