"""The records the three workbooks hold, once validated.

Loading (``load.py``) turns workbook rows into these frozen records; the
engine (``engine.py``) reads only these. Every record keeps the worksheet row
it came from so that later messages can still point at the cell.

Columns of type *names* (Author, Administrators, Reported by, ...) are kept as
tuples of the names typed, because the checks count them. They are personal
data: nothing that leaves the engine for governors may contain them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from stockham_analytics.errors import Problem
from stockham_analytics.terms import Calendar, Term

if TYPE_CHECKING:
    import pandas as pd

Host = Literal["School", "Third party"]
Status = Literal["Proposed", "Approved", "Live", "Closed", "Rejected"]
Privacy = Literal["Strongest", "Standard", "Public"]
BetterWhen = Literal["Higher", "Lower"]
BreachSeverity = Literal["Low", "Medium", "High"]

#: The seven tick boxes of the Appendix B form, for both Audience and
#: Contributors, in the form's order.
GROUPS: tuple[str, ...] = (
    "Pupils",
    "Staff",
    "Families",
    "Other schools' pupils",
    "External organisations",
    "Public",
    "Other",
)

#: Contributor groups from outside the school, whose contributors must be
#: vetted (A5.7).
OUTSIDE_GROUPS: frozenset[str] = frozenset(
    {"Other schools' pupils", "External organisations", "Public"}
)


def distinct_names(names: tuple[str, ...]) -> int:
    """Count names as the spec does: distinct, ignoring case and spaces."""
    return len({"".join(n.split()).casefold() for n in names if n.strip()})


@dataclass(frozen=True)
class Site:
    """One row of ``approval_register.xlsx`` sheet ``Register`` (Appendix B)."""

    row: int
    site_id: str
    site_name: str
    department: str
    platform: str | None
    host: Host
    host_name: str | None
    platform_minimum_age: int | None
    aims: str | None
    proposed_content: str | None
    audience: frozenset[str]
    contributors: frozenset[str]
    pupil_age_range: str | None
    youngest_pupil_age: int | None
    advertising_plan: str | None
    advertising_approved: dt.date | None
    consent_arrangements: str | None
    security_measures: str | None
    evaluation_plan: str | None
    line_manager_approved: dt.date | None
    data_controller_approved: dt.date | None
    head_teacher_approved: dt.date | None
    brand_use_approved: bool
    status: Status
    go_live_date: dt.date | None
    planned_closure_date: dt.date | None
    closed_date: dt.date | None
    terms_of_use_published: bool
    house_rules_published: bool
    logo_displayed: bool
    privacy_setting: Privacy | None
    # Personal data: counted, never shown.
    authors: tuple[str, ...] = field(default=(), repr=False)
    line_managers: tuple[str, ...] = field(default=(), repr=False)
    administrators: tuple[str, ...] = field(default=(), repr=False)
    moderators: tuple[str, ...] = field(default=(), repr=False)
    external_vetting_by: tuple[str, ...] = field(default=(), repr=False)

    @property
    def pupils_take_part(self) -> bool:
        """Pupils of the school are in the audience or among contributors."""
        return "Pupils" in self.audience or "Pupils" in self.contributors


@dataclass(frozen=True)
class Breach:
    """One row of ``breach_log.xlsx`` sheet ``Breaches`` (policy section 9)."""

    row: int
    breach_id: str
    date_occurred: dt.date
    date_identified: dt.date
    date_reported: dt.date | None
    staff_group: str
    policy_clause: str
    site_id: str | None
    severity: BreachSeverity
    safeguarding_concern: bool
    referred_to: str | None
    date_referred: dt.date | None
    content_removed: dt.date | None
    outcome: str
    date_closed: dt.date | None
    # Confidential and personal data: counted, never shown.
    description: str | None = field(default=None, repr=False)
    staff_members: tuple[str, ...] = field(default=(), repr=False)
    reported_by: tuple[str, ...] = field(default=(), repr=False)

    @property
    def is_open(self) -> bool:
        """Spec 2: under investigation, or not yet closed."""
        return self.outcome == "Under investigation" or self.date_closed is None

    def open_on(self, day: dt.date) -> bool:
        """Spec 2: under investigation, or no Date closed on or before ``day``."""
        return self.is_open or (self.date_closed is not None and self.date_closed > day)


@dataclass(frozen=True)
class Objective:
    """One row of ``site_evaluation.xlsx`` sheet ``Objectives`` (A1.7)."""

    row: int
    site_id: str
    objective_id: str
    objective: str
    measure: str | None
    target: Decimal
    better_when: BetterWhen
    term: Term
    actual: Decimal | None


@dataclass(frozen=True)
class Activity:
    """One row of ``site_evaluation.xlsx`` sheet ``Activity`` (A1.5, A1.6)."""

    row: int
    site_id: str
    term: Term
    posts: int | None
    comments_received: int | None
    comments_removed: int | None
    median_moderation_hours: Decimal | None
    followers: int | None
    last_post_date: dt.date | None
    active_moderators: int | None


@dataclass(frozen=True)
class Settings:
    """``school.toml`` (spec 1.4), with the spec's defaults for what it leaves out."""

    school_name: str = "Stockham Primary School"
    policy_reviewed: dt.date = dt.date(2016, 9, 1)
    policy_review_due: dt.date = dt.date(2018, 9, 30)
    partly_met_ratio: Decimal = Decimal("0.75")
    neglect_days: int = 30
    immediate_days: int = 1
    calendar: Calendar = field(default_factory=lambda: Calendar({}))


@dataclass(frozen=True)
class Dataset:
    """Everything read from one data folder, validated."""

    settings: Settings
    sites: tuple[Site, ...]
    breaches: tuple[Breach, ...]
    objectives: tuple[Objective, ...]
    activity: tuple[Activity, ...]
    #: SHA-256 of each input file read, by file name (``school.toml`` too when present).
    inputs: dict[str, str]
    #: Warnings found while loading (extra columns, ...); errors raise instead.
    warnings: tuple[Problem, ...] = ()
    #: Where each field's column is in its sheet (0-based), by sheet name, so later
    #: messages can name the cell: ``{"Register": {"site_id": 0, ...}, ...}``.
    columns: dict[str, dict[str, int]] = field(default_factory=dict)

    def terms(self) -> tuple[Term, ...]:
        """Every term named in the evaluation workbook, in time order."""
        return tuple(sorted({o.term for o in self.objectives} | {a.term for a in self.activity}))

    def frames(self, *, personal: bool = False) -> dict[str, pd.DataFrame]:
        """The sheets as tidy DataFrames: ``register``, ``breaches``, ``objectives`` and
        ``activity`` (spec 8). Names columns and the breach Description are left out
        unless ``personal=True``.

        >>> ds.frames()["breaches"][["breach_id", "term", "policy_clause"]].iloc[0].tolist()
        ['BR-01', 'Autumn 2025', '6.6']
        """
        from stockham_analytics.frames import dataset_frames

        return dataset_frames(self, personal=personal)
