"""The sections of the governors' overview page (``index.html``).

Each function takes a :class:`~stockham_analytics.pages.notebook.Context` and returns
safe markup. Breaches appear only as counts; nothing here reads a names
column or a breach Description.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from urllib.parse import quote

from markupsafe import Markup

from stockham_analytics.evaluation.catalogue import BREACH_CHECKS, SITE_CHECKS
from stockham_analytics.evaluation.checks import breach_outcomes
from stockham_analytics.evaluation.results import BreachResult, Cause, Decision, SiteResult, TermReport
from stockham_analytics.evaluation.verdicts import fmt_percent
from stockham_analytics.pages import charts
from stockham_analytics.pages import markup as display
from stockham_analytics.pages.markup import Cell, badge
from stockham_analytics.pages.notebook import Context
from stockham_analytics.policy import clause_title
from stockham_analytics.workbooks.future_dates import all_warnings
from stockham_analytics.workbooks.schema import OUTCOMES, SEVERITIES, STAFF_GROUPS

#: The fixed ids of the overview's charts, in page order.
CHART_IDS: tuple[str, ...] = ("chart-rag", "chart-breach-clauses", "chart-breach-trend")

RAGS: tuple[str, ...] = ("Red", "Amber", "Green")


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
    if item.kind in ("Close", "Red"):
        more = display.link(site_href(item.concerns), f"{item.concerns} page")
    else:
        more = Markup("")
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


def _count(values: Iterable[str]) -> Counter[str]:
    return Counter(values)


def _referrals(breaches: Sequence[BreachResult]) -> tuple[int, int]:
    outcomes = breach_outcomes(breaches)
    passed = outcomes[("REFERRAL", "Pass")]
    return passed, passed + outcomes[("REFERRAL", "Fail")]


def _policy_note(report: TermReport) -> Markup:
    return display.join([badge(report.policy_review.outcome), Markup(" "),
                         display.text(report.policy_review.reason)])


def headline(ctx: Context) -> Markup:
    """Headline figures: sites, objectives, RAG, breaches, referrals, the policy's review."""
    report = ctx.report
    sites = report.sites
    rags = _count(s.rag for s in sites)
    meeting = sum(s.objectives_verdict == "Meeting objectives" for s in sites)
    on_time, referred = _referrals(report.breaches)
    open_now = sum(b.is_open for b in report.breaches)
    tiles: list[tuple[str, Cell, Cell]] = [
        ("Sites in scope", len(sites), "Live or closed during the term"),
        ("Meeting their objectives", f"{meeting} of {len(sites)}", None),
        ("Red / Amber / Green", f"{rags['Red']} / {rags['Amber']} / {rags['Green']}",
         display.join([badge(r) for r in RAGS], " ")),
        ("Breaches this term", len(report.breaches), f"{open_now} of them still open"),
        ("Open breaches, all terms", report.open_breaches_all_terms, None),
        ("Safeguarding referrals on time", f"{on_time} of {referred}" if referred else "None due",
         "Referred within a day (A2.3, A5.6)"),
        ("Policy review due", report.policy_review_due, _policy_note(report)),
    ]
    chart = charts.bar_chart(
        "chart-rag", "Sites by RAG rating", "Sites",
        [(r, rags[r]) for r in RAGS], colours=[charts.COLOURS[r] for r in RAGS],
        label_header="RAG rating",
    )
    return display.section("headline", "This term at a glance", display.figures(tiles),
                           charts.render(chart))


def _red_titles() -> str:
    titles = [c.title.lower() for c in SITE_CHECKS if c.severity == "Red"]
    return ", ".join(titles[:-1]) + " or " + titles[-1]


def _rag_key() -> list[tuple[Markup, Cell]]:
    return [
        (badge("Red"), f"A serious gap: the site failed a check that matters most ({_red_titles()}). "
                       "Needs action now."),
        (badge("Amber"), "No serious gap, but another check failed, or could not be made because "
                         "information is missing. Needs attention."),
        (badge("Green"), "Every check that applies to the site passed."),
    ]


def _recommendation_key() -> list[tuple[Markup, Cell]]:
    return [
        (badge("Continue"), "Meeting all its objectives and Green: the site carries on."),
        (badge("Review"), "Not meeting all its objectives, or not Green: governors look at it "
                          "with the person responsible for the site."),
        (badge("Close"), "Past its planned closure date, or not meeting its objectives this term "
                         "and last term: plan to close it."),
        (badge("Closed"), "The site had closed by the end of the term; shown for the record."),
    ]


def _objectives_key() -> list[tuple[Markup, Cell]]:
    return [
        (badge("Meeting objectives"), "Every objective was Met."),
        (badge("Partly meeting objectives"), "Not every objective was Met, but no more than half "
                                             "of those with a result were Not met."),
        (badge("Not meeting objectives"), "More than half of the objectives with a result "
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


def reading_guide(partly_met_ratio: Decimal) -> Markup:
    """What RAG ratings, recommendations, objective verdicts and check results mean, in words."""
    partly = fmt_percent(Fraction(partly_met_ratio))
    groups = [
        ("RAG (Red, Amber, Green) rating: how the site stands against the policy", _rag_key()),
        ("Recommendation: what governors are advised to do", _recommendation_key()),
        ("Objectives: is the site doing what it was set up to do?", _objectives_key()),
        ("Check results", _check_key()),
    ]
    blocks = (Markup('<div class="legend-group">{}{}</div>').format(
        display.heading(3, title), display.key(items)) for title, items in groups)
    note = display.paragraph(f"An objective is Met when its result reaches 100% of its target, "
                             f"Partly met from {partly}, and Not met below that.")
    return Markup('<div class="legend-groups">{}</div>{}').format(display.join(blocks), note)


def legend(ctx: Context) -> Markup:
    """A short key to the ratings used on the page, in plain English."""
    return display.section("legend", "How to read this report",
                           reading_guide(ctx.dataset.settings.partly_met_ratio))


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
    todo = ctx.report.actions
    urgent = sum(a.priority == "Urgent" for a in todo)
    if not todo:
        return display.paragraph("The business manager's to-do list is empty this term.",
                                 "actions-line")
    count = f"{len(todo)} action{'s' if len(todo) != 1 else ''} ({urgent} urgent)"
    return Markup('<p class="actions-line">The business manager\'s to-do list: {}. '
                  '{} or download {}.</p>').format(
        count, display.link(ACTIONS_PAGE, "Open the list"),
        display.link(ACTIONS_WORKBOOK, ACTIONS_WORKBOOK))


def checks_matrix(ctx: Context) -> Markup:
    """Sites by checks, each column headed by the check and its policy clauses.

    On paper the column headings turn upright and the results show as symbols
    (the key above the matrix says what each means), so all 17 checks fit the
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


def _counts_table(title: str, header: str, counts: Counter[str], order: Sequence[str],
                  *, about_people: bool = False) -> Markup:
    """A count per value; ``about_people``: 1 or 2 is shown as "fewer than 3"."""
    shown = small_count if about_people else (lambda n: n)
    rows = [(name, shown(counts[name])) for name in order if counts[name]]
    if not rows:
        return display.paragraph(f"{title}: none.")
    return display.table([header, "Breaches"], rows, caption=title)


def _clause_rows(breaches: Sequence[BreachResult]) -> list[tuple[str, str, int]]:
    counts = _count(b.policy_clause for b in breaches)
    return [(clause, clause_title(clause), n) for clause, n in sorted(counts.items(), key=_clause_key)]


def _clause_key(item: tuple[str, int]) -> tuple[int, tuple[int, ...], str]:
    clause = item[0]
    appendix = clause.startswith("A")
    digits = tuple(int(p) for p in clause.lstrip("A").split(".") if p.isdigit())
    return int(appendix), digits, clause


def _breach_check_rows(breaches: Sequence[BreachResult]) -> list[list[Cell]]:
    outcomes = breach_outcomes(breaches)
    return [[check_name(check.check_id, check.title), display.clause_links(check.clause),
             check.asks, outcomes[(check.check_id, "Pass")], outcomes[(check.check_id, "Fail")]]
            for check in BREACH_CHECKS]


def breaches(ctx: Context) -> Markup:
    """This term's breaches as counts: by clause (with its title), severity and outcome; the trend."""
    report = ctx.report
    found = report.breaches
    clause_rows = _clause_rows(found)
    pieces: list[Markup] = [display.paragraph(
        f"{len(found)} breach{'es' if len(found) != 1 else ''} identified this term; "
        f"{sum(b.is_open for b in found)} still open. Breaches are shown only as counts.")]
    if clause_rows:
        clause_chart = charts.bar_chart(
            "chart-breach-clauses", "Breaches this term by policy clause", "Breaches",
            [(f"{c} {t}", n) for c, t, n in clause_rows], label_header="Policy clause",
            horizontal=True,
        )
        pieces.append(charts.render(clause_chart))
    pieces += [
        _counts_table("Breaches this term by severity", "Severity",
                      _count(b.severity for b in found), SEVERITIES),
        _counts_table("Breaches this term by outcome", "Outcome",
                      _count(b.outcome for b in found), OUTCOMES, about_people=True),
        _counts_table("Breaches this term by staff group", "Staff group",
                      _count(b.staff_group for b in found), STAFF_GROUPS, about_people=True),
        display.paragraph(SMALL_COUNT_NOTE, "small-print"),
        display.table(["Check", "Clause", "What it asks", "Pass", "Fail"], _breach_check_rows(found),
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
                          caption="Proposed and approved sites (A3.2, A3.6)")
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
    warnings = all_warnings(ctx.dataset, ctx.report.as_of)
    if not warnings:
        return display.section("data-quality", "Data quality",
                               display.paragraph("The workbooks were read without warnings."))
    rows = [(w.location, w.message) for w in warnings]
    table = display.table(["Where", "Warning"], rows, caption="Warnings from reading the workbooks")
    return display.section("data-quality", "Data quality", table)

