"""Every check of spec section 3, declared as data.

The catalogue says *what* each check asks and which policy clause it comes
from; :mod:`stockham_analytics.evaluation.checks` says *how* each one is worked out. The
order of :data:`SITE_CHECKS` is the order checks are reported in.
"""

from __future__ import annotations

from stockham_analytics.evaluation.results import CheckDef

SITE_CHECKS: tuple[CheckDef, ...] = (
    CheckDef("APPROVAL", "A3.2, A3.6", "Approved before going live",
             "The line manager, the Data Controller and the Head Teacher all approved the site, "
             "each on or before its go-live date.", "site",
             fix=("Record every approval date in the register, and tell the Head Teacher about a "
                  "site that went live before it was approved")),
    CheckDef("ADMINISTRATORS", "A5.4", "At least two administrators",
             "The site names at least 2 different administrators.", "site",
             fix="Name at least 2 approved administrators in the register"),
    CheckDef("MODERATORS", "A5.4", "At least two moderators",
             "The site names at least 2 different moderators.", "site",
             fix="Name at least 2 approved moderators in the register"),
    CheckDef("EXIT-PLAN", "A1.6", "Exit plan",
             "The site has a planned closure date after its go-live date.", "site",
             fix="Agree a planned closure date after go-live and record it in the register"),
    CheckDef("CLOSURE-DUE", "A1.6", "Closed when planned",
             "A site whose planned closure date falls before the end of the term was closed "
             "by then.", "site",
             fix=("Close the site, or agree a new planned closure date and record it in the "
                  "register")),
    CheckDef("MINIMUM-AGE", "7.3, A2.5", "Platform minimum age respected",
             "On a third-party platform used by pupils, the youngest pupil is at least the "
             "platform's minimum age.", "site",
             fix=("Stop pupils below the platform's minimum age from using the site, or move it "
                  "to a suitable platform")),
    CheckDef("TERMS-OF-USE", "A4.1", "Terms of use and house rules published",
             "The site publishes both its terms of use and its house rules.", "site",
             fix=("Publish the site's terms of use and house rules, then record them in the "
                  "register")),
    CheckDef("LOGO", "A4.7", "School logo shown",
             "A site hosted by the school shows the school logo or brand.", "site",
             fix="Display the school logo on the site, then record it in the register"),
    CheckDef("BRAND-APPROVED", "A3.5", "Use of the brand approved",
             "Where the school logo is shown, the Head Teacher approved the use of the brand.",
             "site",
             fix=("Ask the Head Teacher to approve the use of the school brand, or take the logo "
                  "down")),
    CheckDef("PUPIL-PRIVACY", "A5.2", "Strongest privacy for pupils",
             "A site pupils contribute to uses the strongest privacy setting.", "site",
             fix="Set the site to the strongest privacy setting and record it in the register"),
    CheckDef("VETTING", "A5.7", "Outside contributors vetted",
             "Where people from outside the school contribute, someone is named to vet them.",
             "site",
             fix="Record in the register who vets contributors from outside the school"),
    CheckDef("ADVERTISING", "A5.8", "Advertising approved",
             "Any plan to advertise for contributors was approved by the Data Controller.",
             "site",
             fix=("Get the Data Controller's approval for the advertising plan and record its "
                  "date in the register")),
    CheckDef("CONSENT", "Appendix B", "Consent arrangements",
             "A site pupils contribute to records how parents' consent is obtained.", "site",
             fix=("Record in the register how parents' consent is obtained for pupils who "
                  "contribute")),
    CheckDef("EVALUATION-PLAN", "A1.7", "Evaluation plan and objectives",
             "The site has an evaluation plan and at least one objective for the term.", "site",
             fix=("Record an evaluation plan in the register and the site's objectives for the "
                  "term in site_evaluation.xlsx")),
    CheckDef("ACTIVE", "A1.5, A1.6", "Not neglected",
             "A site still live at the end of the term has posted recently: its last post is "
             "no more than the neglect limit (30 days unless school.toml says otherwise) "
             "before the end of the term.", "site",
             fix="Post on the site again, or plan its closure"),
    CheckDef("MODERATOR-COVER", "A5.4", "Moderation cover",
             "At least 2 moderators were active on the site during the term.", "site",
             fix="Arrange for at least 2 moderators to be active on the site"),
    CheckDef("SAFEGUARDING", "A2.3, A5.6", "Safeguarding concerns acted on",
             "Every safeguarding concern on the site this term was referred and the content "
             "removed straight away.", "site",
             fix=("Make sure every safeguarding concern is referred and its content removed, and "
                  "record the dates in breach_log.xlsx")),
)

BREACH_CHECKS: tuple[CheckDef, ...] = (
    CheckDef("REFERRAL", "A2.3, A5.6", "Referred straight away",
             "A safeguarding concern was referred to an appropriate authority within a day of "
             "being identified.", "breach",
             fix=("Refer each concern to the appropriate authority now if that has not been done,"
                  " and record Referred to and Date referred in breach_log.xlsx")),
    CheckDef("REMOVAL", "A5.6", "Content removed straight away",
             "Content raising a safeguarding concern on a school site was removed within a day "
             "of being identified.", "breach",
             fix="Make sure the content is removed, and record the date in breach_log.xlsx"),
    CheckDef("CONTRACTOR-REPORT", "9.3", "Contractor reported straight away",
             "A breach by a contractor was reported to the school within a day of being "
             "identified.", "breach",
             fix=("Remind contractors to report breaches to the school at once, and record Date "
                  "reported in breach_log.xlsx")),
)

POLICY_CHECK: CheckDef = CheckDef(
    "POLICY-REVIEW", "Policy header", "Policy reviewed on time",
    "The policy's review date has not passed by the end of the term.", "school",
    fix=("Ask governors to review the Social Media Policy, then record the new review date in "
         "school.toml"),
)

#: A Fail of any of these makes a site Red (spec 4).
RED_CHECKS: frozenset[str] = frozenset(
    {"APPROVAL", "MODERATORS", "MINIMUM-AGE", "PUPIL-PRIVACY", "SAFEGUARDING"}
)

ALL_CHECKS: tuple[CheckDef, ...] = (*SITE_CHECKS, *BREACH_CHECKS, POLICY_CHECK)

SITE_CHECK_IDS: tuple[str, ...] = tuple(c.check_id for c in SITE_CHECKS)
BREACH_CHECK_IDS: tuple[str, ...] = tuple(c.check_id for c in BREACH_CHECKS)

_BY_ID: dict[str, CheckDef] = {c.check_id: c for c in ALL_CHECKS}


def check_def(check_id: str) -> CheckDef:
    """The declaration of one check by id (KeyError for an unknown id)."""
    return _BY_ID[check_id]
