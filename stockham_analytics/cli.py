"""The ``stockham-analytics`` command.

Exit codes (spec 5): 0 success; 1 invalid input; 2 usage error; 3 the output
folder cannot be used; 4 a page of the report failed to build; 5 any other
failure. Messages are plain English; a traceback is never shown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from stockham_analytics.exceptions import (
    InvalidInputError,
    OutputFolderError,
    ReportError,
    StockhamError,
    TermNotStartedError,
)
from stockham_analytics.terms import Term, parse_term

AS_OF_HELP = ("judge the term as of this day, e.g. 10/12/2026 (default: today); "
              "before the term's last day the pack is provisional")

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FOLDER, EXIT_REPORT, EXIT_OTHER = 0, 1, 2, 3, 4, 5


def _term(text: str) -> Term:
    from stockham_analytics.cells import FIRST_YEAR, LAST_YEAR

    term = parse_term(text) if text.isascii() else None
    if term is None or not FIRST_YEAR <= term.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a term; write it as Autumn 2026, Spring 2027 or Summer 2027 '
            f"(a year from {FIRST_YEAR} to {LAST_YEAR})"
        )
    return term


def _as_of(text: str) -> dt.date:
    from stockham_analytics.cells import CellError, parse_date

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
    demo = commands.add_parser("demo", help="write the fictional demo workbooks")
    demo.add_argument("--out", type=Path, required=True, metavar="DIR")
    templates = commands.add_parser("templates", help="write blank workbooks to fill in")
    templates.add_argument("--out", type=Path, required=True, metavar="DIR")
    return parser


def _validate(args: argparse.Namespace) -> int:
    from stockham_analytics.api import load
    from stockham_analytics.messages import format_problems, format_summary

    dataset = load(args.data)
    if dataset.warnings:
        print(format_problems(dataset.warnings), file=sys.stderr)
    print(format_summary(dataset))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from stockham_analytics.api import build_pack

    written = build_pack(
        args.data, args.term, args.out, as_of=args.as_of, keep_notebooks=args.keep_notebooks,
        progress=not args.quiet,
    )
    print(f"The {args.term} pack is ready: {written / 'index.html'}")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from stockham_analytics.demo import write_demo

    for path in write_demo(args.out):
        print(f"wrote {path}")
    return EXIT_OK


def _templates(args: argparse.Namespace) -> int:
    from stockham_analytics.entry_templates import write_templates

    for path in write_templates(args.out):
        print(f"wrote {path}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "report": _report,
    "demo": _demo,
    "templates": _templates,
}


def _run(args: argparse.Namespace) -> int:
    from stockham_analytics.messages import format_problems

    try:
        return COMMANDS[args.command](args)
    except InvalidInputError as error:
        print(format_problems(error.problems), file=sys.stderr)
        return EXIT_INVALID
    except TermNotStartedError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    except OutputFolderError as error:
        print(f"Cannot write the pack: {error}", file=sys.stderr)
        return EXIT_FOLDER
    except ReportError as error:
        print(str(error), file=sys.stderr)
        return EXIT_REPORT
    except (StockhamError, OSError) as error:
        print(f"stockham-analytics {args.command} failed: {error}", file=sys.stderr)
        return EXIT_OTHER
    except Exception as error:  # noqa: BLE001 - the business manager never sees a traceback
        print(
            f"stockham-analytics {args.command} failed unexpectedly ({type(error).__name__}: "
            f"{error}). Nothing was written. Please pass this message to the developers.",
            file=sys.stderr,
        )
        return EXIT_OTHER


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    return _run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
