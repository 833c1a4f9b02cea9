"""What the command line prints about the input: problems and a short summary.

:func:`format_problems` groups problems by file, in the order the workbooks
are read, and lists each as where it is (as Excel shows it), what is wrong,
the value found and what is allowed. Long lists are cut at
:data:`MAX_PER_FILE` problems a file, saying how to see them all
(``validate --all``, ``validate --annotate DIR``). :func:`format_summary` says what a valid
folder holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from stockham_analytics.errors import Problem
from stockham_analytics.records import STATUSES, Dataset
from stockham_analytics.workbooks.schema import SETTINGS_FILE, SHEETS, WORKBOOKS

MAX_PER_FILE = 50
_CELL = re.compile(r"^([A-Z]+)(\d+)")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _cell_key(cell: str | None) -> tuple[int, int]:
    match = _CELL.match(cell or "")
    if match is None:
        return (0, 0)
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - ord("A") + 1
    return (int(match[2]), column)


def _sort_key(problem: Problem) -> tuple[int, int, tuple[int, int]]:
    sheets = [s.name for s in SHEETS]
    sheet = sheets.index(problem.sheet) + 1 if problem.sheet in sheets else 0
    return (problem.severity == "warning", sheet, _cell_key(problem.cell))


def _where(problem: Problem) -> str:
    if problem.sheet is None and problem.column and problem.file == SETTINGS_FILE:
        return f"{problem.file} {problem.column}"
    return problem.location


def format_problem(problem: Problem) -> str:
    """One problem on one line: where, what is wrong, the value found, what is allowed."""
    where = _where(problem)
    starts_with_file = problem.message.startswith(where)
    parts = [problem.message if starts_with_file else f"{where}: {problem.message}"]
    if problem.value and problem.value not in problem.message:
        parts.append(f"found: {problem.value}")
    if problem.allowed:
        parts.append(f"allowed: {problem.allowed}")
    text = "; ".join(parts)
    return f"Warning: {text}" if problem.severity == "warning" else text


def _files(problems: Iterable[Problem]) -> list[str]:
    order = {f: i for i, f in enumerate((*WORKBOOKS, SETTINGS_FILE))}
    return sorted({p.file for p in problems}, key=lambda f: (order.get(f, -1), f))


def _group(file: str, problems: Sequence[Problem], limit: int | None) -> list[str]:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counts = ", ".join(c for c in (_plural(errors, "error") if errors else "",
                                   _plural(warnings, "warning") if warnings else "") if c)
    lines = [f"{file} ({counts})"]
    ordered = sorted(problems, key=_sort_key)
    shown = ordered if limit is None else ordered[:limit]
    lines += [f"  {format_problem(p)}" for p in shown]
    if len(ordered) > len(shown):
        more = len(ordered) - len(shown)
        lines.append(f"  ...and {_plural(more, 'more problem')} in this "
                     f"{'workbook' if file.endswith('.xlsx') else 'file'}: "
                     "run validate --all to list every one, or validate --annotate DIR "
                     "to mark them all in a copy of the workbooks")
    return lines


def format_problems(problems: Sequence[Problem], limit: int | None = MAX_PER_FILE) -> str:
    """Every problem, grouped by file, ending with a one-line count; a file's list is cut
    at ``limit`` problems (None: never), saying how to see the rest."""
    lines: list[str] = []
    for file in _files(problems):
        lines += _group(file, [p for p in problems if p.file == file], limit)
        lines.append("")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        lines.append(f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')} found: "
                     "correct the errors and run again. Nothing was written.")
    else:
        lines.append(f"{_plural(warnings, 'warning')}: nothing here stops a report.")
    return "\n".join(lines)


def format_summary(dataset: Dataset) -> str:
    """A few lines on what a valid data folder holds."""
    statuses: Counter[str] = Counter(s.status for s in dataset.sites)
    by_status = ", ".join(f"{statuses[s]} {s}" for s in STATUSES if statuses[s])
    open_breaches = sum(b.is_open for b in dataset.breaches)
    terms = ", ".join(t.name for t in dataset.terms()) or "none yet"
    return "\n".join((
        "The workbooks are valid.",
        f"Sites: {len(dataset.sites)}" + (f" ({by_status})" if by_status else ""),
        f"Breaches: {len(dataset.breaches)} ({open_breaches} open)",
        f"Terms with evaluation data: {terms}",
        f"Settings: {'school.toml' if SETTINGS_FILE in dataset.inputs else 'defaults'}"
        f" ({dataset.settings.school_name})",
    ))
