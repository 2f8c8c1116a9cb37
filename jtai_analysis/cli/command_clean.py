"""`jtai clean`: the submission as tidy canonical lists, what an analyst or another tool takes further."""

from __future__ import annotations

import argparse
from pathlib import Path

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    SUBMISSION_OPTIONS,
    add_submission_command,
)
from jtai_analysis.common.run_options import RunOptions

# The run's options `jtai clean` takes: those of every command that reads a submission, and --out.
CLEAN_OPTIONS = (*SUBMISSION_OPTIONS, "out_dir")


def run_clean(args: argparse.Namespace) -> int:
    from jtai_analysis.catalogue.lists import load_catalogue
    from jtai_analysis.common.spreadsheet import write_csv
    from jtai_analysis.ingest.submission import ingest
    from jtai_analysis.privacy.degrade import degrade_for_sharing
    from jtai_analysis.validation.reference import resolve_reference_date
    from jtai_analysis.validation.report import tidy_lists
    from jtai_analysis.validation.validate import validate_submission
    from jtai_analysis.validation.window import window_sentences

    options = RunOptions(**given_options(args, CLEAN_OPTIONS))
    assert options.out_dir is not None  # required: argparse refuses the command without it
    submission = ingest([Path(p) for p in args.paths])
    reference = resolve_reference_date(options.reference_date, submission)
    result = validate_submission(submission, reference.date)
    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    result.reference_source, result.reference_date_source = reference.how, reference.source
    print(f"{reference.sentence[0].upper()}{reference.sentence[1:]}.")
    if args.degrade:
        print(
            "Degraded for sharing: dates of birth as the first of their month, postcodes as sectors."
        )
    contracts = load_catalogue().lists
    for key, tidy in tidy_lists(submission, result).items():
        table = degrade_for_sharing(tidy, contracts[key]) if args.degrade else tidy
        path = out / f"{key}.{args.format}"
        if args.format == "parquet":
            table.write_parquet(path)
        else:
            write_csv(table, path)
        quarantined = table.filter(table["status"] == "quarantined").height
        print(f"  {key:<16} {table.height:>8,} rows ({quarantined:,} quarantined) -> {path}")
    for skipped in submission.unrecognised:
        print(f"  Not read: {skipped.file} › {skipped.sheet}: {skipped.reason}")
    for sentence in window_sentences(result.outside_window.values()):
        print(f"  {sentence}")
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    clean = add_submission_command(
        commands,
        "clean",
        help="write the submission as tidy canonical lists (codes as codes, dates ISO)",
    )
    add_run_arguments(
        clean, ("out_dir",), required=("out_dir",), help={"out_dir": "folder for one file per list"}
    )
    clean.add_argument("--format", choices=("csv", "parquet"), default="csv")
    clean.add_argument(
        "--degrade",
        action="store_true",
        help="for copies that leave the inspection team: dates of birth as the first of their "
        "month, postcodes as their sector",
    )
    clean.set_defaults(handler=run_clean)
