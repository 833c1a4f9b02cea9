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
    checks: tuple[CheckResult, ...]  # all 17 site checks, in catalogue order
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
ChangeKind = Literal["new", "unchanged", "better", "worse", "long-running", "back"]


@dataclass(frozen=True)
class Decision:
    """Something governors must decide this term, in one plain sentence with its cause."""

    kind: DecisionKind
    concerns: str  # a Site ID, "Breach log" (counts only, spec 7) or "School"
    sentence: str


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
    decisions: tuple[Decision, ...] = ()  # for the governors, most pressing first
    briefs: dict[str, SiteBrief] = field(default_factory=dict)  # by Site ID

    @property
    def provisional(self) -> bool:
        """Spec 2: judged before the term's last day."""
        return self.as_of < self.term_end

    def frames(self) -> dict[str, pd.DataFrame]:
        """The conclusions as tidy DataFrames (spec 8): ``sites``, ``checks`` (one row per
        site and check), ``objectives`` and ``actions``. They never hold personal data.

        >>> rep.frames()["checks"].columns.tolist()
        ['site_id', 'check_id', 'clause', 'title', 'outcome', 'reason']
        """
        from stockham_analytics.frames import report_frames

        return report_frames(self)
