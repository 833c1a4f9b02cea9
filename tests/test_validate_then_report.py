"""What validate accepts, report builds (issue 11): workbooks generated within the spec's
types, extremes included, either fail validation or go through evaluation, summary.json
and the page code of both notebooks, in process (no kernels)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import nbformat
import pytest
from builders import activity_row, breach_row, objective_row, site_row, write_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stockham_analytics.errors import InvalidInputError
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.pack.summary_json import to_summary
from stockham_analytics.pages import markup as display
from stockham_analytics.records import OUTCOMES, SEVERITIES, STAFF_GROUPS
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.load import load_dataset

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TERMS = [Term(2000, 0), Term(2026, 2), Term(2027, 0), Term(2099, 2)]

#: Numbers as a workbook may hold them: tiny, huge, ordinary, as numbers or as text.
extreme_numbers = st.sampled_from([
    1e-307, 9.9e307, 1.7976931348623157e308, 5e-324, 1e15, 123456789012345.0, 0.1, 2.5, 40, 1,
    "0.000000000000000000001", "99999999999999999999999999", "3.14159265358979323846", "-0",
])
positive = extreme_numbers.filter(lambda v: float(v) > 0) | st.floats(
    min_value=1e-300, max_value=1e300, allow_nan=False, allow_infinity=False)
counts = st.sampled_from([0, 1, 7, 10**6, 10**15, 2**53, "12"]) | st.integers(0, 10**9)
#: Text a workbook may hold (openpyxl cannot write control characters, so none here).
texts = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40) | \
    st.sampled_from(["x" * 5000, "=1+1", "<script>alert(1)</script>", "SM\u202e10", "Ω" * 300])
days = st.sampled_from([dt.date(2000, 1, 1), dt.date(2099, 12, 31), dt.date(2026, 9, 1),
                        dt.date(2027, 1, 3)]) | st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
term_names = st.sampled_from(TERMS).map(lambda t: t.name) | st.sampled_from(
    ["autumn 2026", "  SPRING 2027 "])


@st.composite
def data_folders(draw: st.DrawFn) -> dict[str, Any]:
    """Rows for one data folder: 0 to 3 sites, objectives, activity and breaches."""
    site_ids = [f"SM-{n}" for n in range(draw(st.integers(0, 3)))]
    register = [site_row(**{"Site ID": sid, "Site name": draw(texts), "Aims": draw(texts),
                            "Go-live date": draw(days), "Line manager approved": draw(days)})
                for sid in site_ids]
    objectives, activity, breaches = [], [], []
    for sid in site_ids:
        for n in range(draw(st.integers(0, 3))):
            objectives.append(objective_row(**{
                "Site ID": sid, "Objective ID": f"O{n}", "Objective": draw(texts),
                "Target": draw(positive), "Actual": draw(st.none() | extreme_numbers),
                "Better when": draw(st.sampled_from([None, "Higher", "Lower"])),
                "Term": draw(term_names)}))
        for term in draw(st.sets(st.sampled_from(TERMS), max_size=2)):
            activity.append(activity_row(**{
                "Site ID": sid, "Term": term.name, "Posts": draw(counts),
                "Comments received": draw(counts), "Comments removed": draw(counts),
                "Median moderation hours": draw(st.none() | extreme_numbers),
                "Followers": draw(counts), "Last post date": draw(st.none() | days),
                "Active moderators": draw(counts)}))
    for n in range(draw(st.integers(0, 3))):
        identified = draw(days)
        breaches.append(breach_row(**{
            "Breach ID": f"B-{n}", "Date occurred": identified, "Date identified": identified,
            "Staff group": draw(st.sampled_from(STAFF_GROUPS)),
            "Site ID": draw(st.none() | st.sampled_from(site_ids)) if site_ids else None,
            "Severity": draw(st.sampled_from(SEVERITIES)),
            "Outcome": draw(st.sampled_from(OUTCOMES)), "Description": draw(texts)}))
    return {"register": register, "objectives": objectives, "activity": activity,
            "breaches": breaches}


def _notebook_code(name: str) -> tuple[str, list[str]]:
    """The parameters cell and the other code cells of a notebook."""
    book = nbformat.read(str(NOTEBOOKS / name), as_version=4)  # type: ignore[no-untyped-call]
    code = [c for c in book.cells if c.cell_type == "code"]
    parameters = [c.source for c in code if "parameters" in c.metadata.get("tags", [])]
    return "\n".join(parameters), [c.source for c in code if c.source not in parameters]


def _run_notebook(name: str, values: dict[str, str]) -> None:
    """The notebook's code as the kernel runs it: its parameters, then ``values``, then the rest."""
    parameters, cells = _notebook_code(name)
    namespace: dict[str, object] = {}
    exec(parameters, namespace)
    namespace.update(values)
    for source in cells:
        exec(source, namespace)


def _run_pages(folder: Path, term: Term, site_ids: list[str],
               monkeypatch: pytest.MonkeyPatch, as_of: dt.date) -> list[str]:
    """Run every notebook's code in this process, collecting every section's HTML."""
    shown: list[str] = []
    monkeypatch.setattr(display, "show", lambda content: shown.append(str(content)))
    values = {"data_dir": str(folder), "term": term.name, "as_of": as_of.isoformat()}
    for name in sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")):
        if name != "site_report.ipynb":
            _run_notebook(name, values)
    for site_id in site_ids:
        _run_notebook("site_report.ipynb", {**values, "site_id": site_id})
    return shown


def check_validate_then_report(rows: dict[str, Any], term: Term,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Either the folder is invalid, or everything a report does with it succeeds."""
    with tempfile.TemporaryDirectory() as temp:
        folder = write_data(Path(temp) / "data", **rows)
        try:
            dataset = load_dataset(folder)
        except InvalidInputError:
            return
        for each in {term, *dataset.terms()}:
            json.dumps(to_summary(evaluate(dataset, each)), allow_nan=False)
        report = evaluate(dataset, term)
        shown = _run_pages(folder, term, [s.site_id for s in report.sites], monkeypatch,
                           report.term_end)
        assert shown and not any("\x00" in html or "\x1b" in html for html in shown)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=data_folders(), term=st.sampled_from(TERMS))
def test_what_validate_accepts_report_builds(rows: dict[str, Any], term: Term,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A few generated folders (fast suite): valid ones evaluate, summarise and render."""
    check_validate_then_report(rows, term, monkeypatch)


@pytest.mark.slow
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=data_folders(), term=st.sampled_from(TERMS))
def test_what_validate_accepts_report_builds_many(rows: dict[str, Any], term: Term,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Many generated folders: valid ones evaluate, summarise and render."""
    check_validate_then_report(rows, term, monkeypatch)


def test_tiny_target_with_huge_actual_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Target 1e-307 with Actual 9.9e307 (once an OverflowError, exit 5) is summarised."""
    rows = {"register": [site_row()], "objectives": [objective_row(Target=1e-307,
                                                                   Actual=9.9e307)],
            "activity": [activity_row()], "breaches": []}
    with tempfile.TemporaryDirectory() as temp:
        folder = write_data(Path(temp) / "data", **rows)
        report = evaluate(load_dataset(folder), Term(2026, 2))
        objective = to_summary(report)["sites"][0]["objectives"][0]
        assert objective["status"] == "Met"
        assert objective["ratio"] > 1e300 and json.dumps(objective, allow_nan=False)
        shown = _run_pages(folder, Term(2026, 2), ["SM-01"], monkeypatch, report.term_end)
        assert any("O1" in html for html in shown)
    assert Decimal("9.9e307") / Decimal("1e-307") > Decimal("1e614")
