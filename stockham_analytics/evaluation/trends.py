"""Each site's objectives and activity over terms, for the trend charts of its page.

The ratios are worked out by the same rule as the term's own objectives
(:func:`~stockham_analytics.evaluation.verdicts.objective_status`), so a page
never judges an earlier term itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from stockham_analytics.evaluation.results import ObjectiveTrend, SiteTrend
from stockham_analytics.evaluation.verdicts import objective_status
from stockham_analytics.records import Activity, Dataset
from stockham_analytics.terms import Term


def trend_terms(dataset: Dataset, term: Term) -> tuple[Term, ...]:
    """The terms to draw trends over: every term with evaluation data up to ``term``, and it."""
    return tuple(t for t in sorted({*dataset.terms(), term}) if t <= term)


def objective_trends(dataset: Dataset, site_id: str,
                     terms: tuple[Term, ...]) -> tuple[ObjectiveTrend, ...]:
    """Each objective of the site with its ratio to target in each of ``terms``."""
    threshold = dataset.settings.partly_met_ratio
    wording: dict[str, str] = {}
    ratios: dict[str, list[Fraction | None]] = {}
    for objective in sorted(dataset.objectives, key=lambda o: (o.objective_id, o.term)):
        if objective.site_id != site_id or objective.term not in terms:
            continue
        wording.setdefault(objective.objective_id, objective.objective)
        values = ratios.setdefault(objective.objective_id, [None] * len(terms))
        values[terms.index(objective.term)] = objective_status(objective, threshold).ratio
    return tuple(ObjectiveTrend(i, wording[i], tuple(v)) for i, v in ratios.items())


def activity_trend(dataset: Dataset, site_id: str,
                   terms: tuple[Term, ...]) -> tuple[Activity | None, ...]:
    """The site's activity row for each of ``terms`` (None where there is none)."""
    by_term = {a.term: a for a in dataset.activity if a.site_id == site_id and a.term in terms}
    return tuple(by_term.get(t) for t in terms)


def site_trends(dataset: Dataset, site_ids: Iterable[str],
                terms: tuple[Term, ...]) -> dict[str, SiteTrend]:
    """Every site's trends over ``terms``, by Site ID."""
    return {s: SiteTrend(s, objective_trends(dataset, s, terms), activity_trend(dataset, s, terms))
            for s in site_ids}
