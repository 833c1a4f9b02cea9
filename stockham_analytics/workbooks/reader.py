"""Open one input workbook safely and read its sheets as grids of cells.

Before any spreadsheet parser sees a file, :func:`read_workbook` checks that
it exists, can be opened and is not empty or too large, then has
:func:`~stockham_analytics.workbooks.container.check_container` check the zip and its
XML (zip bombs, XML bombs, damaged files, files of another kind). A sheet
whose cells reach too far for a grid (:attr:`Extent.too_big`) is refused,
naming its last cell, before python_calamine loads it. A ``~$`` lock file
beside a workbook means it is open in Excel: a warning says that unsaved
changes are not read.

The sheets are then read with python_calamine, the fastest of the readers
measured by ``benchmarks/bench_readers.py`` that keeps every cell's position
and type. Each fault of the file is one :class:`Problem` naming the file and
what to do.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import python_calamine

from stockham_analytics.errors import Problem
from stockham_analytics.text import fold
from stockham_analytics.workbooks.cells import Cell, FormulaFault
from stockham_analytics.workbooks.container import (
    MAX_COLUMNS,
    MAX_ROWS,
    SAVE_STEPS,
    Container,
    Extent,
    FileFault,
    check_container,
)
from stockham_analytics.workbooks.schema import sheets_of

MAX_FILE_BYTES = 64 * 1024 * 1024
LOCK_PREFIX = "~$"  # Excel's lock file beside an open workbook: ~$approval_register.xlsx
#: LibreOffice's lock file beside an open workbook: .~lock.approval_register.xlsx#
LIBREOFFICE_LOCK = ".~lock.{name}#"
#: What each other spreadsheet format is, in the words of the programs that save it.
OTHER_FORMATS = {
    ".ods": "an OpenDocument spreadsheet (.ods, LibreOffice's own format)",
    ".xls": "an old Excel 97-2003 workbook (.xls)",
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xlsb": "an Excel binary workbook (.xlsb)",
    ".csv": "a CSV text file (.csv)",
    ".numbers": "a Numbers spreadsheet (.numbers)",
}


@dataclass(frozen=True)
class Grid:
    """One sheet as Excel shows it: ``rows[0]`` is row 1, ``rows[r][0]`` column A."""

    name: str
    rows: list[list[Cell]]
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()


@dataclass(frozen=True)
class Workbook:
    """The sheets of one workbook that were read, by the name the spec gives them."""

    file: str
    sha256: str
    sheets: dict[str, Grid]


def _problem(file: str, message: str) -> Problem:
    return Problem(file=file, message=message)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing a missing, empty or oversized file."""
    if not path.is_file():
        raise FileFault(_missing(path))
    size = path.stat().st_size
    if size == 0:
        raise FileFault(f"{path.name} is empty (0 bytes); copy the workbook into the folder "
                        "again, or open it in Excel and save it")
    if size > MAX_FILE_BYTES:
        raise FileFault(f"{path.name} is {size // (1024 * 1024)} MB, more than the "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB these workbooks should ever need; "
                        "check it is the right file")
    try:
        return path.read_bytes()
    except OSError as error:
        hint = (" It is open in Excel: close it there and run again." if is_open_in_excel(path)
                else " Check that you may open it, and close it in any program using it.")
        raise FileFault(f"{path.name} cannot be opened ({error.strerror or 'access refused'})."
                        f"{hint}") from None


def lock_files(path: Path) -> list[str]:
    """The lock files beside the workbook that say it is open: Excel's ``~$<name>`` and
    LibreOffice's ``.~lock.<name>#``."""
    names = [f"{LOCK_PREFIX}{path.name}", LIBREOFFICE_LOCK.format(name=path.name)]
    return [n for n in names if os.path.lexists(path.parent / n)]


def is_open_in_excel(path: Path) -> bool:
    """Whether a lock file of Excel or LibreOffice sits beside the workbook."""
    return bool(lock_files(path))


def _is_lock(name: str) -> bool:
    return name.startswith((LOCK_PREFIX, ".~lock."))


def _missing(path: Path) -> str:
    if path.is_dir():
        return f"{path.name} is a folder, not a workbook; put the workbook {path.name} there"
    if path.exists():  # a named pipe or a device: never opened, it could hang or never end
        return (f"{path.name} is not a plain file (it is a pipe or a device), so it was not "
                f"read; put the workbook {path.name} there")
    near = sorted(p.name for p in path.parent.glob("*")
                  if p.suffix.lower() in {".xlsx", *OTHER_FORMATS}
                  and p.name != path.name and not _is_lock(p.name)
                  ) if path.parent.is_dir() else []
    other = next((n for n in near if Path(n).stem.casefold() == path.stem.casefold()
                  and Path(n).suffix.lower() in OTHER_FORMATS), None)
    if other is not None:
        return (f"{path.name} is missing from {path.parent}, but {other} is there: it is "
                f"{OTHER_FORMATS[Path(other).suffix.lower()]}, not an Excel Workbook, and "
                f"renaming it will not change that; {SAVE_STEPS}, saving it as {path.name}, "
                "and run again")
    found = f" (the folder has: {', '.join(near)})" if near else ""
    return (f"{path.name} is missing from {path.parent}{found}; put the workbook there "
            f"and name it exactly {path.name}")


_UNREADABLE = ("cannot be read as a workbook; open it in Excel, save it as Excel Workbook "
               "(.xlsx) and run again")


#: The error values python_calamine knows; it refuses a sheet holding any other.
CALAMINE_ERRORS = frozenset({"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!",
                             "#NULL!"})
_ERROR_VALUE = re.compile(rb"<v>(#[A-Z0-9_/!?]+)</v>")


def calamine_safe(data: bytes, container: Container) -> bytes:
    """``data`` with the error values python_calamine does not know (``#SPILL!``,
    ``#CALC!``...) shown as ``#N/A`` in the sheets' XML; the cells are marked from
    the container's own reading, which keeps the value Excel shows."""
    parts = {container.parts[s] for s, f in container.faults.items()
             if any(v is not None and v not in CALAMINE_ERRORS for v in f.values())
             and s in container.parts}
    if not parts:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename in parts:
                body = _ERROR_VALUE.sub(_known_error, body)
            target.writestr(info, body)
    return out.getvalue()


def _known_error(match: re.Match[bytes]) -> bytes:
    return match[0] if match[1].decode() in CALAMINE_ERRORS else b"<v>#N/A</v>"


def read_grids(name: str, data: bytes, wanted: Sequence[str],
               container: Container) -> tuple[dict[str, Grid], list[Problem]]:
    """The sheets named ``wanted`` (matched ignoring case and spaces), and sheet problems."""
    data = calamine_safe(data, container)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - calamine raises several unrelated kinds
        return {}, [_problem(name, f"{name} {_UNREADABLE}")]
    try:
        return _sheets(name, book, wanted, container)
    finally:
        book.close()



def _sheets(name: str, book: python_calamine.CalamineWorkbook, wanted: Sequence[str],
            container: Container) -> tuple[dict[str, Grid], list[Problem]]:
    by_fold = {fold(m.name): m for m in book.sheets_metadata}
    grids: dict[str, Grid] = {}
    problems: list[Problem] = []
    for sheet in wanted:
        meta = by_fold.get(fold(sheet))
        if meta is None:
            problems.append(_no_sheet(name, sheet, [m.name for m in book.sheets_metadata]))
            continue
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            problems.append(_hidden(name, meta.name, meta.visible))
        extent = container.extent(meta.name)
        if extent.too_big:
            problems.append(_too_far(name, meta.name, extent))
            continue
        try:
            grids[sheet] = _grid(book, meta.name, container.faults.get(meta.name, {}))
        except Exception:  # noqa: BLE001 - calamine raises several unrelated kinds
            problems.append(Problem(file=name, sheet=meta.name, message=(
                f"sheet {meta.name} cannot be read; open {name} in Excel, save it as Excel "
                "Workbook (.xlsx) and run again")))
    return grids, problems


def _grid(book: python_calamine.CalamineWorkbook, sheet_name: str,
          faults: dict[tuple[int, int], str | None]) -> Grid:
    sheet = book.get_sheet_by_name(sheet_name)
    rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
    put_faults(rows, faults)
    merged = tuple(sheet.merged_cell_ranges or ())
    return Grid(sheet_name, rows, merged)


def put_faults(rows: list[list[Cell]], faults: dict[tuple[int, int], str | None]) -> None:
    """Mark each cell whose formula shows an error or has no saved value (python_calamine
    reads both as empty), at its 1-based (row, column)."""
    for (row, column), shows in faults.items():
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        if len(cells) < column:
            cells.extend([""] * (column - len(cells)))
        cells[column - 1] = FormulaFault(shows)


def _too_far(name: str, sheet: str, extent: Extent) -> Problem:
    return Problem(
        file=name, sheet=sheet, cell=extent.last_cell,
        message=f"sheet {sheet} has something in row {extent.rows:,} or column "
                f"{extent.columns:,} (Ctrl+End in Excel goes to {extent.last_cell}), more than "
                f"this program can check, so the sheet was not read. If that cell is a stray "
                f"entry far from the table, clear it (select it, press Delete), save, and run "
                f"again. If the sheet really holds that many records, keep every one of them "
                f"and ask the developers to raise the limit",
        allowed=f"a table of at most {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns")


def _no_sheet(name: str, sheet: str, found: list[str]) -> Problem:
    has = ", ".join(found) if found else "none"
    return Problem(file=name, sheet=sheet,
                   message=f"{name} has no sheet named {sheet} (its sheets: {has}); "
                           f"rename the sheet that holds this table to {sheet}")


def _hidden(name: str, sheet: str, state: object) -> Problem:
    if state == python_calamine.SheetVisibleEnum.VeryHidden:
        how = ("it is 'very hidden', which only the Visual Basic editor can undo: press "
               "Alt+F11, select the sheet, and set its Visible property to "
               "-1 - xlSheetVisible")
    else:
        how = "right-click any sheet tab, choose Unhide, pick the sheet and click OK"
    return Problem(file=name, sheet=sheet,
                   message=f"sheet {sheet} is hidden, so what it holds cannot be checked by "
                           f"eye; {how}")


def sha256(data: bytes) -> str:
    """SHA-256 hex digest of the file's bytes."""
    return hashlib.sha256(data).hexdigest()


def read_workbook(folder: Path, file: str) -> tuple[Workbook | None, list[Problem]]:
    """The required sheets of ``folder/file``, or None and one file-level problem."""
    try:
        data = read_bytes(folder / file)
        container = check_container(file, data)
    except FileFault as fault:
        return None, [_problem(file, str(fault))]
    grids, problems = read_grids(file, data, [s.name for s in sheets_of(file)], container)
    locks = lock_files(folder / file)
    if locks:
        program = "LibreOffice" if locks[0].startswith(".~lock.") else "Excel"
        problems.append(Problem(file=file, severity="warning", message=(
            f"{file} is open in {program} (the lock file {locks[0]} is in the folder): "
            f"changes not yet saved there are not included; save it in {program} and run "
            "again")))
    return Workbook(file, sha256(data), grids), problems
