"""The counts the pages show: sites by RAG, the term's breaches tallied (spec 7: breaches
only ever as counts), the to-do list's size.

Worked out here, once, so that a page only formats what it is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import get_args

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.checks import breach_outcomes
from stockham_analytics.evaluation.results import (
    Action,
    BreachResult,
    BreachTally,
    CheckTally,
    Rag,
    SiteResult,
    TermFigures,
)
from stockham_analytics.records import OUTCOMES, SEVERITIES, STAFF_GROUPS

RAGS: tuple[Rag, ...] = get_args(Rag)


def clause_order(clause: str) -> tuple[int, tuple[int, ...], str]:
    """Policy order: the main part by number (2 before 10), then Appendix A."""
    appendix = clause.startswith("A")
    digits = tuple(int(p) for p in clause.lstrip("A").split(".") if p.isdigit())
    return int(appendix), digits, clause


def _in_order(values: Iterable[str], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(values)
    return tuple((name, counts[name]) for name in order)


def breach_tally(breaches: Sequence[BreachResult]) -> BreachTally:
    """The term's breaches as counts: by clause, severity, outcome, staff group and check."""
    outcomes = breach_outcomes(breaches)
    clauses = Counter(b.policy_clause for b in breaches)
    referrals = catalogue.headline_check().check_id
    on_time = outcomes[(referrals, "Pass")]
    return BreachTally(
        total=len(breaches),
        still_open=sum(b.is_open for b in breaches),
        safeguarding=sum(b.safeguarding_concern for b in breaches),
        by_clause=tuple(sorted(clauses.items(), key=lambda item: clause_order(item[0]))),
        clauses_most_frequent=tuple(clauses.most_common()),
        by_severity=_in_order((b.severity for b in breaches), SEVERITIES),
        by_outcome=_in_order((b.outcome for b in breaches), OUTCOMES),
        by_staff_group=_in_order((b.staff_group for b in breaches), STAFF_GROUPS),
        checks=tuple(CheckTally(c.check_id, outcomes[(c.check_id, "Pass")],
                                outcomes[(c.check_id, "Fail")]) for c in catalogue.BREACH_CHECKS),
        referrals_check=referrals,
        referrals_on_time=on_time,
        referrals_due=on_time + outcomes[(referrals, "Fail")],
    )


def term_figures(sites: Sequence[SiteResult], actions: Sequence[Action]) -> TermFigures:
    """The headline counts of a term's ``sites`` and to-do list."""
    rags = Counter(s.rag for s in sites)
    return TermFigures(
        sites_in_scope=len(sites),
        meeting_objectives=sum(s.objectives_verdict == "Meeting objectives" for s in sites),
        by_rag=tuple((r, rags[r]) for r in RAGS),
        actions=len(actions),
        urgent_actions=sum(a.priority == "Urgent" for a in actions),
    )
