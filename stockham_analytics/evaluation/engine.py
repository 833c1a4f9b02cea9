"""Evaluate one term: which records it covers (spec 2), the checks (spec 3) and
the verdicts (spec 4), plus each site's history in earlier terms.

:func:`evaluate` is the only entry point the reports need; the scope helpers
are public because the notebooks and tests use them too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from stockham_analytics.errors import TermNotStartedError
from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.actions import to_do
from stockham_analytics.evaluation.checks import SiteContext, approvals, judged_on, live_at
from stockham_analytics.evaluation.decisions import briefs, decisions
from stockham_analytics.evaluation.figures import breach_tally, term_figures
from stockham_analytics.evaluation.results import (
    BreachResult,
    CheckResult,
    DataWarning,
    ObjectiveResult,
    PipelineEntry,
    Rag,
    SitePurpose,
    SiteResult,
    SiteTermHistory,
    TermReport,
    Verdict,
)
from stockham_analytics.evaluation.thresholds import term_rules
from stockham_analytics.evaluation.trends import site_trends, trend_terms
from stockham_analytics.evaluation.verdicts import objective_status, objectives_verdict, rag, recommendation
from stockham_analytics.records import Activity, Breach, Dataset, Objective, Site
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.future_dates import all_warnings

PIPELINE_STATUSES = frozenset({"Proposed", "Approved"})
SCOPE_STATUSES = frozenset({"Live", "Closed"})


# --- spec 2: which records a term covers ---------------------------------------------


def in_scope(site: Site, start: dt.date, end: dt.date) -> bool:
    """Live or Closed, gone live by the term's end, and not closed before its start."""
    return (
        site.status in SCOPE_STATUSES
        and site.go_live_date is not None
        and site.go_live_date <= end
        and (site.closed_date is None or site.closed_date >= start)
    )


def in_pipeline(site: Site) -> bool:
    """Proposed or Approved: listed with its approvals, not evaluated."""
    return site.status in PIPELINE_STATUSES


def in_term(breach: Breach, start: dt.date, end: dt.date) -> bool:
    """A breach belongs to the term its Date identified falls in (both ends included)."""
    return start <= breach.date_identified <= end


def term_breaches(breaches: Iterable[Breach], start: dt.date, end: dt.date) -> tuple[Breach, ...]:
    """The term's breaches, by Date identified (then worksheet row)."""
    chosen = [b for b in breaches if in_term(b, start, end)]
    return tuple(sorted(chosen, key=lambda b: (b.date_identified, b.row)))


def pipeline_entry(site: Site) -> PipelineEntry:
    """How far a Proposed or Approved site's approval has got."""
    steps = approvals(site)
    return PipelineEntry(
        site_id=site.site_id,
        site_name=site.site_name,
        status=site.status,
        approvals_done=tuple(who for who, day in steps if day is not None),
        approvals_missing=tuple(who for who, day in steps if day is None),
    )


def site_purpose(site: Site) -> SitePurpose:
    """What the site is for and who it is for, as the register says (no names columns)."""
    return SitePurpose(
        department=site.department, platform=site.platform, host=site.host,
        host_name=site.host_name, aims=site.aims, proposed_content=site.proposed_content,
        audience=site.audience, contributors=site.contributors,
        pupil_age_range=None if site.pupil_age_range is None else site.pupil_age_range.text,
        go_live_date=site.go_live_date,
        planned_closure_date=site.planned_closure_date, closed_date=site.closed_date,
    )


# --- one term's facts ----------------------------------------------------------------


@dataclass(frozen=True)
class TermData:
    """The records of one term that the site checks need.

    ``end`` is the term's last day; ``judged`` the judgement date of spec 2 (the
    term's last day, or an earlier as-of date), which scope and checks use.
    """

    term: Term
    start: dt.date
    end: dt.date
    judged: dt.date
    breaches: tuple[Breach, ...]
    objectives: dict[str, tuple[Objective, ...]]
    activity: dict[str, Activity]

    def covers(self, site: Site) -> bool:
        """Whether ``site`` is in scope for this term, as of the judgement date."""
        return in_scope(site, self.start, self.judged)

    @property
    def provisional(self) -> bool:
        """Judged before the term's last day (spec 2)."""
        return self.judged < self.end


def judgement_date(start: dt.date, end: dt.date, as_of: dt.date | None, term: Term) -> dt.date:
    """Spec 2: the term's last day, or ``as_of`` when earlier (``None``: the last day).

    Raises :class:`TermNotStartedError` when ``as_of`` is before the term's first day.
    """
    if as_of is None:
        return end
    if as_of < start:
        raise TermNotStartedError(term, start, as_of)
    return min(end, as_of)


def term_data(dataset: Dataset, term: Term, as_of: dt.date | None = None) -> TermData:
    """Gather one term's dates, breaches, objectives and activity rows, judged as of
    ``as_of`` (``None``: the term's last day)."""
    calendar = dataset.settings.calendar
    start, end = calendar.start(term), calendar.end(term)
    judged = judgement_date(start, end, as_of, term)
    objectives: dict[str, list[Objective]] = {}
    for objective in dataset.objectives:
        if objective.term == term:
            objectives.setdefault(objective.site_id, []).append(objective)
    return TermData(
        term=term,
        start=start,
        end=end,
        judged=judged,
        breaches=term_breaches(dataset.breaches, start, judged),
        objectives={k: tuple(v) for k, v in objectives.items()},
        activity={a.site_id: a for a in dataset.activity if a.term == term},
    )


def site_context(dataset: Dataset, data: TermData, site: Site) -> SiteContext:
    """What the site checks may look at for ``site`` in ``data``'s term."""
    return SiteContext(
        term=data.term,
        start=data.start,
        end=data.judged,
        neglect_days=dataset.settings.neglect_days,
        immediate_days=dataset.settings.immediate_days,
        activity=data.activity.get(site.site_id),
        objectives=data.objectives.get(site.site_id, ()),
        breaches=tuple(b for b in data.breaches if b.site_id == site.site_id),
        provisional=data.provisional,
    )


# --- one site in one term --------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """A site's objectives, checks and RAG for one term."""

    objectives: tuple[ObjectiveResult, ...]
    verdict: Verdict
    verdict_reason: str
    checks: tuple[CheckResult, ...]
    rag: Rag
    rag_reason: str


def assess_objectives(dataset: Dataset, data: TermData, site: Site) -> tuple[ObjectiveResult, ...]:
    """The site's objectives for the term, each with its status."""
    ratio = dataset.settings.partly_met_ratio
    return tuple(objective_status(o, ratio) for o in data.objectives.get(site.site_id, ()))


def assess(dataset: Dataset, data: TermData, site: Site) -> Assessment:
    """Run every site check and the verdicts for ``site`` in ``data``'s term."""
    objectives = assess_objectives(dataset, data, site)
    ctx = site_context(dataset, data, site)
    checks = tuple(row.check(site, ctx) for row in catalogue.SITE_CHECKS)
    verdict, verdict_reason = objectives_verdict(objectives)
    site_rag, rag_reason = rag(checks)
    return Assessment(objectives, verdict, verdict_reason, checks, site_rag, rag_reason)


def previous_verdict(dataset: Dataset, before: TermData, site: Site) -> tuple[Term, Verdict] | None:
    """The site's objectives verdict in ``before`` (the term just before), if in scope then."""
    if not before.covers(site):
        return None
    return before.term, objectives_verdict(assess_objectives(dataset, before, site))[0]


def site_result(dataset: Dataset, data: TermData, site: Site, before: TermData) -> SiteResult:
    """Everything concluded about one site in scope for the term (``before``: the term just
    before, for the recommendation)."""
    found = assess(dataset, data, site)
    live = live_at(site, data.judged)
    advice, advice_reason = recommendation(
        live_at_end=live, checks=found.checks, verdict=found.verdict, site_rag=found.rag,
        previous=previous_verdict(dataset, before, site),
        when=judged_on(data.judged, data.provisional),
    )
    return SiteResult(
        site_id=site.site_id, site_name=site.site_name, status=site.status,
        live_at_term_end=live, objectives=found.objectives, objectives_verdict=found.verdict,
        verdict_reason=found.verdict_reason, checks=found.checks, rag=found.rag,
        rag_reason=found.rag_reason, recommendation=advice, recommendation_reason=advice_reason,
        breaches_this_term=sum(b.site_id == site.site_id for b in data.breaches),
    )


def breach_result(breach: Breach, immediate_days: int, judged: dt.date) -> BreachResult:
    """One breach of the term with its checks (no names, no Description), open or not
    as of ``judged``."""
    return BreachResult(
        breach_id=breach.breach_id, date_identified=breach.date_identified,
        policy_clause=breach.policy_clause, severity=breach.severity, outcome=breach.outcome,
        staff_group=breach.staff_group, site_id=breach.site_id,
        safeguarding_concern=breach.safeguarding_concern, is_open=breach.open_on(judged),
        checks=tuple(row.check(breach, immediate_days) for row in catalogue.BREACH_CHECKS),
    )


# --- history ---------------------------------------------------------------------------


def site_history(
    dataset: Dataset, term: Term, sites: Iterable[Site]
) -> dict[str, tuple[SiteTermHistory, ...]]:
    """Each site's verdict and RAG in every earlier evaluated term it was in scope in."""
    earlier = [term_data(dataset, t) for t in dataset.terms() if t < term]
    return {
        site.site_id: tuple(_history_entry(dataset, d, site) for d in earlier if d.covers(site))
        for site in sites
    }


def _history_entry(dataset: Dataset, data: TermData, site: Site) -> SiteTermHistory:
    found = assess(dataset, data, site)
    return SiteTermHistory(data.term, found.verdict, found.rag)


def history_terms(dataset: Dataset, term: Term) -> tuple[Term, ...]:
    """Every term from the earliest in the data (evaluation or breach) up to ``term``."""
    calendar = dataset.settings.calendar
    named = set(dataset.terms()) | {calendar.term_of(b.date_identified) for b in dataset.breaches}
    first = min((t for t in named if t <= term), default=term)
    terms = [first]
    while terms[-1] < term:
        terms.append(terms[-1].next())
    return tuple(terms)


def breach_counts_by_term(dataset: Dataset, term: Term) -> dict[str, int]:
    """Breaches identified in each term up to ``term``, in time order (zeros included)."""
    calendar = dataset.settings.calendar
    counts = Counter(calendar.term_of(b.date_identified) for b in dataset.breaches)
    return {t.name: counts[t] for t in history_terms(dataset, term)}


# --- the term's report -------------------------------------------------------------------


def sites_in_scope(sites: Iterable[Site], start: dt.date, end: dt.date) -> tuple[Site, ...]:
    """The sites a term's report evaluates, in Site ID order."""
    return tuple(sorted((s for s in sites if in_scope(s, start, end)), key=lambda s: s.site_id))


def open_breaches(breaches: Iterable[Breach], day: dt.date) -> tuple[Breach, ...]:
    """Breaches identified by ``day`` that are still open on it, whatever their term."""
    return tuple(b for b in breaches if b.date_identified <= day and b.open_on(day))


def data_warnings(dataset: Dataset, day: dt.date) -> tuple[DataWarning, ...]:
    """The loader's warnings and the dates after ``day``: where, and what (no cell values)."""
    return tuple(DataWarning(w.location, w.message) for w in all_warnings(dataset, day))


def evaluate(dataset: Dataset, term: Term, *, as_of: dt.date | None = None) -> TermReport:
    """The engine's conclusions for ``term``: spec sections 2, 3 and 4, judged as of
    ``as_of`` (``None``: the term's last day; the command line and the public API pass
    today's date by default). Raises :class:`TermNotStartedError` for a term that
    starts after ``as_of``."""
    data, before = term_data(dataset, term, as_of), term_data(dataset, term.previous())
    settings = dataset.settings
    scope = sites_in_scope(dataset.sites, data.start, data.judged)
    pending = sorted((s for s in dataset.sites if in_pipeline(s)), key=lambda s: s.site_id)
    still_open = open_breaches(dataset.breaches, data.judged)
    terms = trend_terms(dataset, term)
    sites = tuple(site_result(dataset, data, s, before) for s in scope)
    breaches = tuple(breach_result(b, settings.immediate_days, data.judged) for b in data.breaches)
    report = TermReport(
        school=settings.school_name, term=term, term_start=data.start, term_end=data.end,
        as_of=data.judged,
        inputs=dict(dataset.inputs), policy_review_due=settings.policy_review_due,
        policy_review=catalogue.POLICY_CHECK.check(settings.policy_review_due, data.judged,
                                                   data.provisional),
        sites=sites,
        pipeline=tuple(pipeline_entry(s) for s in pending),
        breaches=breaches,
        open_breaches_all_terms=len(still_open),
        site_history=site_history(dataset, term, scope),
        breach_counts_by_term=breach_counts_by_term(dataset, term),
        actions=(),
        rules=term_rules(settings),
        trend_terms=terms,
        trends=site_trends(dataset, (s.site_id for s in scope), terms),
        warnings=data_warnings(dataset, data.judged),
        purposes={s.site_id: site_purpose(s) for s in scope},
        breach_tally=breach_tally(breaches),
        figures=term_figures(sites, ()),  # counted again below, with the to-do list
    )
    actions = to_do(report, still_open)
    report = replace(report, actions=actions, figures=term_figures(sites, actions))
    return replace(report, decisions=decisions(report), briefs=briefs(dataset, report))
