"""Scratch folders that a killed run may leave behind, and the next run removes.

Each scratch folder holds a lock file, :data:`LOCK_NAME`, locked through
:mod:`filelock` while its run is alive (``flock`` on Linux and macOS, a
``msvcrt`` lock on Windows, a lock file naming its owner's process where
neither exists). A folder with the same prefix whose lock can be taken belongs
to a run that died (a SIGKILL or a closed terminal cannot clean up after
itself), so the next run removes it before making its own.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

with warnings.catch_warnings():
    # Where there is neither fcntl nor msvcrt, filelock warns that it falls back to a lock
    # file naming its owner's process, which a later run can tell is dead: that will do here.
    warnings.filterwarnings("ignore", "only soft file lock", UserWarning)
    from filelock import FileLock, Timeout

#: The lock file inside every scratch folder.
LOCK_NAME = ".scratch.lock"


def lock_file(folder: Path) -> Path:
    """The lock file that is held while ``folder``'s run is alive."""
    return folder / LOCK_NAME


def _is_abandoned(folder: Path) -> bool:
    """Whether nobody holds ``folder``'s lock (taken and released at once, never waited for).

    A folder without the lock file is not taken for abandoned: it may be another
    program's, or one an earlier version of this one still has open.
    """
    if not lock_file(folder).is_file():
        return False
    lock = FileLock(lock_file(folder), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except (Timeout, OSError):  # alive, someone else's, or already gone
        return False
    lock.release()  # released before removal: Windows cannot delete an open file
    return True


def remove_stale(directory: Path, prefix: str) -> None:
    """Remove scratch folders named ``prefix*`` in ``directory`` whose run has died."""
    for path in directory.glob(f"{prefix}*"):
        if path.is_symlink() or not path.is_dir():
            continue
        if _is_abandoned(path):
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def scratch_folder(directory: Path, prefix: str) -> Iterator[Path]:
    """A fresh folder in ``directory``, locked while in use, removed afterwards."""
    remove_stale(directory, prefix)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=directory))
    lock = FileLock(lock_file(path), thread_local=False)
    try:
        lock.acquire()
        yield path
    finally:
        lock.release()
        shutil.rmtree(path, ignore_errors=True)
