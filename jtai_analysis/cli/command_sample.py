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


def read_selected_20(path: Path) -> list[str]:
    """Child IDs from a CSV with a ``child_id`` column (or the contract's child ID header)."""
    import polars as pl

    from jtai_analysis.catalogue.lists import load_catalogue
    from jtai_analysis.common.text import normalise_code

    if not path.is_file():
        raise UsageError(f"The list of the 20 ({path}) does not exist.")
    try:
        table = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        raise UsageError(f"The list of the 20 ({path.name}) could not be read as a CSV.") from error
    column = load_catalogue().lists["nominations"].column("child_id")
    accepted = {normalise_code(h) for h in ("child_id", *column.accepted_headers())}
    found = [c for c in table.columns if normalise_code(c) in accepted]
    if not found:
        raise UsageError(f"The list of the 20 ({path.name}) has no child_id column.")
    return [str(i).strip() for i in table[found[0]].drop_nulls().to_list() if str(i).strip()]


def run_sample(args: argparse.Namespace) -> int:
    from jtai_analysis.model.prepared import prepare
    from jtai_analysis.sampling.exports import sample_files
    from jtai_analysis.sampling.sample import choose
    from jtai_analysis.sampling.sample_labels import group_standing, sample_note, standing
    from jtai_analysis.sampling.twenty_and_six import SelectionInfeasible

    selected = read_selected_20(Path(args.selected_20)) if args.selected_20 else None
    data, _ = prepare([Path(p) for p in args.data], args.reference_date)
    print(f"Reference date {data.reference_date:%d/%m/%Y}, {data.reference_how}.")
    if not data.has("nominations"):
        raise UsageError(
            "No nomination lists (A, B, C) were found in the data: the 20 are chosen from them."
        )
    try:
        sample = choose(
            data,
            data.reference_date,
            args.seed,
            args.lock,
            args.exclude,
            args.lock_6,
            args.exclude_6,
            selected,
        )
    except SelectionInfeasible as error:
        print(f"No selection possible: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    out = Path(args.out)
    sample_files(out, sample)
    where = {
        "proposed": "proposed",
        "returned": "as named on the information-on-the-20 return",
        "selected_file": f"as listed in {Path(args.selected_20).name if args.selected_20 else ''}",
    }[sample.source]
    print(
        f"The 20 ({where}) and the 6 ({group_standing(sample.six)}) written to {out / 'selected_20.csv'}, "
        "selected_6.csv and sample.xlsx"
    )
    print(sample_note(sample))
    for row in sample.return_issues.iter_rows(named=True):
        print(f"  note: child {row['child_id']} on the list of the 20: {row['issue']}")
    for chosen in sample.six:
        c = chosen.candidate
        print(
            f"  {c.child_id:<16} list {';'.join(c.lists):<5} {c.age_group:<8} "
            f"{standing(chosen):<9} {chosen.why}"
        )
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    sample = commands.add_parser(
        "sample", help="nomination checks and the 20 and 6, without a pack"
    )
    sample.add_argument(
        "--data", nargs="+", required=True, help="Annex A workbooks, CSVs or folders"
    )
    sample.add_argument(
        "--reference-date",
        type=parse_date_argument,
        help="date the lists were extracted (default: the period end in a title row, else the "
        "date the ages and dates of birth point to, else the latest event date, else today)",
    )
    sample.add_argument(
        "--out", required=True, help="folder for selected_20.csv, selected_6.csv and sample.xlsx"
    )
    sample.add_argument("--seed", type=int, default=1)
    sample.add_argument(
        "--selected-20",
        metavar="FILE",
        help="CSV with child_id: the 20 the lead inspector chose (default: the return, if present)",
    )
    for flag, rule in (
        ("--lock", "the 20 must include"),
        ("--exclude", "the 20 must not include"),
        ("--lock-6", "the 6 must include"),
        ("--exclude-6", "the 6 must not include"),
    ):
        sample.add_argument(flag, action="append", default=[], metavar="ID", help=f"a child {rule}")
    sample.set_defaults(handler=run_sample)
