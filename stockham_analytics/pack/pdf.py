"""``pack.pdf``: the pack's pages as one A4 document for the governors' papers (spec 5).

The overview, then each site page, then the to-do list (``actions.html``, when
the pack has one) are printed to PDF by a Chromium-family browser already on
the machine (Chromium or Chrome on Linux and macOS, Microsoft Edge or Chrome
on Windows, or the one named with ``--browser`` or :data:`BROWSER_ENV`),
driven through Playwright; no browser is ever downloaded. The parts are merged
with pypdf, each page gets a running header (school, term, "page n of N"
counted over the whole document) and each part a bookmark.

Playwright and pypdf come with the optional extra ``stockham-analytics[pdf]``.
:func:`check_ready` says, before anything is built, whether a PDF can be made.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockham_analytics.errors import ReportError, StockhamError

#: The environment variable naming the browser to print with (as ``--browser`` does).
BROWSER_ENV = "STOCKHAM_ANALYTICS_BROWSER"
PDF_NAME = "pack.pdf"
INSTALL_EXTRA = "pip install 'stockham-analytics[pdf]'"

#: The printable width of A4 inside the pages' 12 mm side margins (186 mm at 96 px per inch)
#: and the height of a sheet: laid out at this width, the charts draw as wide as on paper.
A4_WIDTH_PX, A4_HEIGHT_PX = 703, 1123
#: The pages' charts.js fits the charts to paper (smaller, beside their tables).
FIT_CHARTS = "() => window.stockhamFitCharts ? window.stockhamFitCharts(true).then(() => true) : true"
CHART_TIMEOUT_MS = 30_000
ALL_CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(d => d.querySelector('svg.main-svg') !== null)"""
#: The pages' own running header counts each page alone; the document's header replaces it.
NO_PAGE_HEADER = "@page { @top-left { content: none; } @top-right { content: none; } }"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


class PdfUnavailableError(StockhamError):
    """No PDF can be made here: the browser or the ``pdf`` extra is missing."""

    def __init__(self, missing: str, looked_in: Sequence[str], how_to_fix: str) -> None:
        self.missing = missing
        self.looked_in = tuple(looked_in)
        self.how_to_fix = how_to_fix
        where = "".join(f"\n  - {place}" for place in self.looked_in)
        super().__init__(f"Cannot make pack.pdf: {missing}.{' Looked for:' + where if where else ''}"
                         f"\n{how_to_fix}\nNothing was built.")


@dataclass(frozen=True)
class Part:
    """One page of the pack in the PDF: its file (relative to the pack) and its bookmark."""

    file: str
    bookmark: str


# --- finding a browser -------------------------------------------------------------------


def _windows_places() -> list[Path]:
    roots = [os.environ.get(name) for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
    apps = [Path("Microsoft", "Edge", "Application", "msedge.exe"),
            Path("Google", "Chrome", "Application", "chrome.exe"),
            Path("Chromium", "Application", "chrome.exe")]
    return [Path(root) / app for app in apps for root in roots if root]


def _mac_places() -> list[Path]:
    apps = [("Google Chrome", "Google Chrome"), ("Chromium", "Chromium"),
            ("Microsoft Edge", "Microsoft Edge")]
    folders = [Path("/Applications"), Path.home() / "Applications"]
    return [folder / f"{app}.app" / "Contents" / "MacOS" / binary
            for app, binary in apps for folder in folders]


#: Command names looked up on PATH (Linux, and anywhere else as a fallback).
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "microsoft-edge", "microsoft-edge-stable", "msedge")
LINUX_PLACES = (Path("/usr/bin/chromium"), Path("/usr/bin/chromium-browser"), Path("/snap/bin/chromium"),
                Path("/usr/bin/google-chrome"), Path("/opt/google/chrome/chrome"),
                Path("/usr/bin/microsoft-edge"), Path("/opt/microsoft/msedge/msedge"))


def usual_places(platform: str = sys.platform) -> list[Path]:
    """Where a Chromium-family browser is usually installed on ``platform``."""
    if platform.startswith("win"):
        return _windows_places()
    if platform == "darwin":
        return _mac_places()
    return list(LINUX_PLACES)


def _how_to_install(platform: str) -> str:
    if platform.startswith("win"):
        how = "Microsoft Edge comes with Windows; or install Google Chrome from google.com/chrome"
    elif platform == "darwin":
        how = "install Google Chrome (google.com/chrome) or Chromium"
    else:
        how = "install Chromium (Debian/Ubuntu: sudo apt install chromium) or Google Chrome"
    return (f"To fix it, {how}, or name a browser you have with --browser PATH "
            f"(or the {BROWSER_ENV} environment variable).")


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_browser(named: Path | None = None, platform: str = sys.platform) -> Path:
    """The browser to print with: ``named``, else :data:`BROWSER_ENV`, else the first found.

    Raises :class:`PdfUnavailableError` listing every place looked in.
    """
    chosen = named if named is not None else (Path(os.environ[BROWSER_ENV])
                                              if os.environ.get(BROWSER_ENV) else None)
    if chosen is not None:
        if _usable(chosen):
            return chosen
        source = "--browser" if named is not None else BROWSER_ENV
        raise PdfUnavailableError(f"the browser named by {source} is not a program that can run",
                                  [str(chosen)], _how_to_install(platform))
    looked: list[str] = []
    for command in COMMANDS:
        found = shutil.which(command)
        looked.append(f"{command} (on PATH)")
        if found:
            return Path(found)
    for place in usual_places(platform):
        looked.append(str(place))
        if _usable(place):
            return place
    raise PdfUnavailableError("no Chromium, Chrome or Edge browser was found", looked,
                              _how_to_install(platform))


def check_ready(named: Path | None = None) -> Path:
    """The browser to use, after checking the ``pdf`` extra is installed; raises
    :class:`PdfUnavailableError` saying what is missing and how to get it."""
    for module in ("playwright.sync_api", "pypdf"):
        try:
            __import__(module)
        except ImportError:
            raise PdfUnavailableError(
                f"the Python package {module.split('.')[0]} is not installed", [],
                f"To fix it, install the pdf extra: {INSTALL_EXTRA} (no browser is downloaded; "
                "the PDF is printed by a Chromium, Chrome or Edge already on this computer).",
            ) from None
    return find_browser(named)


# --- printing -----------------------------------------------------------------------------


def _launch_args() -> list[str]:
    geteuid = getattr(os, "geteuid", None)
    root = geteuid is not None and geteuid() == 0
    return (["--no-sandbox"] if root else []) + [
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _offline(route: Any) -> None:
    if route.request.url.startswith(LOCAL_SCHEMES):
        route.continue_()
    else:
        route.abort("internetdisconnected")


def header_html(header: str, pages: int) -> str:
    """A document of ``pages`` blank A4 pages, each with the running header alone."""
    text = html.escape(header)
    sheets = "".join(
        f'<div class="sheet"><span class="left">{text}</span>'
        f'<span class="right">page {n} of {pages}</span></div>' for n in range(1, pages + 1))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            "@page { size: A4; margin: 0; } body { margin: 0; }"
            ".sheet { position: relative; height: 296.5mm; break-after: page; overflow: hidden;"
            " font: 8pt system-ui, Arial, sans-serif; color: #555; }"
            ".sheet:last-child { break-after: auto; }"
            ".left { position: absolute; top: 7mm; left: 12mm; }"
            ".right { position: absolute; top: 7mm; right: 12mm; }"
            f"</style></head><body>{sheets}</body></html>")


def _print_part(page: Any, path: Path) -> bytes:
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.add_style_tag(content=NO_PAGE_HEADER)
    page.evaluate(FIT_CHARTS)
    data: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return data


def print_parts(browser: Path, pack: Path, parts: Sequence[Part], header: str) -> tuple[list[bytes], bytes]:
    """Each part printed to PDF, and the running headers for all their pages."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(browser), args=_launch_args())
        try:
            context = chromium.new_context(viewport={"width": A4_WIDTH_PX, "height": A4_HEIGHT_PX},
                                           service_workers="block")
            context.route("**/*", _offline)
            page = context.new_page()
            page.emulate_media(media="print")
            printed = [_print_part(page, pack / part.file) for part in parts]
            total = sum(len(PdfReader(io.BytesIO(data)).pages) for data in printed)
            page.set_content(header_html(header, total), wait_until="load")
            headers: bytes = page.pdf(format="A4", print_background=False)
        finally:
            chromium.close()
    return printed, headers


def merge(printed: Sequence[bytes], headers: bytes, parts: Sequence[Part], title: str) -> bytes:
    """One document: the parts in order, a header stamped on each page, a bookmark per part."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data, part in zip(printed, parts, strict=False):
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(data)), import_outline=False)
        writer.add_outline_item(title=part.bookmark, page_number=start)
    overlay = PdfReader(io.BytesIO(headers)).pages
    for page, header in zip(writer.pages, overlay, strict=False):
        page.merge_page(header)
    writer.add_metadata({"/Title": title, "/Creator": "stockham-analytics"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _in_thread(action: Callable[[], bytes]) -> bytes:
    """Run ``action`` in a thread of its own: Playwright's sync API refuses to run where an
    event loop is already running (JupyterLab, or another Playwright session)."""
    result: list[bytes] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(action())
        except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread
            failure.append(error)

    worker = threading.Thread(target=run, name="stockham-pdf", daemon=True)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return result[0]


def write_pdf(pack: Path, parts: Sequence[Part], *, browser: Path, header: str, title: str) -> Path:
    """Print ``parts`` of ``pack`` with ``browser`` into ``pack/pack.pdf``; returns its path.

    Raises :class:`~stockham_analytics.errors.ReportError` when printing fails.
    """
    missing = [part.file for part in parts if not (pack / part.file).is_file()]
    if missing:
        raise ReportError(report=PDF_NAME, step="collecting the pages",
                          detail=f"{', '.join(missing)} missing from the pack")

    def build() -> bytes:
        printed, headers = print_parts(browser, pack, parts, header)
        return merge(printed, headers, parts, title)

    try:
        data = _in_thread(build)
    except StockhamError:
        raise
    except Exception as error:
        raise ReportError(report=PDF_NAME, step=f"printing the pages with {browser}",
                          detail=f"{type(error).__name__}: {error}; check that this browser "
                                 "opens, or name another with --browser") from error
    target = pack / PDF_NAME
    target.write_bytes(data)
    return target
