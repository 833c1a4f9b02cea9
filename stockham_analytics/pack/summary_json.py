"""``summary.json``: the machine-readable summary of a term (spec section 6).

Keys come in the order the spec shows them, then ``history`` and ``actions``.
The file is written the same way every time (two-space indent, UTF-8, a final
newline), so the same input gives byte-identical output. It holds no person's
name and no breach Description; breaches appear only as counts (spec 7).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TypedDict

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.results import (
    Action,
    BreachTally,
    ObjectiveResult,
    ObjectiveStatus,
    Outcome,
    Rag,
    Recommendation,
    SiteResult,
    SiteTermHistory,
    TermReport,
    Verdict,
)

# --- the shape of the file (spec 6), for the type checker ------------------------------


class ObjectiveJSON(TypedDict):
    """One objective of a site for the term."""

    objective_id: str
    target: int | float
    actual: int | float | None
    ratio: float | None
    status: ObjectiveStatus


class SiteJSON(TypedDict):
    """One site in scope: every site check of spec 3 under ``checks``."""

    site_id: str
    site_name: str
    status: str
    objectives_verdict: Verdict
    objectives: list[ObjectiveJSON]
    checks: dict[str, Outcome]
    rag: Rag
    recommendation: Recommendation


class PipelineJSON(TypedDict):
    """A Proposed or Approved site."""

    site_id: str
    status: str


class PassFail(TypedDict):
    Pass: int
    Fail: int
PolicyJSON = TypedDict("PolicyJSON", {"review_due": str, "POLICY-REVIEW": Outcome})


class BreachesJSON(TypedDict):
    """The term's breaches, as counts only (spec 7)."""

    total: int
    open: int
    safeguarding: int
    by_clause: dict[str, int]
    by_severity: dict[str, int]
    by_outcome: dict[str, int]
    checks: dict[str, PassFail]


class HistoryEntryJSON(TypedDict):
    """A site's verdict and RAG in one earlier term."""

    term: str
    objectives_verdict: Verdict
    rag: Rag


class TermBreachesJSON(TypedDict):
    """How many breaches were identified in one term."""

    term: str
    total: int


class HistoryJSON(TypedDict):
    """Earlier terms: each site's verdicts, and the breaches of every term so far."""

    sites: dict[str, list[HistoryEntryJSON]]
    breaches: list[TermBreachesJSON]


class ActionJSON(TypedDict):
    """One action of the business manager's to-do list."""

    priority: str
    concerns: str
    clause: str
    what: str


class SummaryJSON(TypedDict):
    """The whole of ``summary.json``: spec 6's keys in its order, then history and actions."""

    school: str
    term: str
    term_start: str
    term_end: str
    as_of: str
    provisional: bool
    inputs: dict[str, str]
    policy: PolicyJSON
    sites: list[SiteJSON]
    pipeline: list[PipelineJSON]
    breaches: BreachesJSON
    history: HistoryJSON
    actions: list[ActionJSON]


# --- building it -------------------------------------------------------------------------


def number(value: Decimal) -> int | float:
    """A workbook number for JSON: an int when whole (40), else a float (0.3)."""
    return int(value) if value == value.to_integral_value() else float(value)


def ratio(value: Fraction | None) -> float | None:
    """An exact ratio for JSON (0.875), or null; a ratio beyond what a JSON reader's
    numbers can hold (Target 1e-307, Actual 9.9e307) is given as the largest one."""
    if value is None:
        return None
    try:
        return float(value)
    except OverflowError:
        return sys.float_info.max


def objective_summary(result: ObjectiveResult) -> ObjectiveJSON:
    """One objective as spec 6 shows it."""
    return {
        "objective_id": result.objective_id,
        "target": number(result.target),
        "actual": None if result.actual is None else number(result.actual),
        "ratio": ratio(result.ratio),
        "status": result.status,
    }


def site_summary(site: SiteResult) -> SiteJSON:
    """One site in scope, with every check id of spec 3 in catalogue order."""
    return {
        "site_id": site.site_id,
        "site_name": site.site_name,
        "status": site.status,
        "objectives_verdict": site.objectives_verdict,
        "objectives": [objective_summary(o) for o in site.objectives],
        "checks": {row.check_id: site.check(row.check_id).outcome for row in catalogue.SITE_CHECKS},
        "rag": site.rag,
        "recommendation": site.recommendation,
    }


def breach_check_counts(tally: BreachTally) -> dict[str, PassFail]:
    """Pass and Fail of each breach check (both keys always present; N/A not counted)."""
    return {c.check_id: {"Pass": c.passed, "Fail": c.failed} for c in tally.checks}


def _non_zero(counted: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return {name: n for name, n in counted if n}


def breaches_summary(report: TermReport) -> BreachesJSON:
    """The term's breaches, as counts only (the report's tally; clauses most frequent first)."""
    tally = report.breach_tally
    return {
        "total": tally.total,
        "open": tally.still_open,
        "safeguarding": tally.safeguarding,
        "by_clause": dict(tally.clauses_most_frequent),
        "by_severity": _non_zero(tally.by_severity),
        "by_outcome": _non_zero(tally.by_outcome),
        "checks": breach_check_counts(tally),
    }


def _history_entry(entry: SiteTermHistory) -> HistoryEntryJSON:
    return {
        "term": entry.term.name,
        "objectives_verdict": entry.objectives_verdict,
        "rag": entry.rag,
    }


def history_summary(report: TermReport) -> HistoryJSON:
    """Each site's verdict and RAG in earlier terms, and the breaches of every term so far."""
    return {
        "sites": {
            site_id: [_history_entry(e) for e in entries]
            for site_id, entries in sorted(report.site_history.items())
        },
        "breaches": [
            {"term": term, "total": total} for term, total in report.breach_counts_by_term.items()
        ],
    }


def action_summary(action: Action) -> ActionJSON:
    """One action of the to-do list."""
    return {
        "priority": action.priority,
        "concerns": action.concerns,
        "clause": action.clause,
        "what": action.what,
    }


def to_summary(report: TermReport) -> SummaryJSON:
    """The whole summary of spec 6 (plus ``history`` and ``actions``), ready for JSON."""
    return {
        "school": report.school,
        "term": report.term.name,
        "term_start": report.term_start.isoformat(),
        "term_end": report.term_end.isoformat(),
        "as_of": report.as_of.isoformat(),
        "provisional": report.provisional,
        "inputs": dict(report.inputs),
        "policy": {
            "review_due": report.policy_review_due.isoformat(),
            "POLICY-REVIEW": report.policy_review.outcome,
        },
        "sites": [site_summary(s) for s in sorted(report.sites, key=lambda s: s.site_id)],
        "pipeline": [{"site_id": p.site_id, "status": p.status} for p in report.pipeline],
        "breaches": breaches_summary(report),
        "history": history_summary(report),
        "actions": [action_summary(a) for a in report.actions],
    }


def summary_text(report: TermReport) -> str:
    """``summary.json`` as text: the same input always gives the same characters."""
    return json.dumps(to_summary(report), indent=2, ensure_ascii=False) + "\n"


def write_summary(report: TermReport, path: Path) -> Path:
    """Write ``summary.json`` for ``report`` at ``path`` (UTF-8, ``\\n`` line ends)."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(summary_text(report))
    return path
