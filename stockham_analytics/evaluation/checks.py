"""How each check of spec section 3 is worked out: one small plain function per check.

Each function returns ``(outcome, reason)``; :mod:`stockham_analytics.evaluation.catalogue`
names it in the check's declared row, beside what the check asks, its clause, its
severity and its to-do wording. Every result carries a reason in plain English
that names the facts it rests on (dates as DD/MM/YYYY) and never a person's
name or a breach's Description: names are only ever counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from stockham_analytics.evaluation.results import BreachResult, Outcome
from stockham_analytics.records import (
    GROUPS,
    OUTSIDE_GROUPS,
    Activity,
    Breach,
    Objective,
    Site,
    distinct_names,
)
from stockham_analytics.terms import Term


@dataclass(frozen=True)
class SiteContext:
    """What a site check may look at besides the register row: the term's facts."""

    term: Term
    start: dt.date
    end: dt.date
    neglect_days: int
    immediate_days: int
    activity: Activity | None  # this site's Activity row for the term
    objectives: tuple[Objective, ...]  # this site's objectives for the term
    breaches: tuple[Breach, ...]  # the term's breaches with this Site ID
    provisional: bool = False  # ``end`` is an as-of date before the term's last day (spec 2)

    @property
    def at_end(self) -> str:
        """Where the term stands: "at the end of the term (31/12/2026)", or, judged before
        the term's last day, "on 10/12/2026"."""
        return judged_on(self.end, self.provisional)

    @property
    def the_end(self) -> str:
        """"the end of the term (31/12/2026)", or, judged earlier, "10/12/2026"."""
        return the_judgement_day(self.end, self.provisional)


Found = tuple[Outcome, str]  # what a check function returns: outcome and reason
SiteRule = Callable[[Site, SiteContext], Found]
BreachRule = Callable[[Breach, int], Found]
SchoolRule = Callable[[dt.date, dt.date, bool], Found]  # review due, judgement day, provisional


# --- wording helpers -------------------------------------------------------------


def fmt_date(day: dt.date) -> str:
    """A date as governors write it: 14/09/2026."""
    return day.strftime("%d/%m/%Y")


def judged_on(day: dt.date, provisional: bool) -> str:
    """"at the end of the term (31/12/2026)"; judged before the term's last day, "on 10/12/2026"."""
    return f"on {fmt_date(day)}" if provisional else f"at the end of the term ({fmt_date(day)})"


def the_judgement_day(day: dt.date, provisional: bool) -> str:
    """"the end of the term (31/12/2026)"; judged before the term's last day, "10/12/2026"."""
    return fmt_date(day) if provisional else f"the end of the term ({fmt_date(day)})"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 administrator``, ``2 administrators`` (``many``: an irregular plural)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def days_words(days: int) -> str:
    """A number of days as a sentence says it: ``a day``, ``3 days`` (e.g. the school.toml
    limit for acting "straight away")."""
    return "a day" if days == 1 else plural(days, "day")


def filled(text: str | None) -> bool:
    """A text cell that holds more than spaces."""
    return text is not None and text.strip() != ""


def live_at(site: Site, day: dt.date) -> bool:
    """Spec 3: not closed by ``day`` (a site closed after ``day`` was still live on it)."""
    return site.closed_date is None or site.closed_date > day


def approvals(site: Site) -> tuple[tuple[str, dt.date | None], ...]:
    """The three approvals of A3.2 and A3.6, by who gives them, with their dates."""
    return (
        ("Line manager", site.line_manager_approved),
        ("Data Controller", site.data_controller_approved),
        ("Head Teacher", site.head_teacher_approved),
    )


def _at_least(count: int, noun: str, what: str, needed: int = 2) -> Found:
    asks = f"the policy asks for at least {needed}"
    if count >= needed:
        return "Pass", f"{plural(count, noun)} {what}; {asks}"
    lead = "No" if count == 0 else "Only"
    shown = f"{noun}s" if count == 0 else plural(count, noun)
    return "Fail", f"{lead} {shown} {what}; {asks}"


def _groups(groups: frozenset[str]) -> str:
    return ", ".join(g for g in GROUPS if g in groups)


# --- site checks -----------------------------------------------------------------


def _approval_problems(site: Site, go_live: dt.date) -> list[str]:
    problems = []
    for who, day in approvals(site):
        if day is None:
            problems.append(f"No {who} approval date")
        elif day > go_live:
            problems.append(f"{who} approved {fmt_date(day)}, after go-live on {fmt_date(go_live)}")
    return problems


def check_approval(site: Site, ctx: SiteContext) -> Found:
    """A3.2, A3.6: all three approvals dated, none after going live."""
    if site.go_live_date is None:
        return "Fail", "No go-live date to compare the approval dates with"
    problems = _approval_problems(site, site.go_live_date)
    if problems:
        return "Fail", "; ".join(problems)
    go_live = fmt_date(site.go_live_date)
    return "Pass", f"All three approvals dated on or before go-live on {go_live}"


def check_administrators(site: Site, ctx: SiteContext) -> Found:
    """A5.4: at least 2 distinct administrators."""
    return _at_least(distinct_names(site.administrators), "administrator", "named")


def check_moderators(site: Site, ctx: SiteContext) -> Found:
    """A5.4: at least 2 distinct moderators."""
    return _at_least(distinct_names(site.moderators), "moderator", "named")


def check_exit_plan(site: Site, ctx: SiteContext) -> Found:
    """A1.6: a planned closure date after the go-live date."""
    planned, go_live = site.planned_closure_date, site.go_live_date
    if planned is None:
        return "Fail", "No planned closure date in the register"
    if go_live is None:
        return "Fail", "No go-live date to compare the planned closure date with"
    relation = "after" if planned > go_live else "not after"
    outcome: Outcome = "Pass" if planned > go_live else "Fail"
    when, live = fmt_date(planned), fmt_date(go_live)
    return outcome, f"Planned closure on {when}, {relation} go-live on {live}"


def check_closure_due(site: Site, ctx: SiteContext) -> Found:
    """A1.6: not still live at the end of the term past its planned closure date."""
    planned = site.planned_closure_date
    if planned is None:
        return "N/A", "No planned closure date in the register"
    when = fmt_date(planned)
    if planned >= ctx.end:
        return "Pass", f"Planned closure on {when}, not before {ctx.the_end}"
    closed = site.closed_date
    if closed is not None and closed <= ctx.end:
        by = fmt_date(ctx.end) if ctx.provisional else "the term's end"
        return "Pass", f"Planned closure on {when}; closed on {fmt_date(closed)}, by {by}"
    return "Fail", f"Planned closure on {when}, but still live {ctx.at_end}"


def check_minimum_age(site: Site, ctx: SiteContext) -> Found:
    """7.3, A2.5: pupils on a third-party platform are at least its minimum age."""
    if site.host != "Third party":
        return "N/A", "Hosted by the school"
    if not site.pupils_take_part:
        return "N/A", "Pupils are neither audience nor contributors"
    youngest, minimum = site.youngest_pupil_age, site.platform_minimum_age
    if youngest is None:
        return "Fail", "No pupil age range in the register"
    if minimum is None:
        return "Fail", "No platform minimum age in the register"
    if youngest < minimum:
        platform = site.host_name or site.platform or "the platform"
        return "Fail", f"Pupils aged {youngest} use {platform}, whose minimum age is {minimum}"
    return "Pass", f"Youngest pupil is {youngest}; the platform's minimum age is {minimum}"


def check_terms_of_use(site: Site, ctx: SiteContext) -> Found:
    """A4.1: terms of use and house rules both published."""
    missing = [name for name, done in (("Terms of use", site.terms_of_use_published),
                                        ("House rules", site.house_rules_published)) if not done]
    if not missing:
        return "Pass", "Terms of use and house rules both published"
    return "Fail", " and ".join(missing) + " not published"


def check_logo(site: Site, ctx: SiteContext) -> Found:
    """A4.7: a school-hosted site displays the school logo."""
    if site.host != "School":
        return "N/A", "Hosted by a third party"
    if site.logo_displayed:
        return "Pass", "School logo displayed"
    return "Fail", "Hosted by the school but the school logo is not displayed"


def check_brand_approved(site: Site, ctx: SiteContext) -> Found:
    """A3.5: where the logo is displayed, use of the brand was approved."""
    if not site.logo_displayed:
        return "N/A", "School logo not displayed"
    if site.brand_use_approved:
        return "Pass", "School logo displayed and use of the brand approved"
    return "Fail", "School logo displayed without approval to use the brand"


def check_pupil_privacy(site: Site, ctx: SiteContext) -> Found:
    """A5.2: a site pupils contribute to has the strongest privacy setting."""
    if "Pupils" not in site.contributors:
        return "N/A", "Pupils do not contribute"
    if site.privacy_setting == "Strongest":
        return "Pass", "Pupils contribute and the privacy setting is Strongest"
    setting = f"is {site.privacy_setting}" if site.privacy_setting else "is not recorded"
    return "Fail", f"Pupils contribute but the privacy setting {setting}; it must be Strongest"


def check_vetting(site: Site, ctx: SiteContext) -> Found:
    """A5.7: contributors from outside the school have someone named to vet them."""
    outside = site.contributors & OUTSIDE_GROUPS
    if not outside:
        return "N/A", "No contributors from outside the school"
    vetters, who = distinct_names(site.external_vetting_by), _groups(outside)
    if vetters:
        named = plural(vetters, "person", "people")
        return "Pass", f"Contributors include {who}; {named} named to vet them"
    return "Fail", f"Contributors include {who}, but no one is named to vet them"


def check_advertising(site: Site, ctx: SiteContext) -> Found:
    """A5.8: an advertising plan has the Data Controller's approval date."""
    if not filled(site.advertising_plan):
        return "N/A", "No plan to advertise for contributors"
    if site.advertising_approved is None:
        return "Fail", "Advertising plan has no Data Controller approval date"
    return "Pass", f"Advertising plan approved on {fmt_date(site.advertising_approved)}"


def check_consent(site: Site, ctx: SiteContext) -> Found:
    """Appendix B: a site pupils contribute to records its consent arrangements."""
    if "Pupils" not in site.contributors:
        return "N/A", "Pupils do not contribute"
    if filled(site.consent_arrangements):
        return "Pass", "Pupils contribute and consent arrangements are recorded"
    return "Fail", "Pupils contribute but no consent arrangements are recorded"


def check_evaluation_plan(site: Site, ctx: SiteContext) -> Found:
    """A1.7: an evaluation plan and at least one objective for the term."""
    has_plan, count = filled(site.evaluation_plan), len(ctx.objectives)
    plan = "Evaluation plan recorded" if has_plan else "No evaluation plan in the register"
    objectives = plural(count, "objective") if count else "no objectives"
    outcome: Outcome = "Pass" if has_plan and count else "Fail"
    return outcome, f"{plan}; {objectives} set for {ctx.term}"


def _activity_gap(site: Site, ctx: SiteContext, column: str, value: object) -> str | None:
    if ctx.activity is None:
        return f"No Activity row for {site.site_id} in {ctx.term}"
    if value is None:
        return f"The Activity row for {site.site_id} in {ctx.term} has no {column}"
    return None


def check_active(site: Site, ctx: SiteContext) -> Found:
    """A1.5, A1.6: a site live at the end of the term posted recently enough."""
    if not live_at(site, ctx.end):
        return "N/A", f"Not live {ctx.at_end}"
    last = ctx.activity.last_post_date if ctx.activity else None
    gap = _activity_gap(site, ctx, "Last post date", last)
    if gap is not None or last is None:
        return "Unknown", gap or ""
    days = (ctx.end - last).days
    outcome: Outcome = "Pass" if days <= ctx.neglect_days else "Fail"
    when = f"{plural(days, 'day')} before" if days >= 0 else "after"
    limit = plural(ctx.neglect_days, "day")
    facts = f"Last post on {fmt_date(last)}, {when} {ctx.the_end}"
    return outcome, f"{facts}; the limit is {limit}"


def check_moderator_cover(site: Site, ctx: SiteContext) -> Found:
    """A5.4: at least 2 moderators active during the term."""
    active = ctx.activity.active_moderators if ctx.activity else None
    gap = _activity_gap(site, ctx, "Active moderators", active)
    if gap is not None or active is None:
        return "Unknown", gap or ""
    return _at_least(active, "moderator", "active during the term")


_MISSES: tuple[tuple[str, str], ...] = (
    ("referral", "{n} not referred to an authority within {days}"),
    ("removal", "{n} not taken down within {days}"),
)


def _safeguarding_misses(breach: Breach, immediate_days: int) -> list[str]:
    """Spec 3: SAFEGUARDING passes when each concern passes REFERRAL and REMOVAL."""
    misses = []
    if check_referral(breach, immediate_days)[0] != "Pass":
        misses.append("referral")
    if check_removal(breach, immediate_days)[0] != "Pass":
        misses.append("removal")
    return misses


def check_safeguarding(site: Site, ctx: SiteContext) -> Found:
    """A2.3, A5.6: each safeguarding concern on the site referred and removed in time."""
    concerns = [b for b in ctx.breaches if b.safeguarding_concern and b.site_id == site.site_id]
    if not concerns:
        return "N/A", f"No safeguarding concerns on this site in {ctx.term}"
    count = plural(len(concerns), "safeguarding concern")
    misses = Counter(m for b in concerns for m in _safeguarding_misses(b, ctx.immediate_days))
    if misses:
        late = [text.format(n=misses[key], days=days_words(ctx.immediate_days))
                for key, text in _MISSES if misses[key]]
        return "Fail", f"{count} in {ctx.term}: {' and '.join(late)}"
    return "Pass", (f"{count} in {ctx.term}, each referred and its content removed within "
                    f"{days_words(ctx.immediate_days)}")


# --- breach checks ---------------------------------------------------------------


def within(identified: dt.date, later: dt.date, days: int) -> bool:
    """Spec 3 "within a day": ``later`` at most ``days`` after ``identified`` (earlier passes)."""
    return (later - identified).days <= days


def _timing(what: str, day: dt.date, identified: dt.date, days: int) -> Found:
    gap = (day - identified).days
    if gap < 0:
        relation = f"before it was identified on {fmt_date(identified)}"
    elif gap == 0:
        relation = f"the day it was identified ({fmt_date(identified)})"
    else:
        relation = f"{plural(gap, 'day')} after it was identified on {fmt_date(identified)}"
    outcome: Outcome = "Pass" if within(identified, day, days) else "Fail"
    asks = f"the policy asks for within {plural(days, 'day')}"
    return outcome, f"{what} on {fmt_date(day)}, {relation}; {asks}"


def check_referral(breach: Breach, immediate_days: int) -> Found:
    """A2.3, A5.6: a safeguarding concern referred to an authority within a day."""
    if not breach.safeguarding_concern:
        return "N/A", "Not a safeguarding concern"
    if breach.referred_to is None and breach.date_referred is None:
        return "Fail", ("Safeguarding concern with no referral recorded: Referred to and "
                        "Date referred are blank")
    if breach.referred_to is None:
        return "Fail", "Safeguarding concern with no authority recorded in Referred to"
    if breach.date_referred is None:
        return "Fail", f"Referred to {breach.referred_to}, but no Date referred is recorded"
    return _timing(f"Referred to {breach.referred_to}", breach.date_referred,
                   breach.date_identified, immediate_days)


def check_removal(breach: Breach, immediate_days: int) -> Found:
    """A5.6: content raising a safeguarding concern on a site removed within a day."""
    if not breach.safeguarding_concern:
        return "N/A", "Not a safeguarding concern"
    if breach.site_id is None:
        return "N/A", "Safeguarding concern not on a school site"
    if breach.content_removed is None:
        return "Fail", f"Safeguarding concern on {breach.site_id} with no Content removed date"
    return _timing("Content removed", breach.content_removed, breach.date_identified,
                   immediate_days)


def check_contractor_report(breach: Breach, immediate_days: int) -> Found:
    """9.3: a contractor's breach reported to the school within a day."""
    if breach.staff_group != "Contractor":
        return "N/A", "Not a contractor's breach"
    if breach.date_reported is None:
        return "Fail", "Contractor's breach with no Date reported"
    return _timing("Reported to the school", breach.date_reported, breach.date_identified,
                   immediate_days)


# --- the school's check ------------------------------------------------------------


def check_policy_review(review_due: dt.date, term_end: dt.date, provisional: bool) -> Found:
    """POLICY-REVIEW: the policy's review date is on or after the end of the term (or the
    earlier judgement date, when ``provisional``)."""
    due, end = fmt_date(review_due), the_judgement_day(term_end, provisional)
    if review_due >= term_end:
        return "Pass", f"Policy review due {due}, not before {end}"
    return "Fail", f"Policy review was due {due}, before {end}"


def breach_outcomes(breaches: Iterable[BreachResult]) -> Counter[tuple[str, Outcome]]:
    """How many of ``breaches`` got each outcome of each breach check: ``(check id, outcome)``."""
    return Counter((c.check_id, c.outcome) for b in breaches for c in b.checks)
