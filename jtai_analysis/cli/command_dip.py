"""`jtai dip`: a reproducible, stratified dip sample of one list (para 72), or of the rows behind
a figure of a built pack (``--figure``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import EXIT_INFEASIBLE, EXIT_OK, UsageError
from jtai_analysis.common.run_options import RunOptions

# The run's options `jtai dip` takes (no notification date: the reference date is found in the data).
DIP_OPTIONS = ("data_paths", "reference_date", "seed")


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


def _with_list_columns(rows: pl.DataFrame, options: RunOptions) -> pl.DataFrame:
    """With ``--data``, each row's columns from the list itself (the list's keys), matched by the
    file, sheet and row the local area sees."""
    from jtai_analysis.model.prepared import prepare

    lists = rows["list"].unique().to_list()
    if not options.data_paths or len(lists) != 1:
        return rows
    data, _ = prepare(list(options.data_paths), options.reference_date)
    frame = data.frame(lists[0])
    if frame is None:
        return rows
    columns = frame.drop("child_id", strict=False).rename(
        {"_file": "source_file", "_sheet": "sheet", "_row": "row"}
    )
    return rows.join(columns, on=["source_file", "sheet", "row"], how="left")


def run_figure_dip(args: argparse.Namespace, options: RunOptions) -> int:
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
    result = draw(rows, args.n, options.seed, rows.columns, what, stratified=bool(args.stratify))
    table = _with_list_columns(result.table.drop("stratum", strict=False), options)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_table(table, out, sheet_name="Dip sample")
    print(f"{result.message} Written to {out}.")
    return EXIT_OK


def run_dip(args: argparse.Namespace) -> int:
    from jtai_analysis.common.spreadsheet import write_table
    from jtai_analysis.model.prepared import prepare
    from jtai_analysis.sampling.dip import DipError, dip_sample, parse_condition

    options = RunOptions(**given_options(args, DIP_OPTIONS))
    if args.figure:
        return run_figure_dip(args, options)
    if not options.data_paths or not args.list:
        raise UsageError("jtai dip needs --data and --list (or --figure and --pack).")
    try:
        where = [parse_condition(text) for text in args.where]
    except DipError as error:
        raise UsageError(str(error)) from error
    # No notification date here: the date given, else the date the lists point to (the one rule).
    data, _ = prepare(list(options.data_paths), options.reference_date)
    reference_date = data.reference_date
    print(f"Reference date {reference_date:%d/%m/%Y}, {data.reference_how}.")
    try:
        result = dip_sample(
            data, args.list, args.n, where, args.stratify, reference_date, options.seed
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
    add_run_arguments(dip, ("data_paths",))
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
    add_run_arguments(
        dip,
        ("reference_date", "seed"),
        help={
            "reference_date": "end of the window (default: the period end in a title row, else the "
            "date the ages and dates of birth point to, else the latest event date, else today)",
            "seed": "seed of the dip sample (same seed, same rows; default 1)",
        },
    )
    dip.add_argument(
        "--figure", metavar="FIGURE_ID", help="draw from the rows behind a figure of a pack"
    )
    dip.add_argument(
        "--group", default="all", help="the figure's group: all, or BREAKDOWN=VALUE (focus=Yes)"
    )
    dip.add_argument("--pack", metavar="DIR", help="the pack the figure is from (with --figure)")
    dip.set_defaults(handler=run_dip)
