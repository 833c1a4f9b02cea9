"""Check that an ``.xlsx`` file is a safe Excel workbook before any parser reads it.

An ``.xlsx`` is a zip of XML parts. :func:`check_container` refuses, with a
:class:`FileFault` that says what the file is and what to do:

- an old ``.xls``, a password-protected workbook, a CSV or other file renamed
  to ``.xlsx``, another kind of zip, and a damaged or incomplete zip;
- a "zip bomb": before anything is unpacked, the sizes the zip declares must
  stay under :data:`MAX_UNPACKED_BYTES` (and :data:`MAX_RATIO` for big parts);
  then each part is unpacked by :func:`_unpack`, which stops as soon as it
  produces more than the size declared, so a zip that lies about its sizes
  is caught too, and checks the part's CRC;
- XML that declares a DOCTYPE or ENTITY (the "billion laughs" XML bomb):
  every XML part is parsed in full by ``defusedxml``, which refuses both;
- a sheet whose cells reach far beyond a table (a stray value in cell
  XFD1048576 makes python_calamine allocate the whole 17-billion-cell grid and
  abort the process): :func:`check_container` returns each sheet's
  :class:`Extent` so that the reader can refuse such a sheet, naming the cell,
  before loading it.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, fromstring

MAX_UNPACKED_BYTES = 800 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 2000
#: The largest sheet read: rows, columns and rows x columns from A1 to its last cell.
MAX_ROWS, MAX_COLUMNS, MAX_CELLS = 200_000, 1_000, 5_000_000
_CHUNK = 64 * 1024

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
SAVE_STEPS = ('open it in Excel and choose File > Save As > "Excel Workbook (*.xlsx)", or in '
              'LibreOffice choose File > Save As > "Excel 2007-365 (.xlsx)"')
SAVE_AS = f"{SAVE_STEPS}, and run again"
_MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_STORED, _DEFLATED = 0, 8
_XML_NAMES = (".xml", ".rels", ".vml")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})")


class FileFault(Exception):
    """A fault of the whole file; the message says what it is and what to do."""


def column_letter(index: int) -> str:
    """Excel's name for the 0-based column ``index``: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Extent:
    """How far a sheet's cells reach: its last row and column (1-based), as Ctrl+End."""

    rows: int = 0
    columns: int = 0

    @property
    def last_cell(self) -> str:
        """The cell Excel's Ctrl+End goes to, e.g. ``XFD1048576``."""
        return f"{column_letter(max(self.columns, 1) - 1)}{max(self.rows, 1)}"

    @property
    def too_big(self) -> bool:
        """Whether reading the sheet as a grid from A1 would need too much memory."""
        return (self.rows > MAX_ROWS or self.columns > MAX_COLUMNS
                or self.rows * self.columns > MAX_CELLS)

    def widen(self, other: Extent) -> None:
        """Take in ``other``'s reach."""
        self.rows, self.columns = max(self.rows, other.rows), max(self.columns, other.columns)


@dataclass
class Container:
    """What the checks learnt: how far each sheet's cells reach."""

    extents: dict[str, Extent] = field(default_factory=dict)  # sheet name -> reach
    widest: Extent = field(default_factory=Extent)  # of any part, for unmapped sheets
    #: sheet name -> {(row, column), 1-based: the error Excel shows, or None for a
    #: formula with no saved value}
    faults: dict[str, dict[tuple[int, int], str | None]] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)  # sheet name -> its zip part

    def extent(self, sheet: str) -> Extent:
        """The reach of ``sheet`` (the widest of any part when it cannot be told)."""
        return self.extents.get(sheet, self.widest)


def check_container(name: str, data: bytes) -> Container:
    """How far each sheet reaches, once the file is known to be a safe Excel workbook."""
    if data.startswith(OLE2):
        raise FileFault(_ole2_message(name, data))
    if not data.startswith(ZIP):
        raise FileFault(_not_zip_message(name, data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise FileFault(_damaged(name)) from None
    _check_listing(name, infos)
    container = _check_parts(name, data, infos)
    _check_kind(name, data, infos)
    return container


def _check_kind(name: str, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a macro-enabled workbook (.xlsm) under an .xlsx name, as Excel itself does."""
    types = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
    if types is not None and _MACRO_TYPE in b"".join(_unpack(data, types)):
        raise FileFault(f"{name} is a macro-enabled workbook (.xlsm) with an .xlsx name, "
                        f"which Excel itself will not open; {SAVE_AS}")


def _damaged(name: str, part: str | None = None) -> str:
    what = f"is damaged (its part {part} cannot be read)" if part else (
        "is damaged or incomplete (perhaps it did not finish copying)")
    return f"{name} {what}; copy it again, or open it in Excel and save it"


def _ole2_message(name: str, data: bytes) -> str:
    if _ENCRYPTED_MARK in data:
        return (f"{name} is protected with a password, so it cannot be read; open it in Excel, "
                "choose File > Info > Protect Workbook > Encrypt with Password, clear the "
                "password, save, and run again")
    return f"{name} is an old Excel 97-2003 workbook (.xls), not .xlsx; {SAVE_AS}"


def _not_zip_message(name: str, data: bytes) -> str:
    head = data[:4096]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return (f"{name} is a text or CSV file with an .xlsx name, not an Excel "
                    f"workbook; {SAVE_AS}")
    return f"{name} is not an Excel workbook; {SAVE_AS}"


def _check_listing(name: str, infos: list[zipfile.ZipInfo]) -> None:
    names = [i.filename for i in infos]
    if "xl/workbook.xml" not in names:
        kind = ("an Excel binary workbook (.xlsb)" if "xl/workbook.bin" in names else
                "an OpenDocument spreadsheet" if "content.xml" in names else
                "a zip file but not an Excel workbook")
        raise FileFault(f"{name} is {kind}; {SAVE_AS}")
    if len(set(names)) != len(names):
        raise FileFault(_damaged(name))
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise FileFault(bomb_message(name))
    if any(_bomb_ratio(i) for i in infos):
        raise FileFault(bomb_message(name))


def _bomb_ratio(info: zipfile.ZipInfo) -> bool:
    return info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)


def bomb_message(name: str) -> str:
    """The message for a file that would unpack to far more than it should."""
    return (f"{name} would unpack to far more data than a workbook of this kind holds "
            "(it looks like a 'zip bomb'), so it was not opened; check where the file came "
            "from, and save a fresh copy from Excel")


# --- unpacking, never past the declared size -------------------------------------------


class _TooBig(Exception):
    """A part unpacks to more than the size its zip entry declares."""


class _Damaged(Exception):
    """A part whose data cannot be unpacked as declared."""


def _unpack(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks; raises _TooBig past its declared size, _Damaged else."""
    compressed = _raw(data, info)
    chunks = _inflate(compressed) if info.compress_type == _DEFLATED else (
        bytes(compressed[i:i + _CHUNK]) for i in range(0, len(compressed), _CHUNK))
    size, crc = 0, 0
    for chunk in chunks:
        size += len(chunk)
        if size > info.file_size:
            raise _TooBig
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if size != info.file_size or crc != info.CRC:
        raise _Damaged


def _raw(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    if info.flag_bits & 0x1 or info.compress_type not in (_STORED, _DEFLATED):
        raise _Damaged  # encrypted entries and methods Excel never writes
    start = info.header_offset
    try:
        magic, *_, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error:
        raise _Damaged from None
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    if magic != ZIP or begin + info.compress_size > len(data):
        raise _Damaged
    return memoryview(data)[begin:begin + info.compress_size]


def _inflate(compressed: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = 0
    while not inflater.eof:
        feed: bytes | memoryview = inflater.unconsumed_tail
        if not feed and position < len(compressed):
            feed, position = compressed[position:position + _CHUNK], position + _CHUNK
        try:
            chunk = inflater.decompress(feed, _CHUNK)
        except zlib.error:
            raise _Damaged from None
        if not chunk and not feed and not inflater.eof:
            raise _Damaged  # the data ended before the part did
        yield chunk


# --- XML parts ---------------------------------------------------------------------------


class _Cells:
    """Expat handlers: how far the cells holding something reach in one part, and
    which cells show an error value or hold a formula with no saved value.

    Installed straight on the expat parser inside ``DefusedXMLParser`` (which
    keeps its DOCTYPE and ENTITY guards), so that each element costs one call:
    attributes come as expat's flat ``[name, value, ...]`` list. Character data
    is only collected inside the ``<v>`` of an error cell (``t="e"``) or a formula's
    cell. openpyxl writes a formula it cannot calculate with an empty ``<v/>``: that
    is no saved value, unless the cell's result is text (``t="str"``, an empty text).
    """

    def __init__(self, parser: Any = None) -> None:
        self.extent = Extent()
        self.row = self.column = 0
        self.in_cell = self.holds = False
        self.error_cell = self.text_result = self.formula = self.value = False
        self.faults: dict[tuple[int, int], str | None] = {}
        self._parser = parser
        self._text: list[str] = []
        self._column_numbers: dict[str, int] = {}  # "AB" -> 28, worked out once per sheet

    def start(self, tag: str, attrs: list[str]) -> None:
        if self.in_cell:  # a value, formula or inline string: the cell holds something
            self.holds = True
            if tag.endswith(("}f", ":f")) or tag == "f":
                self.formula = True
            elif tag.endswith(("}v", ":v")) or tag == "v":
                self.value = True
                if (self.error_cell or self.formula) and self._parser is not None:
                    self._parser.CharacterDataHandler = self._text.append
        elif tag.endswith(("}row", ":row")) or tag == "row":
            self.row, self.column = _number(_attribute(attrs, "r"), self.row + 1), 0
        elif tag.endswith(("}c", ":c")) or tag == "c":
            self._cell(_attribute(attrs, "r"))
            kind = _attribute(attrs, "t")
            self.error_cell, self.text_result = kind == "e", kind == "str"

    def _cell(self, ref: str | None) -> None:
        match = _CELL_REF.fullmatch(ref or "")
        if match is None:
            self.column += 1
        else:
            letters = match[1]
            number = self._column_numbers.get(letters)
            if number is None:
                number = self._column_numbers[letters] = _column_number(letters)
            self.column = number
            self.row = int(match[2])
        self.in_cell, self.holds = True, False
        self.formula = self.value = False
        self._text = []

    def _saved(self) -> bool:
        """Whether the formula cell has a saved value (an empty text result is one)."""
        return self.value and (self.text_result or any(t.strip() for t in self._text))

    def end(self, tag: str) -> None:
        if not self.in_cell:
            return
        if tag.endswith(("}c", ":c")) or tag == "c":
            self.in_cell = False
            if self.holds:
                self.extent.rows = max(self.extent.rows, self.row)
                self.extent.columns = max(self.extent.columns, self.column)
            if self.error_cell:
                self.faults[(self.row, self.column)] = "".join(self._text).strip() or "#N/A"
            elif self.formula and not self._saved():
                self.faults[(self.row, self.column)] = None
        elif self._parser is not None and (tag.endswith(("}v", ":v")) or tag == "v"):
            self._parser.CharacterDataHandler = None



class _Nothing:
    """Parser target that builds nothing: the parse itself is the check."""

    def close(self) -> None:
        return None


def _attribute(attrs: list[str], name: str) -> str | None:
    for index in range(0, len(attrs), 2):
        if attrs[index] == name:
            return attrs[index + 1]
    return None


def _number(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isascii() and text.isdigit() else default


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _looks_like_xml(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def _xml_fault(name: str, part: str) -> str:
    return (f"{name} contains XML that declares entities or a DOCTYPE (in {part}), which "
            "Excel never writes and which can be used to attack the computer reading it; "
            "it was not opened. Save a fresh copy from Excel")


class _Reach:
    """The quick way to measure a sheet: defusedxml parses it with no Python handlers (the
    safety check at C speed) while a regular expression finds the cells that hold
    something, by their ``r`` reference. Only the plain spelling Excel, LibreOffice and
    openpyxl write is measured this way (no namespace prefix, ``r`` first in every cell);
    a sheet with a formula, an error value or any other spelling is measured again the
    detailed way (:class:`_Cells`)."""

    _HOLDING = re.compile(rb'<c r="([A-Za-z]{1,4})([0-9]{1,9})"[^>/]*>')
    _PREFIXED = re.compile(rb"<[\w.-]+:c[\s>/]")
    _DETAIL_MARKS = (b"<f>", b"<f ", b"<f/", b't="e"')

    def __init__(self) -> None:
        self.extent = Extent()
        self.detail = False
        self._rest = b""
        self._columns: set[bytes] = set()

    def _needs_detail(self, text: bytes) -> bool:
        if any(mark in text for mark in self._DETAIL_MARKS):
            return True
        cells = text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/")
        return cells != text.count(b'<c r="') or self._PREFIXED.search(text) is not None

    def feed(self, chunk: bytes, last: bool = False) -> None:
        text = self._rest + chunk
        end = len(text) if last else text.rfind(b">") + 1
        text, self._rest = text[:end], text[end:]
        if self.detail or not text:
            return
        if self._needs_detail(text):
            self.detail = True
            return
        found = self._HOLDING.findall(text)
        if found:
            self.extent.rows = max(self.extent.rows, max(int(row) for _, row in found))
            self._columns.update(letters for letters, _ in found)

    def measured(self) -> _Cells:
        cells = _Cells()
        cells.extent = self.extent
        columns = [_column_number(c.decode("ascii")) for c in self._columns]
        cells.extent.columns = max(columns, default=0)
        return cells


def _quick(data: bytes, info: zipfile.ZipInfo) -> _Cells | None:
    """A sheet part measured the quick way, or None when it needs the detailed way."""
    parser = _parser(None)
    reach = _Reach()
    for chunk in _unpack(data, info):
        parser.feed(chunk)
        reach.feed(chunk)
    parser.close()
    reach.feed(b"", last=True)
    return None if reach.detail else reach.measured()


def _scan(name: str, data: bytes, info: zipfile.ZipInfo, xml: bool | None,
          cells: bool) -> _Cells:
    """Unpack one part in full; parse it with defusedxml when it is (or looks like) XML."""
    measure = _Cells()
    parser: DefusedXMLParser | None = None
    try:
        if cells and xml:
            quick = _quick(data, info)
            if quick is not None:
                return quick
        for chunk in _unpack(data, info):
            if xml is None:
                xml = _looks_like_xml(chunk[:64])
            if xml and parser is None:
                parser = _parser(measure if cells else None)
            if parser is not None:
                parser.feed(chunk)
        if parser is not None:
            parser.close()
        return measure
    except DefusedXmlException:
        raise FileFault(_xml_fault(name, info.filename)) from None
    except _TooBig:
        raise FileFault(bomb_message(name)) from None
    except (ExpatError, ParseError):
        if is_note_part(info.filename):  # notes are never read: badly formed ones do no harm
            return _Cells()
        raise FileFault(_damaged(name, info.filename)) from None
    except _Damaged:
        raise FileFault(_damaged(name, info.filename)) from None


_NOTE_PARTS = re.compile(r"xl/(comments[^/]*\.xml|threadedComments/[^/]+\.xml|persons/[^/]+\.xml"
                         r"|drawings/[^/]+\.vml)", re.IGNORECASE)


def is_note_part(part: str) -> bool:
    """Whether ``part`` holds notes or comments (and their drawings), which are never read."""
    return _NOTE_PARTS.fullmatch(part) is not None


def _parser(measure: _Cells | None) -> DefusedXMLParser:
    parser = DefusedXMLParser(target=_Nothing(), forbid_dtd=True)
    # ElementTree's Python-level default handler would be called for every tag and text
    # that has no handler of its own; the target builds nothing, so it has nothing to do
    # (defusedxml's DOCTYPE and ENTITY guards are handlers of their own, and stay).
    parser.parser.DefaultHandlerExpand = None
    if measure is not None:
        measure._parser = parser.parser
        parser.parser.StartElementHandler = measure.start
        parser.parser.EndElementHandler = measure.end
    return parser


def _check_parts(name: str, data: bytes, infos: list[zipfile.ZipInfo]) -> Container:
    sheets = _sheet_parts(name, data, {i.filename: i for i in infos})
    targets = set(sheets.values())
    container, reach = Container(), {}
    for info in infos:
        cells = info.filename in targets or not sheets  # unmapped: measure every part
        scanned = _scan(name, data, info, _is_xml(info.filename, targets), cells)
        reach[info.filename] = scanned
        container.widest.widen(scanned.extent)
    container.extents = {sheet: reach[part].extent if part in reach else container.widest
                         for sheet, part in sheets.items()}
    container.parts = dict(sheets)
    container.faults = {sheet: reach[part].faults for sheet, part in sheets.items()
                        if part in reach and reach[part].faults}
    return container


def _is_xml(part: str, sheet_targets: set[str]) -> bool | None:
    """True to parse as XML, False to unpack only (media), None to decide by content."""
    if part.endswith(_XML_NAMES) or part in sheet_targets:
        return True
    return False if part.startswith("xl/media/") else None


def _read_xml(name: str, data: bytes, info: zipfile.ZipInfo | None) -> Element | None:
    if info is None:
        return None
    try:
        root: Element = fromstring(b"".join(_unpack(data, info)), forbid_dtd=True)
        return root
    except DefusedXmlException:
        raise FileFault(_xml_fault(name, info.filename)) from None
    except _TooBig:
        raise FileFault(bomb_message(name)) from None
    except (_Damaged, ParseError, ExpatError):
        raise FileFault(_damaged(name, info.filename)) from None


def _sheet_parts(name: str, data: bytes, infos: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """Sheet name -> the zip part that holds it, from workbook.xml and its relationships."""
    book = _read_xml(name, data, infos.get("xl/workbook.xml"))
    rels = _read_xml(name, data, infos.get("xl/_rels/workbook.xml.rels"))
    if book is None or rels is None:
        return {}
    targets = {r.get("Id"): _resolve(r.get("Target", "")) for r in rels.iter()
               if r.tag.rpartition("}")[2] == "Relationship"}
    parts: dict[str, str] = {}
    for sheet in book.iter():
        rid = next((v for k, v in sheet.attrib.items() if k.rpartition("}")[2] == "id"), None)
        title = sheet.get("name")
        if sheet.tag.rpartition("}")[2] == "sheet" and rid in targets and title:
            parts[title] = targets[rid]
    return parts


def _resolve(target: str) -> str:
    path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(path)
