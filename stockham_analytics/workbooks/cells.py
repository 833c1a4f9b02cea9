"""Read one workbook cell of each type of spec section 1.

A cell arrives as python_calamine gives it: ``str`` (``""`` when empty),
``float``, ``int``, ``bool``, ``date``, ``datetime``, ``time`` or
``timedelta``. Each ``parse_*`` function takes a cell that is not blank and
returns the value, or raises :class:`CellError` with what is wrong and what is
allowed, in words the business manager uses (never a Python or pandas word).

Decisions the spec leaves open, taken conservatively (an ambiguous cell is an
error, never a guess):

- Only ASCII digits count as digits (``str.isdigit`` and ``\\d`` also accept
  full-width and other scripts' digits, which Excel does not treat as numbers).
- A date is a real Excel date (its time of day, if any, is dropped: the day is
  what the policy measures), ``2026-09-14`` or ``14/09/2026``, with a year from
  :data:`FIRST_YEAR` to :data:`LAST_YEAR`: earlier or later years in a school's
  social media register are typing mistakes (``0026-09-14``, or a ``1`` in a
  date-formatted cell, which Excel shows as 01/01/1900). A number in a date
  column is an error even when it is a valid Excel serial: a General-format
  cell reaches us as a plain number, and guessing would turn 20260914 or 14
  into nonsense. A numeric cell *formatted* as a date reaches us as a date.
- Y/N also accepts the text ``TRUE``/``FALSE`` (what Excel shows for its
  booleans when the column is formatted as Text).
- Numbers: a numeric cell, or text of ASCII digits with an optional sign and
  decimal point (`` 12 ``, ``-3``, ``2.5``). ``1,000`` (a thousands or a
  decimal comma?), ``1e3``, ``40%`` and ``£40`` are errors.
- Closed lists also ignore runs of spaces inside the value and take both curly
  quotes (‘ ’) as a straight apostrophe.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from stockham_analytics.columns import AgeRange
from stockham_analytics.policy import CLAUSES
from stockham_analytics.terms import FIRST_YEAR, LAST_YEAR, Term, read_term
from stockham_analytics.text import fold
from stockham_analytics.workbooks.schema import Column, Kind


@dataclass(frozen=True)
class FormulaFault:
    """A cell whose formula shows an error (``shows`` is ``#N/A``, ``#DIV/0!``...) or has
    no saved value (``shows`` is None). Never blank: it is an error naming the cell."""

    shows: str | None

    def __str__(self) -> str:
        return self.shows or ""


Cell = (str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta
        | FormulaFault | None)

ALLOWED: dict[Kind, str] = {
    "site_id": "letters A-Z, digits, - and _ only (no spaces), e.g. SM-01",
    "text": "any text",
    "names": "names separated by ; or line breaks",
    "yn": "Y, Yes, N or No (blank means No)",
    "date": "a date such as 14/09/2026 (day first) or 2026-09-14",
    "choice": "one of the listed values",
    "whole": "a whole number, 0 or more",
    "number": "a number, e.g. 40 or 2.5",
    "term": "a term such as Autumn 2026, Spring 2027 or Summer 2027",
    "age_range": "ages such as 7-11, 7 to 11 or 9, or year groups such as Year 3-6, "
                 "Y3-Y6 or Reception-Year 2",
    "clause": "a clause of sections 5-7 or Appendix A of the policy, e.g. 6.6 or A5.6",
}

SITE_ID_MAX = 40
_SITE_ID = re.compile(r"[A-Za-z0-9_-]+")
#: Names Windows keeps for devices: a file sites/CON.html cannot be opened there.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_UK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
SHOWN_MAX = 60
_NAME_SPLIT = re.compile(r"[;\r\n]+")
_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})


class CellError(ValueError):
    """A cell that breaks its column's type: what is wrong and what is allowed."""

    def __init__(self, message: str, allowed: str) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed


def is_blank(cell: Cell) -> bool:
    """An empty cell, or one holding only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def show(cell: Cell) -> str:
    """The cell as the business manager would recognise it in Excel."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else format(Decimal(repr(cell)), "f")
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M") if cell.time() else cell.strftime("%d/%m/%Y")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    if isinstance(cell, dt.timedelta):
        minutes = int(cell.total_seconds()) // 60
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(cell) if cell is not None else ""


def shown(cell: Cell) -> str:
    """The cell for a one-line message: line breaks marked, long text cut short."""
    text = " [line break] ".join(p.strip() for p in show(cell).strip().splitlines())
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX - 3].rstrip() + "..."


def _describe(cell: Cell) -> str:
    if isinstance(cell, (dt.date, dt.datetime)):
        return f"a date ({show(cell)})"
    if isinstance(cell, (dt.time, dt.timedelta)):
        return f"a time ({show(cell)})"
    if isinstance(cell, bool):
        return f"TRUE/FALSE ({show(cell)})"
    if isinstance(cell, (int, float)):
        return f"the number {show(cell)}"
    return f'"{shown(cell)}"'


def _fail(kind: Kind, what: str) -> CellError:
    return CellError(what, ALLOWED[kind])


def as_text(cell: Cell) -> str:
    """Text of any cell: numbers without a trailing .0, dates as 2026-09-14."""
    if isinstance(cell, (float, bool)):
        return show(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if not cell.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip() if cell is not None else ""


def parse_text(cell: Cell) -> str:
    """Free text, kept as typed (surrounding spaces dropped)."""
    return as_text(cell)


def parse_site_id(cell: Cell) -> str:
    """ASCII letters, digits, - and _ (it becomes a file name)."""
    if isinstance(cell, (dt.date, dt.time, dt.timedelta, bool)):
        raise _fail("site_id", f"{_describe(cell)} is not a Site ID")
    text = as_text(cell)
    if not _SITE_ID.fullmatch(text):
        bad = sorted({c for c in text if not _SITE_ID.fullmatch(c)})
        raise _fail("site_id", f'"{shown(text)}" has characters a Site ID cannot have: '
                               f"{', '.join(_character(c) for c in bad)}")
    if len(text) > SITE_ID_MAX:
        raise _fail("site_id", f"the Site ID is {len(text)} characters long; "
                               f"keep it to {SITE_ID_MAX} or fewer")
    if text.casefold() in RESERVED_NAMES:
        raise _fail("site_id", f"{text} is a name Windows keeps for a device, so it cannot "
                               "be a file name; add to it, e.g. SM-" + text)
    return text


def _character(char: str) -> str:
    if char == " ":
        return "a space"
    if not char.isprintable() or char.isspace():
        return f"an invisible character (U+{ord(char):04X})"
    if char.isdigit() or char.isalpha():
        return f"{char} (not a plain A-Z letter or 0-9 digit)"
    return char


def parse_names(cell: Cell) -> tuple[str, ...]:
    """Names separated by ; or line breaks, each as typed."""
    if not isinstance(cell, str):
        raise _fail("names", f"{_describe(cell)} is not a list of names")
    return tuple(n.strip() for n in _NAME_SPLIT.split(cell) if n.strip())


def parse_yn(cell: Cell) -> bool:
    """Y, Yes, N, No (any case), or Excel TRUE/FALSE."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, str):
        word = cell.strip().casefold()
        if word in _YES or word in _NO:
            return word in _YES
    raise _fail("yn", f"{_describe(cell)} is not Y or N")


def _make_date(year: int, month: int, day: int, cell: Cell) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        hint = " (dates are day first: 14/09/2026 is 14 September)" if month > 12 else ""
        raise _fail("date", f"{_describe(cell)} is not a real date{hint}") from None
    return _in_years(date, cell)


def _in_years(day: dt.date, cell: Cell) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(f"{_describe(cell)} is in the year {day.year}, which must be a "
                        "typing mistake", f"a date from {FIRST_YEAR} to {LAST_YEAR}, "
                        "such as 14/09/2026")
    return day


def parse_date(cell: Cell) -> dt.date:
    """A real Excel date, ISO text 2026-09-14, or UK text 14/09/2026."""
    if isinstance(cell, dt.datetime):
        return _in_years(cell.date(), cell)
    if isinstance(cell, dt.date):
        return _in_years(cell, cell)
    if isinstance(cell, bool) or not isinstance(cell, str):
        hint = ("; format the cell as a date (Home > Number Format > Short Date)"
                if isinstance(cell, (int, float)) and not isinstance(cell, bool) else "")
        raise _fail("date", f"{_describe(cell)} is not a date{hint}")
    text = cell.strip()
    if match := _ISO.fullmatch(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]), cell)
    if match := _UK.fullmatch(text):
        return _make_date(int(match[3]), int(match[2]), int(match[1]), cell)
    raise _fail("date", f"{_describe(cell)} is not a date")



def parse_choice(cell: Cell, choices: tuple[str, ...]) -> str:
    """One of ``choices``, ignoring case and surrounding spaces; ’ is taken as '."""
    allowed = " / ".join(choices)
    if isinstance(cell, str):
        wanted = fold(cell)
        for choice in choices:
            if fold(choice) == wanted:
                return choice
    raise CellError(f"{_describe(cell)} is not one of the allowed values", allowed)


def _plain_number(cell: Cell, kind: Kind) -> Decimal:
    if isinstance(cell, bool):
        raise _fail(kind, f"{_describe(cell)} is not a number")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):  # beyond what Excel can hold (it stops at 9.99E+307)
            raise _fail(kind, "the number is too large for Excel to hold; check what was "
                              "typed")
        return Decimal(repr(cell))
    if isinstance(cell, str) and _PLAIN_NUMBER.fullmatch(cell.strip()):
        try:
            return Decimal(cell.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            pass
    hint = ("; Excel turned what was typed into a time: format the column as Number and "
            "type hours as a number, e.g. 2.5" if isinstance(cell, (dt.time, dt.timedelta))
            else "")
    raise _fail(kind, f"{_describe(cell)} is not a number{hint}")


def parse_number(cell: Cell) -> Decimal:
    """Any number, exactly as typed (2.5 is Decimal('2.5'), never 2.4999...)."""
    return _plain_number(cell, "number")


def parse_whole(cell: Cell) -> int:
    """A whole number of 0 or more."""
    number = _plain_number(cell, "whole")
    if number != number.to_integral_value():
        raise _fail("whole", f"{_describe(cell)} is not a whole number")
    if number < 0:
        raise _fail("whole", f"{_describe(cell)} is less than 0")
    return int(number)


def parse_term_cell(cell: Cell) -> Term:
    """A term such as Autumn 2026 (any case)."""
    term = read_term(cell, any_year=True) if isinstance(cell, str) else None
    if term is None:
        raise _fail("term", f"{_describe(cell)} is not a term")
    if not FIRST_YEAR <= term.year <= LAST_YEAR:
        raise _fail("term", f"{_describe(cell)} is in the year {term.year}, which must be "
                            f"a typing mistake (terms run from {FIRST_YEAR} to {LAST_YEAR})")
    return term


_YEAR = r"(?:(reception|rec|r)|(?:years?|yrs?|y)\s*(\d{1,2}))"
_TO = r"\s*(?:-|\u2013|\u2014|\bto\b)\s*"
_AGES = re.compile(rf"(\d{{1,2}})(?:{_TO}(\d{{1,2}}))?", re.IGNORECASE | re.ASCII)
_YEARS = re.compile(rf"{_YEAR}(?:{_TO}(?:{_YEAR}|(\d{{1,2}})))?", re.IGNORECASE | re.ASCII)
AGE_MIN, AGE_MAX = 2, 19


def _year_age(reception: str | None, year: str | None) -> int:
    return 4 if reception else int(year or 0) + 4


def _ages(text: str) -> tuple[int, int] | None:
    if match := _AGES.fullmatch(text):
        low = int(match[1])
        return low, int(match[2] or low)
    if match := _YEARS.fullmatch(text):
        low = _year_age(match[1], match[2])
        if match[3] or match[4]:
            return low, _year_age(match[3], match[4])
        return low, int(match[5]) + 4 if match[5] else low
    return None


def parse_age_range(cell: Cell) -> AgeRange:
    """The range as typed and the youngest pupil age it means (Year N is age N+4)."""
    if isinstance(cell, (dt.date, dt.datetime)):
        raise _fail("age_range", f"{_describe(cell)} is not an age range: Excel turns "
                    "7-11 into a date; format the column as Text and type the range again")
    if isinstance(cell, float) and cell.is_integer() and not isinstance(cell, bool):
        cell = str(int(cell))
    text = as_text(cell) if isinstance(cell, (str, int)) else ""
    ages = _ages(" ".join(text.split()))
    if ages is None:
        raise _fail("age_range", f"{_describe(cell)} is not an age range")
    low, high = ages
    if low > high:
        raise _fail("age_range", f'"{shown(text)}" runs from {low} down to {high}; '
                    "put the youngest first")
    if low < AGE_MIN or high > AGE_MAX:
        raise _fail("age_range", f'"{shown(text)}" means ages {low} to {high}, '
                    f"outside school ages ({AGE_MIN} to {AGE_MAX})")
    return AgeRange(text, low)


def parse_clause(cell: Cell) -> str:
    """A policy clause of sections 5-7 or Appendix A, as ``6.10`` or ``A5.6``."""
    if isinstance(cell, (dt.date, dt.datetime)):
        raise _fail("clause", f"{_describe(cell)} is not a policy clause: Excel turned "
                    "what was typed into a date; format the column as Text and type it again")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise _fail("clause", f"{_describe(cell)} is not a policy clause: "
                    "Excel turns 6.10 into 6.1; format the column as Text and type it again")
    text = "".join(as_text(cell).split()).upper().rstrip(".")
    if text not in CLAUSES:
        raise _fail("clause", f"{_describe(cell)} is not a clause of sections 5-7 "
                    "or Appendix A of the policy")
    return text


PARSERS: dict[Kind, Callable[[Cell], object]] = {
    "site_id": parse_site_id,
    "text": parse_text,
    "names": parse_names,
    "yn": parse_yn,
    "date": parse_date,
    "whole": parse_whole,
    "number": parse_number,
    "term": parse_term_cell,
    "age_range": parse_age_range,
    "clause": parse_clause,
}


def fault_error(fault: FormulaFault, allowed: str) -> CellError:
    """What is wrong with a formula that shows an error or has no saved value."""
    if fault.shows is not None:
        return CellError(f"Excel shows {fault.shows} here: the formula's result is an error, "
                         "not a value; fix the formula or type the value", allowed)
    return CellError("this cell holds a formula with no saved value (the program that saved "
                     "the workbook did not calculate it); open the workbook in Excel or "
                     "LibreOffice so that it recalculates and save it, or type the value",
                     allowed)


#: What :func:`parse_cell` remembers for one sheet: (kind, choices, cell type, cell) -> value.
Seen = dict[tuple[Kind, tuple[str, ...], type, Cell], object]

#: Kinds whose cells a sheet repeats (Y, Low, a date, a term) and so are worth remembering;
#: free text and names are mostly different in every row, and cheap to read.
_REPEATED: frozenset[Kind] = frozenset(
    {"yn", "date", "choice", "whole", "number", "term", "age_range", "clause", "site_id"})


def parse_cell(column: Column, cell: Cell, seen: Seen | None = None) -> object:
    """The value of a non-blank cell of ``column``; raises :class:`CellError`.

    With ``seen`` (one dict per sheet read, owned by the caller), values are remembered: a
    big sheet repeats the same few values in every row. The key holds the cell's type, so
    TRUE, 1 and 1.0 stay apart; every value is immutable, and a cell that raises is not
    remembered."""
    if isinstance(cell, FormulaFault):
        raise fault_error(cell, allowed_for(column))
    if seen is None or column.kind not in _REPEATED:
        return _parse(column.kind, column.choices, cell)
    key = (column.kind, column.choices, type(cell), cell)
    if key not in seen:
        seen[key] = _parse(column.kind, column.choices, cell)
    return seen[key]


def _parse(kind: Kind, choices: tuple[str, ...], cell: Cell) -> object:
    if kind == "choice":
        return parse_choice(cell, choices)
    return PARSERS[kind](cell)


def allowed_for(column: Column) -> str:
    """What the column accepts, in words."""
    if column.kind == "choice":
        return " / ".join(column.choices)
    return ALLOWED[column.kind]
