"""Build a term's pack and publish it whole (spec 5).

The pack is built in a staging folder away from the output folder, then swapped
in with one atomic exchange (``renameat2`` on Linux), so the output folder is
always either the earlier complete pack or the new complete pack, never a mix,
even if the process is killed part way. Where there is no such exchange
(Windows, macOS, some filesystems) two renames do the swap: see
:func:`_swap_by_renames` for what is guaranteed then. Each pack holds a
marker file, :data:`MARKER`; a folder that exists, is not empty and has no
marker is someone else's, and is refused and never deleted.

Staging goes in the system's temporary folder when that is on the same
filesystem as the output (a rename cannot cross filesystems). Otherwise it is a
hidden folder beside the output, locked while in use; a later run removes any
such folder whose run has died.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from stockham_analytics import __version__
from stockham_analytics.errors import OutputFolderError, Problem
from stockham_analytics.evaluation.engine import evaluate
from stockham_analytics.evaluation.results import TermReport
from stockham_analytics.pack import html_pages as page_builder
from stockham_analytics.pack import pdf as pdf_module
from stockham_analytics.pack.actions_xlsx import ACTIONS_WORKBOOK, write_actions_workbook
from stockham_analytics.pack.html_pages import check_keep_folder
from stockham_analytics.pack.interrupt import deferred_interrupts
from stockham_analytics.pack.lock import pack_lock
from stockham_analytics.pack.portable import may_exchange_atomically
from stockham_analytics.pack.scratch import scratch_folder
from stockham_analytics.pack.summary_json import write_summary
from stockham_analytics.pages.policy_page import write_policy_page
from stockham_analytics.terms import Term
from stockham_analytics.text import visible
from stockham_analytics.workbooks.future_dates import all_warnings
from stockham_analytics.workbooks.load import load_dataset
from stockham_analytics.workbooks.reader import sha256

#: The file that marks a folder as a pack this command wrote.
MARKER = ".stockham-pack"
MARKER_TEXT = f"stockham-analytics {__version__}\n"
SUMMARY = "summary.json"
#: The business manager's to-do list page, printed at the end of ``pack.pdf`` when present.
ACTIONS_PAGE = "actions.html"
TEMP_PREFIX = "stockham-pack-"
SIBLING_INFIX = ".stockham-staging-"
#: Beside the output, where the two-rename swap keeps the earlier pack for a moment.
ASIDE_SUFFIX = ".stockham-previous"

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2


# --- the output folder ----------------------------------------------------------------


def is_pack(folder: Path) -> bool:
    """Whether ``folder`` holds this command's marker file."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    with marker.open("rb") as handle:
        return handle.read(64).startswith(b"stockham-analytics")


MAX_MARKER_BYTES = 1024 * 1024
_TERM_LINE, _FILE_LINE = "term: ", "file: "
#: What a pack written before the marker listed its files may hold.
_PACK_FILES = re.compile(r"(index\.html|actions\.html|actions\.xlsx|pack\.pdf|policy\.html|summary\.json"
                         r"|sites/[A-Za-z0-9_-]+\.html|assets/[^/]+)")


def marker_text(term: Term, files: list[str]) -> str:
    """The marker of a pack of ``term`` holding ``files`` (paths relative to the pack)."""
    lines = [MARKER_TEXT.rstrip("\n"), f"{_TERM_LINE}{term.name}"]
    lines += [f"{_FILE_LINE}{name}" for name in files]
    return "\n".join(lines) + "\n"


def _marker_lines(folder: Path) -> list[str]:
    with (folder / MARKER).open("rb") as handle:
        return handle.read(MAX_MARKER_BYTES).decode("utf-8", "replace").splitlines()


def pack_term(folder: Path) -> str | None:
    """The term of the pack at ``folder``, from its marker or its summary.json."""
    for line in _marker_lines(folder):
        if line.startswith(_TERM_LINE):
            return line[len(_TERM_LINE):].strip()
    try:
        with (folder / SUMMARY).open("rb") as handle:
            term = json.loads(handle.read(MAX_MARKER_BYTES)).get("term")
    except (OSError, ValueError, AttributeError):
        return None
    return term if isinstance(term, str) else None


def _written(folder: Path, name: str, listed: set[str] | None) -> bool:
    if name == MARKER:
        return True
    return name in listed if listed is not None else _PACK_FILES.fullmatch(name) is not None


def foreign_files(folder: Path) -> list[str]:
    """Files (and links) in the pack at ``folder`` that this command did not write."""
    lines = _marker_lines(folder)
    listed = ({line[len(_FILE_LINE):] for line in lines if line.startswith(_FILE_LINE)}
              if any(line.startswith(_TERM_LINE) for line in lines) else None)
    found = []
    for root, folders, files in os.walk(folder):
        for name in files + [f for f in folders if os.path.islink(os.path.join(root, f))]:
            relative = Path(root, name).relative_to(folder).as_posix()
            if not _written(folder, relative, listed):
                found.append(relative)
    return sorted(found)


def _list(names: list[str], most: int = 10) -> str:
    more = len(names) - most
    return ", ".join(names[:most]) + (f" and {more} more" if more > 0 else "")


def check_output_folder(out: Path, term: Term | None = None) -> None:
    """Refuse an output folder that is not new, empty, or one of our packs (of ``term``,
    holding only the files it wrote)."""
    if out.is_symlink():
        raise OutputFolderError(out, "it is a link; give the path of a real folder with --out")
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputFolderError(out, "it is a file, not a folder; choose another folder with --out")
    if not any(out.iterdir()):
        return
    if not is_pack(out):
        raise OutputFolderError(
            out,
            "this folder already holds files that stockham-analytics did not write, so it has "
            "been left exactly as it was; choose a new or empty folder with --out",
        )
    _check_pack(out, term)


def _check_pack(out: Path, term: Term | None) -> None:
    held = pack_term(out)
    if term is not None and held is not None and held.casefold() != term.name.casefold():
        raise OutputFolderError(
            out, f"it holds the {visible(held)} pack, not {term.name}'s, and a report replaces "
            f"the folder whole, so it has been left as it was; choose another folder with --out "
            f"(the default for {term.name} is reports/{term.slug})")
    extra = foreign_files(out)
    if extra:
        raise OutputFolderError(
            out, f"the pack folder also holds files that stockham-analytics did not write "
            f"({visible(_list(extra))}), which replacing the pack would delete, so it has been "
            "left as it was; move those files out of the folder and run again")


def check_data_outside(data_dir: Path, out: Path) -> None:
    """Refuse a data folder inside (or equal to) the pack: replacing the pack deletes it."""
    data, pack = Path(os.path.realpath(data_dir)), Path(os.path.realpath(out))
    if data == pack or data.is_relative_to(pack):
        raise OutputFolderError(
            out, f"the data folder {visible(str(data_dir))} is this folder or inside it, and a "
            "report replaces the folder whole, which would delete the workbooks; move the "
            "workbooks to a folder outside the pack (or choose another --out) and run again")


def check_replaceable(out: Path) -> None:
    """Refuse, before building, an output folder that a rename cannot replace."""
    if os.path.ismount(out):
        raise OutputFolderError(
            out, "it is a mount point (a separate drive), which cannot be replaced whole; "
            "choose a folder inside it with --out, e.g. " + str(out / "pack"))
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputFolderError(
            out, f"this account may not create or replace folders in {visible(str(parent))}; "
            "choose a folder you can write to with --out")


# --- staging ----------------------------------------------------------------------------


def _same_device(a: Path, b: Path) -> bool:
    return os.stat(a).st_dev == os.stat(b).st_dev


def _sibling_prefix(out: Path) -> str:
    return f".{out.name}{SIBLING_INFIX}"


def area_for(out: Path) -> tuple[Path, str]:
    """Where to stage ``out``: the temporary folder when on the same filesystem, else beside it."""
    temp = Path(tempfile.gettempdir())
    if _same_device(temp, out.parent):
        return temp, TEMP_PREFIX
    return out.parent, _sibling_prefix(out)


def lock_file_for(out: Path) -> Path:
    """The lock file of the output folder ``out`` (its parent must exist): in the staging
    area, named after the folder's full path there, or with the staging prefix beside it."""
    directory, prefix = area_for(out)
    if directory == out.parent:
        return directory / f"{prefix}lock"
    where = os.fsencode(os.path.realpath(out.parent)) + b"/" + os.fsencode(out.name)
    return directory / f"{prefix}lock-{sha256(where)[:20]}"


# --- publishing -------------------------------------------------------------------------


def _renameat2(source: Path, target: Path, flags: int) -> bool:
    """``renameat2(2)``; False when this system or filesystem does not offer it."""
    if not may_exchange_atomically():
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:
        return False
    function.argtypes = [
        ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint
    ]
    result = function(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(source), None, str(target))


def aside_for(out: Path) -> Path:
    """Where the two-rename swap keeps the earlier pack for a moment: ``.<name>.stockham-previous``."""
    return out.with_name(f".{out.name}{ASIDE_SUFFIX}")


def restore_aside(out: Path) -> None:
    """Put back an earlier pack that a run killed between its two renames left beside ``out``."""
    aside = aside_for(out)
    if not os.path.lexists(out) and not aside.is_symlink() and is_pack(aside):
        os.rename(aside, out)


def _clear_aside(aside: Path) -> None:
    """Remove an outdated earlier pack left at ``aside``; refuse anything else there."""
    if not os.path.lexists(aside):
        return
    if aside.is_symlink() or not is_pack(aside):
        raise OutputFolderError(aside, "it is in the way of replacing the pack beside it and is "
                                       "not a pack this command wrote; move it elsewhere")
    shutil.rmtree(aside)


def _swap_by_renames(pack: Path, out: Path) -> None:
    """Replace ``out`` with ``pack`` by two renames, where no atomic exchange exists.

    What is guaranteed: at every moment ``out`` holds a complete pack (the
    earlier or the new one), except between the two renames, when ``out`` is
    absent and the earlier pack lies whole beside it at :func:`aside_for`;
    a run killed there leaves it so, and the next run puts it back
    (:func:`restore_aside`). Never a mix of the two. On Windows a folder
    cannot be renamed over an existing one, nor while a program holds a file
    in it open: then the first rename fails, the command says so, and the
    earlier pack stays exactly as it was. The earlier pack ends in the
    staging area, removed with it.
    """
    aside = aside_for(out)
    _clear_aside(aside)
    os.rename(out, aside)
    try:
        os.rename(pack, out)
    except OSError:
        os.rename(aside, out)
        raise
    try:
        os.rename(aside, pack.with_name(pack.name + ".old"))
    except OSError:
        shutil.rmtree(aside, ignore_errors=True)


def _swap(pack: Path, out: Path) -> None:
    """Put ``pack`` at ``out``; the old ``out`` ends in the staging area (at ``pack`` when
    the exchange is atomic, else beside it) to be removed with it."""
    if not _renameat2(pack, out, _RENAME_EXCHANGE):
        _swap_by_renames(pack, out)


def _place(pack: Path, out: Path) -> None:
    """Move ``pack`` to ``out``, where nothing is yet."""
    if not _renameat2(pack, out, _RENAME_NOREPLACE):
        os.rename(pack, out)


def publish(pack: Path, out: Path, term: Term | None = None) -> None:
    """Make the finished ``pack`` the output folder in one step (the old one is left in the
    staging area)."""
    restore_aside(out)
    check_output_folder(out, term)
    if os.path.lexists(out):
        _swap(pack, out)
    else:
        _place(pack, out)


def publish_across(pack: Path, out: Path, term: Term | None = None) -> None:
    """Publish ``pack``, copying it beside ``out`` first if it is on another filesystem."""
    try:
        publish(pack, out, term)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        with scratch_folder(out.parent, _sibling_prefix(out)) as area:
            shutil.copytree(pack, area / "pack", symlinks=True)
            publish(area / "pack", out, term)


# --- the pack ---------------------------------------------------------------------------


def pdf_parts(report: TermReport, pack: Path) -> list[pdf_module.Part]:
    """What ``pack.pdf`` holds, in order: the overview, each site page, the to-do list if any."""
    parts = [pdf_module.Part("index.html", "Overview")]
    parts += [pdf_module.Part(f"sites/{s.site_id}.html", f"{s.site_id}: {s.site_name}")
              for s in report.sites]
    if (pack / ACTIONS_PAGE).is_file():
        parts.append(pdf_module.Part(ACTIONS_PAGE, "To-do list"))
    return parts


def write_pack(
    data_dir: Path,
    report: TermReport,
    pack: Path,
    *,
    pages: bool,
    keep_notebooks: Path | None,
    progress: bool,
    pdf_browser: Path | None = None,
) -> None:
    """Write every file of the pack into the empty folder ``pack`` (``pack.pdf`` too when
    given a browser to print it with)."""
    write_summary(report, pack / SUMMARY)
    if pages:
        write_actions_workbook(report, pack / ACTIONS_WORKBOOK)
        page_builder.render_pages(
            data_dir, report, pack, keep_notebooks=keep_notebooks, progress=progress
        )
        write_policy_page(pack)  # the clause references on the pages link into it
        if pdf_browser is not None:  # last: it prints every page written above
            pdf_module.write_pdf(pack, pdf_parts(report, pack), browser=pdf_browser,
                                 header=f"{report.school} · {report.term.name}",
                                 title=f"{report.school}: social media sites, {report.term.name}")
    files = sorted(p.relative_to(pack).as_posix() for p in pack.rglob("*")
                   if p.is_file() or p.is_symlink())
    (pack / MARKER).write_text(marker_text(report.term, files), encoding="utf-8")


def _absolute(out: Path) -> Path:
    path = Path(os.path.abspath(out))
    if not path.name:
        raise OutputFolderError(out, "the root folder cannot hold a pack; choose one with --out")
    return path


def build_report(
    data_dir: Path,
    term: Term,
    out: Path,
    *,
    keep_notebooks: Path | None = None,
    progress: bool = False,
    pages: bool = True,
    as_of: dt.date | None = None,
    warn: Callable[[Sequence[Problem]], None] | None = None,
    pdf: bool = False,
    browser: Path | None = None,
) -> Path:
    """Build ``term``'s pack from ``data_dir`` and publish it at ``out``; returns ``out``.

    Invalid input raises :class:`~stockham_analytics.errors.InvalidInputError`
    before anything is written. Any failure leaves an earlier pack at ``out`` as
    it was. ``pages=False`` builds a pack of ``summary.json`` alone. ``as_of`` is the
    judgement date of spec 2 (``None``: the term's last day; the command line passes
    today's date by default). ``warn``, when given, receives the workbooks' warnings
    (dates after ``as_of`` among them) before the pack is built; they never stop it. ``pdf=True``
    also prints ``pack.pdf`` with ``browser`` (or one found on this computer);
    when none can be found it raises
    :class:`~stockham_analytics.pack.pdf.PdfUnavailableError` before building anything.
    """
    target = _absolute(out)
    check_data_outside(data_dir, target)
    pdf_browser = pdf_module.check_ready(browser) if pdf and pages else None
    dataset = load_dataset(data_dir)
    report = evaluate(dataset, term, as_of=as_of)
    if warn is not None:
        warn(all_warnings(dataset, as_of or report.as_of))
    check_output_folder(target, term)
    check_keep_folder(keep_notebooks, target)
    check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with pack_lock(target, lock_file_for(target)):
        check_output_folder(target, term)
        directory, prefix = area_for(target)
        with scratch_folder(directory, prefix) as area:
            pack = area / "pack"
            pack.mkdir()
            write_pack(data_dir, report, pack, pages=pages, keep_notebooks=keep_notebooks,
                       progress=progress, pdf_browser=pdf_browser)
            with deferred_interrupts():
                publish_across(pack, target, term)
    return out
