"""What the engine concludes for a term: the records the reports draw.

Nothing here holds a person's name or a breach Description: a result keeps
only ids, dates, counts, closed-list values and reasons written by the
engine. The reports may show anything in these records (workbook text such as
a site's name or aims must still be escaped when shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from stockham_analytics.records import Activity, Group, Host
from stockham_analytics.terms import Term

if TYPE_CHECKING:
    import pandas as pd

Outcome = Literal["Pass", "Fail", "N/A", "Unknown"]
ObjectiveStatus = Literal["Met", "Partly met", "Not met", "No evidence"]
Verdict = Literal[
    "Meeting objectives", "Partly meeting objectives", "Not meeting objectives", "No evidence"
]
Rag = Literal["Red", "Amber", "Green"]
Recommendation = Literal["Continue", "Review", "Close", "Closed"]
Priority = Literal["Urgent", "Soon", "Routine"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, with a reason a governor can read."""

    check_id: str
    outcome: Outcome
    reason: str


@dataclass(frozen=True)
class ObjectiveResult:
    """One objective of a site for the term, with its status."""

    objective_id: str
    objective: str  # workbook text
    measure: str | None  # workbook text
    target: Decimal
    actual: Decimal | None
    better_when: str
    ratio: Fraction | None  # exact; None without evidence, or Lower with Actual 0
    status: ObjectiveStatus
    reason: str


@dataclass(frozen=True)
class SiteResult:
    """Everything concluded about one site in scope for the term."""

    site_id: str
    site_name: str
    status: str
    live_at_term_end: bool
    objectives: tuple[ObjectiveResult, ...]
    objectives_verdict: Verdict
    verdict_reason: str
    checks: tuple[CheckResult, ...]  # every site check, in catalogue order
    rag: Rag
    rag_reason: str
    recommendation: Recommendation
    recommendation_reason: str
    breaches_this_term: int  # breaches of the term with this Site ID

    def check(self, check_id: str) -> CheckResult:
        """The result of one check by id."""
        return next(c for c in self.checks if c.check_id == check_id)


@dataclass(frozen=True)
class PipelineEntry:
    """A Proposed or Approved site: how far its approval has got."""

    site_id: str
    site_name: str
    status: str
    approvals_done: tuple[str, ...]  # e.g. ("Line manager",)
    approvals_missing: tuple[str, ...]


@dataclass(frozen=True)
class BreachResult:
    """One breach of the term (no names, no Description) and its checks.

    For counting: pages and ``summary.json`` show breaches only as counts (spec 7).
    """

    breach_id: str
    date_identified: dt.date
    policy_clause: str
    severity: str
    outcome: str
    staff_group: str
    site_id: str | None
    safeguarding_concern: bool
    is_open: bool
    checks: tuple[CheckResult, ...]  # REFERRAL, REMOVAL, CONTRACTOR-REPORT


@dataclass(frozen=True)
class SiteTermHistory:
    """A site's verdict and RAG in one term in which it was in scope."""

    term: Term
    objectives_verdict: Verdict
    rag: Rag


@dataclass(frozen=True)
class Action:
    """Something the business manager needs to do."""

    clause: str
    concerns: str  # a Site ID, "Breach log" (breaches appear only as counts, spec 7) or "School"
    what: str  # plain English, no names
    priority: Priority


DecisionKind = Literal["Close", "Red", "Safeguarding", "Policy review"]
#: The decisions about one site (``concerns`` is its Site ID); the others concern the breach
#: log or the school.
SITE_DECISIONS: frozenset[DecisionKind] = frozenset({"Close", "Red"})
ChangeKind = Literal["new", "unchanged", "better", "worse", "long-running", "back"]


@dataclass(frozen=True)
class Decision:
    """Something governors must decide this term, in one plain sentence with its cause."""

    kind: DecisionKind
    concerns: str  # a Site ID, "Breach log" (counts only, spec 7) or "School"
    sentence: str

    @property
    def site_id(self) -> str | None:
        """The Site ID this decision is about, or None for the breach log or the school."""
        return self.concerns if self.kind in SITE_DECISIONS else None


@dataclass(frozen=True)
class Change:
    """How a site's RAG rating moved since the term before: "was Amber", "new this term"."""

    kind: ChangeKind
    text: str


@dataclass(frozen=True)
class Cause:
    """A failing or unknown check of a site, told in plain words (the id for cross-reference)."""

    check_id: str
    title: str  # e.g. "Platform minimum age respected"
    outcome: Outcome  # Fail or Unknown
    cause: str  # the check's reason, e.g. "Pupils aged 7 use Facebook, whose minimum age is 13"


@dataclass(frozen=True)
class SiteBrief:
    """What governors read first about a site: why, what changed, what must change, notes."""

    site_id: str
    change: Change
    causes: tuple[Cause, ...]  # every Fail, then every Unknown, in catalogue order
    must_change: tuple[str, ...]  # what must happen for the site to continue
    notes: tuple[str, ...]  # worth noticing, but not breaches of the policy

    @property
    def tells_recommendation(self) -> bool:
        """Whether a cause already gives the recommendation (a Close on the objectives is a
        cause with no check id), so a page need not repeat its reason."""
        return any(not c.check_id for c in self.causes)


@dataclass(frozen=True)
class TermReport:
    """The engine's conclusions for one term."""

    school: str
    term: Term
    term_start: dt.date
    term_end: dt.date
    as_of: dt.date  # the judgement date (spec 2): term_end, or an earlier as-of date
    inputs: dict[str, str]
    policy_review_due: dt.date
    policy_review: CheckResult
    sites: tuple[SiteResult, ...]  # in Site ID order
    pipeline: tuple[PipelineEntry, ...]  # in Site ID order
    breaches: tuple[BreachResult, ...]  # the term's breaches, by Date identified
    open_breaches_all_terms: int
    site_history: dict[str, tuple[SiteTermHistory, ...]]  # by Site ID, earlier terms
    breach_counts_by_term: dict[str, int]  # term name -> breaches identified in it
    actions: tuple[Action, ...]
    rules: Rules  # the declared rules the verdicts used, for the reading guide
    trend_terms: tuple[Term, ...]  # every term with evaluation data up to this one
    trends: dict[str, SiteTrend]  # by Site ID, over trend_terms
    warnings: tuple[DataWarning, ...]  # from reading the workbooks, and dates after as_of
    purposes: dict[str, SitePurpose]  # by Site ID, for the sites in scope
    breach_tally: BreachTally  # the term's breaches as counts only (spec 7)
    figures: TermFigures  # the headline counts (sites by RAG, the to-do list's size)
    decisions: tuple[Decision, ...] = ()  # for the governors, most pressing first
    briefs: dict[str, SiteBrief] = field(default_factory=dict)  # by Site ID

    @property
    def provisional(self) -> bool:
        """Spec 2: judged before the term's last day."""
        return self.as_of < self.term_end

    def actions_for(self, site_id: str) -> tuple[Action, ...]:
        """The business manager's actions about one site, most urgent first."""
        return tuple(a for a in self.actions if a.concerns == site_id)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The conclusions as tidy DataFrames (spec 8): ``sites``, ``checks`` (one row per
        site and check), ``objectives`` and ``actions``. They never hold personal data.

        >>> rep.frames()["checks"].columns.tolist()
        ['site_id', 'check_id', 'clause', 'title', 'outcome', 'reason']
        """
        from stockham_analytics.frames import report_frames

        return report_frames(self)


# --- what the pages show beyond the verdicts: counts, series over terms, the rules -------


@dataclass(frozen=True)
class Rules:
    """The declared rules behind the verdicts, as the pages' reading guide explains them.

    Built by :func:`stockham_analytics.evaluation.thresholds.term_rules` from the settings
    and the declarations the verdicts decide with, so the guide cannot drift from them.
    """

    met_ratio: Fraction  # an objective is Met from this share of its target
    partly_met_ratio: Decimal  # ... Partly met from this share (school.toml)
    not_meeting_share: Fraction  # more than this share Not met: Not meeting objectives
    red_checks: tuple[str, ...]  # the check ids whose Fail makes a site Red, catalogue order
    close_reasons: tuple[str, ...]  # why a Fail recommends Close, catalogue order
    neglect_days: int  # school.toml
    immediate_days: int  # "straight away" (school.toml)


@dataclass(frozen=True)
class CheckTally:
    """How many of the term's breaches passed and failed one breach check."""

    check_id: str
    passed: int
    failed: int


@dataclass(frozen=True)
class BreachTally:
    """The term's breaches as counts only (spec 7): no breach is told apart."""

    total: int
    still_open: int
    safeguarding: int  # breaches raising a safeguarding concern
    by_clause: tuple[tuple[str, int], ...]  # policy order, clauses with a breach only
    #: The same counts, most frequent first, ties in the order first identified (summary.json).
    clauses_most_frequent: tuple[tuple[str, int], ...]
    by_severity: tuple[tuple[str, int], ...]  # every severity in closed-list order, zeros too
    by_outcome: tuple[tuple[str, int], ...]  # likewise
    by_staff_group: tuple[tuple[str, int], ...]  # likewise
    checks: tuple[CheckTally, ...]  # each breach check, in catalogue order
    referrals_check: str  # the breach check the headline counts (REFERRAL: its row's ``headline``)
    referrals_on_time: int  # it passed
    referrals_due: int  # it passed or failed


@dataclass(frozen=True)
class TermFigures:
    """The headline counts of the term's sites and to-do list."""

    sites_in_scope: int
    meeting_objectives: int
    by_rag: tuple[tuple[Rag, int], ...]  # Red, Amber, Green, zeros too
    actions: int
    urgent_actions: int


@dataclass(frozen=True)
class ObjectiveTrend:
    """One objective's result as a ratio of its target in each trend term."""

    objective_id: str
    objective: str  # workbook text, as worded in its earliest trend term
    ratios: tuple[Fraction | None, ...]  # one per TermReport.trend_terms; None: no result


@dataclass(frozen=True)
class SiteTrend:
    """A site's objectives and activity over the report's trend terms."""

    site_id: str
    objectives: tuple[ObjectiveTrend, ...]  # by Objective ID
    activity: tuple[Activity | None, ...]  # one per trend term; None: no row for that term


@dataclass(frozen=True)
class SitePurpose:
    """What a site is for and who it is for, from the register (Appendix B): workbook text
    to be escaped, and none of the register's names columns."""

    department: str
    platform: str | None
    host: Host
    host_name: str | None  # the third party hosting it, if any
    aims: str | None
    proposed_content: str | None
    audience: frozenset[Group]
    contributors: frozenset[Group]
    pupil_age_range: str | None
    go_live_date: dt.date | None
    planned_closure_date: dt.date | None
    closed_date: dt.date | None


@dataclass(frozen=True)
class DataWarning:
    """A warning from reading the workbooks: where, and what (never a cell's value)."""

    location: str  # e.g. "breach_log.xlsx Breaches!C7"
    message: str
