"""Big inputs (issue 11): how long and how much memory does validating 50,000 breach rows take?

Target on the project's 2-core machine: under 5 s and under 400 MB peak RSS.

Run: ``.venv/bin/python benchmarks/bench_big.py [ROWS]`` (default 50000). Writes
a data folder with one site and ROWS valid breach rows into a temporary folder
(openpyxl's write-only mode), then runs ``stockham-analytics validate`` on it
as a subprocess, three times, and prints the wall time and the peak resident
memory (``ru_maxrss`` of the child) of each run. Nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import as_cells, breach_row, write_data  # noqa: E402

from stockham_analytics.workbooks.schema import BREACHES  # noqa: E402

RUNS = 3
CLI = Path(sys.executable).parent / "stockham-analytics"


def write_breaches(path: Path, rows: int) -> None:
    """A breach log of ``rows`` valid rows (each its own Breach ID)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Breaches")
    sheet.append([c.header for c in BREACHES.columns])
    base = dt.date(2026, 9, 1)
    for number in range(rows):
        day = base + dt.timedelta(days=number % 100)
        sheet.append(as_cells(BREACHES, breach_row(**{
            "Breach ID": f"B-{number:06d}", "Date occurred": day, "Date identified": day,
            "Date reported": day, "Date closed": day + dt.timedelta(days=3)})))
    book.save(path)


def measure(folder: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB and exit code of one validate run in a fresh
    process (CPU time is the figure to trust on a busy machine)."""
    script = ("import resource, subprocess, sys\n"
              "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
              "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "print(use.ru_maxrss, use.ru_utime + use.ru_stime, code)\n")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script, str(CLI), "validate", "--data",
                             str(folder)], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    peak_kb, cpu, code = result.stdout.split()
    return seconds, float(cpu), int(peak_kb) / 1024, int(code)


def main() -> None:
    """Print the figures of each run."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as temp:
        folder = write_data(Path(temp) / "data")
        start = time.perf_counter()
        write_breaches(folder / "breach_log.xlsx", rows)
        size = (folder / "breach_log.xlsx").stat().st_size
        print(f"wrote {rows:,} breach rows ({size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
        for run in range(1, RUNS + 1):
            seconds, cpu, peak, code = measure(folder)
            print(f"run {run}: validate exit {code}, {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
