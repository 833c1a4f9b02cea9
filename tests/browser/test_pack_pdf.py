"""pack.pdf printed by Debian's chromium: one A4 document, numbered, a bookmark per site.

The demo pack's pages are printed in-process (the printing runs in a thread of its own,
so it works beside the session's Playwright); a small pack is built end to end by
``report --pdf``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browsing import chromium
from builders import site_row, write_data
from pypdf import PdfReader
from pypdf.generic import Destination

from stockham_analytics import cli
from stockham_analytics.pack import pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADER = "Stockham Primary School · Autumn 2026"


@pytest.fixture(scope="module")
def browser_path() -> Path:
    """Debian's chromium (the PDF is printed by a browser already on the machine)."""
    found = chromium()
    if found is None:
        pytest.skip("no chromium on PATH: run `make chromium`")
    return Path(found)


@pytest.fixture(scope="module")
def demo_pdf(demo_pack: Path, browser_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pack.pdf of a copy of the demo pack (overview, then SM-01 ... SM-09, then the to-do list)."""
    copy = tmp_path_factory.mktemp("pdf") / "pack"
    shutil.copytree(demo_pack, copy)
    summary = json.loads((copy / "summary.json").read_text(encoding="utf-8"))
    parts = [pdf.Part("index.html", "Overview")] + [
        pdf.Part(f"sites/{s['site_id']}.html", f"{s['site_id']}: {s['site_name']}")
        for s in summary["sites"]] + [pdf.Part("actions.html", "To-do list")]
    return pdf.write_pdf(copy, parts, browser=browser_path, header=HEADER, title="Demo")


def _part_lengths(reader: PdfReader) -> dict[str, int]:
    """Each bookmark's title with the number of pages from it to the next (or the end)."""
    starts: list[tuple[str, int]] = []
    for item in reader.outline:
        assert isinstance(item, Destination)  # one level: a bookmark per part
        page = reader.get_destination_page_number(item)
        assert page is not None, item.title
        starts.append((str(item.title), page))
    ends = [start for _, start in starts[1:]] + [len(reader.pages)]
    return {title: end - start for (title, start), end in zip(starts, ends, strict=True)}


def test_one_bookmark_per_site_in_page_order(demo_pdf: Path) -> None:
    """The outline: Overview at page 1, then each site in order, each starting its own pages."""
    reader = PdfReader(demo_pdf)
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [title for title, _ in outline] == [
        "Overview", "SM-01: Year 6 Class Blog", "SM-02: Reading Buddies Exchange",
        "SM-03: Stockham Sports Facebook Page", "SM-04: Reception Phonics Corner",
        "SM-05: Music Showcase Blog", "SM-06: Maths Challenge Forum",
        "SM-07: Year 2 Class Page 2025-26", "SM-08: Homework Help Hub",
        "SM-09: Summer Fair Appeal Page", "To-do list"]
    starts = [page for _, page in outline]
    assert starts[0] == 0 and starts == sorted(set(starts))
    for (title, start) in outline[1:-1]:
        site_id = title.split(":")[0]
        assert f"{site_id}:" in reader.pages[start].extract_text(), title
    assert "to-do list" in reader.pages[starts[-1]].extract_text().lower()


def test_the_overview_prints_on_three_pages_and_each_site_on_two(demo_pdf: Path) -> None:
    """pack.pdf: the overview on at most 3 A4 pages, each of the 9 site pages on 1 or 2."""
    lengths = _part_lengths(PdfReader(demo_pdf))
    assert 1 <= lengths.pop("Overview") <= 3
    assert lengths.pop("To-do list") >= 1
    assert len(lengths) == 9 and all(1 <= n <= 2 for n in lengths.values()), lengths


def test_every_page_is_a4_and_numbered_across_the_whole_document(demo_pdf: Path) -> None:
    """Each page is A4 and headed with the school, the term and page n of N (N = all pages)."""
    reader = PdfReader(demo_pdf)
    total = len(reader.pages)
    assert 10 < total < 40
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, number
        text = page.extract_text()
        assert HEADER in text and f"page {number} of {total}" in text, number
        assert len(re.findall(r"page \d+ of \d+", text)) == 1, number  # not the page's own count


def test_the_pdf_holds_the_text_of_every_page(demo_pdf: Path) -> None:
    """The overview's headline, the checks and each site's summary are text, not pictures."""
    text = "\n".join(page.extract_text() for page in PdfReader(demo_pdf).pages)
    assert "social media sites: overview for governors" in text  # "Official" has an ffi ligature
    assert text.count("How to read this report") == 1 and text.count("About this page") == 1
    assert text.count("Checks against the policy") == 9
    assert "Qx" not in text and "Description" not in text


def test_report_pdf_builds_pack_pdf_inside_the_pack(
    tmp_path: Path, browser_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --pdf --browser chromium: pack.pdf in the pack; the overview, the site, the to-do."""
    data = write_data(tmp_path / "data", register=[site_row()])
    out = tmp_path / "pack"
    code = cli.main(["report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
                     "--pdf", "--browser", str(browser_path), "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert f"{out / 'pack.pdf'}" in capsys.readouterr().out
    reader = PdfReader(out / "pack.pdf")
    titles = [o.title for o in reader.outline]
    assert len(titles) == 3 and titles[0] == "Overview" and titles[1].startswith("SM-01: ")
    assert titles[2] == "To-do list"
    assert sorted(p.name for p in out.iterdir()) == [
        ".stockham-pack", "actions.html", "actions.xlsx", "assets", "index.html", "pack.pdf",
        "policy.html", "sites", "summary.json"]
