"""Safe HTML for the governors' pages: every value is escaped unless it is already markup.

The pages are built from :class:`markupsafe.Markup` pieces. A plain ``str``
(a site name, an objective typed into a workbook) is always escaped on the way
in; only the templates below produce markup. Format markup with
``Markup("<td>{}</td>").format(value)``, which escapes ``value``, never with
an f-string.

Results are shown in words and symbols as well as colour, so that a page
printed in black and white, or read by a screen reader, says the same:
``● Red``, ``▲ Amber``, ``✔ Green``; ``✔ Pass``, ``✘ Fail``, ``– N/A``,
``? Unknown``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup, escape

from stockham_analytics.evaluation.verdicts import fmt_percent
from stockham_analytics.pages.policy_page import POLICY_PAGE
from stockham_analytics.text import visible

#: A table cell: text (escaped), a number, a date, markup, or nothing (shown as a dash).
Cell = str | int | Decimal | dt.date | Markup | None

#: (symbol, css class) for each closed-list value the pages show as a badge.
BADGES: dict[str, tuple[str, str]] = {
    "Red": ("●", "red"),
    "Amber": ("▲", "amber"),
    "Green": ("✔", "green"),
    "Pass": ("✔", "pass"),
    "Fail": ("✘", "fail"),
    "N/A": ("–", "na"),
    "Unknown": ("?", "unknown"),
    "Met": ("✔", "pass"),
    "Partly met": ("◐", "amber"),
    "Not met": ("✘", "fail"),
    "No evidence": ("?", "unknown"),
    "Meeting objectives": ("✔", "pass"),
    "Partly meeting objectives": ("◐", "amber"),
    "Not meeting objectives": ("✘", "fail"),
    "Continue": ("→", "pass"),
    "Review": ("↻", "amber"),
    "Close": ("■", "fail"),
    "Closed": ("□", "na"),
    "Urgent": ("‼", "fail"),
    "Soon": ("!", "amber"),
    "Routine": ("·", "na"),
}

_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")


def text(value: Cell) -> Markup:
    """``value`` as escaped HTML text; a blank shows as a dash (with a screen-reader word)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Markup('<span aria-label="blank">–</span>')
    if isinstance(value, Markup):
        return value
    if isinstance(value, dt.date):
        return escape(format_date(value))
    if isinstance(value, Decimal):
        return escape(format_number(value))
    return escape(visible(str(value)))


def format_date(day: dt.date) -> str:
    """A date as governors read it: ``14 Sep 2026``."""
    return f"{day.day} {day:%b %Y}"


def format_number(value: Decimal | int) -> str:
    """A number without trailing zeros or exponent: ``40``, ``2.5``."""
    if isinstance(value, int):
        return str(value)
    return f"{value.normalize():f}"


def format_ratio(ratio: Fraction | None) -> str:
    """An exact ratio as a percentage cut (not rounded) to 0.1: 0.7499 -> ``74.9%``; none -> ``–``."""
    return "–" if ratio is None else fmt_percent(ratio)


def badge(value: str | None, *, compact: bool = False) -> Markup:
    """A closed-list value as symbol + word, coloured by class: ``● Red``.

    A ``compact`` badge wraps its word in ``badge-word``, which the print
    stylesheet hides where space is short (the checks matrix): the symbol and
    colour remain, the page's key says what each symbol means, and the word
    stays in the ``title`` for a pointer.
    """
    if value is None:
        return text(None)
    symbol, css = BADGES.get(value, ("", "plain"))
    if compact:
        return Markup('<span class="badge badge-{0}" title="{2}"><span aria-hidden="true">{1}</span> '
                      '<span class="badge-word">{2}</span></span>').format(css, symbol, value)
    return Markup('<span class="badge badge-{}"><span aria-hidden="true">{}</span> {}</span>').format(
        css, symbol, value
    )


def key(items: Sequence[tuple[Markup, Cell]], css: str = "legend") -> Markup:
    """A key: each badge (or other markup) beside what it means."""
    rows = (Markup('<div class="legend-item"><dt>{}</dt><dd>{}</dd></div>').format(term, text(meaning))
            for term, meaning in items)
    return Markup('<dl class="{}">{}</dl>').format(css, join(rows))


def dom_id(*parts: str) -> str:
    """A deterministic HTML id from ``parts`` (anything outside ``A-Za-z0-9_-`` becomes ``_``)."""
    return "-".join(_NOT_ID.sub("_", part) for part in parts)


def heading(level: int, title: Cell, anchor: str | None = None) -> Markup:
    """``<h2 id=...>title</h2>`` (levels 2 to 4: the page template holds the h1)."""
    if level not in (2, 3, 4):
        raise ValueError(f"heading level {level} is not 2, 3 or 4")
    if anchor is None:
        return Markup("<h{0}>{1}</h{0}>").format(level, text(title))
    return Markup('<h{0} id="{1}">{2}</h{0}>').format(level, anchor, text(title))


def paragraph(content: Cell, css: str = "") -> Markup:
    """A paragraph of escaped text (or markup)."""
    if css:
        return Markup('<p class="{}">{}</p>').format(css, text(content))
    return Markup("<p>{}</p>").format(text(content))


def join(pieces: Iterable[Markup | str], sep: str = "") -> Markup:
    """Concatenate pieces; plain strings among them are escaped."""
    return Markup(sep).join(pieces)


def link(href: str, label: Cell) -> Markup:
    """A link to another page of the pack (``href`` is escaped as an attribute)."""
    return Markup('<a href="{}">{}</a>').format(href, text(label))


_CLAUSE = re.compile(r"^A?\d+(\.\d+)?$")
_APPENDIX = re.compile(r"^Appendix ([AB])$")


def clause_links(clauses: str, *, from_sites: bool = False) -> Markup:
    """``"7.3, A2.5"`` with each clause a link to its place in the pack's ``policy.html``.

    ``Appendix B`` links to the appendix. Pages in ``sites/`` pass ``from_sites``
    (the policy is one folder up). Anything else stays as escaped text.
    """
    page = f"../{POLICY_PAGE}" if from_sites else POLICY_PAGE
    pieces = []
    for part in (part.strip() for part in clauses.split(",")):
        appendix = _APPENDIX.match(part)
        anchor = part if _CLAUSE.match(part) else f"appendix-{appendix.group(1)}" if appendix else ""
        pieces.append(link(f"{page}#{anchor}", part) if anchor else text(part))
    return join(pieces, ", ")


def section(anchor: str, title: str, *body: Markup, level: int = 2) -> Markup:
    """A ``<section>`` with a heading and its content, labelled by the heading."""
    head = heading(level, title, anchor)
    return Markup('<section class="block" aria-labelledby="{}">{}{}</section>').format(
        anchor, head, join(body)
    )


def details(items: Sequence[tuple[str, Cell]]) -> Markup:
    """A definition list of ``(term, value)`` pairs."""
    rows = (Markup("<dt>{}</dt><dd>{}</dd>").format(term, text(value)) for term, value in items)
    return Markup('<dl class="details">{}</dl>').format(join(rows))


def bullets(items: Iterable[Cell]) -> Markup:
    """An unordered list of escaped items."""
    return Markup("<ul>{}</ul>").format(join(Markup("<li>{}</li>").format(text(i)) for i in items))


def figures(items: Sequence[tuple[str, Cell, Cell]]) -> Markup:
    """Headline figures as tiles: ``(label, value, note)``."""
    tiles = (
        Markup('<div class="figure-tile"><dt>{}</dt><dd class="value">{}</dd><dd class="note">{}</dd></div>')
        .format(label, text(value), Markup("") if note is None else text(note))
        for label, value, note in items
    )
    return Markup('<dl class="figures">{}</dl>').format(join(tiles))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    caption: str,
    row_header: bool = True,
    css: str = "",
) -> Markup:
    """A data table in its own horizontally scrolling container.

    Every cell is escaped unless it is :class:`Markup`. With ``row_header``
    the first cell of each row is a ``<th scope="row">``. Each cell carries its
    column's name in ``data-label``, which the stylesheet shows beside the
    cell when a narrow screen stacks the table's rows; a cell holding a
    result badge (a verdict, RAG, recommendation) is marked ``class="verdict"``.
    """
    head = join(Markup('<th scope="col">{}</th>').format(text(c)) for c in columns)
    labels = [label_text(c) for c in columns]
    body = join(_row(row, row_header, labels) for row in rows)
    return Markup(
        '<div class="table-wrap" role="region" tabindex="0" aria-label="{0}">'
        '<table class="data {1}"><caption>{0}</caption><thead><tr>{2}</tr></thead>'
        "<tbody>{3}</tbody></table></div>"
    ).format(caption, css, head, body)


def label_text(column: str) -> str:
    """A column heading as plain text: a markup heading's first line, without its tags."""
    if isinstance(column, Markup):
        return Markup(column.split("<br>")[0]).striptags()
    return column


def _row(cells: Sequence[Cell], row_header: bool, labels: Sequence[str] = ()) -> Markup:
    out = []
    for index, cell in enumerate(cells):
        name = "th" if row_header and index == 0 else "td"
        scope = Markup(' scope="row"') if name == "th" else Markup("")
        verdict = Markup(' class="verdict"') if _has_badge(cell) else Markup("")
        label = labels[index] if index < len(labels) else ""
        out.append(Markup('<{0}{1}{2} data-label="{3}">{4}</{0}>').format(
            Markup(name), scope, verdict, label, text(cell)))
    return Markup("<tr>{}</tr>").format(join(out))


def _has_badge(cell: Cell) -> bool:
    return isinstance(cell, Markup) and 'class="badge ' in cell


def show(content: Markup) -> None:
    """Display ``content`` as HTML in the notebook (a no-op outside IPython)."""
    from IPython.display import HTML, display

    display(HTML(str(content)))  # type: ignore[no-untyped-call]
