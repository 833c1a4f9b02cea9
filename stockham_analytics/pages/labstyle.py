"""The pack's stylesheet, fitted to JupyterLab's output area.

Building the pages, the page template carries the stylesheet. Run by hand in
JupyterLab, the notebooks' output would carry none of it: the headline cards
would break apart, the badges read as plain words. So :meth:`notebook.Context.show` wraps
each section in ``<div class="stockham-lab">`` and sends this stylesheet with
the first section after each load (once per *Run All*).

The pack's rules cannot go in as they are: ``body``, ``h2`` or ``a`` rules
would restyle JupyterLab itself. :func:`scope_css` rewrites every selector to
apply inside the wrapper only (``body`` and ``:root`` become the wrapper),
and :data:`LAB_RULES` hides what only makes sense in the pack: the way back
to the overview, and links to the pack's other pages, which read as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["LAB_RULES", "LAB_SCOPE", "PACK_LINKS", "lab_stylesheet", "scope_css"]

#: The class of the ``<div>`` each section is wrapped in when shown outside the pack.
LAB_SCOPE = "stockham-lab"

#: A link to another page of the pack, as written (``sites/SM-01.html``, ``../index.html#x``)
#: or as JupyterLab rewrites it (``http://.../files/notebooks/sites/SM-01.html?_xsrf=...``).
PACK_LINKS = ('a[href$=".html"]', 'a[href*=".html#"]', 'a[href*=".html?"]')

_LINKS = ", ".join(f".{LAB_SCOPE} {a}" for a in PACK_LINKS)
_ONLY_A_LINK = ", ".join(f".{LAB_SCOPE} p:has(> {a}:only-child)" for a in PACK_LINKS)

#: Rules for the lab only: the wrapper sits in an output area, not a page (whose own rules,
#: such as a floated ``dt``, are undone); links to the pack's other pages lead nowhere
#: there, so they read as text, and a paragraph that is only such a link ("Back to the
#: overview") is hidden.
LAB_RULES = f"""
.{LAB_SCOPE} {{ margin: 0; padding: 0 0.25rem 0.25rem; max-width: 1120px; }}
.{LAB_SCOPE} dt, .{LAB_SCOPE} dd {{ float: none; width: auto; padding: 0; }}
.{LAB_SCOPE} dt {{ font-weight: normal; }}
.{LAB_SCOPE} .back, {_ONLY_A_LINK} {{ display: none; }}
{_LINKS} {{ color: inherit; text-decoration: none; pointer-events: none; cursor: text; }}
"""

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_PAGE_ROOT = re.compile(r"^(?::root|html|body)(?![\w-])")
#: At-rules whose block holds more rules, scoped in turn; other at-rules with a block
#: (``@page``: the paper, not the screen) are dropped, and ``@font-face`` kept as is.
_NESTING = ("@media", "@supports", "@container", "@layer")
_KEPT = ("@font-face", "@keyframes", "@-webkit-keyframes")


def _split_selectors(selectors: str) -> list[str]:
    """Split a selector list on its top-level commas (not those inside ``:is(a, b)``)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selectors):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    parts.append(selectors[start:])
    return [p.strip() for p in parts if p.strip()]


def scope_selector(selector: str, scope: str) -> str:
    """``h2`` -> ``.scope h2``; ``body``, ``html`` and ``:root`` become ``.scope`` itself."""
    root = _PAGE_ROOT.match(selector)
    if root is not None:
        return f".{scope}{selector[root.end():]}"
    return f".{scope} {selector}"


def _block_end(css: str, open_at: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``open_at``."""
    depth = 0
    for index in range(open_at, len(css)):
        if css[index] == "{":
            depth += 1
        elif css[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(css)


def _rules(css: str, scope: str) -> Iterator[str]:
    position = 0
    while (open_at := css.find("{", position)) != -1:
        prelude = css[position:open_at].strip()
        close_at = _block_end(css, open_at)
        body = css[open_at + 1:close_at]
        position = close_at + 1
        while prelude.startswith("@") and ";" in prelude:  # @import/@charset before a rule
            prelude = prelude.split(";", 1)[1].strip()
        if prelude.startswith(_NESTING):
            yield f"{prelude} {{\n{''.join(_rules(body, scope))}}}\n"
        elif prelude.startswith(_KEPT):
            yield f"{prelude} {{{body}}}\n"
        elif not prelude.startswith("@"):
            selectors = ", ".join(scope_selector(s, scope) for s in _split_selectors(prelude))
            yield f"{selectors} {{{body}}}\n"


def scope_css(css: str, scope: str = LAB_SCOPE) -> str:
    """Every rule of ``css`` made to apply only inside ``.scope`` (comments and ``@page``
    dropped; ``@media`` and ``@supports`` blocks kept, their rules scoped)."""
    return "".join(_rules(_COMMENT.sub("", css), scope))


def lab_stylesheet() -> str:
    """The pack's stylesheet scoped to :data:`LAB_SCOPE`, followed by :data:`LAB_RULES`.

    Worked out when asked (about 2.5 ms for the 26 kB it returns), once per load of a
    notebook run by hand (:meth:`notebook.Context.show`): no cache, so no module state.
    """
    from stockham_analytics.resources import stylesheet

    return scope_css(stylesheet().read_text(encoding="utf-8")) + LAB_RULES
