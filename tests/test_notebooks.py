"""The shipped notebooks: committed clean, plain parameters, and they run as-is on the demo data."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import nbformat
import papermill
import pytest

from stockham_analytics.pack.html_pages import (
    ACTIONS_NOTEBOOK,
    NOTEBOOKS,
    OVERVIEW_NOTEBOOK,
    ROOT,
    SITE_NOTEBOOK,
)
from stockham_analytics.pages.charts import plotly_js

SHIPPED = (OVERVIEW_NOTEBOOK, SITE_NOTEBOOK, ACTIONS_NOTEBOOK)
#: The notebooks that draw charts (the to-do list has none).
CHARTED = (OVERVIEW_NOTEBOOK, SITE_NOTEBOOK)


def _parameters_cell(path: Path) -> nbformat.NotebookNode:
    book = nbformat.read(str(path), as_version=4)
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged parameters"
    return tagged[0]


def _defaults(path: Path) -> dict[str, object]:
    tree = ast.parse(_parameters_cell(path).source)
    values: dict[str, object] = {}
    for statement in tree.body:
        assert isinstance(statement, ast.Assign) and len(statement.targets) == 1
        target = statement.targets[0]
        assert isinstance(target, ast.Name) and isinstance(statement.value, ast.Constant)
        values[target.id] = statement.value.value
    return values


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    """No outputs and no execution counts are committed."""
    book = nbformat.read(str(path), as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_parameters_are_plain_string_literals(path: Path) -> None:
    """The parameters cell only assigns string literals (papermill writes values into code)."""
    defaults = _defaults(path)
    assert {"data_dir", "term"} <= set(defaults)
    assert all(isinstance(v, str) for v in defaults.values())


def test_default_data_dir_is_the_repository_data_folder() -> None:
    """Run from notebooks/ (as JupyterLab does), "../data" is the repository's data/."""
    for path in SHIPPED:
        assert (NOTEBOOKS / str(_defaults(path)["data_dir"])).resolve() == ROOT / "data"


def test_notebooks_stay_thin() -> None:
    """Each code cell is a line or three (the parameters cell: one line per parameter): the
    work is in the package, not the notebook."""
    for path in SHIPPED:
        book = nbformat.read(str(path), as_version=4)
        cells = [c for c in book.cells if c.cell_type == "code"]
        code = [c.source for c in cells]
        assert all(len(c.source.splitlines()) <= 3 for c in cells
                   if "parameters" not in c.metadata.get("tags", []))
        assert not any("def " in source or "for " in source for source in code)


def _run(path: Path, out: Path, parameters: dict[str, str] | None = None) -> nbformat.NotebookNode:
    result: nbformat.NotebookNode = papermill.execute_notebook(
        str(path), str(out), parameters=parameters, cwd=str(NOTEBOOKS), progress_bar=False,
        kernel_name="python3",
    )
    return result


def _outputs(book: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for c in book.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.slow
@pytest.mark.parametrize("path", CHARTED, ids=lambda p: p.name)
def test_notebook_runs_as_is_on_the_demo_data(path: Path, tmp_path: Path) -> None:
    """With its defaults, from notebooks/, each notebook shows HTML and emits no warning."""
    book = _run(path, tmp_path / path.name)
    outputs = _outputs(book)
    assert outputs and all(o.output_type == "display_data" for o in outputs)
    assert all("text/html" in o.data for o in outputs)
    html = "".join(o.data["text/html"] for o in outputs)
    assert "<h2" in html and "Autumn 2026" in html
    # run by hand, the first chart brings plotly.js along, once, so JupyterLab draws the charts
    assert html.count(plotly_js()[:200]) == 1


@pytest.mark.slow
def test_actions_notebook_runs_as_is_on_the_demo_data(tmp_path: Path) -> None:
    """The to-do list notebook shows the list as HTML, judged as of the demo's day."""
    book = _run(ACTIONS_NOTEBOOK, tmp_path / "actions.ipynb", {"as_of": "2026-12-10"})
    outputs = _outputs(book)
    assert outputs and all(o.output_type == "display_data" for o in outputs)
    html = "".join(o.data["text/html"] for o in outputs)
    assert "To-do list" in html and "actions.xlsx" in html


@pytest.mark.slow
def test_site_notebook_runs_for_another_site(tmp_path: Path) -> None:
    """site_id is a parameter: SM-03 (a Red site of the demo) gets its own page."""
    book = _run(SITE_NOTEBOOK, tmp_path / "sm03.ipynb", {"site_id": "SM-03"})
    html = "".join(o.data["text/html"] for o in _outputs(book))
    assert "Stockham Sports Facebook Page (SM-03)" in html
    assert "● Red" in html.replace('<span aria-hidden="true">●</span>', "●")


@pytest.mark.slow
def test_site_notebook_explains_a_site_out_of_scope(tmp_path: Path) -> None:
    """A Site ID that is not in scope fails with a message naming the sites that are."""
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        _run(SITE_NOTEBOOK, tmp_path / "sm10.ipynb", {"site_id": "SM-10"})
    assert "SM-10" in caught.value.evalue and "SM-01" in caught.value.evalue


CHART = '<div id="chart-t" class="plotly-graph-div"></div>'


def test_the_previous_context_is_the_cache(tmp_path: Path) -> None:
    """Given the notebook's previous ctx, unchanged workbooks are not read again; a change is."""
    import os
    import shutil

    from stockham_analytics.pages import notebook as views

    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    first = views.load_context(data, "Autumn 2026", as_of="2026-12-10")
    again = views.load_context(data, "autumn 2026", as_of="10/12/2026", previous=first)
    assert again.dataset is first.dataset and again.report is first.report
    other = views.load_context(data, "Summer 2026", as_of="2026-12-10", previous=first)
    assert other.dataset is first.dataset and other.report.term.name == "Summer 2026"
    register = data / "approval_register.xlsx"
    stamp = register.stat().st_mtime_ns + 5_000_000_000
    os.utime(register, ns=(stamp, stamp))
    changed = views.load_context(data, "Autumn 2026", as_of="2026-12-10", previous=first)
    assert changed.dataset is not first.dataset
    fresh = views.load_context(data, "Autumn 2026", as_of="2026-12-10", previous="not a context")
    assert fresh.dataset is not changed.dataset and fresh.report == changed.report


def test_plotly_js_comes_with_the_first_chart_after_each_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """By hand, the first chart after each load_context (each Run All) brings plotly.js along."""
    from markupsafe import Markup

    from stockham_analytics.pages import markup as display
    from stockham_analytics.pages import notebook as views

    shown: list[str] = []
    monkeypatch.setattr(display, "show", lambda content: shown.append(str(content)))
    monkeypatch.delenv(views.PAGES_ENV, raising=False)
    banner = plotly_js()[:200]
    ctx = views.load_context(ROOT / "data", "Autumn 2026")
    ctx.show(Markup("<p>no chart</p>"))
    ctx.show(Markup(CHART))
    ctx.show(Markup(CHART))
    ctx = views.load_context(ROOT / "data", "Autumn 2026", previous=ctx)
    ctx.show(Markup(CHART))
    assert [banner in s for s in shown] == [False, True, False, True]


def test_pages_kernels_never_get_plotly_js_from_the_views(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the pack (PAGES_ENV=1) leaves plotly.js to the page template."""
    from markupsafe import Markup

    from stockham_analytics.pages import markup as display
    from stockham_analytics.pages import notebook as views

    shown: list[str] = []
    monkeypatch.setattr(display, "show", lambda content: shown.append(str(content)))
    monkeypatch.setenv(views.PAGES_ENV, "1")
    ctx = views.load_context(ROOT / "data", "Autumn 2026")
    ctx.show(Markup(CHART))
    assert shown == [CHART]


#: What JupyterLab does with a trusted text/html output (@jupyterlab/rendermime renderHTML):
#: set innerHTML, then replace each <script> by a fresh copy so that the browser runs it.
JUPYTERLAB_RENDER = """outputs => {
  for (const source of outputs) {
    const host = document.createElement('div');
    document.body.appendChild(host);
    host.innerHTML = source;
    for (const old of Array.from(host.getElementsByTagName('script'))) {
      const fresh = document.createElement('script');
      fresh.textContent = old.textContent;
      old.parentNode.replaceChild(fresh, old);
    }
  }
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("path", CHARTED, ids=lambda p: p.name)
def test_charts_draw_when_outputs_are_rendered_as_jupyterlab_does(
    path: Path, tmp_path: Path, chromium_browser: Any
) -> None:
    """Each output rendered the JupyterLab way, in order, in one page: every chart draws."""
    outputs = [o.data["text/html"] for o in _outputs(_run(path, tmp_path / path.name))]
    page = chromium_browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<!DOCTYPE html><html><body></body></html>")
    page.evaluate(JUPYTERLAB_RENDER, outputs)
    charts = page.evaluate("document.querySelectorAll('.plotly-graph-div').length")
    drawn = page.evaluate("document.querySelectorAll('.plotly-graph-div .main-svg').length")
    page.close()
    assert errors == []
    assert charts >= 1 and drawn >= charts  # each chart draws at least one svg layer
