"""Read the optional ``school.toml`` (spec 1.4).

Every key is declared in :data:`KEYS` with its type and the
:class:`~stockham_analytics.records.Settings` field it fills; what the file
leaves out keeps the spec's default. Wrong types, unknown keys or terms, a
file that is not valid TOML and moved term starts that break the order of
terms are problems naming ``school.toml`` and the key.

Numbers with a decimal point are read as exact decimals (``partly_met_ratio =
0.75`` is ``Decimal("0.75")``, never the binary float 0.75 widened). The file
may start with the byte-order mark that Windows Notepad writes. A moved term
start must fall in the term's own calendar year (the year in a term's name is
the year it starts in) and between the starts of the terms around it. Years
of terms run from :data:`~stockham_analytics.workbooks.terms.FIRST_YEAR` to
:data:`~stockham_analytics.workbooks.terms.LAST_YEAR`, as in the workbooks. Day
thresholds are whole numbers from 0 to :data:`MAX_DAYS`.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from stockham_analytics.errors import Problem
from stockham_analytics.records import Settings
from stockham_analytics.terms import FIRST_YEAR, LAST_YEAR, Calendar, Term, read_term
from stockham_analytics.workbooks.schema import SETTINGS_FILE


class _Wrong(ValueError):
    """A value of the wrong type or out of range; the text says what is allowed."""


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Wrong('text in quotes, e.g. name = "Stockham Primary School"')
    return value.strip()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise _Wrong("a date written as 2026-09-01, without quotes")


MAX_DAYS = 3660  # ten years: more is a typing mistake (and overflows date arithmetic)


def _days(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_DAYS:
        return value
    raise _Wrong(f"a whole number of days from 0 to {MAX_DAYS}, without quotes")


def _ratio(value: object) -> Decimal:
    number = Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(number, Decimal) and number.is_finite() and 0 < number <= 1:
        return number
    raise _Wrong("a number more than 0 and at most 1, e.g. 0.75, without quotes")


def toml_text(value: object) -> str:
    """A value as it is written in a TOML file (never a Python spelling)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "a table {" + ", ".join(f"{k} = {toml_text(v)}" for k, v in value.items()) + "}"
    return str(value)


@dataclass(frozen=True)
class Key:
    """A key of ``school.toml``: the Settings field it fills and how it is read."""

    table: str
    name: str
    field: str
    read: Callable[[object], object]


KEYS: tuple[Key, ...] = (
    Key("school", "name", "school_name", _text),
    Key("policy", "reviewed", "policy_reviewed", _date),
    Key("policy", "review_due", "policy_review_due", _date),
    Key("thresholds", "partly_met_ratio", "partly_met_ratio", _ratio),
    Key("thresholds", "neglect_days", "neglect_days", _days),
    Key("thresholds", "immediate_days", "immediate_days", _days),
)
TABLES = ("school", "policy", "thresholds", "terms")


def _problem(key: str, message: str, allowed: str | None = None,
             value: object = None) -> Problem:
    shown = None if value is None else toml_text(value)
    return Problem(file=SETTINGS_FILE, column=key or None, value=shown, allowed=allowed,
                   message=message)


MAX_SETTINGS_BYTES = 64 * 1024


def _not_regular(mode: int) -> str | None:
    """What a file that is not a plain file is (a FIFO is never opened: it could hang)."""
    if stat.S_ISREG(mode):
        return None
    return ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a plain file")


def _read_small(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(MAX_SETTINGS_BYTES + 1)
    if len(data) > MAX_SETTINGS_BYTES:
        raise _TooLarge
    return data.decode("utf-8-sig")


class _TooLarge(Exception):
    """The settings file is larger than any settings file needs to be."""


def _parse(path: Path) -> tuple[dict[str, object] | None, list[Problem]]:
    try:
        kind = _not_regular(path.stat().st_mode)
        if kind is not None:
            return None, [_problem("", f"{SETTINGS_FILE} is {kind}, not a text file, so it was "
                                       "not read; put the settings in a plain text file named "
                                       f"{SETTINGS_FILE}, or remove it to use the defaults")]
        return tomllib.loads(_read_small(path), parse_float=Decimal), []
    except _TooLarge:
        return None, [_problem("", f"{SETTINGS_FILE} is far larger than a settings file "
                                   "needs to be; check it is the right file")]
    except UnicodeDecodeError:
        why = "it is not plain text (save it as UTF-8 text)"
    except tomllib.TOMLDecodeError as error:
        why = (f"it is not valid TOML: {error}. Text needs quotes, dates are written "
               "2026-09-01 without quotes, and each [table] name goes on its own line")
    except OSError as error:
        why = f"it cannot be opened ({error.strerror})"
    return None, [_problem("", f"{SETTINGS_FILE} cannot be read: {why}")]


def _unknown_tables(doc: Mapping[str, object]) -> list[Problem]:
    return [_problem(f"[{t}]", f"[{t}] is not a table school.toml can have; remove it or "
                              "correct its name", ", ".join(f"[{n}]" for n in TABLES))
            for t in doc if t not in TABLES]


def _table(doc: Mapping[str, object], name: str) -> Mapping[str, object]:
    table = doc.get(name, {})
    return table if isinstance(table, Mapping) else {}


def _known_keys(doc: Mapping[str, object]) -> tuple[dict[str, object], list[Problem]]:
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for key in KEYS:
        table = _table(doc, key.table)
        if key.name not in table:
            continue
        try:
            values[key.field] = key.read(table[key.name])
        except _Wrong as wrong:
            problems.append(_problem(f"{key.table}.{key.name}", "this value is of the wrong kind",
                                     str(wrong), table[key.name]))
    return values, problems


def _unknown_keys(doc: Mapping[str, object]) -> list[Problem]:
    problems = []
    for table in TABLES:
        if table in doc and not isinstance(doc[table], Mapping):
            problems.append(_problem(table, f"{table} must be a [{table}] table, not a "
                                            "single value", f"[{table}] on its own line",
                                     doc[table]))
            continue
        if table == "terms":
            continue
        known = {k.name for k in KEYS if k.table == table}
        problems += [_problem(f"{table}.{k}", f"{k} is not a setting of [{table}]; remove it "
                                              "or correct its spelling", ", ".join(sorted(known)))
                     for k in _table(doc, table) if k not in known]
    return problems


def _term_starts(doc: Mapping[str, object]) -> tuple[dict[Term, dt.date], list[Problem]]:
    starts: dict[Term, dt.date] = {}
    seen: dict[Term, str] = {}
    problems: list[Problem] = []
    for name, table in _table(doc, "terms").items():
        key = f'terms."{name}"'
        term = read_term(name, any_year=True)
        if term is not None and term in seen:
            problems.append(_problem(key, f'[terms."{seen[term]}"] and [terms."{name}"] are '
                                          "the same term (case does not matter); keep one of "
                                          "them", f"each term once, e.g. [terms.\"{term.name}\"]"))
            continue
        if term is not None:
            seen[term] = name
        if term is None or not FIRST_YEAR <= term.year <= LAST_YEAR:
            problems.append(_problem(key, f'"{name}" is not a term',
                                     "a term such as Autumn 2026, Spring 2027 or Summer 2027, "
                                     f"of a year from {FIRST_YEAR} to {LAST_YEAR}"))
        elif not isinstance(table, Mapping) or set(table) != {"start"}:
            problems.append(_problem(key, "each term's table must hold just its start",
                                     f'[terms."{name}"] then start = 2027-01-04'))
        else:
            try:
                starts[term] = _date(table["start"])
            except _Wrong as wrong:
                problems.append(_problem(f"{key}.start", "this value is of the wrong kind",
                                         str(wrong), table["start"]))
    return starts, problems


def _order_problems(starts: dict[Term, dt.date]) -> list[Problem]:
    calendar = Calendar(starts)
    problems = []
    for term, start in sorted(starts.items()):
        if start.year != term.year:
            problems.append(_problem(
                f'terms."{term.name}".start', f"{term.name} would start on {start:%d/%m/%Y}, "
                f"but a term's name gives the year it starts in", f"a date in {term.year}",
                start))
            continue
        before, after = calendar.start(term.previous()), calendar.start(term.next())
        if not before < start < after:
            problems.append(_problem(
                f'terms."{term.name}".start',
                f"{term.name} would start on {start:%d/%m/%Y}, out of order with the terms "
                f"around it", f"a date after {term.previous().name} starts ({before:%d/%m/%Y}) "
                f"and before {term.next().name} starts ({after:%d/%m/%Y})", start))
    return problems


def _review_order(settings: Settings) -> list[Problem]:
    if settings.policy_review_due > settings.policy_reviewed:
        return []
    return [_problem("policy.review_due", "the review due date is not after the date the "
                     "policy was reviewed", "a date after policy.reviewed",
                     settings.policy_review_due)]


def read_settings(doc: Mapping[str, object]) -> tuple[Settings, list[Problem]]:
    """Settings from a parsed ``school.toml``, and its problems."""
    values, problems = _known_keys(doc)
    starts, term_problems = _term_starts(doc)
    problems += _unknown_tables(doc) + _unknown_keys(doc) + term_problems
    problems += _order_problems(starts)
    settings = replace(Settings(), **values, calendar=Calendar(starts))  # type: ignore[arg-type]
    return settings, problems + _review_order(settings)


def load_settings(data_dir: Path) -> tuple[Settings, list[Problem]]:
    """``data_dir/school.toml`` read with the spec's defaults; Settings() when absent."""
    path = data_dir / SETTINGS_FILE
    if not os.path.lexists(path):
        return Settings(), []
    doc, problems = _parse(path)
    if doc is None:
        return Settings(), problems
    return read_settings(doc)
