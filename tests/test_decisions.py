"""What governors must decide, and what changed since last term (stockham_analytics.evaluation.decisions).

Every expected sentence below is written from the spec and the facts of the tiny
dataset built in the test, not copied from the code's output.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from factories import (
    AUTUMN_2026,
    make_activity,
    make_breach,
    make_dataset,
    make_objective,
    make_settings,
    make_site,
    safeguarding_breach,
)

from stockham_analytics.columns import AgeRange
from stockham_analytics.evaluation.decisions import change_since_last_term
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import Rag, SiteTermHistory, TermReport, Verdict
from stockham_analytics.pages import notebook as views
from stockham_analytics.pages import overview
from stockham_analytics.terms import Term

D = dt.date
SPRING_2026, SUMMER_2026 = Term(2026, 0), Term(2026, 1)
AUTUMN_2025, SUMMER_2025 = Term(2025, 2), Term(2025, 1)
REVIEWED_ON_TIME = make_settings(policy_review_due=D(2027, 9, 30))


def _history(*entries: tuple[Term, Rag]) -> tuple[SiteTermHistory, ...]:
    verdict: Verdict = "Meeting objectives"
    return tuple(SiteTermHistory(term, verdict, rag) for term, rag in entries)


# --- change since last term -----------------------------------------------------------------


@pytest.mark.parametrize(("rag", "history", "kind", "text"), [
    ("Amber", (), "new", "new this term"),
    ("Green", ((SUMMER_2026, "Green"),), "unchanged", "no change since last term"),
    ("Amber", ((SUMMER_2026, "Amber"),), "unchanged", "no change since last term"),
    ("Green", ((SUMMER_2026, "Amber"),), "better", "better: was Amber last term"),
    ("Amber", ((SUMMER_2026, "Red"),), "better", "better: was Red last term"),
    ("Red", ((SUMMER_2026, "Green"),), "worse", "worse: was Green last term"),
    # Red in Autumn 2025, Spring, Summer and now Autumn 2026: four terms in a row.
    ("Red", ((AUTUMN_2025, "Red"), (SPRING_2026, "Red"), (SUMMER_2026, "Red")),
     "long-running", "Red for 4 terms running"),
    # Amber this term and the two before: three in a row is long-running.
    ("Amber", ((AUTUMN_2025, "Green"), (SPRING_2026, "Amber"), (SUMMER_2026, "Amber")),
     "long-running", "Amber for 3 terms running"),
    # Green for a long time is simply unchanged: nothing to worry about.
    ("Green", ((AUTUMN_2025, "Green"), (SPRING_2026, "Green"), (SUMMER_2026, "Green")),
     "unchanged", "no change since last term"),
    # A gap breaks the run: Red in Summer 2025, out of scope in Autumn 2025, Red since.
    ("Red", ((SUMMER_2025, "Red"), (SPRING_2026, "Red"), (SUMMER_2026, "Red")),
     "long-running", "Red for 3 terms running"),
    # Not in scope last term, but earlier: back, with what it was then.
    ("Green", ((SPRING_2026, "Red"),), "back", "back this term (was Red in Spring 2026)"),
])
def test_change_since_last_term_wording(
    rag: Rag, history: tuple[tuple[Term, Rag], ...], kind: str, text: str
) -> None:
    """New, unchanged, better, worse, long-running and back, each in the words governors read."""
    change = change_since_last_term(rag, AUTUMN_2026, _history(*history))
    assert (change.kind, change.text) == (kind, text)


def _two_terms(summer_moderators: int, breaches: tuple[object, ...] = ()) -> TermReport:
    """SM-01 live since 20/06/2026 with objectives and activity in Summer and Autumn 2026."""
    activity = (make_activity(), make_activity(term=SUMMER_2026, last_post_date=D(2026, 8, 20),
                                               active_moderators=summer_moderators))
    dataset = make_dataset(sites=(make_site(go_live_date=D(2026, 6, 20)),), activity=activity,
                           objectives=(make_objective(), make_objective(term=SUMMER_2026)),
                           breaches=breaches, settings=REVIEWED_ON_TIME)  # type: ignore[arg-type]
    return evaluate(dataset, AUTUMN_2026)


def test_change_is_worked_out_from_the_sites_earlier_terms() -> None:
    """1 active moderator in Summer (Amber) and 2 now (Green): better; a late referral now
    (Red) after a Green Summer: worse; a site with no earlier evaluated term: new."""
    assert _two_terms(1).briefs["SM-01"].change.text == "better: was Amber last term"
    late = safeguarding_breach(date_referred=D(2026, 10, 9))
    assert _two_terms(2, (late,)).briefs["SM-01"].change.text == "worse: was Green last term"
    assert _two_terms(2).briefs["SM-01"].change.text == "no change since last term"
    new_site = evaluate(make_dataset(settings=REVIEWED_ON_TIME), AUTUMN_2026)
    assert new_site.briefs["SM-01"].change.text == "new this term"


# --- the governors' decisions ------------------------------------------------------------------


def _decisions(report: TermReport) -> list[tuple[str, str, str]]:
    return [(d.kind, d.concerns, d.sentence) for d in report.decisions]


def test_nothing_to_decide_for_a_compliant_school() -> None:
    """One Green site meeting its objectives, policy reviewed on time: an empty list."""
    assert evaluate(make_dataset(settings=REVIEWED_ON_TIME), AUTUMN_2026).decisions == ()


def test_red_site_says_its_concrete_cause() -> None:
    """Facebook (minimum 13) with pupils aged 7 in the audience: Red, and the sentence says so."""
    site = make_site(host="Third party", host_name="Facebook", platform_minimum_age=13,
                     pupil_age_range=AgeRange("7-11", 7), logo_displayed=False)
    report = evaluate(make_dataset(sites=(site,), settings=REVIEWED_ON_TIME), AUTUMN_2026)
    assert _decisions(report) == [("Red", "SM-01", "Year 5 class blog (SM-01) is Red: Pupils aged "
                                   "7 use Facebook, whose minimum age is 13.")]


def test_red_site_with_two_red_causes_reads_as_one_sentence() -> None:
    """Privacy Standard with pupils contributing, and one moderator: both causes, joined."""
    site = make_site(contributors=frozenset({"Pupils", "Staff"}), privacy_setting="Standard",
                     consent_arrangements="Letters", moderators=("Moderator C",))
    report = evaluate(make_dataset(sites=(site,), settings=REVIEWED_ON_TIME), AUTUMN_2026)
    assert _decisions(report) == [("Red", "SM-01", (
        "Year 5 class blog (SM-01) is Red: Only 1 moderator named (the policy asks for at least "
        "2) and pupils contribute but the privacy setting is Standard; it must be Strongest."))]


def test_site_past_its_planned_closure_is_to_close() -> None:
    """Planned closure 31/10/2026 (after go-live 01/07), still live on 31/12/2026: Close."""
    site = make_site(planned_closure_date=D(2026, 10, 31))
    report = evaluate(make_dataset(sites=(site,), settings=REVIEWED_ON_TIME), AUTUMN_2026)
    assert _decisions(report) == [("Close", "SM-01", (
        "Year 5 class blog (SM-01) is recommended to close: planned closure on 31/10/2026, but "
        "still live at the end of the term (31/12/2026)."))]


def test_close_judged_before_the_term_ends_says_the_day() -> None:
    """The same site judged on 10/12/2026: "still live on 10/12/2026"."""
    site = make_site(planned_closure_date=D(2026, 10, 31))
    report = evaluate(make_dataset(sites=(site,), settings=REVIEWED_ON_TIME), AUTUMN_2026,
                      as_of=D(2026, 12, 10))
    assert report.decisions[0].sentence.endswith("but still live on 10/12/2026.")


def test_site_not_meeting_objectives_two_terms_is_to_close_and_a_red_one_says_both() -> None:
    """Not met in Summer and Autumn 2026 (10 of 40), and one moderator: Close, also Red."""
    site = make_site(go_live_date=D(2026, 6, 20), moderators=("Moderator C",))
    objectives = (make_objective(actual=Decimal(10)),
                  make_objective(term=SUMMER_2026, actual=Decimal(10)))
    activity = (make_activity(), make_activity(term=SUMMER_2026, last_post_date=D(2026, 8, 20)))
    report = evaluate(make_dataset(sites=(site,), objectives=objectives, activity=activity,
                                   settings=REVIEWED_ON_TIME), AUTUMN_2026)
    assert _decisions(report) == [("Close", "SM-01", (
        "Year 5 class blog (SM-01) is recommended to close: it has not met its objectives two "
        "terms running (Summer 2026 and Autumn 2026); it is also Red: only 1 moderator named "
        "(the policy asks for at least 2)."))]


def test_late_safeguarding_action_is_a_decision_as_counts() -> None:
    """Two concerns identified 02/10/2026: one referred 05/10 (3 days), one removed 06/10."""
    late_referral = safeguarding_breach(breach_id="B-1", date_referred=D(2026, 10, 5))
    late_removal = safeguarding_breach(breach_id="B-2", content_removed=D(2026, 10, 6))
    report = evaluate(make_dataset(breaches=(late_referral, late_removal),
                                   settings=REVIEWED_ON_TIME), AUTUMN_2026)
    safeguarding = [d for d in report.decisions if d.kind == "Safeguarding"]
    assert [(d.concerns, d.sentence) for d in safeguarding] == [("Breach log", (
        "1 safeguarding concern identified in Autumn 2026 was not referred to an authority "
        "within a day, and 1 on a school site was not taken down within a day (A2.3, A5.6): ask "
        "the Designated Safeguarding Lead why, and what has been done since."))]
    assert "B-1" not in safeguarding[0].sentence  # counts only (spec 7)


def test_safeguarding_acted_on_in_time_is_not_a_decision() -> None:
    """A concern referred and removed the day it was identified needs no decision."""
    report = evaluate(make_dataset(breaches=(safeguarding_breach(),), settings=REVIEWED_ON_TIME),
                      AUTUMN_2026)
    assert report.decisions == ()


def test_overdue_policy_review_is_the_governors_own_decision() -> None:
    """Review due 30/09/2018, judged at 31/12/2026: more than 8 years overdue."""
    report = evaluate(make_dataset(), AUTUMN_2026)
    assert _decisions(report) == [("Policy review", "School", (
        "The Social Media Policy was due for review on 30/09/2018, more than 8 years ago: "
        "governors must review it and set the next review date."))]
    assert [a.priority for a in report.actions if a.concerns == "School"] == ["Routine"]


def test_policy_review_due_weeks_ago_says_days() -> None:
    """Due 01/12/2026, judged on 10/12/2026: 9 days ago."""
    dataset = make_dataset(settings=make_settings(policy_review_due=D(2026, 12, 1)))
    report = evaluate(dataset, AUTUMN_2026, as_of=D(2026, 12, 10))
    assert report.decisions[0].sentence.startswith(
        "The Social Media Policy was due for review on 01/12/2026, 9 days ago:")


def test_decisions_come_in_order_close_red_safeguarding_policy() -> None:
    """SM-02 to close, SM-01 Red, a late referral and the policy: in that order."""
    red = make_site(moderators=("Moderator C",))
    closing = make_site(site_id="SM-02", site_name="Old page", planned_closure_date=D(2026, 10, 31))
    late = safeguarding_breach(date_referred=D(2026, 10, 9))
    report = evaluate(make_dataset(sites=(red, closing), breaches=(late,),
                                   objectives=(make_objective(),
                                               make_objective(site_id="SM-02")),
                                   activity=(make_activity(), make_activity(site_id="SM-02"))),
                      AUTUMN_2026)
    assert [(d.kind, d.concerns) for d in report.decisions] == [
        ("Close", "SM-02"), ("Red", "SM-01"), ("Safeguarding", "Breach log"),
        ("Policy review", "School")]


# --- what a site page leads with --------------------------------------------------------------


def test_causes_list_every_fail_then_every_unknown() -> None:
    """No Activity row and no house rules: TERMS-OF-USE fails, ACTIVE and MODERATOR-COVER unknown."""
    dataset = make_dataset(sites=(make_site(house_rules_published=False),), activity=())
    brief = evaluate(dataset, AUTUMN_2026).briefs["SM-01"]
    assert [(c.check_id, c.title, c.outcome) for c in brief.causes] == [
        ("TERMS-OF-USE", "Terms of use and house rules published", "Fail"),
        ("ACTIVE", "Not neglected", "Unknown"),
        ("MODERATOR-COVER", "Moderation cover", "Unknown"),
    ]
    assert brief.causes[0].cause == "House rules not published"
    assert brief.must_change == (
        "Terms of use and house rules published: Publish the site's terms of use and house "
        "rules, then record them in the register.",
        'Record the site\'s activity for the term in site_evaluation.xlsx, so that "Not '
        'neglected" and "Moderation cover" can be checked.',
    )


def test_a_compliant_site_needs_nothing_to_continue() -> None:
    """Green and Meeting objectives: no cause, nothing must change."""
    brief = evaluate(make_dataset(), AUTUMN_2026).briefs["SM-01"]
    assert (brief.causes, brief.must_change) == ((), ())


def test_notes_point_out_falling_followers_and_a_long_silence() -> None:
    """Followers 120 -> 50 (down 58%); last post 20 days before 10/12/2026, limit 30."""
    activity = (make_activity(followers=50, last_post_date=D(2026, 11, 20)),
                make_activity(term=SUMMER_2026, followers=120, last_post_date=D(2026, 8, 20)))
    dataset = make_dataset(sites=(make_site(go_live_date=D(2026, 6, 20)),), activity=activity,
                           objectives=(make_objective(), make_objective(term=SUMMER_2026)))
    brief = evaluate(dataset, AUTUMN_2026, as_of=D(2026, 12, 10)).briefs["SM-01"]
    assert brief.notes == (
        "Followers fell from 120 to 50 since Summer 2026 (down 58%).",
        "No post for 20 days (last on 20/11/2026); after 30 days the site counts as neglected.",
    )


def test_no_note_for_a_small_fall_or_a_recent_post() -> None:
    """Followers 120 -> 60 is exactly half (not more than half); last post 5 days ago."""
    activity = (make_activity(followers=60, last_post_date=D(2026, 12, 5)),
                make_activity(term=SUMMER_2026, followers=120, last_post_date=D(2026, 8, 20)))
    dataset = make_dataset(sites=(make_site(go_live_date=D(2026, 6, 20)),), activity=activity,
                           objectives=(make_objective(), make_objective(term=SUMMER_2026)))
    assert evaluate(dataset, AUTUMN_2026, as_of=D(2026, 12, 10)).briefs["SM-01"].notes == ()


# --- small counts about people -----------------------------------------------------------------


def _words(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_small_counts_by_outcome_and_staff_group_are_shown_as_fewer_than_3(tmp_path: Path) -> None:
    """1 Dismissal (Governor) and 4 Advice and guidance (Teaching staff): 1 is hidden, 4 shown,
    the total of 5 and the severities stay exact."""
    breaches = (
        make_breach(breach_id="B-0", outcome="Dismissal", staff_group="Governor", severity="High"),
        *(make_breach(breach_id=f"B-{n}") for n in range(1, 5)),
    )
    dataset = make_dataset(breaches=breaches)
    ctx = views.Context(tmp_path, dataset, evaluate(dataset, AUTUMN_2026))
    words = _words(str(overview.breaches(ctx)))
    assert "5 breaches identified this term" in words
    assert "Dismissal fewer than 3" in words and "Advice and guidance 4" in words
    assert "Governor fewer than 3" in words and "Teaching staff 4" in words
    assert "High 1" in words and "Low 4" in words  # severities exact
    assert words.count("Counts of 1 or 2 are shown as \u201cfewer than 3\u201d") == 1


def test_summary_keeps_exact_counts_by_outcome() -> None:
    """summary.json is the business manager's record: 1 Dismissal stays 1."""
    from stockham_analytics.pack.summary_json import to_summary

    dataset = make_dataset(breaches=(make_breach(outcome="Dismissal"),))
    assert to_summary(evaluate(dataset, AUTUMN_2026))["breaches"]["by_outcome"] == {"Dismissal": 1}


# --- how the overview and a site page present it ------------------------------------------------


def _ctx(tmp_path: Path, report: TermReport) -> views.Context:
    return views.Context(tmp_path, make_dataset(), report)


def test_overview_opens_with_the_decisions_and_links_each_site(tmp_path: Path) -> None:
    """A Red site's sentence and its page link; the policy review without a link."""
    report = evaluate(make_dataset(sites=(make_site(moderators=("Moderator C",)),)), AUTUMN_2026)
    markup = str(overview.governors(_ctx(tmp_path, report)))
    words = _words(markup)
    assert words.startswith("For the governors")
    assert ("Red Year 5 class blog (SM-01) is Red: Only 1 moderator named (the policy asks for "
            "at least 2). SM-01 page") in words
    assert 'href="sites/SM-01.html"' in markup
    assert "Policy review The Social Media Policy was due for review on 30/09/2018" in words


def test_overview_says_so_when_there_is_nothing_to_decide(tmp_path: Path) -> None:
    """No decision: one plain sentence instead of an empty list."""
    report = evaluate(make_dataset(settings=REVIEWED_ON_TIME), AUTUMN_2026)
    assert "Nothing needs a decision this term" in _words(str(overview.governors(
        _ctx(tmp_path, report))))


def test_sites_table_row_gives_change_and_every_cause_by_title(tmp_path: Path) -> None:
    """SM-01 with one moderator: Red, new this term, the check's title, code and cause."""
    report = evaluate(make_dataset(sites=(make_site(moderators=("Moderator C",)),)), AUTUMN_2026)
    words = _words(str(overview.sites_table(_ctx(tmp_path, report))))
    assert ("Year 5 class blog SM-01 ● Red ✔ Meeting objectives ↻ Review new this term "
            "At least two moderators MODERATORS : Only 1 moderator named; the policy asks for "
            "at least 2") in words
    assert "RAG rates each site against the policy" in words  # RAG explained where first used


def test_overview_keeps_one_line_about_the_to_do_list(tmp_path: Path) -> None:
    """Two actions, one urgent: a count and the links to actions.html and actions.xlsx."""
    report = evaluate(make_dataset(sites=(make_site(moderators=("Moderator C",)),)), AUTUMN_2026)
    markup = str(overview.actions_line(_ctx(tmp_path, report)))
    assert "2 actions (1 urgent)" in _words(markup)
    assert 'href="actions.html"' in markup and 'href="actions.xlsx"' in markup


def test_site_page_leads_with_the_decision(tmp_path: Path) -> None:
    """Recommendation, every cause, what must change, its own actions and its record."""
    from stockham_analytics.pages import sitepage

    report = evaluate(make_dataset(sites=(make_site(moderators=("Moderator C",)),)), AUTUMN_2026)
    words = _words(str(sitepage.decision(_ctx(tmp_path, report), "SM-01")))
    assert words.startswith("Year 5 class blog (SM-01): Review Recommendation: ↻ Review")
    for phrase in ("Review: Red",
                   "At least two moderators MODERATORS : Only 1 moderator named",
                   "What must change for the site to continue At least two moderators: Name at "
                   "least 2 approved moderators in the register.",
                   "‼ Urgent SM-01: Only 1 moderator named",
                   "Autumn 2026 (this term) ✔ Meeting objectives ● Red"):
        assert phrase in words, phrase
