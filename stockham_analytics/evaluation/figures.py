"""The counts the pages show: sites by RAG, the term's breaches tallied (spec 7: breaches
only ever as counts), the to-do list's size.

Worked out here, once, so that a page only formats what it is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from stockham_analytics.evaluation.catalogue import BREACH_CHECKS
from stockham_analytics.evaluation.checks import breach_outcomes
from stockham_analytics.evaluation.results import (
    BreachResult,
    BreachTally,
    CheckTally,
    Rag,
    TermFigures,
    TermReport,
)
from stockham_analytics.workbooks.schema import OUTCOMES, SEVERITIES, STAFF_GROUPS

RAGS: tuple[Rag, ...] = ("Red", "Amber", "Green")


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
    on_time = outcomes[("REFERRAL", "Pass")]
    return BreachTally(
        total=len(breaches),
        still_open=sum(b.is_open for b in breaches),
        safeguarding=sum(b.safeguarding_concern for b in breaches),
        by_clause=tuple(sorted(clauses.items(), key=lambda item: clause_order(item[0]))),
        by_severity=_in_order((b.severity for b in breaches), SEVERITIES),
        by_outcome=_in_order((b.outcome for b in breaches), OUTCOMES),
        by_staff_group=_in_order((b.staff_group for b in breaches), STAFF_GROUPS),
        checks=tuple(CheckTally(c.check_id, outcomes[(c.check_id, "Pass")],
                                outcomes[(c.check_id, "Fail")]) for c in BREACH_CHECKS),
        referrals_on_time=on_time,
        referrals_due=on_time + outcomes[("REFERRAL", "Fail")],
    )


def term_figures(report: TermReport) -> TermFigures:
    """The headline counts of ``report``'s sites and actions."""
    rags = Counter(s.rag for s in report.sites)
    return TermFigures(
        sites_in_scope=len(report.sites),
        meeting_objectives=sum(s.objectives_verdict == "Meeting objectives" for s in report.sites),
        by_rag=tuple((r, rags[r]) for r in RAGS),
        actions=len(report.actions),
        urgent_actions=sum(a.priority == "Urgent" for a in report.actions),
    )
