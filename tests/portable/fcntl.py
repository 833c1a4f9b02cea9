"""Stands in for the POSIX-only ``fcntl`` when ``STOCKHAM_PORTABLE=1``, as on Windows: importing it fails.

tests/conftest.py puts this folder first on ``PYTHONPATH`` in that mode, so the
command-line runs and the kernels the tests start cannot import ``fcntl`` either.
"""

raise ImportError("fcntl is not available here (STOCKHAM_PORTABLE=1 stands in for Windows)")
