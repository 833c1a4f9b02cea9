"""Running notebooks: one kernel per worker, reused; IPC or TCP transport; failures stop the run."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from stockham_analytics.errors import ReportError
from stockham_analytics.pack import execute

pytestmark = pytest.mark.slow

#: The first two notebooks wait (up to a minute) until two kernels have each started one.
MEET = (
    "import os, pathlib, time\n"
    "if meet and int(n) < 2:\n"
    "    (pathlib.Path(meet) / str(os.getpid())).touch()\n"
    "    deadline = time.monotonic() + 60\n"
    "    while len(os.listdir(meet)) < 2 and time.monotonic() < deadline:\n"
    "        time.sleep(0.02)"
)
PROBE = (
    "import json, os\n"
    "from IPython.display import HTML, display\n"
    "from ipykernel.connect import get_connection_info\n"
    "info = get_connection_info(unpack=True)\n"
    "display(HTML(json.dumps({'pid': os.getpid(), 'transport': info['transport'], 'n': n})))"
)


def _probe(folder: Path, fail_on: str = "") -> Path:
    params = v4.new_code_cell('n = "0"\nmeet = ""')
    params.metadata["tags"] = ["parameters"]
    cells = [params, v4.new_code_cell(MEET), v4.new_code_cell(PROBE)]
    if fail_on:
        cells.append(v4.new_code_cell(f"if n == {fail_on!r}:\n    raise ValueError('probe ' + n)"))
    book = v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / "probe.ipynb"
    nbformat.write(book, str(path))
    return path


def _jobs(path: Path, count: int, keep: Path | None = None) -> list[execute.Job]:
    return [execute.Job(f"probe {n}", path, {"n": str(n)}, f"p{n}",
                        None if keep is None else keep / f"p{n}.ipynb") for n in range(count)]


def _run(jobs: list[execute.Job], workers: int, cwd: Path) -> list[dict[str, object]]:
    seen: list[dict[str, object]] = []

    def done(job: execute.Job, nb: nbformat.NotebookNode) -> None:
        html = [o.data["text/html"] for c in nb.cells for o in c.outputs if "data" in o]
        seen.append(json.loads(html[0]))

    execute.run_notebooks(jobs, done, cwd=cwd, workers=workers)
    return seen


def test_one_worker_runs_every_notebook_in_one_kernel(tmp_path: Path) -> None:
    """Four notebooks, one worker: one kernel process (IPC, or TCP where portable) runs them all."""
    seen = _run(_jobs(_probe(tmp_path), 4), 1, tmp_path)
    assert sorted(str(s["n"]) for s in seen) == ["0", "1", "2", "3"]
    assert len({s["pid"] for s in seen}) == 1
    expected = "ipc" if os.name == "posix" and os.environ.get("STOCKHAM_PORTABLE") != "1" else "tcp"
    assert {s["transport"] for s in seen} == {expected}


def test_two_workers_use_a_kernel_each(tmp_path: Path) -> None:
    """With two workers the notebooks are shared between two kernels running side by side."""
    if execute.worker_count(6, 2) < 2:
        pytest.skip("this machine has a single core: one worker")
    meet = tmp_path / "meet"
    meet.mkdir()
    jobs = [replace(job, parameters={**job.parameters, "meet": str(meet)})
            for job in _jobs(_probe(tmp_path), 6)]
    seen = _run(jobs, 2, tmp_path)
    assert len(seen) == 6
    assert len({s["pid"] for s in seen}) == 2


def test_a_failing_notebook_stops_the_run_and_is_kept(tmp_path: Path) -> None:
    """The failed notebook is never handed on; it is kept, with its error, for the developers."""
    keep = tmp_path / "keep"
    jobs = _jobs(_probe(tmp_path, fail_on="1"), 2, keep)
    with pytest.raises(ReportError) as caught:
        _run(jobs, 1, tmp_path)
    error = caught.value
    assert (error.report, error.step) == ("probe 1", "running the notebook")
    assert error.detail == "ValueError: probe 1"
    assert error.kept == keep / "p1.ipynb" and "probe 1" in error.kept.read_text(encoding="utf-8")


def test_kernel_start_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernel that fails to start once is started again, and the run goes on."""
    real = execute.Kernel._start_once
    attempts: list[int] = []

    def flaky(self: execute.Kernel, attempt: int, log: object) -> None:
        attempts.append(attempt)
        if attempt == 0:
            raise RuntimeError("address in use")
        real(self, attempt, log)  # type: ignore[arg-type]

    monkeypatch.setattr(execute.Kernel, "_start_once", flaky)
    assert len(_run(_jobs(_probe(tmp_path), 1), 1, tmp_path)) == 1
    assert attempts == [0, 1]


def test_a_kernel_that_never_starts_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the last attempt the error names the step and where the kernel's log is."""

    def broken(self: execute.Kernel, attempt: int, log: object) -> None:
        raise RuntimeError("no kernel for you")

    monkeypatch.setattr(execute.Kernel, "_start_once", broken)
    with pytest.raises(ReportError) as caught:
        _run(_jobs(_probe(tmp_path), 1), 1, tmp_path)
    assert caught.value.step == "starting the Python kernel"
    assert "RuntimeError: no kernel for you" in caught.value.detail
