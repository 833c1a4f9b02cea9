"""Hostile inputs and the packs built from them, shared by the proof tests.

* :data:`PAYLOADS`: script-injection attempts; :func:`write_injection_data` puts
  ALL of them into EVERY free-text and names column of every workbook (and the
  school name in ``school.toml``), each cell starting with a different payload
  so that the ones that only work at the start of a value (``javascript:``,
  ``=HYPERLINK``) are tried there in every column.
* :data:`MARKER_TOKENS`: made-up words written into every names column and
  every breach Description by :func:`write_personal_data`; none may reach a pack.
* :func:`run_report` runs the real command line; :func:`cached_pack` builds
  each kind of pack once per test session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from builders import activity_row, breach_row, objective_row, site_row, write_data

from stockham_analytics.workbooks.schema import BREACHES, OBJECTIVES, REGISTER, SHEETS, Column, Sheet

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA = ROOT / "data"
TERM = "Autumn 2026"
BUILD_TIMEOUT_S = 900

# --------------------------------------------------------------------------- injection

#: Each payload sets ``window.__pwned`` (to its own number) if it ever runs.
PAYLOADS: tuple[str, ...] = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload=window.__pwned=3>',
    "javascript:window.__pwned=4",
    "</script><script>window.__pwned=5</script>",
    "[click](javascript:window.__pwned=6)",
    "{{7*7}}",
    '=HYPERLINK("http://x")',
)

#: The school name, from ``school.toml``, is shown on every page: it is hostile too.
SCHOOL_PAYLOAD_START = 0


def payload_cell(start: int) -> str:
    """Every payload, space-separated, starting with ``PAYLOADS[start % n]``."""
    n = len(PAYLOADS)
    return " ".join(PAYLOADS[(start + i) % n] for i in range(n))


def text_columns(sheet: Sheet) -> tuple[Column, ...]:
    """The columns of ``sheet`` that hold free text or names (where any text is allowed)."""
    return tuple(c for c in sheet.columns if c.kind in ("text", "names"))


def _hostile(sheet: Sheet, row: int, base: Mapping[str, object]) -> dict[str, object]:
    """``base`` with a payload cell in every text and names column (rotated by row and column)."""
    cells = dict(base)
    for index, column in enumerate(text_columns(sheet)):
        cells[column.header] = payload_cell(row + index)
    return cells


def injected(sheet: Sheet, header: str, row: int) -> str:
    """The text :func:`write_injection_data` put in ``header`` of data row ``row`` (0-based)."""
    index = [c.header for c in text_columns(sheet)].index(header)
    return payload_cell(row + index)


INJECTED_SITES: tuple[str, ...] = ("INJ-1", "INJ-2", "INJ-3")
PIPELINE_SITE = "INJ-P"


def _injected_register() -> list[dict[str, object]]:
    third_party = {"Host": "Third party", "Platform minimum age": 13}
    rows = [_hostile(REGISTER, n, site_row(**{"Site ID": sid, **third_party}))
            for n, sid in enumerate(INJECTED_SITES)]
    pipeline = site_row(**{"Site ID": PIPELINE_SITE, "Status": "Proposed", "Go-live date": None,
                           "Head Teacher approved": None})
    rows.append(_hostile(REGISTER, len(rows), pipeline))
    return rows


def _injected_breaches() -> list[dict[str, object]]:
    return [_hostile(BREACHES, n, breach_row(**{"Site ID": sid, "Safeguarding concern": "Y" if n == 0 else "N"}))
            for n, sid in enumerate(INJECTED_SITES)]


def _injected_objectives() -> list[dict[str, object]]:
    return [_hostile(OBJECTIVES, n, objective_row(**{"Site ID": sid, "Actual": 20 + 10 * n}))
            for n, sid in enumerate(INJECTED_SITES)]


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=True)


def write_injection_data(folder: Path) -> Path:
    """A valid data folder with every payload in every text column and the school name."""
    write_data(
        folder,
        register=_injected_register(),
        breaches=_injected_breaches(),
        objectives=_injected_objectives(),
        activity=[activity_row(**{"Site ID": sid}) for sid in INJECTED_SITES],
        school_toml=f"[school]\nname = {toml_string(payload_cell(SCHOOL_PAYLOAD_START))}\n",
    )
    keep_as_text(folder)
    return folder


def keep_as_text(folder: Path) -> None:
    """Store every formula-looking cell (``=HYPERLINK(...)``) as the text typed, as Excel would
    after a leading apostrophe; openpyxl otherwise writes text starting with ``=`` as a formula."""
    for book_path in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(book_path)
        changed = False
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
                        changed = True
        if changed:
            book.save(book_path)


# --------------------------------------------------------------------------- personal data


def person(tag: str) -> str:
    """A made-up person whose two names are marker words: ``Zqauthor1first Zqauthor1last``."""
    return f"Zq{tag}first Zq{tag}last"


NAMES_COLUMNS: dict[str, tuple[str, ...]] = {
    sheet.name: tuple(c.header for c in sheet.columns if c.kind == "names") for sheet in SHEETS
}


def _names_cells(sheet: Sheet, row: int) -> dict[str, object]:
    """A distinct pair of marker people in every names column of ``sheet`` for ``row``."""
    cells: dict[str, object] = {}
    for header in NAMES_COLUMNS[sheet.name]:
        tag = "".join(ch for ch in header.lower() if ch.isalpha()) + str(row)
        cells[header] = f"{person(tag + 'a')}; {person(tag + 'b')}"
    return cells


def description(row: int) -> str:
    """A breach Description made of marker words."""
    return (f"Zqdesc{row}secret: a pupil at Quimbleford{row} Lane was messaged about "
            f"Zqdesc{row}detail")


PERSONAL_SITES: tuple[str, ...] = ("PD-1", "PD-2")


def _personal_register() -> list[dict[str, object]]:
    outside = {"Contributors: Public": "Y"}  # so External vetting by is asked for (VETTING)
    rows = [site_row(**{"Site ID": sid, **outside, **_names_cells(REGISTER, n)})
            for n, sid in enumerate(PERSONAL_SITES)]
    rows.append(site_row(**{"Site ID": "PD-P", "Status": "Approved", "Go-live date": None,
                            **_names_cells(REGISTER, len(rows))}))
    return rows


def _personal_breaches() -> list[dict[str, object]]:
    kinds: list[dict[str, object]] = [
        {"Site ID": "PD-1", "Safeguarding concern": "Y", "Referred to": "LADO",
         "Date referred": dt.date(2026, 10, 2), "Content removed": dt.date(2026, 10, 2),
         "Severity": "High"},
        {"Site ID": "PD-2", "Staff group": "Contractor", "Outcome": "Under investigation",
         "Date closed": None},
        {"Site ID": None, "Policy clause": "A5.6", "Severity": "Medium"},
    ]
    return [breach_row(**{"Breach ID": f"B-{n + 1:03d}", **kind, "Description": description(n),
                          **_names_cells(BREACHES, n)})
            for n, kind in enumerate(kinds)]


def write_personal_data(folder: Path) -> Path:
    """A valid data folder with marker people in every names column and marker Descriptions."""
    return write_data(
        folder,
        register=_personal_register(),
        breaches=_personal_breaches(),
        objectives=[objective_row(**{"Site ID": sid}) for sid in PERSONAL_SITES],
        activity=[activity_row(**{"Site ID": sid}) for sid in PERSONAL_SITES],
    )


def marker_tokens() -> tuple[str, ...]:
    """Every marker word :func:`write_personal_data` writes, lower-case."""
    words: set[str] = set()
    rows = {REGISTER.name: len(PERSONAL_SITES) + 1, BREACHES.name: 3}
    for sheet_name, count in rows.items():
        for n in range(count):
            for header in NAMES_COLUMNS[sheet_name]:
                tag = "".join(ch for ch in header.lower() if ch.isalpha()) + str(n)
                for who in "ab":
                    words.update(person(tag + who).lower().split())
    for n in range(rows[BREACHES.name]):
        words.update({f"zqdesc{n}secret", f"quimbleford{n}", f"zqdesc{n}detail"})
    return tuple(sorted(words))


MARKER_TOKENS = marker_tokens()


def leaks(text: str, tokens: tuple[str, ...] = MARKER_TOKENS) -> list[str]:
    """The marker words found in ``text`` (case-insensitive)."""
    lowered = text.lower()
    return [t for t in tokens if t in lowered]


def personal_cells(folder: Path) -> dict[str, list[str]]:
    """Every non-blank personal cell (names columns and Description) by 'Sheet/Header'."""
    cells: dict[str, list[str]] = {}
    for sheet in SHEETS:
        book = openpyxl.load_workbook(folder / sheet.file, read_only=True)
        try:
            rows = list(book[sheet.name].iter_rows(values_only=True))
        finally:
            book.close()
        headers = [str(h).strip() if h is not None else "" for h in rows[0]]
        for column in (c for c in sheet.columns if c.personal):
            index = headers.index(column.header)
            cells[f"{sheet.name}/{column.header}"] = [str(r[index]) for r in rows[1:]
                                                      if index < len(r) and r[index] not in (None, "")]
    return cells


def demo_personal_texts() -> list[str]:
    """The demo data's names (as typed, and without a title) and Descriptions."""
    texts: set[str] = set()
    for key, values in personal_cells(DEMO_DATA).items():
        for value in values:
            if key.endswith("/Description"):
                texts.add(value.strip())
                continue
            for name in (n.strip() for n in re.split(r"[;\n]", value) if n.strip()):
                texts.add(name)
                texts.add(re.sub(r"^(mr|mrs|ms|miss|dr|mx|prof)\.?\s+", "", name, flags=re.IGNORECASE))
    return sorted(texts)


# --------------------------------------------------------------------------- the command line


def cli() -> list[str]:
    """The installed ``stockham-analytics`` command of the running environment."""
    script = Path(sys.executable).parent / "stockham-analytics"
    return [str(script)] if script.exists() else [sys.executable, "-m", "stockham_analytics.cli"]


def report_command(data: Path, out: Path, term: str = TERM) -> list[str]:
    """The command line that builds ``term``'s pack from ``data`` into ``out``."""
    return [*cli(), "report", "--data", str(data), "--term", term, "--out", str(out), "--quiet",
            "--as-of", "2026-12-31"]


def run_report(data: Path, out: Path, *, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``stockham-analytics report``; returns the finished process."""
    return subprocess.run(
        report_command(data, out), capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
        env=None if env is None else {**os.environ, **env}, check=False,
    )


@dataclass
class _Cached:
    data: Path | None = None
    pack: Path | None = None
    error: str | None = None


_PACKS: dict[str, _Cached] = {}

#: How to prepare each kind of pack's data folder (the demo data is used as it is).
WRITERS: dict[str, Callable[[Path], Path] | None] = {
    "demo": None,
    "injection": write_injection_data,
    "personal": write_personal_data,
}


def cached_pack(kind: str, factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data folder, pack folder) for ``kind``, built once per test session."""
    entry = _PACKS.get(kind)
    if entry is None:
        entry = _PACKS[kind] = _Cached()
        base = factory.mktemp(f"pack-{kind}")
        writer = WRITERS[kind]
        entry.data = DEMO_DATA if writer is None else writer(base / "data")
        done = run_report(entry.data, base / "pack")
        if done.returncode == 0:
            entry.pack = base / "pack"
        else:
            entry.error = f"exited {done.returncode}:\n{done.stderr}\n{done.stdout}"
    if entry.error is not None:
        pytest.fail(f"building the {kind} pack failed: stockham-analytics report {entry.error}")
    assert entry.data is not None and entry.pack is not None
    return entry.data, entry.pack


# --------------------------------------------------------------------------- packs on disk


def pack_files(pack: Path) -> dict[str, bytes]:
    """Every file of ``pack`` (relative path -> bytes), hidden files included."""
    return {p.relative_to(pack).as_posix(): p.read_bytes()
            for p in sorted(pack.rglob("*")) if p.is_file()}


def fingerprint(pack: Path) -> dict[str, str]:
    """Every file of ``pack`` with the SHA-256 of its bytes."""
    return {name: hashlib.sha256(body).hexdigest() for name, body in pack_files(pack).items()}


def html_pages(pack: Path) -> list[Path]:
    """``index.html`` then every ``sites/*.html`` of ``pack``."""
    return [pack / "index.html", *sorted((pack / "sites").glob("*.html"))]


def summary_site_ids(pack: Path) -> list[str]:
    """The Site IDs ``summary.json`` lists."""
    summary = json.loads((pack / "summary.json").read_text(encoding="utf-8"))
    return [site["site_id"] for site in summary["sites"]]


def missing_from_pack(pack: Path) -> list[str]:
    """What a complete pack needs and ``pack`` lacks (empty for a complete pack)."""
    needed = ["index.html", "summary.json"]
    if (pack / "summary.json").is_file():
        needed += [f"sites/{sid}.html" for sid in summary_site_ids(pack)]
    return [name for name in needed if not (pack / name).is_file()]


# --------------------------------------------------------------------------- markup a payload planted


class _Planted(HTMLParser):
    """Finds elements and attributes a payload would have created, as a browser parses the page."""

    URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "__pwned" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            code = "".join(self._script).strip()
            if re.fullmatch(r"window\.__pwned=\d", code):
                self.found.append(f"<script>{code}</script>")
            self._script = None


def planted_markup(page: str) -> list[str]:
    """Elements or attributes in ``page`` that a payload created (empty when all stayed text)."""
    parser = _Planted()
    parser.feed(page)
    parser.close()
    return parser.found


# --------------------------------------------------------------------------- the generation stamp

#: The only part of a page allowed to differ between two runs on the same inputs: the day the
#: pack was generated, as the page template writes it in the header ("· generated 24 Nov 2026")
#: and in the footer ("Built by stockham-analytics 0.1.0 on 24 Nov 2026"). Only a date in the
#: page's own format (day, three-letter month, year) right after those words is replaced.
GENERATED = re.compile(
    rb"(\bgenerated |\bBuilt by stockham-analytics [0-9A-Za-z.+-]+ on )\d{1,2} [A-Z][a-z]{2} \d{4}\b"
)


def without_stamp(page: bytes) -> tuple[bytes, int]:
    """``page`` with each generation date replaced by ``<DATE>``, and how many were replaced."""
    return GENERATED.subn(rb"\1<DATE>", page)


#: nbconvert's notebook cell ids (``<div id="cell-id=34ebc7e1" ...>``). Only the crash test
#: ignores them, so that it tests crash safety alone; test_determinism does not.
CELL_ID = re.compile(rb'id="cell-id=[0-9A-Za-z_-]+"')


def normalised_fingerprint(pack: Path, *, ignore_cell_ids: bool = False) -> dict[str, str]:
    """Every file of ``pack`` with the SHA-256 of its bytes, HTML pages without their stamp
    (and, if asked, without nbconvert's cell ids)."""
    prints: dict[str, str] = {}
    for name, body in pack_files(pack).items():
        if name.endswith(".html"):
            body = without_stamp(body)[0]
            if ignore_cell_ids:
                body = CELL_ID.sub(b'id="cell-id="', body)
        prints[name] = hashlib.sha256(body).hexdigest()
    return prints
