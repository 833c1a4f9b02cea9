"""The fictional demo data committed in data/ (``stockham-analytics demo``).

Expected values below are counted by hand from the design in the docstring of
:mod:`stockham_analytics.authoring.demo`, not copied from any output.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from stockham_analytics.authoring import demo
from stockham_analytics.cli import main
from stockham_analytics.evaluation.catalogue import SITE_CHECKS
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import SiteResult, TermReport
from stockham_analytics.records import Dataset, distinct_names
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.load import load_dataset
from stockham_analytics.workbooks.schema import SHEETS, WORKBOOKS, Sheet

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FILES = (*WORKBOOKS, "school.toml")
AUTUMN_2025, SPRING_2026, SUMMER_2026, AUTUMN_2026 = (
    Term(2025, 2), Term(2026, 0), Term(2026, 1), Term(2026, 2))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as write_demo writes it now."""
    out = tmp_path_factory.mktemp("demo")
    demo.write_demo(out)
    return out


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The committed demo, loaded and validated."""
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def autumn(dataset: Dataset) -> TermReport:
    """The engine's view of Autumn 2026 as of the demo's snapshot day (10/12/2026), as the
    demo pack reports it."""
    return evaluate(dataset, AUTUMN_2026, as_of=demo.AS_OF)


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- the committed files ------------------------------------------------------------------


@pytest.mark.parametrize("file", WORKBOOKS)
def test_committed_workbooks_are_what_write_demo_writes(fresh: Path, file: str) -> None:
    """data/ holds exactly what `stockham-analytics demo` writes now."""
    assert _entries(DATA / file) == _entries(fresh / file), (
        "run: stockham-analytics demo --out data")


def test_committed_school_toml_is_what_write_demo_writes(fresh: Path) -> None:
    """data/school.toml is the demo's settings file, unchanged."""
    assert (DATA / "school.toml").read_text() == (fresh / "school.toml").read_text()


def test_write_demo_is_byte_for_byte_repeatable(fresh: Path, tmp_path: Path) -> None:
    """The same seed gives identical files every time."""
    paths = demo.write_demo(tmp_path)
    assert [p.name for p in paths] == list(FILES)
    assert [p.read_bytes() for p in paths] == [(fresh / f).read_bytes() for f in FILES]


def test_cli_demo_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`stockham-analytics demo --out DIR` exits 0 and names the four files."""
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("wrote ") == 4


# --- it validates clean --------------------------------------------------------------------


def test_demo_validates_with_no_errors_or_warnings(dataset: Dataset) -> None:
    """The loader accepts the demo as it is, without a single warning."""
    assert dataset.warnings == ()


def test_cli_validate_accepts_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    """`stockham-analytics validate --data data --as-of 2026-12-10` exits 0 with no warning."""
    assert main(["validate", "--data", str(DATA), "--as-of", "2026-12-10"]) == 0
    captured = capsys.readouterr()
    assert "13" in captured.out
    assert "arning" not in captured.err


def test_school_toml_sets_the_policy_dates_and_moves_spring(dataset: Dataset) -> None:
    """Policy reviewed 2016-09-01, due 2018-09-30; Spring 2026 starts 5 January."""
    settings = dataset.settings
    assert settings.school_name == "Stockham Primary School"
    assert (settings.policy_reviewed, settings.policy_review_due) == (
        dt.date(2016, 9, 1), dt.date(2018, 9, 30))
    assert (settings.partly_met_ratio, settings.neglect_days, settings.immediate_days) == (
        Decimal("0.75"), 30, 1)
    assert settings.calendar.start(SPRING_2026) == dt.date(2026, 1, 5)
    assert settings.calendar.end(AUTUMN_2025) == dt.date(2026, 1, 4)


# --- the counts the design promises ---------------------------------------------------------


def test_sites_cover_every_status(dataset: Dataset) -> None:
    """13 sites: 8 Live, 2 Closed, 1 Proposed, 1 Approved, 1 Rejected."""
    assert Counter(s.status for s in dataset.sites) == {
        "Live": 8, "Closed": 2, "Proposed": 1, "Approved": 1, "Rejected": 1}


def test_four_consecutive_terms_of_evaluation(dataset: Dataset) -> None:
    """Objectives and activity run from Autumn 2025 to Autumn 2026."""
    assert dataset.terms() == (AUTUMN_2025, SPRING_2026, SUMMER_2026, AUTUMN_2026)
    assert {o.term for o in dataset.objectives} == set(dataset.terms())
    assert {a.term for a in dataset.activity} == set(dataset.terms())


def test_thirty_breaches_spread_over_the_terms(dataset: Dataset) -> None:
    """30 breaches: 7 in each earlier term and 9 in Autumn 2026."""
    calendar = dataset.settings.calendar
    by_term = Counter(calendar.term_of(b.date_identified) for b in dataset.breaches)
    assert by_term == {AUTUMN_2025: 7, SPRING_2026: 7, SUMMER_2026: 7, AUTUMN_2026: 9}


def test_breaches_cover_every_group_severity_and_outcome(dataset: Dataset) -> None:
    """All six staff groups, three severities and seven outcomes appear."""
    breaches = dataset.breaches
    assert len({b.staff_group for b in breaches}) == 6
    assert Counter(b.severity for b in breaches) == {"Low": 11, "Medium": 12, "High": 7}
    assert len({b.outcome for b in breaches}) == 7


def test_breaches_name_many_clauses_of_sections_5_to_7_and_appendix_a(dataset: Dataset) -> None:
    """21 different clauses, every one from sections 5-7 or Appendix A."""
    clauses = {b.policy_clause for b in dataset.breaches}
    assert len(clauses) == 21
    assert all(re.fullmatch(r"[567]\.\d+|A\d\.\d+", c) for c in clauses)
    assert "6.10" in clauses  # kept as typed, not 6.1


def test_safeguarding_concerns_referred_on_time_and_late(dataset: Dataset) -> None:
    """8 safeguarding concerns: 6 referred within a day, 2 late (BR-08, BR-24)."""
    concerns = [b for b in dataset.breaches if b.safeguarding_concern]
    late = sorted(b.breach_id for b in concerns
                  if b.date_referred is None
                  or (b.date_referred - b.date_identified).days > 1)
    assert (len(concerns), late) == (8, ["BR-08", "BR-24"])


def test_five_breaches_are_open(dataset: Dataset) -> None:
    """BR-21 from the summer and four from Autumn 2026 are still open."""
    assert sorted(b.breach_id for b in dataset.breaches if b.is_open) == [
        "BR-21", "BR-24", "BR-26", "BR-27", "BR-30"]


def test_site_history_has_a_late_starter_and_a_closure(dataset: Dataset) -> None:
    """SM-06 went live in Spring 2026, SM-09 in Summer 2026; SM-09 and SM-10 closed."""
    sites = {s.site_id: s for s in dataset.sites}
    assert sites["SM-06"].go_live_date == dt.date(2026, 2, 2)
    assert (sites["SM-09"].go_live_date, sites["SM-09"].closed_date) == (
        dt.date(2026, 5, 11), dt.date(2026, 10, 16))
    assert sites["SM-10"].closed_date == dt.date(2026, 3, 20)


def test_one_site_has_no_activity_row_for_autumn_2026(dataset: Dataset) -> None:
    """SM-05 is in scope but has no Activity row for the term."""
    rows = {(a.site_id, a.term) for a in dataset.activity}
    assert ("SM-05", AUTUMN_2026) not in rows and ("SM-05", SUMMER_2026) in rows


# --- how the cells are typed ------------------------------------------------------------------


def _column(layout: Sheet, header: str) -> list[openpyxl.cell.cell.Cell]:
    ws = openpyxl.load_workbook(DATA / layout.file)[layout.name]
    index = [c.header for c in layout.columns].index(header) + 1
    return [ws.cell(row=r, column=index) for r in range(2, ws.max_row + 1)]


def test_headers_come_from_the_schema() -> None:
    """Each sheet's row 1 is exactly the schema's headers."""
    for layout in SHEETS:
        ws = openpyxl.load_workbook(DATA / layout.file)[layout.name]
        assert [c.value for c in ws[1]] == [c.header for c in layout.columns]


@pytest.mark.parametrize(("sheet", "header"), [(0, "Pupil age range"), (1, "Policy clause")])
def test_age_range_and_clause_are_text_cells(sheet: int, header: str) -> None:
    """Pupil age range and Policy clause are stored as text in text-formatted cells."""
    cells = [c for c in _column(SHEETS[sheet], header) if c.value is not None]
    assert cells and all(c.data_type == "s" and c.number_format == "@" for c in cells)


def test_a_mix_of_the_cell_styles_the_spec_allows() -> None:
    """Real dates mostly, a few ISO and UK text dates; Y, Yes and TRUE ticks."""
    approvals = _column(SHEETS[0], "Data Controller approved")
    identified = _column(SHEETS[1], "Date identified")
    dates = [c.value for c in approvals + identified]
    texts = [d for d in dates if isinstance(d, str)]
    assert texts == ["19/05/2025", "2026-01-13", "18/05/2026"]
    assert sum(isinstance(d, dt.datetime) for d in dates) == len(dates) - 3 - 2
    ticks = {c.value for c in _column(SHEETS[0], "Audience: Families")}
    assert ticks == {"Y", "Yes", True, None}


def _names_cells() -> list[str]:
    cells: list[str] = []
    for layout in SHEETS:
        for column in (c for c in layout.columns if c.kind == "names"):
            cells += [str(c.value) for c in _column(layout, column.header) if c.value]
    return cells


def test_every_person_is_made_up_from_the_fictional_lists() -> None:
    """Each name is a title, a listed given name and a listed whimsical family name."""
    pattern = re.compile(
        rf"(Ms|Mrs|Miss|Dr|Mr) ({'|'.join(demo.GIVEN_NAMES)}) ({'|'.join(demo.FAMILY_NAMES)})",
        re.IGNORECASE)
    names = [n.strip() for cell in _names_cells() for n in re.split(r"[;\n]", cell) if n.strip()]
    assert len(names) > 60
    assert all(pattern.fullmatch(n) for n in names), names


def test_names_exercise_distinct_counting() -> None:
    """SM-01's moderators and SM-05's admins repeat a name in lower case, across line breaks."""
    sites = {c.value: i for i, c in enumerate(_column(SHEETS[0], "Site ID"))}
    moderators = str(_column(SHEETS[0], "Moderators")[sites["SM-01"]].value)
    admins = str(_column(SHEETS[0], "Administrators")[sites["SM-05"]].value)
    parts = re.split(r";\s*|\n", moderators)
    assert (len(parts), distinct_names(tuple(parts))) == (3, 2)
    assert ";\n" in admins and distinct_names(tuple(re.split(r";\s*", admins))) == 1


def test_no_contact_details_anywhere() -> None:
    """No cell holds an email address, a web address or a phone-like number."""
    contact = re.compile(r"@\w|https?://|www\.|\d[\d ]{6,}\d")
    for file in WORKBOOKS:
        for ws in openpyxl.load_workbook(DATA / file).worksheets:
            for row in ws.iter_rows(values_only=True):
                assert not any(isinstance(v, str) and contact.search(v) for v in row), row


def test_formula_like_description_stays_text() -> None:
    """BR-12's description starts with '-' and is stored as quote-prefixed text."""
    cell = _column(SHEETS[1], "Description")[11]
    assert (cell.data_type, cell.quotePrefix, str(cell.value)[:2]) == ("s", True, "- ")


# --- what the engine makes of Autumn 2026 -----------------------------------------------------

#: Site checks that are not Pass, per site in scope, worked out from the design table.
NOT_PASS: dict[str, dict[str, str]] = {
    "SM-01": {"MINIMUM-AGE": "N/A", "VETTING": "N/A", "ADVERTISING": "N/A",
              "SAFEGUARDING": "N/A"},
    "SM-02": {"MINIMUM-AGE": "N/A"},
    "SM-03": {"MINIMUM-AGE": "Fail", "LOGO": "N/A", "BRAND-APPROVED": "Fail",
              "PUPIL-PRIVACY": "N/A", "VETTING": "Fail", "ADVERTISING": "N/A", "CONSENT": "N/A",
              "SAFEGUARDING": "N/A"},
    "SM-04": {"LOGO": "N/A", "BRAND-APPROVED": "N/A", "PUPIL-PRIVACY": "Fail",
              "VETTING": "N/A", "ADVERTISING": "N/A", "CONSENT": "Fail", "SAFEGUARDING": "N/A"},
    "SM-05": {"ADMINISTRATORS": "Fail", "MINIMUM-AGE": "N/A", "LOGO": "Fail",
              "BRAND-APPROVED": "N/A", "PUPIL-PRIVACY": "N/A", "ADVERTISING": "Fail",
              "CONSENT": "N/A", "EVALUATION-PLAN": "Fail", "ACTIVE": "Unknown",
              "MODERATOR-COVER": "Unknown", "SAFEGUARDING": "N/A"},
    "SM-06": {"APPROVAL": "Fail", "MODERATORS": "Fail", "MINIMUM-AGE": "N/A",
              "TERMS-OF-USE": "Fail", "VETTING": "N/A", "ADVERTISING": "N/A",
              "MODERATOR-COVER": "Fail", "SAFEGUARDING": "N/A"},
    "SM-07": {"CLOSURE-DUE": "Fail", "MINIMUM-AGE": "N/A", "PUPIL-PRIVACY": "N/A",
              "VETTING": "N/A", "ADVERTISING": "N/A", "CONSENT": "N/A", "ACTIVE": "Fail",
              "MODERATOR-COVER": "Fail", "SAFEGUARDING": "N/A"},
    "SM-08": {"EXIT-PLAN": "Fail", "CLOSURE-DUE": "N/A", "MINIMUM-AGE": "N/A",
              "VETTING": "N/A", "ADVERTISING": "N/A", "SAFEGUARDING": "Fail"},
    "SM-09": {"MINIMUM-AGE": "N/A", "LOGO": "N/A", "PUPIL-PRIVACY": "N/A", "VETTING": "N/A",
              "CONSENT": "N/A", "ACTIVE": "N/A", "SAFEGUARDING": "N/A"},
}

#: (objectives verdict, RAG, recommendation) per site, from the design table.
VERDICTS: dict[str, tuple[str, str, str]] = {
    "SM-01": ("Meeting objectives", "Green", "Continue"),
    "SM-02": ("Meeting objectives", "Green", "Continue"),
    "SM-03": ("Partly meeting objectives", "Red", "Review"),
    "SM-04": ("Meeting objectives", "Red", "Review"),
    "SM-05": ("No evidence", "Amber", "Review"),
    "SM-06": ("Not meeting objectives", "Red", "Review"),
    "SM-07": ("No evidence", "Amber", "Close"),
    "SM-08": ("Not meeting objectives", "Red", "Close"),
    "SM-09": ("Partly meeting objectives", "Green", "Closed"),
}


def _sites(report: TermReport) -> dict[str, SiteResult]:
    return {s.site_id: s for s in report.sites}


def test_autumn_2026_covers_sites_1_to_9_with_2_in_the_pipeline(autumn: TermReport) -> None:
    """SM-10 closed in March and is out; SM-11 and SM-12 are the pipeline; SM-13 is neither."""
    assert [s.site_id for s in autumn.sites] == list(NOT_PASS)
    assert [(p.site_id, p.status) for p in autumn.pipeline] == [
        ("SM-11", "Proposed"), ("SM-12", "Approved")]
    assert (autumn.term_start, autumn.term_end) == (dt.date(2026, 9, 1), dt.date(2026, 12, 31))


@pytest.mark.parametrize("site_id", list(NOT_PASS))
def test_each_site_gets_the_check_outcomes_it_was_built_for(
    autumn: TermReport, site_id: str
) -> None:
    """Every check of the site is as the design table says (Pass unless listed)."""
    result = _sites(autumn)[site_id]
    expected = {c.check_id: NOT_PASS[site_id].get(c.check_id, "Pass") for c in SITE_CHECKS}
    assert {c.check_id: c.outcome for c in result.checks} == expected


@pytest.mark.parametrize("site_id", list(VERDICTS))
def test_each_site_gets_its_planned_verdict_rag_and_recommendation(
    autumn: TermReport, site_id: str
) -> None:
    """Objectives verdict, RAG and recommendation are as designed."""
    result = _sites(autumn)[site_id]
    assert (result.objectives_verdict, result.rag, result.recommendation) == VERDICTS[site_id]


def test_every_site_check_both_passes_and_fails_in_autumn_2026(autumn: TermReport) -> None:
    """For each of the 17 site checks some site passes and some site fails."""
    for check in SITE_CHECKS:
        outcomes = {s.check(check.check_id).outcome for s in autumn.sites}
        assert {"Pass", "Fail"} <= outcomes, check.check_id


def test_breach_checks_pass_and_fail_in_autumn_2026(autumn: TermReport) -> None:
    """Each breach check passes and fails for the hand-picked Autumn 2026 breaches."""
    # REFERRAL passes BR-23, BR-27, fails BR-24; REMOVAL passes BR-23, fails BR-24;
    # CONTRACTOR-REPORT passes BR-25, fails BR-26.
    outcomes: dict[tuple[str, str], list[str]] = {}
    for breach in autumn.breaches:
        for check in breach.checks:
            outcomes.setdefault((check.check_id, check.outcome), []).append(breach.breach_id)
    assert outcomes[("REFERRAL", "Pass")] == ["BR-23", "BR-27"]
    assert outcomes[("REFERRAL", "Fail")] == ["BR-24"]
    assert outcomes[("REMOVAL", "Pass")] == ["BR-23"]
    assert outcomes[("REMOVAL", "Fail")] == ["BR-24"]
    assert outcomes[("CONTRACTOR-REPORT", "Pass")] == ["BR-25"]
    assert outcomes[("CONTRACTOR-REPORT", "Fail")] == ["BR-26"]


def test_autumn_2026_breach_counts(autumn: TermReport) -> None:
    """9 breaches this term, 4 of them open, 3 safeguarding; 5 open in all."""
    breaches = autumn.breaches
    assert len(breaches) == 9
    assert sum(b.is_open for b in breaches) == 4
    assert sum(b.safeguarding_concern for b in breaches) == 3
    assert autumn.open_breaches_all_terms == 5


def test_policy_review_is_overdue(autumn: TermReport) -> None:
    """The policy was due for review in September 2018: POLICY-REVIEW fails."""
    assert autumn.policy_review.outcome == "Fail"


def test_objectives_pinned_on_the_thresholds(autumn: TermReport) -> None:
    """SM-03 O1 is 30 of 40 (ratio exactly 3/4, Partly met); SM-01 O3 is 0, lower is better."""
    sm03 = {o.objective_id: o for o in _sites(autumn)["SM-03"].objectives}
    sm01 = {o.objective_id: o for o in _sites(autumn)["SM-01"].objectives}
    assert (sm03["O1"].ratio, sm03["O1"].status) == (Fraction(3, 4), "Partly met")
    assert (sm01["O3"].actual, sm01["O3"].ratio, sm01["O3"].status) == (0, None, "Met")
    assert (sm01["O2"].ratio, sm01["O2"].status) == (Fraction(1), "Met")


def test_homework_hub_fails_its_objectives_two_terms_running(dataset: Dataset) -> None:
    """SM-08 is Not meeting objectives in Summer 2026 too (hence Close); SM-06 was Partly."""
    summer = _sites(evaluate(dataset, SUMMER_2026))
    assert summer["SM-08"].objectives_verdict == "Not meeting objectives"
    assert summer["SM-06"].objectives_verdict == "Partly meeting objectives"


def test_scope_changes_over_the_history(dataset: Dataset) -> None:
    """SM-06 joins in Spring 2026, SM-09 in Summer 2026; SM-10 leaves after Spring 2026."""
    scope = {t: set(_sites(evaluate(dataset, t))) for t in dataset.terms()}
    assert scope[AUTUMN_2025] == {"SM-01", "SM-02", "SM-03", "SM-04", "SM-05", "SM-07",
                                  "SM-08", "SM-10"}
    assert scope[SPRING_2026] - scope[AUTUMN_2025] == {"SM-06"}
    assert scope[SUMMER_2026] ^ scope[SPRING_2026] == {"SM-09", "SM-10"}


# --- the generator's helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "lower", "expected"),
    [("Met", False, (40, 52)), ("Partly met", False, (30, 39)), ("Not met", False, (13, 29)),
     ("Met", True, (0, 24)), ("Partly met", True, (25, 32)), ("Not met", True, (33, 48))],
)
def test_actual_for_stays_within_the_status_band(
    status: str, lower: bool, expected: tuple[int, int]
) -> None:
    """Actuals drawn for a status give that status (target 40 higher, 24 lower)."""
    import random

    rng = random.Random(1)
    target = 24 if lower else 40
    drawn = {demo.actual_for(status, target, lower, rng) for _ in range(200)}
    assert min(drawn) >= expected[0] and max(drawn) <= expected[1]  # type: ignore[type-var]
    assert demo.actual_for("No evidence", target, lower, rng) is None
