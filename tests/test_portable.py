"""The paths Windows takes: no POSIX-only import, the two-rename swap, kernels over tcp."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from builders import site_row, write_data
from factories import AUTUMN_2026
from locks import abandon_lock

from stockham_analytics.errors import OutputFolderError
from stockham_analytics.pack import build as report
from stockham_analytics.pack import portable
from stockham_analytics.pack.build import MARKER, aside_for, build_report
from stockham_analytics.pack.scratch import remove_stale, scratch_folder

ROOT = Path(__file__).resolve().parents[1]
STAND_IN = Path(__file__).resolve().parent / "portable"


@pytest.fixture
def temp_area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temporary folder, so that leftovers can be seen; renameat2 switched off."""
    area = tmp_path / "tmp"
    area.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(area))
    monkeypatch.setenv(portable.PORTABLE_ENV, "1")
    return area


def _data(tmp_path: Path, name: str) -> Path:
    return write_data(tmp_path / f"data-{len(name)}", register=[site_row(**{"Site name": name})])


def _summary(out: Path) -> str:
    return (out / "summary.json").read_text(encoding="utf-8")


def test_every_module_imports_without_fcntl() -> None:
    """With fcntl unimportable (as on Windows) every module of the package still imports."""
    package = ROOT / "stockham_analytics"
    modules = [".".join(("stockham_analytics", *p.relative_to(package).with_suffix("").parts))
               for p in sorted(package.rglob("*.py")) if p.name != "__init__.py"]
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(STAND_IN), str(ROOT)])}
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code, *modules], env=env,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(modules) > 30


def test_the_stand_in_really_hides_fcntl() -> None:
    """The stand-in folder makes `import fcntl` fail (so the test above can fail)."""
    env = {**os.environ, "PYTHONPATH": str(STAND_IN)}
    done = subprocess.run([sys.executable, "-c", "import fcntl"], env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1 and "ImportError" in done.stderr


def test_portable_switch_turns_off_renameat2_and_ipc(monkeypatch: pytest.MonkeyPatch) -> None:
    """STOCKHAM_PORTABLE=1: no atomic exchange is tried, and kernels talk over tcp."""
    monkeypatch.setenv(portable.PORTABLE_ENV, "1")
    assert (portable.may_exchange_atomically(), portable.kernel_transport()) == (False, "tcp")


def test_two_renames_replace_the_pack_and_leave_nothing_beside(tmp_path: Path, temp_area: Path) -> None:
    """Without renameat2 a second report replaces the first whole; no aside, no staging left."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "First name"), AUTUMN_2026, out, pages=False)
    build_report(_data(tmp_path, "Second name"), AUTUMN_2026, out, pages=False)
    assert "Second name" in _summary(out) and "First name" not in _summary(out)
    assert (os.listdir(out.parent), os.listdir(temp_area)) == (["autumn-2026"], [])


class Killed(BaseException):
    """Stands for the process dying: nothing after it runs, no except OSError catches it."""


def test_killed_between_the_renames_keeps_the_earlier_pack_whole_and_the_next_run_restores_it(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after moving the old pack aside: it is whole beside the output; the next run puts
    it back, then replaces it."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "Old name"), AUTUMN_2026, out, pages=False)
    old = _summary(out)
    real_rename = os.rename

    def dying_rename(source: str | Path, target: str | Path) -> None:
        if Path(target) == out:
            raise Killed
        real_rename(source, target)

    monkeypatch.setattr(report.os, "rename", dying_rename)
    with pytest.raises(Killed):
        build_report(_data(tmp_path, "New name"), AUTUMN_2026, out, pages=False)
    monkeypatch.setattr(report.os, "rename", real_rename)
    aside = aside_for(out)
    assert (out.exists(), sorted(os.listdir(aside)), _summary(aside)) == (
        False, [MARKER, "summary.json"], old)
    report.restore_aside(out)
    assert _summary(out) == old and not aside.exists()
    build_report(_data(tmp_path, "Newer name"), AUTUMN_2026, out, pages=False)
    assert "Newer name" in _summary(out) and os.listdir(out.parent) == ["autumn-2026"]


def test_refused_second_rename_puts_the_earlier_pack_back(
    tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the new pack cannot be moved in (a file open on Windows), the earlier pack is back in place."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "Old name"), AUTUMN_2026, out, pages=False)
    old = _summary(out)
    real_rename = os.rename

    def refusing_rename(source: str | Path, target: str | Path) -> None:
        if Path(target) == out and Path(source).name == "pack":
            raise PermissionError(13, "The process cannot access the file", str(source))
        real_rename(source, target)

    monkeypatch.setattr(report.os, "rename", refusing_rename)
    with pytest.raises(PermissionError):
        build_report(_data(tmp_path, "New name"), AUTUMN_2026, out, pages=False)
    assert _summary(out) == old
    assert (os.listdir(out.parent), os.listdir(temp_area)) == (["autumn-2026"], [])


def test_a_foreign_folder_where_the_aside_goes_is_refused_and_kept(
    tmp_path: Path, temp_area: Path
) -> None:
    """A folder named like the aside that is not a pack is never deleted; the earlier pack stays."""
    out = tmp_path / "reports" / "autumn-2026"
    build_report(_data(tmp_path, "Old name"), AUTUMN_2026, out, pages=False)
    aside = aside_for(out)
    aside.mkdir()
    (aside / "mine.txt").write_text("someone else's", encoding="utf-8")
    with pytest.raises(OutputFolderError):
        build_report(_data(tmp_path, "New name"), AUTUMN_2026, out, pages=False)
    assert (aside / "mine.txt").read_text(encoding="utf-8") == "someone else's"
    assert "Old name" in _summary(out)


def test_stale_scratch_is_removed_but_a_folder_without_a_lock_file_is_left_alone(tmp_path: Path) -> None:
    """A dead run's folder and lock (free) go; a folder with no lock file may be someone else's, and stays."""
    dead, foreign = tmp_path / "sa-k-dead", tmp_path / "sa-k-foreign"
    for folder in (dead, foreign):
        folder.mkdir()
        (folder / "k0.json").write_text("{}", encoding="utf-8")
    abandon_lock(dead)
    remove_stale(tmp_path, "sa-k-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sa-k-foreign"]


def test_a_lock_left_without_its_folder_is_removed(tmp_path: Path) -> None:
    """A run killed after taking its lock but before making its folder leaves a lock file; it goes."""
    abandon_lock(tmp_path / "sa-k-early")
    assert [p.name for p in tmp_path.iterdir()] == ["sa-k-early.lock"]
    remove_stale(tmp_path, "sa-k-")
    assert list(tmp_path.iterdir()) == []


def test_a_live_scratch_folder_and_its_lock_are_kept_then_removed_when_done(tmp_path: Path) -> None:
    """While in use the folder and its lock file stay, even through another run's clean-up; afterwards both go."""
    with scratch_folder(tmp_path, "sa-k-") as folder:
        remove_stale(tmp_path, "sa-k-")
        during = sorted(p.name for p in tmp_path.iterdir())
        assert during == [folder.name, f"{folder.name}.lock"]
    assert list(tmp_path.iterdir()) == []
