"""`jtai pack` and `jtai demo`: build and publish a briefing pack."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.cli.shared import (
    EXIT_BUSY,
    EXIT_FINDINGS,
    EXIT_NO_ROOM,
    EXIT_NOTEBOOK_FAILED,
    EXIT_OK,
    UsageError,
)
from jtai_analysis.common.run_options import Place, RunOptions, long_name, options_in
from jtai_analysis.common.stop_signals import StopRequested
from jtai_analysis.pack.run_config import pseudonym_key, resolve_run_config, to_request

if TYPE_CHECKING:
    from jtai_analysis.pack.build import PackRequest

DEMO_AREA = "Synthetic Borough"


def _run_config(args: argparse.Namespace) -> RunOptions:
    """Options from ``--config`` (YAML), overridden by flags given on the command line."""
    flags = {long_name(name): getattr(args, long_name(name)) for name in options_in(Place.FLAG)}
    config = resolve_run_config(Path(args.config) if args.config else None, flags)
    if config.missing():
        raise UsageError(
            f"jtai pack needs {', '.join(config.missing())} (as flags or in --config)."
        )
    return config


def _pseudonym_key(config: RunOptions) -> str | None:
    """The pseudonym key: from the environment or the config file, never a flag (flags show in `ps`)."""
    from jtai_analysis.privacy.pseudonyms import KEY_ENVIRONMENT_VARIABLE, check_key

    if not config.is_pseudonymised:
        return None
    key = pseudonym_key(config, KEY_ENVIRONMENT_VARIABLE)
    if not key:
        raise UsageError(
            f"--pseudonymise needs a key in the {KEY_ENVIRONMENT_VARIABLE} environment variable "
            "or pseudonym_key in --config."
        )
    try:
        check_key(key)
    except ValueError as error:
        raise UsageError(str(error)) from error
    return key


def _has_error_findings(pack: Path) -> bool:
    content = json.loads((pack.parent / "validation.json").read_text(encoding="utf-8"))
    return any(
        f["severity"] == "error" for item in content["lists"].values() for f in item["findings"]
    )


def _build(request: PackRequest, what: str) -> Path | int:
    """Build the pack; an exit code with one sentence on stderr when it was not built."""
    from jtai_analysis.pack.build import NotebookFailed, OutOfRoom, build_pack
    from jtai_analysis.pack.publish import OutputFolderBusy

    try:
        return build_pack(request)
    except NotebookFailed as error:
        print(
            f"{what} was not built: {error}. The previous pack was left as it was.", file=sys.stderr
        )
        return EXIT_NOTEBOOK_FAILED
    except OutOfRoom as error:
        print(str(error), file=sys.stderr)
        return EXIT_NO_ROOM
    except OutputFolderBusy as error:
        print(str(error), file=sys.stderr)
        return EXIT_BUSY
    except StopRequested as stop:
        print(
            f"Stopped ({stop}) before the pack was published; the previous pack was left as it was.",
            file=sys.stderr,
        )
        return stop.exit_code


def run_pack(args: argparse.Namespace) -> int:
    from jtai_analysis.common.private_files import group_id

    config = _run_config(args)
    if config.share_with_group and not args.share_with_group:
        args.share_with_group = config.share_with_group
        group_id(args.share_with_group)  # an unknown group stops the run before it starts
    args.out = str(config.out_dir)  # what `jtai` shares with the group after the run
    config_file = Path(args.config) if args.config else None
    request = to_request(config, _pseudonym_key(config), config_file)
    pack = _build(request, "The pack")
    if isinstance(pack, int):
        return pack
    print(f"Briefing pack: {pack}")
    if config.is_strict and _has_error_findings(pack):
        print(
            "The data have error findings (see validation.json); --strict asks for exit 1.",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from jtai_analysis.pack.build import PackRequest
    from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

    seed = RunOptions(**given_options(args, ("seed",))).seed
    out = Path(args.out)
    data = out / "data"
    print(f"Making a synthetic mid-size area, with realistic data problems planted, in {data} ...")
    write_submission(
        data, size="typical", seed=seed, reference_date=DEFAULT_REFERENCE_DATE, is_dirty=True
    )
    request = PackRequest(
        data_paths=(data,),
        area_name=DEMO_AREA,
        notification_date=DEFAULT_REFERENCE_DATE,
        reference_date=DEFAULT_REFERENCE_DATE,
        out_dir=out,
        seed=seed,
    )
    pack = _build(request, "The demo pack")
    if isinstance(pack, int):
        return pack
    print(f"\nDone. Open the briefing pack in a browser (works offline):\n  {pack}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the commands to the ``jtai`` parser."""
    pack = commands.add_parser("pack", help="run the notebooks and publish the briefing pack")
    add_run_arguments(pack, options_in(Place.FLAG))
    pack.add_argument("--config", help="YAML file with the same options (flags override it)")
    pack.set_defaults(handler=run_pack)

    demo = commands.add_parser("demo", help="synthetic mid-size area -> full briefing pack")
    demo.add_argument("--out", default="reports/demo", help="output folder (default reports/demo)")
    # A hidden seed, for tests that want another synthetic area.
    add_run_arguments(demo, ("seed",), help={"seed": argparse.SUPPRESS})
    demo.set_defaults(handler=run_demo)
