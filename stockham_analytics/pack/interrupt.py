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


class _State:
    deferring = 0
    pending: int | None = None
    stopping = False


_state = _State()


def _handle(signum: int, frame: FrameType | None) -> None:
    if _state.deferring or _state.stopping:
        _state.pending = _state.pending or signum
        return
    _state.stopping = True
    raise Interrupted(signum)


@contextmanager
def handle_interrupts() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` while the block runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Handler] = {s: signal.getsignal(s) for s in SIGNALS}
    _state.deferring, _state.pending, _state.stopping = 0, None, False
    for signum in SIGNALS:
        signal.signal(signum, _handle)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold back a signal until the block has finished: the block is the last step of the
    work (putting the finished pack in place), so once it has succeeded the command ends
    as it would have anyway; a signal that came during a block that failed is raised."""
    _state.deferring += 1
    failed = True
    try:
        yield
        failed = False
    finally:
        _state.deferring -= 1
        if not _state.deferring and _state.pending is not None and not _state.stopping:
            signum, _state.pending = _state.pending, None
            if failed:
                _state.stopping = True
                raise Interrupted(signum)
