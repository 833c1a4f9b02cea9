"""Text from a workbook shown as text (spec 5): nothing in a cell can rewrite a screen,
hide itself or pass for other text.

:func:`visible` replaces each character that is not shown as itself, or that
changes how the text around it is shown, by a visible mark such as
``⟨U+202E⟩``: control characters (NUL, ESC, DEL, C1 controls), bidirectional
overrides, embeddings, isolates and marks, zero-width characters and the other
invisible "format" characters (Unicode category Cf), line and paragraph
separators, and the lone surrogates Python uses for bytes of a file name that
are not valid UTF-8. Line breaks are kept unless ``lines=False``. Every message
to the terminal and every piece of workbook text on a page goes through it.
"""

from __future__ import annotations

import re
import unicodedata

_CANDIDATES = re.compile(r"[^\x20-\x7e]")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _hidden(char: str, lines: bool) -> bool:
    if char == "\n":
        return not lines
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def mark(char: str) -> str:
    """The visible mark of one character: ``⟨U+202E⟩``."""
    return f"\u27e8U+{ord(char):04X}\u27e9"


def visible(text: str, *, lines: bool = True) -> str:
    """``text`` with every hidden or text-changing character shown as ``⟨U+XXXX⟩``."""
    if not _CANDIDATES.search(text):
        return text
    return _CANDIDATES.sub(lambda m: mark(m[0]) if _hidden(m[0], lines) else m[0], text)


def fold(text: str) -> str:
    """``text`` as compared with a spec name: case and runs of spaces or line breaks
    ignored, a curly apostrophe (’ or ‘) taken as a straight one."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()
