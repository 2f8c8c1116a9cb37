"""`jtai pack` and `jtai demo`: build and publish a briefing pack."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jtai_analysis.cli.shared import (
    EXIT_BUSY,
    EXIT_FINDINGS,
    EXIT_NO_ROOM,
    EXIT_NOTEBOOK_FAILED,
    EXIT_OK,
    UsageError,
)
from jtai_analysis.common.stop_signals import StopRequested

if TYPE_CHECKING:
    from jtai_analysis.pack.build import PackRequest
from jtai_analysis.pack.run_config import (
    RunConfig,
    option_names,
    pseudonym_key,
    resolve_run_config,
)

DEMO_AREA = "Synthetic Borough"


def _run_config(args: argparse.Namespace) -> RunConfig:
    """Options from ``--config`` (YAML), overridden by flags given on the command line."""
    # Every option that has a flag of the same name (pseudonym_key has none: flags show in `ps`).
    given = vars(args)
    flags = {name: given[name] for name in option_names() if name in given}
    config = resolve_run_config(Path(args.config) if args.config else None, flags)
    if config.missing():
        raise UsageError(
            f"jtai pack needs {', '.join(config.missing())} (as flags or in --config)."
        )
    return config


def _pseudonym_key(config: RunConfig) -> str | None:
    """The pseudonym key: from the environment or the config file, never a flag (flags show in `ps`)."""
    from jtai_analysis.privacy.pseudonyms import KEY_ENVIRONMENT_VARIABLE, check_key

    if not config.pseudonymise:
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
    assert config.out is not None  # _run_config refuses a run without --out
    args.out = str(config.out)  # what `jtai` shares with the group after the run
    config_file = Path(args.config) if args.config else None
    request = config.to_request(_pseudonym_key(config), config_file)
    pack = _build(request, "The pack")
    if isinstance(pack, int):
        return pack
    print(f"Briefing pack: {pack}")
    if config.strict and _has_error_findings(pack):
        print(
            "The data have error findings (see validation.json); --strict asks for exit 1.",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from jtai_analysis.pack.build import PackRequest
    from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

    out = Path(args.out)
    data = out / "data"
    print(f"Making a synthetic mid-size area, with realistic data problems planted, in {data} ...")
    write_submission(
        data, size="typical", seed=args.seed, reference_date=DEFAULT_REFERENCE_DATE, is_dirty=True
    )
    request = PackRequest(
        data_paths=(data,),
        area_name=DEMO_AREA,
        notification_date=DEFAULT_REFERENCE_DATE,
        reference_date=DEFAULT_REFERENCE_DATE,
        out_dir=out,
        seed=args.seed,
    )
    pack = _build(request, "The demo pack")
    if isinstance(pack, int):
        return pack
    print(f"\nDone. Open the briefing pack in a browser (works offline):\n  {pack}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the commands to the ``jtai`` parser."""
    pack = commands.add_parser("pack", help="run the notebooks and publish the briefing pack")
    pack.add_argument("--data", nargs="+", help="Annex A workbooks, CSVs or folders")
    pack.add_argument("--la", help="local area name for the pack")
    pack.add_argument("--notification-date", help="day 1 of the inspection (YYYY-MM-DD)")
    pack.add_argument(
        "--reference-date", help="date the lists were extracted (default: notification date)"
    )
    pack.add_argument("--out", help="output folder")
    pack.add_argument("--seed", type=int)
    pack.add_argument("--config", help="YAML file with the same options (flags override it)")
    pack.add_argument(
        "--strict",
        action="store_true",
        default=None,  # not given: the config file decides
        help="exit 1 if the data have error findings (pack still built)",
    )
    pack.add_argument(
        "--pseudonymise",
        action="store_true",
        default=None,
        help="child IDs as keyed pseudonyms (key: $JTAI_PSEUDONYM_KEY)",
    )
    pack.add_argument(
        "--suppress-below",
        type=int,
        help="hide counts from 1 to N-1 (packs shared beyond the team)",
    )
    pack.add_argument(
        "--as-of", help="judge deadlines at this moment, YYYY-MM-DDTHH:MM (default: now)"
    )
    pack.add_argument(
        "--lock", action="append", metavar="ID", help="a child the proposed 20 must include"
    )
    pack.add_argument(
        "--exclude", action="append", metavar="ID", help="a child the proposed 20 must not include"
    )
    pack.add_argument("--lock-6", action="append", metavar="ID", help="a child the 6 must include")
    pack.add_argument(
        "--exclude-6", action="append", metavar="ID", help="a child the 6 must not include"
    )
    pack.set_defaults(handler=run_pack)

    demo = commands.add_parser("demo", help="synthetic mid-size area -> full briefing pack")
    demo.add_argument("--out", default="reports/demo", help="output folder (default reports/demo)")
    demo.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    demo.set_defaults(handler=run_demo)
