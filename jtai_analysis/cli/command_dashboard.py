"""`jtai dashboard`: the explorer and the sampling workbench as a web app (Voilà, no code shown).

The app listens on this machine only (127.0.0.1) unless ``--ip`` names another address, and every
page asks for the token the command prints. The command owns the server it starts: stopped by
Ctrl-C, SIGTERM or SIGHUP it shuts the server and its kernels down; killed outright, the server sees
its parent gone and stops itself (:mod:`jtai_analysis.dashboards.server_process`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import ipaddress
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import EXIT_OK, UsageError
from jtai_analysis.common.run_options import RunOptions
from jtai_analysis.common.stop_signals import StopRequested

if TYPE_CHECKING:
    from jtai_analysis.dashboards.app import DashboardRequest

# The run's options `jtai dashboard` takes (the sample's starting point: the 20's locks).
DASHBOARD_OPTIONS = (
    "data_paths",
    "area_name",
    "notification_date",
    "reference_date",
    "seed",
    "lock",
    "exclude",
)


def _is_this_machine_only(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return ip == "localhost"


def _warn_if_reachable(ip: str) -> None:
    if not _is_this_machine_only(ip):
        print(
            f"Warning: the dashboards listen on {ip}, so anyone who can reach this machine and has "
            "the token can see child-level data; leave out --ip (this machine only) unless the "
            "network is one the data may travel on.",
            file=sys.stderr,
        )


def _request(args: argparse.Namespace) -> DashboardRequest:
    from jtai_analysis.dashboards import app

    if bool(args.data) == bool(args.pack):
        raise UsageError(
            "Give either --data with the Annex A files or --pack with a built pack's folder."
        )
    if args.pack:
        try:
            return app.request_from_pack(Path(args.pack))
        except app.PackNotUsable as error:
            raise UsageError(str(error)) from error
    options = RunOptions(**given_options(args, DASHBOARD_OPTIONS))
    return dataclasses.replace(
        options,
        area_name=options.area_name or "Local area",
        notification_date=options.notification_date or dt.date.today(),
        reference_date=options.reference_date
        or options.notification_date
        or _date_the_lists_point_to(options.data_paths),
    )


def run_dashboard(args: argparse.Namespace) -> int:
    from jtai_analysis.model.cache import (
        cache_dir,
        cache_in_use,
        cache_key,
        entry_dir,
        load_prepared,
    )

    request = _request(args)
    paths = [Path(p) for p in request.data_paths]
    _, was_cached = load_prepared(paths, request.reference_or_notification_date)
    print(
        "Prepared data found in the cache."
        if was_cached
        else "Data read and checked once; kept in the cache for the next start."
    )
    key = cache_key(paths, request.reference_or_notification_date)
    session = cache_dir() / f"dashboard-{key}"
    # The pages read the prepared data from the cache: neither it nor the session is removed
    # (by pruning or `jtai cache clear`) while the app serves them.
    with contextlib.ExitStack() as held:
        held.enter_context(cache_in_use(session))
        if entry_dir(key).is_dir():
            held.enter_context(cache_in_use(entry_dir(key)))
        return _serve(args, request, session)


def _serve(args: argparse.Namespace, request: DashboardRequest, session: Path) -> int:
    """Serve the session with Voilà until the command is stopped; stop the server with it."""
    from jtai_analysis.dashboards import app
    from jtai_analysis.dashboards.server_process import start_server, stop_server

    app.write_session(request, session)
    served = app.voila_command(
        session, args.port or app.free_port(), open_browser=not args.no_browser, ip=args.ip
    )
    _warn_if_reachable(args.ip)
    print(f"Starting the web app on {args.ip} ...", flush=True)
    process = start_server(served.command, served.environment)
    try:
        if app.wait_until_serving(served.port, host=args.ip):
            print(f"Explorer:           {app.notebook_url(served, 'explorer.ipynb')}")
            print(f"Sampling workbench: {app.notebook_url(served, 'sampling_workbench.ipynb')}")
            print("Press Ctrl-C to stop.", flush=True)
        return process.wait() or EXIT_OK
    except KeyboardInterrupt as stop:
        stop_server(process)
        print("Stopped: the web app and its kernels were shut down.", file=sys.stderr)
        # Ctrl-C is how the command says to stop it; a signal from elsewhere says so in the code.
        if isinstance(stop, StopRequested) and stop.signum != signal.SIGINT:
            return stop.exit_code
        return EXIT_OK
    finally:
        if process.poll() is None:  # any other way out stops the server too
            stop_server(process)


def _date_the_lists_point_to(paths: tuple[Path, ...]) -> dt.date:
    """With neither a reference nor a notification date: the one rule of the other commands."""
    from jtai_analysis.ingest.submission import ingest
    from jtai_analysis.validation.reference import resolve_reference_date

    resolved = resolve_reference_date(None, ingest(list(paths)))
    print(f"{resolved.sentence[0].upper()}{resolved.sentence[1:]}.")
    return resolved.date


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    dashboard = commands.add_parser(
        "dashboard", help="the explorer and sampling workbench in the browser (no code shown)"
    )
    add_run_arguments(dashboard, DASHBOARD_OPTIONS[:1])
    dashboard.add_argument("--pack", help="a folder `jtai pack` wrote: its data and parameters")
    add_run_arguments(
        dashboard,
        DASHBOARD_OPTIONS[1:],
        help={
            "area_name": "the local area's name (default: Local area)",
            "notification_date": "day 1 of the inspection (default: today)",
            "reference_date": "date the lists were extracted (default: the notification date; "
            "without one, the date the lists point to: a title row's period end, the ages, else "
            "the latest event)",
        },
    )
    dashboard.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    dashboard.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; others get a warning)",
    )
    dashboard.add_argument("--no-browser", action="store_true", help="do not open a browser")
    dashboard.set_defaults(handler=run_dashboard)
