"""School terms (spec 1.4): names, order and the days each one covers.

Terms cover every day exactly once, holidays included. By default Autumn
starts on 1 September, Spring on 1 January and Summer on 1 April; each term
ends the day before the next one starts. ``school.toml`` may move a term's
start, which moves the end of the term before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Season = Literal["Spring", "Summer", "Autumn"]

#: Seasons in calendar order within a year, with their default start.
SEASONS: tuple[tuple[Season, int, int], ...] = (
    ("Spring", 1, 1),
    ("Summer", 4, 1),
    ("Autumn", 9, 1),
)

_TERM_RE = re.compile(r"^\s*(spring|summer|autumn)\s+(\d{4})\s*$", re.IGNORECASE)

#: The years a term or a date may fall in: anything outside is a typing mistake.
FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass(frozen=True, order=True)
class Term:
    """A term, named by its season and the calendar year it starts in."""

    year: int
    index: int  # 0 Spring, 1 Summer, 2 Autumn: orders terms in time

    @property
    def season(self) -> Season:
        """Spring, Summer or Autumn."""
        return SEASONS[self.index][0]

    @property
    def name(self) -> str:
        """The term as people write it, e.g. ``Autumn 2026``."""
        return f"{self.season} {self.year}"

    @property
    def slug(self) -> str:
        """The term as a folder name, e.g. ``autumn-2026``."""
        return f"{self.season.lower()}-{self.year}"

    def next(self) -> Term:
        """The term that follows this one."""
        if self.index == 2:
            return Term(self.year + 1, 0)
        return Term(self.year, self.index + 1)

    def previous(self) -> Term:
        """The term just before this one."""
        if self.index == 0:
            return Term(self.year - 1, 2)
        return Term(self.year, self.index - 1)

    def default_start(self) -> dt.date:
        """The start of the term when ``school.toml`` does not move it."""
        _, month, day = SEASONS[self.index]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        return self.name


def parse_term(text: str) -> Term | None:
    """Read ``Autumn 2026`` (any case, surrounding spaces) or return None."""
    match = _TERM_RE.match(text)
    if match is None:
        return None
    seasons: list[str] = [s for s, _, _ in SEASONS]
    return Term(int(match.group(2)), seasons.index(match.group(1).capitalize()))


def read_term(text: str, *, any_year: bool = False) -> Term | None:
    """The one reader of a term name a user typed (command line, API, notebook, workbook
    cell, ``school.toml``): ``Autumn 2026`` in ASCII, any case, in a year from
    :data:`FIRST_YEAR` to :data:`LAST_YEAR` (any year with ``any_year``); else None."""
    term = parse_term(text) if text.isascii() else None
    if term is None or any_year or FIRST_YEAR <= term.year <= LAST_YEAR:
        return term
    return None


@dataclass(frozen=True)
class Calendar:
    """Term dates, with any starts that ``school.toml`` moved."""

    moved_starts: Mapping[Term, dt.date]

    def start(self, term: Term) -> dt.date:
        """The first day of ``term``."""
        return self.moved_starts.get(term, term.default_start())

    def end(self, term: Term) -> dt.date:
        """The last day of ``term``: the day before the next term starts."""
        return self.start(term.next()) - dt.timedelta(days=1)

    def term_of(self, day: dt.date) -> Term:
        """The term that covers ``day`` (every day is in exactly one)."""
        term = Term(day.year + 1, 0)
        while self.start(term) > day:
            term = term.previous()
        return term

    def contains(self, term: Term, day: dt.date) -> bool:
        """Whether ``day`` falls within ``term``, both ends included."""
        return self.start(term) <= day <= self.end(term)


DEFAULT_CALENDAR = Calendar({})
