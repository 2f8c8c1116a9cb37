"""`jtai dashboard`: the explorer and the sampling workbench as a web app (Voilà, no code shown)."""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from jtai_analysis.cli.shared import EXIT_OK, UsageError, parse_date_argument


def run_dashboard(args: argparse.Namespace) -> int:
    from jtai_analysis.dashboards import app
    from jtai_analysis.model.cache import cache_dir, cache_key, load_prepared

    if bool(args.data) == bool(args.pack):
        raise UsageError(
            "Give either --data with the Annex A files or --pack with a built pack's folder."
        )
    if args.pack:
        try:
            request = app.request_from_pack(Path(args.pack))
        except app.PackNotUsable as error:
            raise UsageError(str(error)) from error
    else:
        notified = args.notification_date or dt.date.today()
        request = app.DashboardRequest(
            data_paths=tuple(args.data),
            area_name=args.la,
            notification_date=notified,
            reference_date=args.reference_date
            or args.notification_date
            or _date_the_lists_point_to(args.data),
            seed=args.seed,
            lock=tuple(args.lock),
            exclude=tuple(args.exclude),
        )
    paths = [Path(p) for p in request.data_paths]
    _, was_cached = load_prepared(paths, request.reference_date)
    print(
        "Prepared data found in the cache."
        if was_cached
        else "Data read and checked once; kept in the cache for the next start."
    )
    session = cache_dir() / f"dashboard-{cache_key(paths, request.reference_date)}"
    app.write_session(request, session)
    served = app.voila_command(
        session, args.port or app.free_port(), open_browser=not args.no_browser
    )
    print("Starting the web app on 127.0.0.1 ...", flush=True)
    process = subprocess.Popen(served.command, env=served.environment)
    try:
        if app.wait_until_serving(served.port):
            print(f"Explorer:           {app.notebook_url(served, 'explorer.ipynb')}")
            print(f"Sampling workbench: {app.notebook_url(served, 'sampling_workbench.ipynb')}")
            print("Press Ctrl-C to stop.", flush=True)
        return process.wait() or EXIT_OK
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        print("Stopped.", file=sys.stderr)
        return EXIT_OK


def _date_the_lists_point_to(paths: list[str]) -> dt.date:
    """With neither a reference nor a notification date: the one rule of the other commands."""
    from jtai_analysis.ingest.submission import ingest
    from jtai_analysis.validation.reference import resolve_reference_date

    resolved = resolve_reference_date(None, ingest([Path(p) for p in paths]))
    print(f"{resolved.sentence[0].upper()}{resolved.sentence[1:]}.")
    return resolved.date


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    dashboard = commands.add_parser(
        "dashboard", help="the explorer and sampling workbench in the browser (no code shown)"
    )
    dashboard.add_argument("--data", nargs="+", help="Annex A workbooks, CSVs or folders")
    dashboard.add_argument("--pack", help="a folder `jtai pack` wrote: its data and parameters")
    dashboard.add_argument("--la", default="Local area", help="the local area's name")
    dashboard.add_argument(
        "--notification-date",
        type=parse_date_argument,
        help="day 1 of the inspection (default: today)",
    )
    dashboard.add_argument(
        "--reference-date",
        type=parse_date_argument,
        help="date the lists were extracted (default: the notification date; without one, the "
        "date the lists point to: a title row's period end, the ages, else the latest event)",
    )
    dashboard.add_argument("--seed", type=int, default=1, help="seed of the proposed sample")
    dashboard.add_argument(
        "--lock", action="append", default=[], metavar="ID", help="a child the 20 must include"
    )
    dashboard.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ID",
        help="a child the 20 must not include",
    )
    dashboard.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)"
    )
    dashboard.add_argument("--no-browser", action="store_true", help="do not open a browser")
    dashboard.set_defaults(handler=run_dashboard)
