"""`jtai timeline`: every milestone of the inspection."""

from __future__ import annotations

import argparse
import json
import sys

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import EXIT_OK


def run_timeline(args: argparse.Namespace) -> int:
    from jtai_analysis.inspection.timeline import bank_holiday_warnings, milestones

    notified = given_options(args, ("notification_date",))["notification_date"]
    rows = milestones(notified)
    if args.format == "json":
        print(json.dumps([m.as_json() for m in rows], indent=2))
    elif args.format == "csv":
        from jtai_analysis.common.spreadsheet import csv_text
        from jtai_analysis.inspection.timeline import milestone_records

        sys.stdout.write(csv_text(milestone_records(notified)))
    elif args.format == "ics":
        from jtai_analysis.inspection.timeline_ics import milestones_to_ics

        sys.stdout.write(milestones_to_ics(rows, notified).decode("utf-8"))
    else:
        for m in rows:
            print(f"{m.date:%a %d %b %Y}  {m.time or '     '}  {m.title}  ({m.source})")
        for warning in bank_holiday_warnings(notified):
            print(f"Note: {warning}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    timeline = commands.add_parser("timeline", help="every milestone of the inspection")
    add_run_arguments(timeline, ("notification_date",), required=("notification_date",))
    timeline.add_argument("--format", choices=("table", "json", "csv", "ics"), default="table")
    timeline.set_defaults(handler=run_timeline)
