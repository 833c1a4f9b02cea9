"""Build validated records directly, for engine tests that need no workbook.

Each ``make_*`` returns a record with valid defaults; keyword arguments
override fields. The default site is Live since 01/07/2026 and passes every
site check of spec 3 in Autumn 2026 (01/09/2026 to 31/12/2026) when given the
default objective and activity row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any, TypeVar

from stockham_analytics.columns import AgeRange, Record, RecordColumns
from stockham_analytics.evaluation.checks import SiteContext
from stockham_analytics.records import Activity, Breach, Dataset, Objective, Settings, Site
from stockham_analytics.terms import Calendar, Term

R = TypeVar("R", bound=Record)


def _record(record: type[R], **given: Any) -> R:
    """A ``record`` with the ``given`` fields and every other column empty, as a blank cell
    loads: a column added to records.py needs no change here."""
    columns = RecordColumns.of(record)
    return replace(columns.build(2, {c.field: c.empty for c in columns.columns}), **given)


AUTUMN_2026 = Term(2026, 2)
SPRING_2027 = Term(2027, 0)
SUMMER_2026 = Term(2026, 1)
TERM_START = dt.date(2026, 9, 1)
TERM_END = dt.date(2026, 12, 31)

_SITE = _record(Site,
    row=2,
    site_id="SM-01",
    site_name="Year 5 class blog",
    department="Year 5",
    platform="School blog",
    host="School",
    host_name=None,
    platform_minimum_age=None,
    aims="Share class work with families",
    proposed_content="Photos of work",
    audience=frozenset({"Pupils", "Families"}),
    contributors=frozenset({"Staff"}),
    pupil_age_range=AgeRange("9-10", 9),
    advertising_plan=None,
    advertising_approved=None,
    consent_arrangements=None,
    security_measures="Comments held for moderation",
    evaluation_plan="Termly count of posts",
    line_manager_approved=dt.date(2026, 6, 1),
    data_controller_approved=dt.date(2026, 6, 8),
    head_teacher_approved=dt.date(2026, 6, 15),
    brand_use_approved=True,
    status="Live",
    go_live_date=dt.date(2026, 7, 1),
    planned_closure_date=dt.date(2028, 7, 31),
    closed_date=None,
    terms_of_use_published=True,
    house_rules_published=True,
    logo_displayed=True,
    privacy_setting="Strongest",
    authors=("Teacher T",),
    line_managers=("Manager M",),
    administrators=("Admin A", "Admin B"),
    moderators=("Moderator C", "Moderator D"),
    external_vetting_by=(),
)

_BREACH = _record(Breach,
    row=2,
    breach_id="B-001",
    date_occurred=dt.date(2026, 10, 1),
    date_identified=dt.date(2026, 10, 2),
    date_reported=dt.date(2026, 10, 2),
    staff_group="Teaching staff",
    policy_clause="6.6",
    site_id="SM-01",
    severity="Low",
    safeguarding_concern=False,
    referred_to=None,
    date_referred=None,
    content_removed=None,
    outcome="Advice and guidance",
    date_closed=dt.date(2026, 10, 9),
    description="Accepted a friend request",
    staff_members=("Staff X",),
    reported_by=("Reporter R",),
)

_OBJECTIVE = _record(Objective,
    row=2,
    site_id="SM-01",
    objective_id="O1",
    objective="Keep families informed",
    measure="Posts in the term",
    target=Decimal(40),
    better_when="Higher",
    term=AUTUMN_2026,
    actual=Decimal(40),
)

_ACTIVITY = _record(Activity,
    row=2,
    site_id="SM-01",
    term=AUTUMN_2026,
    posts=40,
    comments_received=12,
    comments_removed=1,
    median_moderation_hours=Decimal("2.5"),
    followers=120,
    last_post_date=dt.date(2026, 12, 15),
    active_moderators=2,
)


def make_site(**changes: Any) -> Site:
    """A Live school-hosted site that passes every check in Autumn 2026."""
    return replace(_SITE, **changes)


def make_breach(**changes: Any) -> Breach:
    """A closed, low-severity breach of 6.6 on SM-01, identified 02/10/2026."""
    return replace(_BREACH, **changes)


def safeguarding_breach(**changes: Any) -> Breach:
    """A safeguarding concern on SM-01 identified 02/10/2026, referred and removed that day."""
    base = {
        "safeguarding_concern": True, "referred_to": "CEOP", "date_referred": dt.date(2026, 10, 2),
        "content_removed": dt.date(2026, 10, 2), "policy_clause": "A5.6", "severity": "High",
    }
    return make_breach(**{**base, **changes})


def make_objective(**changes: Any) -> Objective:
    """Objective O1 of SM-01 for Autumn 2026: target 40, actual 40."""
    return replace(_OBJECTIVE, **changes)


def make_activity(**changes: Any) -> Activity:
    """SM-01's Autumn 2026 activity: last post 15/12/2026, 2 active moderators."""
    return replace(_ACTIVITY, **changes)


def make_settings(moved_starts: dict[Term, dt.date] | None = None, **changes: Any) -> Settings:
    """The spec's default settings, with any term starts moved."""
    return Settings(calendar=Calendar(moved_starts or {}), **changes)


def make_dataset(
    sites: tuple[Site, ...] | None = None,
    breaches: tuple[Breach, ...] = (),
    objectives: tuple[Objective, ...] | None = None,
    activity: tuple[Activity, ...] | None = None,
    settings: Settings | None = None,
) -> Dataset:
    """One compliant site with its objective and activity row, unless told otherwise."""
    return Dataset(
        settings=settings or make_settings(),
        sites=(make_site(),) if sites is None else sites,
        breaches=breaches,
        objectives=(make_objective(),) if objectives is None else objectives,
        activity=(make_activity(),) if activity is None else activity,
        inputs={"approval_register.xlsx": "0" * 64, "breach_log.xlsx": "1" * 64,
                "site_evaluation.xlsx": "2" * 64},
    )


def make_context(**changes: Any) -> SiteContext:
    """Autumn 2026 as a site check sees it, with the default activity row and objective."""
    base = SiteContext(
        term=AUTUMN_2026, start=TERM_START, end=TERM_END, neglect_days=30, immediate_days=1,
        activity=make_activity(), objectives=(make_objective(),), breaches=(),
    )
    return replace(base, **changes)
