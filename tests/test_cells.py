"""Each cell type of spec section 1, read as the business manager would type it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stockham_analytics.columns import AgeRange
from stockham_analytics.records import REFERRED_TO, STAFF_GROUPS, distinct_names
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.cells import (
    CellError,
    is_blank,
    parse_age_range,
    parse_choice,
    parse_clause,
    parse_date,
    parse_names,
    parse_number,
    parse_site_id,
    parse_term_cell,
    parse_text,
    parse_whole,
    parse_yn,
    show,
    shown,
)

PANDAS_WORDS = re.compile(r"(?i)\b(nan|nat|dtype|none|float|int|datetime|timedelta|"
                          r"timestamp|decimal|str)\b|[\[({]'|\\[nrt]|e-0\d")


def _error(parse: object, cell: object) -> CellError:
    with pytest.raises(CellError) as caught:
        parse(cell)  # type: ignore[operator]
    return caught.value


@pytest.mark.parametrize(("cell", "expected"), [
    ("Y", True), ("yes", True), (" YES ", True), ("n", False), ("No", False),
    (True, True), (False, False), ("TRUE", True), ("false", False),
])
def test_yn_accepts_the_spec_spellings(cell: object, expected: bool) -> None:
    """Y, Yes, N, No in any case and Excel TRUE/FALSE."""
    assert parse_yn(cell) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["maybe", "X", 1.0, dt.date(2026, 1, 1)])
def test_yn_rejects_anything_else(cell: object) -> None:
    """A Y/N cell with another value is an error that lists Y, Yes, N, No."""
    assert "Y, Yes, N or No" in _error(parse_yn, cell).allowed


def test_blank_cells_are_recognised() -> None:
    """Empty and space-only cells are blank; a zero is not."""
    assert is_blank("") and is_blank("   ") and is_blank(None)
    assert not is_blank(0.0) and not is_blank("N")


@pytest.mark.parametrize(("cell", "expected"), [
    (dt.date(2026, 9, 14), dt.date(2026, 9, 14)),
    (dt.datetime(2026, 9, 14, 0, 0), dt.date(2026, 9, 14)),
    ("2026-09-14", dt.date(2026, 9, 14)),
    ("14/09/2026", dt.date(2026, 9, 14)),
    (" 3/2/2027 ", dt.date(2027, 2, 3)),  # day first: 3 February
])
def test_date_accepts_excel_iso_and_uk_dates(cell: object, expected: dt.date) -> None:
    """A real Excel date, 2026-09-14 or day-first 14/09/2026."""
    assert parse_date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", [
    "09/14/2026", "next week", 46279.0, 46279, "2026-02-30", "14.09.2026", True, "14/09/26",
])
def test_date_rejects_other_forms(cell: object) -> None:
    """US order, words, bare numbers and impossible dates are errors."""
    error = _error(parse_date, cell)
    assert "14/09/2026" in error.allowed


def test_date_with_a_time_of_day_is_that_day() -> None:
    """An Excel date-time of 14/09/2026 15:30 is the date 14 September 2026."""
    assert parse_date(dt.datetime(2026, 9, 14, 15, 30)) == dt.date(2026, 9, 14)


@pytest.mark.parametrize("cell", [dt.time(14, 30), dt.timedelta(hours=26)])
def test_a_time_is_not_a_date(cell: object) -> None:
    """A time (Excel shows 14:30) in a date column is an error."""
    assert "is not a date" in _error(parse_date, cell).message


@pytest.mark.parametrize(("cell", "expected"), [
    ("01/01/2000", dt.date(2000, 1, 1)), ("2099-12-31", dt.date(2099, 12, 31)),
])
def test_dates_at_the_ends_of_the_allowed_years(cell: str, expected: dt.date) -> None:
    """1 January 2000 and 31 December 2099 are the first and last dates allowed."""
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", [
    "31/12/1999", "01/01/2100", "0026-09-14", dt.date(1900, 1, 1), dt.datetime(1899, 12, 31),
])
def test_dates_outside_2000_to_2099_are_typing_mistakes(cell: object) -> None:
    """0026-09-14 and Excel's 01/01/1900 (a 1 in a date cell) are errors naming the year."""
    error = _error(parse_date, cell)
    assert "which must be a typing mistake" in error.message
    assert error.allowed == "a date from 2000 to 2099, such as 14/09/2026"


@pytest.mark.parametrize("cell", ["\uff12\uff10\uff12\uff16-09-14",
                                  "14/09/\u0662\u0660\u0662\u0666"])
def test_dates_in_other_scripts_digits_are_errors(cell: str) -> None:
    """Full-width or Arabic-Indic digits are not dates Excel would recognise."""
    assert "is not a date" in _error(parse_date, cell).message


def test_date_hint_for_month_first() -> None:
    """09/14/2026 is explained as day-first."""
    assert "day first" in _error(parse_date, "09/14/2026").message


def test_date_hint_for_a_number() -> None:
    """A bare number tells the manager to format the cell as a date."""
    message = _error(parse_date, 46279.0).message
    assert "46279" in message and "format the cell as a date" in message


@pytest.mark.parametrize(("cell", "expected"), [
    ("Admin A; Admin B", ("Admin A", "Admin B")),
    ("Admin A\nAdmin B", ("Admin A", "Admin B")),
    ("Admin A;\r\n Admin B ;", ("Admin A", "Admin B")),
    ("Solo", ("Solo",)),
])
def test_names_split_on_semicolons_and_line_breaks(cell: str, expected: tuple[str, ...]) -> None:
    """Names are split on ; or line breaks, each trimmed."""
    assert parse_names(cell) == expected


def test_names_counted_ignoring_case_and_spaces() -> None:
    """'Ann Lee' and 'ann  lee' are one person; 'Bo' is another: 2 distinct."""
    assert distinct_names(parse_names("Ann Lee; ann  lee; Bo")) == 2


@pytest.mark.parametrize(("cell", "expected"), [("SM-01", "SM-01"), (" sm_2 ", "sm_2"),
                                                (12.0, "12")])
def test_site_id_accepts_letters_digits_dash_underscore(cell: object, expected: str) -> None:
    """ASCII letters, digits, - and _; a number typed as 12 is Site ID 12."""
    assert parse_site_id(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["SM 01", "SM/01", "Café-1", "../etc", "SM.01", "\u00c91",
                                  "SM\uff10\uff11", "SM-\u0661", "SM-01\u200b", "\u212a1"])
def test_site_id_rejects_other_characters(cell: str) -> None:
    """Spaces, slashes, accents, dots, full-width digits and invisible characters are refused."""
    # str.isalnum accepts É, ０, ١ and the Kelvin sign K; a Site ID must not.
    assert "letters A-Z" in _error(parse_site_id, cell).allowed


@pytest.mark.parametrize(("cell", "named"), [
    ("SM-01\u200b", "an invisible character (U+200B)"),
    ("SM\uff10", "\uff10 (not a plain A-Z letter or 0-9 digit)"),
    ("SM/01", "/"),
])
def test_site_id_message_names_each_bad_character(cell: str, named: str) -> None:
    """An invisible character is named by its code, a look-alike digit as not plain."""
    assert _error(parse_site_id, cell).message.endswith(f"cannot have: {named}")


@pytest.mark.parametrize("cell", ["CON", "nul", "Com1", "LPT9"])
def test_site_id_that_windows_keeps_for_a_device_is_refused(cell: str) -> None:
    """sites/CON.html cannot be opened on Windows, so CON is not a Site ID."""
    assert "Windows keeps for a device" in _error(parse_site_id, cell).message


def test_site_id_merely_starting_like_a_device_name_is_fine() -> None:
    """CONSOLE and COM10 are ordinary file names."""
    assert (parse_site_id("CONSOLE"), parse_site_id("COM10")) == ("CONSOLE", "COM10")


def test_site_id_names_the_bad_character() -> None:
    """The message names what cannot be used."""
    assert "space" in _error(parse_site_id, "SM 01").message


@pytest.mark.parametrize(("cell", "expected"), [
    ("teaching staff", "Teaching staff"),
    ("  Governor ", "Governor"),
    ("CONTRACTOR", "Contractor"),
])
def test_choice_ignores_case_and_spaces(cell: str, expected: str) -> None:
    """A closed list matches ignoring case and surrounding spaces."""
    assert parse_choice(cell, STAFF_GROUPS) == expected


def test_choice_takes_curly_apostrophe_as_straight() -> None:
    """Children’s social care (curly, as Excel autocorrects) is accepted."""
    assert parse_choice("children\u2019s social care", REFERRED_TO) == "Children's social care"


def test_choice_takes_left_curly_quote_and_inner_spaces() -> None:
    """‘ (left single quote) is an apostrophe too, and runs of spaces count as one."""
    assert parse_choice("Children\u2018s  social   care", REFERRED_TO) == "Children's social care"


def test_choice_rejects_other_values_and_lists_the_allowed() -> None:
    """A value outside the list is an error naming the list."""
    error = _error(lambda c: parse_choice(c, STAFF_GROUPS), "Teacher")
    assert error.allowed == ("Teaching staff / Support staff / Governor / Contractor / "
                             "Volunteer / Trainee")


@pytest.mark.parametrize(("cell", "expected"), [(3.0, 3), (0, 0), ("12", 12), (" 7 ", 7),
                                                ("4.0", 4)])
def test_whole_number(cell: object, expected: int) -> None:
    """A numeric cell or plain-number text, 0 or more."""
    assert parse_whole(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", [-1.0, 2.5, "1,200", "ten", True, "1e3", "\uff11\uff12",
                                  "\u0661\u0662", "12 000", "-2"])
def test_whole_number_rejects(cell: object) -> None:
    """Negative, fractional, separators, words, TRUE, exponents, other scripts' digits."""
    assert _error(parse_whole, cell).allowed == "a whole number, 0 or more"


@pytest.mark.parametrize("cell", ["1,5", "1.000,5", "40%", "\u00a340", "2.5 hours", "", "."])
def test_number_rejects_ambiguous_or_decorated_text(cell: str) -> None:
    """A comma (thousands or decimal?), %, £ or a unit is an error, never a guess."""
    assert "is not a number" in _error(parse_number, cell).message


def test_time_in_a_number_column_explains_excel() -> None:
    """2:30 typed for moderation hours becomes a time; the message says to type 2.5."""
    message = _error(parse_number, dt.time(2, 30)).message
    assert message.startswith("a time (02:30) is not a number") and "e.g. 2.5" in message


@pytest.mark.parametrize(("cell", "expected"), [
    (0.1, Decimal("0.1")), (2.5, Decimal("2.5")), (40, Decimal(40)),
    ("0.75", Decimal("0.75")), ("-3", Decimal(-3)),
])
def test_number_is_exact(cell: object, expected: Decimal) -> None:
    """Numbers come back as exact decimals: 0.1 is 0.1, not 0.1000000000000000055."""
    assert parse_number(cell) == expected  # type: ignore[arg-type]


def test_number_rejects_text() -> None:
    """Words are not numbers."""
    assert "not a number" in _error(parse_number, "about 40").message


@pytest.mark.parametrize("cell", ["Spring 1999", "Autumn 2100", "Summer 0000",
                                  "Autumn \uff12\uff10\uff12\uff16"])
def test_term_of_an_impossible_year_is_an_error(cell: str) -> None:
    """Years outside 2000-2099 and full-width digits are not terms."""
    assert "Autumn 2026" in _error(parse_term_cell, cell).allowed


def test_term_cell() -> None:
    """Terms are read in any case; other text is an error."""
    assert parse_term_cell(" autumn 2026 ") == Term(2026, 2)
    assert parse_term_cell("SUMMER 2099") == Term(2099, 1)
    assert "Autumn 2026" in _error(parse_term_cell, "Fall 2026").allowed
    assert "Autumn 2026" in _error(parse_term_cell, dt.date(2026, 9, 1)).allowed


@pytest.mark.parametrize(("cell", "youngest"), [
    ("7-11", 7), ("7 to 11", 7), ("9", 9), (9.0, 9), ("Year 3-6", 7), ("Y3-Y6", 7),
    ("Reception-Year 2", 4), ("year 1 to year 6", 5), ("R-Y2", 4), ("5\u201311", 5),
    ("7\u00a0to\u00a011", 7), (12.0, 12), ("Years 3-6", 7), ("Years 1 to 6", 5),
    ("Yrs 4-6", 8),
])
def test_age_range_youngest_age(cell: object, youngest: int) -> None:
    """Ages and year groups give the youngest age: Reception is 4, Year N is N+4."""
    assert parse_age_range(cell).youngest == youngest  # type: ignore[arg-type]


def test_age_range_keeps_the_text_typed() -> None:
    """The range is kept as typed."""
    assert parse_age_range(" Year 3-6 ") == AgeRange("Year 3-6", 7)


def test_age_range_as_date_explains_excel() -> None:
    """7-11 turned into a date by Excel gets the hint to format the column as text."""
    message = _error(parse_age_range, dt.datetime(2026, 7, 11)).message
    assert "Excel turns 7-11 into a date" in message and "Text" in message


@pytest.mark.parametrize("cell", ["11-7", "teens", "Year 3-", "0-30", 7.5, 9.5, "\uff17-11",
                                  dt.time(7, 11), True])
def test_age_range_rejects(cell: object) -> None:
    """Backwards, wordy, unfinished, impossible or fractional ranges are errors."""
    assert "7-11" in _error(parse_age_range, cell).allowed


@pytest.mark.parametrize(("cell", "expected"), [
    ("6.6", "6.6"), ("a5.6", "A5.6"), (" A 5.6 ", "A5.6"), ("6.10", "6.10"), ("7.3", "7.3"),
])
def test_clause_accepts_clauses_of_sections_5_to_7_and_appendix_a(cell: str,
                                                                  expected: str) -> None:
    """Clauses are normalised to the policy's spelling."""
    assert parse_clause(cell) == expected


@pytest.mark.parametrize("cell", ["9.1", "6.16", "A6.1", "B1", "3.2", "6"])
def test_clause_rejects_other_sections(cell: str) -> None:
    """Sections 1-4, 8, 9, Appendix B and numbers past a section's end are errors."""
    assert "sections 5-7 or Appendix A" in _error(parse_clause, cell).message


def test_clause_as_number_explains_excel() -> None:
    """6.1 as a number gets the 6.10 hint."""
    assert "Excel turns 6.10 into 6.1" in _error(parse_clause, 6.1).message


def test_clause_as_date_is_an_error() -> None:
    """A clause Excel turned into a date is an error with the Text hint."""
    assert "format the column as Text" in _error(parse_clause, dt.datetime(2026, 6, 5)).message


@pytest.mark.parametrize(("parse", "cell"), [
    (parse_date, 46279.0), (parse_date, True), (parse_date, dt.time(9, 0)),
    (parse_date, dt.timedelta(hours=3)), (parse_whole, "x"), (parse_whole, 1e-05),
    (parse_clause, 6.1), (parse_clause, dt.datetime(2026, 6, 5, 10, 0)),
    (parse_age_range, dt.datetime(2026, 7, 11)), (parse_yn, 2.0), (parse_names, 3.0),
    (parse_site_id, dt.date(2026, 1, 1)), (parse_number, "a\nb"), (parse_term_cell, 2026.0),
    (parse_site_id, "SM\t01"),
])
def test_messages_never_use_pandas_words(parse: object, cell: object) -> None:
    """No NaN, NaT, dtype, None, Python type names, reprs or escapes reach the manager."""
    message = _error(parse, cell).message
    assert PANDAS_WORDS.search(message) is None, message


def test_show_writes_cells_as_excel_does() -> None:
    """Whole numbers without .0, dates day first, booleans in capitals, no exponents."""
    assert [show(6.0), show(6.1), show(dt.date(2026, 9, 14)), show(True), show(1e-05),
            show(dt.timedelta(hours=26, minutes=5)), show(dt.time(9, 5))] == [
        "6", "6.1", "14/09/2026", "TRUE", "0.00001", "26:05", "09:05"]


def test_shown_keeps_a_message_on_one_short_line() -> None:
    """Line breaks are marked and text past 60 characters is cut with '...'."""
    assert shown("Live\nsince June") == "Live [line break] since June"
    assert shown("x" * 100) == "x" * 57 + "..."
    assert shown("y" * 60) == "y" * 60


def test_text_is_trimmed_and_numbers_lose_point_zero() -> None:
    """Free text keeps what was typed, minus surrounding spaces."""
    assert parse_text("  Year 5 blog ") == "Year 5 blog"
    assert parse_text(1.0) == "1"


PROPERTY = settings(max_examples=200, deadline=None)
SITE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@PROPERTY
@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_any_date_typed_either_way_reads_back(day: dt.date) -> None:
    """Every date of 2000-2099 typed as 14/09/2026 or 2026-09-14 is that date."""
    assert parse_date(f"{day:%d/%m/%Y}") == parse_date(day.isoformat()) == day


@PROPERTY
@given(st.text(SITE_ID_CHARS, min_size=1, max_size=40).filter(
    lambda t: t.casefold() not in {"con", "prn", "aux", "nul"}
    and not (t[:3].casefold() in {"com", "lpt"} and t[3:] in set("123456789"))))
def test_any_ascii_site_id_is_kept_as_typed(text: str) -> None:
    """Any 1-40 ASCII letters, digits, - and _ is a Site ID, unchanged."""
    assert parse_site_id(text) == text


@PROPERTY
@given(st.text(SITE_ID_CHARS, max_size=10), st.characters(
    blacklist_characters=SITE_ID_CHARS, blacklist_categories=("Cs",)),
    st.text(SITE_ID_CHARS, max_size=10))
def test_any_other_character_makes_a_site_id_an_error(before: str, odd: str, after: str) -> None:
    """One character outside A-Z, a-z, 0-9, - and _ anywhere inside is refused."""
    with pytest.raises(CellError):
        parse_site_id(f"X{before}{odd}{after}X")
