"""The ``jtai`` command. Errors are one or two plain sentences on stderr (``--debug`` shows more).

Each command lives in its own ``command_*`` module with a ``register`` function; adding a command is
one module and one line in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from jtai_analysis.cli import (
    command_batch,
    command_cache,
    command_clean,
    command_dashboard,
    command_dip,
    command_explain,
    command_pack,
    command_sample,
    command_synth,
    command_templates,
    command_timeline,
    command_validate,
)
from jtai_analysis.cli.shared import EXIT_INTERNAL, EXIT_UNUSABLE, UsageError
from jtai_analysis.common.private_files import (
    UnknownGroupError,
    group_id,
    restrict_new_files,
    share_with_group,
)
from jtai_analysis.common.run_options import OptionError
from jtai_analysis.common.startup import skip_slow_optional_imports
from jtai_analysis.common.stop_signals import StopRequested, stop_on_signals
from jtai_analysis.ingest.readers import UnusableInputError
from jtai_analysis.pack.publish import OutputFolderError
from jtai_analysis.presentation.notebook_context import ParameterError
from jtai_analysis.validation.run_files import quarantine_folder_for

COMMANDS = (
    command_pack,
    command_synth,
    command_validate,
    command_sample,
    command_timeline,
    command_templates,
    command_dashboard,
    command_batch,
    command_clean,
    command_dip,
    command_explain,
    command_cache,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jtai", description="JTAI workbench: Annex A data, checks and briefing packs."
    )
    parser.add_argument("--debug", action="store_true", help="show a full traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    for command in commands.choices.values():
        command.add_argument(
            "--share-with-group",
            metavar="GROUP",
            help="let this group read the outputs (files 640, folders 750); default: owner only",
        )
    return parser


def output_roots(args: argparse.Namespace) -> list[Path]:
    """What a command wrote, by its output options (``--out``, ``--json`` and its quarantine, ``--html``)."""
    roots = [Path(str(getattr(args, k))) for k in ("out", "json", "html") if getattr(args, k, None)]
    if getattr(args, "json", None):
        roots.append(quarantine_folder_for(Path(args.json)))
    return roots


def _run(args: argparse.Namespace) -> int:
    """Run the command with owner-only files; then share its outputs with the named group, if any."""
    restrict_new_files()  # child-level data: nothing a run writes is readable by others
    if args.share_with_group:
        group_id(args.share_with_group)  # an unknown group stops the run before it starts
    with stop_on_signals():  # SIGTERM and SIGHUP unwind like Ctrl-C: nothing is left behind
        code = int(args.handler(args))
    if args.share_with_group:  # a command may have taken it from its config file
        share_with_group(output_roots(args), args.share_with_group)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    skip_slow_optional_imports()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (
        UnusableInputError,
        ParameterError,
        UsageError,
        UnknownGroupError,
        OptionError,
        OutputFolderError,
    ) as error:
        if args.debug:
            traceback.print_exc()
        print(str(error), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as error:  # a file vanished, a folder is not writable, a disk is full ...
        if args.debug:
            traceback.print_exc()
        print(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt as stop:
        print("Stopped.", file=sys.stderr)
        return stop.exit_code if isinstance(stop, StopRequested) else 130
    except Exception as error:  # a fault in the workbench itself, not in the user's input
        if args.debug:
            traceback.print_exc()
        print(_internal_error_message(error, args.debug), file=sys.stderr)
        return EXIT_INTERNAL


def _internal_error_message(error: Exception, debug: bool) -> str:
    """One plain sentence for an unexpected error, pointing to the run's log and to ``--debug``."""
    where = " ".join(
        getattr(error, "__notes__", [])
    )  # e.g. the failed run's log, added by the pack
    more = "" if debug else " Run the command again with --debug to see the traceback."
    return (
        f"jtai stopped on an unexpected internal error ({type(error).__name__}: {error}).{more}"
        + (f" {where}" if where else "")
    )


if __name__ == "__main__":
    raise SystemExit(main())
