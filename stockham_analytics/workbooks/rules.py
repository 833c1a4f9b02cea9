"""The rules of spec 1.1-1.3 that go beyond one cell's type, declared as data.

Row rules (:data:`ROW_RULES`) look at one row's values: conditional
requirements, date order and bounds. Sheet rules (:data:`UNIQUE_RULES`,
:data:`REGISTER_LINKS`) look across rows and workbooks. ``load.py`` runs
them; each failure names the field whose cell it points at.

A rule is skipped when a value it reads is :data:`UNKNOWN` (its column is
missing or its cell was already reported as unreadable), so that one mistake
is reported once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from stockham_analytics.columns import DeclarationError
from stockham_analytics.records import GROUPS
from stockham_analytics.workbooks.schema import ACTIVITY, BREACHES, OBJECTIVES, REGISTER, AnySheet


class _Unknown:
    """A value the rules cannot use: its column is missing or its cell is wrong."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()

#: One row: field -> parsed value (None when blank, UNKNOWN when unusable).
Values = Mapping[str, object]


@dataclass(frozen=True)
class Failure:
    """A broken rule: the field whose cell is at fault, what is wrong, what is allowed."""

    field: str
    message: str
    allowed: str


def header(sheet: AnySheet, field: str) -> str:
    """The header of ``field`` in ``sheet``."""
    return next(c.header for c in sheet.columns if c.field == field)


def known_fields(sheet: AnySheet, *fields: str, when: object = None) -> None:
    """Raise :class:`DeclarationError` (on import) when a rule names a field ``sheet`` does
    not have, or a value its choice column does not allow: a rule that could never apply."""
    columns = {c.field: c for c in sheet.columns}
    for field in (*fields, *getattr(when, "fields", ())):
        if field not in columns:
            raise DeclarationError(sheet.record.record, field, "a rule in workbooks/rules.py "
                                   f"names it, but the {sheet.name} sheet has no such column")
    if isinstance(when, IsOneOf) and not set(when.choices) <= set(columns[when.field].choices):
        raise DeclarationError(sheet.record.record, when.field, f"a rule in workbooks/rules.py "
                               f"asks for {when.choices}, beyond its choices")


class Condition(Protocol):
    """When a conditional rule applies."""

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the condition reads."""

    def holds(self, values: Values) -> bool:
        """Whether the condition is true of this row."""

    def describe(self, sheet: AnySheet) -> str:
        """The condition in words, e.g. ``Host is Third party``."""


@dataclass(frozen=True)
class IsOneOf:
    """A choice column holds one of ``choices``."""

    field: str
    choices: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    def holds(self, values: Values) -> bool:
        return values.get(self.field) in self.choices

    def describe(self, sheet: AnySheet) -> str:
        return f"{header(sheet, self.field)} is {' or '.join(self.choices)}"


@dataclass(frozen=True)
class AnyYes:
    """At least one of several Y/N columns is Y."""

    columns: tuple[str, ...]
    words: str

    @property
    def fields(self) -> tuple[str, ...]:
        return self.columns

    def holds(self, values: Values) -> bool:
        return any(values.get(f) is True for f in self.columns)

    def describe(self, sheet: AnySheet) -> str:
        return self.words


def _usable(values: Values, fields: tuple[str, ...]) -> bool:
    return all(values.get(f, UNKNOWN) is not UNKNOWN for f in fields)


@dataclass(frozen=True)
class _WhenRule:
    """A rule about ``field`` that applies while ``when`` holds."""

    sheet: AnySheet
    field: str
    when: Condition

    def __post_init__(self) -> None:
        known_fields(self.sheet, self.field, when=self.when)

    def _applies(self, values: Values) -> bool:
        return _usable(values, (self.field, *self.when.fields)) and self.when.holds(values)


@dataclass(frozen=True)
class RequiredWhen(_WhenRule):
    """``field`` must be filled in when ``when`` holds."""

    def check(self, values: Values) -> Failure | None:
        if values.get(self.field) is not None or not self._applies(values):
            return None
        name = header(self.sheet, self.field)
        return Failure(self.field, f"{name} is empty, but it is required when "
                                   f"{self.when.describe(self.sheet)}",
                       f"fill in {name}")


@dataclass(frozen=True)
class BlankWhen(_WhenRule):
    """``field`` must be left blank when ``when`` holds."""

    def check(self, values: Values) -> Failure | None:
        if values.get(self.field) is None or not self._applies(values):
            return None
        name = header(self.sheet, self.field)
        return Failure(self.field, f"{name} is filled in, but it is not allowed when "
                                   f"{self.when.describe(self.sheet)}",
                       f"{name} left blank while {self.when.describe(self.sheet)}")


@dataclass(frozen=True)
class NotBefore:
    """The date in ``later`` is not before the date in ``earlier`` (when both are given)."""

    sheet: AnySheet
    later: str
    earlier: str

    def __post_init__(self) -> None:
        known_fields(self.sheet, self.later, self.earlier)

    def check(self, values: Values) -> Failure | None:
        if not _usable(values, (self.later, self.earlier)):
            return None
        late, early = values[self.later], values[self.earlier]
        if late is None or early is None or not late < early:  # type: ignore[operator]
            return None
        name, other = header(self.sheet, self.later), header(self.sheet, self.earlier)
        return Failure(self.later, f"{name} is before {other} "
                                   f"({early:%d/%m/%Y})",
                       f"a date on or after {other}")


@dataclass(frozen=True)
class AtLeast:
    """A number is at least (or, when ``strict``, more than) ``minimum``."""

    sheet: AnySheet
    field: str
    minimum: Decimal
    strict: bool = False

    def __post_init__(self) -> None:
        known_fields(self.sheet, self.field)

    def check(self, values: Values) -> Failure | None:
        if not _usable(values, (self.field,)):
            return None
        value = values[self.field]
        if not isinstance(value, Decimal):
            return None
        if value > self.minimum or (value == self.minimum and not self.strict):
            return None
        bound = "greater than" if self.strict else "at least"
        return Failure(self.field, f"{header(self.sheet, self.field)} must be {bound} "
                                   f"{self.minimum}", f"a number {bound} {self.minimum}")


class RowRule(Protocol):
    """A rule about one row of one sheet."""

    @property
    def sheet(self) -> AnySheet:
        """The sheet the rule is about."""

    def check(self, values: Values) -> Failure | None:
        """The failure in this row, if any."""


_PUPILS = AnyYes(("audience:Pupils", "contributors:Pupils"),
                 "pupils are in the audience or among the contributors")
_THIRD_PARTY = IsOneOf("host", ("Third party",))

ROW_RULES: tuple[RowRule, ...] = (
    RequiredWhen(REGISTER, "host_name", _THIRD_PARTY),
    RequiredWhen(REGISTER, "platform_minimum_age", _THIRD_PARTY),
    RequiredWhen(REGISTER, "pupil_age_range", _PUPILS),
    RequiredWhen(REGISTER, "go_live_date", IsOneOf("status", ("Live", "Closed"))),
    RequiredWhen(REGISTER, "closed_date", IsOneOf("status", ("Closed",))),
    BlankWhen(REGISTER, "closed_date", IsOneOf("status", ("Live",))),
    NotBefore(REGISTER, "closed_date", "go_live_date"),
    NotBefore(BREACHES, "date_identified", "date_occurred"),
    NotBefore(BREACHES, "date_closed", "date_identified"),
    AtLeast(OBJECTIVES, "target", Decimal(0), strict=True),
    AtLeast(OBJECTIVES, "actual", Decimal(0)),
    AtLeast(ACTIVITY, "median_moderation_hours", Decimal(0)),
)

#: Each sheet's identifying columns (spec 1.1-1.3): no two rows may share them.
#: Site IDs are compared ignoring case, because they become file names.
UNIQUE_RULES: tuple[AnySheet, ...] = (REGISTER, BREACHES, OBJECTIVES, ACTIVITY)

#: Sheets whose Site ID must be one of the register's.
REGISTER_LINKS: tuple[AnySheet, ...] = (BREACHES, OBJECTIVES, ACTIVITY)

#: Y/N columns of the register that list who the site is for and who writes on it.
GROUP_FIELDS: tuple[str, ...] = tuple(
    f"{side}:{g}" for side in ("audience", "contributors") for g in GROUPS
)


def row_rules(sheet: AnySheet) -> tuple[RowRule, ...]:
    """The row rules of ``sheet``."""
    return tuple(r for r in ROW_RULES if r.sheet is sheet)


def _key_part(sheet: AnySheet, field: str, value: object) -> object:
    kind = next(c.kind for c in sheet.columns if c.field == field)
    return value.casefold() if kind == "site_id" and isinstance(value, str) else value


def _shown(value: object) -> str:
    return value.name if hasattr(value, "name") else str(value)


def duplicates(sheet: AnySheet, rows: Sequence[tuple[int, Values]]) -> list[tuple[int, Failure]]:
    """Rows that repeat an earlier row's identifying columns, with the row they repeat."""
    seen: dict[tuple[object, ...], tuple[int, Values]] = {}
    found: list[tuple[int, Failure]] = []
    for row, values in rows:
        if not _usable(values, sheet.unique) or any(values[f] is None for f in sheet.unique):
            continue
        key = tuple(_key_part(sheet, f, values[f]) for f in sheet.unique)
        if key in seen:
            found.append((row, _duplicate(sheet, values, *seen[key])))
        else:
            seen[key] = (row, values)
    return found


def _duplicate(sheet: AnySheet, values: Values, first_row: int, first: Values) -> Failure:
    field = sheet.unique[0]
    names = " + ".join(header(sheet, f) for f in sheet.unique)
    this = " / ".join(_shown(values[f]) for f in sheet.unique)
    that = " / ".join(_shown(first[f]) for f in sheet.unique)
    if this != that:
        return Failure(field, f"{this} differs from {that} in row {first_row} only in "
                              "upper/lower case; Site IDs become file names, so they must "
                              "differ by more than case", f"a {names} not used in another row")
    return Failure(field, f"{names} {this} is already used in row {first_row}",
                   f"a {names} not used in another row; delete or correct one of the rows")


def unknown_sites(sheet: AnySheet, rows: Sequence[tuple[int, Values]],
                  register: set[str]) -> list[tuple[int, Failure]]:
    """Rows whose Site ID is not in the register (with a hint when only case differs)."""
    folded = {s.casefold(): s for s in register}
    found: list[tuple[int, Failure]] = []
    for row, values in rows:
        site = values.get("site_id", UNKNOWN)
        if not isinstance(site, str) or site in register:
            continue
        near = folded.get(site.casefold())
        hint = f" (did you mean {near}?)" if near else ""
        found.append((row, Failure("site_id", f"Site ID {site} is not in approval_register.xlsx"
                                              f"{hint}",
                                   "a Site ID from the Register sheet")))
    return found
