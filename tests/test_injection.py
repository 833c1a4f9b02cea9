"""Workbook text is shown as text: hostile cells never become markup or script in the pack.

Every free-text and names column of every workbook, and the school name, holds
all of :data:`adversarial.PAYLOADS` (see :func:`adversarial.write_injection_data`).
These tests read the pack's files; tests/browser/test_injection_in_browser.py
loads the same pack in Chromium.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from adversarial import (
    INJECTED_SITES,
    PAYLOADS,
    PIPELINE_SITE,
    SCHOOL_PAYLOAD_START,
    cached_pack,
    html_pages,
    injected,
    payload_cell,
    planted_markup,
    text_columns,
    write_injection_data,
)

from stockham_analytics.workbooks.schema import OBJECTIVES, REGISTER, SHEETS


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack built by the command line from the hostile data."""
    return cached_pack("injection", tmp_path_factory)[1]


class _Text(HTMLParser):
    """The text a reader sees: character data outside script, style and title."""

    HIDDEN = frozenset({"script", "style", "title", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    """The page's text with runs of white space made single spaces."""
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


def _summary(pack: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((pack / "summary.json").read_text(encoding="utf-8"))
    return data


def test_hostile_workbooks_hold_every_payload_as_typed_text(tmp_path: Path) -> None:
    """Each text cell of the hostile data is the payload text itself, stored as text (no formula)."""
    folder = write_injection_data(tmp_path / "data")
    wrong: list[str] = []
    for sheet in SHEETS:
        ws = openpyxl.load_workbook(folder / sheet.file)[sheet.name]
        headers = [c.value for c in ws[1]]
        for row in range(2, ws.max_row + 1):
            for column in text_columns(sheet):
                cell = ws.cell(row, headers.index(column.header) + 1)
                if (cell.value, cell.data_type) != (injected(sheet, column.header, row - 2), "s"):
                    wrong.append(f"{sheet.name}!{cell.coordinate}")
    assert wrong == []


def test_every_payload_is_in_every_hostile_cell() -> None:
    """A hostile cell holds all eight payloads, and each payload starts some cell."""
    cells = [payload_cell(n) for n in range(len(PAYLOADS))]
    assert (all(p in c for p in PAYLOADS for c in cells),
            sorted(c.split(" ")[0] for c in cells) == sorted(p.split(" ")[0] for p in PAYLOADS)) == (True, True)


def test_detector_finds_payloads_left_as_markup() -> None:
    """The markup detector flags raw payloads (so its silence on the pack means something)."""
    raw = f"<p>{payload_cell(0)}</p><a href='{PAYLOADS[3]}'>x</a><a href=' JavaScript:x'>y</a>"
    found = planted_markup(raw)
    kinds = sorted(f.split(" ")[0].split(">")[0] for f in found)
    assert kinds == ["<a", "<a", "<img", "<script", "<script", "<svg"]


def test_detector_ignores_escaped_payloads() -> None:
    """Payloads escaped as text, in elements or in attributes, are not flagged."""
    text = html.escape(payload_cell(0))
    assert planted_markup(f"<p>{text}</p><div title=\"{text}\"></div>") == []


@pytest.mark.slow
def test_no_page_holds_markup_a_payload_planted(pack: Path) -> None:
    """No page has a script, event handler or javascript: URL made from workbook text."""
    planted = {p.name: planted_markup(p.read_text(encoding="utf-8")) for p in html_pages(pack)}
    assert {name: found for name, found in planted.items() if found} == {}


@pytest.mark.slow
def test_overview_shows_the_school_and_site_names_as_text(pack: Path) -> None:
    """The overview's text holds the hostile school name and every site name, character for character."""
    text = visible_text(pack / "index.html")
    names = [payload_cell(SCHOOL_PAYLOAD_START)] + [
        injected(REGISTER, "Site name", n) for n in range(len(INJECTED_SITES) + 1)]
    assert [name for name in names if name not in text] == []


@pytest.mark.slow
def test_site_pages_show_name_aims_and_objective_as_text(pack: Path) -> None:
    """Each site page's text holds its hostile site name, aims and objective exactly."""
    missing: dict[str, list[str]] = {}
    for n, site in enumerate(INJECTED_SITES):
        text = visible_text(pack / "sites" / f"{site}.html")
        wanted = {"Site name": injected(REGISTER, "Site name", n),
                  "Aims": injected(REGISTER, "Aims", n),
                  "Objective": injected(OBJECTIVES, "Objective", n)}
        absent = [header for header, value in wanted.items() if value not in text]
        if absent:
            missing[site] = absent
    assert missing == {}


@pytest.mark.slow
def test_summary_json_keeps_hostile_text_exactly(pack: Path) -> None:
    """summary.json holds the school name, site names and objective ids exactly as typed."""
    summary = _summary(pack)
    got = (summary["school"], [s["site_name"] for s in summary["sites"]],
           [[o["objective_id"] for o in s["objectives"]] for s in summary["sites"]],
           [p["site_id"] for p in summary["pipeline"]])
    want = (payload_cell(SCHOOL_PAYLOAD_START),
            [injected(REGISTER, "Site name", n) for n in range(len(INJECTED_SITES))],
            [[injected(OBJECTIVES, "Objective ID", n)] for n in range(len(INJECTED_SITES))],
            [PIPELINE_SITE])
    assert got == want
