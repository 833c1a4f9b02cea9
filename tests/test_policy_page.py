"""policy.html: the policy in every pack, escaped, with an anchor per clause that the pages link to."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import site_row, write_data
from factories import AUTUMN_2026

from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pack import html_pages as pages
from stockham_analytics.pack.build import build_report
from stockham_analytics.pages.markup import clause_links
from stockham_analytics.pages.policy_page import POLICY_PAGE, policy_html, policy_lines

ROOT = Path(__file__).resolve().parents[1]

SMALL = """Where this text comes from: copied unchanged below this line from somewhere.
Reviewed: September 2016
5. PRINCIPLES
5.1. Keep <b>personal</b> & professional lives separate.
6. PERSONAL USE
6.10. No school email.
 APPENDIX A: Requirements
1. CREATION OF SITES
1.1. High standards.
5. CONTRIBUTORS
5.4. At least two administrators.
APPENDIX B: Approval Form
"""


class _Ids(HTMLParser):
    """Collects every id and href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value:
                self.hrefs.append(value)


def _parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def test_each_section_and_clause_gets_the_id_pages_cite() -> None:
    """Sections 5, 6 and clauses 5.1, 6.10; in Appendix A, A1, A1.1, A5, A5.4; each appendix too."""
    anchors = [line.anchor for line in policy_lines(SMALL) if line.anchor]
    assert anchors == ["5", "5.1", "6", "6.10", "appendix-A", "A1", "A1.1", "A5", "A5.4",
                       "appendix-B"]


def test_the_source_note_is_not_shown_as_policy_text() -> None:
    """The first line of docs/policy.txt (where it comes from) is not a line of the policy."""
    assert [line.text for line in policy_lines(SMALL)][:2] == ["Reviewed: September 2016",
                                                               "5. PRINCIPLES"]


def test_policy_text_is_escaped() -> None:
    """Markup typed in the text shows as text: no <b> element, the & escaped."""
    page = policy_html(SMALL)
    assert "<b>" not in page
    assert "Keep &lt;b&gt;personal&lt;/b&gt; &amp; professional" in page


def test_repository_policy_has_every_clause_of_sections_5_to_7_and_appendix_a() -> None:
    """docs/policy.txt yields ids 5.1 ... 7.4, 9.3 and A1.1 ... A5.9 (counts by hand from the policy)."""
    ids = set(_parse(policy_html((ROOT / "docs" / "policy.txt").read_text(encoding="utf-8"))).ids)
    counts = {prefix: sum(1 for i in ids if re.fullmatch(re.escape(prefix) + r"\d+", i))
              for prefix in ["5.", "6.", "7.", "9.", "A1.", "A2.", "A3.", "A4.", "A5."]}
    assert counts == {"5.": 6, "6.": 15, "7.": 4, "9.": 3, "A1.": 7, "A2.": 7, "A3.": 7,
                      "A4.": 10, "A5.": 9}


def test_clause_links_from_the_overview_and_from_a_site_page() -> None:
    """Each clause of a list links to its id; site pages go one folder up; other text stays text."""
    assert str(clause_links("7.3, A2.5")) == (
        '<a href="policy.html#7.3">7.3</a>, <a href="policy.html#A2.5">A2.5</a>')
    assert str(clause_links("A5.4", from_sites=True)) == '<a href="../policy.html#A5.4">A5.4</a>'
    assert str(clause_links("Appendix B")) == '<a href="policy.html#appendix-B">Appendix B</a>'
    assert str(clause_links("Policy header")) == "Policy header"


def test_pack_with_pages_holds_policy_html_at_its_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """policy.html sits beside index.html (not in assets/) and has the anchor A5.4."""
    def fake_pages(data_dir: Path, report: TermReport, staging: Path, **_: object) -> None:
        (staging / "index.html").write_text("overview", encoding="utf-8")

    monkeypatch.setattr(pages, "render_pages", fake_pages)
    data = write_data(tmp_path / "data", register=[site_row()])
    out = build_report(data, AUTUMN_2026, tmp_path / "pack")
    assert 'id="A5.4"' in (out / POLICY_PAGE).read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_clause_link_of_the_demo_pack_lands_on_a_clause(tmp_path: Path) -> None:
    """In the demo pack each policy.html#... link, from the overview and from sites/, names an id there."""
    out = build_report(ROOT / "data", AUTUMN_2026, tmp_path / "pack")
    ids = set(_parse((out / POLICY_PAGE).read_text(encoding="utf-8")).ids)
    links = {(page.parent == out, href) for page in [out / "index.html", *(out / "sites").glob("*.html")]
             for href in _parse(page.read_text(encoding="utf-8")).hrefs if POLICY_PAGE in href}
    expected_prefix = {True: "policy.html#", False: "../policy.html#"}
    wrong = {(top, h) for top, h in links
             if not h.startswith(expected_prefix[top]) or h.split("#", 1)[1] not in ids}
    assert links and wrong == set()
