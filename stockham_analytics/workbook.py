"""Open one input workbook safely and read its sheets as grids of cells.

Before any spreadsheet parser sees a file, :func:`read_workbook` checks the
container: that the file exists and is not empty or too large; that it is a
zip (an old ``.xls``, a password-protected ``.xlsx`` and a CSV renamed to
``.xlsx`` are each named as such); that the zip is complete; that it would not
unpack to more than :data:`MAX_UNPACKED_BYTES` or at a ratio that only a zip
bomb has; and that no XML part declares a DOCTYPE or an ENTITY (the
"billion laughs" XML bomb), which ``defusedxml`` refuses.

The sheets are then read with python_calamine, the fastest of the readers
measured by ``benchmarks/bench_readers.py`` that keeps every cell's position
and type. Each fault of the file is one :class:`Problem` naming the file and
what to do.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from xml.parsers.expat import ExpatError

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from stockham_analytics.cells import Cell
from stockham_analytics.exceptions import Problem
from stockham_analytics.schema import sheets_of

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 2000
_CHUNK = 64 * 1024

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (.xlsx)"


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


class FileFault(Exception):
    """A fault of the whole file; the message says what it is and what to do."""


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
    return path.read_bytes()


def _missing(path: Path) -> str:
    if path.is_dir():
        return f"{path.name} is a folder, not a workbook; put the workbook {path.name} there"
    near = sorted(p.name for p in path.parent.glob("*")
                  if p.suffix.lower() in {".xlsx", ".xls", ".csv", ".xlsm", ".ods"}
                  and p.name != path.name) if path.parent.is_dir() else []
    found = f" (the folder has: {', '.join(near)})" if near else ""
    return (f"{path.name} is missing from {path.parent}{found}; put the workbook there "
            f"and name it exactly {path.name}")


def check_container(name: str, data: bytes) -> zipfile.ZipFile:
    """The file as an open zip, once it is known to be a safe Excel workbook."""
    if data.startswith(OLE2):
        raise FileFault(_ole2_message(name, data))
    if not data.startswith(ZIP):
        raise FileFault(_not_zip_message(name, data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileFault(f"{name} is damaged or incomplete (perhaps it did not finish "
                        "copying); copy it again, or open it in Excel and save it") from None
    _check_parts(name, archive)
    return archive


def _ole2_message(name: str, data: bytes) -> str:
    if _ENCRYPTED_MARK in data:
        return (f"{name} is protected with a password, so it cannot be read; open it in Excel, "
                "choose File > Info > Protect Workbook > Encrypt with Password, clear the "
                "password, save, and run again")
    return f"{name} is an old Excel 97-2003 workbook (.xls), not .xlsx; {_SAVE_AS}"


def _not_zip_message(name: str, data: bytes) -> str:
    head = data[:4096]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return (f"{name} is a text or CSV file with an .xlsx name, not an Excel "
                    f"workbook; {_SAVE_AS}")
    return f"{name} is not an Excel workbook; {_SAVE_AS}"


def _check_parts(name: str, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        kind = ("an Excel binary workbook (.xlsb)" if "xl/workbook.bin" in names else
                "an OpenDocument spreadsheet" if "content.xml" in names else
                "a zip file but not an Excel workbook")
        raise FileFault(f"{name} is {kind}; {_SAVE_AS}")
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise FileFault(_bomb(name))
    if any(_bomb_ratio(i) for i in infos):
        raise FileFault(_bomb(name))
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml(name, archive, info)


def _bomb_ratio(info: zipfile.ZipInfo) -> bool:
    return info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)


def _bomb(name: str) -> str:
    return (f"{name} would unpack to far more data than a workbook of this kind holds "
            "(it looks like a 'zip bomb'), so it was not opened; check where the file came "
            "from, and save a fresh copy from Excel")


class _RootSeen(Exception):
    """The root element started: no DOCTYPE can follow."""


class _Target:
    def start(self, tag: str, attrs: dict[str, str]) -> None:
        raise _RootSeen

    def close(self) -> None:
        return None


def _check_xml(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    parser = DefusedXMLParser(target=_Target(), forbid_dtd=True)
    prolog_done = False
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):  # reading it all also checks its CRC and size
                if not prolog_done:
                    prolog_done = _feed(parser, chunk)
    except (DefusedXmlException, ExpatError):
        raise FileFault(f"{name} contains XML that declares entities or a DOCTYPE (in "
                        f"{info.filename}), which Excel never writes and which can be used to "
                        "attack the computer reading it; it was not opened. Save a fresh copy "
                        "from Excel") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileFault(f"{name} is damaged (part {info.filename} cannot be unpacked); copy it "
                        "again, or open it in Excel and save it") from None


def _feed(parser: DefusedXMLParser, chunk: bytes) -> bool:
    try:
        parser.feed(chunk)
    except _RootSeen:
        return True
    return False


def read_grids(name: str, data: bytes, wanted: Sequence[str]) -> tuple[dict[str, Grid], list[Problem]]:
    """The sheets named ``wanted`` (matched ignoring case and spaces), and sheet problems."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - calamine raises several unrelated kinds
        return {}, [_problem(name, f"{name} cannot be read as a workbook; open it in Excel, "
                                   "save it as Excel Workbook (.xlsx) and run again")]
    try:
        return _sheets(name, book, wanted)
    finally:
        book.close()


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _sheets(name: str, book: python_calamine.CalamineWorkbook,
            wanted: Sequence[str]) -> tuple[dict[str, Grid], list[Problem]]:
    by_fold = {_fold(m.name): m for m in book.sheets_metadata}
    grids: dict[str, Grid] = {}
    problems: list[Problem] = []
    for sheet in wanted:
        meta = by_fold.get(_fold(sheet))
        if meta is None:
            problems.append(_no_sheet(name, sheet, [m.name for m in book.sheets_metadata]))
            continue
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            problems.append(_hidden(name, meta.name, meta.visible))
        grids[sheet] = _grid(book, meta.name)
    return grids, problems


def _grid(book: python_calamine.CalamineWorkbook, sheet_name: str) -> Grid:
    sheet = book.get_sheet_by_name(sheet_name)
    rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
    merged = tuple(sheet.merged_cell_ranges or ())
    return Grid(sheet_name, rows, merged)


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
        check_container(file, data).close()
    except FileFault as fault:
        return None, [_problem(file, str(fault))]
    grids, problems = read_grids(file, data, [s.name for s in sheets_of(file)])
    return Workbook(file, sha256(data), grids), problems
