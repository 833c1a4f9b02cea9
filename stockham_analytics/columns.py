"""How a record field is kept in a workbook: the column declarations of spec section 1.

Each field of a record in :mod:`stockham_analytics.records` that comes from a workbook
column carries its :class:`Column` (or, for a row of tick boxes, its :class:`Ticks`) in
its type annotation::

    site_name: Annotated[str, Column("Site name", "text", required=True)]

That one line is the whole declaration of a column. :class:`RecordColumns` reads them back
in field order, so the workbook schema (:mod:`stockham_analytics.workbooks.schema`), the
loader, the entry templates, the demo data, the DataFrames and the user's guide all
follow the record: adding a column is adding a field. :meth:`RecordColumns.build` makes
a record from one row's parsed values, the only place a row of cells becomes a record.

A choice column's allowed values are the ``Literal`` of its field's type, so a closed
list is written once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, Protocol, TypeVar, get_args, get_origin

from stockham_analytics.terms import Term

Kind = Literal[
    "site_id",  # ASCII letters, digits, - and _; becomes a file name
    "text",  # free text, kept as typed
    "names",  # person names separated by ; or line breaks (personal data)
    "yn",  # Y / Yes / N / No / TRUE / FALSE; blank is No
    "date",  # Excel date, 2026-09-14 or 14/09/2026
    "choice",  # one of a closed list (the Literal of the field's type)
    "whole",  # whole number of 0 or more
    "number",  # any number
    "term",  # Autumn 2026
    "age_range",  # 7-11, 7 to 11, 9, Year 3-6, Y3-Y6, Reception-Year 2
    "clause",  # a policy clause such as 6.6 or A5.6, kept as text
]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, its kind and its rule.

    ``field`` (the record field it fills) and, for a choice, ``choices`` are filled in by
    :class:`RecordColumns` from the field's name and type; a declaration leaves them out.
    """

    header: str
    kind: Kind
    required: bool = False
    personal: bool = False
    clause: str = ""
    help: str = ""
    blank: str | None = None  # what an empty cell means, when not "nothing" (Better when)
    field: str = ""
    choices: tuple[str, ...] = ()

    @property
    def empty(self) -> object:
        """What an empty cell of this column means: ``blank`` when declared, No for a tick
        box, no names for a names column, else nothing (None)."""
        if self.blank is not None:
            return self.blank
        return {"yn": False, "names": ()}.get(self.kind)


@dataclass(frozen=True)
class Ticks:
    """A row of Y/N tick-box columns headed ``<prefix>: <choice>``, one per choice of the
    field's ``frozenset[Literal[...]]`` type, kept as the set of choices ticked
    (the Appendix B form's Audience and Contributors)."""

    prefix: str
    clause: str = ""


@dataclass(frozen=True)
class AgeRange:
    """A pupil age range as typed (``Year 3-6``) and the youngest age it means (7)."""

    text: str
    youngest: int

    def __str__(self) -> str:
        return self.text


class Record(Protocol):
    """What every record has besides its columns: the worksheet row it came from."""

    @property
    def row(self) -> int: ...


R = TypeVar("R", bound=Record, covariant=True)

#: The Python type each kind of column holds (``None`` aside, for an empty cell).
KIND_TYPES: dict[Kind, type] = {
    "site_id": str,
    "text": str,
    "names": tuple,
    "yn": bool,
    "date": dt.date,
    "choice": str,
    "whole": int,
    "number": Decimal,
    "term": Term,
    "age_range": AgeRange,
    "clause": str,
}


def _declaration(hint: object) -> Column | Ticks | None:
    if get_origin(hint) is not Annotated:
        return None
    metadata: tuple[object, ...] = getattr(hint, "__metadata__", ())
    return next((m for m in metadata if isinstance(m, Column | Ticks)), None)


def _without_none(hint: object) -> object:
    """``X`` of ``X | None`` (and of ``Annotated[X | None, ...]``)."""
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    if get_origin(hint) in (types.UnionType, typing.Union):
        rest = [a for a in get_args(hint) if a is not type(None)]
        return rest[0] if len(rest) == 1 else hint
    return hint


def literal_values(hint: object) -> tuple[str, ...]:
    """The values of ``Literal[...]`` (inside ``| None``, ``frozenset[...]`` or ``Annotated``)."""
    hint = _without_none(hint)
    if get_origin(hint) is frozenset:
        hint = get_args(hint)[0]
    if get_origin(hint) is Literal:
        return tuple(str(v) for v in get_args(hint))
    return ()


def field_types(record: type) -> dict[str, object]:
    """Each field's type as declared, ``Annotated`` included (strings resolved)."""
    return dict(typing.get_type_hints(record, include_extras=True))


class DeclarationError(TypeError):
    """A record field whose column declaration does not fit it (raised on import, so a
    mistake in ``records.py`` is found before any workbook is read)."""

    def __init__(self, record: type, field: str, problem: str) -> None:
        self.record, self.field, self.problem = record.__name__, field, problem
        super().__init__(f"{self.record}.{field}: {problem}")


def _columns(record: type, field: dataclasses.Field[object], hint: object) -> tuple[Column, ...]:
    name, declared = field.name, _declaration(hint)
    if declared is None and name != "row" and field.default is dataclasses.MISSING:
        raise DeclarationError(record, name, "declares no column; type it as "
                               "Annotated[<type>, Column(<header>, <kind>)] or give it a default")
    if isinstance(declared, Column):
        choices = literal_values(hint)
        if (declared.kind == "choice") != bool(choices):
            raise DeclarationError(record, name, (
                "a choice column's type must be a Literal of its values" if not choices else
                f'its type is a Literal of values, so its kind must be "choice", '
                f'not "{declared.kind}"'))
        return (dataclasses.replace(declared, field=name, choices=choices),)
    if isinstance(declared, Ticks):
        return tuple(Column(f"{declared.prefix}: {choice}", "yn", clause=declared.clause,
                            field=f"{name}:{choice}") for choice in literal_values(hint))
    return ()


@dataclass(frozen=True)
class RecordColumns(Generic[R]):
    """A record type with the columns its fields declare, worked out once.

    ``columns`` are in field order; a :class:`Ticks` field gives one column per choice,
    whose ``field`` is ``"<field>:<choice>"``.
    """

    record: type[R]
    columns: tuple[Column, ...]
    plain: tuple[str, ...]  # fields filled from one column each
    ticks: tuple[tuple[str, tuple[str, ...]], ...]  # (field, its choices) of tick-box rows

    @classmethod
    def of(cls, record: type[R]) -> RecordColumns[R]:
        """Read the declarations of ``record``'s fields."""
        hints = field_types(record)
        fields = dataclasses.fields(record)  # type: ignore[arg-type]
        names = [f.name for f in fields]
        declared = {n: _declaration(hints[n]) for n in names}
        return cls(
            record=record,
            columns=tuple(c for f in fields for c in _columns(record, f, hints[f.name])),
            plain=tuple(n for n in names if isinstance(declared[n], Column)),
            ticks=tuple((n, literal_values(hints[n])) for n in names
                        if isinstance(declared[n], Ticks)),
        )

    def build(self, row: int, values: Mapping[str, object]) -> R:
        """The record of one worksheet row from its parsed cell values, keyed by
        :attr:`Column.field`. The loader parses every column of :attr:`columns`, by kind,
        into the type :data:`KIND_TYPES` names (a test holds each field's type to its
        kind), so the record is well typed by construction: this is the one place where
        a row of cells becomes a record."""
        fields: dict[str, Any] = {name: values[name] for name in self.plain}
        for name, choices in self.ticks:
            fields[name] = frozenset(c for c in choices if values[f"{name}:{c}"])
        make: Callable[..., R] = self.record
        return make(row=row, **fields)
