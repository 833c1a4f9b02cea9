"""Stockham analytics: governance analytics for the school's Social Media Policy.

The public API is small: load and validate a data folder, evaluate a term,
and build the governors' pack.
"""

from __future__ import annotations

from stockham_analytics.exceptions import (
    InvalidInputError,
    OutputFolderError,
    Problem,
    ReportError,
    StockhamError,
)
from stockham_analytics.models import Dataset, Settings
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
    "__version__",
    "parse_term",
]
