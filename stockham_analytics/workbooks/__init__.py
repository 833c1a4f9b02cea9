"""Stage 1: read and validate the input workbooks and ``school.toml``.

A data folder goes in; a :class:`~stockham_analytics.records.Dataset` (the validated
records) or a list of :class:`~stockham_analytics.errors.Problem` comes out.

- ``schema``: the workbook layout of spec 1, drawn from the records (each column is declared
  once, on its field in ``records.py``);
  ``rules``: the row and sheet rules beyond one cell.
- ``container`` (is it a safe ``.xlsx``?), ``reader`` (open it, read sheets as grids),
  ``cells`` (one cell of each type).
- ``load``: ``load_dataset(folder)`` and ``validate(folder)``, the stage's entry points.
- ``settings``: ``school.toml``; ``future_dates``: dates after the as-of day;
  ``messages``: how the command line prints problems.

Nothing here imports from a later stage (``tests/test_architecture.py``).
"""
