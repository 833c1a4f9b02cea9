"""The verdicts of spec section 4, each with a reason a governor can read.

Objective ratios are exact fractions built from the workbook's decimals, so a
ratio of exactly 0.75 is exactly 0.75 and never 0.7499999.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from stockham_analytics.evaluation import thresholds
from stockham_analytics.evaluation.catalogue import check_def, site_check_def
from stockham_analytics.evaluation.results import (
    CheckResult,
    ObjectiveResult,
    ObjectiveStatus,
    Rag,
    Recommendation,
    Verdict,
)
from stockham_analytics.records import Objective
from stockham_analytics.terms import Term

STATUS_ORDER: tuple[ObjectiveStatus, ...] = ("Met", "Partly met", "Not met", "No evidence")


def fmt_number(value: Decimal) -> str:
    """A workbook number as typed, without trailing zeros: 40, 0.3, 2.5."""
    return format(value.normalize(), "f") if value else "0"


#: Ratios shown in full up to this many times the target; beyond, "more than ...".
SHOWN_RATIO_MAX = 1_000_000


def fmt_percent(ratio: Fraction) -> str:
    """A ratio as a percentage, rounded down to 0.1 so 0.7499 never shows as 75%; a ratio
    of more than a million times the target shows as "more than 100,000,000%"."""
    if ratio > SHOWN_RATIO_MAX:
        return f"more than {SHOWN_RATIO_MAX * 100:,}%"
    tenths = math.floor(ratio * 1000)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}%" if tenth == 0 else f"{whole}.{tenth}%"


def objective_ratio(target: Decimal, actual: Decimal, better_when: str) -> Fraction | None:
    """Actual / Target when higher is better, Target / Actual when lower is (None for 0)."""
    if better_when == "Lower":
        return None if actual == 0 else Fraction(target) / Fraction(actual)
    return Fraction(actual) / Fraction(target)


def status_of(ratio: Fraction | None, partly_met_ratio: Decimal) -> ObjectiveStatus:
    """Met from :data:`thresholds.MET_RATIO` of the target (or with no ratio: Lower with Actual 0),
    Partly met from the threshold, else Not met."""
    if ratio is None or ratio >= thresholds.MET_RATIO:
        return "Met"
    return "Partly met" if ratio >= Fraction(partly_met_ratio) else "Not met"


def _status_reason(objective: Objective, ratio: Fraction | None, partly_met_ratio: Decimal) -> str:
    actual = objective.actual
    if actual is None:
        return "No Actual recorded yet"
    direction = "lower" if objective.better_when == "Lower" else "higher"
    target = fmt_number(objective.target)
    facts = f"Actual {fmt_number(actual)} against a target of {target} ({direction} is better)"
    if ratio is None:
        return f"{facts}: none at all, which meets any target"
    needs = f"Met needs {fmt_percent(thresholds.MET_RATIO)}, Partly met {fmt_number(partly_met_ratio * 100)}%"
    return f"{facts}: {fmt_percent(ratio)} of the target; {needs}"


def objective_status(objective: Objective, partly_met_ratio: Decimal) -> ObjectiveResult:
    """An objective's status for its term (spec 4), with the exact ratio and a reason."""
    actual, target = objective.actual, objective.target
    ratio = None if actual is None else objective_ratio(target, actual, objective.better_when)
    status: ObjectiveStatus = "No evidence"
    if actual is not None:
        status = status_of(ratio, partly_met_ratio)
    return ObjectiveResult(
        objective_id=objective.objective_id,
        objective=objective.objective,
        measure=objective.measure,
        target=objective.target,
        actual=actual,
        better_when=objective.better_when,
        ratio=ratio,
        status=status,
        reason=_status_reason(objective, ratio, partly_met_ratio),
    )


def _tally(statuses: Counter[ObjectiveStatus]) -> str:
    return ", ".join(f"{statuses[s]} {s}" for s in STATUS_ORDER if statuses[s])


def objectives_verdict(results: Iterable[ObjectiveResult]) -> tuple[Verdict, str]:
    """The site's verdict on its objectives for the term (spec 4), with a reason."""
    statuses = Counter(r.status for r in results)
    total = sum(statuses.values())
    evidenced = total - statuses["No evidence"]
    if total == 0:
        return "No evidence", "No objectives set for the term"
    tally = f"{total} objective{'s' if total != 1 else ''}: {_tally(statuses)}"
    if evidenced == 0:
        return "No evidence", f"{tally}; none has an Actual yet"
    if statuses["Met"] == total:
        return "Meeting objectives", f"{tally}; every objective is Met"
    if statuses["Not met"] > evidenced * thresholds.NOT_MEETING_SHARE:
        return "Not meeting objectives", (
            f"{tally}; {statuses['Not met']} of the {evidenced} with an Actual are Not met, "
            f"more than {thresholds.share_words(thresholds.NOT_MEETING_SHARE)}"
        )
    return "Partly meeting objectives", f"{tally}; not every objective is Met"


def _ids(checks: Iterable[CheckResult]) -> str:
    """Checks as a governor reads them: their title, with the id the checks table shows."""
    return ", ".join(f'"{check_def(c.check_id).title}" ({c.check_id})' for c in checks)


def red_failures(checks: Iterable[CheckResult]) -> list[CheckResult]:
    """The Fails of checks whose row declares severity Red (spec 4), in order."""
    return [c for c in checks if c.outcome == "Fail" and site_check_def(c.check_id).severity == "Red"]


def closing_failures(checks: Iterable[CheckResult]) -> list[tuple[CheckResult, str]]:
    """The Fails of checks whose row declares that a Fail recommends Close, with its reason."""
    found = [(c, site_check_def(c.check_id).close_on_fail) for c in checks if c.outcome == "Fail"]
    return [(c, why) for c, why in found if why is not None]


def rag(checks: tuple[CheckResult, ...]) -> tuple[Rag, str]:
    """Red on a Fail of a red check; Amber on any other Fail or an Unknown; else Green."""
    red = red_failures(checks)
    if red:
        return "Red", f"Red because {_ids(red)} failed"
    failed = [c for c in checks if c.outcome == "Fail"]
    unknown = [c for c in checks if c.outcome == "Unknown"]
    parts = [f"{_ids(found)} {word}" for found, word in ((failed, "failed"), (unknown, "unknown"))
             if found]
    if parts:
        return "Amber", "Amber because " + "; ".join(parts)
    return "Green", "Green: no check failed or is unknown"


def _not_meeting_since(verdict: Verdict, previous: tuple[Term, Verdict] | None) -> Term | None:
    """The term just before, when the site was Not meeting objectives both then and now."""
    if verdict != "Not meeting objectives" or previous is None or previous[1] != verdict:
        return None
    return previous[0]


def recommendation(
    *,
    live_at_end: bool,
    checks: tuple[CheckResult, ...],
    verdict: Verdict,
    site_rag: Rag,
    previous: tuple[Term, Verdict] | None,
    when: str = "at the end of the term",
) -> tuple[Recommendation, str]:
    """Spec 4's recommendation; ``previous`` is the verdict in the term just before,
    or None when the site was not in scope then; ``when`` says when the term is judged
    ("on 10/12/2026" for a provisional report)."""
    if not live_at_end:
        return "Closed", f"Closed: the site was not live {when}"
    closing = closing_failures(checks)
    if closing:
        return "Close", f"Close: {closing[0][1]}"
    before = _not_meeting_since(verdict, previous)
    if before is not None:
        return "Close", f"Close: Not meeting objectives this term and in {before} before it"
    if verdict == "Meeting objectives" and site_rag == "Green":
        return "Continue", "Continue: meeting objectives and Green"
    why = [v for v, fine in ((verdict, "Meeting objectives"), (site_rag, "Green")) if v != fine]
    return "Review", "Review: " + " and ".join(why)
