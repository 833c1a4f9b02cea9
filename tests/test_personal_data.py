"""No name from a names column and no breach Description reaches any file of the pack (spec 7).

The marker data (:func:`adversarial.write_personal_data`) puts two made-up
people, whose names are marker words, in every names column of every row, and
marker words in every Description; the demo data's own names and Descriptions
are checked too. tests/browser/test_personal_data_in_browser.py checks what the
pages hold once loaded (rendered DOM and chart data).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from adversarial import (
    NAMES_COLUMNS,
    PERSONAL_SITES,
    cached_pack,
    demo_personal_texts,
    leaks,
    pack_files,
    person,
    personal_cells,
    write_personal_data,
)


@pytest.fixture(scope="module")
def marker_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack built by the command line from the marker data."""
    return cached_pack("personal", tmp_path_factory)[1]


def test_marker_data_fills_every_names_column_and_description(tmp_path: Path) -> None:
    """Every personal column of every row of the marker data holds marker words."""
    cells = personal_cells(write_personal_data(tmp_path / "data"))
    expected = {f"{s}/{h}" for s, headers in NAMES_COLUMNS.items() for h in headers}
    expected |= {"Breaches/Description"}
    unmarked = {k: v for k, v in cells.items() if not v or any(not leaks(x) for x in v)}
    assert (set(cells), unmarked) == (expected, {})


def test_leak_finder_finds_a_marker_in_any_case() -> None:
    """The leak finder spots a marker word whatever its case (so its silence means something)."""
    assert leaks(f"<td>{person('author0a').upper()}</td>") == ["zqauthor0afirst", "zqauthor0alast"]


@pytest.mark.slow
def test_marker_pack_covers_the_marked_records(marker_pack: Path) -> None:
    """The marker data reached the report: its sites and its three breaches are counted."""
    summary = json.loads((marker_pack / "summary.json").read_text(encoding="utf-8"))
    assert ([s["site_id"] for s in summary["sites"]], summary["breaches"]["total"]) == (
        list(PERSONAL_SITES), 3)


@pytest.mark.slow
def test_no_file_of_the_pack_holds_a_marker(marker_pack: Path) -> None:
    """No file of the pack (pages, summary.json, hidden files) holds any marker word."""
    files = pack_files(marker_pack)
    found = {name: leaks(body.decode("utf-8", errors="replace")) for name, body in files.items()}
    assert (len(files) > 2, {k: v for k, v in found.items() if v}) == (True, {})


@pytest.mark.slow
def test_no_file_of_the_demo_pack_holds_a_demo_name_or_description(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The demo pack holds none of the demo workbooks' names or Descriptions."""
    texts = [t.lower() for t in demo_personal_texts()]
    files = pack_files(cached_pack("demo", tmp_path_factory)[1])
    found = {}
    for name, body in files.items():
        lowered = body.decode("utf-8", errors="replace").lower()
        found[name] = [t for t in texts if t in lowered]
    assert (len(texts) > 10, {k: v for k, v in found.items() if v}) == (True, {})
