"""`jtai dip`: a reproducible, stratified dip sample of one list (para 72)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtai_analysis.cli.shared import EXIT_INFEASIBLE, EXIT_OK, UsageError, parse_date_argument


def run_dip(args: argparse.Namespace) -> int:
    from jtai_analysis.common.spreadsheet import write_table
    from jtai_analysis.model.prepared import prepare
    from jtai_analysis.sampling.dip import DipError, dip_sample, parse_condition

    try:
        where = [parse_condition(text) for text in args.where]
    except DipError as error:
        raise UsageError(str(error)) from error
    # No notification date here: the date given, else the date the lists point to (the one rule).
    data, _ = prepare([Path(p) for p in args.data], args.reference_date)
    reference_date = data.reference_date
    print(f"Reference date {reference_date:%d/%m/%Y}, {data.reference_how}.")
    try:
        result = dip_sample(
            data, args.list, args.n, where, args.stratify, reference_date, args.seed
        )
    except DipError as error:
        raise UsageError(str(error)) from error
    if result.matched == 0:
        print(f"No row of the {args.list} list matches the conditions.", file=sys.stderr)
        return EXIT_INFEASIBLE
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_table(result.table, out, sheet_name="Dip sample")
    print(f"{result.message} Written to {out}.")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    dip = commands.add_parser("dip", help="a reproducible dip sample of one list (para 72)")
    dip.add_argument("--data", nargs="+", required=True, help="Annex A workbooks, CSVs or folders")
    dip.add_argument("--list", required=True, metavar="LIST_KEY", help="e.g. referrals, s47")
    dip.add_argument("--n", type=int, required=True, help="how many rows")
    dip.add_argument("--out", required=True, help="a .csv or .xlsx file")
    dip.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a condition every row meets (codes as in the contract; blank, not_blank, window, >=N)",
    )
    dip.add_argument(
        "--stratify", metavar="KEY", help="spread the sample over this column's values"
    )
    dip.add_argument(
        "--reference-date",
        type=parse_date_argument,
        default=None,
        help="end of the window (default: the period end in a title row, else the date the ages "
        "and dates of birth point to, else the latest event date, else today)",
    )
    dip.add_argument("--seed", type=int, default=1)
    dip.set_defaults(handler=run_dip)
