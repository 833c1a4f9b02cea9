"""Opening pack pages in headless Chromium and recording what they do.

Each visit opens a fresh context that is offline and routes every request that
is not a ``file:``/``data:``/``blob:`` URL to an abort; every such request is
recorded, as are console errors, page errors and dialogs.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
CHART_TIMEOUT_MS = 15_000

#: Every plotly chart on the page has drawn its SVG.
ALL_CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(d => d.querySelector('svg.main-svg') !== null)"""


def chromium() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_args() -> list[str]:
    """Chromium flags: no sandbox as root, and no background traffic of its own."""
    args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]
    return (["--no-sandbox"] if os.geteuid() == 0 else []) + args


@dataclass
class Visit:
    """An open page and everything it did that a test may object to."""

    page: Any
    network: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        """Network requests, console errors, page errors and dialogs, by kind (empty when clean)."""
        found = {"network": self.network, "console errors": self.console_errors,
                 "page errors": self.page_errors, "dialogs": self.dialogs}
        return {kind: items for kind, items in found.items() if items}

    def charts_drawn(self) -> bool:
        """Wait until every chart has drawn; False if one has not after the timeout."""
        try:
            self.page.wait_for_function(ALL_CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)
        except playwright_api.TimeoutError:
            return False
        return True


class Visitor:
    """Opens pack pages in fresh offline contexts of the session's browser."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: list[Any] = []

    def context(self, viewport: dict[str, int] = DESKTOP, *, phone: bool = False) -> Any:
        """A fresh offline context whose every non-local request is aborted."""
        context = self.browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                           java_script_enabled=True, service_workers="block")
        context.set_offline(True)
        self.contexts.append(context)
        return context

    def open(self, path: Path, viewport: dict[str, int] = DESKTOP, *, phone: bool = False) -> Visit:
        """Load ``path`` (waiting for the load event) in a new offline context."""
        context = self.context(viewport, phone=phone)
        page = context.new_page()
        visit = Visit(page)
        record(visit, context)
        page.goto(path.resolve().as_uri(), wait_until="load")
        return visit

    def close(self) -> None:
        """Close every context this visitor opened."""
        for context in self.contexts:
            context.close()


def record(visit: Visit, context: Any) -> None:
    """Route and listen so that ``visit`` records what its page does."""

    def route(route: Any) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    def request(request: Any) -> None:
        if not request.url.startswith(LOCAL_SCHEMES):
            visit.network.append(request.url)

    def console(message: Any) -> None:
        if message.type == "error":
            visit.console_errors.append(message.text)

    def dialog(dialog: Any) -> None:
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    context.on("request", request)
    visit.page.on("console", console)
    visit.page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    visit.page.on("dialog", dialog)


def open_pack(visitor: Visitor, pages: list[Path], pack: Path) -> dict[str, Visit]:
    """Open each of ``pages`` of ``pack`` once, waiting for its charts; keyed by relative path."""
    visits: dict[str, Visit] = {}
    for page in pages:
        visit = visitor.open(page)
        visit.charts_drawn()
        visits[page.relative_to(pack).as_posix()] = visit
    return visits
