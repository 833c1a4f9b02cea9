"""Scratch folders that a killed run may leave behind, and the next run removes.

Each scratch folder is locked (``flock``) while its run is alive. A folder with
the same prefix that can be locked belongs to a run that died (a SIGKILL
cannot clean up after itself), so the next run removes it before making its own.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_stale(directory: Path, prefix: str) -> None:
    """Remove scratch folders named ``prefix*`` in ``directory`` whose run has died."""
    for path in directory.glob(f"{prefix}*"):
        if path.is_symlink() or not path.is_dir():
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:  # someone else's, or already gone
            continue
        try:
            if _try_lock(fd):
                shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


@contextmanager
def scratch_folder(directory: Path, prefix: str) -> Iterator[Path]:
    """A fresh folder in ``directory``, locked while in use, removed afterwards."""
    remove_stale(directory, prefix)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=directory))
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(fd)
