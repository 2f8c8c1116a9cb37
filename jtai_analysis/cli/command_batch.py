"""`jtai batch`: one briefing pack per area of a manifest, in parallel on Dask."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jtai_analysis.cli.shared import EXIT_OK, UsageError

EXIT_AREAS_FAILED = 5  # interfaces.md: some areas failed, the rest are built


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of workers of 1 or more")
    return number


def run_batch_command(args: argparse.Namespace) -> int:
    from jtai_analysis.batch.cluster import SchedulerUnreachable
    from jtai_analysis.batch.manifest import ManifestError, read_manifest
    from jtai_analysis.batch.run import run_batch
    from jtai_analysis.privacy.pseudonyms import KEY_ENVIRONMENT_VARIABLE, check_key

    if args.scheduler and args.workers:
        raise UsageError(
            "--workers sizes a local cluster; with --scheduler the cluster's own workers are used."
        )
    try:
        areas = read_manifest(Path(args.manifest))
    except ManifestError as error:
        raise UsageError(str(error)) from error
    key = None
    if any(area.is_pseudonymised for area in areas):
        key = os.environ.get(KEY_ENVIRONMENT_VARIABLE)
        if not key:
            raise UsageError(
                f"Areas marked pseudonymise need a key in the {KEY_ENVIRONMENT_VARIABLE} environment variable."
            )
        try:
            check_key(key)
        except ValueError as error:
            raise UsageError(str(error)) from error
    try:
        result = run_batch(
            areas,
            Path(args.out),
            scheduler=args.scheduler,
            workers=args.workers,
            is_forced=args.force,
            pseudonym_key=key,
            say=lambda line: print(line, flush=True),
        )
    except SchedulerUnreachable as error:
        raise UsageError(str(error)) from error
    print(
        f"Batch done in {result.seconds / 60:.1f} min: {result.count('built')} built, "
        f"{result.count('skipped')} unchanged and skipped, {len(result.failed)} failed. "
        f"Summary: {Path(args.out) / 'batch_summary.csv'}"
    )
    if result.failed:
        for outcome in result.failed:
            step = f" ({outcome.step})" if outcome.step else ""
            print(f"{outcome.area} failed{step}: {outcome.reason}", file=sys.stderr)
        return EXIT_AREAS_FAILED
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``jtai batch`` to the ``jtai`` parser."""
    batch = commands.add_parser(
        "batch", help="one pack per area of a manifest, in parallel on Dask"
    )
    batch.add_argument(
        "--manifest",
        required=True,
        metavar="FILE",
        help="YAML (areas: a list) or CSV (one row an area): name, data, notification_date, options",
    )
    batch.add_argument(
        "--out", required=True, metavar="DIR", help="output folder: one folder per area inside"
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of an existing Dask scheduler (default: a local cluster)",
    )
    batch.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="workers of the local cluster (default: one per core)",
    )
    batch.add_argument(
        "--force", action="store_true", help="rebuild every area, even those unchanged"
    )
    batch.set_defaults(handler=run_batch_command)
