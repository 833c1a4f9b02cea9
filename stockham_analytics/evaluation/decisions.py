"""What governors must decide, and what changed since last term (the overview's opening).

Worked out once, in the evaluation stage, from a term's conclusions, so the
pages only present it:

- :func:`decisions`: the "For the governors" list: each site recommended to
  close, each Red site, late safeguarding referrals or removals (as counts,
  spec 7) and an overdue policy review, each one plain sentence with its cause;
- :func:`site_brief`: for each site, every failing or unknown check in plain
  words, the change since last term ("was Amber", "Red for 4 terms running"),
  what must change for it to continue, and notes worth noticing that are not
  breaches (followers down by more than half, a long silence).

Nothing here reads a names column or a breach Description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.catalogue import check_def
from stockham_analytics.evaluation.checks import breach_outcomes, fmt_date, plural
from stockham_analytics.evaluation.results import (
    Cause,
    Change,
    Decision,
    Rag,
    SiteBrief,
    SiteResult,
    SiteTermHistory,
    TermReport,
)
from stockham_analytics.evaluation.verdicts import closing_failures, red_failures
from stockham_analytics.records import Activity, Dataset
from stockham_analytics.terms import Term

#: Worse first: a move towards Green is "better".
RAG_ORDER: dict[Rag, int] = {"Green": 0, "Amber": 1, "Red": 2}
#: A Red or Amber rating held this many terms in a row (this one included) is long-running.
LONG_RUNNING = 3
#: A fall by more than this share of last term's figure is worth a note.
STEEP_FALL = 0.5


# --- plain sentences ----------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _lower_first(text: str) -> str:
    """``Only 1 moderator`` -> ``only 1 moderator``; ``Head Teacher ...`` stays (a name)."""
    words = text.split(" ", 2)
    if len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _clause(reason: str) -> str:
    """A check's reason as part of a sentence: ``Only 1 moderator named (the policy asks for
    at least 2)``."""
    head, sep, asks = reason.rstrip(".").partition("; the policy asks")
    return f"{head} (the policy asks{asks})" if sep else head


def _together(reasons: Sequence[str]) -> str:
    """Reasons joined into one sentence: ``a, b and c`` (later ones in lower case)."""
    parts = [_clause(r) for r in reasons]
    parts = parts[:1] + [_lower_first(p) for p in parts[1:]]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def site_label(site: SiteResult) -> str:
    """``Stockham Sports Facebook Page (SM-03)``."""
    return f"{site.site_name} ({site.site_id})"


# --- why: each failing or unknown check -------------------------------------------------------


#: The title of the cause of a Close that no check gives: its objectives, two terms running.
OBJECTIVES_CAUSE = "Objectives not met two terms running"


def causes(site: SiteResult) -> tuple[Cause, ...]:
    """Every Fail, then every Unknown, in catalogue order, each with its reason; first, for a
    site recommended to close on its objectives (spec 4), that reason (no check id)."""
    found = [c for c in site.checks if c.outcome == "Fail"]
    found += [c for c in site.checks if c.outcome == "Unknown"]
    listed = [Cause(c.check_id, check_def(c.check_id).title, c.outcome, c.reason) for c in found]
    if site.recommendation == "Close" and not closing_failures(site.checks):
        why = site.recommendation_reason.removeprefix("Close: ")
        listed.insert(0, Cause("", OBJECTIVES_CAUSE, "Fail", why))
    return tuple(listed)


# --- change since last term ------------------------------------------------------------------


def _streak(rag: Rag, term: Term, history: Sequence[SiteTermHistory]) -> int:
    """How many terms in a row, ending with ``term``, the site has been ``rag``."""
    by_term = {h.term: h.rag for h in history}
    count, before = 1, term.previous()
    while by_term.get(before) == rag:
        count, before = count + 1, before.previous()
    return count


def change_since_last_term(rag: Rag, term: Term, history: Sequence[SiteTermHistory]) -> Change:
    """How the RAG rating moved since the term just before ``term``.

    ``history`` is the site's earlier terms in scope. Red or Amber for
    :data:`LONG_RUNNING` terms or more in a row is long-running.
    """
    last = next((h for h in history if h.term == term.previous()), None)
    if last is None:
        if not history:
            return Change("new", "new this term")
        latest = max(history, key=lambda h: h.term)
        return Change("back", f"back this term (was {latest.rag} in {latest.term})")
    streak = _streak(rag, term, history)
    if rag != "Green" and streak >= LONG_RUNNING:
        return Change("long-running", f"{rag} for {streak} terms running")
    if last.rag == rag:
        return Change("unchanged", "no change since last term")
    if RAG_ORDER[rag] > RAG_ORDER[last.rag]:
        return Change("worse", f"worse: was {last.rag} last term")
    return Change("better", f"better: was {last.rag} last term")


# --- what must change for the site to continue --------------------------------------------------


def must_change(site: SiteResult) -> tuple[str, ...]:
    """Spec 4: a site continues when it meets its objectives and is Green. What stands between.

    Nothing for a closed site.
    """
    if site.recommendation == "Closed":
        return ()
    steps = [_sentence(f"{check_def(c.check_id).title}: {check_def(c.check_id).fix}")
             for c in site.checks if c.outcome == "Fail"]
    unknown = [c for c in site.checks if c.outcome == "Unknown"]
    if unknown:
        titles = " and ".join(f'"{check_def(c.check_id).title}"' for c in unknown)
        steps.append(_sentence(f"Record the site's activity for the term in "
                               f"site_evaluation.xlsx, so that {titles} can be checked"))
    if site.objectives_verdict != "Meeting objectives":
        steps.append(_sentence(f"Meet every objective for the term (now: "
                               f"{site.objectives_verdict})"))
    return tuple(steps)


# --- notes: worth noticing, not breaches ------------------------------------------------------


def _fall(name: str, now: int | None, before: int | None, term: Term) -> str | None:
    if now is None or before is None or before == 0 or now >= before * (1 - STEEP_FALL):
        return None
    share = round((before - now) * 100 / before)
    return f"{name} fell from {before} to {now} since {term} (down {share}%)."


def _silence(site: SiteResult, activity: Activity | None, judged: dt.date,
             neglect_days: int) -> str | None:
    """A long gap since the last post while the neglect check (the row that
    ``notes_long_silence``) still passes."""
    last = activity.last_post_date if activity else None
    neglect = [site.check(row.check_id) for row in catalogue.SITE_CHECKS if row.notes_long_silence]
    if last is None or any(c.outcome != "Pass" for c in neglect):
        return None
    days = (judged - last).days
    if days * 2 <= neglect_days:
        return None
    return (f"No post for {plural(days, 'day')} (last on {fmt_date(last)}); after "
            f"{plural(neglect_days, 'day')} the site counts as neglected.")


def notes(dataset: Dataset, report: TermReport, site: SiteResult) -> tuple[str, ...]:
    """Followers down by more than half since last term; a long silence."""
    rows = {a.term: a for a in dataset.activity if a.site_id == site.site_id}
    now, before = rows.get(report.term), rows.get(report.term.previous())
    found: list[str | None] = []
    if now is not None and before is not None:
        found.append(_fall("Followers", now.followers, before.followers, before.term))
    found.append(_silence(site, now, report.as_of, dataset.settings.neglect_days))
    return tuple(n for n in found if n)


def site_brief(dataset: Dataset, report: TermReport, site: SiteResult) -> SiteBrief:
    """What governors read first about ``site``."""
    history = report.site_history.get(site.site_id, ())
    return SiteBrief(
        site_id=site.site_id,
        change=change_since_last_term(site.rag, report.term, history),
        causes=causes(site),
        must_change=must_change(site),
        notes=notes(dataset, report, site),
    )


# --- the governors' decisions -------------------------------------------------------------------


def _red_causes(site: SiteResult) -> str:
    return _together([c.reason for c in red_failures(site.checks)])


def close_decision(site: SiteResult, term: Term) -> Decision:
    """A site recommended to close in ``term``, with why (and its Red causes, if any)."""
    closing = closing_failures(site.checks)
    if closing:
        why = _lower_first(_clause(closing[0][0].reason))
    else:
        why = (f"it has not met its objectives two terms running ({term.previous()} and "
               f"{term})")
    text = f"{site_label(site)} is recommended to close: {why}"
    if site.rag == "Red":
        text += f"; it is also Red: {_lower_first(_red_causes(site))}"
    return Decision("Close", site.site_id, _sentence(text))


def red_decision(site: SiteResult) -> Decision:
    """A Red site that is not recommended to close."""
    return Decision("Red", site.site_id,
                    _sentence(f"{site_label(site)} is Red: {_red_causes(site)}"))


def safeguarding_decisions(report: TermReport) -> Iterator[Decision]:
    """Safeguarding concerns of the term referred late, or left up too long (counts only): the
    Fails of the breach checks whose rows declare a ``decision``."""
    outcomes = breach_outcomes(report.breaches)
    rows = catalogue.decision_checks()
    parts: list[str] = []
    for row in rows:
        failed = outcomes[(row.check_id, "Fail")]
        if failed:
            whose = f"{failed}" if parts else (
                f"{plural(failed, 'safeguarding concern')} identified in {report.term}")
            parts.append(f"{whose} {row.decision_words(failed, report.rules.immediate_days)}")
    if parts:
        yield Decision("Safeguarding", "Breach log", _sentence(
            f"{', and '.join(parts)} ({catalogue.joined_clauses(rows)}): ask the Designated "
            "Safeguarding Lead why, and what has been done since"))


def _overdue_for(due: dt.date, day: dt.date) -> str:
    """``more than 8 years ago``, or ``71 days ago`` within the first year."""
    years = day.year - due.year - ((day.month, day.day) < (due.month, due.day))
    return f"more than {plural(years, 'year')} ago" if years >= 1 else (
        f"{plural((day - due).days, 'day')} ago")


def policy_decision(report: TermReport) -> Iterator[Decision]:
    """The policy's review date has passed: reviewing it is the governors' own business."""
    if report.policy_review.outcome == "Fail":
        due = report.policy_review_due
        yield Decision("Policy review", "School", _sentence(
            f"The Social Media Policy was due for review on {fmt_date(due)}, "
            f"{_overdue_for(due, report.as_of)}: governors must review it and set the next "
            "review date"))


def decisions(report: TermReport) -> tuple[Decision, ...]:
    """Sites to close, Red sites, late safeguarding action, an overdue policy review: in
    that order, sites in Site ID order."""
    found = [close_decision(s, report.term) for s in report.sites if s.recommendation == "Close"]
    found += [red_decision(s) for s in report.sites
              if s.rag == "Red" and s.recommendation != "Close"]
    found += safeguarding_decisions(report)
    found += policy_decision(report)
    return tuple(found)


def briefs(dataset: Dataset, report: TermReport) -> dict[str, SiteBrief]:
    """Each site's brief, by Site ID."""
    return {s.site_id: site_brief(dataset, report, s) for s in report.sites}
