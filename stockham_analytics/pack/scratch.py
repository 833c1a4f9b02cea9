"""Scratch folders that a killed run may leave behind, and the next run removes.

Each scratch folder ``<prefix><random>`` has a lock file beside it,
``<prefix><random>.lock``, locked through :mod:`filelock` while its run is
alive (``flock`` on Linux and macOS, an ``msvcrt`` lock on Windows, a lock
file naming its owner's process where neither exists). The lock is taken
*before* the folder is made, so a folder whose lock can be taken belongs to a
run that died (a SIGKILL or a closed terminal cannot clean up after itself),
however early it died; the next run removes it, and its lock file, before
making its own. A folder without a lock file is never removed: it may be
another program's, or one an earlier version of this one still has open.
"""

from __future__ import annotations

import os
import secrets
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

with warnings.catch_warnings():
    # Where there is neither fcntl nor msvcrt, filelock warns that it falls back to a lock
    # file naming its owner's process, which a later run can tell is dead: that will do here.
    warnings.filterwarnings("ignore", "only soft file lock", UserWarning)
    from filelock import FileLock, Timeout

LOCK_SUFFIX = ".lock"
_ATTEMPTS = 100


def lock_file(folder: Path) -> Path:
    """The lock file that is held while ``folder``'s run is alive (beside the folder)."""
    return folder.with_name(folder.name + LOCK_SUFFIX)


def _take_if_free(lock_path: Path) -> bool:
    """Whether nobody holds the lock at ``lock_path`` (taken and released at once, never waited for)."""
    lock = FileLock(lock_path, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except (Timeout, OSError):  # alive, someone else's, or already gone
        return False
    lock.release()  # released before removal: Windows cannot delete an open file
    return True


def _unlink(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


def remove_stale(directory: Path, prefix: str) -> None:
    """Remove scratch folders named ``prefix*`` in ``directory`` whose run has died, and their locks."""
    for path in directory.glob(f"{prefix}*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            lock = lock_file(path)
            if lock.is_file() and _take_if_free(lock):
                shutil.rmtree(path, ignore_errors=True)
                _unlink(lock)
        elif path.name.endswith(LOCK_SUFFIX) and path.is_file():
            folder = path.with_name(path.name[: -len(LOCK_SUFFIX)])
            if not os.path.lexists(folder) and _take_if_free(path):
                _unlink(path)  # a run killed after taking its lock, before making its folder


def _locked_name(directory: Path, prefix: str) -> tuple[Path, FileLock]:
    """A fresh folder path in ``directory`` whose lock is already held (the folder not yet made)."""
    for _ in range(_ATTEMPTS):
        path = directory / f"{prefix}{secrets.token_hex(6)}"
        if os.path.lexists(path) or os.path.lexists(lock_file(path)):
            continue
        lock = FileLock(lock_file(path), thread_local=False)
        lock.acquire()
        try:
            path.mkdir(mode=0o700)  # private, as tempfile.mkdtemp makes it
        except FileExistsError:
            lock.release()
            continue
        return path, lock
    raise FileExistsError(f"no free name for a scratch folder {prefix}... in {directory}")


@contextmanager
def scratch_folder(directory: Path, prefix: str) -> Iterator[Path]:
    """A fresh folder in ``directory``, locked while in use, removed afterwards."""
    remove_stale(directory, prefix)
    path, lock = _locked_name(directory, prefix)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        lock.release()
        _unlink(lock_file(path))
