"""The records the three workbooks hold, once validated.

Each field that comes from a workbook column declares that column in its type
(:mod:`stockham_analytics.columns`): the records *are* the schema of spec 1, and
adding a column is adding a field here. Loading (``workbooks/load.py``) turns
workbook rows into these frozen records; the engine reads only these. Every
record keeps the worksheet row it came from so that later messages can still
point at the cell.

Columns of type *names* (Author, Administrators, Reported by, ...) are kept as
tuples of the names typed, because the checks count them. They are personal
data: nothing that leaves the engine for governors may contain them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal, get_args

from stockham_analytics.columns import AgeRange, Column, Ticks
from stockham_analytics.errors import Problem
from stockham_analytics.terms import Calendar, Term

if TYPE_CHECKING:
    import pandas as pd

Host = Literal["School", "Third party"]
Status = Literal["Proposed", "Approved", "Live", "Closed", "Rejected"]
Privacy = Literal["Strongest", "Standard", "Public"]
BetterWhen = Literal["Higher", "Lower"]
BreachSeverity = Literal["Low", "Medium", "High"]
StaffGroup = Literal["Teaching staff", "Support staff", "Governor", "Contractor", "Volunteer",
                     "Trainee"]
ReferredTo = Literal["Police", "CEOP", "LADO", "Children's social care", "ICO"]
BreachOutcome = Literal["Under investigation", "No further action", "Advice and guidance",
                        "Formal warning", "Disciplinary action", "Dismissal",
                        "Contractor procedure"]
#: The seven tick boxes of the Appendix B form, for both Audience and Contributors, in the
#: form's order.
Group = Literal["Pupils", "Staff", "Families", "Other schools' pupils",
                "External organisations", "Public", "Other"]

# The closed lists as tuples, in their declared order (each Literal above is the one place a
# list is written).
HOSTS: tuple[Host, ...] = get_args(Host)
STATUSES: tuple[Status, ...] = get_args(Status)
PRIVACY: tuple[Privacy, ...] = get_args(Privacy)
BETTER_WHEN: tuple[BetterWhen, ...] = get_args(BetterWhen)
SEVERITIES: tuple[BreachSeverity, ...] = get_args(BreachSeverity)
STAFF_GROUPS: tuple[StaffGroup, ...] = get_args(StaffGroup)
REFERRED_TO: tuple[ReferredTo, ...] = get_args(ReferredTo)
OUTCOMES: tuple[BreachOutcome, ...] = get_args(BreachOutcome)
GROUPS: tuple[Group, ...] = get_args(Group)

#: Contributor groups from outside the school, whose contributors must be
#: vetted (A5.7).
OUTSIDE_GROUPS: frozenset[Group] = frozenset(
    {"Other schools' pupils", "External organisations", "Public"}
)


def _unshown() -> tuple[str, ...]:
    """The default of a column of names: none; and a record's repr never shows them (spec 7)."""
    return field(default=(), repr=False)


_THIRD_PARTY = "Required when Host is Third party"


def distinct_names(names: tuple[str, ...]) -> int:
    """Count names as the spec does: distinct, ignoring case and spaces."""
    return len({"".join(n.split()).casefold() for n in names if n.strip()})


@dataclass(frozen=True, kw_only=True)
class Site:
    """One row of ``approval_register.xlsx`` sheet ``Register`` (Appendix B).

    Each annotated field is a column, in the sheet's order (see
    :mod:`stockham_analytics.columns`). Columns of names are personal data: counted, never
    shown.
    """

    row: int
    site_id: Annotated[str, Column("Site ID", "site_id", required=True,
                                   help="Letters, digits, - and _ only")]
    site_name: Annotated[str, Column("Site name", "text", required=True)]
    department: Annotated[str, Column("Department", "text", required=True,
                                      clause="Appendix B")]
    authors: Annotated[tuple[str, ...], Column("Author", "names", personal=True,
                                               clause="Appendix B")] = _unshown()
    line_managers: Annotated[tuple[str, ...], Column("Line manager", "names", personal=True,
                                                     clause="Appendix B")] = _unshown()
    platform: Annotated[str | None, Column("Platform", "text",
                                           help="e.g. Facebook, YouTube, school blog")]
    host: Annotated[Host, Column("Host", "choice", required=True, clause="Appendix B")]
    host_name: Annotated[str | None, Column("Host name", "text", clause="Appendix B",
                                            help=_THIRD_PARTY)]
    platform_minimum_age: Annotated[int | None, Column("Platform minimum age", "whole",
                                                       clause="7.3, A2.5", help=_THIRD_PARTY)]
    aims: Annotated[str | None, Column("Aims", "text", clause="A1.2")]
    proposed_content: Annotated[str | None, Column("Proposed content", "text", clause="A3.4")]
    audience: Annotated[frozenset[Group], Ticks("Audience", clause="Appendix B")]
    contributors: Annotated[frozenset[Group], Ticks("Contributors", clause="Appendix B")]
    pupil_age_range: Annotated[AgeRange | None, Column(
        "Pupil age range", "age_range", clause="A2.5",
        help="7-11, 7 to 11, 9, Year 3-6, Y3-Y6 or Reception-Year 2; "
             "required when pupils are audience or contributors")]
    administrators: Annotated[tuple[str, ...], Column("Administrators", "names", personal=True,
                                                      clause="A5.4")] = _unshown()
    moderators: Annotated[tuple[str, ...], Column("Moderators", "names", personal=True,
                                                  clause="A5.4")] = _unshown()
    external_vetting_by: Annotated[tuple[str, ...], Column(
        "External vetting by", "names", personal=True, clause="A5.7")] = _unshown()
    advertising_plan: Annotated[str | None, Column("Advertising plan", "text", clause="A5.8")]
    advertising_approved: Annotated[dt.date | None, Column(
        "Advertising approved", "date", clause="A5.8",
        help="Date the Data Controller approved the advertising")]
    consent_arrangements: Annotated[str | None, Column("Consent arrangements", "text",
                                                       clause="Appendix B")]
    security_measures: Annotated[str | None, Column("Security measures", "text",
                                                    clause="A5.7")]
    evaluation_plan: Annotated[str | None, Column("Evaluation plan", "text", clause="A1.7")]
    line_manager_approved: Annotated[dt.date | None, Column("Line manager approved", "date",
                                                            clause="A3.2")]
    data_controller_approved: Annotated[dt.date | None, Column(
        "Data Controller approved", "date", clause="A3.2")]
    head_teacher_approved: Annotated[dt.date | None, Column("Head Teacher approved", "date",
                                                            clause="A3.6")]
    brand_use_approved: Annotated[bool, Column("Brand use approved", "yn", clause="A3.5")]
    status: Annotated[Status, Column("Status", "choice", required=True)]
    go_live_date: Annotated[dt.date | None, Column("Go-live date", "date",
                                                   help="Required for Live and Closed")]
    planned_closure_date: Annotated[dt.date | None, Column("Planned closure date", "date",
                                                           clause="A1.6")]
    closed_date: Annotated[dt.date | None, Column(
        "Closed date", "date", clause="A1.6",
        help="Required for Closed, not allowed for Live, not before Go-live")]
    terms_of_use_published: Annotated[bool, Column("Terms of use published", "yn",
                                                   clause="A4.1")]
    house_rules_published: Annotated[bool, Column("House rules published", "yn",
                                                  clause="A4.1")]
    logo_displayed: Annotated[bool, Column("Logo displayed", "yn", clause="A4.7")]
    privacy_setting: Annotated[Privacy | None, Column("Privacy setting", "choice",
                                                      clause="A5.2")]

    @property
    def youngest_pupil_age(self) -> int | None:
        """The youngest pupil age the Pupil age range means (Year N is age N+4)."""
        return None if self.pupil_age_range is None else self.pupil_age_range.youngest

    @property
    def pupils_take_part(self) -> bool:
        """Pupils of the school are in the audience or among contributors."""
        return "Pupils" in self.audience or "Pupils" in self.contributors


@dataclass(frozen=True, kw_only=True)
class Breach:
    """One row of ``breach_log.xlsx`` sheet ``Breaches`` (policy section 9).

    The Description and every column of names are confidential: counted, never shown.
    """

    row: int
    breach_id: Annotated[str, Column("Breach ID", "text", required=True)]
    date_occurred: Annotated[dt.date, Column("Date occurred", "date", required=True)]
    date_identified: Annotated[dt.date, Column("Date identified", "date", required=True,
                                               help="Not before Date occurred")]
    date_reported: Annotated[dt.date | None, Column(
        "Date reported", "date", clause="9.3", help="When reported to the school officer")]
    staff_members: Annotated[tuple[str, ...], Column("Staff member", "names",
                                                     personal=True)] = _unshown()
    staff_group: Annotated[StaffGroup, Column("Staff group", "choice", required=True,
                                              clause="2.1")]
    policy_clause: Annotated[str, Column(
        "Policy clause", "clause", required=True,
        help="A clause of sections 5-7 or Appendix A, e.g. 6.6 or A5.6")]
    site_id: Annotated[str | None, Column("Site ID", "site_id",
                                          help="Optional; must be in the register")]
    severity: Annotated[BreachSeverity, Column("Severity", "choice", required=True)]
    safeguarding_concern: Annotated[bool, Column("Safeguarding concern", "yn",
                                                 clause="A2.3, A5.6")]
    referred_to: Annotated[ReferredTo | None, Column("Referred to", "choice",
                                                     clause="A2.3, A5.6")]
    date_referred: Annotated[dt.date | None, Column("Date referred", "date",
                                                    clause="A2.3, A5.6")]
    content_removed: Annotated[dt.date | None, Column("Content removed", "date",
                                                      clause="A5.6")]
    outcome: Annotated[BreachOutcome, Column("Outcome", "choice", required=True,
                                             clause="9.1, 9.2")]
    date_closed: Annotated[dt.date | None, Column("Date closed", "date",
                                                  help="Not before Date identified")]
    description: Annotated[str | None, Column(
        "Description", "text", personal=True,
        help="Confidential: never shown to governors")] = field(default=None, repr=False)
    reported_by: Annotated[tuple[str, ...], Column("Reported by", "names",
                                                   personal=True)] = _unshown()

    @property
    def is_open(self) -> bool:
        """Spec 2: under investigation, or not yet closed."""
        return self.outcome == "Under investigation" or self.date_closed is None

    def open_on(self, day: dt.date) -> bool:
        """Spec 2: under investigation, or no Date closed on or before ``day``."""
        return self.is_open or (self.date_closed is not None and self.date_closed > day)


_IN_REGISTER = "Must be in the register"
_TERM = "e.g. Autumn 2026"


@dataclass(frozen=True, kw_only=True)
class Objective:
    """One row of ``site_evaluation.xlsx`` sheet ``Objectives`` (A1.7)."""

    row: int
    site_id: Annotated[str, Column("Site ID", "site_id", required=True, help=_IN_REGISTER)]
    objective_id: Annotated[str, Column("Objective ID", "text", required=True)]
    objective: Annotated[str, Column("Objective", "text", required=True, clause="A1.7")]
    measure: Annotated[str | None, Column("Measure", "text", clause="A1.7")]
    target: Annotated[Decimal, Column("Target", "number", required=True,
                                      help="Greater than 0")]
    better_when: Annotated[BetterWhen, Column("Better when", "choice", blank="Higher",
                                              help="Blank means Higher")]
    term: Annotated[Term, Column("Term", "term", required=True, help=_TERM)]
    actual: Annotated[Decimal | None, Column("Actual", "number",
                                             help="0 or more; blank means no evidence yet")]


@dataclass(frozen=True, kw_only=True)
class Activity:
    """One row of ``site_evaluation.xlsx`` sheet ``Activity`` (A1.5, A1.6)."""

    row: int
    site_id: Annotated[str, Column("Site ID", "site_id", required=True, help=_IN_REGISTER)]
    term: Annotated[Term, Column("Term", "term", required=True, help=_TERM)]
    posts: Annotated[int | None, Column("Posts", "whole", clause="A1.5")]
    comments_received: Annotated[int | None, Column("Comments received", "whole",
                                                    clause="A5.3")]
    comments_removed: Annotated[int | None, Column("Comments removed", "whole",
                                                   clause="A5.4")]
    median_moderation_hours: Annotated[Decimal | None, Column(
        "Median moderation hours", "number", clause="A5.4")]
    followers: Annotated[int | None, Column("Followers", "whole", clause="A1.7")]
    last_post_date: Annotated[dt.date | None, Column("Last post date", "date",
                                                     clause="A1.6")]
    active_moderators: Annotated[int | None, Column("Active moderators", "whole",
                                                    clause="A5.4")]


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
