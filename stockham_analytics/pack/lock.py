"""One report at a time into one output folder.

:func:`pack_lock` holds a lock file (with the ``filelock`` package, which works
on Windows too) while a report builds and publishes a pack. A second run into
the same folder does not wait: it is refused with
:class:`~stockham_analytics.errors.OutputFolderError` and the first goes on.

The lock file lives where the run stages the pack (see
:func:`stockham_analytics.pack.build.lock_file_for`): in the temporary folder,
named after the output folder's full path, or, when that is on another
filesystem, hidden beside the output folder with the staging folders' prefix.
So the folder that holds the pack never gains a file of ours, even when a run
is killed (SIGKILL leaves an empty, unlocked lock file there, which the next
run removes).

The lock file is removed when the run ends. So that removing it can never let
two runs in at once, a run that gets the lock checks that the file it locked
is still the one at the path (another run may have just removed it), and tries
again if not; the holder removes the path before it lets go.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, SoftFileLock, Timeout

from stockham_analytics.errors import OutputFolderError

ATTEMPTS = 5


class _Identity:
    """The (device, inode) of the file the lock descriptor holds."""

    def __init__(self) -> None:
        self.key: tuple[int, int] | None = None

    def __call__(self, fd: int) -> None:
        status = os.fstat(fd)
        self.key = (status.st_dev, status.st_ino)


def _still_there(path: Path, identity: _Identity) -> bool:
    try:
        status = os.stat(path)
    except OSError:
        return False
    return identity.key is None or identity.key == (status.st_dev, status.st_ino)


def _file_lock(path: Path, identity: _Identity) -> FileLock:
    """A lock on ``path`` that records the locked file's identity where the lock is native
    (``flock``, ``msvcrt``); where neither exists, filelock's existence lock has no descriptor
    to identify, and the file's presence is the lock."""
    if issubclass(FileLock, SoftFileLock):
        return FileLock(path, timeout=0)
    return FileLock(path, timeout=0, on_acquired=identity)


def _busy(out: Path) -> OutputFolderError:
    return OutputFolderError(
        out, "another stockham-analytics report is building this pack right now; it has been "
        "left to finish. Wait for it to end and run again, or choose another folder with --out")


@contextmanager
def pack_lock(out: Path, path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` of the output folder ``out`` while the block runs;
    refuse at once if another run holds it."""
    for _ in range(ATTEMPTS):
        identity = _Identity()
        lock = _file_lock(path, identity)
        try:
            lock.acquire()
        except Timeout:
            raise _busy(out) from None
        if _still_there(path, identity):
            break
        lock.release()
    else:  # pragma: no cover - five runs racing on one folder in the same instant
        raise _busy(out)
    try:
        yield
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            lock.release()
