"""The ``jtai`` command. Errors are one or two plain sentences on stderr (``--debug`` shows more).

Each command lives in its own ``command_*`` module with a ``register`` function; adding a command is
one module and one line in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from jtai_analysis.cli import (
    command_clean,
    command_pack,
    command_sample,
    command_synth,
    command_templates,
    command_timeline,
    command_validate,
)
from jtai_analysis.cli.shared import EXIT_UNUSABLE, UsageError
from jtai_analysis.common.startup import skip_slow_optional_imports
from jtai_analysis.ingest.readers import UnusableInputError
from jtai_analysis.presentation.notebook_context import ParameterError

COMMANDS = (
    command_pack,
    command_synth,
    command_validate,
    command_sample,
    command_timeline,
    command_templates,
    command_clean,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jtai", description="JTAI workbench: Annex A data, checks and briefing packs."
    )
    parser.add_argument("--debug", action="store_true", help="show a full traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    skip_slow_optional_imports()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (UnusableInputError, ParameterError, UsageError) as error:
        if args.debug:
            traceback.print_exc()
        print(str(error), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as error:  # a file vanished, a folder is not writable, a disk is full ...
        if args.debug:
            traceback.print_exc()
        print(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
