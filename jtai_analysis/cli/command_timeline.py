"""`jtai timeline`: every milestone of the inspection."""

from __future__ import annotations

import argparse
import json
import sys

from jtai_analysis.cli.shared import (
    EXIT_OK,
    parse_date_argument,
)


def run_timeline(args: argparse.Namespace) -> int:
    from jtai_analysis.inspection.timeline import bank_holiday_warnings, milestones

    rows = milestones(args.notification_date)
    if args.format == "json":
        print(json.dumps([m.as_json() for m in rows], indent=2))
    elif args.format == "csv":
        from jtai_analysis.common.spreadsheet import csv_text
        from jtai_analysis.inspection.timeline import milestone_records

        sys.stdout.write(csv_text(milestone_records(args.notification_date)))
    elif args.format == "ics":
        from jtai_analysis.inspection.timeline_ics import milestones_to_ics

        sys.stdout.write(milestones_to_ics(rows, args.notification_date).decode("utf-8"))
    else:
        for m in rows:
            print(f"{m.date:%a %d %b %Y}  {m.time or '     '}  {m.title}  ({m.source})")
        for warning in bank_holiday_warnings(args.notification_date):
            print(f"Note: {warning}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    timeline = commands.add_parser("timeline", help="every milestone of the inspection")
    timeline.add_argument("--notification-date", type=parse_date_argument, required=True)
    timeline.add_argument("--format", choices=("table", "json", "csv", "ics"), default="table")
    timeline.set_defaults(handler=run_timeline)
