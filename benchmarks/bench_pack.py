"""How heavy is the governors' pack, how soon does it show text, and how long does it take?

Run: ``.venv/bin/python benchmarks/bench_pack.py`` (needs Debian's ``chromium``
and the ``pdf`` extra: playwright and pypdf). It builds, into a temporary folder:

- the demo pack (``data/``) and a synthetic 25-site pack
  (:func:`bench_report.write_synthetic`), timing the 25-site build against the
  floor of papermill running a one-cell notebook;
- measures the size of every pack (all files, bytes on disk);
- opens the demo ``index.html`` in headless Chromium from ``file://`` and reads
  its first contentful paint (median of several loads), as it is and with the
  CPU throttled four times (CDP ``Emulation.setCPUThrottlingRate``);
- prints every page of the demo pack to A4 PDF with Chromium and counts pages.

It prints each figure beside its target (PASS/FAIL) and exits 0 when all are
met. Timings depend on the machine's other load; run it on a quiet machine.

To measure another checkout (the "before" figures), put it first on the path:
``PYTHONPATH=/path/to/checkout .venv/bin/python benchmarks/bench_pack.py``.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_report import REPORT_TERM, floor, write_synthetic  # noqa: E402

import stockham_analytics  # noqa: E402
from stockham_analytics.pack.build import build_report  # noqa: E402
from stockham_analytics.terms import Term  # noqa: E402

MB = 1_000_000
SIZE_TARGET = 6.5 * MB
FCP_TARGET_S = 0.3
FCP_SLOW_TARGET_S = 1.5
BUILD_TARGET_X = 3.6
THROTTLE = 4
LOADS = 5
DEMO_TERM = Term(2026, 2)

FCP_JS = """() => new Promise(resolve => {
  const found = () => performance.getEntriesByName('first-contentful-paint')[0];
  const poll = () => { const e = found(); if (e) resolve(e.startTime); else setTimeout(poll, 20); };
  poll();
})"""


def pack_size(pack: Path) -> tuple[int, int]:
    """(bytes, files) of everything in ``pack``."""
    files = [p for p in pack.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("bench_pack needs Debian's chromium on PATH (apt-get install chromium)")
    return found


def first_paints(browser: Any, page_path: Path, throttle: float, loads: int) -> list[float]:
    """First contentful paint of ``page_path`` in seconds, once per fresh load."""
    paints = []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(page_path.resolve().as_uri(), wait_until="commit")
        paints.append(page.evaluate(FCP_JS) / 1000)
        page.wait_for_load_state("load")
        context.close()
    return paints


def printed_pages(browser: Any, pages: list[Path]) -> dict[str, int]:
    """A4 pages of each page printed by Chromium (as a person would print it)."""
    from pypdf import PdfReader

    counts = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for path in pages:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        page.emulate_media(media="print")
        data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        counts[path.name] = len(PdfReader(io.BytesIO(data)).pages)
        page.close()
    context.close()
    return counts


def browser_figures(demo: Path) -> tuple[list[float], list[float], dict[str, int]]:
    """(paints, throttled paints, printed pages) of the demo pack."""
    from playwright.sync_api import sync_playwright

    pages = [demo / "index.html", *sorted((demo / "sites").glob("*.html"))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(),
                                             args=["--no-sandbox", "--disable-gpu"])
        first_paints(browser, pages[0], 1, 1)  # warm-up: the file cache
        fast = first_paints(browser, pages[0], 1, LOADS)
        slow = first_paints(browser, pages[0], THROTTLE, LOADS)
        printed = printed_pages(browser, pages)
        browser.close()
    return fast, slow, printed


def timed(action: Any) -> float:
    """Wall time of ``action()`` in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    """Build, measure, print; 0 when every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the built packs in this folder")
    parser.add_argument("--sites", type=int, default=25)
    args = parser.parse_args()
    print(f"stockham_analytics from {Path(stockham_analytics.__file__).parent}")
    with tempfile.TemporaryDirectory(prefix="stockham-bench-pack-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        data = write_synthetic(base / "data-synthetic", args.sites)
        demo = base / "pack-demo"
        build_report(ROOT / "data", DEMO_TERM, demo)  # also warms up the imports
        floor_s = floor(base)
        build_s = timed(lambda: build_report(data, REPORT_TERM, base / "pack-synthetic"))
        demo_size, demo_files = pack_size(demo)
        big_size, big_files = pack_size(base / "pack-synthetic")
        fast, slow, printed = browser_figures(demo)
    fcp, fcp_slow = statistics.median(fast), statistics.median(slow)
    print(f"demo pack: {demo_size / MB:.2f} MB in {demo_files} files")
    print(f"{args.sites}-site pack: {big_size / MB:.2f} MB in {big_files} files")
    print(f"floor (papermill, one-cell notebook): {floor_s:.2f} s")
    print(f"{args.sites}-site pack build: {build_s:.1f} s = {build_s / floor_s:.1f} x floor")
    print(f"demo overview first contentful paint: median {fcp:.3f} s "
          f"(loads: {', '.join(f'{p:.3f}' for p in fast)})")
    print(f"  with the CPU throttled {THROTTLE}x: median {fcp_slow:.3f} s "
          f"(loads: {', '.join(f'{p:.3f}' for p in slow)})")
    print(f"printed A4 pages: {sum(printed.values())} in all; "
          + ", ".join(f"{name} {n}" for name, n in printed.items()))
    targets = [
        (f"{args.sites}-site pack <= {SIZE_TARGET / MB} MB", big_size <= SIZE_TARGET),
        (f"first paint <= {FCP_TARGET_S} s", fcp <= FCP_TARGET_S),
        (f"first paint throttled {THROTTLE}x <= {FCP_SLOW_TARGET_S} s", fcp_slow <= FCP_SLOW_TARGET_S),
        (f"build <= {BUILD_TARGET_X} x floor", build_s <= BUILD_TARGET_X * floor_s),
        ("overview prints on <= 3 pages", printed.get("index.html", 99) <= 3),
        ("each site page prints on <= 2 pages",
         all(n <= 2 for name, n in printed.items() if name != "index.html")),
    ]
    for text, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for _, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
