"""The sections of one site's page (``sites/<Site ID>.html``).

Each function takes a :class:`~stockham_analytics.pages.notebook.Context` and a Site ID
and returns safe markup. The register record is shown for its purpose and
audience only: no names column is ever read here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup

from stockham_analytics.evaluation.catalogue import check_def
from stockham_analytics.evaluation.results import ObjectiveResult, SitePurpose, SiteResult
from stockham_analytics.evaluation.verdicts import SHOWN_RATIO_MAX, fmt_percent
from stockham_analytics.pages import charts, overview
from stockham_analytics.pages import markup as display
from stockham_analytics.pages.markup import Cell, badge
from stockham_analytics.pages.notebook import Context
from stockham_analytics.records import GROUPS, Activity, Group

#: (div id, title, axis title, the Activity column it draws), in page order.
ACTIVITY_CHARTS: tuple[tuple[str, str, str, Callable[[Activity], int | Decimal | None]], ...] = (
    ("chart-posts", "Posts per term", "Posts", lambda a: a.posts),
    ("chart-comments-removed", "Comments removed per term", "Comments removed",
     lambda a: a.comments_removed),
    ("chart-moderation-hours", "Median moderation time per term", "Hours",
     lambda a: a.median_moderation_hours),
    ("chart-followers", "Followers at the end of each term", "Followers", lambda a: a.followers),
)

#: The fixed ids of a site page's charts, in page order.
CHART_IDS: tuple[str, ...] = ("chart-objectives", *(c[0] for c in ACTIVITY_CHARTS))

BACK = "../index.html"
LEGEND = "legend"


def site_result(ctx: Context, site_id: str) -> SiteResult:
    """The engine's result for ``site_id``; a clear error for a site not in scope."""
    for site in ctx.report.sites:
        if site.site_id == site_id:
            return site
    in_scope = ", ".join(s.site_id for s in ctx.report.sites) or "none"
    raise ValueError(f"site_id = {site_id!r} is not in scope for {ctx.report.term} (sites in scope: "
                     f"{in_scope}); set site_id in the notebook's parameters cell to one of them")


def purpose_of(ctx: Context, site_id: str) -> SitePurpose:
    """What the site's row of the approval register says it is for (no names columns)."""
    site_result(ctx, site_id)
    return ctx.report.purposes[site_id]


def _groups(groups: frozenset[Group]) -> str | None:
    return ", ".join(g for g in GROUPS if g in groups) or None


def _host(site: SitePurpose) -> str:
    if site.host == "Third party" and site.host_name:
        return f"Third party: {site.host_name}"
    return site.host


def _labelled(label: str, value: Markup) -> Markup:
    return Markup('<span><strong>{}:</strong> {}</span>').format(label, value)


def _lines(items: Sequence[Cell]) -> Markup:
    return Markup("<ul>{}</ul>").format(display.join(
        Markup("<li>{}</li>").format(display.text(i)) for i in items))


def _record(ctx: Context, result: SiteResult) -> Markup:
    earlier = ctx.report.site_history.get(result.site_id, ())
    rows: list[Sequence[Cell]] = [(h.term.name, badge(h.objectives_verdict), badge(h.rag))
                                  for h in earlier]
    rows.append((f"{ctx.report.term.name} (this term)", badge(result.objectives_verdict),
                 badge(result.rag)))
    return display.table(["Term", "Objectives", "RAG"], rows, css="record",
                         caption="Its record: objectives verdict and RAG rating by term")


def _own_actions(ctx: Context, site_id: str) -> Markup:
    mine = ctx.report.actions_for(site_id)
    if not mine:
        return display.paragraph("None for this site.")
    return Markup("<ul>{}</ul>").format(display.join(
        Markup("<li>{} {}</li>").format(badge(a.priority), a.what) for a in mine))


def decision(ctx: Context, site_id: str) -> Markup:
    """First on the page: the recommendation and every reason for it, what must change for the
    site to continue, its own actions, its record over terms and notes worth noticing."""
    result = site_result(ctx, site_id)
    brief = ctx.report.briefs[site_id]
    head = Markup('<div class="decision-head">{}{}{}{}</div>').format(
        _labelled("Recommendation", badge(result.recommendation)),
        _labelled("RAG (Red, Amber, Green)", badge(result.rag)),
        _labelled("Objectives", badge(result.objectives_verdict)),
        _labelled("Since last term", display.text(brief.change.text)))
    pieces: list[Markup] = [
        head,
        Markup("") if brief.tells_recommendation else display.paragraph(result.recommendation_reason),
        display.heading(3, "Why: each check failed or unknown", "why"),
        overview.why_list(brief.causes),
        display.paragraph(f"Objectives: {result.verdict_reason}."),
    ]
    if brief.must_change:
        pieces += [display.heading(3, "What must change for the site to continue", "must-change"),
                   _lines(brief.must_change)]
    if brief.notes:
        pieces += [display.heading(3, "Worth noticing (not breaches of the policy)", "notes"),
                   _lines(brief.notes)]
    pieces += [
        display.heading(3, "The business manager's actions for this site", "site-actions"),
        _own_actions(ctx, site_id),
        display.heading(3, "Record over recent terms", "history"),
        _record(ctx, result),
        display.paragraph(f"Breaches linked to this site this term: {result.breaches_this_term} "
                          "(shown only as a count)."),
        display.paragraph(display.link(f"#{LEGEND}", "What these ratings mean"), "jump"),
        display.paragraph(display.link(BACK, "\u2190 Back to the overview of all sites"), "back"),
    ]
    title = f"{result.site_name} ({result.site_id}): {result.recommendation}"
    return Markup('<div class="decision-block">{}</div>').format(
        display.section("decision", title, *pieces))


def legend(ctx: Context, site_id: str) -> Markup:
    """The same plain-English key as the overview's, for a page read on its own (at its end,
    linked from the summary)."""
    site_result(ctx, site_id)
    return display.section(LEGEND, "How to read this page",
                           overview.reading_guide(ctx.report.rules))


def purpose(ctx: Context, site_id: str) -> Markup:
    """What the site is for and who it is for, from the register (Appendix B)."""
    site = purpose_of(ctx, site_id)
    items: list[tuple[str, Cell]] = [
        ("Department", site.department),
        ("Platform", site.platform),
        ("Host", _host(site)),
        ("Aims", site.aims),
        ("Proposed content", site.proposed_content),
        ("Audience", _groups(site.audience)),
        ("Contributors", _groups(site.contributors)),
        ("Pupil age range", site.pupil_age_range),
        ("Went live", site.go_live_date),
        ("Planned closure", site.planned_closure_date),
        ("Closed", site.closed_date),
    ]
    return display.section("purpose", "Purpose and audience", display.details(items))


def _percent(ratio: Fraction | None) -> float | None:
    return None if ratio is None else math.floor(min(ratio, Fraction(SHOWN_RATIO_MAX)) * 1000) / 10


def _target(objective: ObjectiveResult) -> Cell:
    """The target, saying so when a lower result is the better one (the usual way is higher)."""
    if objective.better_when == "Lower":
        return f"{display.format_number(objective.target)} (lower is better)"
    return objective.target


def _objective_rows(result: SiteResult) -> list[list[Cell]]:
    return [
        [o.objective_id, o.objective, o.measure, _target(o), o.actual,
         display.format_ratio(o.ratio), badge(o.status), o.reason]
        for o in result.objectives
    ]


def _label(objective_id: str, objective: str) -> str:
    short = objective if len(objective) <= 40 else objective[:39] + "…"
    return f"{objective_id} {short}"


def _objective_series(ctx: Context, site_id: str) -> dict[str, list[float | None]]:
    return {_label(t.objective_id, t.objective): [_percent(r) for r in t.ratios]
            for t in ctx.report.trends[site_id].objectives}


def objectives(ctx: Context, site_id: str) -> Markup:
    """This term's objectives (target, actual, ratio, status) and their trend over terms."""
    result = site_result(ctx, site_id)
    pieces: list[Markup] = []
    if result.objectives:
        pieces.append(display.table(
            ["ID", "Objective", "Measure", "Target", "Actual", "Ratio", "Status", "Why"],
            _objective_rows(result), caption=f"Objectives for {ctx.report.term}"))
    else:
        pieces.append(display.paragraph(f"No objectives were recorded for {ctx.report.term}."))
    series = _objective_series(ctx, site_id)
    if series:
        rules = ctx.report.rules
        partly = rules.partly_met_ratio
        marks = [(float(rules.met_ratio) * 100, f"Met ({fmt_percent(rules.met_ratio)})"),
                 (float(partly) * 100, f"Partly met ({fmt_percent(Fraction(partly))})")]
        chart = charts.line_chart(
            "chart-objectives", "Each objective's result as a percentage of its target",
            "Percent of target", [t.name for t in ctx.report.trend_terms], series, percent=True,
            series_header="Objective", references=marks)
        pieces += [display.heading(3, "Objectives over terms", "objectives-trend"), charts.render(chart)]
    return display.section("objectives", "Objectives", *pieces)


def _number(value: int | Decimal | None) -> float | None:
    return None if value is None else float(value)


def activity(ctx: Context, site_id: str) -> Markup:
    """Posts, comments removed, moderation time and followers over terms."""
    site_result(ctx, site_id)
    rows = ctx.report.trends[site_id].activity
    if not any(rows):
        return display.section("activity", "Activity",
                               display.paragraph("No activity has been recorded for this site."))
    names = [t.name for t in ctx.report.trend_terms]
    pieces = [
        charts.render(charts.line_chart(
            div_id, title, axis, names,
            {axis: [None if row is None else _number(column(row)) for row in rows]},
            series_header="Measure"))
        for div_id, title, axis, column in ACTIVITY_CHARTS
    ]
    return display.section("activity", "Activity", Markup('<div class="chart-grid">{}</div>')
                           .format(display.join(pieces)))


def checks(ctx: Context, site_id: str) -> Markup:
    """All the site checks with their clause, result and reason."""
    result = site_result(ctx, site_id)
    rows = [
        (overview.check_name(c.check_id, check_def(c.check_id).title),
         display.clause_links(check_def(c.check_id).clause, from_sites=True),
         badge(c.outcome), c.reason)
        for c in result.checks
    ]
    key = display.paragraph("N/A means not applicable: the check does not apply to this site. "
                            "Unknown: it could not be made, as information is missing.",
                            "small-print")
    table = display.table(["Check", "Clause", "Result", "Why"], rows,
                          caption=f"The {len(rows)} checks of this site for {ctx.report.term}")
    return display.section("checks", "Checks against the policy", key, table)
