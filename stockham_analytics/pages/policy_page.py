"""``policy.html``: the Social Media Policy in every pack, so each clause a page cites is one click away.

The text is ``docs/policy.txt`` (:func:`~stockham_analytics.resources.policy_text`),
shown line for line and always escaped. Every section and numbered item has an
``id`` named as the pages cite it: ``5`` and ``5.4`` in the policy's main part,
``A5`` and ``A5.4`` in Appendix A (``A5.4`` is Appendix A, section 5, item 4),
``appendix-A`` and ``appendix-B`` for the appendices themselves. Pages link to
``policy.html#A5.4`` (:func:`stockham_analytics.pages.markup.clause_links`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from stockham_analytics.resources import policy_text

#: The page's file name, at the top of the pack.
POLICY_PAGE = "policy.html"

_APPENDIX = re.compile(r"^\s*APPENDIX ([A-Z])\b")
_SECTION = re.compile(r"^\s*(\d+)\.\s+\S")
_ITEM = re.compile(r"^\s*(\d+)\.(\d+)\.")
_SOURCE_NOTE = "copied unchanged below this line"


@dataclass(frozen=True)
class Line:
    """One line of the policy: its text, its anchor (or ``""``) and whether it heads a part."""

    text: str
    anchor: str = ""
    heading: bool = False


def policy_lines(text: str) -> list[Line]:
    """The policy's lines, each section and numbered item with its clause id as anchor."""
    lines: list[Line] = []
    prefix, seen = "", set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _SOURCE_NOTE in line:
            continue
        anchor, heading = "", False
        if appendix := _APPENDIX.match(line):
            prefix = appendix.group(1)
            anchor, heading = f"appendix-{prefix}", True
        elif item := _ITEM.match(line):
            anchor = f"{prefix}{item.group(1)}.{item.group(2)}"
        elif section := _SECTION.match(line):
            anchor, heading = f"{prefix}{section.group(1)}", True
        if anchor in seen:
            anchor = ""
        seen.add(anchor)
        lines.append(Line(line, anchor, heading))
    return lines


def _line_html(line: Line) -> Markup:
    tag = Markup("h2") if line.heading else Markup("p")
    if not line.anchor:
        return Markup("<{0}>{1}</{0}>").format(tag, line.text)
    return Markup('<{0} id="{1}"><a class="clause" href="#{1}">{2}</a></{0}>').format(
        tag, line.anchor, line.text)


_STYLE = Markup(
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;"
    "line-height:1.5;color:#1a1a1a}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}"
    "a.clause{color:inherit;text-decoration:none}:target{background:#fff3b0;outline:2px solid "
    "#b08800}.note{color:#555}@media print{:target{background:none;outline:none}}"
)


def policy_html(text: str) -> str:
    """The whole ``policy.html`` page for the policy ``text`` (escaped)."""
    body = Markup("").join(_line_html(line) for line in policy_lines(text))
    return str(Markup(
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Social Media Policy</title><style>{0}</style></head><body><main>"
        "<h1>Stockham Primary School: Social Media Policy</h1>"
        '<p class="note">The policy the pages of this pack cite. Clause A5.4 is Appendix A, '
        'section 5, item 4. <a href="index.html">Back to the overview</a>.</p>{1}'
        "</main></body></html>\n"
    ).format(_STYLE, body))


def write_policy_page(pack: Path) -> Path:
    """Write ``policy.html`` at the top of ``pack``; returns its path."""
    target = pack / POLICY_PAGE
    target.write_text(policy_html(policy_text().read_text(encoding="utf-8")), encoding="utf-8")
    return target
