"""Workbooks written for people: blank entry templates, the demo data, annotated copies.

- ``entry_templates``: ``write_templates(folder)`` (``stockham-analytics templates``).
- ``demo``: ``write_demo(folder)``, the fictional school in ``data/``.
- ``annotate``: copies of the workbooks with every problem marked (``validate --annotate``).
- ``xlsx``: the one safe way to write a workbook (text stays text, bytes repeat);
  ``newfiles``: write a set of files, never over anything already there.

May import the top level and :mod:`stockham_analytics.workbooks` only.
"""
