"""Which reader should load the workbooks? Times four on the same files.

Run: ``.venv/bin/python benchmarks/bench_readers.py``. It writes its test
workbooks to a temporary folder (nothing in the repository) and prints a
table of the best of several runs for each reader on:

- a synthetic register of 2000 rows x 50 columns (text, dates, numbers);
- a demo-size register of 12 rows with the real headers;
- the demo data in ``data/`` when it exists.

The readers: openpyxl in read-only mode, pandas ``read_excel`` with the
openpyxl engine, pandas with the calamine engine, and python_calamine itself.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import python_calamine

from stockham_analytics.workbooks.schema import REGISTER

REPEATS = 5


def _synthetic(path: Path, rows: int, cols: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    sheet.append([f"Column {c}" for c in range(cols)])
    for r in range(rows):
        cells: list[object] = []
        for c in range(cols):
            kind = c % 4
            if kind == 0:
                cells.append(f"text {r}-{c}")
            elif kind == 1:
                cells.append(dt.date(2026, 1, 1) + dt.timedelta(days=(r + c) % 365))
            elif kind == 2:
                cells.append(r * 0.5 + c)
            else:
                cells.append("Y" if (r + c) % 2 else None)
        sheet.append(cells)
    book.save(path)
    return path


def _demo_size(path: Path) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    sheet.append([c.header for c in REGISTER.columns])
    for r in range(12):
        sheet.append([f"v{r}" if c.kind != "date" else dt.date(2026, 6, 1 + r)
                      for c in REGISTER.columns])
    book.save(path)
    return path


def _openpyxl(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(len(list(ws.iter_rows(values_only=True))) for ws in book.worksheets)
    finally:
        book.close()


def _pandas(engine: str) -> Callable[[Path], int]:
    def read(path: Path) -> int:
        frames = pd.read_excel(path, sheet_name=None, header=None, engine=engine)
        return sum(len(f) for f in frames.values())

    return read


def _calamine(path: Path) -> int:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return sum(len(book.get_sheet_by_name(n).to_python(skip_empty_area=False))
                   for n in book.sheet_names)
    finally:
        book.close()


READERS: dict[str, Callable[[Path], int]] = {
    "openpyxl read_only": _openpyxl,
    "pandas + openpyxl": _pandas("openpyxl"),
    "pandas + calamine": _pandas("calamine"),
    "python_calamine": _calamine,
}


def _best(reader: Callable[[Path], int], files: list[Path]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for f in files:
            reader(f)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print a table of best-of-N times in milliseconds."""
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "2000 x 50 register": [_synthetic(Path(tmp) / "big.xlsx", 2000, 50)],
            "12-row register": [_demo_size(Path(tmp) / "small.xlsx")],
        }
        demo = sorted(Path("data").glob("*.xlsx"))
        if demo:
            cases["data/*.xlsx (demo)"] = demo
        print(f"{'reader':<22}" + "".join(f"{name:>22}" for name in cases))
        for label, reader in READERS.items():
            times = [_best(reader, files) * 1000 for files in cases.values()]
            print(f"{label:<22}" + "".join(f"{t:>19.1f} ms" for t in times))


if __name__ == "__main__":
    main()
