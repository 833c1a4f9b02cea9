"""The clause list matches the policy text: sections 5-7 and Appendix A."""

from __future__ import annotations

import re
from pathlib import Path

from stockham_analytics.policy import CLAUSES, clause_label

POLICY = Path(__file__).resolve().parents[1] / "docs" / "policy.txt"


def _policy_clauses(text: str) -> list[str]:
    main, appendix = text.split("APPENDIX A:", 1)
    appendix = appendix.split("APPENDIX B:", 1)[0]
    numbered = re.compile(r"^\s*(\d+)\.(\d+)\.", re.MULTILINE)
    ids = [f"{s}.{n}" for s, n in numbered.findall(main) if s in {"5", "6", "7"}]
    return ids + [f"A{s}.{n}" for s, n in numbered.findall(appendix)]


def test_clauses_are_exactly_the_policy_items() -> None:
    """Every numbered item of sections 5-7 and Appendix A, in order, and nothing else."""
    assert list(CLAUSES) == _policy_clauses(POLICY.read_text(encoding="utf-8"))


def test_counts_by_section() -> None:
    """5 has 6 items, 6 has 15, 7 has 4; A1-A5 have 7, 7, 7, 10 and 9."""
    prefixes = ["5.", "6.", "7.", "A1.", "A2.", "A3.", "A4.", "A5."]
    counts = [sum(c.startswith(p) for c in CLAUSES) for p in prefixes]
    assert counts == [6, 15, 4, 7, 7, 7, 10, 9]


def test_clause_label() -> None:
    """A label joins the clause and its title."""
    assert clause_label("6.6") == "6.6 Decline friend requests from pupils"
    assert clause_label("9.9") == "9.9"
