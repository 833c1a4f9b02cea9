"""The business manager's to-do list, drawn from a term's conclusions.

Each action says what to do in plain English and which clause asks for it.
Actions never name a person. Breaches appear only as counts (spec 7): an
action about breaches says how many need attention and what to look for in
``breach_log.xlsx``, not which rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, get_args

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.catalogue import check_def, site_check_def
from stockham_analytics.evaluation.checks import breach_outcomes, plural
from stockham_analytics.evaluation.results import Action, PipelineEntry, Priority, SiteResult
from stockham_analytics.records import Breach

if TYPE_CHECKING:
    from stockham_analytics.evaluation.results import TermReport

PRIORITIES: tuple[Priority, ...] = get_args(Priority)
BREACH_LOG = "Breach log"
SCHOOL = "School"


def _sentence(*parts: str) -> str:
    return " ".join(p.rstrip(".") + "." for p in parts if p)


def policy_actions(report: TermReport) -> Iterator[Action]:
    """The policy's review date has passed. Reviewing it is the governors' own business (it
    heads their decisions); the business manager only records the outcome."""
    row = catalogue.POLICY_CHECK
    if report.policy_review.outcome == "Fail":
        what = _sentence(report.policy_review.reason, row.to_do)
        yield Action(row.clause, SCHOOL, what, row.priority)


def failed_check_actions(site: SiteResult) -> Iterator[Action]:
    """One action per failed check of a site, at its row's priority (none for a check whose
    to-do comes from the breach log)."""
    for check in site.checks:
        row = site_check_def(check.check_id)
        if check.outcome != "Fail" or row.to_do_from_breach_log:
            continue
        what = _sentence(f"{site.site_id}: {check.reason}", row.fix)
        yield Action(row.clause, site.site_id, what, row.priority)


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
        yield Action(catalogue.pipeline_check().clause, entry.site_id, what, "Routine")


def breach_check_actions(report: TermReport) -> Iterator[Action]:
    """How many of the term's breaches failed each breach check."""
    outcomes = breach_outcomes(report.breaches)
    for row in catalogue.BREACH_CHECKS:
        failed = outcomes[(row.check_id, "Fail")]
        if failed:
            count = plural(failed, "breach", "breaches")
            head = f"{count} identified in {report.term}: {row.failure_words(report.rules.immediate_days)}"
            yield Action(row.clause, BREACH_LOG, _sentence(head, row.fix), row.priority)


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
    yield Action(catalogue.OPEN_BREACHES_CLAUSE, BREACH_LOG, _sentence(head, fix), "Urgent" if safeguarding else "Soon")


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
