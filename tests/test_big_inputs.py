"""Big and odd inputs: 100,000 rows, limits that never advise deleting records, school.toml."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from builders import rewrite_zip, write_data

from stockham_analytics.errors import Problem
from stockham_analytics.workbooks.container import MAX_ROWS, Extent
from stockham_analytics.workbooks.load import load_dataset, validate

LOG = "breach_log.xlsx"
SHEET = "xl/worksheets/sheet1.xml"


def test_a_sheet_of_100000_records_is_within_the_limit() -> None:
    """100,000 rows under the headers of the widest sheet (46 columns) may be read."""
    assert MAX_ROWS >= 100_001 and not Extent(100_001, 46).too_big


def test_the_limit_never_advises_deleting_records(tmp_path: Path) -> None:
    """A value beyond the limit: the message says to keep every record, not to delete rows."""
    folder = write_data(tmp_path)
    rewrite_zip(folder / LOG, lambda parts: {**parts, SHEET: parts[SHEET].replace(
        b"</sheetData>", f'<row r="{MAX_ROWS + 1}"><c r="A{MAX_ROWS + 1}" t="inlineStr">'
                         f'<is><t>B-999</t></is></c></row></sheetData>'.encode())})
    problem = next(p for p in validate(folder) if p.file == LOG)
    assert problem.cell == f"Q{MAX_ROWS + 1}"  # as Ctrl+End: the last column, the last row
    assert "delete the rows" not in problem.message.lower()
    assert "keep every one of them" in problem.message


def _in_time(folder: Path, seconds: float = 20) -> list[Problem]:
    """validate(folder) run in a thread that must finish within ``seconds`` (no hang)."""
    result: list[list[Problem]] = []
    worker = threading.Thread(target=lambda: result.append(validate(folder)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, "validate did not finish: it is waiting on school.toml"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_school_toml_that_is_a_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    """A named pipe called school.toml is refused at once (opening it would wait forever)."""
    folder = write_data(tmp_path)
    os.mkfifo(folder / "school.toml")
    problems = _in_time(folder)
    assert [(p.file, p.severity) for p in problems] == [("school.toml", "error")]
    assert "named pipe (FIFO)" in problems[0].message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_school_toml_linked_to_a_device_is_refused(tmp_path: Path) -> None:
    """school.toml -> /dev/zero (an endless file) is refused as a device, memory intact."""
    folder = write_data(tmp_path)
    (folder / "school.toml").symlink_to("/dev/zero")
    problems = _in_time(folder)
    assert len(problems) == 1 and "is a device" in problems[0].message


def test_school_toml_larger_than_any_settings_file_is_refused(tmp_path: Path) -> None:
    """A 1 MB school.toml is refused without being parsed."""
    folder = write_data(tmp_path, school_toml="# padding\n" * 100_000)
    problems = validate(folder)
    assert len(problems) == 1 and "far larger than a settings file" in problems[0].message


def test_term_keys_that_differ_only_in_case_are_an_error(tmp_path: Path) -> None:
    """[terms."Spring 2027"] and [terms."spring 2027"]: an error, not the later silently."""
    folder = write_data(tmp_path, school_toml=(
        '[terms."Spring 2027"]\nstart = 2027-01-04\n[terms."spring 2027"]\nstart = 2027-01-06\n'))
    problems = validate(folder)
    assert len(problems) == 1
    assert problems[0].column == 'terms."spring 2027"'
    assert 'same term' in problems[0].message and '[terms."Spring 2027"]' in problems[0].message


def _breach_rows_xml(count: int) -> bytes:
    """``count`` valid breach rows as sheet XML (inline strings, dates as Excel serials)."""
    rows = []
    for n in range(2, count + 2):
        cells = (f'<c r="A{n}" t="inlineStr"><is><t>B-{n:06d}</t></is></c>'
                 f'<c r="B{n}" s="1"><v>46280</v></c><c r="C{n}" s="1"><v>46281</v></c>'
                 f'<c r="F{n}" t="inlineStr"><is><t>Teaching staff</t></is></c>'
                 f'<c r="G{n}" t="inlineStr"><is><t>6.6</t></is></c>'
                 f'<c r="I{n}" t="inlineStr"><is><t>Low</t></is></c>'
                 f'<c r="N{n}" t="inlineStr"><is><t>Advice and guidance</t></is></c>')
        rows.append(f'<row r="{n}">{cells}</row>')
    return "".join(rows).encode()


@pytest.mark.slow
def test_100000_breach_rows_are_read(tmp_path: Path) -> None:
    """A breach log of 100,000 records is read whole (no limit message, every row loaded)."""
    folder = write_data(tmp_path)

    def grow(parts: dict[str, bytes]) -> dict[str, bytes]:
        styles = parts["xl/styles.xml"]
        if b'numFmtId="14"' not in styles:  # a date style for s="1"
            styles = styles.replace(b'<cellXfs count="1">', b'<cellXfs count="2">').replace(
                b"</cellXfs>", b'<xf numFmtId="14" applyNumberFormat="1"/></cellXfs>')
        return {**parts, "xl/styles.xml": styles,
                SHEET: parts[SHEET].replace(b"</sheetData>",
                                            _breach_rows_xml(100_000) + b"</sheetData>")}

    rewrite_zip(folder / LOG, grow)
    dataset = load_dataset(folder)
    assert len(dataset.breaches) == 100_000
    assert dataset.breaches[-1].breach_id == "B-100001"
