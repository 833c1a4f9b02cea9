"""Spec 5: nothing the user made is ever deleted or overwritten, and a refusal writes nothing."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from builders import write_data
from factories import AUTUMN_2026

from stockham_analytics.cli import main
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pack import build as report
from stockham_analytics.pack import html_pages as pages
from stockham_analytics.pack.build import MARKER, build_report, lock_file_for
from stockham_analytics.pack.lock import pack_lock


@pytest.fixture(autouse=True)
def quick_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pages as one stub file, and a private temporary folder, so each run takes a moment."""
    def stub(data_dir: Path, term_report: TermReport, staging: Path, **_: object) -> None:
        (staging / "index.html").write_text("<p>pack</p>", encoding="utf-8")

    monkeypatch.setattr(pages, "render_pages", stub)
    area = tmp_path / "tmp"
    area.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(area))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _report(data: Path, out: Path, term: str = "Autumn 2026") -> int:
    return main(["report", "--data", str(data), "--term", term, "--out", str(out), "--quiet",
                 "--as-of", "2027-03-31"])


def test_data_folder_inside_the_pack_is_refused(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Workbooks kept in PACK/inputs: the report refuses (exit 3) and deletes nothing."""
    out = tmp_path / "pack"
    build_report(write_data(tmp_path / "first"), AUTUMN_2026, out, pages=False)
    data = write_data(out / "inputs")
    before = _snapshot(out)
    assert _report(data, out) == 3
    assert _snapshot(out) == before
    err = capsys.readouterr().err
    assert "the data folder" in err and "inside it" in err and "Traceback" not in err


def test_data_folder_equal_to_the_output_is_refused(tmp_path: Path) -> None:
    """--data and --out the same folder: refused, the workbooks stay."""
    data = write_data(tmp_path / "data")
    before = _snapshot(data)
    assert _report(data, data) == 3
    assert _snapshot(data) == before


def test_a_pack_of_another_term_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The Spring 2027 pack at --out is not replaced by an Autumn 2026 report."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    assert _report(data, out, "Spring 2027") == 0
    before = _snapshot(out)
    assert _report(data, out, "Autumn 2026") == 3
    assert _snapshot(out) == before
    err = capsys.readouterr().err
    assert "Spring 2027 pack" in err and "reports/autumn-2026" in err


def test_an_older_pack_is_told_by_its_summary(tmp_path: Path) -> None:
    """A pack whose marker does not name its term is judged by summary.json's term."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    assert _report(data, out, "Spring 2027") == 0
    (out / MARKER).write_text("stockham-analytics 0.1.0\n", encoding="utf-8")
    assert _report(data, out, "Autumn 2026") == 3
    assert _report(data, out, "Spring 2027") == 0


def test_a_file_the_user_put_in_the_pack_is_kept(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """notes.txt in the pack folder: the report is refused, naming the file, and it stays."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    assert _report(data, out) == 0
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "sites").mkdir()
    (out / "sites" / "minutes.docx").write_bytes(b"minutes")
    before = _snapshot(out)
    assert _report(data, out) == 3
    assert _snapshot(out) == before
    err = capsys.readouterr().err
    assert "notes.txt" in err and "sites/minutes.docx" in err


def test_the_same_term_is_rebuilt(tmp_path: Path) -> None:
    """The pack this command wrote, of the same term, is replaced as before."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    assert _report(data, out) == 0
    assert _report(data, out) == 0
    assert sorted(os.listdir(out)) == [MARKER, "actions.xlsx", "index.html", "policy.html", "summary.json"]
    assert not lock_file_for(out).exists() and os.listdir(tmp_path / "tmp") == []


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """While one run holds the folder's lock, a second is refused (exit 3); the first goes on."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    with pack_lock(out, lock_file_for(out)):
        assert _report(data, out) == 3
        assert not out.exists()
        assert lock_file_for(out).exists()  # still the first run's
    assert "another stockham-analytics report is building this pack" in capsys.readouterr().err
    assert _report(data, out) == 0


def test_a_mount_point_is_refused_before_building(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """--out at a mount point cannot be replaced by a rename: refused before any page is built."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "drive"
    out.mkdir()
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == out)
    built: list[Path] = []
    monkeypatch.setattr(report, "write_pack", lambda *args, **kw: built.append(args[2]))
    assert _report(data, out) == 3
    assert built == [] and os.listdir(out) == []
    assert "mount point" in capsys.readouterr().err


def test_a_full_disk_says_so_and_names_the_folder(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """ENOSPC while writing: one message naming the folder; the earlier pack stays whole."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    assert _report(data, out) == 0
    before = _snapshot(out)

    def full(data_dir: Path, term_report: TermReport, pack: Path, **_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(pack / "summary.json"))

    monkeypatch.setattr(report, "write_pack", full)
    assert _report(data, out) == 5
    err = capsys.readouterr().err
    assert err.startswith("The disk is full: there was no room to write in ")
    assert f"{out} was left as it was" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _snapshot(out) == before
    assert os.listdir(tmp_path / "tmp") == []


@pytest.mark.parametrize("command", ["templates", "demo"])
def test_templates_and_demo_never_write_over_a_file(tmp_path: Path, command: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """An existing breach_log.xlsx: refused (exit 3), nothing written, the file unchanged."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "breach_log.xlsx").write_bytes(b"my real workbook")
    assert main([command, "--out", str(out)]) == 3
    assert _snapshot(out) == {"breach_log.xlsx": b"my real workbook"}
    err = capsys.readouterr().err
    assert "breach_log.xlsx" in err and "nothing was written" in err.lower()


def test_demo_never_writes_over_school_toml(tmp_path: Path) -> None:
    """A school.toml of the user's own is not replaced by the demo's."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "school.toml").write_text('[school]\nname = "Ours"\n', encoding="utf-8")
    assert main(["demo", "--out", str(out)]) == 3
    assert _snapshot(out) == {"school.toml": b'[school]\nname = "Ours"\n'}


@pytest.mark.parametrize("command", ["templates", "demo"])
def test_a_folder_of_workbooks_is_refused(tmp_path: Path, command: str) -> None:
    """A folder holding other workbooks (a data folder) gets nothing written into it."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "register 2025.xlsx").write_bytes(b"old register")
    assert main([command, "--out", str(out)]) == 3
    assert os.listdir(out) == ["register 2025.xlsx"]


def test_a_file_appearing_while_writing_leaves_nothing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook that appears half way: the files already written are taken back."""
    from stockham_analytics.authoring import newfiles

    real = newfiles.check_new_files
    monkeypatch.setattr(newfiles, "check_new_files", lambda *a, **k: None)
    out = tmp_path / "new"
    out.mkdir()
    (out / "site_evaluation.xlsx").write_bytes(b"appeared")
    assert main(["templates", "--out", str(out)]) == 3
    assert _snapshot(out) == {"site_evaluation.xlsx": b"appeared"}
    monkeypatch.setattr(newfiles, "check_new_files", real)


def test_templates_into_a_new_folder_still_work(tmp_path: Path) -> None:
    """A new folder gets the three templates."""
    assert main(["templates", "--out", str(tmp_path / "new")]) == 0
    assert sorted(os.listdir(tmp_path / "new")) == [
        "approval_register.xlsx", "breach_log.xlsx", "site_evaluation.xlsx"]


def test_a_folder_that_cannot_be_replaced_is_refused_before_building(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """No right to replace folders where --out is: refused at once, before any page."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "readonly" / "pack"
    out.parent.mkdir()
    monkeypatch.setattr(report.os, "access", lambda path, mode: Path(path) != out.parent)
    built: list[Path] = []
    monkeypatch.setattr(report, "write_pack", lambda *args, **kw: built.append(args[2]))
    assert _report(data, out) == 3
    assert built == [] and not out.exists()
    assert "may not create or replace folders in" in capsys.readouterr().err
