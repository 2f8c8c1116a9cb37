"""`jtai sample`: nomination checks and the 20 and 6 without a pack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import EXIT_INFEASIBLE, EXIT_OK, UsageError
from jtai_analysis.common.run_options import RunOptions

# The run's options `jtai sample` takes (the 20 and the 6 need no area name or notification date).
SAMPLE_OPTIONS = (
    "data_paths",
    "reference_date",
    "out_dir",
    "seed",
    "lock",
    "exclude",
    "lock_6",
    "exclude_6",
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
    from jtai_analysis.presentation.prepared_run import choose_as_asked
    from jtai_analysis.sampling.exports import sample_files
    from jtai_analysis.sampling.sample_labels import group_standing, sample_note, standing
    from jtai_analysis.sampling.twenty_and_six import SelectionInfeasible

    options = RunOptions(**given_options(args, SAMPLE_OPTIONS))
    selected = read_selected_20(Path(args.selected_20)) if args.selected_20 else None
    data, _ = prepare(list(options.data_paths), options.reference_date)
    print(f"Reference date {data.reference_date:%d/%m/%Y}, {data.reference_how}.")
    if not data.has("nominations"):
        raise UsageError(
            "No nomination lists (A, B, C) were found in the data: the 20 are chosen from them."
        )
    try:
        sample = choose_as_asked(data, options, selected)
    except SelectionInfeasible as error:
        print(f"No selection possible: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    out = Path(args.out)  # required: argparse refuses the command without it
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
    add_run_arguments(
        sample,
        SAMPLE_OPTIONS,
        required=("data_paths", "out_dir"),
        help={
            "reference_date": "date the lists were extracted (default: the period end in a title "
            "row, else the date the ages and dates of birth point to, else the latest event date, "
            "else today)",
            "out_dir": "folder for selected_20.csv, selected_6.csv and sample.xlsx",
        },
    )
    sample.add_argument(
        "--selected-20",
        metavar="FILE",
        help="CSV with child_id: the 20 the lead inspector chose (default: the return, if present)",
    )
    sample.set_defaults(handler=run_sample)
