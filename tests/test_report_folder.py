"""Spec 5: the output folder is replaced whole, never half-written, and never someone else's."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from builders import site_row, write_data
from factories import AUTUMN_2026
from filelock import FileLock
from locks import abandon_lock

from stockham_analytics.errors import InvalidInputError, OutputFolderError, ReportError
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pack import build as report
from stockham_analytics.pack import html_pages as pages
from stockham_analytics.pack.build import MARKER, build_report
from stockham_analytics.pack.scratch import lock_file


def _data(tmp_path: Path, name: str = "Year 5 class blog") -> Path:
    return write_data(tmp_path / "data", register=[site_row(**{"Site name": name})])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_summary_lands_in_the_term_folder(tmp_path: Path, temp_area: Path) -> None:
    """A summary-only pack holds summary.json and the marker, with nothing left beside it."""
    out = tmp_path / "reports" / AUTUMN_2026.slug
    assert build_report(_data(tmp_path), AUTUMN_2026, out, pages=False) == out
    assert sorted(os.listdir(out)) == [MARKER, "summary.json"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["term"] == "Autumn 2026"
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    assert os.listdir(temp_area) == []


def test_rebuild_replaces_the_whole_pack(tmp_path: Path, temp_area: Path) -> None:
    """A second run replaces the pack whole: files of the earlier pack do not linger."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "First name"), AUTUMN_2026, out, pages=False)
    (out / "sites").mkdir()
    (out / "sites" / "OLD.html").write_text("old page", encoding="utf-8")
    with (out / MARKER).open("a", encoding="utf-8") as marker:  # a page the earlier pack had
        marker.write("file: sites/OLD.html\n")
    build_report(_data(tmp_path, "Second name"), AUTUMN_2026, out, pages=False)
    assert sorted(os.listdir(out)) == [MARKER, "summary.json"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["sites"][0]["site_name"] == "Second name"
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    assert os.listdir(temp_area) == []


def test_empty_existing_folder_is_used(tmp_path: Path, temp_area: Path) -> None:
    """An empty folder made beforehand becomes the pack."""
    out = tmp_path / "pack"
    out.mkdir()
    build_report(_data(tmp_path), AUTUMN_2026, out, pages=False)
    assert (out / "summary.json").is_file()


def test_foreign_folder_is_refused_and_kept(tmp_path: Path, temp_area: Path) -> None:
    """A folder holding files this command did not write is refused and left exactly as it was."""
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "governors-notes.docx").write_bytes(b"precious")
    with pytest.raises(OutputFolderError, match="did not write") as caught:
        build_report(_data(tmp_path), AUTUMN_2026, out, pages=False)
    assert caught.value.path == out
    assert _snapshot(out) == {"governors-notes.docx": b"precious"}
    assert os.listdir(temp_area) == []


def test_file_in_the_way_is_refused(tmp_path: Path, temp_area: Path) -> None:
    """An output path that is a file is refused and not touched."""
    out = tmp_path / "autumn-2026"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="not a folder"):
        build_report(_data(tmp_path), AUTUMN_2026, out, pages=False)
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_invalid_input_writes_nothing(tmp_path: Path, temp_area: Path) -> None:
    """Invalid workbooks raise InvalidInputError and create no output folder at all."""
    data = write_data(tmp_path / "data", register=[site_row(Status="Maybe")])
    out = tmp_path / "reports" / "autumn-2026"
    with pytest.raises(InvalidInputError):
        build_report(data, AUTUMN_2026, out, pages=False)
    assert not (tmp_path / "reports").exists()
    assert os.listdir(temp_area) == []


def _failing_pages(data_dir: Path, term_report: TermReport, staging: Path, **_: object) -> None:
    (staging / "index.html").write_text("half a page", encoding="utf-8")
    raise ReportError("governors' overview", "running the notebook", "a chart failed")


def test_failed_run_leaves_earlier_pack_as_it_was(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page that fails half-way leaves the earlier pack byte for byte, and no staging behind."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "First name"), AUTUMN_2026, out, pages=False)
    before = _snapshot(out)
    monkeypatch.setattr(pages, "render_pages", _failing_pages)
    with pytest.raises(ReportError):
        build_report(_data(tmp_path, "Second name"), AUTUMN_2026, out)
    assert _snapshot(out) == before
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    assert os.listdir(temp_area) == []


def test_pages_are_written_into_the_pack(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """render_pages gets the data folder, the report and the options, and its pages are published."""
    seen: dict[str, object] = {}

    def fake_pages(data_dir: Path, term_report: TermReport, staging: Path, **options: object) -> None:
        seen.update(options, data_dir=data_dir, term=term_report.term)
        (staging / "index.html").write_text("overview", encoding="utf-8")

    monkeypatch.setattr(pages, "render_pages", fake_pages)
    data, out = _data(tmp_path), tmp_path / "reports" / "autumn-2026"
    build_report(data, AUTUMN_2026, out, keep_notebooks=tmp_path / "nb", progress=True)
    assert seen == {"data_dir": data, "term": AUTUMN_2026, "keep_notebooks": tmp_path / "nb", "progress": True}
    assert sorted(os.listdir(out)) == [MARKER, "actions.xlsx", "index.html", "policy.html", "summary.json"]


def test_without_renameat2_two_renames_still_publish(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2 is missing, the pack is still replaced whole and the old one removed."""
    monkeypatch.setattr(report, "_renameat2", lambda source, target, flags: False)
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "First name"), AUTUMN_2026, out, pages=False)
    build_report(_data(tmp_path, "Second name"), AUTUMN_2026, out, pages=False)
    assert "Second name" in (out / "summary.json").read_text(encoding="utf-8")
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    assert os.listdir(temp_area) == []


def test_other_filesystem_stages_in_a_hidden_sibling_then_cleans_up(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the temporary folder is elsewhere, staging goes beside the output and is removed."""
    reports = tmp_path / "reports"
    reports.mkdir()
    stale = reports / ".autumn-2026.stockham-staging-dead"
    stale.mkdir()
    (stale / "half.html").write_text("left by a killed run", encoding="utf-8")
    abandon_lock(stale)
    live = reports / ".autumn-2026.stockham-staging-live"
    live.mkdir()
    monkeypatch.setattr(report, "_same_device", lambda a, b: False)
    with FileLock(lock_file(live), thread_local=False):  # another run still at work
        build_report(_data(tmp_path), AUTUMN_2026, reports / "autumn-2026", pages=False)
    beside = sorted(n for n in os.listdir(reports) if n != lock_file(live).name)  # the live run's
    assert beside == [".autumn-2026.stockham-staging-live", "autumn-2026"]
    assert os.listdir(temp_area) == []


def test_cross_device_rename_copies_beside_the_output(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename from the temporary folder crosses filesystems, the pack is copied beside it first."""
    real_publish = report.publish

    def publish(pack: Path, out: Path, term: object = None) -> None:
        if temp_area in pack.parents:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_publish(pack, out, term)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "publish", publish)
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path), AUTUMN_2026, out, pages=False)
    assert sorted(os.listdir(out)) == [MARKER, "summary.json"]
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    assert os.listdir(temp_area) == []


def test_folder_turned_foreign_during_the_build_is_kept(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder someone fills while the pages are built is checked again and not replaced."""
    out = tmp_path / "reports" / "autumn-2026"

    def intruding_pages(data_dir: Path, term_report: TermReport, staging: Path, **_: object) -> None:
        out.mkdir(parents=True)
        (out / "mine.txt").write_text("someone else's", encoding="utf-8")

    monkeypatch.setattr(pages, "render_pages", intruding_pages)
    with pytest.raises(OutputFolderError):
        build_report(_data(tmp_path), AUTUMN_2026, out)
    assert _snapshot(out) == {"mine.txt": b"someone else's"}
    assert os.listdir(temp_area) == []


_KILLER = """
import os, signal, sys
from pathlib import Path
from stockham_analytics.pack import html_pages as pages, build as report
from stockham_analytics.pack.scratch import lock_file
from stockham_analytics.terms import Term

point = sys.argv[3]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def dying_pages(data_dir, term_report, staging, **options):
    (staging / "index.html").write_text("half", encoding="utf-8")
    if point == "pages":
        die()

real_swap, real_place = report._swap, report._place

def swap(pack, out):
    real_swap(pack, out)
    if point == "swapped":
        die()

def place(pack, out):
    real_place(pack, out)
    if point == "placed":
        die()

pages.render_pages, report._swap, report._place = dying_pages, swap, place
report.build_report(Path(sys.argv[1]), Term(2026, 2), Path(sys.argv[2]))
"""


def _killed_run(data: Path, out: Path, point: str, temp_area: Path) -> int:
    env = {**os.environ, "TMPDIR": str(temp_area)}
    return subprocess.run([sys.executable, "-c", _KILLER, str(data), str(out), point],
                          env=env, check=False).returncode


@pytest.mark.parametrize(("point", "first", "survivor"), [
    ("pages", False, "old"), ("swapped", False, "new"), ("placed", True, "new"),
])
def test_killed_run_leaves_one_complete_pack(
    tmp_path: Path, temp_area: Path, point: str, first: bool, survivor: str
) -> None:
    """Killed with SIGKILL at a step, the folder holds the old or the new pack whole, nothing beside."""
    out = tmp_path / "reports" / "autumn-2026"
    if not first:
        build_report(_data(tmp_path, "Old name"), AUTUMN_2026, out, pages=False)
    old = _snapshot(out) if out.exists() else {}
    assert _killed_run(_data(tmp_path, "New name"), out, point, temp_area) == -signal.SIGKILL
    after = _snapshot(out)
    if survivor == "old":
        assert after == old
    else:
        assert sorted(after) == [MARKER, "actions.xlsx", "index.html", "policy.html", "summary.json"]
        assert b"New name" in after["summary.json"]
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    build_report(_data(tmp_path), AUTUMN_2026, out, pages=False)  # a later run tidies up
    assert os.listdir(temp_area) == []


def test_keep_notebooks_inside_the_pack_is_refused(tmp_path: Path, temp_area: Path) -> None:
    """A --keep-notebooks folder inside --out is refused before anything is written."""
    out = tmp_path / "reports" / "autumn-2026"
    with pytest.raises(OutputFolderError, match="outside --out"):
        build_report(_data(tmp_path), AUTUMN_2026, out, keep_notebooks=out / "nb", pages=False)
    assert not out.exists()


def test_keep_notebooks_through_a_link_into_the_pack_is_refused(tmp_path: Path, temp_area: Path) -> None:
    """A --keep-notebooks path that reaches the pack through a symlink is refused too."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path), AUTUMN_2026, out, pages=False)
    before = _snapshot(out)
    (tmp_path / "link").symlink_to(out)
    with pytest.raises(OutputFolderError, match="outside --out"):
        build_report(_data(tmp_path), AUTUMN_2026, out, keep_notebooks=tmp_path / "link" / "nb",
                     pages=False)
    assert _snapshot(out) == before
