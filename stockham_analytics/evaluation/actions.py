"""The business manager's to-do list, drawn from a term's conclusions.

Each action says what to do in plain English and which clause asks for it.
Actions never name a person. Breaches appear only as counts (spec 7): an
action about breaches says how many need attention and what to look for in
``breach_log.xlsx``, not which rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from stockham_analytics.evaluation.catalogue import BREACH_CHECK_IDS, POLICY_CHECK, RED_CHECKS, check_def
from stockham_analytics.evaluation.checks import breach_outcomes, plural
from stockham_analytics.evaluation.results import Action, PipelineEntry, Priority, SiteResult
from stockham_analytics.records import Breach

if TYPE_CHECKING:
    from stockham_analytics.evaluation.results import TermReport

PRIORITIES: tuple[Priority, ...] = ("Urgent", "Soon", "Routine")
BREACH_LOG = "Breach log"
SCHOOL = "School"

#: How a failed breach check reads in an action about the breaches of a term.
_BREACH_MISSES: dict[str, str] = {
    "REFERRAL": "a safeguarding concern not referred to an appropriate authority within a day",
    "REMOVAL": "a safeguarding concern on a school site whose content was not removed within a day",
    "CONTRACTOR-REPORT": "a contractor's breach not reported to the school within a day",
}


def _sentence(*parts: str) -> str:
    return " ".join(p.rstrip(".") + "." for p in parts if p)


def policy_actions(report: TermReport) -> Iterator[Action]:
    """The policy's review date has passed. Reviewing it is the governors' own business (it
    heads their decisions); the business manager only records the outcome."""
    if report.policy_review.outcome == "Fail":
        what = _sentence(report.policy_review.reason,
                         "Governors decide on the review (see the overview); once they have, "
                         "record the new review date in school.toml")
        yield Action(POLICY_CHECK.clause, SCHOOL, what, "Routine")


def failed_check_actions(site: SiteResult) -> Iterator[Action]:
    """One action per failed check of a site (safeguarding is covered by the breach log)."""
    for check in site.checks:
        if check.outcome != "Fail" or check.check_id == "SAFEGUARDING":
            continue
        definition = check_def(check.check_id)
        priority: Priority = "Urgent" if check.check_id in RED_CHECKS else "Soon"
        what = _sentence(f"{site.site_id}: {check.reason}", definition.fix)
        yield Action(definition.clause, site.site_id, what, priority)


def missing_data_actions(site: SiteResult) -> Iterator[Action]:
    """One action per missing Activity row or value that left checks Unknown."""
    by_reason: dict[str, list[str]] = {}
    for check in site.checks:
        if check.outcome == "Unknown":
            by_reason.setdefault(check.reason, []).append(check.check_id)
    for reason, ids in by_reason.items():
        clause = ", ".join(dict.fromkeys(check_def(i).clause for i in ids))
        fix = f"Add it in site_evaluation.xlsx so that {' and '.join(ids)} can be checked"
        what = _sentence(reason, fix)
        yield Action(clause, site.site_id, what, "Routine")


def pipeline_actions(entry: PipelineEntry) -> Iterator[Action]:
    """A Proposed or Approved site still waiting for approvals."""
    if entry.approvals_missing:
        who = " and the ".join(entry.approvals_missing)
        what = (f"{entry.site_id} ({entry.status}) still needs approval from the {who}; "
                "it must not go live before then.")
        yield Action(check_def("APPROVAL").clause, entry.site_id, what, "Routine")


def breach_check_actions(report: TermReport) -> Iterator[Action]:
    """How many of the term's breaches failed each breach check."""
    outcomes = breach_outcomes(report.breaches)
    for check_id in BREACH_CHECK_IDS:
        failed = outcomes[(check_id, "Fail")]
        if failed:
            definition = check_def(check_id)
            count = plural(failed, "breach", "breaches")
            head = f"{count} identified in {report.term}: {_BREACH_MISSES[check_id]}"
            priority: Priority = "Soon" if check_id == "CONTRACTOR-REPORT" else "Urgent"
            yield Action(definition.clause, BREACH_LOG, _sentence(head, definition.fix), priority)


def open_breach_actions(open_breaches: Iterable[Breach]) -> Iterator[Action]:
    """Breaches still open (Under investigation or no Date closed), whatever their term."""
    still_open = list(open_breaches)
    if not still_open:
        return
    safeguarding = sum(b.safeguarding_concern for b in still_open)
    of_them = f", {safeguarding} of them safeguarding concerns" if safeguarding else ""
    count = plural(len(still_open), "breach", "breaches")
    head = f"{count} still open (Under investigation or no Date closed){of_them}"
    fix = "Record each outcome and its Date closed in breach_log.xlsx once it is settled"
    yield Action("9.1", BREACH_LOG, _sentence(head, fix), "Urgent" if safeguarding else "Soon")


def _all_actions(report: TermReport, open_breaches: Iterable[Breach]) -> Iterator[Action]:
    yield from policy_actions(report)
    for site in report.sites:
        yield from failed_check_actions(site)
        yield from missing_data_actions(site)
    yield from breach_check_actions(report)
    yield from open_breach_actions(open_breaches)
    for entry in report.pipeline:
        yield from pipeline_actions(entry)


def to_do(report: TermReport, open_breaches: Iterable[Breach]) -> tuple[Action, ...]:
    """Every action for the term, most urgent first (then school, sites, breaches, pipeline)."""
    actions = list(_all_actions(report, open_breaches))
    return tuple(sorted(actions, key=lambda a: PRIORITIES.index(a.priority)))
