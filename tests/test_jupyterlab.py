"""The notebooks as a governor or business manager meets them in JupyterLab.

Fast tests: the pack's stylesheet scoped to the output area, and what
``Context.show`` sends outside the pack. Slow tests: ``explore.ipynb`` runs under
papermill; and a real ``jupyter lab`` (started on a free port with a token, in a
temporary folder) opened in headless Chromium, every notebook run with *Run All*,
screenshotted, its layout measured.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from markupsafe import Markup
from test_notebooks import _outputs, _run

from stockham_analytics.pack.html_pages import NOTEBOOKS, ROOT
from stockham_analytics.pages import labstyle
from stockham_analytics.pages import markup as display
from stockham_analytics.pages import notebook as views
from stockham_analytics.pages.labstyle import LAB_SCOPE, lab_stylesheet, scope_css

EXPLORE = NOTEBOOKS / "explore.ipynb"
#: Where the lab tests leave their screenshots (for a person to look at).
SHOTS = Path(os.environ.get("STOCKHAM_SHOTS", "/tmp/stockham-lab-shots"))


# --- the stylesheet, scoped ----------------------------------------------------------------


def test_scope_css_keeps_every_rule_inside_the_wrapper() -> None:
    """body and :root become the wrapper, lists are scoped one by one, @page is dropped."""
    css = """/* note */ :root { --ink: #111; }
body { margin: 0 auto; }
h2, table.data :is(th, td) { color: red; }
@media (max-width: 600px) { dl dd { margin: 0; } }
@page { size: A4; }"""
    assert scope_css(css, "s") == (
        ".s { --ink: #111; }\n"
        ".s { margin: 0 auto; }\n"
        ".s h2, .s table.data :is(th, td) { color: red; }\n"
        "@media (max-width: 600px) {\n.s dl dd { margin: 0; }\n}\n"
    )


def test_lab_stylesheet_has_no_rule_that_reaches_outside_the_wrapper() -> None:
    """Every selector of the scoped pack stylesheet starts with the wrapper's class."""
    selectors = [part for rule in lab_stylesheet().split("}")
                 if "{" in rule for part in labstyle._split_selectors(rule.split("{")[-2])]
    outside = [s for s in selectors if s and not s.startswith(("@", f".{LAB_SCOPE}"))]
    assert outside == [] and len(selectors) > 50


def test_sections_carry_the_stylesheet_once_per_load_outside_the_pack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """By hand, each section is wrapped; the first after each load brings the styles."""
    shown: list[str] = []
    monkeypatch.setattr(display, "show", lambda content: shown.append(str(content)))
    monkeypatch.delenv(views.PAGES_ENV, raising=False)
    for _ in range(2):
        ctx = views.load_context(ROOT / "data", "Autumn 2026", as_of="2026-12-10")
        ctx.show(Markup("<p>one</p>"))
        ctx.show(Markup("<p>two</p>"))
    assert [s.count("<style>") for s in shown] == [1, 0, 1, 0]
    assert all(s.startswith(f'<div class="{LAB_SCOPE}">') for s in shown)


def test_the_pack_gets_neither_styles_nor_wrapper(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the pages (PAGES_ENV=1), sections go out as they are: the template styles them."""
    shown: list[str] = []
    monkeypatch.setattr(display, "show", lambda content: shown.append(str(content)))
    monkeypatch.setenv(views.PAGES_ENV, "1")
    ctx = views.load_context(ROOT / "data", "Autumn 2026", as_of="2026-12-10")
    ctx.show(Markup("<p>one</p>"))
    assert shown == ["<p>one</p>"]


# --- explore.ipynb -------------------------------------------------------------------------


def test_explore_is_committed_without_outputs() -> None:
    """No outputs, no execution counts, one parameters cell of string literals."""
    book = nbformat.read(str(EXPLORE), as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and 'data_dir = "../data"' in tagged[0].source


# --- JupyterLab itself ---------------------------------------------------------------------

#: JupyterLab settings for the test: no news or update pop-up, every cell kept in the page.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

#: Every code cell has run: an execution count in each prompt, none busy ("[*]").
ALL_RUN = """() => {
  const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"jupyter lab did not start: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab serving a copy of notebooks/ and data/; yields its base URL with the token."""
    pytest.importorskip("jupyterlab", reason="JupyterLab is the [lab] extra: pip install -e '.[lab]'")
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(NOTEBOOKS, home / "notebooks")
    shutil.copytree(ROOT / "data", home / "data")
    for name, values in LAB_SETTINGS.items():
        (home / "settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (home / "settings" / name).write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), os.urandom(16).hex()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_CONFIG_DIR": str(home / "config")}
    env.pop(views.PAGES_ENV, None)
    log = home / "lab.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--expose-app-in-browser",
             f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
             "--LabApp.extension_manager=readonly",  # no look-ups of PyPI from the test
             *(["--allow-root"] if getattr(os, "geteuid", lambda: 1)() == 0 else [])],
            cwd=home, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/api/status?token={token}", server, log)
        yield f"{base}/lab/tree/notebooks/{{}}?reset&token={token}"  # reset: this notebook alone
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


#: Wait for the open notebook's kernel, then run every cell; resolves when all have run.
RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  return await app.commands.execute('notebook:run-all-cells');
}"""


def _run_all(browser: Any, url: str, name: str) -> Any:
    """Open ``name`` in the lab and run every cell (*Run > Run All Cells*); returns the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(120_000)
    page.goto(url.format(name))
    page.wait_for_selector(".jp-Notebook .jp-CodeCell")
    page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.sessionContext")
    page.evaluate(RUN_ALL)
    page.wait_for_function(ALL_RUN, timeout=180_000)
    page.wait_for_timeout(1500)  # the last outputs' scripts (charts) finish drawing
    return page


def _error_outputs(page: Any) -> list[str]:
    texts: list[str] = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        .map(e => e.textContent.slice(0, 300))""")
    return texts


def _tops(page: Any, selector: str) -> list[float]:
    tops: list[float] = page.evaluate(
        f"() => Array.from(document.querySelectorAll('{selector}'))"
        ".map(e => Math.round(e.getBoundingClientRect().top))")
    return tops


#: A heading of a markdown cell, as rendered in the notebook.
HEADING = ".jp-Notebook .jp-RenderedMarkdown h2"


def _shot(page: Any, name: str, selector: str | None = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if selector is not None:
        page.locator(selector).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / name))


@pytest.mark.slow
@pytest.mark.browser
def test_termly_report_looks_as_in_the_pack_in_jupyterlab(lab: str, chromium_browser: Any) -> None:
    """Run All in the lab: headline cards side by side, badges styled, charts drawn, no error."""
    page = _run_all(chromium_browser, lab, "termly_report.ipynb")
    try:
        _shot(page, "termly-top.png", ".figures")
        assert _error_outputs(page) == []
        tops = _tops(page, ".figures .figure-tile")
        assert len(tops) >= 4 and tops.count(tops[0]) >= 3  # a row of cards, not a stack
        badge = page.evaluate("""() => { const s = getComputedStyle(document.querySelector(
            '.badge-red')); return [s.borderRadius, s.backgroundColor]; }""")
        assert badge == ["4px", "rgb(253, 236, 234)"]
        assert page.evaluate("() => document.querySelectorAll('style').length") > 0
        site_link = page.evaluate("""() => getComputedStyle(document.querySelector(
            'table.data tbody th a')).pointerEvents""")
        assert site_link == "none"  # the pack's site pages do not exist in the lab
        _shot(page, "termly-matrix.png", "table.matrix")
        drawn = page.evaluate("() => document.querySelectorAll('.plotly-graph-div .main-svg').length")
        assert drawn >= 1
        # JupyterLab's own page is untouched by the pack's body and h2 rules
        assert page.evaluate("() => getComputedStyle(document.body).maxWidth") == "none"
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_site_report_hides_the_way_back_in_jupyterlab(lab: str, chromium_browser: Any) -> None:
    """The site notebook's "Back to the overview" link leads nowhere in the lab: it is hidden."""
    page = _run_all(chromium_browser, lab, "site_report.ipynb")
    try:
        _shot(page, "site-top.png", ".details")
        assert _error_outputs(page) == []
        hidden = page.evaluate("""() => Array.from(document.querySelectorAll('a'))
            .filter(a => a.textContent.includes('Back to the overview'))
            .map(a => a.offsetParent === null)""")
        assert hidden and all(hidden)
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_explore_runs_in_jupyterlab(lab: str, chromium_browser: Any) -> None:
    """explore.ipynb in the lab: styled tables, every chart drawn, no error output."""
    page = _run_all(chromium_browser, lab, "explore.ipynb")
    try:
        _shot(page, "explore-matrix.png", f"{HEADING}:has-text('The checks matrix')")
        assert _error_outputs(page) == []
        charts = page.evaluate("() => document.querySelectorAll('.plotly-graph-div').length")
        drawn = page.evaluate("""() => Array.from(document.querySelectorAll('.plotly-graph-div'))
            .filter(d => d.querySelector('.main-svg')).length""")
        assert charts >= 3 and drawn == charts
        assert page.evaluate("() => document.querySelectorAll('.modebar-btn').length") == 0
        _shot(page, "explore-objectives.png", f"{HEADING}:has-text('Objectives against')")
        _shot(page, "explore-history.png", f"{HEADING}:has-text('Each site')")
    finally:
        page.close()


# --- explore.ipynb under papermill ------------------------------------------------------------


@pytest.mark.slow
def test_explore_runs_on_the_demo_data(tmp_path: Path) -> None:
    """Under papermill, explore.ipynb shows its tables and charts, and no error or warning."""
    book = _run(EXPLORE, tmp_path / "explore.ipynb", {"as_of": "2026-12-10"})
    outputs = _outputs(book)
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Autumn 2026 judged as of 10/12/2026 (provisional)" in "".join(
        o.get("text", "") for o in outputs)
    assert html.count("plotly-graph-div") >= 3 and "MINIMUM-AGE" in html
    assert "Staff member" not in html and "staff_member" not in html
