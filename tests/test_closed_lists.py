"""Closed lists are declared as a ``Literal`` type for the type checker and as a tuple for the
code that reads, orders or lists them: the two must name the same values in the same order.

The workbooks' closed lists (Host, Status, Staff group, ...), the priorities and the RAG
ratings are not here: their tuples are ``get_args`` of their ``Literal``, and
``tests/test_columns.py`` holds the workbooks' lists to the spec."""

from __future__ import annotations

from typing import get_args

import pytest

from stockham_analytics.evaluation.results import ObjectiveStatus
from stockham_analytics.evaluation.verdicts import STATUS_ORDER
from stockham_analytics.terms import SEASONS, Season

PAIRS = {
    "ObjectiveStatus / STATUS_ORDER": (ObjectiveStatus, STATUS_ORDER),
    "Season / SEASONS": (Season, tuple(name for name, _, _ in SEASONS)),
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_literal_type_names_the_same_values_as_its_tuple(name: str) -> None:
    """Each closed list's Literal type and its tuple hold the same values in the same order."""
    literal, values = PAIRS[name]
    assert get_args(literal) == values, f"{name}: the Literal and the tuple differ"
