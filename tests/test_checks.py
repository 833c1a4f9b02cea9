"""Each check of spec 3: its Pass, Fail, N/A and Unknown branches, with readable reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from factories import (
    make_activity,
    make_breach,
    make_context,
    make_site,
    safeguarding_breach,
)

from stockham_analytics.columns import AgeRange
from stockham_analytics.evaluation.catalogue import (
    BREACH_CHECKS,
    POLICY_CHECK,
    SITE_CHECKS,
    site_check_def,
)

D = dt.date
THIRD_PARTY = {"host": "Third party", "host_name": "Video site", "platform_minimum_age": 13,
               "logo_displayed": False, "brand_use_approved": False}
PUPILS_CONTRIBUTE = {"contributors": frozenset({"Pupils", "Staff"}),
                     "consent_arrangements": "Letters to parents"}

# (check id, site changes, context changes, outcome, words the reason must hold)
SITE_CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("APPROVAL", {}, {}, "Pass", "All three approvals dated on or before go-live on 01/07/2026"),
    ("APPROVAL", {"go_live_date": D(2026, 9, 10), "head_teacher_approved": D(2026, 9, 20)}, {},
     "Fail", "Head Teacher approved 20/09/2026, after go-live on 10/09/2026"),
    ("APPROVAL", {"data_controller_approved": None}, {}, "Fail", "No Data Controller approval date"),
    ("APPROVAL", {"head_teacher_approved": D(2026, 7, 1)}, {}, "Pass", "on or before go-live"),
    ("ADMINISTRATORS", {}, {}, "Pass", "2 administrators named"),
    ("ADMINISTRATORS", {"administrators": ("Admin A",)}, {}, "Fail",
     "Only 1 administrator named; the policy asks for at least 2"),
    ("ADMINISTRATORS", {"administrators": ("Ann Lee", "ANN  LEE", "annlee")}, {}, "Fail",
     "Only 1 administrator named"),
    ("ADMINISTRATORS", {"administrators": ()}, {}, "Fail", "No administrators named"),
    ("MODERATORS", {}, {}, "Pass", "2 moderators named"),
    ("MODERATORS", {"moderators": ("Moderator C", "moderator c")}, {}, "Fail",
     "Only 1 moderator named"),
    ("MODERATORS", {"moderators": ("A", "B", "C")}, {}, "Pass", "3 moderators named"),
    ("EXIT-PLAN", {}, {}, "Pass", "Planned closure on 31/07/2028, after go-live on 01/07/2026"),
    ("EXIT-PLAN", {"planned_closure_date": None}, {}, "Fail", "No planned closure date"),
    ("EXIT-PLAN", {"planned_closure_date": D(2026, 7, 1)}, {}, "Fail",
     "Planned closure on 01/07/2026, not after go-live on 01/07/2026"),
    ("EXIT-PLAN", {"planned_closure_date": D(2026, 7, 2)}, {}, "Pass", "after go-live"),
    ("CLOSURE-DUE", {"planned_closure_date": None}, {}, "N/A", "No planned closure date"),
    ("CLOSURE-DUE", {}, {}, "Pass", "not before the end of the term (31/12/2026)"),
    ("CLOSURE-DUE", {"planned_closure_date": D(2026, 10, 31)}, {}, "Fail",
     "Planned closure on 31/10/2026, but still live at the end of the term (31/12/2026)"),
    ("CLOSURE-DUE", {"planned_closure_date": D(2026, 10, 31), "status": "Closed",
                     "closed_date": D(2026, 11, 15)}, {}, "Pass", "closed on 15/11/2026"),
    ("CLOSURE-DUE", {"planned_closure_date": D(2026, 10, 31), "status": "Closed",
                     "closed_date": D(2027, 1, 5)}, {}, "Fail", "still live at the end"),
    ("CLOSURE-DUE", {"planned_closure_date": D(2026, 12, 31)}, {}, "Pass", "not before the end"),
    ("CLOSURE-DUE", {"planned_closure_date": D(2026, 12, 30)}, {}, "Fail", "still live"),
    ("MINIMUM-AGE", {}, {}, "N/A", "Hosted by the school"),
    ("MINIMUM-AGE", {**THIRD_PARTY, "audience": frozenset({"Families"})}, {}, "N/A",
     "Pupils are neither audience nor contributors"),
    ("MINIMUM-AGE", THIRD_PARTY, {}, "Fail", "Pupils aged 9 use Video site, whose minimum age is 13"),
    ("MINIMUM-AGE", {**THIRD_PARTY, "pupil_age_range": AgeRange("13", 13)}, {}, "Pass", "Youngest pupil is 13"),
    ("MINIMUM-AGE", {**THIRD_PARTY, "audience": frozenset(), "contributors": frozenset({"Pupils"})},
     {}, "Fail", "Pupils aged 9 use Video site"),
    ("MINIMUM-AGE", {**THIRD_PARTY, "pupil_age_range": None}, {},
     "Fail", "No pupil age range"),
    ("MINIMUM-AGE", {**THIRD_PARTY, "platform_minimum_age": None}, {}, "Fail",
     "No platform minimum age"),
    ("TERMS-OF-USE", {}, {}, "Pass", "both published"),
    ("TERMS-OF-USE", {"house_rules_published": False}, {}, "Fail", "House rules not published"),
    ("TERMS-OF-USE", {"terms_of_use_published": False, "house_rules_published": False}, {},
     "Fail", "Terms of use and House rules not published"),
    ("LOGO", {}, {}, "Pass", "School logo displayed"),
    ("LOGO", {"logo_displayed": False}, {}, "Fail", "school logo is not displayed"),
    ("LOGO", THIRD_PARTY, {}, "N/A", "Hosted by a third party"),
    ("BRAND-APPROVED", {}, {}, "Pass", "use of the brand approved"),
    ("BRAND-APPROVED", {"brand_use_approved": False}, {}, "Fail", "without approval"),
    ("BRAND-APPROVED", {"logo_displayed": False, "brand_use_approved": False}, {}, "N/A",
     "School logo not displayed"),
    ("BRAND-APPROVED", {**THIRD_PARTY, "logo_displayed": True}, {}, "Fail", "without approval"),
    ("PUPIL-PRIVACY", {}, {}, "N/A", "Pupils do not contribute"),
    ("PUPIL-PRIVACY", PUPILS_CONTRIBUTE, {}, "Pass", "privacy setting is Strongest"),
    ("PUPIL-PRIVACY", {**PUPILS_CONTRIBUTE, "privacy_setting": "Standard"}, {}, "Fail",
     "privacy setting is Standard; it must be Strongest"),
    ("PUPIL-PRIVACY", {**PUPILS_CONTRIBUTE, "privacy_setting": None}, {}, "Fail",
     "privacy setting is not recorded"),
    ("VETTING", {}, {}, "N/A", "No contributors from outside the school"),
    ("VETTING", {"contributors": frozenset({"Families", "Other"})}, {}, "N/A", "No contributors"),
    ("VETTING", {"contributors": frozenset({"Public", "Staff"})}, {}, "Fail",
     "Contributors include Public, but no one is named to vet them"),
    ("VETTING", {"contributors": frozenset({"External organisations", "Other schools' pupils"}),
                 "external_vetting_by": ("Vetter V",)}, {}, "Pass",
     "Contributors include Other schools' pupils, External organisations; 1 person named"),
    ("ADVERTISING", {}, {}, "N/A", "No plan to advertise"),
    ("ADVERTISING", {"advertising_plan": "   "}, {}, "N/A", "No plan to advertise"),
    ("ADVERTISING", {"advertising_plan": "Newsletter"}, {}, "Fail",
     "Advertising plan has no Data Controller approval date"),
    ("ADVERTISING", {"advertising_plan": "Newsletter", "advertising_approved": D(2026, 6, 20)}, {},
     "Pass", "Advertising plan approved on 20/06/2026"),
    ("CONSENT", {}, {}, "N/A", "Pupils do not contribute"),
    ("CONSENT", PUPILS_CONTRIBUTE, {}, "Pass", "consent arrangements are recorded"),
    ("CONSENT", {**PUPILS_CONTRIBUTE, "consent_arrangements": None}, {}, "Fail",
     "no consent arrangements are recorded"),
    ("CONSENT", {**PUPILS_CONTRIBUTE, "consent_arrangements": "  "}, {}, "Fail", "no consent"),
    ("EVALUATION-PLAN", {}, {}, "Pass", "Evaluation plan recorded; 1 objective set for Autumn 2026"),
    ("EVALUATION-PLAN", {"evaluation_plan": None}, {}, "Fail", "No evaluation plan"),
    ("EVALUATION-PLAN", {}, {"objectives": ()}, "Fail", "no objectives set for Autumn 2026"),
    ("ACTIVE", {}, {}, "Pass",
     "Last post on 15/12/2026, 16 days before the end of the term (31/12/2026); "
     "the limit is 30 days"),
    ("ACTIVE", {}, {"activity": make_activity(last_post_date=D(2026, 10, 1))}, "Fail",
     "Last post on 01/10/2026, 91 days before"),
    ("ACTIVE", {"status": "Closed", "closed_date": D(2026, 11, 30)}, {"activity": None}, "N/A",
     "Not live at the end of the term"),
    ("ACTIVE", {"status": "Closed", "closed_date": D(2027, 1, 10)}, {"activity": None},
     "Unknown", "No Activity row for SM-01 in Autumn 2026"),
    ("ACTIVE", {}, {"activity": None}, "Unknown", "No Activity row for SM-01 in Autumn 2026"),
    ("ACTIVE", {}, {"activity": make_activity(last_post_date=None)}, "Unknown",
     "The Activity row for SM-01 in Autumn 2026 has no Last post date"),
    ("MODERATOR-COVER", {}, {}, "Pass", "2 moderators active during the term"),
    ("MODERATOR-COVER", {}, {"activity": make_activity(active_moderators=1)}, "Fail",
     "Only 1 moderator active during the term; the policy asks for at least 2"),
    ("MODERATOR-COVER", {}, {"activity": make_activity(active_moderators=0)}, "Fail",
     "No moderators active"),
    ("MODERATOR-COVER", {}, {"activity": None}, "Unknown", "No Activity row for SM-01"),
    ("MODERATOR-COVER", {}, {"activity": make_activity(active_moderators=None)}, "Unknown",
     "has no Active moderators"),
    ("SAFEGUARDING", {}, {}, "N/A", "No safeguarding concerns on this site in Autumn 2026"),
    ("SAFEGUARDING", {}, {"breaches": (make_breach(),)}, "N/A", "No safeguarding concerns"),
    ("SAFEGUARDING", {}, {"breaches": (safeguarding_breach(site_id="SM-02"),)}, "N/A",
     "No safeguarding concerns"),
    ("SAFEGUARDING", {}, {"breaches": (safeguarding_breach(), make_breach(breach_id="B-002"))},
     "Pass", "1 safeguarding concern in Autumn 2026, each referred and its content removed"),
    ("SAFEGUARDING", {}, {"breaches": (safeguarding_breach(date_referred=D(2026, 10, 4)),)},
     "Fail", "1 not referred to an authority within a day"),
    ("SAFEGUARDING", {}, {"breaches": (safeguarding_breach(content_removed=None),
                                       safeguarding_breach(breach_id="B-002"))},
     "Fail", "2 safeguarding concerns in Autumn 2026: 1 not taken down within a day"),
    ("SAFEGUARDING", {}, {"breaches": (safeguarding_breach(referred_to=None),)}, "Fail",
     "1 not referred"),
]


@pytest.mark.parametrize(
    ("check_id", "site_changes", "ctx_changes", "outcome", "words"),
    SITE_CASES,
    ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(SITE_CASES)],
)
def test_site_check(
    check_id: str, site_changes: dict[str, Any], ctx_changes: dict[str, Any], outcome: str, words: str
) -> None:
    """A site check gives the outcome the spec asks for, with a reason naming the facts."""
    result = site_check_def(check_id).check(make_site(**site_changes), make_context(**ctx_changes))
    assert (result.check_id, result.outcome) == (check_id, outcome)
    assert words in result.reason


# (check id, breach changes, immediate days, outcome, words the reason must hold)
BREACH_CASES: list[tuple[str, dict[str, Any], int, str, str]] = [
    ("REFERRAL", {}, 1, "N/A", "Not a safeguarding concern"),
    ("REFERRAL", {"safeguarding_concern": True, "referred_to": "Police",
                  "date_referred": D(2026, 10, 2)}, 1, "Pass",
     "Referred to Police on 02/10/2026, the day it was identified"),
    ("REFERRAL", {"safeguarding_concern": True, "referred_to": "LADO",
                  "date_referred": D(2026, 10, 3)}, 1, "Pass", "1 day after it was identified"),
    ("REFERRAL", {"safeguarding_concern": True, "referred_to": "LADO",
                  "date_referred": D(2026, 10, 4)}, 1, "Fail",
     "Referred to LADO on 04/10/2026, 2 days after it was identified on 02/10/2026; "
     "the policy asks for within 1 day"),
    ("REFERRAL", {"safeguarding_concern": True, "referred_to": "LADO",
                  "date_referred": D(2026, 10, 4)}, 2, "Pass", "within 2 days"),
    ("REFERRAL", {"safeguarding_concern": True, "referred_to": "CEOP",
                  "date_referred": D(2026, 9, 30)}, 1, "Pass", "before it was identified"),
    ("REFERRAL", {"safeguarding_concern": True, "referred_to": "CEOP"}, 1, "Fail",
     "no Date referred"),
    ("REFERRAL", {"safeguarding_concern": True, "date_referred": D(2026, 10, 2)}, 1, "Fail",
     "no authority recorded"),
    ("REFERRAL", {"safeguarding_concern": True}, 1, "Fail", "no referral recorded"),
    ("REMOVAL", {}, 1, "N/A", "Not a safeguarding concern"),
    ("REMOVAL", {"safeguarding_concern": True, "site_id": None}, 1, "N/A", "not on a school site"),
    ("REMOVAL", {"safeguarding_concern": True, "content_removed": D(2026, 10, 3)}, 1, "Pass",
     "Content removed on 03/10/2026"),
    ("REMOVAL", {"safeguarding_concern": True, "content_removed": D(2026, 10, 4)}, 1, "Fail",
     "2 days after"),
    ("REMOVAL", {"safeguarding_concern": True}, 1, "Fail", "no Content removed date"),
    ("CONTRACTOR-REPORT", {}, 1, "N/A", "Not a contractor's breach"),
    ("CONTRACTOR-REPORT", {"staff_group": "Contractor", "date_reported": D(2026, 10, 3)}, 1,
     "Pass", "Reported to the school on 03/10/2026"),
    ("CONTRACTOR-REPORT", {"staff_group": "Contractor", "date_reported": D(2026, 10, 5)}, 1,
     "Fail", "3 days after"),
    ("CONTRACTOR-REPORT", {"staff_group": "Contractor", "date_reported": None}, 1, "Fail",
     "no Date reported"),
]


@pytest.mark.parametrize(
    ("check_id", "changes", "days", "outcome", "words"),
    BREACH_CASES,
    ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(BREACH_CASES)],
)
def test_breach_check(check_id: str, changes: dict[str, Any], days: int, outcome: str, words: str) -> None:
    """A breach check gives the outcome the spec asks for, with a reason naming the dates."""
    row = next(r for r in BREACH_CHECKS if r.check_id == check_id)
    result = row.check(make_breach(**changes), days)
    assert (result.check_id, result.outcome) == (check_id, outcome)
    assert words in result.reason


@pytest.mark.parametrize(
    ("review_due", "outcome"),
    [(D(2018, 9, 30), "Fail"), (D(2026, 12, 30), "Fail"), (D(2026, 12, 31), "Pass"), (D(2027, 9, 30), "Pass")],
)
def test_policy_review(review_due: dt.date, outcome: str) -> None:
    """POLICY-REVIEW passes when the review date is on or after the term's end."""
    result = POLICY_CHECK.check(review_due, D(2026, 12, 31), False)
    assert result.outcome == outcome
    assert review_due.strftime("%d/%m/%Y") in result.reason


def test_catalogue_entries_are_complete() -> None:
    """Every check declares its clause, a title, what it asks and what to do when it fails."""
    for definition in (*SITE_CHECKS, *BREACH_CHECKS):
        assert definition.clause and definition.title and definition.asks and definition.fix
    assert {d.scope for d in SITE_CHECKS} == {"site"}
    assert {d.scope for d in BREACH_CHECKS} == {"breach"}
    assert next(d.clause for d in SITE_CHECKS if d.check_id == "APPROVAL") == "A3.2, A3.6"


def test_reasons_never_name_people() -> None:
    """No check reason repeats a name from the register or the breach log."""
    site = make_site(administrators=("ZZNAME-ADMIN",), moderators=("ZZNAME-MOD",),
                     external_vetting_by=("ZZNAME-VET",), authors=("ZZNAME-AUTHOR",),
                     line_managers=("ZZNAME-LM",), contributors=frozenset({"Public", "Pupils"}))
    breach = safeguarding_breach(staff_members=("ZZNAME-STAFF",), reported_by=("ZZNAME-REP",),
                                 description="ZZDESCRIPTION", date_referred=None)
    ctx = make_context(breaches=(breach,))
    reasons = [row.check(site, ctx).reason for row in SITE_CHECKS]
    reasons += [row.check(breach, 1).reason for row in BREACH_CHECKS]
    assert not [r for r in reasons if "ZZ" in r]
