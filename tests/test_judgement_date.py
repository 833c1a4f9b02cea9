"""Spec 2's judgement date: a report judged as of a day before, on or after the term's end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import write_data
from factories import (
    AUTUMN_2026,
    make_activity,
    make_breach,
    make_dataset,
    make_settings,
    make_site,
)

from stockham_analytics.cli import main
from stockham_analytics.errors import TermNotStartedError
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.pack.summary_json import to_summary

D = dt.date
MID_DECEMBER = D(2026, 12, 10)


@pytest.mark.parametrize(("as_of", "judged", "provisional"), [
    (D(2026, 12, 10), D(2026, 12, 10), True),
    (D(2026, 9, 1), D(2026, 9, 1), True),
    (D(2026, 12, 31), D(2026, 12, 31), False),
    (D(2027, 3, 1), D(2026, 12, 31), False),
    (None, D(2026, 12, 31), False),
])
def test_judgement_date_is_the_earlier_of_as_of_and_term_end(
    as_of: dt.date | None, judged: dt.date, provisional: bool
) -> None:
    """Autumn 2026 ends 31/12/2026: an earlier as-of date is the judgement date."""
    report = evaluate(make_dataset(), AUTUMN_2026, as_of=as_of)
    assert (report.as_of, report.provisional) == (judged, provisional)


def test_summary_says_as_of_and_provisional() -> None:
    """summary.json carries the judgement date and the provisional flag (spec 6)."""
    summary = to_summary(evaluate(make_dataset(), AUTUMN_2026, as_of=MID_DECEMBER))
    assert (summary["as_of"], summary["provisional"]) == ("2026-12-10", True)
    assert summary["term_end"] == "2026-12-31"


def test_term_not_started_is_refused() -> None:
    """Judged on 31/08/2026, Autumn 2026 (first day 01/09/2026) cannot be reported."""
    with pytest.raises(TermNotStartedError) as caught:
        evaluate(make_dataset(), AUTUMN_2026, as_of=D(2026, 8, 31))
    assert caught.value.first_day == D(2026, 9, 1)
    assert "01/09/2026" in str(caught.value)


def test_active_is_judged_on_the_as_of_date() -> None:
    """Last post 10/11/2026: 30 days before 10/12/2026 passes; 51 days before 31/12 fails."""
    dataset = make_dataset(activity=(make_activity(last_post_date=D(2026, 11, 10)),))
    assert evaluate(dataset, AUTUMN_2026, as_of=MID_DECEMBER).sites[0].check("ACTIVE").outcome == "Pass"
    assert evaluate(dataset, AUTUMN_2026).sites[0].check("ACTIVE").outcome == "Fail"


def test_closure_due_is_judged_on_the_as_of_date() -> None:
    """Planned closure 20/12/2026, still open: not yet due on 10/12, overdue at 31/12."""
    dataset = make_dataset(sites=(make_site(planned_closure_date=D(2026, 12, 20)),))
    assert evaluate(dataset, AUTUMN_2026, as_of=MID_DECEMBER).sites[0].check(
        "CLOSURE-DUE").outcome == "Pass"
    assert evaluate(dataset, AUTUMN_2026).sites[0].check("CLOSURE-DUE").outcome == "Fail"


def test_policy_review_is_judged_on_the_as_of_date() -> None:
    """Review due 15/12/2026 is not yet overdue on 10/12/2026, but is by 31/12/2026."""
    dataset = make_dataset(settings=make_settings(policy_review_due=D(2026, 12, 15)))
    assert evaluate(dataset, AUTUMN_2026, as_of=MID_DECEMBER).policy_review.outcome == "Pass"
    assert evaluate(dataset, AUTUMN_2026).policy_review.outcome == "Fail"


def test_breach_identified_after_as_of_is_not_in_the_term() -> None:
    """Identified 11/12/2026 is outside a term judged on 10/12; identified 10/12 is inside."""
    late = make_breach(breach_id="B-LATE", date_occurred=D(2026, 12, 9),
                       date_identified=D(2026, 12, 11), date_closed=None,
                       outcome="Under investigation")
    on_day = make_breach(breach_id="B-ONDAY", date_occurred=D(2026, 12, 9),
                         date_identified=D(2026, 12, 10), date_closed=None,
                         outcome="Under investigation")
    report = evaluate(make_dataset(breaches=(late, on_day)), AUTUMN_2026, as_of=MID_DECEMBER)
    assert [b.breach_id for b in report.breaches] == ["B-ONDAY"]
    assert report.open_breaches_all_terms == 1


def test_breach_closed_after_as_of_is_still_open_then() -> None:
    """Closed 12/12/2026: open when judged on 10/12/2026, closed when judged at 31/12."""
    breach = make_breach(date_closed=D(2026, 12, 12))
    assert evaluate(make_dataset(breaches=(breach,)), AUTUMN_2026,
                    as_of=MID_DECEMBER).breaches[0].is_open is True
    assert evaluate(make_dataset(breaches=(breach,)), AUTUMN_2026).breaches[0].is_open is False


def test_site_going_live_after_as_of_is_not_in_scope() -> None:
    """Go-live 15/12/2026: not in scope judged on 10/12/2026, in scope at 31/12/2026."""
    dataset = make_dataset(sites=(make_site(go_live_date=D(2026, 12, 15)),))
    assert evaluate(dataset, AUTUMN_2026, as_of=MID_DECEMBER).sites == ()
    assert [s.site_id for s in evaluate(dataset, AUTUMN_2026).sites] == ["SM-01"]


def test_report_for_a_term_not_started_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --as-of 31/08/2026 --term "Autumn 2026"` exits 2, names 01/09/2026, writes nothing."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    code = main(["report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
                 "--as-of", "31/08/2026", "--quiet"])
    assert code == 2
    assert "01/09/2026" in capsys.readouterr().err
    assert not out.exists()


def test_as_of_that_is_not_a_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`--as-of next-week` is refused by the argument parser (exit 2) with the date forms."""
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--data", ".", "--term", "Autumn 2026", "--as-of", "next-week"])
    assert stopped.value.code == 2
    assert "10/12/2026" in capsys.readouterr().err


def test_summary_only_pack_is_provisional_before_term_end(tmp_path: Path) -> None:
    """A pack judged on 10/12/2026 says provisional in summary.json."""
    from stockham_analytics.pack.build import build_report

    data = write_data(tmp_path / "data")
    out = build_report(data, AUTUMN_2026, tmp_path / "pack", pages=False, as_of=MID_DECEMBER)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["as_of"], summary["provisional"]) == ("2026-12-10", True)


# --- what the reasons say when the pack is provisional ----------------------------------------


def test_reasons_name_the_judgement_day_not_the_end_of_the_term() -> None:
    """Judged on 10/12/2026, nothing claims to be "the end of the term (31/12/2026)"."""
    closing = make_site(planned_closure_date=D(2026, 11, 30))
    dataset = make_dataset(sites=(closing,),
                           activity=(make_activity(last_post_date=D(2026, 11, 1)),))
    report = evaluate(dataset, AUTUMN_2026, as_of=MID_DECEMBER)
    site = report.sites[0]
    assert site.check("CLOSURE-DUE").reason == (
        "Planned closure on 30/11/2026, but still live on 10/12/2026")
    assert site.check("ACTIVE").reason == (
        "Last post on 01/11/2026, 39 days before 10/12/2026; the limit is 30 days")
    assert report.policy_review.reason == "Policy review was due 30/09/2018, before 10/12/2026"
    assert "31/12/2026" not in " ".join(c.reason for c in site.checks)


def test_final_reasons_still_name_the_end_of_the_term() -> None:
    """Judged at the term's end, the reasons say so, with the date."""
    dataset = make_dataset(sites=(make_site(planned_closure_date=D(2026, 11, 30)),))
    site = evaluate(dataset, AUTUMN_2026).sites[0]
    assert site.check("CLOSURE-DUE").reason == (
        "Planned closure on 30/11/2026, but still live at the end of the term (31/12/2026)")


def test_closed_recommendation_says_the_judgement_day() -> None:
    """Closed 01/12/2026, judged on 10/12/2026: "not live on 10/12/2026"."""
    dataset = make_dataset(sites=(make_site(status="Closed", closed_date=D(2026, 12, 1)),))
    site = evaluate(dataset, AUTUMN_2026, as_of=MID_DECEMBER).sites[0]
    assert site.recommendation_reason == "Closed: the site was not live on 10/12/2026"


def test_provisional_notice_for_the_pages() -> None:
    """The notice every page shows: figures to the as-of day, and when the term ends."""
    from stockham_analytics.pack.html_pages import provisional_notice

    assert provisional_notice(evaluate(make_dataset(), AUTUMN_2026, as_of=MID_DECEMBER)) == (
        "Provisional: figures to 10/12/2026; the term ends 31/12/2026")
    assert provisional_notice(evaluate(make_dataset(), AUTUMN_2026)) == ""
