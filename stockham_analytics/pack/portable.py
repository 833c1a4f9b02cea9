"""What this computer offers beyond the portable minimum, and a switch to do without it.

Linux has an atomic folder exchange (``renameat2``) and Unix-domain sockets for
kernels (zmq's ``ipc`` transport); Windows has neither, so the portable paths
(two renames, ``tcp`` on the loopback address) are what runs there. Setting
:data:`PORTABLE_ENV` to ``1`` makes this computer take the portable paths too,
which is how the test suite exercises them on Linux (``make test-portable``).
"""

from __future__ import annotations

import os
import sys

#: Set to ``1`` to take the portable code paths even where better ones exist.
PORTABLE_ENV = "STOCKHAM_PORTABLE"


def portable_mode() -> bool:
    """Whether :data:`PORTABLE_ENV` asks for the portable code paths only."""
    return os.environ.get(PORTABLE_ENV, "") == "1"


def may_exchange_atomically() -> bool:
    """Whether to try ``renameat2`` (Linux only; it may still be refused by the filesystem)."""
    return sys.platform.startswith("linux") and not portable_mode()


def kernel_transport() -> str:
    """zmq transport for kernels: ``ipc`` (Unix sockets) where there are any, else ``tcp``."""
    return "ipc" if os.name == "posix" and not portable_mode() else "tcp"
