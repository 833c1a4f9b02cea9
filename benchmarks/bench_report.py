"""How long does the governors' pack take, against the floor of running any notebook?

Run: ``.venv/bin/python benchmarks/bench_report.py``. It writes synthetic data
folders of 5, 25 and 100 Live sites (four terms each, two objectives and one
activity row per site per term, a breach for every other site each term) to a
temporary folder, builds the Autumn 2026 pack of each with ``build_report``
(in-process, after one warm-up build), and in the same run times the floor:
papermill executing a one-cell notebook in a fresh kernel. It prints a table
and checks the targets:

- the 25-site pack takes at most 8 x the floor;
- each extra site adds at most a quarter of the floor (between 5 and 25 sites,
  and between 25 and 100);
- peak memory (ru_maxrss of this process and, separately, of its largest child
  kernel) stays under 1 GB.

Exit status 0 when every target is met, 1 otherwise. Timings are the best of
``REPEATS`` runs; the machine's other load shows up as noise, so run it on a
quiet machine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from builders import activity_row, breach_row, objective_row, site_row, write_data  # noqa: E402

from stockham_analytics.pack.build import build_report  # noqa: E402
from stockham_analytics.terms import Term  # noqa: E402

SIZES = (5, 25, 100)
REPEATS = 2
TERMS = (Term(2025, 2), Term(2026, 0), Term(2026, 1), Term(2026, 2))
REPORT_TERM = Term(2026, 2)
GB = 1024**3


def _site(n: int) -> dict[str, object]:
    return site_row(**{
        "Site ID": f"SM-{n:03d}", "Site name": f"Synthetic site {n}",
        "Go-live date": dt.date(2025, 7, 1), "Line manager approved": dt.date(2025, 6, 1),
        "Data Controller approved": dt.date(2025, 6, 8), "Head Teacher approved": dt.date(2025, 6, 15),
    })


def _term_rows(n: int, term: Term, k: int) -> tuple[list[dict[str, object]], dict[str, object]]:
    site = f"SM-{n:03d}"
    objectives = [
        objective_row(**{"Site ID": site, "Objective ID": "O1", "Term": term.name,
                         "Target": 40, "Actual": 30 + (n + k) % 15}),
        objective_row(**{"Site ID": site, "Objective ID": "O2", "Objective": "Grow followers",
                         "Term": term.name, "Target": 100, "Actual": 60 + (n * 7 + k) % 50}),
    ]
    last_post = min(dt.date(term.year, 12, 15) if term.index == 2 else
                    dt.date(term.year, 3 if term.index == 0 else 7, 15), dt.date(2026, 12, 15))
    activity = activity_row(**{"Site ID": site, "Term": term.name, "Posts": 20 + (n + k) % 30,
                               "Followers": 100 + 10 * k + n, "Last post date": last_post})
    return objectives, activity


def _breaches(sites: int) -> list[dict[str, object]]:
    rows = []
    for k, term in enumerate(TERMS):
        start = dt.date(term.year, (1, 4, 9)[term.index], 10)
        for n in range(1, sites + 1, 2):
            day = start + dt.timedelta(days=n % 20)
            rows.append(breach_row(**{
                "Breach ID": f"B-{k}-{n:03d}", "Site ID": f"SM-{n:03d}",
                "Date occurred": day, "Date identified": day, "Date reported": day,
                "Date closed": day + dt.timedelta(days=5), "Policy clause": ("6.6", "A5.6", "6.9")[n % 3],
            }))
    return rows


def write_synthetic(folder: Path, sites: int) -> Path:
    """A data folder of ``sites`` Live sites over the four terms."""
    objectives: list[dict[str, object]] = []
    activity: list[dict[str, object]] = []
    for n in range(1, sites + 1):
        for k, term in enumerate(TERMS):
            rows, act = _term_rows(n, term, k)
            objectives += rows
            activity.append(act)
    return write_data(folder, register=[_site(n) for n in range(1, sites + 1)],
                      breaches=_breaches(sites), objectives=objectives, activity=activity)


def best_of(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """The shortest wall time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def floor(folder: Path) -> float:
    """papermill executing a one-cell notebook (a fresh kernel each time)."""
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / "one_cell.ipynb"
    nbformat.write(book, str(path))

    def run() -> None:
        papermill.execute_notebook(str(path), str(folder / "one_cell.out.ipynb"), progress_bar=False)

    run()  # warm-up: imports
    return best_of(run, 3)


def pack_time(data: Path, out: Path) -> float:
    """Build the Autumn 2026 pack of ``data`` into ``out`` (replacing it each run)."""
    return best_of(lambda: build_report(data, REPORT_TERM, out))


def cold_cli(data: Path, out: Path) -> float:
    """The whole command as the business manager runs it, imports and all."""
    command = [str(Path(sys.executable).parent / "stockham-analytics"), "report", "--data",
               str(data), "--term", REPORT_TERM.name, "--out", str(out), "--quiet"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def peak_memory() -> tuple[int, int]:
    """Peak resident memory in bytes: this process, and its largest finished child."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return me, children


def main() -> int:
    """Run the benchmark, print the table, return 0 when every target is met."""
    with tempfile.TemporaryDirectory(prefix="stockham-bench-") as tmp:
        base = Path(tmp)
        data = {n: write_synthetic(base / f"data-{n}", n) for n in SIZES}
        build_report(data[5], REPORT_TERM, base / "warm-up")
        floor_s = floor(base)
        times = {n: pack_time(data[n], base / f"pack-{n}") for n in SIZES}
        cold = cold_cli(data[25], base / "cli-25")
        pages = {n: len(list((base / f"pack-{n}" / "sites").glob("*.html"))) + 1 for n in SIZES}
    me, child = peak_memory()
    print(f"floor (papermill, one-cell notebook): {floor_s:.2f} s")
    print(f"{'sites':>6} {'pages':>6} {'pack s':>8} {'x floor':>8} {'s / site':>9}")
    for n in SIZES:
        print(f"{n:>6} {pages[n]:>6} {times[n]:>8.2f} {times[n] / floor_s:>8.1f} {times[n] / n:>9.3f}")
    print(f"25-site pack from a cold command line: {cold:.2f} s")
    print(f"peak memory: this process {me / 2**20:.0f} MB, largest child {child / 2**20:.0f} MB")
    return report_targets(floor_s, times, me, child)


def report_targets(floor_s: float, times: dict[int, float], me: int, child: int) -> int:
    """Print each target with PASS or FAIL; 0 when all pass."""
    slopes = {(a, b): (times[b] - times[a]) / (b - a) for a, b in itertools.pairwise(SIZES)}
    targets = [(f"25 sites within 8 x floor ({8 * floor_s:.2f} s)", times[25] <= 8 * floor_s)]
    targets += [(f"{a}->{b} sites: {s:.3f} s per extra site <= floor/4 ({floor_s / 4:.3f} s)",
                 s <= floor_s / 4) for (a, b), s in slopes.items()]
    targets.append(("peak memory under 1 GB", me < GB and child < GB))
    for text, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for _, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
