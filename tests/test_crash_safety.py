"""A run killed at any moment leaves the earlier pack or the complete new one, never a mix (spec 5).

``stockham-analytics report`` runs on the demo data into an output folder that
already holds a complete earlier pack (built from a different, one-site data
folder, so that every file of the two packs differs). Each run is SIGKILLed
(with any notebook kernels it started), at times spread over a whole run and
at phases detected by watching the staging area: as soon as a staging folder
appears, once it holds summary.json, index.html, the pack marker, and the
moment the output folder is swapped. After each kill the output folder must be
exactly the earlier pack (same files, same bytes) or exactly a complete new pack
(same files and bytes as an uninterrupted run, pages compared without their
generation date and nbconvert's random cell ids, which test_determinism covers),
and the output folder's parent must hold nothing else. The earlier pack is put
back before each kill. ``TMPDIR`` points the staging area at a folder of the
test's own, so phases can be seen and leftovers counted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from adversarial import (
    DEMO_DATA,
    fingerprint,
    missing_from_pack,
    normalised_fingerprint,
    report_command,
    run_report,
)
from builders import write_data

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")]

STAGING = "stockham-pack-"  # report.TEMP_PREFIX: staging folders in the temporary folder
SIBLING = ".stockham-staging-"  # report.SIBLING_INFIX: staging beside the output folder
TIME_KILLS = 13
POLL_S = 0.002


@dataclass
class Scene:
    """Folders of one crash test and the two packs a killed run may leave."""

    root: Path
    tmpdir: Path
    out: Path
    earlier: Path  # a saved copy of the earlier pack
    earlier_print: dict[str, str]
    new_print: dict[str, str]
    run_seconds: float

    @property
    def env(self) -> dict[str, str]:
        """The environment of every run: staging goes in this test's own temporary folder."""
        return {**os.environ, "TMPDIR": str(self.tmpdir)}

    def restore_earlier(self) -> None:
        """Put the earlier pack back in the output folder (if a run replaced it)."""
        if self.out.exists() and fingerprint(self.out) == self.earlier_print:
            return
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.copytree(self.earlier, self.out, symlinks=True)

    def state(self) -> str:
        """'earlier', 'new', or what is wrong with the output folder now."""
        if not self.out.is_dir():
            return "no output folder"
        if fingerprint(self.out) == self.earlier_print:
            return "earlier"
        now = normalised_fingerprint(self.out, ignore_cell_ids=True)
        if missing_from_pack(self.out) == [] and now == self.new_print:
            return "new"
        raw = fingerprint(self.out)
        earlier = sorted(n for n, h in raw.items() if self.earlier_print.get(n) == h)
        new = sorted(n for n, h in now.items() if self.new_print.get(n) == h)
        other = sorted(set(raw) - set(earlier) - set(new))
        return (f"a mix or damaged pack: from the earlier pack {earlier}, from the new pack {new}, "
                f"neither {other}, missing {missing_from_pack(self.out)}")


def _setup(root: Path, tmpdir: Path) -> Scene:
    """Build the earlier pack in place and an uninterrupted new pack for reference (timed)."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    env = {"TMPDIR": str(tmpdir)}
    out = root / "reports" / "autumn-2026"
    first = run_report(write_data(root / "earlier-data"), out, env=env)
    assert first.returncode == 0, first.stderr
    earlier = root / "saved" / "earlier"
    shutil.copytree(out, earlier, symlinks=True)
    started = time.monotonic()
    reference = run_report(DEMO_DATA, root / "reference" / "autumn-2026", env=env)
    seconds = time.monotonic() - started
    assert reference.returncode == 0, reference.stderr
    return Scene(root, tmpdir, out, earlier, fingerprint(out),
                 normalised_fingerprint(root / "reference" / "autumn-2026", ignore_cell_ids=True),
                 seconds)


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (kernels run in sessions of their own), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the run and every process it started; True if it was still running."""
    running = process.poll() is None
    below = _descendants(process.pid) if running else []
    if running:
        os.killpg(process.pid, signal.SIGKILL)
    for pid in below:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=60)
    return running


def _staging_folders(scene: Scene) -> set[Path]:
    """Staging folders in the temporary folder, or hidden beside the output folder."""
    found = set(scene.tmpdir.glob(f"{STAGING}*")) | set(scene.out.parent.glob(f".{scene.out.name}{SIBLING}*"))
    return {p for p in found if p.is_dir()}


def _phase(scene: Scene, before: set[Path], what: str) -> Callable[[], bool]:
    """A test for a phase of the run: a new staging folder holding ``what`` (or the swap)."""
    inode = scene.out.stat().st_ino

    def reached() -> bool:
        if what == "swap":
            try:
                return scene.out.stat().st_ino != inode
            except FileNotFoundError:
                return True
        fresh = _staging_folders(scene) - before
        return any(what == "" or (f / "pack" / what).exists() for f in fresh)

    return reached


def _run_and_kill(scene: Scene, when: float | str) -> tuple[bool, str]:
    """Start a run, kill it at ``when`` (seconds, or a phase); return (hit a running run, state)."""
    scene.restore_earlier()
    before = _staging_folders(scene)
    process = subprocess.Popen(report_command(DEMO_DATA, scene.out), env=scene.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    started = time.monotonic()
    reached = (lambda: time.monotonic() - started >= when) if isinstance(when, float) else \
        _phase(scene, before, when)
    while process.poll() is None and not reached():
        time.sleep(POLL_S)
    hit = _kill(process)
    return hit, scene.state()


def _kill_plan(run_seconds: float) -> list[float | str]:
    times: list[float | str] = [round(0.2 + (run_seconds - 0.2) * n / (TIME_KILLS - 1), 3)
                                for n in range(TIME_KILLS)]
    phases: list[float | str] = ["", "summary.json", "index.html", ".stockham-pack", "swap"]
    return times + phases


def test_killed_runs_leave_the_earlier_or_the_new_pack_and_nothing_beside_it(tmp_path: Path) -> None:
    """At every kill point the output is the earlier pack or a complete new one; its parent holds nothing new."""
    scene = _setup(tmp_path, tmp_path / "tmp")
    parent_before = sorted(p.name for p in scene.out.parent.iterdir())
    outcomes: dict[str, tuple[bool, str, list[str]]] = {}
    for when in _kill_plan(scene.run_seconds):
        hit, state = _run_and_kill(scene, when)
        beside = sorted(p.name for p in scene.out.parent.iterdir())
        outcomes[f"{when}s" if isinstance(when, float) else f"phase {when or 'staging'}"] = (hit, state, beside)
    bad = {k: v for k, v in outcomes.items() if v[1] not in ("earlier", "new") or v[2] != parent_before}
    states = {v[1] for v in outcomes.values()}
    hits = sum(v[0] for v in outcomes.values())
    missed = [p for p in ("staging", "summary.json", "index.html") if not outcomes[f"phase {p}"][0]]
    assert (bad, states >= {"earlier", "new"}, hits >= len(outcomes) // 2, missed) == (
        {}, True, True, []), outcomes


def test_next_run_clears_what_killed_runs_left_in_the_temporary_folder(tmp_path: Path) -> None:
    """Staging folders a SIGKILL could not remove are gone after the next complete run."""
    scene = _setup(tmp_path, tmp_path / "tmp")
    for phase in ("", "summary.json", "index.html"):
        _run_and_kill(scene, phase)
    left_by_kills = len(_staging_folders(scene))
    done = run_report(DEMO_DATA, scene.out, env={"TMPDIR": str(scene.tmpdir)})
    assert (left_by_kills > 0, done.returncode, scene.state(), _staging_folders(scene)) == (
        True, 0, "new", set())


def test_next_run_leaves_nothing_of_killed_runs_in_the_temporary_folder(tmp_path: Path) -> None:
    """After kills mid-run and one complete run, the temporary folder holds nothing the runs made."""
    scene = _setup(tmp_path, tmp_path / "tmp")
    _run_and_kill(scene, "index.html")
    done = run_report(DEMO_DATA, scene.out, env={"TMPDIR": str(scene.tmpdir)})
    assert (done.returncode, sorted(p.name for p in scene.tmpdir.iterdir())) == (0, [])


def _other_device_tmp() -> Path | None:
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shm.stat().st_dev != Path(__file__).stat().st_dev:
        return shm
    return None


@pytest.mark.skipif(_other_device_tmp() is None, reason="needs /dev/shm on another filesystem")
def test_staging_beside_the_output_is_cleared_by_the_next_run(tmp_path: Path) -> None:
    """With the temporary folder on another filesystem, kills leave only hidden staging the next run removes."""
    shm = _other_device_tmp()
    assert shm is not None
    tmpdir = shm / f"stockham-test-{os.getpid()}-{tmp_path.name}"
    try:
        scene = _setup(tmp_path, tmpdir)
        sibling = f".{scene.out.name}{SIBLING}"
        states, beside = [], set()
        for when in (0.3, scene.run_seconds / 2, "index.html", "swap"):
            states.append(_run_and_kill(scene, when)[1])
            beside |= {p.name for p in scene.out.parent.iterdir()} - {scene.out.name}
        foreign = [n for n in beside if not n.startswith(sibling)]
        done = run_report(DEMO_DATA, scene.out, env={"TMPDIR": str(tmpdir)})
        after = sorted(p.name for p in scene.out.parent.iterdir())
        assert ([s for s in states if s not in ("earlier", "new")], bool(beside), foreign,
                done.returncode, after, scene.state()) == ([], True, [], 0, [scene.out.name], "new")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
