"""Wording drawn from the settings and the catalogue's rows rather than written out by hand:
the school.toml limit for "straight away", the guide's Close line, the clauses the overview
and the to-do list quote.

Expected sentences are worked out from the spec and the tiny datasets below.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from factories import AUTUMN_2026, make_dataset, make_settings, make_site, safeguarding_breach

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.checks import days_words
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pages import notebook as views
from stockham_analytics.pages import overview

D = dt.date
#: Two days for "straight away"; the policy review not yet due, so it adds no decision.
TWO_DAYS = make_settings(immediate_days=2, policy_review_due=D(2027, 9, 30))


def _words(markup: object) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(markup))).split())


def _ctx(tmp_path: Path, report: TermReport) -> views.Context:
    return views.Context(tmp_path, make_dataset(), report)


def _two_day_report() -> TermReport:
    """Three concerns on SM-01 identified 02/10/2026: B-1 referred 05/10 (3 days, late),
    B-2 removed 05/10 (late), B-3 referred and removed 04/10 (2 days: in time)."""
    breaches = (
        safeguarding_breach(breach_id="B-1", date_referred=D(2026, 10, 5)),
        safeguarding_breach(breach_id="B-2", content_removed=D(2026, 10, 5)),
        safeguarding_breach(breach_id="B-3", date_referred=D(2026, 10, 4),
                            content_removed=D(2026, 10, 4)),
    )
    return evaluate(make_dataset(breaches=breaches, settings=TWO_DAYS), AUTUMN_2026)


def test_days_words_says_a_day_or_the_number() -> None:
    """1 is "a day"; more are counted."""
    assert [days_words(n) for n in (1, 2, 7)] == ["a day", "2 days", "7 days"]


def test_a_two_day_limit_is_worded_in_the_decision_the_check_and_the_to_do() -> None:
    """With immediate_days = 2 every sentence built from the limit says "within 2 days" (SM-01 is
    Red for SAFEGUARDING, and the late action is the governors' too)."""
    report = _two_day_report()
    assert [d.sentence for d in report.decisions] == [
        "Year 5 class blog (SM-01) is Red: 3 safeguarding concerns in Autumn 2026: 1 not referred "
        "to an authority within 2 days and 1 not taken down within 2 days.",
        "1 safeguarding concern identified in Autumn 2026 was not referred to an authority "
        "within 2 days, and 1 on a school site was not taken down within 2 days (A2.3, A5.6): ask "
        "the Designated Safeguarding Lead why, and what has been done since."]
    assert report.sites[0].check("SAFEGUARDING").reason == (
        "3 safeguarding concerns in Autumn 2026: 1 not referred to an authority within 2 days "
        "and 1 not taken down within 2 days")
    breach_log = [a.what for a in report.actions if a.concerns == "Breach log"]
    assert breach_log[0].startswith(
        "1 breach identified in Autumn 2026: a safeguarding concern not referred to an "
        "appropriate authority within 2 days. ")
    assert breach_log[1].startswith(
        "1 breach identified in Autumn 2026: a safeguarding concern on a school site whose "
        "content was not removed within 2 days. ")


def test_concerns_acted_on_within_the_limit_pass_with_its_words() -> None:
    """B-3 alone, referred and removed 2 days after: a Pass that names the 2-day limit."""
    breach = safeguarding_breach(date_referred=D(2026, 10, 4), content_removed=D(2026, 10, 4))
    report = evaluate(make_dataset(breaches=(breach,), settings=TWO_DAYS), AUTUMN_2026)
    assert report.sites[0].check("SAFEGUARDING").reason == (
        "1 safeguarding concern in Autumn 2026, each referred and its content removed within 2 days")
    assert report.decisions == ()


def test_headline_tile_names_the_limit_and_the_referral_checks_clause(tmp_path: Path) -> None:
    """2 of the 3 referrals in time (B-2's and B-3's), within 2 days, under A2.3 and A5.6."""
    words = _words(overview.headline(_ctx(tmp_path, _two_day_report())))
    assert "Safeguarding referrals on time 2 of 3 Referred within 2 days (A2.3, A5.6)" in words


def test_clauses_quoted_are_the_declared_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows redeclared with other clauses: the headline, the pipeline's to-do and its caption
    quote the new clauses, because they are read from the rows that declare them."""
    approval = replace(catalogue.site_check_def("APPROVAL"), clause="A3.6")
    referral = replace(catalogue.BREACH_CHECKS[0], clause="A2.3")
    monkeypatch.setattr(catalogue, "SITE_CHECKS", (approval, *catalogue.SITE_CHECKS[1:]))
    monkeypatch.setattr(catalogue, "BREACH_CHECKS", (referral, *catalogue.BREACH_CHECKS[1:]))
    proposed = make_site(site_id="SM-09", status="Proposed", go_live_date=None,
                         head_teacher_approved=None)
    report = evaluate(make_dataset(sites=(make_site(), proposed)), AUTUMN_2026)
    assert [a.clause for a in report.actions if a.concerns == "SM-09"] == ["A3.6"]
    ctx = _ctx(tmp_path, report)
    assert "Referred within a day (A2.3)" in _words(overview.headline(ctx))
    assert "Proposed and approved sites (A3.6)" in _words(overview.pipeline(ctx))


def test_the_guides_close_line_words_each_declared_close_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The catalogue's one close reason, then a second declared on a new row, each in the key."""
    report = evaluate(make_dataset(), AUTUMN_2026)
    assert report.rules.close_reasons == ("still live past its planned closure date",)
    assert overview.close_key(report.rules) == (
        "Past its planned closure date, or not meeting its objectives this term and last term: "
        "plan to close it.")
    mascot = replace(catalogue.site_check_def("LOGO"), check_id="MASCOT",
                     close_on_fail="it has no mascot")
    monkeypatch.setattr(catalogue, "SITE_CHECKS", (*catalogue.SITE_CHECKS, mascot))
    rules = evaluate(make_dataset(), AUTUMN_2026).rules
    assert overview.close_key(rules) == (
        "Past its planned closure date, it has no mascot, or not meeting its objectives this "
        "term and last term: plan to close it.")
