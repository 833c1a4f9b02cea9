"""Write tiny workbooks into a test's ``tmp_path``.

Every test that needs input files builds them here, so that the headers always
come from :mod:`stockham_analytics.workbooks.schema` and a test only spells out the
cells it is about.

Rows are dicts keyed by header text exactly as the spec writes it
(``"Site ID"``, ``"Date identified"``). The ``*_row`` functions return a fully
valid row; pass overrides by header text, with ``None`` to blank a cell::

    site_row(**{"Site ID": "SM-02", "Status": "Proposed", "Go-live date": None})

:func:`write_data` writes the three workbooks (and ``school.toml``) of one data
folder. Python ``date`` objects become real Excel dates. For malformed input,
a row may also be a plain list of raw cell values (written left to right),
``headers`` replaces a sheet's header row, ``skip`` leaves a workbook out and
``extra_sheets`` adds sheets. :func:`write_workbook` writes any grid of cells.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook

from stockham_analytics.workbooks.schema import ACTIVITY, BREACHES, OBJECTIVES, REGISTER, SHEETS, Sheet

#: A row: cells by header text, or raw cell values in column order.
Row = Mapping[str, object] | Sequence[object]

SITE_ID = "SM-01"
TERM = "Autumn 2026"


def _with(defaults: dict[str, object], overrides: Mapping[str, object]) -> dict[str, object]:
    row = dict(defaults)
    row.update(overrides)
    return row


def site_row(**overrides: object) -> dict[str, object]:
    """A Live site that passes every check of spec 3 (pupils are its audience)."""
    groups = {f"{side}: {g}": "N" for side in ("Audience", "Contributors") for g in (
        "Pupils", "Staff", "Families", "Other schools' pupils", "External organisations",
        "Public", "Other")}
    defaults: dict[str, object] = {
        **groups,
        "Site ID": SITE_ID,
        "Site name": "Year 5 class blog",
        "Department": "Year 5",
        "Author": "Teacher T",
        "Line manager": "Manager M",
        "Platform": "School blog",
        "Host": "School",
        "Host name": None,
        "Platform minimum age": None,
        "Aims": "Share class work with families",
        "Proposed content": "Photos of work, news",
        "Audience: Pupils": "Y",
        "Audience: Families": "Y",
        "Contributors: Staff": "Y",
        "Pupil age range": "9-10",
        "Administrators": "Admin A; Admin B",
        "Moderators": "Moderator C; Moderator D",
        "External vetting by": None,
        "Advertising plan": None,
        "Advertising approved": None,
        "Consent arrangements": None,
        "Security measures": "Comments held for moderation",
        "Evaluation plan": "Termly count of posts and family comments",
        "Line manager approved": dt.date(2026, 6, 1),
        "Data Controller approved": dt.date(2026, 6, 8),
        "Head Teacher approved": dt.date(2026, 6, 15),
        "Brand use approved": "Y",
        "Status": "Live",
        "Go-live date": dt.date(2026, 7, 1),
        "Planned closure date": dt.date(2028, 7, 31),
        "Closed date": None,
        "Terms of use published": "Y",
        "House rules published": "Y",
        "Logo displayed": "Y",
        "Privacy setting": "Strongest",
    }
    return _with(defaults, overrides)


def breach_row(**overrides: object) -> dict[str, object]:
    """A closed, low-severity, non-safeguarding breach of clause 6.6 in Autumn 2026."""
    defaults: dict[str, object] = {
        "Breach ID": "B-001",
        "Date occurred": dt.date(2026, 10, 1),
        "Date identified": dt.date(2026, 10, 2),
        "Date reported": dt.date(2026, 10, 2),
        "Staff member": "Staff X",
        "Staff group": "Teaching staff",
        "Policy clause": "6.6",
        "Site ID": SITE_ID,
        "Severity": "Low",
        "Safeguarding concern": "N",
        "Referred to": None,
        "Date referred": None,
        "Content removed": None,
        "Outcome": "Advice and guidance",
        "Date closed": dt.date(2026, 10, 9),
        "Description": "Accepted a friend request from a pupil",
        "Reported by": "Reporter R",
    }
    return _with(defaults, overrides)


def objective_row(**overrides: object) -> dict[str, object]:
    """Objective O1 of SM-01 for Autumn 2026: target 40, actual 40 (Met)."""
    defaults: dict[str, object] = {
        "Site ID": SITE_ID,
        "Objective ID": "O1",
        "Objective": "Keep families informed",
        "Measure": "Posts in the term",
        "Target": 40,
        "Better when": "Higher",
        "Term": TERM,
        "Actual": 40,
    }
    return _with(defaults, overrides)


def activity_row(**overrides: object) -> dict[str, object]:
    """SM-01's Autumn 2026 activity: posted on 15 Dec, 2 active moderators."""
    defaults: dict[str, object] = {
        "Site ID": SITE_ID,
        "Term": TERM,
        "Posts": 40,
        "Comments received": 12,
        "Comments removed": 1,
        "Median moderation hours": 2.5,
        "Followers": 120,
        "Last post date": dt.date(2026, 12, 15),
        "Active moderators": 2,
    }
    return _with(defaults, overrides)


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """Write ``{sheet name: rows of raw cells}`` as an xlsx at ``path`` (row 1 first)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def rewrite_zip(path: Path, change: Callable[[dict[str, bytes]], dict[str, bytes]]) -> Path:
    """Rewrite the xlsx at ``path`` with ``change`` applied to its {part name: bytes}."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in change(parts).items():
            target.writestr(name, body)
    path.write_bytes(out.getvalue())
    return path


def forge_size(path: Path, part: str, declared: int) -> Path:
    """Make ``part`` claim to unpack to ``declared`` bytes, with the CRC of that prefix.

    A zip that lies about its sizes this way passes a check of the declared
    sizes and even of the CRC of the bytes a reader stops at.
    """
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
        crc = zlib.crc32(archive.read(part)[:declared])
    struct.pack_into("<LLL", data, info.header_offset + 14, crc, info.compress_size, declared)
    entry = _central_entry(bytes(data), part)
    struct.pack_into("<LLL", data, entry + 16, crc, info.compress_size, declared)
    path.write_bytes(bytes(data))
    return path


def _central_entry(data: bytes, part: str) -> int:
    entry = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46:entry + 46 + name_length] == part.encode():
            return entry
        entry = data.index(b"PK\x01\x02", entry + 4)


def grid(sheet: Sheet, rows: Sequence[Row],
         headers: Sequence[str] | None = None) -> list[list[object]]:
    """The header row (declared, or ``headers``) followed by ``rows`` laid out under it."""
    header = list(headers) if headers is not None else [c.header for c in sheet.columns]
    return [header, *(_cells(header, row) for row in rows)]


def as_cells(sheet: Sheet, row: Mapping[str, object]) -> list[object]:
    """A row's cells in the sheet's declared column order (for custom headers)."""
    return _cells([c.header for c in sheet.columns], row)


def _cells(header: list[str], row: Row) -> list[object]:
    if not isinstance(row, Mapping):
        return list(row)
    unknown = set(row) - set(header)
    if unknown:
        raise KeyError(f"no such header in this sheet: {sorted(unknown)}")
    return [row.get(h) for h in header]


def write_data(
    folder: Path,
    *,
    register: Sequence[Row] | None = None,
    breaches: Sequence[Row] | None = None,
    objectives: Sequence[Row] | None = None,
    activity: Sequence[Row] | None = None,
    school_toml: str | None = None,
    headers: Mapping[str, Sequence[str]] | None = None,
    skip: Sequence[str] = (),
    extra_sheets: Mapping[str, Mapping[str, Sequence[Sequence[object]]]] | None = None,
) -> Path:
    """Write a data folder; returns it.

    Defaults: one valid site (:func:`site_row`), an empty breach log (headers
    only), and one objective and one activity row for that site. ``headers``
    maps a sheet name (``"Register"``) to a replacement header row; ``skip``
    lists workbook file names not to write; ``extra_sheets`` maps a file name
    to more ``{sheet name: raw rows}`` to add to it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[Sheet, Sequence[Row]] = {
        REGISTER: [site_row()] if register is None else register,
        BREACHES: [] if breaches is None else breaches,
        OBJECTIVES: [objective_row()] if objectives is None else objectives,
        ACTIVITY: [activity_row()] if activity is None else activity,
    }
    books: dict[str, dict[str, Sequence[Sequence[object]]]] = {}
    for sheet in SHEETS:
        custom = (headers or {}).get(sheet.name)
        books.setdefault(sheet.file, {})[sheet.name] = grid(sheet, rows[sheet], custom)
    for file, more in (extra_sheets or {}).items():
        books.setdefault(file, {}).update(more)
    for file, sheets in books.items():
        if file not in skip:
            write_workbook(folder / file, sheets)
    if school_toml is not None:
        (folder / "school.toml").write_text(school_toml, encoding="utf-8")
    return folder
