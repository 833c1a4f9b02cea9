"""Spec 5: Ctrl-C or a stop signal at any point: one line, exit 130/143, nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import write_data
from factories import AUTUMN_2026

from stockham_analytics.cli import main
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pack import build as report
from stockham_analytics.pack import html_pages as pages
from stockham_analytics.pack.build import build_report
from stockham_analytics.workbooks import load

SIGNALS = [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "a stop signal (SIGTERM)")]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _signalling(signum: int, real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, but the process signals itself on the way in (as Ctrl-C would)."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signum)
        return real(*args, **kwargs)
    return wrapper


def _stub_pages(data_dir: Path, term_report: TermReport, staging: Path, **_: object) -> None:
    (staging / "index.html").write_text("<p>pack</p>", encoding="utf-8")


def _stopped(err: str, cause: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"Stopped by {cause}: ")
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(("signum", "code", "cause"), SIGNALS)
@pytest.mark.parametrize("point", ["read_workbook", "load_settings"])
def test_validate_stops_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str], point: str,
                                signum: int, code: int, cause: str) -> None:
    """validate stopped while reading: one line, exit 128+signal, the workbooks unchanged."""
    data = write_data(tmp_path / "data")
    before = _snapshot(data)
    monkeypatch.setattr(load, point, _signalling(signum, getattr(load, point)))
    assert main(["validate", "--data", str(data)]) == code
    assert _stopped(capsys.readouterr().err, cause).endswith("no file was changed.")
    assert _snapshot(data) == before


@pytest.mark.parametrize(("signum", "code", "cause"), SIGNALS)
@pytest.mark.parametrize("point", ["load", "evaluate", "pages", "summary"])
def test_report_stops_cleanly(tmp_path: Path, temp_area: Path,
                              monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str], point: str,
                              signum: int, code: int, cause: str) -> None:
    """report stopped at each step: the earlier pack as it was, no staging, no lock left."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "reports" / "autumn-2026"
    build_report(data, AUTUMN_2026, out, pages=False)
    before = _snapshot(out)
    monkeypatch.setattr(pages, "render_pages", _stub_pages)
    target = {"load": (report, "load_dataset"), "evaluate": (report, "evaluate"),
              "pages": (pages, "render_pages"), "summary": (report, "write_summary")}[point]
    monkeypatch.setattr(*target, _signalling(signum, getattr(*target)))
    assert main(["report", "--data", str(data), "--term", "Autumn 2026",
                 "--out", str(out), "--quiet", "--as-of", "2026-12-31"]) == code
    line = _stopped(capsys.readouterr().err, cause)
    assert f"{out} was left as it was" in line
    assert _snapshot(out) == before
    assert os.listdir(tmp_path / "reports") == ["autumn-2026"]
    assert os.listdir(temp_area) == []


def test_a_signal_while_the_pack_is_put_in_place_lets_it_finish(
        tmp_path: Path, temp_area: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C during the final rename is held back: the new pack is whole, the run ends."""
    data = write_data(tmp_path / "data")
    out = tmp_path / "pack"
    monkeypatch.setattr(pages, "render_pages", _stub_pages)
    monkeypatch.setattr(report, "publish_across",
                        _signalling(signal.SIGINT, report.publish_across))
    assert main(["report", "--data", str(data), "--term", "Autumn 2026",
                 "--out", str(out), "--quiet", "--as-of", "2026-12-31"]) == 0
    assert (out / "index.html").is_file() and os.listdir(temp_area) == []
    assert "pack is ready" in capsys.readouterr().out


def test_handlers_are_put_back_after_a_run(tmp_path: Path) -> None:
    """Running the command in a notebook or a test leaves Ctrl-C as it was."""
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    main(["validate", "--data", str(tmp_path / "nowhere")])
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


# --- as the business manager stops it: a real subprocess, real kernels ---------------------

CLI = Path(sys.executable).parent / "stockham-analytics"


def _kernels(marker: str) -> list[int]:
    """Process ids of kernels whose command line names ``marker`` (their private TMPDIR)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"ipykernel" in command and marker.encode() in command:
            found.append(int(entry.name))
    return found


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(("signum", "code", "cause"), SIGNALS)
@pytest.mark.parametrize("when", ["kernels", "early"])
def test_stopping_a_real_report_leaves_no_kernel_and_no_files(
        tmp_path: Path, signum: int, code: int, cause: str, when: str) -> None:
    """A real report signalled early or while its kernels run: one line, nothing left behind."""
    data = Path(__file__).resolve().parents[1] / "data"
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "pack"
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [str(CLI), "report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
         "--quiet", "--as-of", "2026-12-31"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if when == "kernels":
        assert _wait_for(lambda: bool(_kernels(str(temp))), 90), "no kernel started"
    else:
        time.sleep(1.0)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert _stopped(err, cause).endswith("no temporary files remain.")
    assert not out.exists()
    assert _wait_for(lambda: not _kernels(str(temp)), 10), "a kernel was left running"
    assert os.listdir(temp) == [] and sorted(os.listdir(tmp_path)) == ["tmp"]


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_stopping_validate_from_outside(tmp_path: Path, signum: int, code: int) -> None:
    """validate signalled by another process while it reads: one line, exit 128+signal."""
    from stockham_analytics.authoring.demo import write_demo

    data = tmp_path / "data"
    write_demo(data)
    script = ("import sys, time\nfrom stockham_analytics import cli\n"
              "from stockham_analytics.workbooks import load\n"
              "real = load.read_workbook\n"
              "def slow(*a, **k):\n    print('reading', flush=True)\n    time.sleep(30)\n"
              "    return real(*a, **k)\n"
              "load.read_workbook = slow\nsys.exit(cli.main(sys.argv[1:]))\n")
    process = subprocess.Popen([sys.executable, "-c", script, "validate", "--data", str(data)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "reading\n"
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code
    assert err.strip().splitlines() == [
        f"Stopped by {'Ctrl-C' if signum == signal.SIGINT else 'a stop signal (SIGTERM)'}: "
        "no file was changed."]


# The first run holds the lock while it waits for the test's word (a file), so the second run
# meets it however fast this machine builds a pack.
_HELD_RUN = """\
import sys, time
from pathlib import Path
from stockham_analytics import cli
from stockham_analytics.pack import build
held, go = Path(sys.argv[1]), Path(sys.argv[2])
real = build.write_pack
def waiting(*args, **kwargs):
    held.touch()
    deadline = time.monotonic() + 120
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return real(*args, **kwargs)
build.write_pack = waiting
sys.exit(cli.main(sys.argv[3:]))
"""


@pytest.mark.slow
def test_a_second_report_into_the_same_folder_is_refused_while_the_first_goes_on(
        tmp_path: Path) -> None:
    """Two real runs into one --out: the second exits 3 at once, the first builds the pack."""
    from stockham_analytics.pack.build import lock_file_for

    data = Path(__file__).resolve().parents[1] / "data"
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "pack"
    arguments = ["report", "--data", str(data), "--term", "Autumn 2026", "--out", str(out),
                 "--quiet", "--as-of", "2026-12-31"]
    held, go = tmp_path / "held", tmp_path / "go"
    env = {**os.environ, "TMPDIR": str(temp)}
    first = subprocess.Popen([sys.executable, "-c", _HELD_RUN, str(held), str(go), *arguments],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tempfile.tempdir = str(temp)  # where the first run keeps its lock file
    try:
        lock = lock_file_for(out)
    finally:
        tempfile.tempdir = None
    try:
        assert _wait_for(held.exists, 120), "the first run never started building"
        assert lock.exists()
        second = subprocess.run([str(CLI), *arguments], env=env, capture_output=True, text=True,
                                timeout=120)
    finally:
        go.touch()
    assert second.returncode == 3
    assert "another stockham-analytics report is building this pack" in second.stderr
    _out_first, err_first = first.communicate(timeout=300)
    assert first.returncode == 0, err_first
    assert (out / "index.html").is_file() and not lock.exists()
