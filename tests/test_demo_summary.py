"""summary.json for the demo data agrees with a hand count of the demo workbooks (Autumn 2026).

Every number below was counted by reading the rows of data/*.xlsx (printed with
openpyxl), not by running the engine. Autumn 2026 runs 01/09/2026 to 31/12/2026 and
the demo pack judges it as of 10/12/2026, the day the demo's workbooks were last
updated (``make report`` passes ``--as-of 2026-12-10``), so the pack is provisional:
data/school.toml moves only Spring 2026, and Spring 2027 starts on 1 January by
default. Settings: partly_met_ratio 0.75, neglect_days 30, immediate_days 1.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from stockham_analytics.evaluation.catalogue import SITE_CHECK_IDS
from stockham_analytics.pack.build import build_report
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.schema import SHEETS

DATA = Path(__file__).resolve().parents[1] / "data"
AUTUMN_2026 = Term(2026, 2)
AS_OF = dt.date(2026, 12, 10)


@pytest.fixture(scope="module")
def summary_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """summary.json as `report --data data --term "Autumn 2026" --as-of 2026-12-10` writes it
    (no pages)."""
    out = tmp_path_factory.mktemp("demo-pack") / "autumn-2026"
    build_report(DATA, AUTUMN_2026, out, pages=False, as_of=AS_OF)
    return (out / "summary.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def summary(summary_text: str) -> dict[str, Any]:
    """The demo's summary.json, parsed."""
    parsed: dict[str, Any] = json.loads(summary_text)
    return parsed


@pytest.fixture(scope="module")
def sites(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The summary's sites by Site ID."""
    return {s["site_id"]: s for s in summary["sites"]}


# --- spec 2: which records the term covers -----------------------------------------------

# Register, by Status and dates:
#   SM-01..SM-08 Live, gone live between 04/03/2024 (SM-03) and 02/02/2026 (SM-06): in scope.
#   SM-09 Closed 16/10/2026, not before 01/09/2026: in scope.
#   SM-10 Closed 20/03/2026, before the term's start: out.
#   SM-11 Proposed, SM-12 Approved: pipeline. SM-13 Rejected: neither.
IN_SCOPE = ["SM-01", "SM-02", "SM-03", "SM-04", "SM-05", "SM-06", "SM-07", "SM-08", "SM-09"]
PIPELINE = [{"site_id": "SM-11", "status": "Proposed"}, {"site_id": "SM-12", "status": "Approved"}]


def test_sites_in_scope_and_pipeline(summary: dict[str, Any]) -> None:
    """SM-01..SM-09 are evaluated in Site ID order; SM-11 and SM-12 are the pipeline."""
    assert [s["site_id"] for s in summary["sites"]] == IN_SCOPE
    assert summary["pipeline"] == PIPELINE


def test_term_school_and_policy(summary: dict[str, Any]) -> None:
    """The term's dates, the school's name and an overdue policy review (due 30/09/2018)."""
    assert (summary["school"], summary["term"], summary["term_start"], summary["term_end"]) == (
        "Stockham Primary School", "Autumn 2026", "2026-09-01", "2026-12-31")
    assert (summary["as_of"], summary["provisional"]) == ("2026-12-10", True)
    assert summary["policy"] == {"review_due": "2018-09-30", "POLICY-REVIEW": "Fail"}
    assert list(summary["inputs"]) == [
        "approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx", "school.toml"]


# --- the term's breaches --------------------------------------------------------------------

# Breach log rows with Date identified in 01/09/2026..31/12/2026: BR-22 to BR-30, nine.
#   id     identified group          clause sev    safeg. site  outcome              closed
#   BR-22  08/09      Teaching staff 6.6    Low    -      -     Advice and guidance  15/09
#   BR-23  17/09      Volunteer      A5.6   High   Y      SM-02 Advice and guidance  02/10
#          referred CEOP 17/09 (0 days): REFERRAL Pass; removed 18/09 (1 day): REMOVAL Pass
#   BR-24  05/10      Support staff  A5.6   High   Y      SM-08 Under investigation  -
#          referred LADO 09/10 (4 days): REFERRAL Fail; removed 08/10 (3 days): REMOVAL Fail
#   BR-25  12/10      Contractor     6.10   Low    -      -     Contractor procedure 30/10
#          reported 12/10 (0 days): CONTRACTOR-REPORT Pass
#   BR-26  20/10      Contractor     5.4    Medium -      SM-05 Contractor procedure -
#          reported 27/10 (7 days): CONTRACTOR-REPORT Fail; referred to ICO but not a
#          safeguarding concern, so REFERRAL and REMOVAL are N/A
#   BR-27  02/11      Teaching staff 6.2    High   Y      -     Under investigation  -
#          referred LADO 03/11 (1 day): REFERRAL Pass; no Site ID: REMOVAL N/A
#   BR-28  10/11      Governor       5.2    Medium -      -     No further action    17/11
#   BR-29  13/11      Trainee        6.9    Medium -      -     Formal warning       20/11
#   BR-30  19/11      Support staff  A2.5   Medium -      SM-03 Under investigation  -
# Open (Under investigation or no Date closed): BR-24, BR-26, BR-27, BR-30 = 4.
# (BR-21 of Summer 2026 is open too, but the summary counts the term's breaches only.)
BREACHES = {
    "total": 9,
    "open": 4,
    "safeguarding": 3,  # BR-23, BR-24, BR-27
    "by_clause": {"6.6": 1, "A5.6": 2, "6.10": 1, "5.4": 1, "6.2": 1, "5.2": 1, "6.9": 1,
                  "A2.5": 1},
    "by_severity": {"Low": 2, "Medium": 4, "High": 3},
    "by_outcome": {"Advice and guidance": 2, "Under investigation": 3,
                   "Contractor procedure": 2, "No further action": 1, "Formal warning": 1},
    "checks": {"REFERRAL": {"Pass": 2, "Fail": 1}, "REMOVAL": {"Pass": 1, "Fail": 1},
               "CONTRACTOR-REPORT": {"Pass": 1, "Fail": 1}},
}


def test_breach_counts(summary: dict[str, Any]) -> None:
    """Totals, open, safeguarding, and counts by clause, severity, outcome and check."""
    assert summary["breaches"] == BREACHES
    assert next(iter(summary["breaches"]["by_clause"])) == "A5.6"  # the most frequent first


# --- sites: objectives, checks, RAG and recommendation ------------------------------------

# Objectives for Autumn 2026 (status at ratio >= 1 Met, >= 0.75 Partly met):
#   SM-01 O1 34/30 Met, O2 40/40 Met, O3 lower, Actual 0: Met, ratio null -> Meeting
#   SM-02 O1 27/24, O2 25/20, O3 lower 24/20: all Met -> Meeting
#   SM-03 O1 30/40 = 0.75 exactly Partly met, O2 70/60 Met -> Partly meeting
#   SM-04 O1 54/45, O2 12/12: Met -> Meeting
#   SM-05 no objectives for the term -> No evidence
#   SM-06 O1 7/12 Not met, O2 17/30 Not met, O3 lower 4/2 Met: 2 of 3 Not met -> Not meeting
#   SM-07 O1, O2 have no Actual -> No evidence
#   SM-08 O1 25/50 Not met, O2 55/90 Not met, O3 lower 6/8 = 0.75 Partly met -> Not meeting
#   SM-09 O1 38/30 Met, O2 1244/1500 = 0.829 Partly met -> Partly meeting
VERDICTS = {
    "SM-01": "Meeting objectives", "SM-02": "Meeting objectives",
    "SM-03": "Partly meeting objectives", "SM-04": "Meeting objectives", "SM-05": "No evidence",
    "SM-06": "Not meeting objectives", "SM-07": "No evidence",
    "SM-08": "Not meeting objectives", "SM-09": "Partly meeting objectives",
}

# RAG and recommendation, with the reasons read off the register, Activity rows and breaches:
RAG_AND_RECOMMENDATION = {
    # Every check Pass or N/A (2 admins; "mrs esme hollowmere" repeats a moderator, leaving 2;
    # last post 03/12, 7 days before 10/12; 2 active moderators) -> Green; Meeting and Green
    # -> Continue.
    "SM-01": ("Green", "Continue"),
    # Every check Pass or N/A; its one safeguarding concern BR-23 passed both checks -> Green;
    # Meeting and Green -> Continue.
    "SM-02": ("Green", "Continue"),
    # Facebook (minimum age 13) with pupils aged 7-11 in the audience: MINIMUM-AGE Fail -> Red
    # (also BRAND-APPROVED and VETTING Fail). Planned closure 31/03/2027 -> Review.
    "SM-03": ("Red", "Review"),
    # Pupils contribute with privacy Standard: PUPIL-PRIVACY Fail -> Red; Meeting, but not Green
    # -> Review.
    "SM-04": ("Red", "Review"),
    # One distinct administrator, logo not shown, advertising unapproved, no objectives: Fails of
    # non-red checks; no Autumn 2026 Activity row: ACTIVE and MODERATOR-COVER Unknown -> Amber;
    # No evidence -> Review.
    "SM-05": ("Amber", "Review"),
    # Head Teacher approved 09/02/2026 after go-live 02/02/2026: APPROVAL Fail; one moderator:
    # MODERATORS Fail -> Red. Not meeting now, but Partly meeting in Summer 2026 (10/12, 37/30)
    # -> not two terms running -> Review.
    "SM-06": ("Red", "Review"),
    # Planned closure 24/07/2026, still Live on 10/12/2026: CLOSURE-DUE Fail (Amber, not a red
    # check); last post 30/09 (71 days before 10/12): ACTIVE Fail -> Amber; CLOSURE-DUE Fail
    # -> Close.
    "SM-07": ("Amber", "Close"),
    # BR-24 on SM-08 failed REFERRAL and REMOVAL: SAFEGUARDING Fail -> Red. Not meeting in Autumn
    # 2026 and in Summer 2026 (34/50, 49/90 Not met; 5 vs 6 lower Met), when it was in scope
    # (live since 04/11/2024) -> Close.
    "SM-08": ("Red", "Close"),
    # Closed 16/10/2026, before 10/12/2026: every check Pass or N/A -> Green; not live on the
    # judgement date -> Closed.
    "SM-09": ("Green", "Closed"),
}


@pytest.mark.parametrize("site_id", IN_SCOPE)
def test_verdict_rag_and_recommendation(sites: dict[str, dict[str, Any]], site_id: str) -> None:
    """Each site's objectives verdict, RAG and recommendation are as counted by hand."""
    site = sites[site_id]
    assert site["objectives_verdict"] == VERDICTS[site_id]
    assert (site["rag"], site["recommendation"]) == RAG_AND_RECOMMENDATION[site_id]


def test_objectives_of_a_few_sites(sites: dict[str, dict[str, Any]]) -> None:
    """Targets and actuals as typed, exact ratios, nulls where there is no ratio or evidence."""
    assert sites["SM-01"]["objectives"] == [
        {"objective_id": "O1", "target": 30, "actual": 34, "ratio": 34 / 30, "status": "Met"},
        {"objective_id": "O2", "target": 40, "actual": 40, "ratio": 1.0, "status": "Met"},
        {"objective_id": "O3", "target": 5, "actual": 0, "ratio": None, "status": "Met"},
    ]
    assert sites["SM-03"]["objectives"][0] == {
        "objective_id": "O1", "target": 40, "actual": 30, "ratio": 0.75, "status": "Partly met"}
    assert [(o["actual"], o["ratio"], o["status"]) for o in sites["SM-07"]["objectives"]] == [
        (None, None, "No evidence")] * 2
    assert sites["SM-05"]["objectives"] == []


# Register, Activity and breaches, check by check, for two sites:
SM03_CHECKS = {
    "APPROVAL": "Pass",  # 05/02, 12/02, 26/02/2024, all before go-live 04/03/2024
    "ADMINISTRATORS": "Pass", "MODERATORS": "Pass",  # two different names each
    "EXIT-PLAN": "Pass", "CLOSURE-DUE": "Pass",  # planned 31/03/2027
    "MINIMUM-AGE": "Fail",  # third party, minimum 13, youngest pupil 7
    "TERMS-OF-USE": "Pass", "LOGO": "N/A",  # hosted by a third party
    "BRAND-APPROVED": "Fail",  # logo displayed (TRUE), Brand use approved blank
    "PUPIL-PRIVACY": "N/A",  # pupils are audience only
    "VETTING": "Fail",  # Public contributes, External vetting by blank
    "ADVERTISING": "N/A", "CONSENT": "N/A",
    "EVALUATION-PLAN": "Pass",  # plan and 2 objectives
    "ACTIVE": "Pass",  # last post 08/12/2026, 2 days before the as-of date 10/12/2026
    "MODERATOR-COVER": "Pass",  # 2 active
    "SAFEGUARDING": "N/A",  # BR-30 on SM-03 is not a safeguarding concern
}
SM08_CHECKS = {
    "APPROVAL": "Pass", "ADMINISTRATORS": "Pass", "MODERATORS": "Pass",
    "EXIT-PLAN": "Fail",  # no Planned closure date
    "CLOSURE-DUE": "N/A",  # ... so there is nothing to be overdue
    "MINIMUM-AGE": "N/A",  # hosted by the school
    "TERMS-OF-USE": "Pass", "LOGO": "Pass", "BRAND-APPROVED": "Pass",
    "PUPIL-PRIVACY": "Pass",  # pupils contribute, Strongest
    "VETTING": "N/A", "ADVERTISING": "N/A",
    "CONSENT": "Pass",  # consent slip recorded
    "EVALUATION-PLAN": "Pass", "ACTIVE": "Pass", "MODERATOR-COVER": "Pass",
    "SAFEGUARDING": "Fail",  # BR-24: referred after 4 days, removed after 3
}


def test_checks_of_two_sites(sites: dict[str, dict[str, Any]]) -> None:
    """SM-03 and SM-08 get every check as worked out from their rows, in spec 3's order."""
    assert sites["SM-03"]["checks"] == SM03_CHECKS
    assert sites["SM-08"]["checks"] == SM08_CHECKS
    assert all(list(s["checks"]) == list(SITE_CHECK_IDS) for s in sites.values())


# Where each of the 17 checks passes and fails (one example each, from the rows):
PASS_AND_FAIL = {
    "APPROVAL": ("SM-01", "SM-06"),  # SM-06: Head Teacher approved after go-live
    "ADMINISTRATORS": ("SM-01", "SM-05"),  # SM-05: one name typed twice
    "MODERATORS": ("SM-01", "SM-06"),  # SM-06: one moderator
    "EXIT-PLAN": ("SM-01", "SM-08"),  # SM-08: no planned closure date
    "CLOSURE-DUE": ("SM-09", "SM-07"),  # SM-09 closed 16/10, before its planned 31/10
    "MINIMUM-AGE": ("SM-04", "SM-03"),  # SM-04: Reception is age 4, platform minimum 4
    "TERMS-OF-USE": ("SM-01", "SM-06"),  # SM-06: no house rules
    "LOGO": ("SM-01", "SM-05"),  # SM-05: school-hosted, no logo
    "BRAND-APPROVED": ("SM-01", "SM-03"),
    "PUPIL-PRIVACY": ("SM-01", "SM-04"),
    "VETTING": ("SM-02", "SM-03"),  # SM-02 names a vetter for partner schools' pupils
    "ADVERTISING": ("SM-02", "SM-05"),  # SM-05: poster plan, no approval date
    "CONSENT": ("SM-01", "SM-04"),
    "EVALUATION-PLAN": ("SM-01", "SM-05"),  # SM-05: no objectives for Autumn 2026
    "ACTIVE": ("SM-01", "SM-07"),
    "MODERATOR-COVER": ("SM-01", "SM-06"),  # SM-06: 1 active moderator
    "SAFEGUARDING": ("SM-02", "SM-08"),
}


def test_every_site_check_passes_somewhere_and_fails_elsewhere(
    sites: dict[str, dict[str, Any]]
) -> None:
    """For each of the 17 site checks, the site expected to pass passes and the other fails."""
    assert list(PASS_AND_FAIL) == list(SITE_CHECK_IDS)
    for check_id, (passes, fails) in PASS_AND_FAIL.items():
        assert (sites[passes]["checks"][check_id], sites[fails]["checks"][check_id]) == (
            "Pass", "Fail"), check_id


# --- spec 7 -------------------------------------------------------------------------------


def _personal_text() -> set[str]:
    """Every name typed in a names column and every breach Description of the demo."""
    found: set[str] = set()
    for sheet in SHEETS:
        private = {c.header for c in sheet.columns if c.personal or c.header == "Description"}
        rows = openpyxl.load_workbook(DATA / sheet.file)[sheet.name].iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        for row in rows:
            for head, value in zip(header, row, strict=False):
                if head in private and isinstance(value, str):
                    found |= {p.strip() for p in re.split(r"[;\n]", value) if p.strip()}
    return found


def test_no_name_or_description_reaches_the_summary(summary_text: str) -> None:
    """No name from the demo's names columns and no Description appears in summary.json."""
    private = _personal_text()
    assert len(private) > 40  # the demo names many people and describes 30 breaches
    surnames = {p.split()[-1] for p in private if re.fullmatch(r"(Ms|Mrs|Miss|Dr|Mr) \w+ \w+", p)}
    assert len(surnames) > 5
    text = summary_text.casefold()
    assert not [p for p in private | surnames if p.casefold() in text]
