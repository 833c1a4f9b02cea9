"""Pages only present: the counts, series and rules a page shows come in the term report.

The evaluation stage works them out (:mod:`stockham_analytics.evaluation.figures`,
:mod:`~stockham_analytics.evaluation.trends`, :mod:`~stockham_analytics.evaluation.thresholds`);
the reading guide explains the very rules the verdicts applied; and a guard reads the page
modules' source to keep deciding, re-counting and module state out of them.
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from factories import (
    AUTUMN_2026,
    SUMMER_2026,
    make_activity,
    make_breach,
    make_dataset,
    make_objective,
    make_settings,
    make_site,
    safeguarding_breach,
)
from test_module_state import state_problems

from stockham_analytics.evaluation import thresholds
from stockham_analytics.evaluation.catalogue import SITE_CHECKS
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import CheckResult, TermReport
from stockham_analytics.evaluation.verdicts import rag
from stockham_analytics.pages import notebook, overview, sitepage

PAGES = Path(__file__).resolve().parent.parent / "stockham_analytics" / "pages"


def _words(markup: object) -> str:
    """What a reader sees: tags become spaces, entities characters, runs of space one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(markup))).split())


def _ctx(tmp_path: Path, report: TermReport) -> notebook.Context:
    """A context whose dataset is empty: whatever a section shows must come from ``report``."""
    return notebook.Context(tmp_path, make_dataset(sites=(), objectives=(), activity=()), report)


# --- the counts come in the report -------------------------------------------------------------


def test_breach_tally_counts_by_clause_in_policy_order_and_by_closed_list() -> None:
    """Clauses 10.1, 6.6 (twice) and A5.6 come as 6.6, 10.1, A5.6; severities Low, Medium, High."""
    breaches = (
        make_breach(breach_id="B-1", policy_clause="10.1", severity="Medium"),
        make_breach(breach_id="B-2"),
        make_breach(breach_id="B-3", date_closed=None),
        safeguarding_breach(breach_id="B-4"),  # referred the day it was identified
        safeguarding_breach(breach_id="B-5", date_referred=dt.date(2026, 10, 6)),  # 4 days on
    )
    tally = evaluate(make_dataset(breaches=breaches), AUTUMN_2026).breach_tally
    assert (tally.total, tally.still_open, tally.safeguarding) == (5, 1, 2)
    assert tally.by_clause == (("6.6", 2), ("10.1", 1), ("A5.6", 2))
    assert tally.by_severity == (("Low", 2), ("Medium", 1), ("High", 2))
    assert dict(tally.by_staff_group)["Teaching staff"] == 5
    assert (tally.referrals_on_time, tally.referrals_due) == (1, 2)
    referral = next(c for c in tally.checks if c.check_id == "REFERRAL")
    assert (referral.passed, referral.failed) == (1, 1)


def test_figures_count_sites_by_rag_and_urgent_actions(tmp_path: Path) -> None:
    """A compliant site and one with a single moderator: 1 Red, 0 Amber, 1 Green; 2 actions, the
    moderators urgent (a Red check) and the default policy review (due 2018) routine."""
    sites = (make_site(), make_site(site_id="SM-02", moderators=("Moderator C",)))
    objectives = (make_objective(), make_objective(site_id="SM-02"))
    activity = (make_activity(), make_activity(site_id="SM-02"))
    report = evaluate(make_dataset(sites=sites, objectives=objectives, activity=activity),
                      AUTUMN_2026)
    figures = report.figures
    assert figures.by_rag == (("Red", 1), ("Amber", 0), ("Green", 1))
    assert (figures.sites_in_scope, figures.meeting_objectives) == (2, 2)
    assert (figures.actions, figures.urgent_actions) == (2, 1)
    words = _words(overview.headline(_ctx(tmp_path, report)))
    assert "Red / Amber / Green 1 / 0 / 1" in words and "Meeting their objectives 2 of 2" in words


def test_each_site_page_lists_only_its_own_actions(tmp_path: Path) -> None:
    """SM-02 names one moderator: its page has that action; SM-01's has none; the school's
    policy review is on neither."""
    sites = (make_site(), make_site(site_id="SM-02", moderators=("Moderator C",)))
    objectives = (make_objective(), make_objective(site_id="SM-02"))
    activity = (make_activity(), make_activity(site_id="SM-02"))
    report = evaluate(make_dataset(sites=sites, objectives=objectives, activity=activity),
                      AUTUMN_2026)
    assert [a.clause for a in report.actions_for("SM-02")] == ["A5.4"]
    ctx = _ctx(tmp_path, report)
    assert "actions for this site None for this site" in _words(sitepage.decision(ctx, "SM-01"))
    words = _words(sitepage.decision(ctx, "SM-02"))
    assert "Only 1 moderator named" in words and "Policy review" not in words
    links = [d.site_id for d in report.decisions]
    assert "SM-02" in links and None in links  # the Red site, and the school's policy review


def test_trends_carry_each_terms_ratio_and_activity_row() -> None:
    """O1 met 30 of 40 in Summer 2026 (3/4) and 40 of 40 in Autumn; O2 only in Autumn;
    activity recorded in Autumn only."""
    objectives = (
        make_objective(term=SUMMER_2026, actual=Decimal(30)),
        make_objective(),
        make_objective(objective_id="O2", objective="Fewer complaints", target=Decimal(4),
                       better_when="Lower", actual=Decimal(8)),
    )
    report = evaluate(make_dataset(objectives=objectives), AUTUMN_2026)
    assert report.trend_terms == (SUMMER_2026, AUTUMN_2026)
    trend = report.trends["SM-01"]
    assert [(t.objective_id, t.ratios) for t in trend.objectives] == [
        ("O1", (Fraction(3, 4), Fraction(1))), ("O2", (None, Fraction(1, 2)))]
    assert trend.activity == (None, make_activity())


def test_site_page_draws_the_reports_trend(tmp_path: Path) -> None:
    """The objectives chart's table shows the report's ratios as percentages, cut to 0.1."""
    objectives = (make_objective(term=SUMMER_2026, actual=Decimal(29)), make_objective())
    report = evaluate(make_dataset(objectives=objectives), AUTUMN_2026)
    words = _words(sitepage.objectives(_ctx(tmp_path, report), "SM-01"))
    assert "O1 Keep families informed 72.5% 100%" in words  # 29/40 = 72.5%


def test_site_page_shows_the_purpose_the_report_carries(tmp_path: Path) -> None:
    """The register's aims and audience reach the page through the report, never a names column."""
    report = evaluate(make_dataset(), AUTUMN_2026)
    assert report.purposes["SM-01"].aims == "Share class work with families"
    words = _words(sitepage.purpose(_ctx(tmp_path, report), "SM-01"))
    assert "Aims Share class work with families" in words
    assert "Audience Pupils, Families" in words  # the register's order of groups
    assert not any(name in repr(report) for name in ("Admin A", "Moderator C", "Teacher T"))


def test_data_quality_shows_the_reports_warnings(tmp_path: Path) -> None:
    """A breach identified after the as-of date is a warning the report carries and the page shows."""
    dataset = make_dataset(breaches=(make_breach(date_identified=dt.date(2026, 12, 20),
                                                 date_closed=None),))
    report = evaluate(dataset, AUTUMN_2026, as_of=dt.date(2026, 12, 10))
    assert report.warnings, "a date after the as-of date is a warning"
    words = _words(overview.data_quality(_ctx(tmp_path, report)))
    assert report.warnings[0].location in words and "without warnings" not in words


# --- the reading guide follows the declared rules ----------------------------------------------


def test_guide_and_verdict_follow_the_declared_not_meeting_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With a third instead of half, 1 Not met of 2 makes the site Not meeting, and the guide says so."""
    objectives = (make_objective(), make_objective(objective_id="O2", actual=Decimal(1)))
    dataset = make_dataset(objectives=objectives)
    before = evaluate(dataset, AUTUMN_2026)
    assert before.sites[0].objectives_verdict == "Partly meeting objectives"
    assert "no more than half of those with a result" in _words(overview.legend(_ctx(tmp_path, before)))

    monkeypatch.setattr(thresholds, "NOT_MEETING_SHARE", Fraction(1, 3))
    after = evaluate(dataset, AUTUMN_2026)
    assert after.sites[0].objectives_verdict == "Not meeting objectives"
    assert after.sites[0].verdict_reason.endswith("1 of the 2 with an Actual are Not met, "
                                                   "more than a third")
    words = _words(overview.legend(_ctx(tmp_path, after)))
    assert "no more than a third of those with a result" in words
    assert "More than a third of the objectives with a result were Not met" in words


def test_guide_and_status_follow_the_declared_met_ratio(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Declaring Met at 90%: 36 of 40 is Met, and the guide and the chart's line say 90%."""
    monkeypatch.setattr(thresholds, "MET_RATIO", Fraction(9, 10))
    report = evaluate(make_dataset(objectives=(make_objective(actual=Decimal(36)),)), AUTUMN_2026)
    assert report.sites[0].objectives[0].status == "Met"
    assert report.sites[0].objectives[0].reason.endswith("90% of the target; Met needs 90%, "
                                                          "Partly met 75%")
    assert "Met when its result reaches 90% of its target" in _words(
        overview.legend(_ctx(tmp_path, report)))
    assert "A dashed line marks Met (90%)" in str(sitepage.objectives(_ctx(tmp_path, report), "SM-01"))


def test_guide_takes_the_settings_thresholds(tmp_path: Path) -> None:
    """school.toml's Partly met at 60% and "straight away" as 2 days reach the guide and headline."""
    settings = make_settings(partly_met_ratio=Decimal("0.6"), immediate_days=2)
    report = evaluate(make_dataset(settings=settings), AUTUMN_2026)
    ctx = _ctx(tmp_path, report)
    assert "Partly met from 60%, and Not met below that" in _words(overview.legend(ctx))
    assert "Referred within 2 days (A2.3, A5.6)" in _words(overview.headline(ctx))


def test_guide_names_exactly_the_checks_whose_fail_makes_a_site_red(tmp_path: Path) -> None:
    """Each site check failed alone: Red exactly when the guide's Red line names its title."""
    report = evaluate(make_dataset(), AUTUMN_2026)
    words = _words(overview.legend(_ctx(tmp_path, report)))
    red_line = words.split("A serious gap: the site failed a check that matters most (")[1]
    named = red_line.split(")")[0]
    for check in SITE_CHECKS:
        decided = rag((CheckResult(check.check_id, "Fail", "probe"),))[0]
        assert (decided == "Red") == (check.title.lower() in named), check.check_id


def test_shares_read_as_words_or_a_percentage() -> None:
    """1/2 is "half", 3/4 "three quarters"; 3/5 has no usual word and reads "60%"."""
    assert thresholds.share_words(Fraction(1, 2)) == "half"
    assert thresholds.share_words(Fraction(3, 4)) == "three quarters"
    assert thresholds.share_words(Fraction(3, 5)) == "60%"


def test_either_joins_any_number_of_titles() -> None:
    """One title alone, two with "or", three with a comma then "or"."""
    assert overview.either(["a"]) == "a"
    assert overview.either(["a", "b"]) == "a or b"
    assert overview.either(["a", "b", "c"]) == "a, b or c"


# --- a guard on the page modules' source ------------------------------------------------------

#: What a page module may take from the evaluation stage: result types and declarations, the
#: percentage formatting, and (the notebook glue only) the entry point that evaluates a term.
ALLOWED_FROM_EVALUATION = {
    "stockham_analytics.evaluation.results": None,  # any name: the result types
    "stockham_analytics.evaluation.catalogue": {"SITE_CHECKS", "check_def", "pipeline_check"},
    "stockham_analytics.evaluation.checks": {"days_words"},
    "stockham_analytics.evaluation.verdicts": {"fmt_percent", "SHOWN_RATIO_MAX"},
    "stockham_analytics.evaluation.thresholds": {"share_words"},
    "stockham_analytics.evaluation.engine": {"evaluate"},
}

#: The one page module that holds the dataset: the notebook glue, which evaluates it (and keeps
#: it to reuse while no workbook changed). Every other page module reads the term report only.
HOLDS_DATASET = "notebook.py"

def _import_problems(tree: ast.Module, name: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{name}:{node.lineno} imports {a.name}" for a in node.names
                      if a.name.startswith("stockham_analytics.evaluation")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            taken = {a.name for a in node.names}
            if module == "collections" and "Counter" in taken:
                found.append(f"{name}:{node.lineno} imports Counter: counts come in the report")
            if module == "stockham_analytics.evaluation":
                found.append(f"{name}:{node.lineno} imports {taken} from the evaluation package")
            elif module.startswith("stockham_analytics.evaluation"):
                allowed = ALLOWED_FROM_EVALUATION.get(module, set())
                if allowed is not None and not taken <= allowed:
                    found.append(f"{name}:{node.lineno} imports {sorted(taken - allowed)} "
                                 f"from {module}")
    return found


def _record_problems(tree: ast.Module, name: str) -> list[str]:
    if name == HOLDS_DATASET:
        return []
    return [f"{name}:{node.lineno} reads the dataset: take it from the term report"
            for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "dataset"]


def _problems(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    return [*_import_problems(tree, name), *_record_problems(tree, name),
            *state_problems(source, name)]


def test_page_modules_only_present() -> None:
    """No page module counts with Counter, calls a deciding function, reads the dataset (the
    notebook glue aside) or keeps state at module level."""
    found = [p for path in sorted(PAGES.glob("*.py"))
             for p in _problems(path.read_text(encoding="utf-8"), path.name)]
    assert found == []


@pytest.mark.parametrize("source", [
    "from collections import Counter\n",
    "from stockham_analytics.evaluation.checks import breach_outcomes\n",
    "from stockham_analytics.evaluation.verdicts import objective_status\n",
    "from stockham_analytics.evaluation.catalogue import RED_CHECKS\n",
    "def f(ctx):\n    return ctx.dataset.objectives\n",
    "def f(ctx):\n    return [s for s in ctx.dataset.sites]\n",
])
def test_the_guard_sees_each_kind_of_breach(source: str) -> None:
    """Each thing the guard forbids, written into a probe module, is reported (the state
    probes are in tests/test_module_state.py, whose scan this guard shares)."""
    assert _problems(source, "probe.py")
