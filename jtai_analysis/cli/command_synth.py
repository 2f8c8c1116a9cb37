"""`jtai synth`: a synthetic Annex A submission."""

from __future__ import annotations

import argparse
from pathlib import Path

from jtai_analysis.cli.shared import (
    EXIT_OK,
    parse_date_argument,
)


def run_synth(args: argparse.Namespace) -> int:
    from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

    result = write_submission(
        Path(args.out),
        size=args.size,
        seed=args.seed,
        reference_date=args.reference_date or DEFAULT_REFERENCE_DATE,
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
    synth.add_argument("--out", required=True, help="output folder")
    synth.add_argument("--size", choices=("small", "typical", "large"), default="small")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument(
        "--reference-date",
        type=parse_date_argument,
        help="date the lists are extracted (YYYY-MM-DD)",
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
