"""A battery of malformed data folders, one fault each, refused by the command line.

Every case runs both ``validate`` and ``report`` (into a fresh output folder) through
:func:`stockham_analytics.cli.main` in this process, as the command line parses and runs
them: each must exit 1, name the file (and the cell, for cell faults) in plain words,
show no traceback, and create nothing in the output folder. A representative handful
(the bombs, a lying zip, an encrypted file, a cell fault, and the clean control) also
runs as the business manager would run it: a subprocess of ``.venv/bin/stockham-analytics``
under a 500 MB address-space limit (``RLIMIT_AS``; pandas and numpy start well within
it). The subprocess timeout only guards against a hang; it asserts no speed.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from builders import (
    activity_row,
    as_cells,
    breach_row,
    forge_size,
    objective_row,
    rewrite_zip,
    site_row,
    write_data,
)

from stockham_analytics import cli
from stockham_analytics.workbooks.schema import BREACHES

CLI = Path(sys.executable).parent / "stockham-analytics"
MEMORY_LIMIT = 500 * 1024 * 1024
HANG_GUARD = 300  # seconds: only stops a hung run; speed is measured in benchmarks/
REGISTER, LOG, EVALUATION = "approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx"


@dataclass(frozen=True)
class Case:
    """One malformed folder: how to make it and what the message must say."""

    id: str
    make: Callable[[Path], object]
    says: tuple[str, ...]


def _rows(**sheets: object) -> Callable[[Path], object]:
    return lambda folder: write_data(folder, **sheets)  # type: ignore[arg-type]


def _replace(file: str, data: Callable[[bytes], bytes]) -> Callable[[Path], object]:
    def make(folder: Path) -> None:
        write_data(folder)
        path = folder / file
        path.write_bytes(data(path.read_bytes()))

    return make


def _edit(file: str, change: Callable[[openpyxl.Workbook], object]) -> Callable[[Path], object]:
    def make(folder: Path) -> None:
        write_data(folder)
        book = openpyxl.load_workbook(folder / file)
        change(book)
        book.save(folder / file)

    return make


def _swap_part(part: str, content: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def swap(data: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
                out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in src.namelist():
                body = src.read(name)
                dst.writestr(name, content(body) if name == part else body)
        return out.getvalue()

    return swap


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1
                                            else b"&lol;" * 10) for i in range(1, 10))
    + b'<!ENTITY lol0 "x">]>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    b"&lol9;</t></is></c></row></sheetData></worksheet>"
)


def _zip_bomb(_: bytes) -> bytes:
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + row * 600_000 + b"</sheetData></worksheet>")


def _encrypt(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def _not_a_workbook_zip(_: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def _far_cell(folder: Path) -> None:
    write_data(folder)
    book = openpyxl.load_workbook(folder / LOG)
    book["Breaches"]["XFD1048576"] = "x"
    book.save(folder / LOG)


def _forged(folder: Path) -> None:
    write_data(folder)
    forge_size(folder / LOG, "xl/worksheets/sheet1.xml", 200)


def _disguised_doctype(folder: Path) -> None:
    sheet, hidden = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.bin"

    def move(parts: dict[str, bytes]) -> dict[str, bytes]:
        moved = {hidden if k == sheet else k: v for k, v in parts.items()}
        moved[hidden] = BILLION_LAUGHS
        rels = "xl/_rels/workbook.xml.rels"
        moved[rels] = parts[rels].replace(b"sheet1.xml", b"sheet1.bin")
        return moved

    write_data(folder)
    rewrite_zip(folder / REGISTER, move)


def _title_row(folder: Path) -> None:
    write_data(folder, breaches=[breach_row()])
    book = openpyxl.load_workbook(folder / LOG)
    book["Breaches"].insert_rows(1)
    book["Breaches"]["A1"] = "Breach log"
    book.save(folder / LOG)


def _headers(sheet: str, change: Callable[[list[str]], list[str]]) -> Callable[[Path], object]:
    declared = [c.header for c in BREACHES.columns]
    headers = change(list(declared))
    row = [v for h, v in zip(declared, as_cells(BREACHES, breach_row()), strict=True)
           if h in headers]
    return lambda folder: write_data(folder, breaches=[row], headers={sheet: headers})


def _folder_is_a_file(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")


def _hide(state: str) -> Callable[[openpyxl.Workbook], object]:
    def hide(book: openpyxl.Workbook) -> None:
        book.create_sheet("Notes")
        book["Register"].sheet_state = state
        book.active = 1

    return hide


def _rename(old: str, new: str) -> Callable[[openpyxl.Workbook], object]:
    def rename(book: openpyxl.Workbook) -> None:
        book[old].title = new

    return rename


FILE_FAULTS = [
    Case("not-a-zip", _replace(REGISTER, lambda _: bytes(range(256)) * 8),
         (f"{REGISTER} (1 error)", "is not an Excel workbook")),
    Case("truncated", _replace(LOG, lambda d: d[: len(d) // 2]),
         (f"{LOG} (1 error)", "damaged or incomplete")),
    Case("encrypted", _replace(EVALUATION, _encrypt),
         (f"{EVALUATION} (1 error)", "protected with a password")),
    Case("zero-bytes", _replace(LOG, lambda _: b""), (f"{LOG} (1 error)", "empty (0 bytes)")),
    Case("old-xls", _replace(REGISTER, lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(
        2048)), (f"{REGISTER} (1 error)", "old Excel 97-2003 workbook (.xls)")),
    Case("csv-renamed", _replace(LOG, lambda _: b"Breach ID,Date occurred\nB-001,2026-10-01\n"),
         (f"{LOG} (1 error)", "text or CSV file")),
    Case("other-zip", _replace(EVALUATION, _not_a_workbook_zip),
         (f"{EVALUATION} (1 error)", "zip file but not an Excel workbook")),
    Case("xml-bomb", _replace(REGISTER, _swap_part("xl/worksheets/sheet1.xml",
                                                   lambda _: BILLION_LAUGHS)),
         (f"{REGISTER} (1 error)", "declares entities or a DOCTYPE")),
    Case("zip-bomb", _replace(LOG, _swap_part("xl/worksheets/sheet1.xml", _zip_bomb)),
         (f"{LOG} (1 error)", "zip bomb")),
    Case("workbook-missing", lambda f: write_data(f, skip=[EVALUATION]),
         (f"{EVALUATION} (1 error)", f"{EVALUATION} is missing from")),
    Case("folder-is-a-file", _folder_is_a_file, ("is a file, not a folder",)),
    Case("sheet-missing", _edit(EVALUATION, _rename("Activity", "Sheet2")),
         (f"{EVALUATION} sheet Activity", "no sheet named Activity (its sheets: "
                                          "Objectives, Sheet2)")),
    Case("sheet-hidden", _edit(REGISTER, _hide("hidden")),
         (f"{REGISTER} sheet Register", "is hidden", "Unhide")),
    Case("sheet-very-hidden", _edit(REGISTER, _hide("veryHidden")),
         (f"{REGISTER} sheet Register", "very hidden")),
    Case("header-merged", _edit(LOG, lambda b: b["Breaches"].merge_cells("B1:C1")),
         (f"{LOG} Breaches!B1:C1", "merged")),
    Case("header-misspelt", _headers("Breaches", lambda h: [
        "Date identifed" if x == "Date identified" else x for x in h]),
         (f"{LOG} Breaches!C1", "misspelling of Date identified")),
    Case("header-missing", _headers("Breaches", lambda h: [x for x in h if x != "Outcome"]),
         (f"{LOG} sheet Breaches", "the column Outcome is missing")),
    Case("header-twice", _headers("Breaches", lambda h: [*h, "SEVERITY"]),
         (f"{LOG} Breaches!R1", "appears twice")),
    Case("toml-malformed", lambda f: write_data(f, school_toml="[school\nname = 1\n"),
         ("school.toml", "not valid TOML", "line 1")),
    Case("toml-term-order", lambda f: write_data(
        f, school_toml='[terms."Summer 2027"]\nstart = 2027-01-01\n'),
         ('school.toml terms."Summer 2027".start', "out of order")),
    Case("toml-term-other-year", lambda f: write_data(
        f, school_toml='[terms."Spring 2027"]\nstart = 2026-12-21\n'),
         ('school.toml terms."Spring 2027".start', "a date in 2027")),
    Case("toml-term-year-zero", lambda f: write_data(
        f, school_toml='[terms."Spring 0000"]\nstart = 2026-01-05\n'),
         ('school.toml terms."Spring 0000"', "is not a term")),
    Case("toml-days-too-many", lambda f: write_data(
        f, school_toml="[thresholds]\nneglect_days = 99999999999\n"),
         ("school.toml thresholds.neglect_days", "from 0 to 3660")),
    Case("far-stray-cell", _far_cell,
         (f"{LOG} Breaches!XFD1048576", "Ctrl+End in Excel goes to XFD1048576")),
    Case("zip-lies-about-size", _forged, (f"{LOG} (1 error)", "zip bomb")),
    Case("doctype-in-disguised-part", _disguised_doctype,
         (f"{REGISTER} (1 error)", "declares entities or a DOCTYPE (in xl/worksheets/sheet1.bin)")),
    Case("headers-in-row-2", _title_row,
         (f"{LOG} Breaches!A2", "the headers are in row 2, not row 1")),
    Case("sheet-empty", _edit(LOG, lambda b: b["Breaches"].delete_rows(1)),
         (f"{LOG} sheet Breaches", "the sheet is empty")),
    Case("toml-wrong-type", lambda f: write_data(
        f, school_toml="[thresholds]\npartly_met_ratio = \"most\"\n"),
         ("school.toml thresholds.partly_met_ratio",)),
]


def _cell(case_id: str, file: str, cell: str, says: str, **sheets: object) -> Case:
    return Case(case_id, _rows(**sheets), (f"{file} {cell}", says))


S2 = {"Site ID": "SM-02"}
CELL_FAULTS = [
    _cell("date-us-order", LOG, "Breaches!C2", "day first",
          breaches=[breach_row(**{"Date identified": "10/13/2026"})]),
    _cell("date-bare-number", LOG, "Breaches!B2", "format the cell as a date",
          breaches=[breach_row(**{"Date occurred": 46296})]),
    _cell("date-words", REGISTER, "Register!AI2", "next week",
          register=[site_row(**{"Line manager approved": "next week"})]),
    _cell("date-dotted", LOG, "Breaches!O2", "not a date",
          breaches=[breach_row(**{"Date closed": "09.10.2026"})]),
    _cell("duplicate-site-id", REGISTER, "Register!A3", "already used in row 2",
          register=[site_row(), site_row()]),
    _cell("site-id-case", REGISTER, "Register!A3", "upper/lower case",
          register=[site_row(), site_row(**{"Site ID": "Sm-01"})]),
    _cell("duplicate-breach-id", LOG, "Breaches!A3", "already used in row 2",
          breaches=[breach_row(), breach_row()]),
    _cell("duplicate-objective", EVALUATION, "Objectives!A3", "already used in row 2",
          objectives=[objective_row(), objective_row(Term="AUTUMN 2026")]),
    _cell("duplicate-activity", EVALUATION, "Activity!A3", "already used in row 2",
          activity=[activity_row(), activity_row()]),
    _cell("site-id-characters", REGISTER, "Register!A2", "cannot have",
          register=[site_row(**{"Site ID": "SM 01"})], objectives=[], activity=[]),
    _cell("host-name-missing", REGISTER, "Register!H2", "Third party",
          register=[site_row(**{"Host": "Third party", "Platform minimum age": 13})]),
    _cell("minimum-age-missing", REGISTER, "Register!I2", "Third party",
          register=[site_row(**{"Host": "Third party", "Host name": "Video Co"})]),
    _cell("age-range-missing", REGISTER, "Register!Z2", "pupils",
          register=[site_row(**{"Pupil age range": None})]),
    _cell("age-range-as-date", REGISTER, "Register!Z2", "Excel turns 7-11 into a date",
          register=[site_row(**{"Pupil age range": dt.date(2026, 7, 11)})]),
    _cell("go-live-missing", REGISTER, "Register!AN2", "required when Status",
          register=[site_row(**{"Go-live date": None})]),
    _cell("closed-date-missing", REGISTER, "Register!AP2", "Status is Closed",
          register=[site_row(Status="Closed")]),
    _cell("closed-date-for-live", REGISTER, "Register!AP2", "not allowed",
          register=[site_row(**{"Closed date": dt.date(2026, 12, 1)})]),
    _cell("closed-before-go-live", REGISTER, "Register!AP2", "before Go-live date",
          register=[site_row(**{"Status": "Closed", "Closed date": dt.date(2026, 6, 1)})]),
    _cell("identified-before-occurred", LOG, "Breaches!C2", "before Date occurred",
          breaches=[breach_row(**{"Date identified": dt.date(2026, 9, 1)})]),
    _cell("closed-before-identified", LOG, "Breaches!O2", "before Date identified",
          breaches=[breach_row(**{"Date closed": dt.date(2026, 10, 1)})]),
    _cell("target-zero", EVALUATION, "Objectives!E2", "greater than 0",
          objectives=[objective_row(Target=0)]),
    _cell("actual-negative", EVALUATION, "Objectives!H2", "at least 0",
          objectives=[objective_row(Actual=-3)]),
    _cell("breach-unknown-site", LOG, "Breaches!H2", "not in approval_register.xlsx",
          breaches=[breach_row(**S2)]),
    _cell("objective-site-case", EVALUATION, "Objectives!A2", "did you mean SM-01?",
          objectives=[objective_row(**{"Site ID": "sm-01"})]),
    _cell("activity-unknown-site", EVALUATION, "Activity!A2", "not in approval_register",
          activity=[activity_row(**S2)]),
    _cell("clause-as-number", LOG, "Breaches!G2", "Excel turns 6.10 into 6.1",
          breaches=[breach_row(**{"Policy clause": 6.1})]),
    _cell("clause-outside-policy", LOG, "Breaches!G2", "sections 5-7",
          breaches=[breach_row(**{"Policy clause": "9.3"})]),
    _cell("staff-group-unknown", LOG, "Breaches!F2", "Teaching staff / Support staff",
          breaches=[breach_row(**{"Staff group": "Teachers"})]),
    _cell("yn-unknown", REGISTER, "Register!AS2", "not Y or N",
          register=[site_row(**{"Logo displayed": "Sometimes"})]),
    _cell("whole-negative", EVALUATION, "Activity!C2", "less than 0",
          activity=[activity_row(Posts=-4)]),
    _cell("whole-fraction", EVALUATION, "Activity!I2", "not a whole number",
          activity=[activity_row(**{"Active moderators": 1.5})]),
    _cell("term-misspelt", EVALUATION, "Objectives!G2", "not a term",
          objectives=[objective_row(Term="Autum 2026")]),
    _cell("breach-id-blank", LOG, "Breaches!A2", "required",
          breaches=[breach_row(**{"Breach ID": None})]),
    _cell("status-unknown", REGISTER, "Register!AM2", "not one of the allowed values",
          register=[site_row(Status="Paused")]),
    _cell("severity-blank", LOG, "Breaches!I2", "required",
          breaches=[breach_row(Severity=None)]),
    _cell("outcome-unknown", LOG, "Breaches!N2", "Under investigation / No further action",
          breaches=[breach_row(Outcome="Sacked")]),
    _cell("better-when-unknown", EVALUATION, "Objectives!F2", "Higher / Lower",
          objectives=[objective_row(**{"Better when": "Up"})]),
    _cell("target-text", EVALUATION, "Objectives!E2", "not a number",
          objectives=[objective_row(Target="forty")]),
    _cell("host-unknown", REGISTER, "Register!G2", "School / Third party",
          register=[site_row(Host="Council")]),
    _cell("privacy-unknown", REGISTER, "Register!AT2", "Strongest / Standard / Public",
          register=[site_row(**{"Privacy setting": "Private"})]),
    _cell("referred-to-unknown", LOG, "Breaches!K2", "Police / CEOP",
          breaches=[breach_row(**{"Referred to": "Headteacher"})]),
    _cell("names-as-number", REGISTER, "Register!AB2", "not a list of names",
          register=[site_row(Moderators=2)]),
    _cell("age-range-words", REGISTER, "Register!Z2", "is not an age range",
          register=[site_row(**{"Pupil age range": "juniors"})]),
    _cell("clause-as-date", LOG, "Breaches!G2", "Excel turned what was typed into a date",
          breaches=[breach_row(**{"Policy clause": dt.datetime(2026, 6, 5)})]),
    _cell("moderation-hours-negative", EVALUATION, "Activity!F2", "at least 0",
          activity=[activity_row(**{"Median moderation hours": -1})]),
    _cell("moderation-hours-as-time", EVALUATION, "Activity!F2",
          "turned what was typed into a time",
          activity=[activity_row(**{"Median moderation hours": dt.time(2, 30)})]),
    _cell("site-id-accented", REGISTER, "Register!A2", "not a plain A-Z letter",
          register=[site_row(**{"Site ID": "\u00c9COLE-1"})], objectives=[], activity=[]),
    _cell("site-id-device-name", REGISTER, "Register!A2", "Windows keeps for a device",
          register=[site_row(**{"Site ID": "CON"})], objectives=[], activity=[]),
    _cell("date-year-typo", LOG, "Breaches!B2", "which must be a typing mistake",
          breaches=[breach_row(**{"Date occurred": "0026-10-01"})]),
    _cell("date-as-time", REGISTER, "Register!AJ2", "a time (09:30) is not a date",
          register=[site_row(**{"Data Controller approved": dt.time(9, 30)})]),
    _cell("term-year-typo", EVALUATION, "Activity!B2", "in the year 2206",
          activity=[activity_row(Term="Autumn 2206")]),
    _cell("number-with-comma", EVALUATION, "Activity!G2", '"1,200" is not a number',
          activity=[activity_row(Followers="1,200")]),
    _cell("yn-as-number", REGISTER, "Register!AQ2", "the number 1 is not Y or N",
          register=[site_row(**{"Terms of use published": 1})]),
    _cell("actual-as-text", EVALUATION, "Objectives!H2", '"n/a" is not a number',
          objectives=[objective_row(Actual="n/a")]),
    _cell("platform-minimum-age-negative", REGISTER, "Register!I2", "less than 0",
          register=[site_row(**{"Host": "Third party", "Host name": "Video Co",
                                "Platform minimum age": -13})]),
]

CASES = FILE_FAULTS + CELL_FAULTS
COMMANDS = {
    "validate": lambda data, out: ["validate", "--data", str(data)],
    "report": lambda data, out: ["report", "--data", str(data), "--term", "Autumn 2026",
                                 "--out", str(out), "--quiet"],
}


#: The cases also run through the real command, in a subprocess under the memory limit.
THROUGH_THE_COMMAND = ("xml-bomb", "zip-bomb", "zip-lies-about-size", "encrypted", "date-us-order")


def _limit_memory() -> None:
    import resource  # POSIX only; imported where used so the module loads on Windows

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _command(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the installed command; (exit code, stdout, stderr)."""
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=HANG_GUARD,
                          preexec_fn=_limit_memory, cwd=cwd, check=False)
    return done.returncode, done.stdout, done.stderr


def _assert_refused(case: Case, code: int, stdout: str, stderr: str, work: Path) -> None:
    shown = stdout + stderr
    assert code == 1, shown
    for words in case.says:
        assert words in stderr, shown
    assert "Traceback" not in shown
    assert list(work.iterdir()) == []


def test_battery_is_big_enough() -> None:
    """At least 40 cases, each with a distinct id, and each cell case naming its cell."""
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)
    assert all("!" in c.says[0] for c in CELL_FAULTS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_input_is_refused_plainly(
    tmp_path: Path, case: Case, command: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exit 1, the file (and cell) named, no traceback, nothing written."""
    data, work = tmp_path / "data", tmp_path / "work"
    case.make(data)
    work.mkdir()
    monkeypatch.chdir(work)
    code = cli.main(COMMANDS[command](data, work / "pack"))
    shown = capsys.readouterr()
    _assert_refused(case, code, shown.out, shown.err, work)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case_id", THROUGH_THE_COMMAND)
def test_the_real_command_refuses_within_the_memory_limit(tmp_path: Path, case_id: str,
                                                         command: str) -> None:
    """The same refusals through the installed command, under a 500 MB address space."""
    case = next(c for c in CASES if c.id == case_id)
    data, work = tmp_path / "data", tmp_path / "work"
    case.make(data)
    work.mkdir()
    _assert_refused(case, *_command(COMMANDS[command](data, work / "pack"), cwd=work), work)


def test_the_clean_folder_passes_under_the_same_limits(tmp_path: Path) -> None:
    """The control: the builders' default folder validates with exit 0."""
    write_data(tmp_path / "data")
    code, stdout, stderr = _command(["validate", "--data", str(tmp_path / "data")])
    assert code == 0, stderr
    assert "The workbooks are valid." in stdout
