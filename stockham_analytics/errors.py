"""Errors the package raises, each carrying the fields a caller needs.

Messages are written for the business manager: they say what is wrong,
where (file, sheet and cell as Excel shows them) and how to put it right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from stockham_analytics.terms import Term

Severity = Literal["error", "warning"]

#: The fixed columns of :attr:`InvalidInputError.failure_cases`.
FAILURE_CASE_COLUMNS: tuple[str, ...] = (
    "severity",
    "file",
    "sheet",
    "cell",
    "column",
    "value",
    "problem",
    "allowed",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, pointing at where it is."""

    file: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    column: str | None = None
    value: str | None = None
    allowed: str | None = None
    severity: Severity = "error"

    @property
    def location(self) -> str:
        """Where the problem is, as Excel shows it: ``breach_log.xlsx Breaches!C7``."""
        if self.sheet is None:
            return self.file
        if self.cell is None:
            return f"{self.file} sheet {self.sheet}"
        return f"{self.file} {self.sheet}!{self.cell}"

    def as_row(self) -> tuple[str | None, ...]:
        """The problem as a row of the failure-case table."""
        return (
            self.severity,
            self.file,
            self.sheet,
            self.cell,
            self.column,
            self.value,
            self.message,
            self.allowed,
        )


class StockhamError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(StockhamError):
    """The workbooks or ``school.toml`` break the spec; holds every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = sum(p.severity == "error" for p in self.problems)
        super().__init__(
            f"The input has {errors} problem{'s' if errors != 1 else ''}; "
            "run `stockham-analytics validate --data DIR` to see them all."
        )

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop a report (not the warnings)."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def failure_cases(self) -> pd.DataFrame:
        """Every problem as a table with the fixed :data:`FAILURE_CASE_COLUMNS`."""
        import pandas as pd

        rows = [p.as_row() for p in self.problems]
        return pd.DataFrame(rows, columns=list(FAILURE_CASE_COLUMNS), dtype=object)


class OutputFolderError(StockhamError):
    """The output folder cannot be used (for example: it is not one of our packs)."""

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(f"{path}: {why}")


class ReportError(StockhamError):
    """Building one page of the pack failed; the earlier pack is untouched."""

    def __init__(self, report: str, step: str, detail: str, kept: Path | None = None) -> None:
        self.report = report
        self.step = step
        self.detail = detail
        self.kept = kept
        where = f" The executed notebook with the full error is kept at {kept}." if kept else ""
        super().__init__(f"The {report} failed while {step}: {detail}.{where}")


class TermNotStartedError(StockhamError):
    """Spec 2: a term that starts after the as-of date cannot be reported (a usage error)."""

    def __init__(self, term: Term, first_day: dt.date, as_of: dt.date) -> None:
        self.term = term
        self.first_day = first_day
        self.as_of = as_of
        super().__init__(
            f"{term} has not started: its first day is {first_day:%d/%m/%Y} and the report "
            f"is judged as of {as_of:%d/%m/%Y}. Choose a term that has started, or give a "
            f"later date with --as-of."
        )
