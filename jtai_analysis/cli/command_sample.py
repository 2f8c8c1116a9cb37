"""`jtai sample`: nomination checks and the 20 and 6 without a pack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtai_analysis.cli.shared import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    UsageError,
    parse_date_argument,
)


def run_sample(args: argparse.Namespace) -> int:
    from jtai_analysis.model.prepared import prepare
    from jtai_analysis.sampling.selection import SelectionInfeasible, propose, write_samples

    data, _ = prepare([Path(p) for p in args.data], args.reference_date)
    if not data.has("nominations"):
        raise UsageError(
            "No nomination lists (A, B, C) were found in the data: the 20 are chosen from them."
        )
    try:
        twenty, six = propose(data, args.reference_date, args.seed, args.lock, args.exclude)
    except SelectionInfeasible as error:
        print(f"No selection possible: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    write_samples(Path(args.out), twenty, six)
    print(f"Proposed 20 and 6 written to {Path(args.out) / 'selected_20.csv'} and selected_6.csv")
    for row in six.iter_rows(named=True):
        print(
            f"  {row['child_id']:<16} list {row['nomination_lists']:<5} {row['age_group']:<8} {row['why_chosen']}"
        )
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    sample = commands.add_parser(
        "sample", help="nomination checks and a proposed 20 and 6, without a pack"
    )
    sample.add_argument(
        "--data", nargs="+", required=True, help="Annex A workbooks, CSVs or folders"
    )
    sample.add_argument("--reference-date", type=parse_date_argument, required=True)
    sample.add_argument(
        "--out", required=True, help="folder for selected_20.csv and selected_6.csv"
    )
    sample.add_argument("--seed", type=int, default=1)
    sample.add_argument(
        "--lock", action="append", default=[], metavar="ID", help="a child the 20 must include"
    )
    sample.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ID",
        help="a child the 20 must not include",
    )
    sample.set_defaults(handler=run_sample)
