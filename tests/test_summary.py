"""summary.json has the shape of spec 6, values worked out by hand from a small dataset."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from builders import objective_row, write_data
from factories import (
    AUTUMN_2026,
    make_breach,
    make_dataset,
    make_objective,
    make_site,
    safeguarding_breach,
)

from stockham_analytics.evaluation.catalogue import SITE_CHECK_IDS
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.pack.build import build_report
from stockham_analytics.pack.summary_json import to_summary, write_summary
from stockham_analytics.records import Dataset

D = dt.date


def _dataset() -> Dataset:
    sites = (
        make_site(site_id="SM-02", site_name="Café club page", host="Third party",
                  host_name="Video site", platform_minimum_age=13, audience=frozenset({"Families"}),
                  logo_displayed=False, status="Closed", closed_date=D(2026, 10, 15)),
        make_site(site_id="SM-01"),
        make_site(site_id="SM-09", status="Proposed", go_live_date=None),
    )
    objectives = (
        make_objective(objective_id="O1", target=Decimal(40), actual=Decimal(35)),
        make_objective(objective_id="O2", target=Decimal("10.0"), actual=None),
        make_objective(objective_id="O3", target=Decimal("2.5"), actual=Decimal(3), better_when="Lower"),
    )
    breaches = (
        safeguarding_breach(breach_id="B-1"),
        make_breach(breach_id="B-2", date_identified=D(2026, 10, 5)),
        make_breach(breach_id="B-3", date_identified=D(2026, 10, 20), staff_group="Contractor",
                    date_reported=D(2026, 10, 23), outcome="Contractor procedure", date_closed=D(2026, 11, 1)),
        make_breach(breach_id="B-4", date_identified=D(2026, 11, 3), policy_clause="6.9", severity="Medium",
                    outcome="Under investigation", date_closed=None),
        make_breach(breach_id="B-5", date_occurred=D(2026, 6, 1), date_identified=D(2026, 6, 1)),
    )
    return make_dataset(sites=sites, objectives=objectives, breaches=breaches, activity=None)


def _checks(**changes: str) -> dict[str, str]:
    return {c: changes.get(c.replace("-", "_"), "Pass") for c in SITE_CHECK_IDS}


EXPECTED_SITES = [
    {
        "site_id": "SM-01", "site_name": "Year 5 class blog", "status": "Live",
        "objectives_verdict": "Partly meeting objectives",
        "objectives": [
            {"objective_id": "O1", "target": 40, "actual": 35, "ratio": 0.875, "status": "Partly met"},
            {"objective_id": "O2", "target": 10, "actual": None, "ratio": None, "status": "No evidence"},
            {"objective_id": "O3", "target": 2.5, "actual": 3, "ratio": 5 / 6, "status": "Partly met"},
        ],
        "checks": _checks(MINIMUM_AGE="N/A", PUPIL_PRIVACY="N/A", VETTING="N/A", ADVERTISING="N/A",
                          CONSENT="N/A"),
        "rag": "Green", "recommendation": "Review",
    },
    {
        "site_id": "SM-02", "site_name": "Café club page", "status": "Closed",
        "objectives_verdict": "No evidence", "objectives": [],
        "checks": _checks(MINIMUM_AGE="N/A", LOGO="N/A", BRAND_APPROVED="N/A", PUPIL_PRIVACY="N/A",
                          VETTING="N/A", ADVERTISING="N/A", CONSENT="N/A", EVALUATION_PLAN="Fail",
                          ACTIVE="N/A", MODERATOR_COVER="Unknown", SAFEGUARDING="N/A"),
        "rag": "Amber", "recommendation": "Closed",
    },
]

EXPECTED_BREACHES = {
    "total": 4, "open": 1, "safeguarding": 1,
    "by_clause": {"6.6": 2, "A5.6": 1, "6.9": 1},
    "by_severity": {"Low": 2, "Medium": 1, "High": 1},
    "by_outcome": {"Under investigation": 1, "Advice and guidance": 2, "Contractor procedure": 1},
    "checks": {"REFERRAL": {"Pass": 1, "Fail": 0}, "REMOVAL": {"Pass": 1, "Fail": 0},
               "CONTRACTOR-REPORT": {"Pass": 0, "Fail": 1}},
}


def test_summary_has_the_spec_shape() -> None:
    """Top-level keys in the spec's order, then history and actions; values as worked out."""
    summary = to_summary(evaluate(_dataset(), AUTUMN_2026))
    assert list(summary) == ["school", "term", "term_start", "term_end", "as_of", "provisional",
                             "inputs", "policy", "sites", "pipeline", "breaches", "history",
                             "actions"]
    assert (summary["as_of"], summary["provisional"]) == ("2026-12-31", False)
    assert summary["school"] == "Stockham Primary School"
    assert (summary["term"], summary["term_start"], summary["term_end"]) == (
        "Autumn 2026", "2026-09-01", "2026-12-31")
    assert summary["inputs"] == {"approval_register.xlsx": "0" * 64, "breach_log.xlsx": "1" * 64,
                                 "site_evaluation.xlsx": "2" * 64}
    assert summary["policy"] == {"review_due": "2018-09-30", "POLICY-REVIEW": "Fail"}
    assert summary["pipeline"] == [{"site_id": "SM-09", "status": "Proposed"}]


def test_sites_objectives_and_checks() -> None:
    """Sites in Site ID order, every check id in catalogue order, numbers as int or float."""
    sites = to_summary(evaluate(_dataset(), AUTUMN_2026))["sites"]
    assert sites == EXPECTED_SITES
    assert [list(s["checks"]) for s in sites] == [list(SITE_CHECK_IDS)] * 2
    assert list(sites[0]) == ["site_id", "site_name", "status", "objectives_verdict", "objectives",
                              "checks", "rag", "recommendation"]
    assert isinstance(sites[0]["objectives"][0]["target"], int)


def test_breaches_count_the_term_only() -> None:
    """The breach counts hold the term's four breaches, not the one from Summer 2026."""
    assert to_summary(evaluate(_dataset(), AUTUMN_2026))["breaches"] == EXPECTED_BREACHES


def test_empty_term_keeps_breach_check_zeros_only() -> None:
    """With no breaches, counts are empty but each breach check still shows Pass 0 and Fail 0."""
    breaches = to_summary(evaluate(make_dataset(), AUTUMN_2026))["breaches"]
    assert breaches == {
        "total": 0, "open": 0, "safeguarding": 0, "by_clause": {}, "by_severity": {}, "by_outcome": {},
        "checks": {"REFERRAL": {"Pass": 0, "Fail": 0}, "REMOVAL": {"Pass": 0, "Fail": 0},
                   "CONTRACTOR-REPORT": {"Pass": 0, "Fail": 0}},
    }


def test_history_and_actions() -> None:
    """History lists breaches per term so far; actions carry priority, concerns, clause and what."""
    summary = to_summary(evaluate(_dataset(), AUTUMN_2026))
    assert summary["history"] == {
        "sites": {"SM-01": [], "SM-02": []},
        "breaches": [{"term": "Summer 2026", "total": 1}, {"term": "Autumn 2026", "total": 4}],
    }
    assert [(a["priority"], a["concerns"], a["clause"]) for a in summary["actions"]] == [
        ("Soon", "SM-02", "A1.7"),
        ("Soon", "Breach log", "9.3"),
        ("Soon", "Breach log", "9.1"),
        ("Routine", "School", "Policy header"),  # governors decide; the action records it
        ("Routine", "SM-02", "A5.4"),  # SM-09 has all three approvals dated: nothing to do
    ]


def test_written_summary_is_stable_utf8_json(tmp_path: Path) -> None:
    """Writing twice gives identical bytes: indented UTF-8 JSON ending in a newline."""
    report = evaluate(_dataset(), AUTUMN_2026)
    first = write_summary(report, tmp_path / "a.json").read_bytes()
    second = write_summary(evaluate(_dataset(), AUTUMN_2026), tmp_path / "b.json").read_bytes()
    assert first == second
    assert first.endswith(b"}\n")
    assert "Café club page".encode() in first
    assert b'\n  "school": "Stockham Primary School",\n' in first
    assert json.loads(first) == to_summary(report)


def test_open_counts_under_investigation_or_no_date_closed() -> None:
    """Spec 2's open breach: Under investigation (even with a Date closed) or no Date closed."""
    breaches = (
        make_breach(breach_id="B-1", outcome="Under investigation"),  # closed 09/10 but open
        make_breach(breach_id="B-2", outcome="Formal warning", date_closed=None, severity="High"),
        make_breach(breach_id="B-3", outcome="Formal warning", severity="High"),
    )
    counted = to_summary(evaluate(make_dataset(breaches=breaches), AUTUMN_2026))["breaches"]
    assert (counted["total"], counted["open"], counted["safeguarding"]) == (3, 2, 0)
    # Zero keys are left out: no Medium breach, no other outcome, one clause.
    assert counted["by_severity"] == {"Low": 1, "High": 2}
    assert counted["by_outcome"] == {"Under investigation": 1, "Formal warning": 2}
    assert counted["by_clause"] == {"6.6": 3}


def test_clauses_most_frequent_first_then_in_the_order_first_identified() -> None:
    """A5.6 on 02/10, 6.9 on 03/10, 6.6 on 04/10 and 05/10: 6.6 (twice) first, then A5.6 before
    6.9 as identified, though the tally's own list (and the overview's chart) is in policy order."""
    breaches = tuple(make_breach(breach_id=f"B-{n}", policy_clause=clause,
                                 date_identified=dt.date(2026, 10, day))
                     for n, (clause, day) in enumerate([("A5.6", 2), ("6.9", 3), ("6.6", 4),
                                                        ("6.6", 5)]))
    report = evaluate(make_dataset(breaches=breaches), AUTUMN_2026)
    assert list(to_summary(report)["breaches"]["by_clause"].items()) == [
        ("6.6", 2), ("A5.6", 1), ("6.9", 1)]
    assert report.breach_tally.by_clause == (("6.6", 2), ("6.9", 1), ("A5.6", 1))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


WORKBOOK_FILES = ("approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx")


def test_inputs_hash_each_file_read_and_school_toml_when_present(tmp_path: Path) -> None:
    """`inputs` maps each workbook, and school.toml only when there is one, to its SHA-256."""
    plain = write_data(tmp_path / "plain")
    with_toml = write_data(tmp_path / "toml", school_toml='[school]\nname = "Oak Lane"\n')
    for data, files in ((plain, WORKBOOK_FILES), (with_toml, (*WORKBOOK_FILES, "school.toml"))):
        out = build_report(data, AUTUMN_2026, tmp_path / "out" / data.name, pages=False)
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert summary["inputs"] == {f: _sha256(data / f) for f in files}
    assert summary["school"] == "Oak Lane"


def test_summary_types_match_spec_6(tmp_path: Path) -> None:
    """Whole numbers are JSON integers (40, not 40.0), ratios floats, dates ISO text."""
    data = write_data(tmp_path / "data", objectives=[objective_row(Target=40.0, Actual=35)])
    out = build_report(data, AUTUMN_2026, tmp_path / "out", pages=False)
    text = (out / "summary.json").read_text(encoding="utf-8")
    assert '"target": 40,' in text and '"actual": 35,' in text and '"ratio": 0.875,' in text
    assert '"term_start": "2026-09-01"' in text and '"term_end": "2026-12-31"' in text
