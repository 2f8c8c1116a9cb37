"""`jtai templates`: blank templates the local area fills in."""

from __future__ import annotations

import argparse
from pathlib import Path

from jtai_analysis.cli.shared import (
    EXIT_OK,
)


def run_templates(args: argparse.Namespace) -> int:
    from jtai_analysis.inspection.blank_templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    templates = commands.add_parser("templates", help="blank templates for the local area")
    templates.add_argument("--out", required=True)
    templates.set_defaults(handler=run_templates)
