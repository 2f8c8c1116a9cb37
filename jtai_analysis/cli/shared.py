"""What every command shares: exit codes, the error for an unusable value, and date arguments."""

from __future__ import annotations

import argparse

from jtai_analysis.cli.run_arguments import add_run_arguments

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE, EXIT_NOTEBOOK_FAILED, EXIT_INFEASIBLE = 0, 1, 2, 3, 4
EXIT_INTERNAL = 70  # an unexpected fault in the workbench (EX_SOFTWARE in sysexits.h)
EXIT_NO_ROOM = 74  # an output could not be written: the disk is full (EX_IOERR)
EXIT_BUSY = 75  # another run is writing the same output; try again later (EX_TEMPFAIL)


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


# The run's options of a command that reads a submission (no notification date: the reference date
# not given is found in the data).
SUBMISSION_OPTIONS = ("reference_date",)


def add_submission_command(
    commands: argparse._SubParsersAction, name: str, help: str
) -> argparse.ArgumentParser:
    """A command that reads a submission (``jtai validate``, ``jtai clean``): its parser, with the
    submission's paths and the run option ``reference_date`` (read by :data:`SUBMISSION_OPTIONS`)."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help)
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="Annex A workbooks, CSVs or folders"
    )
    add_run_arguments(
        parser,
        SUBMISSION_OPTIONS,
        help={
            "reference_date": "date the lists were extracted (default: the period end in a title "
            "row, else the date the ages and dates of birth point to, else the latest event date, "
            "else today)"
        },
    )
    return parser
