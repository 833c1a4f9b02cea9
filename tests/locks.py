"""A scratch folder as a killed run leaves it: its lock file taken by a process that then died."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stockham_analytics.pack.scratch import lock_file

_DIE_HOLDING = ("import os, sys, warnings\nwarnings.simplefilter('ignore')\n"
                "from filelock import FileLock\nheld = FileLock(sys.argv[1])\nheld.acquire()\nos._exit(0)\n")


def abandon_lock(folder: Path) -> None:
    """Take ``folder``'s lock in another process that exits without releasing it."""
    subprocess.run([sys.executable, "-c", _DIE_HOLDING, str(lock_file(folder))], check=True)
