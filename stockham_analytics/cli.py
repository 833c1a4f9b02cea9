"""The ``stockham-analytics`` command.

Exit codes (spec 5): 0 success; 1 invalid input; 2 usage error; 3 the output
folder cannot be used (``report``: not a pack of this term, or holding files
it did not write, or the data folder is inside it, or another run is writing
it; ``templates``, ``demo`` and ``validate --annotate``: a file they would
write is already there, or the folder holds workbooks; nothing is written); 4
a page of the report failed to build; 5 any other failure (a full disk
included); 6 ``--pdf`` was asked for but no browser (or the ``pdf`` extra) was
found; 130 stopped by Ctrl-C and 143 by a stop signal (SIGTERM), after one
line saying what was left as it was. Messages are plain English; a traceback
is never shown.

Everything printed goes through :func:`~stockham_analytics.text.visible`, so
no workbook text can put control characters or escape sequences on the
terminal, and characters the console cannot show are printed as ``\\xe9``
escapes rather than stopping the command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from stockham_analytics.errors import (
    InvalidInputError,
    OutputFolderError,
    Problem,
    ReportError,
    StockhamError,
    TermNotStartedError,
)
from stockham_analytics.pack.interrupt import Interrupted, handle_interrupts
from stockham_analytics.terms import FIRST_YEAR, LAST_YEAR, Term, read_term
from stockham_analytics.text import visible

AS_OF_HELP = ("judge the term as of this day, e.g. 10/12/2026 (default: today); "
              "before the term's last day the pack is provisional")

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FOLDER, EXIT_REPORT, EXIT_OTHER = 0, 1, 2, 3, 4, 5
EXIT_NO_BROWSER = 6


def _term(text: str) -> Term:
    term = read_term(text)
    if term is None:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a term; write it as Autumn 2026, Spring 2027 or Summer 2027 '
            f"(a year from {FIRST_YEAR} to {LAST_YEAR})"
        )
    return term


def _as_of(text: str) -> dt.date:
    from stockham_analytics.workbooks.cells import CellError, parse_date

    try:
        return parse_date(text)
    except CellError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date; write it as 10/12/2026 (day first) or 2026-12-10'
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stockham-analytics",
        description="Check Stockham Primary School's social media workbooks against the "
        "Social Media Policy and build the governors' termly pack.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check the three workbooks, cell by cell")
    validate.add_argument("--data", type=Path, required=True, metavar="DIR",
                          help="folder holding the workbooks (and school.toml, if any)")
    validate.add_argument("--as-of", type=_as_of, metavar="DATE", default=None,
                          help=AS_OF_HELP)
    validate.add_argument("--all", action="store_true",
                          help="list every problem (by default the first 50 of each workbook)")
    validate.add_argument("--annotate", type=Path, metavar="DIR",
                          help="write a copy of each workbook with problems into DIR, every "
                               "problem cell filled red with a note, and a Problems sheet first")
    report = commands.add_parser("report", help="build the termly pack for governors")
    report.add_argument("--data", type=Path, required=True, metavar="DIR")
    report.add_argument("--term", type=_term, required=True, help='e.g. "Autumn 2026"')
    report.add_argument("--out", type=Path, metavar="DIR",
                        help="where the pack goes (default reports/<term>, e.g. reports/autumn-2026)")
    report.add_argument("--as-of", type=_as_of, metavar="DATE", default=None,
                        help=AS_OF_HELP)
    report.add_argument("--keep-notebooks", type=Path, metavar="DIR",
                        help="also keep the executed notebooks here, for the audit trail")
    report.add_argument("--quiet", action="store_true", help="no progress bar")
    report.add_argument("--pdf", action="store_true",
                        help="also write pack.pdf, printed by the Chromium, Chrome or Edge on this "
                             "computer (needs: pip install 'stockham-analytics[pdf]')")
    report.add_argument("--browser", type=Path, metavar="PATH",
                        help="the browser to print pack.pdf with (default: the first found, or "
                             "the STOCKHAM_ANALYTICS_BROWSER environment variable)")
    demo = commands.add_parser("demo", help="write the fictional demo workbooks")
    demo.add_argument("--out", type=Path, required=True, metavar="DIR")
    templates = commands.add_parser("templates", help="write blank workbooks to fill in")
    templates.add_argument("--out", type=Path, required=True, metavar="DIR")
    return parser


def say(text: str, stream: TextIO | None = None) -> None:
    """Print ``text`` with anything hidden in it shown visibly (never raw to the terminal)."""
    print("\n".join(visible(line) for line in text.split("\n")), file=stream or sys.stdout)


def _validate(args: argparse.Namespace) -> int:
    from stockham_analytics.api import load
    from stockham_analytics.workbooks.future_dates import all_warnings
    from stockham_analytics.workbooks.messages import MAX_PER_FILE, format_problems, format_summary

    limit = None if args.all else MAX_PER_FILE
    try:
        dataset = load(args.data)
    except InvalidInputError as error:
        say(format_problems(error.problems, limit=limit), sys.stderr)
        _annotate(args, error.problems)
        return EXIT_INVALID
    warnings = all_warnings(dataset, args.as_of if args.as_of is not None else dt.date.today())
    if warnings:
        say(format_problems(warnings, limit=limit), sys.stderr)
    say(format_summary(dataset))
    _annotate(args, warnings)
    return EXIT_OK


def _annotate(args: argparse.Namespace, problems: Sequence[Problem]) -> None:
    if args.annotate is None:
        return
    from stockham_analytics.authoring.annotate import annotate_workbooks

    written = annotate_workbooks(args.data, problems, args.annotate)
    for path in written:
        say(f"wrote {path} (every problem cell marked, and a Problems sheet first)")
    if not written:
        say(f"No workbook has a problem to mark, so nothing was written into {args.annotate}.")


def _print_warnings(warnings: Sequence[Problem]) -> None:
    """``report`` prints the same warnings as ``validate`` before it builds (spec 5)."""
    from stockham_analytics.workbooks.messages import format_problems

    if warnings:
        say(format_problems(warnings), sys.stderr)


def _report(args: argparse.Namespace) -> int:
    from stockham_analytics.api import build_pack

    out = _out(args)
    check_path_text(args.data, "--data")
    check_path_text(out, "--out")
    written = build_pack(
        args.data, args.term, out, as_of=args.as_of, keep_notebooks=args.keep_notebooks,
        progress=not args.quiet, warn=_print_warnings, pdf=args.pdf, browser=args.browser,
    )
    say(f"The {args.term} pack is ready: {written / 'index.html'}")
    if args.pdf:
        say(f"The governors' papers as one PDF: {written / 'pack.pdf'}")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from stockham_analytics.authoring.demo import write_demo

    for path in write_demo(args.out):
        say(f"wrote {path}")
    return EXIT_OK


def _templates(args: argparse.Namespace) -> int:
    from stockham_analytics.authoring.entry_templates import write_templates

    for path in write_templates(args.out):
        say(f"wrote {path}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "report": _report,
    "demo": _demo,
    "templates": _templates,
}


def _out(args: argparse.Namespace) -> Path:
    from stockham_analytics.api import default_out

    out: Path = args.out if args.out is not None else default_out(args.term)
    return out


def check_path_text(path: Path, option: str) -> None:
    """Refuse a folder name that is not valid text (bytes that are not UTF-8): the pages
    and notebooks cannot carry it."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        raise OutputFolderError(path, f"the folder name given with {option} holds bytes that "
                                      "are not valid text (shown as U+DCxx); rename the folder "
                                      "using ordinary letters and digits, and run again") from None


def _left_as_it_was(args: argparse.Namespace) -> str:
    if args.command == "report":
        return f"{_out(args)} was left as it was and no temporary files remain"
    if args.command == "validate":
        return ("no file was changed" if getattr(args, "annotate", None) is None
                else f"no file was changed and nothing was left in {args.annotate}")
    return f"nothing was written into {args.out}"


def _full_disk(args: argparse.Namespace, error: OSError) -> str:
    folder = Path(error.filename).parent if error.filename else Path()
    return (f"The disk is full: there was no room to write in {folder}. "
            f"{_left_as_it_was(args)[0].upper()}{_left_as_it_was(args)[1:]}. "
            "Free some space on that disk and run again.")


def _run(args: argparse.Namespace) -> int:
    from stockham_analytics.pack.pdf import PdfUnavailableError
    from stockham_analytics.workbooks.messages import format_problems

    try:
        return COMMANDS[args.command](args)
    except PdfUnavailableError as error:
        say(str(error), sys.stderr)
        return EXIT_NO_BROWSER
    except InvalidInputError as error:
        say(format_problems(error.problems), sys.stderr)
        return EXIT_INVALID
    except TermNotStartedError as error:
        say(str(error), sys.stderr)
        return EXIT_USAGE
    except OutputFolderError as error:
        what = "Cannot write the pack" if args.command == "report" else "Nothing was written"
        say(f"{what}: {error}", sys.stderr)
        return EXIT_FOLDER
    except ReportError as error:
        say(str(error), sys.stderr)
        return EXIT_REPORT
    except OSError as error:
        if _is_full_disk(error):
            say(_full_disk(args, error), sys.stderr)
        else:
            say(f"stockham-analytics {args.command} failed: {error}", sys.stderr)
        return EXIT_OTHER
    except StockhamError as error:
        say(f"stockham-analytics {args.command} failed: {error}", sys.stderr)
        return EXIT_OTHER
    except Exception as error:  # noqa: BLE001 - the business manager never sees a traceback
        say(
            f"stockham-analytics {args.command} failed unexpectedly ({type(error).__name__}: "
            f"{error}). Nothing was written. Please pass this message to the developers.",
            sys.stderr,
        )
        return EXIT_OTHER


def _is_full_disk(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        error = error.__cause__ or error.__context__
    return False


def _safe_streams() -> None:
    """Show what the console cannot encode as escapes instead of stopping with an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _safe_streams()
    with handle_interrupts():
        args: argparse.Namespace | None = None
        try:
            args = _parser().parse_args(argv)
            return _run(args)
        except Interrupted as stop:
            left = _left_as_it_was(args) if args is not None else "nothing was done"
            say(f"Stopped by {stop.cause}: {left}.", sys.stderr)
            return stop.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
