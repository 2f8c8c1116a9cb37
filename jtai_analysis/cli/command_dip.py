"""`jtai dip`: a reproducible, stratified dip sample of one list (para 72), or of the rows behind
a figure of a built pack (``--figure``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import polars as pl

from jtai_analysis.cli.shared import EXIT_INFEASIBLE, EXIT_OK, UsageError, parse_date_argument


def _figure_rows(args: argparse.Namespace) -> tuple[pl.DataFrame, str]:
    """The numerator rows of the figure asked for, and how the message names them."""
    from jtai_analysis.pack.pack_figures import NotAPack, PackFigures, UnknownFigure

    if not args.pack:
        raise UsageError("--figure needs --pack, the folder jtai pack wrote.")
    try:
        pack = PackFigures.read(Path(args.pack))
        row = pack.figure(args.figure, args.group)
    except (NotAPack, UnknownFigure) as error:
        raise UsageError(str(error)) from error
    if not row["available"]:
        raise UsageError(f"{args.figure} ({args.group}) is not available: {row['note']}")
    rows = pack.rows(args.figure, args.group, "numerator").drop("figure_id", "group", "role")
    if args.list:
        rows = rows.filter(pl.col("list") == args.list)
    what = f"the rows behind {args.figure} ({args.group})"
    return rows, what


def _with_list_columns(rows: pl.DataFrame, args: argparse.Namespace) -> pl.DataFrame:
    """With ``--data``, each row's columns from the list itself (the list's keys), matched by the
    file, sheet and row the local area sees."""
    from jtai_analysis.model.prepared import prepare

    lists = rows["list"].unique().to_list()
    if not args.data or len(lists) != 1:
        return rows
    data, _ = prepare([Path(p) for p in args.data], args.reference_date)
    frame = data.frame(lists[0])
    if frame is None:
        return rows
    columns = frame.drop("child_id", strict=False).rename(
        {"_file": "source_file", "_sheet": "sheet", "_row": "row"}
    )
    return rows.join(columns, on=["source_file", "sheet", "row"], how="left")


def run_figure_dip(args: argparse.Namespace) -> int:
    """``jtai dip --figure``: a dip sample of the rows behind a figure's numerator."""
    from jtai_analysis.common.spreadsheet import write_table
    from jtai_analysis.sampling.dip import draw

    if args.n < 1:
        raise UsageError("--n must be at least 1.")
    rows, what = _figure_rows(args)
    if rows.is_empty():
        print(f"No row is behind {args.figure} ({args.group}).", file=sys.stderr)
        return EXIT_INFEASIBLE
    if args.stratify and args.stratify not in rows.columns:
        raise UsageError(f"{args.stratify!r} cannot stratify these rows (try list or sheet).")
    if args.stratify:
        rows = rows.with_columns(
            pl.col(args.stratify).cast(pl.String).fill_null("(blank)").alias("stratum")
        )
    result = draw(rows, args.n, args.seed, rows.columns, what, stratified=bool(args.stratify))
    table = _with_list_columns(result.table.drop("stratum", strict=False), args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_table(table, out, sheet_name="Dip sample")
    print(f"{result.message} Written to {out}.")
    return EXIT_OK


def run_dip(args: argparse.Namespace) -> int:
    from jtai_analysis.common.spreadsheet import write_table
    from jtai_analysis.model.prepared import prepare
    from jtai_analysis.sampling.dip import DipError, dip_sample, parse_condition

    if args.figure:
        return run_figure_dip(args)
    if not args.data or not args.list:
        raise UsageError("jtai dip needs --data and --list (or --figure and --pack).")
    try:
        where = [parse_condition(text) for text in args.where]
    except DipError as error:
        raise UsageError(str(error)) from error
    # No notification date here: the window ends today unless a reference date is given.
    reference_date = args.reference_date or dt.date.today()
    data, _ = prepare([Path(p) for p in args.data], reference_date)
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
    dip = commands.add_parser(
        "dip", help="a reproducible dip sample of one list, or of a figure's rows (para 72)"
    )
    dip.add_argument("--data", nargs="+", help="Annex A workbooks, CSVs or folders")
    dip.add_argument("--list", metavar="LIST_KEY", help="e.g. referrals, s47")
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
        help="end of the window (default today)",
    )
    dip.add_argument("--seed", type=int, default=1)
    dip.add_argument(
        "--figure", metavar="FIGURE_ID", help="draw from the rows behind a figure of a pack"
    )
    dip.add_argument(
        "--group", default="all", help="the figure's group: all, or BREAKDOWN=VALUE (focus=Yes)"
    )
    dip.add_argument("--pack", metavar="DIR", help="the pack the figure is from (with --figure)")
    dip.set_defaults(handler=run_dip)
