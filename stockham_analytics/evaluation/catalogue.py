"""Every check of spec section 3, declared as data: one row per check.

A row holds everything about a check except how it is worked out: its id,
policy clause, title and what it asks; the plain function of
:mod:`stockham_analytics.evaluation.checks` that decides it (returning
``(outcome, reason)``); what a Fail does to the site's RAG and recommendation
(spec 4); and the business manager's to-do when it fails. The engine runs the
rows; the verdicts, the to-do list, the governors' decisions and the pages read
their fields instead of special-casing check ids. Adding a site check is one :class:`SiteCheckDef`
row in :data:`SITE_CHECKS` plus its function. The order of :data:`SITE_CHECKS`
is the order checks are reported in.

Code reads the rows (``catalogue.SITE_CHECKS``) when it runs, so a test may
replace them; :data:`SITE_CHECK_IDS` and friends are derived for convenience.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass
from typing import ClassVar, Literal

from stockham_analytics.evaluation import checks
from stockham_analytics.evaluation.checks import (
    BreachRule,
    SchoolRule,
    SiteContext,
    SiteRule,
    days_words,
)
from stockham_analytics.evaluation.results import CheckResult, Priority
from stockham_analytics.records import Breach, Site

Scope = Literal["site", "breach", "school"]
#: What a Fail of a site check makes the site (spec 4); an Unknown always makes it Amber.
Severity = Literal["Red", "Amber"]


@dataclass(frozen=True)
class CheckDef:
    """What every check of spec section 3 declares, whatever it is run on."""

    check_id: str
    clause: str
    title: str  # short, e.g. "Approved before going live"
    asks: str  # plain English: what the policy asks
    _: KW_ONLY
    fix: str  # plain English: what to do when it fails (the guide, a site's "what must change")
    priority: Priority  # of the business manager's to-do when it fails
    scope: ClassVar[Scope]


@dataclass(frozen=True, kw_only=True)
class SiteCheckDef(CheckDef):
    """A check run on each site in scope: a Fail sets the site's RAG to ``severity``."""

    scope: ClassVar[Scope] = "site"
    run: SiteRule
    severity: Severity
    #: No to-do of its own: the breach log's actions (counts of late referrals and removals)
    #: already cover a Fail.
    to_do_from_breach_log: bool = False
    #: A Fail recommends Close (spec 4), for this reason ("Close: <reason>").
    close_on_fail: str | None = None
    #: Its clauses also govern the pipeline: a Proposed or Approved site's missing approvals are
    #: a to-do under them (the approval check).
    covers_pipeline: bool = False
    #: While it passes, a silence of more than half the neglect limit is a note in the site's
    #: brief (the neglect check).
    notes_long_silence: bool = False

    def check(self, site: Site, ctx: SiteContext) -> CheckResult:
        """Run the check on ``site`` in the term of ``ctx``."""
        return CheckResult(self.check_id, *self.run(site, ctx))


@dataclass(frozen=True, kw_only=True)
class BreachCheckDef(CheckDef):
    """A check run on each breach of the term; the to-do list counts its Fails."""

    scope: ClassVar[Scope] = "breach"
    run: BreachRule
    #: One failing breach in the to-do's count: "2 breaches identified in Autumn 2026: <failure>";
    #: ``{days}`` is the school.toml limit for "straight away" ("a day").
    failure: str
    #: Its Fails are for the governors to decide (late safeguarding action), worded after their
    #: count: "<n> safeguarding concerns identified in <term> <decision>"; ``{was}`` is "was" or
    #: "were", ``{days}`` as in ``failure``.
    decision: str | None = None
    #: The overview's headline counts its Passes as on time ("Safeguarding referrals on time").
    headline: bool = False

    def check(self, breach: Breach, immediate_days: int) -> CheckResult:
        """Run the check on one breach ("within a day" is ``immediate_days``)."""
        return CheckResult(self.check_id, *self.run(breach, immediate_days))

    def failure_words(self, immediate_days: int) -> str:
        """``failure`` with the school's limit: "... within a day", "... within 2 days"."""
        return self.failure.format(days=days_words(immediate_days))

    def decision_words(self, count: int, immediate_days: int) -> str:
        """``decision`` for ``count`` failing breaches ("" for a check governors do not decide)."""
        was = "was" if count == 1 else "were"
        return (self.decision or "").format(was=was, days=days_words(immediate_days))


@dataclass(frozen=True, kw_only=True)
class SchoolCheckDef(CheckDef):
    """The school's own check, reported once per term; it enters no site's RAG."""

    scope: ClassVar[Scope] = "school"
    run: SchoolRule
    #: The to-do's wording after the check's reason (governors decide; the business manager
    #: records the outcome).
    to_do: str

    def check(self, review_due: dt.date, judged: dt.date, provisional: bool) -> CheckResult:
        """Run the check for the term judged on ``judged`` (``provisional``: before its end)."""
        return CheckResult(self.check_id, *self.run(review_due, judged, provisional))


SITE_CHECKS: tuple[SiteCheckDef, ...] = (
    SiteCheckDef("APPROVAL", "A3.2, A3.6", "Approved before going live",
                 "The line manager, the Data Controller and the Head Teacher all approved the site, "
                 "each on or before its go-live date.",
                 run=checks.check_approval, severity="Red", priority="Urgent", covers_pipeline=True,
                 fix=("Record every approval date in the register, and tell the Head Teacher about a "
                      "site that went live before it was approved")),
    SiteCheckDef("ADMINISTRATORS", "A5.4", "At least two administrators",
                 "The site names at least 2 different administrators.",
                 run=checks.check_administrators, severity="Amber", priority="Soon",
                 fix="Name at least 2 approved administrators in the register"),
    SiteCheckDef("MODERATORS", "A5.4", "At least two moderators",
                 "The site names at least 2 different moderators.",
                 run=checks.check_moderators, severity="Red", priority="Urgent",
                 fix="Name at least 2 approved moderators in the register"),
    SiteCheckDef("EXIT-PLAN", "A1.6", "Exit plan",
                 "The site has a planned closure date after its go-live date.",
                 run=checks.check_exit_plan, severity="Amber", priority="Soon",
                 fix="Agree a planned closure date after go-live and record it in the register"),
    SiteCheckDef("CLOSURE-DUE", "A1.6", "Closed when planned",
                 "A site whose planned closure date falls before the end of the term was closed "
                 "by then.",
                 run=checks.check_closure_due, severity="Amber", priority="Soon",
                 close_on_fail="still live past its planned closure date",
                 fix=("Close the site, or agree a new planned closure date and record it in the "
                      "register")),
    SiteCheckDef("MINIMUM-AGE", "7.3, A2.5", "Platform minimum age respected",
                 "On a third-party platform used by pupils, the youngest pupil is at least the "
                 "platform's minimum age.",
                 run=checks.check_minimum_age, severity="Red", priority="Urgent",
                 fix=("Stop pupils below the platform's minimum age from using the site, or move it "
                      "to a suitable platform")),
    SiteCheckDef("TERMS-OF-USE", "A4.1", "Terms of use and house rules published",
                 "The site publishes both its terms of use and its house rules.",
                 run=checks.check_terms_of_use, severity="Amber", priority="Soon",
                 fix=("Publish the site's terms of use and house rules, then record them in the "
                      "register")),
    SiteCheckDef("LOGO", "A4.7", "School logo shown",
                 "A site hosted by the school shows the school logo or brand.",
                 run=checks.check_logo, severity="Amber", priority="Soon",
                 fix="Display the school logo on the site, then record it in the register"),
    SiteCheckDef("BRAND-APPROVED", "A3.5", "Use of the brand approved",
                 "Where the school logo is shown, the Head Teacher approved the use of the brand.",
                 run=checks.check_brand_approved, severity="Amber", priority="Soon",
                 fix=("Ask the Head Teacher to approve the use of the school brand, or take the logo "
                      "down")),
    SiteCheckDef("PUPIL-PRIVACY", "A5.2", "Strongest privacy for pupils",
                 "A site pupils contribute to uses the strongest privacy setting.",
                 run=checks.check_pupil_privacy, severity="Red", priority="Urgent",
                 fix="Set the site to the strongest privacy setting and record it in the register"),
    SiteCheckDef("VETTING", "A5.7", "Outside contributors vetted",
                 "Where people from outside the school contribute, someone is named to vet them.",
                 run=checks.check_vetting, severity="Amber", priority="Soon",
                 fix="Record in the register who vets contributors from outside the school"),
    SiteCheckDef("ADVERTISING", "A5.8", "Advertising approved",
                 "Any plan to advertise for contributors was approved by the Data Controller.",
                 run=checks.check_advertising, severity="Amber", priority="Soon",
                 fix=("Get the Data Controller's approval for the advertising plan and record its "
                      "date in the register")),
    SiteCheckDef("CONSENT", "Appendix B", "Consent arrangements",
                 "A site pupils contribute to records how parents' consent is obtained.",
                 run=checks.check_consent, severity="Amber", priority="Soon",
                 fix=("Record in the register how parents' consent is obtained for pupils who "
                      "contribute")),
    SiteCheckDef("EVALUATION-PLAN", "A1.7", "Evaluation plan and objectives",
                 "The site has an evaluation plan and at least one objective for the term.",
                 run=checks.check_evaluation_plan, severity="Amber", priority="Soon",
                 fix=("Record an evaluation plan in the register and the site's objectives for the "
                      "term in site_evaluation.xlsx")),
    SiteCheckDef("ACTIVE", "A1.5, A1.6", "Not neglected",
                 "A site still live at the end of the term has posted recently: its last post is "
                 "no more than the neglect limit (30 days unless school.toml says otherwise) "
                 "before the end of the term.",
                 run=checks.check_active, severity="Amber", priority="Soon", notes_long_silence=True,
                 fix="Post on the site again, or plan its closure"),
    SiteCheckDef("MODERATOR-COVER", "A5.4", "Moderation cover",
                 "At least 2 moderators were active on the site during the term.",
                 run=checks.check_moderator_cover, severity="Amber", priority="Soon",
                 fix="Arrange for at least 2 moderators to be active on the site"),
    SiteCheckDef("SAFEGUARDING", "A2.3, A5.6", "Safeguarding concerns acted on",
                 "Every safeguarding concern on the site this term was referred and the content "
                 "removed straight away.",
                 run=checks.check_safeguarding, severity="Red", priority="Urgent", to_do_from_breach_log=True,
                 fix=("Make sure every safeguarding concern is referred and its content removed, and "
                      "record the dates in breach_log.xlsx")),
)

BREACH_CHECKS: tuple[BreachCheckDef, ...] = (
    BreachCheckDef("REFERRAL", "A2.3, A5.6", "Referred straight away",
                   "A safeguarding concern was referred to an appropriate authority within a day of "
                   "being identified.",
                   run=checks.check_referral, priority="Urgent", headline=True,
                   failure="a safeguarding concern not referred to an appropriate authority within {days}",
                   decision="{was} not referred to an authority within {days}",
                   fix=("Refer each concern to the appropriate authority now if that has not been done,"
                        " and record Referred to and Date referred in breach_log.xlsx")),
    BreachCheckDef("REMOVAL", "A5.6", "Content removed straight away",
                   "Content raising a safeguarding concern on a school site was removed within a day "
                   "of being identified.",
                   run=checks.check_removal, priority="Urgent",
                   failure=("a safeguarding concern on a school site whose content was not "
                            "removed within {days}"),
                   decision="on a school site {was} not taken down within {days}",
                   fix="Make sure the content is removed, and record the date in breach_log.xlsx"),
    BreachCheckDef("CONTRACTOR-REPORT", "9.3", "Contractor reported straight away",
                   "A breach by a contractor was reported to the school within a day of being "
                   "identified.",
                   run=checks.check_contractor_report, priority="Soon",
                   failure="a contractor's breach not reported to the school within {days}",
                   fix=("Remind contractors to report breaches to the school at once, and record Date "
                        "reported in breach_log.xlsx")),
)

POLICY_CHECK: SchoolCheckDef = SchoolCheckDef(
    "POLICY-REVIEW", "Policy header", "Policy reviewed on time",
    "The policy's review date has not passed by the end of the term.",
    run=checks.check_policy_review, priority="Routine",
    to_do=("Governors decide on the review (see the overview); once they have, record the new "
           "review date in school.toml"),
    fix=("Ask governors to review the Social Media Policy, then record the new review date in "
         "school.toml"),
)

#: The clause of the to-do about breaches still open (any breach may lead to disciplinary
#: action, so each needs its outcome settled and recorded).
OPEN_BREACHES_CLAUSE = "9.1"

ALL_CHECKS: tuple[CheckDef, ...] = (*SITE_CHECKS, *BREACH_CHECKS, POLICY_CHECK)

SITE_CHECK_IDS: tuple[str, ...] = tuple(c.check_id for c in SITE_CHECKS)
BREACH_CHECK_IDS: tuple[str, ...] = tuple(c.check_id for c in BREACH_CHECKS)


def site_check_def(check_id: str) -> SiteCheckDef:
    """The row of one site check by id (KeyError for an unknown id)."""
    for row in SITE_CHECKS:
        if row.check_id == check_id:
            return row
    raise KeyError(check_id)


def check_def(check_id: str) -> CheckDef:
    """The row of any check by id (KeyError for an unknown id)."""
    for row in (*SITE_CHECKS, *BREACH_CHECKS, POLICY_CHECK):
        if row.check_id == check_id:
            return row
    raise KeyError(check_id)


def pipeline_check() -> SiteCheckDef:
    """The row whose clauses govern the pipeline's approvals (``covers_pipeline``)."""
    return next(row for row in SITE_CHECKS if row.covers_pipeline)


def headline_check() -> BreachCheckDef:
    """The breach check the overview's headline counts (``headline``)."""
    return next(row for row in BREACH_CHECKS if row.headline)


def decision_checks() -> tuple[BreachCheckDef, ...]:
    """The breach checks whose Fails are for the governors to decide (``decision``)."""
    return tuple(row for row in BREACH_CHECKS if row.decision)


def joined_clauses(rows: Iterable[CheckDef]) -> str:
    """The clauses of ``rows`` as one list, each once: "A2.3, A5.6"."""
    parts = (p.strip() for row in rows for p in row.clause.split(","))
    return ", ".join(dict.fromkeys(parts))
