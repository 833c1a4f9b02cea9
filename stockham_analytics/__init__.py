"""Stockham analytics: governance analytics for the school's Social Media Policy.

The public API (spec 8) is small: load and validate a data folder, evaluate a
term, build the governors' pack, and look at it all as pandas DataFrames::

    >>> import stockham_analytics as sa
    >>> ds = sa.load("data")                    # raises sa.InvalidInputError
    >>> sa.validate("data", as_of="2026-12-10")  # every Problem; never raises on bad input
    []
    >>> rep = sa.evaluate(ds, "Autumn 2026", as_of="2026-12-10")
    >>> sorted(rep.frames())
    ['actions', 'checks', 'objectives', 'sites']
    >>> sorted(ds.frames())
    ['activity', 'breaches', 'objectives', 'register']
    >>> sa.history(ds, as_of="2026-12-31").shape
    (35, 8)

The implementation lives in :mod:`stockham_analytics.api` and
:mod:`stockham_analytics.frames`; this module only re-exports it.
"""

from __future__ import annotations

from stockham_analytics.api import build_pack, evaluate, history, load, validate
from stockham_analytics.errors import (
    InvalidInputError,
    OutputFolderError,
    Problem,
    ReportError,
    StockhamError,
    TermNotStartedError,
)
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.records import Dataset, Settings
from stockham_analytics.terms import Term, parse_term

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "InvalidInputError",
    "OutputFolderError",
    "Problem",
    "ReportError",
    "Settings",
    "StockhamError",
    "Term",
    "TermNotStartedError",
    "TermReport",
    "__version__",
    "build_pack",
    "evaluate",
    "history",
    "load",
    "parse_term",
    "validate",
]
