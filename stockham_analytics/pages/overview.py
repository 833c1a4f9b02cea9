"""The sections of the governors' overview page (``index.html``).

Each function takes a :class:`~stockham_analytics.pages.notebook.Context` and returns
safe markup. Breaches appear only as counts; nothing here reads a names
column or a breach Description.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from urllib.parse import quote

from markupsafe import Markup

from stockham_analytics.evaluation.catalogue import SITE_CHECKS, check_def, pipeline_check
from stockham_analytics.evaluation.checks import days_words
from stockham_analytics.evaluation.results import (
    BreachTally,
    Cause,
    Decision,
    Rules,
    SiteResult,
    TermReport,
)
from stockham_analytics.evaluation.thresholds import share_words
from stockham_analytics.evaluation.verdicts import fmt_percent
from stockham_analytics.pages import charts
from stockham_analytics.pages import markup as display
from stockham_analytics.pages.markup import Cell, badge
from stockham_analytics.pages.notebook import Context
from stockham_analytics.policy import clause_title

#: The fixed ids of the overview's charts, in page order.
CHART_IDS: tuple[str, ...] = ("chart-rag", "chart-breach-clauses", "chart-breach-trend")


#: The business manager's to-do list: a page of the pack and a workbook beside it.
ACTIONS_PAGE = "actions.html"
ACTIONS_WORKBOOK = "actions.xlsx"

#: Below this, a count of people broken down by outcome or staff group is not shown.
SMALL_COUNT = 3
SMALL_COUNT_TEXT = "fewer than 3"
SMALL_COUNT_NOTE = (
    "Counts of 1 or 2 are shown as \u201cfewer than 3\u201d in the tables by outcome and by staff "
    "group, so that no one can be recognised when these papers are published with the minutes, "
    "as official education statistics do. Totals, clauses, severities and safeguarding figures "
    "are exact.")

#: What "RAG" stands for, where the overview first uses it.
RAG_ABBR = Markup('<abbr title="Red, Amber, Green: how the site stands against the policy">'
                  'RAG</abbr>')


def site_href(site_id: str) -> str:
    """The link from the overview to a site's page."""
    return f"sites/{quote(site_id)}.html"


def small_count(count: int) -> Cell:
    """A count of people shown on a governors' page: 1 or 2 becomes "fewer than 3"."""
    return SMALL_COUNT_TEXT if 0 < count < SMALL_COUNT else count


def check_name(check_id: str, title: str) -> Markup:
    """A check as governors read it: its title, with its code small beside it."""
    if not check_id:
        return display.text(title)
    return Markup('{} <small class="code">{}</small>').format(title, check_id)


# --- For the governors: what they must decide ---------------------------------------------

def _decision_item(item: Decision) -> Markup:
    site = item.site_id
    more = Markup("") if site is None else display.link(site_href(site), f"{site} page")
    return Markup('<li class="decision decision-{}">{} {} {}</li>').format(
        display.dom_id(item.kind.lower()), badge(item.kind), item.sentence, more)


def governors(ctx: Context) -> Markup:
    """First on the page: what governors must decide this term, each with its cause."""
    items = ctx.report.decisions
    if not items:
        body = display.paragraph("Nothing needs a decision this term: no site is Red or "
                                 "recommended to close, every safeguarding concern was acted on "
                                 "in time, and the policy's review is not overdue.")
    else:
        body = Markup('<ul class="decisions">{}</ul>').format(
            display.join(_decision_item(d) for d in items))
    return display.section("for-governors", "For the governors", body)


def why_list(causes: Sequence[Cause]) -> Markup:
    """Each failing or unknown check as a line: its title (code small) and its cause."""
    if not causes:
        return display.text("Every check that applies passed")
    lines = (Markup('<li>{}: {}</li>').format(check_name(c.check_id, c.title), c.cause)
             for c in causes)
    return Markup('<ul class="why">{}</ul>').format(display.join(lines))


def _site_name(site: SiteResult) -> Markup:
    return Markup('{} <small class="code">{}</small>').format(
        display.link(site_href(site.site_id), site.site_name), site.site_id)


def _rag_line() -> Markup:
    return Markup(
        '<p class="rag-line">{} rates each site against the policy: {} a serious gap '
        '(needs action now); {} another gap, or information missing; {} every check that '
        'applies passed.</p>').format(RAG_ABBR, badge("Red"), badge("Amber"), badge("Green"))


def _policy_note(report: TermReport) -> Markup:
    return display.join([badge(report.policy_review.outcome), Markup(" "),
                         display.text(report.policy_review.reason)])


def headline(ctx: Context) -> Markup:
    """Headline figures: sites, objectives, RAG, breaches, referrals, the policy's review."""
    report = ctx.report
    figures, tally = report.figures, report.breach_tally
    on_time, referred = tally.referrals_on_time, tally.referrals_due
    tiles: list[tuple[str, Cell, Cell]] = [
        ("Sites in scope", figures.sites_in_scope, "Live or closed during the term"),
        ("Meeting their objectives", f"{figures.meeting_objectives} of {figures.sites_in_scope}",
         None),
        ("Red / Amber / Green", " / ".join(str(n) for _, n in figures.by_rag),
         display.join([badge(r) for r, _ in figures.by_rag], " ")),
        ("Breaches this term", tally.total, f"{tally.still_open} of them still open"),
        ("Open breaches, all terms", report.open_breaches_all_terms, None),
        ("Safeguarding referrals on time", f"{on_time} of {referred}" if referred else "None due",
         f"Referred within {days_words(report.rules.immediate_days)} "
         f"({check_def(tally.referrals_check).clause})"),
        ("Policy review due", report.policy_review_due, _policy_note(report)),
    ]
    chart = charts.bar_chart(
        "chart-rag", "Sites by RAG rating", "Sites", list(figures.by_rag),
        colours=[charts.COLOURS[r] for r, _ in figures.by_rag], label_header="RAG rating",
    )
    return display.section("headline", "This term at a glance", display.figures(tiles),
                           charts.render(chart))


def either(items: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return " or ".join(filter(None, [", ".join(items[:-1]), *items[-1:]]))


def _rag_key(rules: Rules) -> list[tuple[Markup, Cell]]:
    titles = either([check_def(c).title.lower() for c in rules.red_checks])
    return [
        (badge("Red"), f"A serious gap: the site failed a check that matters most ({titles}). "
                       "Needs action now."),
        (badge("Amber"), "No serious gap, but another check failed, or could not be made because "
                         "information is missing. Needs attention."),
        (badge("Green"), "Every check that applies to the site passed."),
    ]


#: Said of every site recommended to close (one no longer live is Closed): the key leaves it out.
STILL_LIVE = "still live "


def close_key(rules: Rules) -> str:
    """When a site is recommended to close: each check's declared reason, then its objectives."""
    why = [r.removeprefix(STILL_LIVE) for r in rules.close_reasons]
    why.append("not meeting its objectives this term and last term")
    text = why[0] if len(why) == 1 else f"{', '.join(why[:-1])}, or {why[-1]}"
    return f"{text[:1].upper()}{text[1:]}: plan to close it."


def _recommendation_key(rules: Rules) -> list[tuple[Markup, Cell]]:
    return [
        (badge("Continue"), "Meeting all its objectives and Green: the site carries on."),
        (badge("Review"), "Not meeting all its objectives, or not Green: governors look at it "
                          "with the person responsible for the site."),
        (badge("Close"), close_key(rules)),
        (badge("Closed"), "The site had closed by the end of the term; shown for the record."),
    ]


def _objectives_key(rules: Rules) -> list[tuple[Markup, Cell]]:
    share = share_words(rules.not_meeting_share)
    return [
        (badge("Meeting objectives"), "Every objective was Met."),
        (badge("Partly meeting objectives"), f"Not every objective was Met, but no more than {share} "
                                             "of those with a result were Not met."),
        (badge("Not meeting objectives"), f"More than {share} of the objectives with a result "
                                          "were Not met."),
        (badge("No evidence"), "No objective has a result for the term yet, or none was set."),
    ]


def _check_key() -> list[tuple[Markup, Cell]]:
    return [
        (badge("Pass"), "The site does what the policy asks."),
        (badge("Fail"), "It does not, or the register leaves blank what the check needs."),
        (badge("N/A"), "Not applicable: the check does not apply to this site."),
        (badge("Unknown"), "The check could not be made: the site's activity for the term is "
                           "missing from site_evaluation.xlsx."),
    ]


def reading_guide(rules: Rules) -> Markup:
    """What RAG ratings, recommendations, objective verdicts and check results mean, in words,
    drawn from the ``rules`` the term was judged by."""
    partly = fmt_percent(Fraction(rules.partly_met_ratio))
    groups = [
        ("RAG (Red, Amber, Green) rating: how the site stands against the policy", _rag_key(rules)),
        ("Recommendation: what governors are advised to do", _recommendation_key(rules)),
        ("Objectives: is the site doing what it was set up to do?", _objectives_key(rules)),
        ("Check results", _check_key()),
    ]
    blocks = (Markup('<div class="legend-group">{}{}</div>').format(
        display.heading(3, title), display.key(items)) for title, items in groups)
    note = display.paragraph(f"An objective is Met when its result reaches "
                             f"{fmt_percent(rules.met_ratio)} of its target, "
                             f"Partly met from {partly}, and Not met below that.")
    return Markup('<div class="legend-groups">{}</div>{}').format(display.join(blocks), note)


def legend(ctx: Context) -> Markup:
    """A short key to the ratings used on the page, in plain English."""
    return display.section("legend", "How to read this report",
                           reading_guide(ctx.report.rules))


def _site_row(ctx: Context, site: SiteResult) -> list[Cell]:
    brief = ctx.report.briefs.get(site.site_id)
    change = brief.change.text if brief else None
    return [
        _site_name(site),
        badge(site.rag),
        badge(site.objectives_verdict),
        badge(site.recommendation),
        change,
        why_list(brief.causes if brief else ()),
    ]


def sites_table(ctx: Context) -> Markup:
    """Every site in scope: RAG, objectives, recommendation, the change since last term and
    why (every failing or unknown check, in plain words), each linking to its page."""
    sites = ctx.report.sites
    if not sites:
        return display.section("sites", "Sites", display.paragraph("No site was in scope this term."))
    columns = ["Site", RAG_ABBR, "Objectives", "Recommendation", "Since last term",
               "Why: each check failed or unknown"]
    table = display.table(columns, [_site_row(ctx, s) for s in sites],
                          caption="Sites in scope this term (select a site for its page)",
                          css="sites")
    return display.section("sites", "Sites", _rag_line(), table)


def actions_line(ctx: Context) -> Markup:
    """One line: how many actions the business manager has, with the link to the list."""
    figures = ctx.report.figures
    if not figures.actions:
        return display.paragraph("The business manager's to-do list is empty this term.",
                                 "actions-line")
    count = (f"{figures.actions} action{'s' if figures.actions != 1 else ''} "
             f"({figures.urgent_actions} urgent)")
    return Markup('<p class="actions-line">The business manager\'s to-do list: {}. '
                  '{} or download {}.</p>').format(
        count, display.link(ACTIONS_PAGE, "Open the list"),
        display.link(ACTIONS_WORKBOOK, ACTIONS_WORKBOOK))


def checks_matrix(ctx: Context) -> Markup:
    """Sites by checks, each column headed by the check and its policy clauses.

    On paper the column headings turn upright and the results show as symbols
    (the key above the matrix says what each means), so every check fits the
    width of an A4 page.
    """
    sites = ctx.report.sites
    columns = ["Site", *(Markup('<span class="matrix-head">{}<br><small>{} · {}</small></span>')
                         .format(c.title, c.check_id, c.clause) for c in SITE_CHECKS)]
    rows = [[display.link(site_href(s.site_id), s.site_id),
             *(badge(s.check(c.check_id).outcome, compact=True) for c in SITE_CHECKS)]
            for s in sites]
    symbols = display.key([(badge("Pass"), "does what the policy asks"),
                           (badge("Fail"), "does not"),
                           (badge("N/A"), "not applicable: the check does not apply to the site"),
                           (badge("Unknown"), "information missing")], css="legend inline")
    key = display.table(
        ["Check", "Clause", "What the policy asks"],
        [(check_name(c.check_id, c.title), display.clause_links(c.clause), c.asks)
         for c in SITE_CHECKS],
        caption="What each check asks", css="key",
    )
    matrix = display.table(columns, rows, caption="Each site against each check", css="matrix")
    return display.section("checks", "Checks by site", symbols, matrix, key)


def _counts_table(title: str, header: str, counts: Sequence[tuple[str, int]],
                  *, about_people: bool = False) -> Markup:
    """A count per value (none shown for 0); ``about_people``: 1 or 2 is shown as "fewer than 3"."""
    shown = small_count if about_people else (lambda n: n)
    rows = [(name, shown(count)) for name, count in counts if count]
    if not rows:
        return display.paragraph(f"{title}: none.")
    return display.table([header, "Breaches"], rows, caption=title)


def _clause_rows(tally: BreachTally) -> list[tuple[str, str, int]]:
    return [(clause, clause_title(clause), n) for clause, n in tally.by_clause]


def _breach_check_rows(tally: BreachTally) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for counted in tally.checks:
        check = check_def(counted.check_id)
        rows.append([check_name(check.check_id, check.title), display.clause_links(check.clause),
                     check.asks, counted.passed, counted.failed])
    return rows


def breaches(ctx: Context) -> Markup:
    """This term's breaches as counts: by clause (with its title), severity and outcome; the trend."""
    report = ctx.report
    tally = report.breach_tally
    clause_rows = _clause_rows(tally)
    pieces: list[Markup] = [display.paragraph(
        f"{tally.total} breach{'es' if tally.total != 1 else ''} identified this term; "
        f"{tally.still_open} still open. Breaches are shown only as counts.")]
    if clause_rows:
        clause_chart = charts.bar_chart(
            "chart-breach-clauses", "Breaches this term by policy clause", "Breaches",
            [(f"{c} {t}", n) for c, t, n in clause_rows], label_header="Policy clause",
            horizontal=True,
        )
        pieces.append(charts.render(clause_chart))
    pieces += [
        _counts_table("Breaches this term by severity", "Severity", tally.by_severity),
        _counts_table("Breaches this term by outcome", "Outcome", tally.by_outcome,
                      about_people=True),
        _counts_table("Breaches this term by staff group", "Staff group", tally.by_staff_group,
                      about_people=True),
        display.paragraph(SMALL_COUNT_NOTE, "small-print"),
        display.table(["Check", "Clause", "What it asks", "Pass", "Fail"], _breach_check_rows(tally),
                      caption="Checks on this term's breaches"),
        _trend(report),
    ]
    return display.section("breaches", "Breaches", *pieces)


def _trend(report: TermReport) -> Markup:
    counts = report.breach_counts_by_term
    if not counts:
        return display.paragraph("No earlier terms to compare with.")
    chart = charts.bar_chart("chart-breach-trend", "Breaches identified per term", "Breaches",
                             list(counts.items()), label_header="Term")
    return display.join([display.heading(3, "Trend across terms", "breach-trend"),
                         charts.render(chart)])


def pipeline(ctx: Context) -> Markup:
    """Proposed and approved sites, with the approvals done and still missing."""
    entries = ctx.report.pipeline
    if not entries:
        return display.section("pipeline", "Sites in the pipeline",
                               display.paragraph("No site is proposed or awaiting go-live."))
    rows = [(p.site_id, p.site_name, p.status, ", ".join(p.approvals_done) or None,
             ", ".join(p.approvals_missing) or "None: ready to go live") for p in entries]
    table = display.table(["Site", "Name", "Status", "Approvals done", "Approvals missing"], rows,
                          caption=f"Proposed and approved sites ({pipeline_check().clause})")
    return display.section("pipeline", "Sites in the pipeline", table)


def todo(ctx: Context) -> Markup:
    """The business manager's to-do list (``actions.html``), most urgent first, with the
    workbook beside it and the way back to the overview."""
    actions = ctx.report.actions
    links = display.paragraph(display.link(
        ACTIONS_WORKBOOK, f"Download the list as {ACTIONS_WORKBOOK} (with filters, for Excel)"))
    if not actions:
        return display.section("actions", "To-do list", links, display.paragraph("Nothing to do."))
    rows = [(badge(a.priority), a.concerns, display.clause_links(a.clause), a.what)
            for a in actions]
    table = display.table(["Priority", "Site", "Clause", "What to do"], rows,
                          caption=f"What the business manager needs to do for {ctx.report.term}, "
                                  "most urgent first", row_header=False)
    note = display.paragraph("Urgent: a serious gap (a check that makes a site Red, or a "
                             "safeguarding concern). Soon: another gap. Routine: missing "
                             "information and approvals still to come.", "small-print")
    return display.section("actions", "To-do list", links, note, table)


def data_quality(ctx: Context) -> Markup:
    """Warnings found while reading the workbooks (where, and what: never a cell's value)."""
    warnings = ctx.report.warnings
    if not warnings:
        return display.section("data-quality", "Data quality",
                               display.paragraph("The workbooks were read without warnings."))
    rows = [(w.location, w.message) for w in warnings]
    table = display.table(["Where", "Warning"], rows, caption="Warnings from reading the workbooks")
    return display.section("data-quality", "Data quality", table)

