"""pack.pdf without a browser: finding one, refusing clearly when there is none, merging parts.

Printing with Debian's chromium is tested in tests/browser/test_pack_pdf.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from builders import site_row, write_data
from pypdf import PdfReader, PdfWriter

from stockham_analytics import cli
from stockham_analytics.pack import pdf
from stockham_analytics.pack.build import build_report
from stockham_analytics.pack.html_pages import css_string
from stockham_analytics.terms import Term


def _no_browser_anywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.delenv(pdf.BROWSER_ENV, raising=False)
    monkeypatch.setattr(pdf, "LINUX_PLACES", (tmp_path / "no" / "chromium",))


def test_no_browser_means_exit_6_a_list_of_places_and_nothing_built(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --pdf with no browser names where it looked and how to install one; writes nothing."""
    _no_browser_anywhere(monkeypatch, tmp_path)
    data = write_data(tmp_path / "data", register=[site_row()])
    out = tmp_path / "pack"
    code = cli.main(["report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
                     "--pdf", "--quiet"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_NO_BROWSER == 6
    assert "no Chromium, Chrome or Edge browser was found" in err
    assert "chromium (on PATH)" in err and str(tmp_path / "no" / "chromium") in err
    assert "apt install chromium" in err and "--browser PATH" in err and "Nothing was built" in err
    assert not out.exists()


def test_a_named_browser_that_is_missing_is_refused_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--browser naming no program: exit 6, the path in the message, the earlier pack untouched."""
    data = write_data(tmp_path / "data", register=[site_row()])
    out = tmp_path / "pack"
    build_report(data, Term(2026, 2), out, pages=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code = cli.main(["report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
                     "--pdf", "--browser", str(tmp_path / "nowhere" / "chrome")])
    assert code == 6
    assert str(tmp_path / "nowhere" / "chrome") in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_environment_variable_names_the_browser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """STOCKHAM_ANALYTICS_BROWSER wins over the usual places; --browser wins over it."""
    _no_browser_anywhere(monkeypatch, tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    for program in (first, second):
        program.write_text("#!/bin/sh\n", encoding="utf-8")
        program.chmod(0o755)
    monkeypatch.setenv(pdf.BROWSER_ENV, str(first))
    assert pdf.find_browser() == first
    assert pdf.find_browser(second) == second


def test_usual_places_cover_edge_and_chrome_on_windows_and_macos(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows looks for Edge and Chrome under Program Files; macOS in /Applications."""
    monkeypatch.setenv("PROGRAMFILES", r"C:\Program Files")
    windows = [str(p) for p in pdf.usual_places("win32")]
    assert any(p.endswith("msedge.exe") for p in windows)
    assert any(p.endswith("chrome.exe") for p in windows)
    mac = [str(p) for p in pdf.usual_places("darwin")]
    assert "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" in mac
    assert "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge" in mac


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_merge_keeps_the_order_and_bookmarks_each_part() -> None:
    """Parts of 2, 1 and 3 pages: 6 pages, bookmarks at pages 1, 3 and 4 (counting from 1)."""
    parts = [pdf.Part("index.html", "Overview"), pdf.Part("sites/A.html", "A: First"),
             pdf.Part("sites/B.html", "B: Second")]
    merged = PdfReader(io.BytesIO(pdf.merge([_pdf(2), _pdf(1), _pdf(3)], _pdf(6), parts, "T")))
    assert len(merged.pages) == 6
    assert [(o.title, merged.get_destination_page_number(o)) for o in merged.outline] == [
        ("Overview", 0), ("A: First", 2), ("B: Second", 3)]
    assert merged.metadata is not None and merged.metadata.title == "T"


def test_running_header_numbers_every_page_of_the_document() -> None:
    """The header document has one sheet per page, each with 'page n of N' and the school."""
    html = pdf.header_html("St <Ann>'s · Autumn 2026", 3)
    assert html.count('class="sheet"') == 3
    assert "page 1 of 3" in html and "page 3 of 3" in html
    assert "St &lt;Ann&gt;&#x27;s · Autumn 2026" in html and "<Ann>" not in html


def test_css_header_string_cannot_end_the_string_or_the_style() -> None:
    """School text in the print header's CSS string is escaped: quotes, backslashes, </style>."""
    escaped = css_string('A "B" \\ </style> ·')
    assert '"' not in escaped and "<" not in escaped and "/" not in escaped
    assert escaped == "A \\22 B\\22  \\5c  \\3c \\2f style\\3e  \\b7 "


def test_the_to_do_list_ends_the_pdf_when_the_pack_has_one(tmp_path: Path) -> None:
    """Overview, each site in scope, then actions.html only when the pack holds it."""
    from stockham_analytics.evaluation.engine import evaluate
    from stockham_analytics.pack.build import pdf_parts
    from stockham_analytics.workbooks.load import load_dataset

    data = write_data(tmp_path / "data", register=[site_row()])
    report = evaluate(load_dataset(data), Term(2026, 2))
    pack = tmp_path / "pack"
    pack.mkdir()
    site = report.sites[0]
    expected = [pdf.Part("index.html", "Overview"),
                pdf.Part(f"sites/{site.site_id}.html", f"{site.site_id}: {site.site_name}")]
    assert pdf_parts(report, pack) == expected
    (pack / "actions.html").write_text("<p>to do</p>", encoding="utf-8")
    assert pdf_parts(report, pack) == [*expected, pdf.Part("actions.html", "To-do list")]


def test_a_failed_print_leaves_the_earlier_pack_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pack.pdf is made in the staging folder: when printing fails the earlier pack is untouched."""
    from stockham_analytics.pack import html_pages as page_builder

    data = write_data(tmp_path / "data", register=[site_row()])
    out = tmp_path / "pack"
    build_report(data, Term(2026, 2), out, pages=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def pages_only(data_dir: Path, report: object, staging: Path, **_: object) -> None:
        (staging / "sites").mkdir()
        for page in ("index.html", "sites/SM-01.html"):
            (staging / page).write_text("<p>a page</p>", encoding="utf-8")

    def broken_browser(*_: object) -> None:
        raise RuntimeError("Target page, context or browser has been closed")

    monkeypatch.setattr(pdf, "check_ready", lambda named=None: tmp_path / "chromium")
    monkeypatch.setattr(page_builder, "render_pages", pages_only)
    monkeypatch.setattr(pdf, "print_parts", broken_browser)
    code = cli.main(["report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
                     "--pdf", "--quiet"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_REPORT
    assert "pack.pdf" in err and "browser has been closed" in err and "--browser" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
