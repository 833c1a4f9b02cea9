"""The governors' HTML pack: offline, no code, no names, escaped text, charts with tables.

The demo pack and a pack of hostile workbooks are each built once per module.
Expected facts about the demo come from the story told in
``stockham_analytics/authoring/demo.py`` (sites SM-01 to SM-09 in scope for Autumn 2026;
SM-01 Green, SM-03 Red, SM-05 Amber), not from the code's output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from builders import activity_row, breach_row, objective_row, site_row, write_data

from stockham_analytics import __version__, cli
from stockham_analytics.errors import ReportError
from stockham_analytics.evaluation.catalogue import SITE_CHECKS, check_def
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.pack import html_pages as pages
from stockham_analytics.pack.build import build_report
from stockham_analytics.pages import overview, sitepage
from stockham_analytics.pages.charts import plotly_js
from stockham_analytics.terms import Term
from stockham_analytics.workbooks.load import load_dataset

pytestmark = pytest.mark.slow

TERM = "Autumn 2026"
AUTUMN_2026 = Term(2026, 2)
DEMO = pages.ROOT / "data"
DEMO_AS_OF = dt.date(2026, 12, 10)  # the demo is a snapshot of that day (demo.AS_OF)
DEMO_SITES = tuple(f"SM-0{n}" for n in range(1, 10))

#: A marker in every names column and in Description: none may reach any file of the pack.
MARKERS: dict[str, str] = {
    "Author": "Qxauthormarker Aa",
    "Line manager": "Qxlinemanagermarker Bb",
    "Administrators": "Qxadminmarker Cc; Qxadminmarker Dd",
    "Moderators": "Qxmoderatormarker Ee; Qxmoderatormarker Ff",
    "External vetting by": "Qxvettingmarker Gg",
    "Staff member": "Qxstaffmarker Hh",
    "Reported by": "Qxreportermarker Ii",
    "Description": "Qxdescriptionmarker: a confidential account",
}
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
#: Register text columns shown on the site's page (or the overview) as text.
SHOWN_REGISTER = ("Site name", "Department", "Platform", "Host name", "Aims", "Proposed content")
HIDDEN_REGISTER = ("Advertising plan", "Consent arrangements", "Security measures",
                   "Evaluation plan")


def payload(column: str) -> str:
    """A script payload labelled with its column."""
    return f"{column} {SCRIPT} {BREAKOUT}"


class Parsed(HTMLParser):
    """The parts of a page the tests look at: tags, text outside scripts, script bodies."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in is None:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}

    def headings(self) -> list[int]:
        return [int(t[1]) for t, _ in self.tags if re.fullmatch(r"h[1-6]", t)]


@dataclass
class Pack:
    """A built pack and the folder its executed notebooks were kept in."""

    out: Path
    keep: Path
    data: Path
    _cache: dict[Path, Parsed] = field(default_factory=dict)

    def html(self, name: str) -> str:
        return (self.out / name).read_text(encoding="utf-8")

    def parsed(self, name: str) -> Parsed:
        path = self.out / name
        if path not in self._cache:
            self._cache[path] = Parsed(self.html(name))
        return self._cache[path]

    def pages(self) -> list[str]:
        return ["index.html", "actions.html", *(f"sites/{s}.html" for s in self.site_ids())]

    def site_ids(self) -> list[str]:
        return sorted(p.stem for p in (self.out / "sites").glob("*.html"))


def _build(base: Path, data: Path, as_of: dt.date | None = None) -> Pack:
    out, keep = base / "pack", base / "notebooks"
    build_report(data, AUTUMN_2026, out, keep_notebooks=keep, as_of=as_of)
    return Pack(out, keep, data)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The demo data's pack for Autumn 2026 judged on 10/12/2026 (provisional), with its
    executed notebooks kept."""
    return _build(tmp_path_factory.mktemp("demo"), DEMO, DEMO_AS_OF)


def _hostile_site() -> dict[str, object]:
    overrides: dict[str, object] = {c: MARKERS[c] for c in
                                    ("Author", "Line manager", "Administrators", "Moderators",
                                     "External vetting by")}
    overrides.update({c: payload(c) for c in (*SHOWN_REGISTER, *HIDDEN_REGISTER)})
    overrides.update({"Host": "Third party", "Platform minimum age": 5,
                      "Contributors: Public": "Y"})
    return site_row(**overrides)


def _hostile_breach(breach_id: str, day: int) -> dict[str, object]:
    return breach_row(**{
        "Breach ID": breach_id, "Staff member": MARKERS["Staff member"],
        "Reported by": MARKERS["Reported by"], "Description": MARKERS["Description"],
        "Date occurred": dt.date(2026, 10, day), "Date identified": dt.date(2026, 10, day),
        "Date reported": dt.date(2026, 10, day), "Staff group": "Contractor",
        "Safeguarding concern": "Y", "Outcome": "Under investigation", "Date closed": None,
    })


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """A pack from workbooks with markers in every names column and payloads in text columns."""
    base = tmp_path_factory.mktemp("hostile")
    objective = {"Objective ID": payload("Objective ID"), "Objective": payload("Objective"),
                 "Measure": payload("Measure")}
    data = write_data(
        base / "data",
        register=[_hostile_site()],
        breaches=[_hostile_breach(payload("Breach ID"), 5), _hostile_breach("B-2", 6)],
        objectives=[objective_row(**objective), objective_row(**objective, Term="Summer 2026")],
        activity=[activity_row(), activity_row(Term="Summer 2026")],
    )
    return _build(base, data)


# --- the files --------------------------------------------------------------------------


def test_pack_holds_the_overview_and_one_page_per_site_in_scope(demo: Pack) -> None:
    """index.html, summary.json and sites/SM-01.html ... SM-09.html; no notebook in the pack."""
    assert (demo.out / "index.html").is_file()
    assert demo.site_ids() == list(DEMO_SITES)
    assert not list(demo.out.rglob("*.ipynb"))


def test_executed_notebooks_are_kept_apart_and_emitted_no_warning(demo: Pack) -> None:
    """--keep-notebooks gets every executed notebook; none has a stderr stream or an error."""
    kept = sorted(p.relative_to(demo.keep).as_posix() for p in demo.keep.rglob("*.ipynb"))
    assert kept == ["actions.ipynb", "index.ipynb", *(f"sites/{s}.ipynb" for s in DEMO_SITES)]
    for path in demo.keep.rglob("*.ipynb"):
        book = nbformat.read(str(path), as_version=4)
        kinds = {(o.output_type, o.get("name")) for c in book.cells if c.cell_type == "code"
                 for o in c.outputs}
        assert kinds == {("display_data", None)}, path.name
        assert path.stat().st_size < 1_000_000, f"{path.name} carries plotly.js"


# --- what a page may hold --------------------------------------------------------------


def test_pages_show_no_code_and_no_prompts(demo: Pack) -> None:
    """No source code and no In [ ] / Out[ ] prompts on any page."""
    for name in demo.pages():
        text = demo.parsed(name).visible
        for code in ("import ", "In [", "Out[", "In\xa0[", "load_context", "ctx.show", "site_id ="):
            assert code not in text, (name, code)
        assert "jp-InputArea" not in demo.html(name)


def test_pages_fetch_nothing_from_the_network(demo: Pack) -> None:
    """Every script and stylesheet is a file of the pack's assets/ folder, by relative path."""
    remote = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
    for name in demo.pages():
        parsed = demo.parsed(name)
        for tag, attrs in parsed.tags:
            for attr in ("src", "href", "data", "srcset", "poster"):
                assert not remote.match(attrs.get(attr) or ""), (name, tag, attrs)
            shared = attrs.get("src") if tag == "script" else (
                attrs.get("href") if tag == "link" else None)
            if shared:
                target = (demo.out / name).parent / shared
                assert target.resolve().parent == (demo.out / "assets").resolve(), (name, shared)
                assert target.is_file(), (name, shared)
        ours = demo.html(name)
        assert "require" not in ours and "mathjax" not in ours.lower()
        assert "@import" not in ours and "url(" not in ours and "http" not in ours
    for asset in (demo.out / "assets").iterdir():
        text = asset.read_text(encoding="utf-8")
        if asset.name != pages.PLOTLY_JS:
            assert "url(" not in text and "http" not in text and "@import" not in text, asset.name


def test_each_script_is_stored_once_in_assets(demo: Pack) -> None:
    """plotly.js, charts.js and the stylesheet are in assets/ once; pages load them deferred."""
    assets = demo.out / "assets"
    assert sorted(p.name for p in assets.iterdir()) == ["charts.js", "governors.css", "plotly.min.js"]
    assert (assets / "plotly.min.js").read_text(encoding="utf-8") == plotly_js()
    banner = plotly_js()[:200]
    for name in demo.pages():
        page = demo.html(name)
        prefix = "../assets/" if name.startswith("sites/") else "assets/"
        assert banner not in page and len(page) < 200_000, name
        assert f'<link rel="stylesheet" href="{prefix}governors.css">' in page, name
        main_ends = page.index("</main>")
        for script in ("plotly.min.js", "charts.js"):
            tag = f'<script defer src="{prefix}{script}"></script>'
            assert page.count(tag) == 1 and page.index(tag) > main_ends, (name, script)
    total = sum(p.stat().st_size for p in demo.out.rglob("*") if p.is_file())
    assert total < len(plotly_js()) + 1_000_000  # the demo pack: about 5 MB, not 47


def test_overview_has_every_chart_each_with_its_table(demo: Pack) -> None:
    """chart-rag, chart-breach-clauses and chart-breach-trend, each followed by its numbers."""
    parsed = demo.parsed("index.html")
    assert set(overview.CHART_IDS) <= parsed.ids()
    _each_chart_has_a_table(demo.html("index.html"))


def test_site_pages_have_every_chart_each_with_its_table(demo: Pack) -> None:
    """SM-01 (activity in every term) has all five charts; every chart shown has a table."""
    assert set(sitepage.CHART_IDS) <= demo.parsed("sites/SM-01.html").ids()
    for site in DEMO_SITES:
        name = f"sites/{site}.html"
        charts_here = {i for i in demo.parsed(name).ids() if i.startswith("chart-")} - {
            f"{c}-figure" for c in sitepage.CHART_IDS}
        assert charts_here <= set(sitepage.CHART_IDS)
        _each_chart_has_a_table(demo.html(name))


def _each_chart_has_a_table(page: str) -> None:
    figures = page.count('class="chart"')
    assert figures > 0 and figures == page.count("(the numbers in the chart)</caption>")
    assert page.count('class="plotly-graph-div"') == figures


def test_overview_links_to_every_site_page_and_back(demo: Pack) -> None:
    """Each Site ID links to its page; each site page links back to ../index.html."""
    links = {a.get("href") for t, a in demo.parsed("index.html").tags if t == "a"}
    assert {f"sites/{s}.html" for s in DEMO_SITES} <= links
    for site in DEMO_SITES:
        back = {a.get("href") for t, a in demo.parsed(f"sites/{site}.html").tags if t == "a"}
        assert "../index.html" in back


def test_results_read_in_words_and_symbols(demo: Pack) -> None:
    """RAG and check results carry a symbol and a word, not colour alone."""
    assert {"● Red", "▲ Amber", "✔ Green"} <= _phrases(demo.parsed("index.html").visible)
    assert "● Red" in demo.parsed("sites/SM-03.html").visible
    assert "✔ Green" in demo.parsed("sites/SM-01.html").visible
    assert "▲ Amber" in demo.parsed("sites/SM-05.html").visible
    checks = demo.parsed("sites/SM-05.html").visible
    assert "✘ Fail" in checks and "? Unknown" in checks and "✔ Pass" in checks


def _phrases(text: str) -> set[str]:
    return {p for p in ("● Red", "▲ Amber", "✔ Green") if p in text}


def test_site_page_shows_every_check_with_its_clause(demo: Pack) -> None:
    """Every check of spec 3 is listed with its clause on a site's page."""
    text = demo.parsed("sites/SM-03.html").visible.replace(" , ", ", ")  # each clause is a link
    for check, clause in (("APPROVAL", "A3.2, A3.6"), ("MINIMUM-AGE", "7.3, A2.5"),
                          ("SAFEGUARDING", "A2.3, A5.6"), ("CONSENT", "Appendix B")):
        assert f"{check} {clause}" in text
    assert f"The {len(SITE_CHECKS)} checks of this site" in text


#: Spec section 3: each site check and its clause, in the order the spec lists them.
SPEC_CHECKS = (
    ("APPROVAL", "A3.2, A3.6"), ("ADMINISTRATORS", "A5.4"), ("MODERATORS", "A5.4"),
    ("EXIT-PLAN", "A1.6"), ("CLOSURE-DUE", "A1.6"), ("MINIMUM-AGE", "7.3, A2.5"),
    ("TERMS-OF-USE", "A4.1"), ("LOGO", "A4.7"), ("BRAND-APPROVED", "A3.5"),
    ("PUPIL-PRIVACY", "A5.2"), ("VETTING", "A5.7"), ("ADVERTISING", "A5.8"),
    ("CONSENT", "Appendix B"), ("EVALUATION-PLAN", "A1.7"), ("ACTIVE", "A1.5, A1.6"),
    ("MODERATOR-COVER", "A5.4"), ("SAFEGUARDING", "A2.3, A5.6"),
)


def test_checks_matrix_heads_each_column_with_check_and_clause(demo: Pack) -> None:
    """The overview's matrix has a column per check of spec 3, each headed by its title with its
    code and clause small beside it, in order."""
    text = demo.parsed("index.html").visible
    heads = " ".join(f"{check_def(check).title} {check} · {clause}" for check, clause in SPEC_CHECKS)
    assert f"Each site against each check Site {heads} SM-01" in text
    assert ("✔ Pass does what the policy asks ✘ Fail does not – N/A not applicable: the check "
            "does not apply to the site") in text


def test_pages_explain_the_ratings_in_plain_english(demo: Pack) -> None:
    """The overview and each site page carry the key: what Red, Review, Unknown ... mean."""
    for name, title in (("index.html", "How to read this report"),
                        ("sites/SM-05.html", "How to read this page")):
        text = demo.parsed(name).visible
        assert title in text
        assert "● Red A serious gap" in text and "↻ Review Not meeting all its objectives" in text
        assert "? Unknown The check could not be made" in text
        assert "Partly met from 75%" in text  # the demo's school.toml keeps the default
    site = demo.parsed("sites/SM-05.html")
    assert ("a", {"href": "#legend"}) in site.tags and "legend" in site.ids()


def test_pages_have_a_real_heading_structure(demo: Pack) -> None:
    """lang="en", one h1, then h2 sections, never skipping a level."""
    for name in demo.pages():
        parsed = demo.parsed(name)
        assert ("html", {"lang": "en"}) in parsed.tags
        levels = parsed.headings()
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)


def test_footer_gives_version_parameters_and_input_fingerprints(demo: Pack) -> None:
    """Each page names the package version, its parameters and each input's SHA-256."""
    digests = {f: hashlib.sha256((DEMO / f).read_bytes()).hexdigest() for f in
               ("approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx", "school.toml")}
    for name in ("index.html", "sites/SM-04.html"):
        text = demo.parsed(name).visible
        assert f"stockham-analytics {__version__}" in text and "term Autumn 2026" in text
        assert all(f"{file} {digest}" in text for file, digest in digests.items())
    assert "site_id SM-04" in demo.parsed("sites/SM-04.html").visible


def test_pages_print_on_a4_and_fit_a_phone(demo: Pack) -> None:
    """A viewport meta tag, an A4 @page rule, unbroken charts and table rows, stacking tables."""
    page = demo.html("sites/SM-01.html")
    css = (demo.out / "assets" / "governors.css").read_text(encoding="utf-8")
    assert 'name="viewport"' in page and "size: A4" in css
    assert "break-inside: avoid" in css and "content: attr(data-label)" in css


# --- names and hostile text --------------------------------------------------------------


def _text_of(path: Path) -> str:
    """A file's text; for a workbook, the text of every part of its zip."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(n).decode("utf-8") for n in book.namelist())
    return path.read_text(encoding="utf-8")


def test_no_name_or_description_reaches_any_file_of_the_pack(hostile: Pack) -> None:
    """Markers typed in every names column and in Description appear in no file."""
    files = [p for p in hostile.out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"index.html", "SM-01.html", "summary.json"}
    words = {w for marker in MARKERS.values() for w in re.findall(r"Qx\w+", marker)}
    for path in [*files, *hostile.keep.rglob("*.ipynb")]:
        content = _text_of(path).lower()
        assert not [w for w in words if w.lower() in content], path


def test_script_payloads_come_out_as_visible_text(hostile: Pack) -> None:
    """Payloads in text columns are shown as text and never become tags or scripts."""
    shown = hostile.parsed("sites/SM-01.html").visible + hostile.parsed("index.html").visible
    for column in (*SHOWN_REGISTER, "Objective ID", "Objective", "Measure"):
        assert payload(column) in shown, column
    for name in hostile.pages():
        parsed, page = hostile.parsed(name), hostile.html(name)
        assert SCRIPT not in page and "<img" not in page, name
        assert not any("onerror" in attrs for _, attrs in parsed.tags), name
        charts = page.count('class="plotly-graph-div"')
        assert len(parsed.scripts) == 2 + charts, name  # plotly.js, print sizing, one per chart


# --- failures -----------------------------------------------------------------------------


@pytest.fixture
def broken_site_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kernels started from now on find ``sitepage.checks`` raising an error."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "import stockham_analytics.pages.sitepage as sitepage\n\n"
        "def _broken(*args, **kwargs):\n"
        "    raise RuntimeError('injected failure in sitepage.checks')\n\n"
        "sitepage.checks = _broken\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(inject))
    temp = tmp_path / "temp"  # the failed notebooks are kept here, not in the real /tmp
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))


@pytest.mark.usefixtures("broken_site_notebook")
def test_a_failed_notebook_is_never_converted(tmp_path: Path) -> None:
    """The site pages fail: no site page is written and the failed notebook is kept."""
    report = evaluate(load_dataset(DEMO), AUTUMN_2026)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(ReportError) as caught:
        pages.render_pages(DEMO, report, staging)
    error = caught.value
    assert error.report.startswith("site page SM-0") and error.step == "running the notebook"
    assert "injected failure in sitepage.checks" in error.detail
    assert not list(staging.glob("sites/*.html"))
    assert error.kept is not None and "injected failure" in error.kept.read_text(encoding="utf-8")


@pytest.mark.usefixtures("broken_site_notebook")
def test_failed_run_keeps_the_earlier_pack_and_says_what_failed(
    demo: Pack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 4, one plain line naming the page and the step; the earlier pack is untouched."""
    out = tmp_path / "reports" / "autumn-2026"
    shutil.copytree(demo.out, out)
    before = _snapshot(out)
    code = cli.main(["report", "--data", str(DEMO), "--term", TERM, "--out", str(out), "--quiet",
                     "--as-of", "2026-12-10"])
    err = capsys.readouterr().err.strip()
    assert code == cli.EXIT_REPORT
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert re.match(r"The site page SM-0\d failed while running the notebook: RuntimeError", err)
    kept = re.search(r"kept at (\S+\.ipynb)", err)
    assert kept and Path(kept.group(1)).is_relative_to(tmp_path / "temp")
    assert "injected failure in sitepage.checks" in Path(kept.group(1)).read_text(encoding="utf-8")
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["autumn-2026"]


@pytest.mark.usefixtures("broken_site_notebook")
def test_failed_first_run_leaves_no_pack_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without an earlier pack, a failed run leaves no folder at all where the pack would go."""
    out = tmp_path / "reports" / "autumn-2026"
    code = cli.main(["report", "--data", str(DEMO), "--term", TERM, "--out", str(out), "--quiet",
                     "--as-of", "2026-12-10"])
    assert code == cli.EXIT_REPORT and "running the notebook" in capsys.readouterr().err
    assert not out.exists()


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- in a browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_pages_fit_a_phone_draw_every_chart_and_stay_offline(
    demo: Pack, chromium_browser: Any
) -> None:
    """At 375px nothing scrolls sideways but tables; every chart draws; only file: is fetched."""
    page = chromium_browser.new_page(viewport={"width": 375, "height": 800})
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for name in ("index.html", "sites/SM-01.html", "sites/SM-03.html"):
        page.goto((demo.out / name).as_uri())
        page.wait_for_function("document.querySelectorAll('.plotly-graph-div .main-svg').length > 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
        drawn = page.evaluate("[...document.querySelectorAll('.plotly-graph-div')]"
                              ".filter(d => d.querySelector('.main-svg')).length")
        assert drawn == demo.html(name).count('class="plotly-graph-div"'), name
    page.close()
    assert fetched and all(url.startswith("file:") for url in fetched)


#: The width of an A4 page less 12 mm margins each side (the stylesheet's @page), in CSS px.
A4_CONTENT_PX = 703


@pytest.mark.browser
def test_every_page_fits_a4_paper_and_a_phone(demo: Pack, chromium_browser: Any) -> None:
    """Printed on A4 no table runs past its box; at 375px nothing scrolls sideways but tables."""
    overflow = ("[...document.querySelectorAll('.table-wrap')]"
                ".filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.getAttribute('aria-label'))")
    paper = chromium_browser.new_page(viewport={"width": A4_CONTENT_PX, "height": 1000})
    paper.emulate_media(media="print")
    phone = chromium_browser.new_page(viewport={"width": 375, "height": 800})
    for name in demo.pages():
        paper.goto((demo.out / name).as_uri())
        assert paper.evaluate(overflow) == [], name
        assert paper.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_PX, name
        phone.goto((demo.out / name).as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, name
    paper.close()
    phone.close()


@pytest.mark.browser
def test_matrix_shows_symbols_under_upright_headings(
    demo: Pack, chromium_browser: Any
) -> None:
    """On screen and paper the matrix shows symbols (words kept for readers) under upright heads."""
    page = chromium_browser.new_page(viewport={"width": A4_CONTENT_PX, "height": 1000})
    page.goto((demo.out / "index.html").as_uri())
    hidden_word = ("(() => { const r = document.querySelector('table.matrix .badge-word')"
                   ".getBoundingClientRect(); return r.width <= 1 && r.height <= 1; })()")
    modes = []
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        assert page.evaluate(hidden_word), media
        assert page.locator(".legend.inline .badge").first.is_visible()
        modes.append(page.evaluate(
            "getComputedStyle(document.querySelector('.matrix-head')).writingMode"))
    page.close()
    assert modes == ["vertical-rl", "vertical-rl"]


@pytest.mark.browser
def test_without_javascript_the_tables_still_say_everything(
    demo: Pack, chromium_browser: Any
) -> None:
    """With JavaScript off the empty chart boxes are hidden and each chart's table is shown."""
    context = chromium_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((demo.out / "index.html").as_uri())
    assert page.locator(".chart-plot").first.is_hidden()
    assert page.get_by_text("Sites by RAG rating (the numbers in the chart)").is_visible()
    context.close()


# --- decisions first, provisional everywhere (issue 8) --------------------------------------------

NOTICE = "Provisional: figures to 10/12/2026; the term ends 31/12/2026"


def test_a_provisional_pack_says_so_at_the_top_of_every_page_and_in_its_title(demo: Pack) -> None:
    """Judged on 10/12/2026, every page (overview, to-do list, each site) carries the notice."""
    for name in demo.pages():
        parsed = demo.parsed(name)
        assert demo.html(name).count("<title>Provisional · ") == 1, name
        header = parsed.visible.split("For the governors")[0] if name == "index.html" else (
            parsed.visible[:600])
        assert NOTICE in header, name


def test_a_final_pack_is_not_marked_provisional(hostile: Pack) -> None:
    """Judged at the term's end (no --as-of), no page says Provisional."""
    for name in ("index.html", "actions.html", "sites/SM-01.html"):
        assert "Provisional" not in hostile.html(name), name


def test_overview_opens_with_the_decisions_and_ends_with_the_reading_guide(demo: Pack) -> None:
    """Order: For the governors, Sites, ..., Breaches, ..., How to read this report (once)."""
    text = demo.parsed("index.html").visible
    order = [text.index(h) for h in ("For the governors", "Sites in scope this term",
                                     "Breaches this term by policy clause",
                                     "How to read this report")]
    assert order == sorted(order)
    assert text.count("How to read this report") == 1
    assert "Year 2 Class Page 2025-26 (SM-07) is recommended to close: planned closure on " \
           "24/07/2026, but still live on 10/12/2026." in text
    assert "Stockham Sports Facebook Page (SM-03) is Red: Pupils aged 7 use Facebook, whose " \
           "minimum age is 13." in text
    assert "Red for 4 terms running" in text  # SM-03: Red in all four terms of the demo


def test_to_do_list_is_its_own_page_linked_from_the_overview(demo: Pack) -> None:
    """The overview keeps one line and the link; actions.html holds the list; actions.xlsx too."""
    overview_html = demo.html("index.html")
    assert 'href="actions.html"' in overview_html and 'href="actions.xlsx"' in overview_html
    assert "What to do" not in demo.parsed("index.html").visible
    assert "What the business manager needs to do for Autumn 2026" in demo.parsed(
        "actions.html").visible
    assert (demo.out / "actions.xlsx").is_file()


@pytest.mark.browser
def test_decisions_and_the_sites_table_show_without_scrolling(
    demo: Pack, chromium_browser: Any
) -> None:
    """On a 1280x900 screen the decisions and the first site's row are above the fold."""
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((demo.out / "index.html").as_uri())
    last_decision = page.evaluate(
        "document.querySelector('ul.decisions li:last-child').getBoundingClientRect().bottom")
    first_row = page.evaluate(
        "document.querySelector('table.sites tbody tr').getBoundingClientRect().top")
    page.close()
    assert last_decision < first_row < 900
