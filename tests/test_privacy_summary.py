"""Spec 7: summary.json never holds what a names column or a breach Description holds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from builders import breach_row, site_row, write_data
from factories import AUTUMN_2026, make_breach, make_dataset, make_site

from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.pack.build import build_report
from stockham_analytics.pack.summary_json import summary_text
from stockham_analytics.records import Breach, Site

D = dt.date
MARKER = re.compile(r"ZZ(NAME|DESC)")


def _marked_site(site_id: str, **changes: Any) -> Site:
    return make_site(
        site_id=site_id,
        authors=(f"ZZNAME-AUTHOR-{site_id}",), line_managers=(f"ZZNAME-LM-{site_id}",),
        administrators=(f"ZZNAME-ADMIN-{site_id}",), moderators=(f"ZZNAME-MOD-{site_id}",),
        external_vetting_by=(f"ZZNAME-VET-{site_id}",), **changes,
    )


def _marked_breach(breach_id: str, **changes: Any) -> Breach:
    return make_breach(
        breach_id=breach_id, staff_members=(f"ZZNAME-STAFF-{breach_id}",),
        reported_by=(f"ZZNAME-REPORTER-{breach_id}",), description=f"ZZDESC-{breach_id}", **changes,
    )


def test_engine_summary_holds_no_names_or_descriptions() -> None:
    """With every names field and Description marked, no marker reaches summary.json."""
    sites = (
        _marked_site("SM-01", contributors=frozenset({"Public", "Pupils"}), privacy_setting="Public"),
        _marked_site("SM-02", status="Proposed", go_live_date=None, head_teacher_approved=None),
    )
    breaches = (
        _marked_breach("B-1", safeguarding_concern=True, referred_to="Police", date_referred=D(2026, 10, 9)),
        _marked_breach("B-2", staff_group="Contractor", date_reported=None, outcome="Under investigation"),
    )
    report = evaluate(make_dataset(sites=sites, breaches=breaches, activity=()), AUTUMN_2026)
    text = summary_text(report)
    assert report.actions and report.breaches  # the dataset exercises reasons, actions and breaches
    assert MARKER.search(text) is None


def test_built_pack_summary_holds_no_names_or_descriptions(tmp_path: Path) -> None:
    """A pack built from workbooks whose names and Descriptions are marked shows none of them."""
    names = {"Author": "ZZNAME-A1; ZZNAME-A2", "Line manager": "ZZNAME-LM", "Moderators": "ZZNAME-M1",
             "Administrators": "ZZNAME-AD1\nZZNAME-AD2", "External vetting by": "ZZNAME-V",
             "Contributors: Public": "Y"}
    breach = {"Staff member": "ZZNAME-S", "Reported by": "ZZNAME-R", "Description": "ZZDESC one",
              "Safeguarding concern": "Y", "Referred to": "Police", "Date referred": D(2026, 10, 8),
              "Content removed": None, "Outcome": "Under investigation", "Date closed": None}
    data = write_data(tmp_path / "data", register=[site_row(**names)], breaches=[breach_row(**breach)])
    out = build_report(data, AUTUMN_2026, tmp_path / "reports" / "autumn-2026", pages=False)
    text = (out / "summary.json").read_text(encoding="utf-8")
    assert '"MODERATORS": "Fail"' in text and '"total": 1' in text
    assert MARKER.search(text) is None
