"""``actions.xlsx``: the business manager's to-do list as a workbook (spec 5).

One row per action: priority, site (or "Breach log" / "School"), clause and
what to do, most urgent first. The header row is frozen and filtered. Text is
written through :mod:`stockham_analytics.authoring.xlsx`, so no cell can start a formula,
and characters a spreadsheet cannot hold or that could disguise text (control
characters, bidirectional overrides, zero-width characters) are written visibly as
``⟨U+202E⟩`` by :func:`stockham_analytics.text.visible`, as on the pages and in the terminal.
Actions never name a person (:mod:`stockham_analytics.evaluation.actions`).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from stockham_analytics.authoring.xlsx import new_workbook, save_workbook, write_cell, write_rows
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.text import visible

ACTIONS_WORKBOOK = "actions.xlsx"
SHEET = "Actions"
HEADERS: tuple[str, ...] = ("Priority", "Site", "Clause", "What to do")
#: Column widths in characters, in HEADERS order.
WIDTHS: tuple[int, ...] = (10, 12, 14, 100)



def _lay_out(ws: Worksheet) -> None:
    for index, header in enumerate(HEADERS, start=1):
        write_cell(ws, 1, index, header).font = Font(bold=True)
    for letter, width in zip("ABCD", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def write_actions_workbook(report: TermReport, path: Path) -> Path:
    """Write ``report``'s actions to ``path`` as described above; returns ``path``."""
    book = new_workbook()
    ws = book.create_sheet(SHEET)
    _lay_out(ws)
    rows = [(a.priority, visible(a.concerns), visible(a.clause), visible(a.what))
            for a in report.actions]
    last = write_rows(ws, rows, first_row=2)
    ws.auto_filter.ref = f"A1:D{max(last, 1)}"
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save_workbook(book, path)
