"""`jtai cache clear`: remove the prepared data kept for the dashboards and reruns.

The cache holds copies of child-level rows (see :mod:`jtai_analysis.model.cache`); it is bounded
by size and age on its own, and this command empties it when a copy should go now (the end of an
inspection, a machine handed on). Entries a running dashboard uses are left, and said so.
"""

from __future__ import annotations

import argparse

from jtai_analysis.cli.shared import EXIT_OK


def _days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if days < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (0 or more)")
    return days


def run_cache_clear(args: argparse.Namespace) -> int:
    from jtai_analysis.model.cache import cache_dir, clear_cache

    removed = clear_cache(args.older_than)
    days = "day" if args.older_than == 1 else "days"
    which = (
        f" not used for more than {args.older_than:g} {days}" if args.older_than is not None else ""
    )
    print(
        f"Removed {removed.entries} cache entr{'y' if removed.entries == 1 else 'ies'}{which} "
        f"({removed.bytes / 1e6:.1f} MB) from {cache_dir()}."
    )
    if removed.in_use:
        print(
            f"Left {removed.in_use} in use by a running dashboard; stop it and clear again to "
            "remove them."
        )
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``jtai cache clear`` to the ``jtai`` parser."""
    cache = commands.add_parser(
        "cache", help="the prepared data kept for the dashboards and reruns"
    )
    actions = cache.add_subparsers(dest="cache_action", required=True, metavar="ACTION")
    clear = actions.add_parser("clear", help="remove the cached prepared data")
    clear.add_argument(
        "--older-than",
        type=_days,
        metavar="DAYS",
        help="only entries not used for more than DAYS days (default: all)",
    )
    clear.set_defaults(handler=run_cache_clear)
