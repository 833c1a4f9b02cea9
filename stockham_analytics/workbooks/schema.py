"""The workbook layout of spec section 1, declared as data.

Each sheet is a tuple of :class:`Column` declarations. The loader applies
them; the entry templates and the demo data write their headers from them;
nothing else should spell a header out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stockham_analytics.records import GROUPS

Kind = Literal[
    "site_id",  # ASCII letters, digits, - and _; becomes a file name
    "text",  # free text, kept as typed
    "names",  # person names separated by ; or line breaks (personal data)
    "yn",  # Y / Yes / N / No / TRUE / FALSE; blank is No
    "date",  # Excel date, 2026-09-14 or 14/09/2026
    "choice",  # one of a closed list
    "whole",  # whole number of 0 or more
    "number",  # any number
    "term",  # Autumn 2026
    "age_range",  # 7-11, 7 to 11, 9, Year 3-6, Y3-Y6, Reception-Year 2
    "clause",  # a policy clause such as 6.6 or A5.6, kept as text
]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the record field it fills and its rule."""

    header: str
    field: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    personal: bool = False
    clause: str = ""
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    """A sheet of a workbook and the columns it must have."""

    file: str
    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # fields that together identify a row


HOSTS = ("School", "Third party")
STATUSES = ("Proposed", "Approved", "Live", "Closed", "Rejected")
PRIVACY = ("Strongest", "Standard", "Public")
STAFF_GROUPS = ("Teaching staff", "Support staff", "Governor", "Contractor", "Volunteer", "Trainee")
SEVERITIES = ("Low", "Medium", "High")
REFERRED_TO = ("Police", "CEOP", "LADO", "Children's social care", "ICO")
OUTCOMES = (
    "Under investigation",
    "No further action",
    "Advice and guidance",
    "Formal warning",
    "Disciplinary action",
    "Dismissal",
    "Contractor procedure",
)
BETTER_WHEN = ("Higher", "Lower")


def _group_columns(prefix: str, field: str) -> tuple[Column, ...]:
    return tuple(
        Column(f"{prefix}: {group}", f"{field}:{group}", "yn", clause="Appendix B")
        for group in GROUPS
    )


REGISTER = Sheet(
    "approval_register.xlsx",
    "Register",
    (
        Column("Site ID", "site_id", "site_id", required=True,
               help="Letters, digits, - and _ only"),
        Column("Site name", "site_name", "text", required=True),
        Column("Department", "department", "text", required=True, clause="Appendix B"),
        Column("Author", "authors", "names", personal=True, clause="Appendix B"),
        Column("Line manager", "line_managers", "names", personal=True, clause="Appendix B"),
        Column("Platform", "platform", "text", help="e.g. Facebook, YouTube, school blog"),
        Column("Host", "host", "choice", required=True, choices=HOSTS, clause="Appendix B"),
        Column("Host name", "host_name", "text", clause="Appendix B",
               help="Required when Host is Third party"),
        Column("Platform minimum age", "platform_minimum_age", "whole", clause="7.3, A2.5",
               help="Required when Host is Third party"),
        Column("Aims", "aims", "text", clause="A1.2"),
        Column("Proposed content", "proposed_content", "text", clause="A3.4"),
        *_group_columns("Audience", "audience"),
        *_group_columns("Contributors", "contributors"),
        Column("Pupil age range", "pupil_age_range", "age_range", clause="A2.5",
               help="7-11, 7 to 11, 9, Year 3-6, Y3-Y6 or Reception-Year 2; "
                    "required when pupils are audience or contributors"),
        Column("Administrators", "administrators", "names", personal=True, clause="A5.4"),
        Column("Moderators", "moderators", "names", personal=True, clause="A5.4"),
        Column("External vetting by", "external_vetting_by", "names", personal=True, clause="A5.7"),
        Column("Advertising plan", "advertising_plan", "text", clause="A5.8"),
        Column("Advertising approved", "advertising_approved", "date", clause="A5.8",
               help="Date the Data Controller approved the advertising"),
        Column("Consent arrangements", "consent_arrangements", "text", clause="Appendix B"),
        Column("Security measures", "security_measures", "text", clause="A5.7"),
        Column("Evaluation plan", "evaluation_plan", "text", clause="A1.7"),
        Column("Line manager approved", "line_manager_approved", "date", clause="A3.2"),
        Column("Data Controller approved", "data_controller_approved", "date", clause="A3.2"),
        Column("Head Teacher approved", "head_teacher_approved", "date", clause="A3.6"),
        Column("Brand use approved", "brand_use_approved", "yn", clause="A3.5"),
        Column("Status", "status", "choice", required=True, choices=STATUSES),
        Column("Go-live date", "go_live_date", "date",
               help="Required for Live and Closed"),
        Column("Planned closure date", "planned_closure_date", "date", clause="A1.6"),
        Column("Closed date", "closed_date", "date", clause="A1.6",
               help="Required for Closed, not allowed for Live, not before Go-live"),
        Column("Terms of use published", "terms_of_use_published", "yn", clause="A4.1"),
        Column("House rules published", "house_rules_published", "yn", clause="A4.1"),
        Column("Logo displayed", "logo_displayed", "yn", clause="A4.7"),
        Column("Privacy setting", "privacy_setting", "choice", choices=PRIVACY, clause="A5.2"),
    ),
    unique=("site_id",),
)

BREACHES = Sheet(
    "breach_log.xlsx",
    "Breaches",
    (
        Column("Breach ID", "breach_id", "text", required=True),
        Column("Date occurred", "date_occurred", "date", required=True),
        Column("Date identified", "date_identified", "date", required=True,
               help="Not before Date occurred"),
        Column("Date reported", "date_reported", "date", clause="9.3",
               help="When reported to the school officer"),
        Column("Staff member", "staff_members", "names", personal=True),
        Column("Staff group", "staff_group", "choice", required=True, choices=STAFF_GROUPS,
               clause="2.1"),
        Column("Policy clause", "policy_clause", "clause", required=True,
               help="A clause of sections 5-7 or Appendix A, e.g. 6.6 or A5.6"),
        Column("Site ID", "site_id", "site_id", help="Optional; must be in the register"),
        Column("Severity", "severity", "choice", required=True, choices=SEVERITIES),
        Column("Safeguarding concern", "safeguarding_concern", "yn", clause="A2.3, A5.6"),
        Column("Referred to", "referred_to", "choice", choices=REFERRED_TO, clause="A2.3, A5.6"),
        Column("Date referred", "date_referred", "date", clause="A2.3, A5.6"),
        Column("Content removed", "content_removed", "date", clause="A5.6"),
        Column("Outcome", "outcome", "choice", required=True, choices=OUTCOMES, clause="9.1, 9.2"),
        Column("Date closed", "date_closed", "date", help="Not before Date identified"),
        Column("Description", "description", "text", personal=True,
               help="Confidential: never shown to governors"),
        Column("Reported by", "reported_by", "names", personal=True),
    ),
    unique=("breach_id",),
)

OBJECTIVES = Sheet(
    "site_evaluation.xlsx",
    "Objectives",
    (
        Column("Site ID", "site_id", "site_id", required=True, help="Must be in the register"),
        Column("Objective ID", "objective_id", "text", required=True),
        Column("Objective", "objective", "text", required=True, clause="A1.7"),
        Column("Measure", "measure", "text", clause="A1.7"),
        Column("Target", "target", "number", required=True, help="Greater than 0"),
        Column("Better when", "better_when", "choice", choices=BETTER_WHEN,
               help="Blank means Higher"),
        Column("Term", "term", "term", required=True, help="e.g. Autumn 2026"),
        Column("Actual", "actual", "number", help="0 or more; blank means no evidence yet"),
    ),
    unique=("site_id", "objective_id", "term"),
)

ACTIVITY = Sheet(
    "site_evaluation.xlsx",
    "Activity",
    (
        Column("Site ID", "site_id", "site_id", required=True, help="Must be in the register"),
        Column("Term", "term", "term", required=True, help="e.g. Autumn 2026"),
        Column("Posts", "posts", "whole", clause="A1.5"),
        Column("Comments received", "comments_received", "whole", clause="A5.3"),
        Column("Comments removed", "comments_removed", "whole", clause="A5.4"),
        Column("Median moderation hours", "median_moderation_hours", "number", clause="A5.4"),
        Column("Followers", "followers", "whole", clause="A1.7"),
        Column("Last post date", "last_post_date", "date", clause="A1.6"),
        Column("Active moderators", "active_moderators", "whole", clause="A5.4"),
    ),
    unique=("site_id", "term"),
)

#: Every sheet, in the order the workbooks are read and reported.
SHEETS: tuple[Sheet, ...] = (REGISTER, BREACHES, OBJECTIVES, ACTIVITY)

#: The workbook files, in reporting order.
WORKBOOKS: tuple[str, ...] = ("approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx")

SETTINGS_FILE = "school.toml"


def sheets_of(file: str) -> tuple[Sheet, ...]:
    """The sheets a workbook must have."""
    return tuple(s for s in SHEETS if s.file == file)
