"""Fictional demo data: a made-up primary school's three workbooks and ``school.toml``.

``stockham-analytics demo --out DIR`` writes them; the copies committed in
``data/`` are exactly what :func:`write_demo` writes (the tests check it).
Everything comes from a fixed seed (:data:`SEED`), so the files are the same
bytes every time. Every person is made up from the small lists below (e.g.
"Ms Amber Quillfeather"); no real person is named.

The data covers four consecutive terms: Autumn 2025, Spring 2026 (moved to
start on 5 January 2026 by ``school.toml``), Summer 2026 and Autumn 2026, the
term the demo pack reports on (1 September to 31 December 2026). It is a
snapshot taken on :data:`AS_OF`, 10 December 2026, in the term's last weeks, when
governors meet: a pack for Autumn 2026 judged that day (``make report`` passes
``--as-of 2026-12-10``) is provisional, and one for Summer 2026 is final. No
date in the workbooks is after that day except planned closure dates, so
``validate --as-of 2026-12-10`` gives no warning. It has 13 sites (8 Live, 2 Closed, 1 each
Proposed, Approved and Rejected) and 30 breaches (7, 7, 7 and 9 by term).

What each site in scope for Autumn 2026 shows (spec section 3), and why::

    site   story                          fails in Autumn 2026 (why)
    SM-01  Year 6 class blog: exemplary   nothing (Green, Meeting objectives, Continue)
    SM-02  Reading buddies: exemplary     nothing; its safeguarding concern BR-23 was
                                          referred the same day and removed the next,
                                          so SAFEGUARDING passes (Green, Continue)
    SM-03  Sports Facebook page           MINIMUM-AGE (Third party, minimum age 13,
                                          pupils aged 7-11); BRAND-APPROVED (logo
                                          shown, brand not approved); VETTING (public
                                          contributors, nobody named to vet) -> Red
    SM-04  Reception phonics (Learnspace) PUPIL-PRIVACY (pupils contribute, privacy
                                          Standard); CONSENT (blank). MINIMUM-AGE
                                          passes: Reception is age 4, minimum age 4
                                          -> Red, Review although Meeting objectives
    SM-05  Music showcase blog            ADMINISTRATORS (one person typed twice in
                                          different case); LOGO (school host, no
                                          logo); ADVERTISING (plan, no approval);
                                          EVALUATION-PLAN (no objectives this term);
                                          no Activity row: ACTIVE and MODERATOR-COVER
                                          Unknown -> Amber, Review
    SM-06  Maths forum (live 2 Feb 2026)  APPROVAL (Head Teacher approved a week after
                                          go-live); MODERATORS (one named);
                                          TERMS-OF-USE (house rules not published);
                                          MODERATOR-COVER (1 active) -> Red; Not meeting
                                          objectives now but Partly in Summer: Review
    SM-07  Year 2 class page 2025-26      CLOSURE-DUE (planned closure 24 Jul 2026
                                          passed, still Live); ACTIVE (last post 30 Sep
                                          2026); MODERATOR-COVER (1 active) -> Amber,
                                          Close. EXIT-PLAN passes (closure after go-live)
    SM-08  Homework help hub              EXIT-PLAN (no planned closure, so CLOSURE-DUE
                                          is N/A); SAFEGUARDING (BR-24 referred after 4
                                          days, removed after 3) -> Red; Not meeting
                                          objectives in Summer and Autumn 2026: Close
    SM-09  Summer fair appeal page        nothing; went live 11 May 2026 and closed
                                          16 Oct 2026: ACTIVE N/A, Closed
    SM-10  Science week live stream       not in scope: closed 20 Mar 2026
    SM-11, SM-12                          pipeline: Proposed, Approved
    SM-13                                 Rejected: neither in scope nor pipeline

So every site check both passes and fails in Autumn 2026 (passes: APPROVAL,
ADMINISTRATORS, MODERATORS, EXIT-PLAN, CLOSURE-DUE, TERMS-OF-USE, EVALUATION-PLAN,
ACTIVE, MODERATOR-COVER on SM-01; LOGO, BRAND-APPROVED, PUPIL-PRIVACY, CONSENT on
SM-01; MINIMUM-AGE on SM-04; VETTING, ADVERTISING, SAFEGUARDING on SM-02).
Breaches of Autumn 2026: REFERRAL passes for BR-23 and BR-27 and fails for
BR-24; REMOVAL passes for BR-23 and fails for BR-24; CONTRACTOR-REPORT passes
for BR-25 (same day) and fails for BR-26 (a week late). Four of them are open
(BR-24, BR-26, BR-27, BR-30), and BR-21 from Summer 2026 is still open.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from stockham_analytics.authoring.entry_templates import column_format, lay_out_sheet
from stockham_analytics.authoring.newfiles import check_new_files, write_new_files
from stockham_analytics.authoring.xlsx import CellValue, new_workbook, workbook_bytes, write_rows
from stockham_analytics.records import GROUPS
from stockham_analytics.terms import Calendar, Term
from stockham_analytics.workbooks.schema import (
    ACTIVITY,
    BREACHES,
    OBJECTIVES,
    REGISTER,
    SETTINGS_FILE,
    WORKBOOKS,
    AnySheet,
    sheets_of,
)

SEED = 20261124
#: The day the demo's workbooks were last updated; the demo pack is judged as of it.
AS_OF = dt.date(2026, 12, 10)

D = dt.date

#: Made-up people: a title, a given name and a whimsical family name.
#: Given names with the titles that go with them.
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("Amber", "Clara", "Esme", "Greta", "Iris", "Luna", "Nell", "Poppy"), ("Ms", "Mrs", "Miss", "Dr")),
    **dict.fromkeys(("Basil", "Dorian", "Felix", "Hugo", "Jasper", "Kit", "Milo", "Otto"), ("Mr", "Dr")),
}
FAMILY_NAMES: tuple[str, ...] = (
    "Quillfeather", "Thistledown", "Pennywhistle", "Bramblecote", "Inkwell", "Mossbank",
    "Puddingstone", "Larkspur", "Fernwhistle", "Hollowmere", "Tumbledown", "Sparrowgate",
    "Copperkettle", "Marigoldson", "Kettleby", "Buttonwood",
)
#: How many fictional people work at the demo school.
STAFF_SIZE = 24

SCHOOL_TOML = """\
# Fictional demo settings for Stockham Primary School (stockham-analytics demo).
[school]
name = "Stockham Primary School"

[policy]                      # the policy's own header: reviewed Sept 2016, review due Sept 2018
reviewed = 2016-09-01
review_due = 2018-09-30

[thresholds]
partly_met_ratio = 0.75
neglect_days = 30
immediate_days = 1

[terms."Spring 2026"]         # back after the winter holiday on Monday 5 January
start = 2026-01-05            # so Autumn 2025 ends on 2026-01-04
"""

TERMS: tuple[Term, ...] = (Term(2025, 2), Term(2026, 0), Term(2026, 1), Term(2026, 2))
CALENDAR = Calendar({Term(2026, 0): D(2026, 1, 5)})
A25, SP26, SU26, A26 = (t.name for t in TERMS)


@dataclass(frozen=True)
class Names:
    """A names cell to fill with fictional staff: how many people and how it is typed."""

    people: int
    repeat_first: bool = False  # type the first person again in lower case (still one person)
    separator: str = "; "


@dataclass(frozen=True)
class Goal:
    """An objective a site sets itself each term (A1.7)."""

    objective_id: str
    objective: str
    measure: str
    target: int
    lower: bool = False  # better when lower


# --- The approval register (spec 1.1) ---------------------------------------------------

#: Fields every site shares unless it says otherwise.
_SITE_DEFAULTS: dict[str, object] = {
    "authors": Names(1),
    "line_managers": Names(1),
    "administrators": Names(2),
    "moderators": Names(2),
    "security_measures": "Comments are held until a moderator approves them",
    "terms_of_use_published": "Y",
    "house_rules_published": "Y",
}

#: One dict per site, by record field (schema Column.field). ``audience`` and
#: ``contributors`` list the ticked groups; ``tick`` is how a tick is typed.
SITES: tuple[dict[str, object], ...] = (
    {
        "site_id": "SM-01", "site_name": "Year 6 Class Blog", "department": "Year 6",
        "platform": "School blog", "host": "School",
        "aims": "Let Year 6 pupils write for a real audience and keep families informed",
        "proposed_content": "Weekly class news, pupils' stories and photos of work (no faces)",
        "audience": ("Pupils", "Staff", "Families"), "contributors": ("Pupils", "Staff"),
        "pupil_age_range": "10-11",
        "moderators": Names(2, repeat_first=True, separator="\n"),
        "consent_arrangements": "Parents sign the class blog consent form each September",
        "evaluation_plan": "Count posts, family comments and pupils published each term",
        "line_manager_approved": D(2024, 6, 10), "data_controller_approved": D(2024, 6, 17),
        "head_teacher_approved": D(2024, 7, 1), "brand_use_approved": "Y",
        "status": "Live", "go_live_date": D(2024, 9, 16),
        "planned_closure_date": D(2027, 7, 23),
        "logo_displayed": "Y", "privacy_setting": "Strongest",
    },
    {
        "site_id": "SM-02", "site_name": "Reading Buddies Exchange", "department": "English",
        "platform": "School blog", "host": "School", "tick": "Yes",
        "aims": "Pair our readers with pupils at two partner schools to share book reviews",
        "proposed_content": "Book reviews and reading recommendations written by pupils",
        "audience": ("Pupils", "Staff", "Families", "Other schools' pupils"),
        "contributors": ("Pupils", "Staff", "Other schools' pupils"),
        "pupil_age_range": "Year 3-6", "moderators": Names(3),
        "external_vetting_by": Names(1),
        "advertising_plan": "Invite partner schools through the local schools' newsletter",
        "advertising_approved": D(2025, 6, 9),
        "consent_arrangements": "Opt-in consent letters for every pupil, renewed each year",
        "evaluation_plan": "Reviews posted and partner pupils taking part, counted termly",
        "line_manager_approved": D(2025, 5, 12), "data_controller_approved": "19/05/2025",
        "head_teacher_approved": D(2025, 6, 2), "brand_use_approved": "Yes",
        "status": "Live", "go_live_date": D(2025, 6, 16),
        "planned_closure_date": D(2027, 7, 16),
        "terms_of_use_published": "Yes", "house_rules_published": "Yes",
        "logo_displayed": "Yes", "privacy_setting": "Strongest",
    },
    {
        "site_id": "SM-03", "site_name": "Stockham Sports Facebook Page", "department": "PE",
        "platform": "Facebook", "host": "Third party", "host_name": "Facebook",
        "platform_minimum_age": 13, "tick": True,
        "aims": "Celebrate team results and tell families about fixtures",
        "proposed_content": "Match reports, fixture lists and team photos",
        "audience": ("Pupils", "Families", "Public"),
        "contributors": ("Staff", "Families", "Public"),
        "pupil_age_range": "7-11",
        "evaluation_plan": "Followers and fixture sign-ups compared with last year",
        "line_manager_approved": D(2024, 2, 5), "data_controller_approved": D(2024, 2, 12),
        "head_teacher_approved": D(2024, 2, 26), "brand_use_approved": "N",
        "status": "Live", "go_live_date": D(2024, 3, 4),
        "planned_closure_date": D(2027, 3, 31),
        "terms_of_use_published": True, "house_rules_published": True,
        "logo_displayed": True, "privacy_setting": "Public",
    },
    {
        "site_id": "SM-04", "site_name": "Reception Phonics Corner", "department": "Early Years",
        "platform": "Learnspace Classroom", "host": "Third party", "host_name": "Learnspace",
        "platform_minimum_age": 4,
        "aims": "Let families practise phonics at home with their children",
        "proposed_content": "Short phonics videos and pupils' voice recordings",
        "audience": ("Pupils", "Staff", "Families"),
        "contributors": ("Pupils", "Staff", "Families"),
        "pupil_age_range": "Reception-Year 2",
        "evaluation_plan": "Families logging in and phonics check results",
        "line_manager_approved": D(2024, 12, 2), "data_controller_approved": D(2024, 12, 9),
        "head_teacher_approved": D(2024, 12, 16),
        "status": "Live", "go_live_date": "2025-01-06",
        "planned_closure_date": D(2027, 12, 17),
        "logo_displayed": "N", "privacy_setting": "Standard",
    },
    {
        "site_id": "SM-05", "site_name": "Music Showcase Blog", "department": "Music",
        "platform": "School blog", "host": "School",
        "aims": "Share concerts and invite local musicians to work with our choirs",
        "proposed_content": "Concert recordings and guest musicians' clips",
        "audience": ("Pupils", "Families", "Public"),
        "contributors": ("Staff", "External organisations"),
        "pupil_age_range": "7 to 11",
        "administrators": Names(1, repeat_first=True, separator=";\n"),
        "external_vetting_by": Names(1),
        "advertising_plan": "Posters at the spring concert inviting local musicians to send clips",
        "evaluation_plan": "Audience at concerts and views of recordings",
        "line_manager_approved": D(2025, 2, 3), "data_controller_approved": D(2025, 2, 10),
        "head_teacher_approved": D(2025, 2, 17), "brand_use_approved": "N",
        "status": "Live", "go_live_date": D(2025, 3, 3),
        "planned_closure_date": D(2027, 7, 23),
        "logo_displayed": "N", "privacy_setting": "Standard",
    },
    {
        "site_id": "SM-06", "site_name": "Maths Challenge Forum", "department": "Maths",
        "platform": "School forum", "host": "School",
        "aims": "Weekly problem-solving challenges for upper Key Stage 2",
        "proposed_content": "A puzzle each week; pupils post their methods",
        "audience": ("Pupils", "Staff"), "contributors": ("Pupils", "Staff"),
        "pupil_age_range": "Y5-Y6", "moderators": Names(1),
        "consent_arrangements": "Consent collected with the computing agreement in September",
        "evaluation_plan": "Pupils taking part and challenges solved",
        "line_manager_approved": D(2026, 1, 12), "data_controller_approved": D(2026, 1, 19),
        "head_teacher_approved": D(2026, 2, 9), "brand_use_approved": "Y",
        "status": "Live", "go_live_date": D(2026, 2, 2),
        "planned_closure_date": D(2027, 2, 1),
        "house_rules_published": "N", "logo_displayed": "Y", "privacy_setting": "Strongest",
    },
    {
        "site_id": "SM-07", "site_name": "Year 2 Class Page 2025-26", "department": "Year 2",
        "platform": "School blog", "host": "School",
        "aims": "Keep Year 2 families up to date for the 2025-26 school year",
        "proposed_content": "Class news, reminders and photos of work",
        "audience": ("Pupils", "Families"), "contributors": ("Staff",),
        "pupil_age_range": "6-7",
        "evaluation_plan": "Family views and replies to reminders",
        "line_manager_approved": D(2025, 7, 7), "data_controller_approved": D(2025, 7, 14),
        "head_teacher_approved": D(2025, 7, 18), "brand_use_approved": "Y",
        "status": "Live", "go_live_date": D(2025, 9, 15),
        "planned_closure_date": D(2026, 7, 24),
        "logo_displayed": "Y", "privacy_setting": "Strongest",
    },
    {
        "site_id": "SM-08", "site_name": "Homework Help Hub", "department": "Key Stage 2",
        "platform": "School learning platform", "host": "School",
        "aims": "Pupils ask and answer homework questions with a teacher on hand",
        "proposed_content": "Homework questions, worked answers and hints",
        "audience": ("Pupils", "Staff", "Families"), "contributors": ("Pupils", "Staff"),
        "pupil_age_range": "9",
        "consent_arrangements": "Consent slip signed by parents before a pupil can post",
        "evaluation_plan": "Questions answered and homework handed in on time",
        "line_manager_approved": D(2024, 10, 7), "data_controller_approved": D(2024, 10, 14),
        "head_teacher_approved": D(2024, 10, 21), "brand_use_approved": "Y",
        "status": "Live", "go_live_date": D(2024, 11, 4),
        "logo_displayed": "Y", "privacy_setting": "Strongest",
    },
    {
        "site_id": "SM-09", "site_name": "Summer Fair Appeal Page",
        "department": "Parents' association",
        "platform": "Facebook", "host": "Third party", "host_name": "Facebook",
        "platform_minimum_age": 13,
        "aims": "Find volunteers and donations for the summer fair, then thank everyone",
        "proposed_content": "Appeals for help, stall rotas and thank-you posts",
        "audience": ("Staff", "Families", "Public"), "contributors": ("Staff", "Families"),
        "advertising_plan": "Ask families in the school newsletter to volunteer for stalls",
        "advertising_approved": D(2026, 4, 27),
        "evaluation_plan": "Volunteers recruited and money raised",
        "line_manager_approved": D(2026, 4, 13), "data_controller_approved": D(2026, 4, 20),
        "head_teacher_approved": D(2026, 4, 27), "brand_use_approved": "Y",
        "status": "Closed", "go_live_date": D(2026, 5, 11),
        "planned_closure_date": D(2026, 10, 31), "closed_date": D(2026, 10, 16),
        "logo_displayed": "Y", "privacy_setting": "Standard",
    },
    {
        "site_id": "SM-10", "site_name": "Science Week Live Stream", "department": "Science",
        "platform": "YouTube", "host": "Third party", "host_name": "YouTube",
        "platform_minimum_age": 13,
        "aims": "Stream science week demonstrations for families who cannot attend",
        "proposed_content": "Recorded experiments presented by staff",
        "audience": ("Families", "Public"), "contributors": ("Staff",),
        "evaluation_plan": "Views of each stream",
        "line_manager_approved": D(2025, 9, 8), "data_controller_approved": D(2025, 9, 15),
        "head_teacher_approved": D(2025, 9, 22), "brand_use_approved": "Y",
        "status": "Closed", "go_live_date": D(2025, 10, 6),
        "planned_closure_date": D(2026, 3, 31), "closed_date": D(2026, 3, 20),
        "logo_displayed": "Y", "privacy_setting": "Public",
    },
    {
        "site_id": "SM-11", "site_name": "Parents' Forum", "department": "Office",
        "platform": "School website", "host": "School",
        "aims": "A place for families to ask the office questions",
        "audience": ("Families",), "contributors": ("Staff", "Families"),
        "line_manager_approved": D(2026, 11, 2),
        "status": "Proposed",
    },
    {
        "site_id": "SM-12", "site_name": "Year 5 Residential Diary", "department": "Year 5",
        "platform": "School blog", "host": "School",
        "aims": "Daily updates for families during the Year 5 residential trip",
        "audience": ("Pupils", "Families"), "contributors": ("Staff",),
        "pupil_age_range": "9-10",
        "line_manager_approved": D(2026, 10, 5), "data_controller_approved": D(2026, 10, 12),
        "head_teacher_approved": D(2026, 10, 19),
        "status": "Approved", "planned_closure_date": D(2027, 6, 30),
    },
    {
        "site_id": "SM-13", "site_name": "Staffroom Quiz League", "department": "Staff social",
        "platform": "Facebook", "host": "Third party", "host_name": "Facebook",
        "platform_minimum_age": 13,
        "aims": "A weekly quiz between staff teams",
        "audience": ("Staff", "Public"), "contributors": ("Staff",),
        "line_manager_approved": D(2026, 3, 2),
        "status": "Rejected",
    },
)

# --- Evaluation (spec 1.3) ----------------------------------------------------------------

GOALS: dict[str, tuple[Goal, ...]] = {
    "SM-01": (Goal("O1", "Publish pupils' writing every week", "Posts in the term", 30),
              Goal("O2", "Hear from families", "Family comments approved", 40),
              Goal("O3", "Keep comments within the house rules", "Comments removed", 5, True)),
    "SM-02": (Goal("O1", "Share book reviews", "Reviews posted", 24),
              Goal("O2", "Involve partner schools", "Partner pupils posting", 20),
              Goal("O3", "Answer quickly", "Median hours to moderate", 24, True)),
    "SM-03": (Goal("O1", "Report every fixture", "Match reports posted", 40),
              Goal("O2", "Grow the page", "New followers", 60)),
    "SM-04": (Goal("O1", "Reach Reception families", "Families logging in", 45),
              Goal("O2", "Post phonics videos", "Videos posted", 12)),
    "SM-05": (Goal("O1", "Share concerts", "Recordings posted", 10),
              Goal("O2", "Bring in local musicians", "Guest clips posted", 6)),
    "SM-06": (Goal("O1", "Set a challenge every week", "Challenges set", 12),
              Goal("O2", "Get pupils taking part", "Pupils posting a method", 30),
              Goal("O3", "Keep it friendly", "Comments removed", 4, True)),
    "SM-07": (Goal("O1", "Keep families informed", "Posts in the term", 20),
              Goal("O2", "Get replies to reminders", "Family replies", 25)),
    "SM-08": (Goal("O1", "Answer homework questions", "Questions answered", 50),
              Goal("O2", "Improve homework hand-in", "Pieces handed in on time", 90),
              Goal("O3", "Keep pupils safe", "Comments removed", 6, True)),
    "SM-09": (Goal("O1", "Recruit volunteers", "Volunteers signed up", 30),
              Goal("O2", "Raise money", "Pounds raised", 1500)),
    "SM-10": (Goal("O1", "Stream every demonstration", "Streams broadcast", 5),
              Goal("O2", "Reach families", "Views", 300)),
}

MET, PART, NOT, NONE = "Met", "Partly met", "Not met", "No evidence"

#: The status each objective is built to have, by site and term (one per Goal, in
#: order; fewer statuses than goals means the later goals were not set that term).
OBJECTIVE_PLAN: dict[str, dict[str, tuple[str, ...]]] = {
    "SM-01": {A25: (MET, MET, MET), SP26: (MET, MET, MET), SU26: (MET, MET, MET),
              A26: (MET, MET, MET)},
    "SM-02": {A25: (MET, PART, MET), SP26: (MET, MET, MET), SU26: (MET, MET, MET),
              A26: (MET, MET, MET)},
    "SM-03": {A25: (MET, NOT), SP26: (PART, MET), SU26: (MET, PART), A26: (PART, MET)},
    "SM-04": {A25: (PART, MET), SP26: (MET, PART), SU26: (MET, MET), A26: (MET, MET)},
    "SM-05": {A25: (MET, PART), SP26: (PART, PART), SU26: (NOT, MET)},
    "SM-06": {SP26: (NONE, NONE), SU26: (PART, MET), A26: (NOT, NOT, MET)},
    "SM-07": {A25: (MET, MET), SP26: (MET, PART), SU26: (PART, PART), A26: (NONE, NONE)},
    "SM-08": {A25: (PART, MET, MET), SP26: (PART, NOT, MET), SU26: (NOT, NOT, MET),
              A26: (NOT, NOT, PART)},
    "SM-09": {SU26: (MET, MET), A26: (MET, PART)},
    "SM-10": {A25: (MET, MET), SP26: (MET, PART)},
}

#: Actuals pinned to show exact thresholds: (site, objective, term) -> actual.
PINNED_ACTUALS: dict[tuple[str, str, str], int] = {
    ("SM-01", "O2", A26): 40,  # exactly the target: ratio 1, Met
    ("SM-01", "O3", A26): 0,  # better when lower, none removed: Met with no ratio
    ("SM-03", "O1", A26): 30,  # 30 of 40: ratio exactly 0.75, Partly met
}

#: Site and term with no Activity row although the site is in scope (checks Unknown).
MISSING_ACTIVITY = frozenset({("SM-05", A26)})
#: Last post dates that tell a story: (site, term) -> date.
LAST_POST: dict[tuple[str, str], object] = {
    ("SM-07", A26): D(2026, 9, 30),  # neglected: 92 days before the term ends
    ("SM-09", A26): D(2026, 10, 15),  # closed the next day
    ("SM-10", SP26): D(2026, 3, 19),  # closed the next day
    ("SM-01", SP26): "2026-03-27",  # typed as ISO text
    ("SM-02", A26): "09/12/2026",  # typed as UK text
    ("SM-04", A26): D(2026, 11, 18),  # 22 days before the demo's as-of date: worth a note
}
#: Followers that tell a story: SM-02 lost more than half its followers in Autumn 2026
#: (a note on its page, not a breach).
FOLLOWERS: dict[tuple[str, str], int] = {("SM-02", A26): 90}
#: Active moderators that tell a story (otherwise 2 or 3).
ACTIVE_MODERATORS: dict[tuple[str, str], int] = {("SM-07", A26): 1, ("SM-06", A26): 1}
#: Terms typed in lower case, to show that case does not matter.
LOWER_CASE_TERMS = frozenset({("SM-03", A25)})

# --- The breach log (spec 1.2) ------------------------------------------------------------

BREACH_FIELDS: tuple[str, ...] = (
    "breach_id", "date_occurred", "date_identified", "date_reported", "staff_group",
    "policy_clause", "site_id", "severity", "safeguarding_concern", "referred_to",
    "date_referred", "content_removed", "outcome", "date_closed", "description",
)
_N = None
#: The 30 breaches, in the order of BREACH_FIELDS (names are added from the staff list).
BREACH_ROWS: tuple[tuple[object, ...], ...] = (
    # Autumn 2025
    ("BR-01", D(2025, 9, 10), D(2025, 9, 11), D(2025, 9, 11), "Teaching staff", "6.6", _N,
     "Low", "N", _N, _N, _N, "Advice and guidance", D(2025, 9, 18),
     "Accepted a friend request from a pupil on a personal account"),
    ("BR-02", D(2025, 9, 24), D(2025, 9, 29), D(2025, 9, 29), "Support staff", "6.9", _N,
     "Medium", "N", _N, _N, _N, "Formal warning", D(2025, 10, 20),
     "Posted a sports day photo showing pupils on a personal page"),
    ("BR-03", D(2025, 10, 8), D(2025, 10, 8), D(2025, 10, 8), "Contractor", "6.10", _N,
     "Low", "N", _N, _N, _N, "Contractor procedure", D(2025, 10, 22),
     "Used a school email address to open a personal social media account"),
    ("BR-04", D(2025, 11, 3), D(2025, 11, 4), D(2025, 11, 4), "Volunteer", "A5.6", "SM-03",
     "High", "Y", "Police", D(2025, 11, 4), D(2025, 11, 4), "Advice and guidance",
     D(2025, 11, 20), "Approved a threatening comment about a pupil; removed the same day"),
    ("BR-05", D(2025, 11, 15), D(2025, 11, 17), D(2025, 11, 17), "Governor", "5.3", _N,
     "Low", "N", _N, _N, _N, "No further action", D(2025, 11, 24),
     "Gave a personal view on the school budget as if it were the school's"),
    ("BR-06", D(2025, 12, 1), D(2025, 12, 2), D(2025, 12, 2), "Trainee", "A4.9", "SM-01",
     "Low", "No", _N, _N, _N, "Advice and guidance", D(2025, 12, 5),
     "Gave a personal phone number in a reply on the class blog"),
    ("BR-07", D(2025, 12, 10), D(2025, 12, 15), D(2025, 12, 18), "Contractor", "5.4", "SM-05",
     "Medium", "N", _N, _N, _N, "Contractor procedure", D(2026, 1, 20),
     "The blog's web contractor discussed a pupil's details on a public forum"),
    # Spring 2026 (from 5 January)
    ("BR-08", D(2026, 1, 12), "2026-01-13", D(2026, 1, 13), "Teaching staff", "6.2", _N,
     "High", "Y", "LADO", D(2026, 1, 16), _N, "Disciplinary action", D(2026, 3, 2),
     "Sent messages to a pupil through a personal social media account"),
    ("BR-09", D(2026, 1, 26), D(2026, 1, 27), D(2026, 1, 27), "Support staff", "6.8", _N,
     "Medium", "N", _N, _N, _N, "Formal warning", D(2026, 2, 10),
     "Discussed a family's circumstances on a personal page"),
    ("BR-10", D(2026, 2, 3), D(2026, 2, 3), D(2026, 2, 3), "Teaching staff", "A3.6", "SM-06",
     "Medium", "N", _N, _N, _N, "Advice and guidance", D(2026, 2, 20),
     "Opened the maths forum before the Head Teacher had approved it"),
    ("BR-11", D(2026, 2, 9), D(2026, 2, 10), D(2026, 2, 10), "Volunteer", "6.12", _N,
     "Low", "N", _N, _N, _N, "No further action", D(2026, 2, 12),
     "Used the school logo as a profile picture on a personal account"),
    ("BR-12", D(2026, 2, 23), D(2026, 2, 24), D(2026, 2, 24), "Teaching staff", "A5.2",
     "SM-08", "Medium", True, "Children's social care", D(2026, 2, 24), D(2026, 2, 27),
     "Formal warning", D(2026, 3, 20),
     "- A pupil's full name and address were visible in a shared screenshot"),
    ("BR-13", D(2026, 3, 4), D(2026, 3, 5), _N, "Contractor", "5.4", "SM-10", "Low", "N",
     _N, _N, _N, "Contractor procedure", D(2026, 3, 27),
     "Streaming crew named a pupil on air; the school heard from a parent"),
    ("BR-14", D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 18), "Trainee", "6.1", _N, "Low",
     "N", _N, _N, _N, "Advice and guidance", D(2026, 3, 25),
     "Named the school as employer on a personal profile"),
    # Summer 2026
    ("BR-15", D(2026, 4, 20), D(2026, 4, 21), D(2026, 4, 21), "Teaching staff", "6.11", _N,
     "Low", "N", _N, _N, _N, "Advice and guidance", D(2026, 4, 28),
     "Edited an online encyclopaedia page from a school computer"),
    ("BR-16", D(2026, 5, 5), D(2026, 5, 6), D(2026, 5, 6), "Support staff", "5.5", _N,
     "High", "N", _N, _N, _N, "Dismissal", D(2026, 7, 10),
     "Posted insulting remarks about a colleague"),
    ("BR-17", D(2026, 5, 18), "18/05/2026", D(2026, 5, 18), "Governor", "6.4", _N, "Medium",
     "N", _N, _N, _N, "Advice and guidance", D(2026, 6, 1),
     "Argued with a pupil's parent through a personal account"),
    ("BR-18", D(2026, 6, 8), D(2026, 6, 9), D(2026, 6, 9), "Volunteer", "A5.7", "SM-09",
     "Medium", "N", _N, _N, _N, "Advice and guidance", D(2026, 6, 15),
     "Accepted an unvetted adult as a friend of the appeal page"),
    ("BR-19", D(2026, 6, 22), D(2026, 6, 23), D(2026, 6, 23), "Teaching staff", "A5.6",
     "SM-02", "High", "Yes", "CEOP", D(2026, 6, 23), D(2026, 6, 23), "No further action",
     D(2026, 7, 1), "An outsider posted a comment grooming a pupil; removed and reported"),
    ("BR-20", D(2026, 7, 6), D(2026, 7, 8), D(2026, 7, 8), "Contractor", "6.13", _N, "Low",
     "N", _N, _N, _N, "Contractor procedure", D(2026, 7, 29),
     "Spent working hours on personal social media"),
    ("BR-21", D(2026, 7, 14), D(2026, 7, 14), D(2026, 7, 14), "Trainee", "6.7", _N,
     "Medium", "Y", "LADO", D(2026, 7, 15), _N, "Under investigation", _N,
     "Contacted pupils through personal social media after the placement ended"),
    # Autumn 2026
    ("BR-22", D(2026, 9, 7), D(2026, 9, 8), D(2026, 9, 8), "Teaching staff", "6.6", _N,
     "Low", "N", _N, _N, _N, "Advice and guidance", D(2026, 9, 15),
     "Accepted a friend request from a former pupil's younger sibling"),
    ("BR-23", D(2026, 9, 16), D(2026, 9, 17), D(2026, 9, 17), "Volunteer", "A5.6", "SM-02",
     "High", "Y", "CEOP", D(2026, 9, 17), D(2026, 9, 18), "Advice and guidance",
     D(2026, 10, 2), "Let through a comment that put a pupil at risk; removed next morning"),
    ("BR-24", D(2026, 10, 3), D(2026, 10, 5), D(2026, 10, 5), "Support staff", "A5.6",
     "SM-08", "High", "Y", "LADO", D(2026, 10, 9), D(2026, 10, 8), "Under investigation",
     _N, "Left a comment that put a pupil at risk online for three days"),
    ("BR-25", D(2026, 10, 12), D(2026, 10, 12), D(2026, 10, 12), "Contractor", "6.10", _N,
     "Low", "N", _N, _N, _N, "Contractor procedure", D(2026, 10, 30),
     "Used a school email address to contact a supplier on social media"),
    ("BR-26", D(2026, 10, 19), D(2026, 10, 20), D(2026, 10, 27), "Contractor", "5.4",
     "SM-05", "Medium", "N", "ICO", D(2026, 10, 28), _N, "Contractor procedure", _N,
     "Recording engineer posted rehearsal notes naming pupils"),
    ("BR-27", D(2026, 11, 1), D(2026, 11, 2), D(2026, 11, 2), "Teaching staff", "6.2", _N,
     "High", "Y", "LADO", D(2026, 11, 3), _N, "Under investigation", _N,
     "Private messages with a pupil on a personal account"),
    ("BR-28", D(2026, 11, 9), D(2026, 11, 10), D(2026, 11, 10), "Governor", "5.2", _N,
     "Medium", "N", _N, _N, _N, "No further action", D(2026, 11, 17),
     "A post about a local dispute that could bring the school into disrepute"),
    ("BR-29", D(2026, 11, 12), D(2026, 11, 13), D(2026, 11, 13), "Trainee", "6.9", _N,
     "Medium", "N", _N, _N, _N, "Formal warning", D(2026, 11, 20),
     "Posted a class photo on a personal page"),
    ("BR-30", D(2026, 11, 18), D(2026, 11, 19), D(2026, 11, 19), "Support staff", "A2.5",
     "SM-03", "Medium", "N", _N, _N, _N, "Under investigation", _N,
     "A pupil under the platform's minimum age joined the sports page"),
)


# --- Writing ---------------------------------------------------------------------------------


def write_demo(out: Path) -> list[Path]:
    """Write the demo's three workbooks and ``school.toml`` into ``out``; returns their paths.

    Nothing is written when any of them is already there, or ``out`` holds workbooks."""
    check_new_files(out, [*WORKBOOKS, SETTINGS_FILE], "demo")
    rng = random.Random(SEED)
    staff = staff_list(rng)
    rows = {
        REGISTER.name: [_site_row(site, rng, staff) for site in SITES],
        BREACHES.name: [_breach_row(row, rng, staff) for row in BREACH_ROWS],
        OBJECTIVES.name: list(_objective_rows(rng)),
        ACTIVITY.name: list(_activity_rows(rng)),
    }
    files = {file: workbook_bytes(_workbook(file, rows)) for file in WORKBOOKS}
    files[SETTINGS_FILE] = SCHOOL_TOML.encode("utf-8")
    return write_new_files(out, files, "demo")


def staff_list(rng: random.Random) -> list[str]:
    """The fictional people of the demo school, e.g. ``Ms Amber Quillfeather``."""
    people = [(g, f) for g in GIVEN_NAMES for f in FAMILY_NAMES]
    chosen = rng.sample(people, STAFF_SIZE)
    return [f"{rng.choice(GIVEN_NAMES[g])} {g} {f}" for g, f in chosen]


def _workbook(file: str, rows: Mapping[str, Sequence[Mapping[str, object]]]) -> Workbook:
    book = new_workbook()
    for sheet in sheets_of(file):
        _write_sheet(book.create_sheet(sheet.name), sheet, rows[sheet.name])
    return book


def _write_sheet(ws: Worksheet, sheet: AnySheet, rows: Sequence[Mapping[str, object]]) -> None:
    lay_out_sheet(ws, sheet)
    formats = [column_format(c) for c in sheet.columns]
    cells = ([_cell(row.get(c.field)) for c in sheet.columns] for row in rows)
    write_rows(ws, cells, first_row=2, formats=formats)


def _cell(value: object) -> CellValue:
    if value is None or isinstance(value, (str, int, float, bool, dt.date)):
        return value
    raise TypeError(f"the demo cannot write {value!r}")


def _names(spec: Names, rng: random.Random, staff: Sequence[str]) -> str:
    people = rng.sample(list(staff), spec.people)
    if spec.repeat_first:
        people.append(people[0].lower())
    return spec.separator.join(people)


def _site_row(
    site: Mapping[str, object], rng: random.Random, staff: list[str]
) -> dict[str, object]:
    fields = {**_SITE_DEFAULTS, **site}
    row = {k: _names(v, rng, staff) if isinstance(v, Names) else v for k, v in fields.items()}
    tick = fields.get("tick", "Y")
    for side in ("audience", "contributors"):
        ticked = fields.get(side, ())
        assert isinstance(ticked, tuple)
        row.update({f"{side}:{g}": tick if g in ticked else None for g in GROUPS})
    if fields["status"] in {"Proposed", "Rejected"}:
        row.update(administrators=None, moderators=None)
    return row


def _breach_row(
    values: Sequence[object], rng: random.Random, staff: list[str]
) -> dict[str, object]:
    row = dict(zip(BREACH_FIELDS, values, strict=True))
    people = 2 if row["breach_id"] in {"BR-16", "BR-29"} else 1
    row["staff_members"] = _names(Names(people), rng, staff)
    row["reported_by"] = _names(Names(1), rng, staff)
    return row


def _objective_rows(rng: random.Random) -> Iterator[dict[str, object]]:
    for term in TERMS:
        for site_id, plan in OBJECTIVE_PLAN.items():
            statuses = plan.get(term.name, ())
            for goal, status in zip(GOALS[site_id], statuses, strict=False):
                yield _objective_row(site_id, goal, term.name, status, rng)


def _objective_row(
    site_id: str, goal: Goal, term: str, status: str, rng: random.Random
) -> dict[str, object]:
    pinned = PINNED_ACTUALS.get((site_id, goal.objective_id, term))
    actual = pinned if pinned is not None else actual_for(status, goal.target, goal.lower, rng)
    better = "Lower" if goal.lower else ("Higher" if goal.objective_id == "O1" else None)
    return {
        "site_id": site_id, "objective_id": goal.objective_id, "objective": goal.objective,
        "measure": goal.measure, "target": goal.target, "better_when": better,
        "term": term, "actual": actual,
    }


def actual_for(status: str, target: int, lower: bool, rng: random.Random) -> int | None:
    """A whole-number Actual that gives ``status`` against ``target`` (spec 4, ratio 0.75)."""
    if status == NONE:
        return None
    low, high = _lower_band(status, target) if lower else _higher_band(status, target)
    return rng.randint(low, high)


def _higher_band(status: str, target: int) -> tuple[int, int]:
    partly = math.ceil(target * 3 / 4)  # smallest actual with actual/target >= 0.75
    bands = {MET: (target, target * 13 // 10), PART: (partly, target - 1),
             NOT: (target // 3, partly - 1)}
    return bands[status]


def _lower_band(status: str, target: int) -> tuple[int, int]:
    partly = target * 4 // 3  # largest actual with target/actual >= 0.75
    bands = {MET: (0, target), PART: (target + 1, partly), NOT: (partly + 1, target * 2)}
    return bands[status]


def in_scope(site: Mapping[str, object], term: Term) -> bool:
    """Spec 2: Live or Closed, live by the term's end, not closed before its start."""
    if site["status"] not in {"Live", "Closed"}:
        return False
    go_live, closed = _date(site["go_live_date"]), site.get("closed_date")
    if go_live > CALENDAR.end(term):
        return False
    return closed is None or _date(closed) >= CALENDAR.start(term)


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if "/" in text:
        day, month, year = (int(p) for p in text.split("/"))
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def _activity_rows(rng: random.Random) -> Iterator[dict[str, object]]:
    for term in TERMS:
        for site in SITES:
            key = (str(site["site_id"]), term.name)
            if in_scope(site, term) and key not in MISSING_ACTIVITY:
                yield _activity_row(key, term, rng)


def _usual_last_post(term: Term, days: int) -> dt.date:
    """``days`` (14 to 28) before the term's end; in the snapshot's term, 0 to 14 days before
    :data:`AS_OF`."""
    if term == TERMS[-1]:
        return AS_OF - dt.timedelta(days=days - 14)
    return CALENDAR.end(term) - dt.timedelta(days=days)


def _usual_followers(site_id: str, term: Term, noise: int) -> int:
    """Followers growing steadily term by term (``noise``: 40 to 400)."""
    site_number = int(site_id.removeprefix("SM-"))
    return 100 + 10 * site_number + 40 * TERMS.index(term) + noise // 10


def _activity_row(key: tuple[str, str], term: Term, rng: random.Random) -> dict[str, object]:
    posts = rng.randint(12, 60)
    received = rng.randint(posts // 2, posts * 2)
    last_post = LAST_POST.get(key, _usual_last_post(term, rng.randint(14, 28)))
    followers = FOLLOWERS.get(key, _usual_followers(key[0], term, rng.randint(40, 400)))
    return {
        "site_id": key[0],
        "term": key[1].lower() if key in LOWER_CASE_TERMS else key[1],
        "posts": posts, "comments_received": received,
        "comments_removed": rng.randint(0, received // 10),
        "median_moderation_hours": rng.randint(2, 40) / 2,
        "followers": followers, "last_post_date": last_post,
        "active_moderators": ACTIVE_MODERATORS.get(key, rng.choice((2, 2, 3))),
    }

