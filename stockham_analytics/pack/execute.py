"""Run parameterised notebooks with papermill, reusing one kernel per worker.

Starting an IPython kernel costs more than running a site's notebook, so each
worker starts ONE kernel (over IPC where there are Unix sockets, else over
TCP on the loopback address; retried if the start fails, as when two kernels
pick the same free port at once) and runs
notebook after notebook in it through papermill. papermill hands its engine
keyword arguments to the engine, so a small engine, registered with papermill
(:data:`ENGINE`) as each notebook is about to run, gives nbclient the worker's running kernel manager and
client instead of letting it start a kernel of its own. Two workers use both
cores.

A notebook that fails is never passed on for conversion: the run stops, the
executed notebook with the error is kept for the developers, and
:class:`~stockham_analytics.errors.ReportError` says which page failed.
"""

from __future__ import annotations

import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import nbformat
import papermill
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_event_loop, run_sync
from nbformat import NotebookNode
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError

from stockham_analytics.errors import ReportError
from stockham_analytics.pack.portable import kernel_transport
from stockham_analytics.pack.scratch import scratch_folder
from stockham_analytics.pages.notebook import PAGES_ENV

#: The papermill engine name under which :class:`ReusedKernelEngine` is registered.
ENGINE = "stockham-reused-kernel"
KERNEL_NAME = "python3"
START_ATTEMPTS = 3
START_TIMEOUT = 60
CELL_TIMEOUT = 600


@dataclass(frozen=True)
class Job:
    """One notebook to run: which, with what parameters, and where to keep the result."""

    label: str  # names the page in messages: "overview page", "site page SM-03"
    notebook: Path
    parameters: dict[str, str]  # plain strings only: papermill writes them into code
    slug: str  # file name for the executed notebook: "index", "SM-03"
    keep: Path | None = None  # where to write the executed notebook after a success


class ThisPython(KernelSpecManager):
    """Kernel specs that always run this interpreter, where this package is installed."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        """A spec for ``python -m ipykernel_launcher`` on :data:`sys.executable`."""
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (stockham-analytics)",
            language="python",
            resource_dir="",
        )


class Kernel:
    """One IPython kernel (IPC or TCP), started once and reused for many notebooks."""

    def __init__(self, workdir: Path, cwd: Path, name: str) -> None:
        self.workdir = workdir
        self.cwd = cwd
        self.name = name
        self.km: AsyncKernelManager | None = None
        self.kc: Any = None
        self.last_notebook: NotebookNode | None = None

    def _manager(self, attempt: int) -> AsyncKernelManager:
        stem = self.workdir / f"{self.name}-{attempt}"
        transport = kernel_transport()
        return AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=ThisPython(),
            transport=transport,
            # ipc: the sockets are files named after this stem; tcp: free ports on loopback
            # (a port taken by someone else between choosing and binding fails the start,
            # which start() retries with fresh ports).
            ip=str(stem) if transport == "ipc" else "127.0.0.1",
            connection_file=f"{stem}.json",
        )

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger chatter on the console
        env[PAGES_ENV] = "1"  # the page template embeds plotly.js, once per page
        env.pop("JPY_PARENT_PID", None)
        return env

    def _start_once(self, attempt: int, log: IO[bytes]) -> None:
        km = self._manager(attempt)
        self.km = km
        run_sync(km.start_kernel)(
            extra_arguments=["--HistoryManager.enabled=False"],
            cwd=str(self.cwd), env=self._env(), stdout=log, stderr=log,
        )
        kc = km.client()
        kc.start_channels()
        self.kc = kc
        run_sync(kc.wait_for_ready)(timeout=START_TIMEOUT)

    def start(self) -> None:
        """Start the kernel, trying up to :data:`START_ATTEMPTS` times."""
        log_path = self.workdir / f"{self.name}.log"
        problem: BaseException | None = None
        with log_path.open("ab") as log:
            for attempt in range(START_ATTEMPTS):
                try:
                    self._start_once(attempt, log)
                    return
                except Exception as error:  # noqa: BLE001 - retried, then reported
                    problem = error
                    self.shutdown()
        raise ReportError(
            report="governors' pack",
            step="starting the Python kernel",
            detail=f"{START_ATTEMPTS} attempts failed, the last with {_one_line(problem)}; "
            f"the kernel's own messages are in {log_path}",
        )

    def shutdown(self) -> None:
        """Stop the kernel at once (there is nothing for it to clean up)."""
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            km, self.km = self.km, None
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=True)
            run_sync(km.cleanup_resources)()

    def run(self, job: Job) -> NotebookNode:
        """Run ``job``'s notebook in this kernel; papermill raises if a cell fails."""
        self.last_notebook = None
        # papermill finds engines by name in its own registry. Registering here, when a
        # notebook is about to run, rather than at import, keeps importing this module free
        # of side effects; registering again is a no-op (the same class under the same name).
        papermill_engines.register(ENGINE, ReusedKernelEngine)
        result: NotebookNode = papermill.execute_notebook(
            str(job.notebook),
            None,
            parameters=dict(job.parameters),
            engine_name=ENGINE,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT,
            stockham_kernel=self,
        )
        return result


class ReusedKernelEngine(NBClientEngine):  # type: ignore[misc]
    """papermill's nbclient engine, running in a :class:`Kernel` that it does not own."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = START_TIMEOUT,
        execution_timeout: int | None = None,
        stockham_kernel: Kernel | None = None,
        **kwargs: Any,
    ) -> NotebookNode:
        """Execute ``nb_man``'s notebook with the given kernel's manager and client."""
        if stockham_kernel is None or stockham_kernel.km is None:
            raise RuntimeError("the stockham engine needs a started Kernel (stockham_kernel=...)")
        stockham_kernel.last_notebook = nb_man.nb
        client = PapermillNotebookClient(
            nb_man,
            km=stockham_kernel.km,
            kernel_name=kernel_name,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            shutdown_kernel="immediate",
            log_output=False,
        )
        client.kc = stockham_kernel.kc
        result: NotebookNode = client.execute()
        return result


def _one_line(error: BaseException | None) -> str:
    if error is None:
        return "no error recorded"
    if isinstance(error, PapermillExecutionError):
        text = f"{error.ename}: {error.evalue}"
    else:
        text = f"{type(error).__name__}: {error}"
    line = " ".join(text.split())
    return line if len(line) <= 300 else line[:299] + "…"


def write_notebook(nb: NotebookNode, path: Path) -> Path:
    """Write an executed notebook (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))  # type: ignore[no-untyped-call]
    return path


def _keep_failed(job: Job, nb: NotebookNode | None) -> Path | None:
    if nb is None:
        return None
    target = job.keep or Path(tempfile.mkdtemp(prefix="stockham-failed-")) / f"{job.slug}.ipynb"
    return write_notebook(nb, target)


class _Run:
    """The shared state of one run: the jobs left, and the first failure."""

    def __init__(self, jobs: Sequence[Job], on_done: Callable[[Job, NotebookNode], None]) -> None:
        self.todo: queue.SimpleQueue[Job] = queue.SimpleQueue()
        for job in jobs:
            self.todo.put(job)
        self.on_done = on_done
        self.failure: BaseException | None = None
        self.lock = threading.Lock()
        self.kernels: list[Kernel] = []
        self.stopped = False  # Ctrl-C or a stop signal: the kernels are being killed

    def next_job(self) -> Job | None:
        if self.failure is not None:
            return None
        try:
            return self.todo.get_nowait()
        except queue.Empty:
            return None

    def fail(self, error: BaseException) -> None:
        with self.lock:
            if self.failure is None:
                self.failure = error


def _run_one(kernel: Kernel, job: Job, run: _Run) -> None:
    try:
        nb = kernel.run(job)
    except Exception as error:
        if run.stopped:  # the kernel was killed because the run was stopped: keep nothing
            raise
        kept = _keep_failed(job, kernel.last_notebook)
        raise ReportError(report=job.label, step="running the notebook",
                          detail=_one_line(error), kept=kept) from error
    if job.keep is not None:
        write_notebook(nb, job.keep)
    run.on_done(job, nb)


def _worker(run: _Run, workdir: Path, cwd: Path, name: str) -> None:
    kernel = Kernel(workdir, cwd, name)
    run.kernels.append(kernel)
    try:
        kernel.start()
        while (job := run.next_job()) is not None:
            _run_one(kernel, job, run)
    except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
        run.fail(error)
    finally:
        try:
            kernel.shutdown()
        finally:
            _close_event_loop()


def _close_event_loop() -> None:
    """Close the event loop nbclient and jupyter_client ran in this worker thread."""
    loop = ensure_event_loop()
    if not loop.is_running() and not loop.is_closed():
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


@contextmanager
def _workdir() -> Iterator[Path]:
    # A short path: IPC socket paths must stay under ~100 characters.
    with scratch_folder(Path(tempfile.gettempdir()), "sa-k-") as path:
        yield path


def worker_count(jobs: int, wanted: int = 2) -> int:
    """How many kernels to run: ``wanted``, but no more than cores or jobs (at least one)."""
    return max(1, min(wanted, os.cpu_count() or 1, jobs))


def run_notebooks(
    jobs: Sequence[Job],
    on_done: Callable[[Job, NotebookNode], None],
    *,
    cwd: Path,
    workers: int = 2,
) -> None:
    """Run every job, calling ``on_done(job, executed notebook)`` as each one succeeds.

    Jobs are shared out among ``workers`` threads, each with its own kernel
    (started in ``cwd``). The first failure stops the run (jobs already
    running finish) and is raised here; ``on_done`` is never called for a
    notebook that failed.
    """
    run = _Run(jobs, on_done)
    with _workdir() as workdir:
        threads = [
            threading.Thread(target=_worker, args=(run, workdir, cwd, f"k{n}"), daemon=True,
                             name=f"stockham-kernel-{n}")
            for n in range(worker_count(len(jobs), workers))
        ]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException as error:  # Ctrl-C or a stop signal: leave no kernel running
            run.fail(error)
            stop_workers(run, threads)
            raise
    if run.failure is not None:
        raise run.failure


#: How long a stopped run waits for its worker threads to wind down.
STOP_WAIT = 10.0


def kill_kernels(run: _Run) -> None:
    """Kill every kernel process of ``run`` at once (portable: ``Popen.kill``)."""
    for kernel in list(run.kernels):
        km = kernel.km
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def stop_workers(run: _Run, threads: Sequence[threading.Thread]) -> None:
    """After an interruption: kill the kernels (including any that start meanwhile) and
    give the worker threads a moment to wind down before the work folder goes."""
    run.stopped = True
    deadline = time.monotonic() + STOP_WAIT
    while True:
        kill_kernels(run)
        alive = [t for t in threads if t.is_alive()]
        if not alive or time.monotonic() > deadline:
            break
        alive[0].join(0.2)
    kill_kernels(run)
