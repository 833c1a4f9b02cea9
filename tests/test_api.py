"""The public API of spec 8 (sa.load, validate, evaluate, build_pack, history) and its DataFrames.

The data folder of most tests: one site SM-01 (live from 01/07/2026, passing every site
check), a breach in Summer 2026 and one in Autumn 2026, objective O1 (target 40) with
Actual 40 in Summer 2026 (Met) and 30 in Autumn 2026 (ratio 0.75: Partly met), and an
Activity row in each term.
"""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from builders import activity_row, as_cells, breach_row, objective_row, site_row, write_data

import stockham_analytics as sa
from stockham_analytics import api, cli
from stockham_analytics import records as models
from stockham_analytics.evaluation import results
from stockham_analytics.evaluation.catalogue import SITE_CHECKS
from stockham_analytics.pack.html_pages import ROOT
from stockham_analytics.workbooks.container import column_letter
from stockham_analytics.workbooks.schema import REGISTER

D = dt.date
PERSONAL_TEXT = ("Teacher T", "Manager M", "Admin A", "Moderator C", "Staff X", "Reporter R",
                 "Accepted a friend request", "Vetter V")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two terms of one site's data (see the module docstring)."""
    return write_data(
        tmp_path / "data",
        register=[site_row(**{"External vetting by": "Vetter V"})],
        breaches=[
            breach_row(**{"Breach ID": "B-1", "Date occurred": D(2026, 5, 9),
                          "Date identified": D(2026, 5, 10), "Date reported": D(2026, 5, 10),
                          "Date closed": D(2026, 5, 20), "Policy clause": "A5.6"}),
            breach_row(**{"Breach ID": "B-2"}),
        ],
        objectives=[objective_row(Term="Summer 2026", Actual=40), objective_row(Actual=30)],
        activity=[activity_row(Term="Summer 2026", **{"Last post date": D(2026, 8, 20)}),
                  activity_row()],
    )


@pytest.fixture
def ds(folder: Path) -> sa.Dataset:
    """The folder, loaded through the public API (the path as text)."""
    return sa.load(str(folder))


# --- the API's surface ---------------------------------------------------------------------


def test_the_api_is_at_the_top_level() -> None:
    """Spec 8's functions are exported, and `sa.load` stays the function after any import."""
    import stockham_analytics.workbooks.load  # noqa: F401  (the submodule of the same name)

    for name in ("load", "validate", "evaluate", "build_pack", "history", "InvalidInputError"):
        assert name in sa.__all__
    assert callable(sa.load) and sa.load is api.load


def test_docstring_examples_are_true(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `>>>` example in the API's docstrings gives what it shows, on the demo data."""
    monkeypatch.chdir(ROOT)
    demo = sa.load("data")
    names = {"sa": sa, "ds": demo, "rep": sa.evaluate(demo, "Autumn 2026", as_of="2026-12-10")}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for module in (sa, api, models, results):
        for test in doctest.DocTestFinder().find(module, globs=dict(names)):
            runner.run(test)
    outcome = runner.summarize(verbose=False)
    assert outcome.attempted >= 10 and outcome.failed == 0


# --- arguments -------------------------------------------------------------------------------


def test_paths_terms_and_dates_in_every_accepted_form(folder: Path, ds: sa.Dataset) -> None:
    """A Path or text folder; "autumn 2026" or a Term; ISO, UK or date as_of: the same report."""
    assert sa.load(folder).sites == ds.sites
    forms = [("Autumn 2026", "2026-12-10"), (" autumn 2026 ", "10/12/2026"),
             (sa.Term(2026, 2), D(2026, 12, 10)), ("Autumn 2026", dt.datetime(2026, 12, 10, 9))]
    reports = [sa.evaluate(ds, term, as_of=day) for term, day in forms]
    assert {(r.term.name, r.as_of) for r in reports} == {("Autumn 2026", D(2026, 12, 10))}


@pytest.mark.parametrize(("call", "error", "says"), [
    (lambda ds: sa.load(42), TypeError, "text or a pathlib.Path"),
    (lambda ds: sa.validate(None), TypeError, "text or a pathlib.Path"),
    (lambda ds: sa.evaluate(ds, "Autumm 2026"), ValueError, "Autumn 2026, Spring 2027"),
    (lambda ds: sa.evaluate(ds, 2026), TypeError, 'text such as "Autumn 2026"'),
    (lambda ds: sa.evaluate(ds, "Autumn 2026", as_of="12/31/2026"), ValueError, "10/12/2026"),
    (lambda ds: sa.evaluate(ds, "Autumn 2026", as_of=20261210), TypeError, "datetime.date"),
    (lambda ds: sa.evaluate("data", "Autumn 2026"), TypeError, 'sa.load("data")'),
    (lambda ds: sa.history(ds, as_of="next week"), ValueError, "2026-12-10"),
    (lambda ds: sa.build_pack("data", "Autumn 2026", pdf="yes"), TypeError, "True or False"),
])
def test_a_wrong_argument_says_what_is_accepted(
    ds: sa.Dataset, call: Any, error: type[Exception], says: str
) -> None:
    """Each wrong argument raises TypeError or ValueError naming the accepted forms."""
    with pytest.raises(error) as caught:
        call(ds)
    assert says in str(caught.value)


def test_a_term_not_started_by_the_as_of_date_is_refused(ds: sa.Dataset) -> None:
    """Spring 2027 starts on 01/01/2027: judged as of 10/12/2026 it cannot be reported."""
    with pytest.raises(sa.TermNotStartedError) as caught:
        sa.evaluate(ds, "Spring 2027", as_of="2026-12-10")
    assert caught.value.first_day == D(2027, 1, 1)


def test_evaluate_judges_as_of_today_by_default(
    ds: sa.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No as_of means today (spec 2): on 29/11/2026 Autumn 2026 is provisional; on 05/01/2027 not."""
    monkeypatch.setattr(api, "_today", lambda: D(2026, 11, 29))
    report = sa.evaluate(ds, "Autumn 2026")
    assert (report.as_of, report.provisional) == (D(2026, 11, 29), True)
    monkeypatch.setattr(api, "_today", lambda: D(2027, 1, 5))
    assert sa.evaluate(ds, "Autumn 2026").as_of == D(2026, 12, 31)


# --- load and validate -------------------------------------------------------------------------


def test_validate_returns_every_problem_and_never_raises(tmp_path: Path) -> None:
    """A missing folder is one problem; a bad cell and an extra column are an error and a warning."""
    missing = sa.validate(tmp_path / "nowhere")
    assert len(missing) == 1 and "does not exist" in missing[0].message
    row = as_cells(REGISTER, site_row(**{"Go-live date": "next week"}))
    bad = write_data(tmp_path / "bad", register=[[*row, "a stray note"]])
    problems = sa.validate(bad)
    go_live = [c.header for c in REGISTER.columns].index("Go-live date")
    assert sorted((p.severity, p.cell) for p in problems) == [
        ("error", f"{column_letter(go_live)}2"), ("warning", f"{column_letter(len(row))}1")]
    assert sa.validate(write_data(tmp_path / "good"), as_of="2026-12-31") == []


def test_load_raises_invalid_input_with_every_problem(tmp_path: Path) -> None:
    """sa.load raises InvalidInputError; .problems and .failure_cases name the cell."""
    bad = write_data(tmp_path / "bad", register=[site_row(**{"Go-live date": "next week"})])
    with pytest.raises(sa.InvalidInputError) as caught:
        sa.load(bad)
    assert [p.cell for p in caught.value.problems] == ["AN2"]
    assert caught.value.failure_cases.loc[0, "cell"] == "AN2"


def test_the_command_line_goes_through_the_api(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` calls sa.load and `report` calls sa.build_pack, with the same arguments."""
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    real_load = api.load
    monkeypatch.setattr(api, "load", lambda *a, **k: calls.append(("load", a, k)) or real_load(*a))
    monkeypatch.setattr(api, "build_pack",
                        lambda *a, **k: calls.append(("build_pack", a, k)) or Path("out"))
    assert cli.main(["validate", "--data", str(folder)]) == 0
    assert cli.main(["report", "--data", str(folder), "--term", "Autumn 2026",
                     "--as-of", "10/12/2026", "--quiet"]) == 0
    assert [c[0] for c in calls] == ["load", "build_pack"]
    _, args, options = calls[1]
    assert args == (folder, sa.Term(2026, 2), Path("reports/autumn-2026"))
    assert options["as_of"] == D(2026, 12, 10) and options["progress"] is False
    assert "The workbooks are valid." in capsys.readouterr().out


def test_build_pack_defaults_and_pdf_passthrough(monkeypatch: pytest.MonkeyPatch) -> None:
    """out defaults to reports/<term>, as_of to today; pdf reaches build_report as given."""
    from stockham_analytics.pack import build as report

    seen: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(report, "build_report", lambda *a, **k: seen.append((a, k)) or a[2])
    monkeypatch.setattr(api, "_today", lambda: D(2026, 11, 29))
    assert sa.build_pack("data", "Autumn 2026") == Path("reports/autumn-2026")
    sa.build_pack(Path("data"), "Autumn 2026", out="elsewhere", as_of="2026-12-10", pdf=True)
    (args, first), (args2, second) = seen
    assert args == (Path("data"), sa.Term(2026, 2), Path("reports/autumn-2026"))
    assert first["as_of"] == D(2026, 11, 29) and first["pdf"] is False
    assert args2[2] == Path("elsewhere") and second["as_of"] == D(2026, 12, 10)
    assert second["pdf"] is True


# --- Dataset.frames() --------------------------------------------------------------------------


def _all_text(frames: dict[str, pd.DataFrame]) -> str:
    return " ".join(str(v) for f in frames.values() for c in f.columns for v in f[c].tolist())


def test_dataset_frames_hold_one_row_per_record_with_real_dtypes(ds: sa.Dataset) -> None:
    """register/breaches/objectives/activity: snake_case columns, dates, floats, Int64, booleans."""
    frames = ds.frames()
    assert list(frames) == ["register", "breaches", "objectives", "activity"]
    assert [len(f) for f in frames.values()] == [1, 2, 2, 2]
    register = frames["register"].iloc[0]
    assert register["go_live_date"] == pd.Timestamp(2026, 7, 1)
    assert (register["audience_pupils"], register["audience_staff"],
            register["contributors_staff"]) == (True, False, True)
    assert pd.isna(register["platform_minimum_age"]) and register["youngest_pupil_age"] == 9
    dtypes = frames["register"].dtypes
    assert pd.api.types.is_datetime64_dtype(dtypes["head_teacher_approved"])
    assert dtypes["audience_other_schools_pupils"] == np.dtype(bool)
    assert str(dtypes["platform_minimum_age"]) == "Int64"
    objectives = frames["objectives"]
    assert objectives["target"].dtype == "float64" and objectives["actual"].tolist() == [40.0, 30.0]
    activity = frames["activity"]
    assert str(activity["posts"].dtype) == "Int64" and activity["posts"].tolist() == [40, 40]
    assert activity["median_moderation_hours"].tolist() == [2.5, 2.5]
    assert activity["last_post_date"].tolist() == [pd.Timestamp(2026, 8, 20),
                                                   pd.Timestamp(2026, 12, 15)]


def test_term_columns_are_ordered_by_date_not_alphabet(ds: sa.Dataset) -> None:
    """Summer 2026 comes before Autumn 2026 (alphabetically it would not), in every frame."""
    frames = ds.frames()
    for name in ("objectives", "activity", "breaches"):
        column = frames[name]["term"]
        assert isinstance(column.dtype, pd.CategoricalDtype) and column.dtype.ordered
        assert list(column.cat.categories) == ["Summer 2026", "Autumn 2026"]
    breaches = frames["breaches"]
    assert breaches.sort_values("term")["breach_id"].tolist() == ["B-1", "B-2"]
    assert breaches.groupby("term", observed=True).size().tolist() == [1, 1]


def test_dataset_frames_leave_personal_data_out_by_default(ds: sa.Dataset) -> None:
    """No names column and no breach Description, and none of their text anywhere."""
    frames = ds.frames()
    names = {"author", "line_manager", "administrators", "moderators", "external_vetting_by",
             "staff_member", "reported_by", "description"}
    assert not names & {c for f in frames.values() for c in f.columns}
    text = _all_text(frames)
    assert not [p for p in PERSONAL_TEXT if p in text]


def test_personal_true_brings_names_and_descriptions_back(ds: sa.Dataset) -> None:
    """With personal=True the names read "A; B" and the Description is there."""
    frames = ds.frames(personal=True)
    register, breach = frames["register"].iloc[0], frames["breaches"].iloc[1]
    assert register["administrators"] == "Admin A; Admin B"
    assert (register["author"], register["external_vetting_by"]) == ("Teacher T", "Vetter V")
    assert breach["description"] == "Accepted a friend request from a pupil"
    assert (breach["staff_member"], breach["reported_by"]) == ("Staff X", "Reporter R")


# --- TermReport.frames() ---------------------------------------------------------------------


def test_report_frames_sites_checks_objectives_actions(ds: sa.Dataset) -> None:
    """Autumn 2026 as of 31/12: O1 30 of 40 is Partly met (0.75); every check passes or is N/A."""
    frames = sa.evaluate(ds, "Autumn 2026", as_of="2026-12-31").frames()
    assert list(frames) == ["sites", "checks", "objectives", "actions"]
    site = frames["sites"].iloc[0]
    assert (site["site_id"], site["status"], site["objectives_verdict"], site["rag"],
            site["recommendation"]) == ("SM-01", "Live", "Partly meeting objectives", "Green",
                                        "Review")
    assert site["term"] == "Autumn 2026" and site["as_of"] == pd.Timestamp(2026, 12, 31)
    checks = frames["checks"]
    assert list(checks.columns) == ["site_id", "check_id", "clause", "title", "outcome", "reason"]
    assert len(checks) == len(SITE_CHECKS) and set(checks["outcome"]) == {"Pass", "N/A"}
    approval = checks[checks["check_id"] == "APPROVAL"].iloc[0]
    assert (approval["clause"], approval["outcome"]) == ("A3.2, A3.6", "Pass")
    active = checks[checks["check_id"] == "ACTIVE"].iloc[0]
    assert "16 days" in active["reason"]  # last post 15/12, 16 days before 31/12
    objective = frames["objectives"].iloc[0]
    assert (objective["objective_id"], objective["target"], objective["actual"],
            objective["ratio"], objective["status"]) == ("O1", 40.0, 30.0, 0.75, "Partly met")
    assert list(frames["actions"].columns) == ["priority", "concerns", "clause", "what"]
    assert str(frames["sites"]["breaches_this_term"].dtype) == "Int64"
    assert frames["sites"]["breaches_this_term"].tolist() == [1]


def test_report_frames_never_hold_personal_data(ds: sa.Dataset) -> None:
    """No name or Description reaches a report frame."""
    text = _all_text(sa.evaluate(ds, "Autumn 2026", as_of="2026-12-31").frames())
    assert not [p for p in PERSONAL_TEXT if p in text]


# --- history -------------------------------------------------------------------------------


def test_history_has_one_row_per_site_per_term(ds: sa.Dataset) -> None:
    """Summer 2026 (Met, Green, Continue) then Autumn 2026 (Partly meeting, Green, Review)."""
    history = sa.history(ds, as_of="2026-12-31")
    assert list(history.columns) == ["site_id", "site_name", "term", "as_of", "provisional",
                                     "objectives_verdict", "rag", "recommendation"]
    rows = history[["site_id", "term", "objectives_verdict", "rag", "recommendation"]]
    assert rows.astype(str).values.tolist() == [
        ["SM-01", "Summer 2026", "Meeting objectives", "Green", "Continue"],
        ["SM-01", "Autumn 2026", "Partly meeting objectives", "Green", "Review"],
    ]
    assert history["as_of"].tolist() == [pd.Timestamp(2026, 8, 31), pd.Timestamp(2026, 12, 31)]
    assert history["term"].dtype.ordered


def test_history_judges_the_current_term_as_of_and_skips_terms_not_started(
    ds: sa.Dataset,
) -> None:
    """As of 25/08/2026, Summer 2026 is judged that day (provisional); Autumn 2026 is left out."""
    history = sa.history(ds, as_of=D(2026, 8, 25))
    assert history["term"].astype(str).tolist() == ["Summer 2026"]
    assert history["as_of"].tolist() == [pd.Timestamp(2026, 8, 25)]
    assert history["provisional"].tolist() == [True]


def test_history_leaves_out_a_term_before_the_site_went_live(tmp_path: Path) -> None:
    """Live from 01/07/2026, the site has no Spring 2026 row though Spring 2026 has a breach."""
    folder = write_data(tmp_path / "data", breaches=[breach_row(**{
        "Date occurred": D(2026, 2, 1), "Date identified": D(2026, 2, 2),
        "Date reported": D(2026, 2, 2), "Date closed": D(2026, 2, 9)})])
    history = sa.history(sa.load(folder), as_of="2026-12-31")
    assert history["term"].astype(str).tolist() == ["Autumn 2026"]
    assert list(history["term"].cat.categories) == ["Spring 2026", "Summer 2026", "Autumn 2026"]
