"""`jtai synth`: a synthetic Annex A submission."""

from __future__ import annotations

import argparse

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import EXIT_OK
from jtai_analysis.common.run_options import RunOptions

# The run's options `jtai synth` takes (its reference date, not given, is the generator's own).
SYNTH_OPTIONS = ("out_dir", "seed", "reference_date")


def run_synth(args: argparse.Namespace) -> int:
    from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

    options = RunOptions(**given_options(args, SYNTH_OPTIONS))
    assert options.out_dir is not None  # required: argparse refuses the command without it
    result = write_submission(
        options.out_dir,
        size=args.size,
        seed=options.seed,
        reference_date=options.reference_date or DEFAULT_REFERENCE_DATE,
        file_format=args.format,
        is_dirty=args.dirty,
        is_standard=args.standard,
    )
    total = sum(result.rows_per_list.values())
    print(f"Wrote a synthetic {args.size} submission ({total:,} rows) to {result.out_dir}")
    if args.dirty:
        print(f"Planted {len(result.defects)} defects, listed in {result.out_dir / 'defects.json'}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    synth = commands.add_parser("synth", help="write a synthetic Annex A submission")
    add_run_arguments(synth, ("out_dir",), required=("out_dir",))
    synth.add_argument("--size", choices=("small", "typical", "large"), default="small")
    add_run_arguments(
        synth,
        ("seed", "reference_date"),
        help={
            "seed": "seed of the synthetic data (same seed, same submission; default 1)",
            "reference_date": "date the lists are extracted (YYYY-MM-DD)",
        },
    )
    synth.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    synth.add_argument(
        "--dirty", action="store_true", help="plant realistic defects and list them in defects.json"
    )
    synth.add_argument(
        "--standard",
        action="store_true",
        help="a standard Annex A: Lists 1-7 without the JTAI domestic abuse column",
    )
    synth.set_defaults(handler=run_synth)
