"""How long does validating a data folder take? (Spec: well under a second.)

Run: ``.venv/bin/python benchmarks/bench_load.py [DATA_DIR]`` (default ``data``).
Prints the time to import the loader and the best of five ``load_dataset``
calls; writes nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPEATS = 5


def main() -> None:
    """Print import and load times in milliseconds."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data")
    start = time.perf_counter()
    from stockham_analytics.workbooks.load import load_dataset

    imported = time.perf_counter() - start
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        dataset = load_dataset(folder)
        times.append(time.perf_counter() - start)
    print(f"import stockham_analytics.workbooks.load: {imported * 1000:.1f} ms")
    print(f"load_dataset({folder}): best {min(times) * 1000:.1f} ms of {REPEATS} "
          f"({len(dataset.sites)} sites, {len(dataset.breaches)} breaches)")


if __name__ == "__main__":
    main()
