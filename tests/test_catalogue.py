"""The check catalogue: one declared row per check, matching spec sections 3 and 4, and a new
site check is one row (plus its function) that every consumer picks up."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from factories import AUTUMN_2026, make_activity, make_dataset, make_objective, make_site

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.catalogue import Severity, SiteCheckDef
from stockham_analytics.evaluation.checks import Found, SiteContext
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import Action, Decision, Priority, TermReport
from stockham_analytics.pack.summary_json import to_summary
from stockham_analytics.pages import sitepage
from stockham_analytics.pages.notebook import Context
from stockham_analytics.records import Site

SPEC = (Path(__file__).resolve().parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
_CHECKS = SPEC[SPEC.index("## 3. Checks"):SPEC.index("## 4. Verdicts")]
_RAG = SPEC[SPEC.index("- **RAG** of a site:"):SPEC.index("- **Recommendation**")]


def _rows(table: str) -> list[tuple[str, str]]:
    """(id, clause) of each row of a spec table whose first column is an id."""
    cells = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ")]
    return [(i.strip(), c.strip()) for i, c in cells if i.strip().isupper()]


_SITE_TABLE, _BREACH_TABLE = _CHECKS.split("Breach checks")
#: Spec 4: the checks whose Fail makes a site Red ("Red on a Fail of A, B ... or E").
SPEC_RED = set(re.findall(r"[A-Z][A-Z-]+[A-Z]", _RAG.split("else")[0])) - {"RAG"}
# Spec 3's site table, with the severity spec 4's RAG rule gives each check.
SPEC_SITE_CHECKS = [(i, c, "Red" if i in SPEC_RED else "Amber") for i, c in _rows(_SITE_TABLE)]
# Spec 3's breach table.
SPEC_BREACH_CHECKS = _rows(_BREACH_TABLE)


def test_the_spec_tables_were_read() -> None:
    """The spec's tables gave site and breach checks, and every check the RAG rule names
    Red is one of the site checks."""
    assert SPEC_SITE_CHECKS and SPEC_BREACH_CHECKS and SPEC_RED
    assert {i for i, _, _ in SPEC_SITE_CHECKS} >= SPEC_RED


def test_catalogue_holds_the_checks_of_spec_3_with_their_clauses_and_severities() -> None:
    """The site checks with clause and RAG severity, the breach checks and POLICY-REVIEW, as spec
    3-4 list them."""
    site = [(c.check_id, c.clause, c.severity) for c in catalogue.SITE_CHECKS]
    breach = [(c.check_id, c.clause) for c in catalogue.BREACH_CHECKS]
    assert site == SPEC_SITE_CHECKS
    assert breach == SPEC_BREACH_CHECKS
    assert (catalogue.POLICY_CHECK.check_id, catalogue.POLICY_CHECK.scope) == ("POLICY-REVIEW", "school")
    assert [c.check_id for c in catalogue.ALL_CHECKS] == [
        *(c[0] for c in SPEC_SITE_CHECKS), *(c[0] for c in SPEC_BREACH_CHECKS), "POLICY-REVIEW"]


def test_only_closure_due_recommends_close_and_only_safeguarding_leaves_its_to_do_to_the_breach_log() -> None:
    """Spec 4: a Fail of CLOSURE-DUE means Close; SAFEGUARDING's to-do is the breach log's counts."""
    closing = [c.check_id for c in catalogue.SITE_CHECKS if c.close_on_fail]
    from_log = [c.check_id for c in catalogue.SITE_CHECKS if c.to_do_from_breach_log]
    assert (closing, from_log) == (["CLOSURE-DUE"], ["SAFEGUARDING"])


def test_each_row_runs_its_own_function() -> None:
    """Each row names the function called after its id (APPROVAL -> checks.check_approval), so no
    row was copied with another check's function."""
    runs = [(r.check_id, r.run.__name__) for r in catalogue.SITE_CHECKS]
    runs += [(r.check_id, r.run.__name__) for r in catalogue.BREACH_CHECKS]
    runs += [(catalogue.POLICY_CHECK.check_id, catalogue.POLICY_CHECK.run.__name__)]
    assert [(i, name) for i, name in runs if name != "check_" + i.lower().replace("-", "_")] == []
    assert len(runs) == len(SPEC_SITE_CHECKS) + len(SPEC_BREACH_CHECKS) + 1


# --- adding a site check is one row and its function ------------------------------------------


def check_mascot(site: Site, ctx: SiteContext) -> Found:
    """A made-up check: SM-02 has no mascot, every other site has one."""
    if site.site_id == "SM-02":
        return "Fail", "No mascot chosen"
    return "Pass", "Mascot chosen"


def _mascot_row(severity: Severity = "Red", priority: Priority = "Urgent", *,
                close_on_fail: str | None = None, to_do_from_breach_log: bool = False) -> SiteCheckDef:
    """The one row a new site check needs."""
    return SiteCheckDef("MASCOT", "A4.2", "Site has a mascot", "Each site has a mascot.",
                        run=check_mascot, severity=severity, priority=priority,
                        fix="Choose a mascot and record it in the register",
                        close_on_fail=close_on_fail, to_do_from_breach_log=to_do_from_breach_log)


def _report(monkeypatch: pytest.MonkeyPatch, row: SiteCheckDef) -> TermReport:
    """Autumn 2026 of SM-01 and SM-02, both passing every real check, with ``row`` added."""
    monkeypatch.setattr(catalogue, "SITE_CHECKS", (*catalogue.SITE_CHECKS, row))
    sites = (make_site(), make_site(site_id="SM-02", site_name="Second site"))
    dataset = make_dataset(
        sites=sites,
        objectives=(make_objective(), make_objective(site_id="SM-02")),
        activity=(make_activity(), make_activity(site_id="SM-02")),
    )
    return evaluate(dataset, AUTUMN_2026, as_of=dt.date(2026, 12, 31))


@pytest.mark.parametrize(("severity", "priority"), [("Red", "Urgent"), ("Amber", "Soon")])
def test_a_new_site_check_row_is_run_rated_and_listed(
    monkeypatch: pytest.MonkeyPatch, severity: Severity, priority: Priority
) -> None:
    """A row added to SITE_CHECKS is run on each site, drives the RAG per its severity and
    yields its to-do at its priority."""
    report = _report(monkeypatch, _mascot_row(severity=severity, priority=priority))
    first, second = report.sites
    assert (first.check("MASCOT").outcome, first.rag) == ("Pass", "Green")
    assert second.checks[-1].check_id == "MASCOT"
    assert (second.check("MASCOT").outcome, second.check("MASCOT").reason) == ("Fail", "No mascot chosen")
    assert (second.rag, second.rag_reason) == (severity, f'{severity} because "Site has a mascot" (MASCOT) failed')
    assert second.recommendation == "Review"
    assert [a for a in report.actions if a.concerns in {"SM-01", "SM-02"}] == [Action(
        "A4.2", "SM-02", "SM-02: No mascot chosen. Choose a mascot and record it in the register.", priority)]
    assert [c.title for c in report.briefs["SM-02"].causes] == ["Site has a mascot"]


def test_a_new_red_check_makes_a_governors_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Fail of a new Red check puts the site in the governors' decisions with its reason."""
    report = _report(monkeypatch, _mascot_row())
    red = [d for d in report.decisions if d.kind == "Red"]
    assert red == [Decision("Red", "SM-02", "Second site (SM-02) is Red: No mascot chosen.")]


def test_a_new_check_declared_to_close_recommends_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row declaring that a Fail recommends Close makes the site Close, with the declared reason."""
    report = _report(monkeypatch, _mascot_row(severity="Amber", priority="Soon",
                                              close_on_fail="it has no mascot"))
    second = report.sites[1]
    assert (second.rag, second.recommendation) == ("Amber", "Close")
    assert second.recommendation_reason == "Close: it has no mascot"
    assert [d.sentence for d in report.decisions if d.kind == "Close"] == [
        "Second site (SM-02) is recommended to close: no mascot chosen."]


def test_a_new_check_left_to_the_breach_log_has_no_to_do_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row declaring its to-do comes from the breach log still rates the site but adds no site action."""
    report = _report(monkeypatch, _mascot_row(to_do_from_breach_log=True))
    assert report.sites[1].rag == "Red"
    assert [a for a in report.actions if a.concerns == "SM-02"] == []


def test_a_new_check_reaches_summary_frames_and_the_site_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """summary.json, the checks frame and the site page's checks table show the new check."""
    report = _report(monkeypatch, _mascot_row())
    summary = to_summary(report)
    assert [(s["site_id"], list(s["checks"])[-1], s["checks"]["MASCOT"]) for s in summary["sites"]] == [
        ("SM-01", "MASCOT", "Pass"), ("SM-02", "MASCOT", "Fail")]
    frame = report.frames()["checks"]
    rows = frame[frame["check_id"] == "MASCOT"][["site_id", "clause", "title", "outcome"]]
    assert rows.values.tolist() == [["SM-01", "A4.2", "Site has a mascot", "Pass"],
                                    ["SM-02", "A4.2", "Site has a mascot", "Fail"]]
    ctx = Context(data_dir=Path("unused"), dataset=make_dataset(), report=report)
    page = str(sitepage.checks(ctx, "SM-02"))
    assert "Site has a mascot" in page and "No mascot chosen" in page and "A4.2" in page
