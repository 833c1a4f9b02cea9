"""Stop cleanly on Ctrl-C or a stop signal (spec 5).

:func:`handle_interrupts` installs handlers for SIGINT (Ctrl-C) and SIGTERM
(a stop signal, e.g. from ``kill`` or a service manager) that raise
:class:`Interrupted` in the main thread. It is a ``BaseException``, so no
``except Exception`` swallows it, and every ``finally`` and ``with`` on the way
out runs: scratch folders are removed and kernels stopped. While one is being
handled, further signals are noted but do not interrupt the clean-up.

:func:`deferred_interrupts` marks the last step, which must not be cut in two
(putting the finished pack in place): a signal that arrives during it waits
for it, and the command then ends as it would have (or, if the step failed,
as stopped).

``signal.signal`` works for SIGINT and SIGTERM on Windows too (SIGTERM is
only raised there by the process itself); handlers can only be installed
from the main thread, so elsewhere (a notebook, a worker thread) nothing is
changed.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

#: The signals handled, and how the command names them.
SIGNALS: dict[int, str] = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "a stop signal (SIGTERM)"}

Handler = Callable[[int, FrameType | None], Any] | int | None


class Interrupted(BaseException):
    """The run was stopped by ``signum``; ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + int(signum)
        self.cause = SIGNALS.get(signum, f"signal {signum}")
        super().__init__(f"stopped by {self.cause}")


class _Guard:
    """What the handlers know while :func:`handle_interrupts` runs. The guard *is* the
    installed handler, so its state lives exactly as long as the handlers do, in the
    process's own signal table, and nothing is kept at module level."""

    def __init__(self) -> None:
        self.deferring = 0
        self.pending: int | None = None
        self.stopping = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.deferring or self.stopping:
            self.pending = self.pending or signum
            return
        self.stopping = True
        raise Interrupted(signum)


def _installed() -> _Guard | None:
    """The guard :func:`handle_interrupts` installed, if one is."""
    handler = signal.getsignal(signal.SIGINT)
    return handler if isinstance(handler, _Guard) else None


@contextmanager
def handle_interrupts() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` while the block runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Handler] = {s: signal.getsignal(s) for s in SIGNALS}
    guard = _Guard()
    for signum in SIGNALS:
        signal.signal(signum, guard)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold back a signal until the block has finished: the block is the last step of the
    work (putting the finished pack in place), so once it has succeeded the command ends
    as it would have anyway; a signal that came during a block that failed is raised.
    Without :func:`handle_interrupts` around it (a notebook, the API) nothing is held back."""
    guard = _installed()
    if guard is None:
        yield
        return
    guard.deferring += 1
    failed = True
    try:
        yield
        failed = False
    finally:
        guard.deferring -= 1
        if not guard.deferring and guard.pending is not None and not guard.stopping:
            signum, guard.pending = guard.pending, None
            if failed:
                guard.stopping = True
                raise Interrupted(signum)
