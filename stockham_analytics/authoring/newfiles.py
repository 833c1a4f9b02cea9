"""Write a set of new files, never over anything that is already there (spec 5).

``templates`` and ``demo`` write their workbooks through :func:`write_new_files`:
every file is made whole in memory first; then, if any target already exists
(or the folder already holds workbooks), nothing at all is written and
:class:`~stockham_analytics.errors.OutputFolderError` names what is in the
way. Each file is created with exclusive create (``open(..., "xb")``), which
fails rather than replace a file that appeared meanwhile, and a run that stops
part way (an error, Ctrl-C) removes the files it had written, so the folder is
left as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from stockham_analytics.errors import OutputFolderError

#: Files that mark a folder as someone's data folder: never written into.
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"})
SHOWN_NAMES = 10


def _names(paths: list[str]) -> str:
    more = len(paths) - SHOWN_NAMES
    return ", ".join(paths[:SHOWN_NAMES]) + (f" and {more} more" if more > 0 else "")


def check_new_files(folder: Path, names: list[str], command: str, *,
                    refuse_workbooks: bool = True) -> None:
    """Refuse ``folder`` when any of ``names`` exists there or (``refuse_workbooks``)
    it holds workbooks."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputFolderError(folder, f"it is a file, not a folder; give {command} a new "
                                        "or empty folder with --out")
    if not folder.is_dir():
        return
    taken = sorted(n for n in names if os.path.lexists(folder / n))
    if taken:
        raise OutputFolderError(folder, f"it already has {_names(taken)}, which {command} "
                                        "would write over; give a new or empty folder with "
                                        "--out")
    books = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in SPREADSHEET_SUFFIXES)
    if books and refuse_workbooks:
        raise OutputFolderError(folder, f"it already holds workbooks ({_names(books)}), so it "
                                        f"looks like a data folder; give {command} a new or "
                                        "empty folder with --out")


def write_new_files(folder: Path, files: Mapping[str, bytes], command: str, *,
                    refuse_workbooks: bool = True) -> list[Path]:
    """Create each ``folder/name`` with its bytes, or nothing at all; returns the paths."""
    check_new_files(folder, list(files), command, refuse_workbooks=refuse_workbooks)
    created_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for name, data in files.items():
            path = folder / name
            with path.open("xb") as handle:
                written.append(path)
                handle.write(data)
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        if created_folder:
            _remove_if_empty(folder)
        if isinstance(error, FileExistsError):
            raise OutputFolderError(folder, f"{Path(error.filename or '').name} appeared there "
                                            "while writing, so the files written were taken back") from None
        raise
    return written


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()
