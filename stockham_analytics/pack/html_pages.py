"""Build the governors' HTML pages: run each notebook, convert it, write it.

The overview notebook becomes ``index.html`` and the site notebook, once per
site in scope, ``sites/<Site ID>.html``. Notebooks run under papermill
(:mod:`stockham_analytics.pack.execute`) and are converted by nbconvert through the
``governors`` template (``templates/governors``): no code, no prompts, no
warnings or tracebacks, nothing fetched from the network. What the pages share
(the stylesheet, plotly.js, charts.js) is written once to the pack's
``assets/`` folder (:func:`write_assets`) and loaded by relative path, the
scripts with ``defer`` after the content. A notebook that fails is never
converted. Executed notebooks never go into the pack; they are written to
``keep_notebooks`` when asked.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode
from tqdm import tqdm

from stockham_analytics import __version__
from stockham_analytics.errors import OutputFolderError, ReportError
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pack.execute import Job, run_notebooks
from stockham_analytics.pages.charts import plotly_js_path
from stockham_analytics.pages.markup import format_date
from stockham_analytics.resources import resource_dir, stylesheet
from stockham_analytics.text import visible
from stockham_analytics.workbooks.reader import sha256

#: The repository root in a checkout (the demo data is there); a wheel has no such folder.
ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = resource_dir("notebooks")
OVERVIEW_NOTEBOOK = NOTEBOOKS / "termly_report.ipynb"
SITE_NOTEBOOK = NOTEBOOKS / "site_report.ipynb"
ACTIONS_NOTEBOOK = NOTEBOOKS / "actions.ipynb"
TEMPLATES = resource_dir("templates")
TEMPLATE_NAME = "governors"
STATIC = TEMPLATES / TEMPLATE_NAME / "static"
STYLESHEET = stylesheet()
CHARTS_JS = STATIC / "charts.js"
#: The pack's folder of shared files, and what goes in it.
ASSETS = "assets"
PLOTLY_JS = "plotly.min.js"

OVERVIEW_TITLE = "Official social media sites: overview for governors"
ACTIONS_TITLE = "To-do list for the business manager"
_SAFE_FILE = re.compile(r"^[A-Za-z0-9_-]+$")
#: Output types a page may show: only what the views display as HTML.
_SHOWN = frozenset({"display_data", "execute_result"})


@dataclass(frozen=True)
class Page:
    """One page of the pack: the job that runs its notebook and where its HTML goes."""

    job: Job
    html: Path
    title: str
    back: str  # link to the overview, "" on the overview itself
    root: str = ""  # from the page to the pack's top folder: "" or "../"

    @property
    def kind(self) -> str:
        """The page's body class: ``page-site`` for a site page, else ``page-<file name>``."""
        return "page-site" if "site_id" in self.job.parameters else f"page-{self.html.stem}"


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise ReportError(report="governors' pack", step="finding the notebooks and templates",
                          detail=f"{what} is missing at {path}; reinstall the package from its "
                                 "repository (`pipx install .` or `pip install .`)")
    return path


def _keep(keep: Path | None, *parts: str) -> Path | None:
    return None if keep is None else keep.joinpath(*parts)


def plan(data_dir: Path, report: TermReport, staging: Path, keep: Path | None) -> list[Page]:
    """The pages to build: the overview first, then one per site in scope."""
    common = {"data_dir": str(data_dir.resolve()), "term": report.term.name,
              "as_of": report.as_of.isoformat()}
    overview = Job("overview page", OVERVIEW_NOTEBOOK, common, "index", _keep(keep, "index.ipynb"))
    pages = [Page(overview, staging / "index.html", OVERVIEW_TITLE, "")]
    todo = Job("to-do list page", ACTIONS_NOTEBOOK, common, "actions", _keep(keep, "actions.ipynb"))
    pages.append(Page(todo, staging / "actions.html", ACTIONS_TITLE, "index.html"))
    for site in report.sites:
        if not _SAFE_FILE.match(site.site_id):
            raise ReportError(report=f"site page {site.site_id!r}", step="naming the page",
                              detail="a Site ID may hold only letters, digits, - and _")
        job = Job(f"site page {site.site_id}", SITE_NOTEBOOK, {**common, "site_id": site.site_id},
                  site.site_id, _keep(keep, "sites", f"{site.site_id}.ipynb"))
        title = f"{site.site_id}: {site.site_name}"
        pages.append(Page(job, staging / "sites" / f"{site.site_id}.html", title, "../index.html",
                          root="../"))
    return pages


def shown_outputs(nb: NotebookNode) -> NotebookNode:
    """Keep only HTML outputs: no streams (warnings), errors or plain-text results.

    Cells left with nothing to show are dropped, and the rest numbered in order,
    so the page does not carry the random id papermill gives the cell it injects.
    """
    cells: list[NotebookNode] = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        cell.outputs = [o for o in cell.get("outputs", [])
                        if o.get("output_type") in _SHOWN and "text/html" in o.get("data", {})]
        if cell.outputs:
            cell.id = f"section-{len(cells) + 1}"
            cells.append(cell)
    nb.cells = cells
    return nb


def provisional_notice(report: TermReport) -> str:
    """Spec 2: "Provisional: figures to 10/12/2026; the term ends 31/12/2026", or "" when final."""
    if not report.provisional:
        return ""
    return (f"Provisional: figures to {report.as_of:%d/%m/%Y}; "
            f"the term ends {report.term_end:%d/%m/%Y}")


class PageWriter:
    """Converts executed notebooks to HTML pages with the governors' template."""

    def __init__(self, data_dir: Path, report: TermReport, pages: list[Page], progress: bool) -> None:
        self.report = report
        self.data_dir = data_dir
        self.pages = {page.job.slug: page for page in pages}
        self.exporter = exporter()
        self.lock = threading.Lock()
        self.generated = format_date(dt.date.today())
        self.bar = tqdm(total=len(pages), desc="Building the pack", unit="page", file=sys.stderr,
                        disable=not progress, leave=False)

    def resources(self, page: Page) -> dict[str, object]:
        """What the template shows around the notebook's output."""
        report = self.report
        parameters = [("Notebook", page.job.notebook.name), ("term", report.term.name),
                      ("as_of", report.as_of.isoformat()),
                      ("data_dir (folder)", visible(self.data_dir.name))]
        if "site_id" in page.job.parameters:
            parameters.append(("site_id", page.job.parameters["site_id"]))
        return {"stockham": {
            "title": visible(page.title), "school": visible(report.school),
            "term": report.term.name,
            "term_dates": f"{format_date(report.term_start)} to {format_date(report.term_end)}",
            "generated": self.generated, "version": __version__, "back": page.back,
            "parameters": parameters, "inputs": sorted(report.inputs.items()),
            "provisional": provisional_notice(report),
            "assets": f"{page.root}{ASSETS}", "kind": page.kind,
            "print_header": css_string(f"{report.school} · {report.term.name}"),
        }}

    def write(self, job: Job, nb: NotebookNode) -> None:
        """Convert one executed notebook and write its page."""
        page = self.pages[job.slug]
        try:
            with self.lock:
                body, _ = self.exporter.from_notebook_node(shown_outputs(nb),
                                                           resources=self.resources(page))
            page.html.parent.mkdir(parents=True, exist_ok=True)
            page.html.write_text(body, encoding="utf-8")
        except Exception as error:
            raise ReportError(report=job.label, step="converting the notebook to HTML",
                              detail=f"{type(error).__name__}: {error}") from error
        with self.lock:
            self.bar.update(1)


class GovernorsExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    :meth:`HTMLExporter.from_notebook_node` renders the page, then re-parses all
    of it to give ``<img>`` tags alt text and JupyterLab's cell wrappers a
    ``tabindex``. Our pages have no images and no such wrappers, so the pass
    changes nothing, yet it costs more than rendering the page (it walks the
    whole page). This does what that method does up to the pass.
    """

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Render ``nb`` with the template (filters registered as HTMLExporter does)."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        highlight = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))  # type: ignore[no-untyped-call]
        resources = self._init_resources(resources)  # type: ignore[no-untyped-call]
        types = WidgetsDataTypeFilter(  # type: ignore[no-untyped-call]
            notebook_metadata=self._nb_metadata, parent=self, resources=resources)
        self.register_filter("highlight_code", highlight)  # type: ignore[no-untyped-call]
        self.register_filter("filter_data_type", types)  # type: ignore[no-untyped-call]
        html, out = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return str(html), dict(out)


def exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with the governors' template: outputs only, no prompts."""
    _require(TEMPLATES / TEMPLATE_NAME / "index.html.j2", "the governors' page template")
    return GovernorsExporter(  # type: ignore[no-untyped-call]
        default_preprocessors=[],  # nothing to execute, extract or clear: outputs are filtered first
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        exclude_raw=True,
        exclude_unknown=True,
        sanitize_html=False,  # our own markup, escaped at source, with the charts' scripts
    )


def css_string(value: str) -> str:
    """``value`` for a CSS string in double quotes: every character but letters, digits and
    spaces as a CSS escape (hex code and the space that ends it), so no text can end the
    string, the rule or the ``<style>``."""
    return "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} "
                   for c in value)


def write_assets(pack: Path) -> list[Path]:
    """Write the pages' shared files into ``pack/assets``; returns them."""
    folder = pack / ASSETS
    folder.mkdir(parents=True, exist_ok=True)
    sources = [(_require(STYLESHEET, "the pages' stylesheet"), STYLESHEET.name),
               (_require(CHARTS_JS, "the charts' script"), CHARTS_JS.name),
               (_require(plotly_js_path(), "plotly.js (reinstall plotly)"), PLOTLY_JS)]
    written = []
    for source, name in sources:
        shutil.copyfile(source, folder / name)
        written.append(folder / name)
    return written


def check_inputs_unchanged(data_dir: Path, report: TermReport) -> None:
    """The notebooks read the same workbooks as the report: fail if one changed meanwhile."""
    changed = [name for name, digest in sorted(report.inputs.items())
               if not (data_dir / name).is_file() or sha256((data_dir / name).read_bytes()) != digest]
    if changed:
        raise ReportError(report="governors' pack", step="checking the workbooks did not change",
                          detail=f"{', '.join(changed)} changed while the pack was being built; "
                                 "close the workbooks in Excel and run the report again")


def check_keep_folder(keep_notebooks: Path | None, out: Path) -> None:
    """Refuse a ``--keep-notebooks`` folder inside the pack: the next swap would delete it."""
    if keep_notebooks is not None and keep_notebooks.resolve().is_relative_to(out.resolve()):
        raise OutputFolderError(
            keep_notebooks,
            "the executed notebooks cannot be kept inside the pack (governors never see them, "
            "and the next report would delete them); choose a folder outside --out",
        )


def render_pages(
    data_dir: Path,
    report: TermReport,
    staging: Path,
    *,
    keep_notebooks: Path | None = None,
    progress: bool = False,
) -> None:
    """Write ``index.html``, ``sites/<Site ID>.html`` and ``assets/`` for ``report`` to ``staging``.

    Raises :class:`~stockham_analytics.errors.ReportError` when a page fails.
    """
    _require(OVERVIEW_NOTEBOOK, "the overview notebook")
    _require(SITE_NOTEBOOK, "the site notebook")
    _require(ACTIONS_NOTEBOOK, "the to-do list notebook")
    check_keep_folder(keep_notebooks, staging)
    pages = plan(data_dir, report, staging, keep_notebooks)
    write_assets(staging)
    writer = PageWriter(data_dir, report, pages, progress)
    try:
        run_notebooks([p.job for p in pages], writer.write, cwd=NOTEBOOKS)
    finally:
        writer.bar.close()
    check_inputs_unchanged(data_dir, report)
