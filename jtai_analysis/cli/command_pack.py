"""`jtai pack` and `jtai demo`: build and publish a briefing pack."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import yaml

from jtai_analysis.cli.shared import (
    EXIT_FINDINGS,
    EXIT_NOTEBOOK_FAILED,
    EXIT_OK,
    UsageError,
)
from jtai_analysis.presentation.notebook_context import parse_iso_date

DEMO_AREA = "Synthetic Borough"


def _pack_options(args: argparse.Namespace) -> dict[str, object]:
    """Options from ``--config`` (YAML), overridden by flags given on the command line."""
    options: dict[str, object] = {}
    if args.config:
        try:
            loaded = yaml.safe_load(Path(args.config).read_text(encoding="utf-8")) or {}
        except OSError as error:
            raise UsageError(
                f"The config file {args.config} could not be read ({error.strerror})."
            ) from error
        except yaml.YAMLError as error:  # never its text: YAML quotes the line, maybe the key's
            mark = getattr(error, "problem_mark", None)
            where = f" near line {mark.line + 1}" if mark else ""
            raise UsageError(f"The config file {args.config} is not valid YAML{where}.") from None
        if not isinstance(loaded, dict):
            raise UsageError(f"The config file {args.config} must hold option: value lines.")
        options.update({str(k).replace("-", "_"): v for k, v in loaded.items()})
    for key in (
        "data",
        "la",
        "notification_date",
        "reference_date",
        "out",
        "seed",
        "suppress_below",
        "as_of",
        "lock",
        "exclude",
        "lock_6",
        "exclude_6",
    ):
        value = getattr(args, key, None)
        if value is not None:
            options[key] = value
    missing = [
        f"--{k.replace('_', '-')}"
        for k in ("data", "la", "notification_date", "out")
        if not options.get(k)
    ]
    if missing:
        raise UsageError(f"jtai pack needs {', '.join(missing)} (as flags or in --config).")
    return options


def _pseudonym_key(args: argparse.Namespace, options: dict[str, object]) -> str | None:
    """The pseudonym key: from the environment or the config file, never a flag (flags show in `ps`)."""
    from jtai_analysis.privacy.pseudonyms import KEY_ENVIRONMENT_VARIABLE, check_key

    if not (args.pseudonymise or options.get("pseudonymise")):
        return None
    key = os.environ.get(KEY_ENVIRONMENT_VARIABLE) or options.get("pseudonym_key")
    if not key:
        raise UsageError(
            f"--pseudonymise needs a key in the {KEY_ENVIRONMENT_VARIABLE} environment variable "
            "or pseudonym_key in --config."
        )
    try:
        check_key(str(key))
    except ValueError as error:
        raise UsageError(str(error)) from error
    return str(key)


def _has_error_findings(pack: Path) -> bool:
    content = json.loads((pack.parent / "validation.json").read_text(encoding="utf-8"))
    return any(
        f["severity"] == "error" for item in content["lists"].values() for f in item["findings"]
    )


def run_pack(args: argparse.Namespace) -> int:
    from jtai_analysis.common.private_files import group_id
    from jtai_analysis.pack.build import NotebookFailed, PackRequest, build_pack

    options = _pack_options(args)
    if not args.share_with_group and options.get("share_with_group"):
        args.share_with_group = str(options["share_with_group"])
        group_id(args.share_with_group)  # an unknown group stops the run before it starts
    args.out = str(options["out"])  # what `jtai` shares with the group after the run
    data = options["data"]
    paths = tuple(Path(p) for p in (data if isinstance(data, list) else [data]))
    notified = parse_iso_date(str(options["notification_date"]), "notification date")
    reference = notified
    if options.get("reference_date"):
        reference = parse_iso_date(str(options["reference_date"]), "reference date")
    request = PackRequest(
        data_paths=paths,
        area_name=str(options["la"]),
        notification_date=notified,
        reference_date=reference,
        out_dir=Path(str(options["out"])),
        seed=int(str(options.get("seed", 1))),
        as_of=str(options.get("as_of") or ""),
        pseudonym_key=_pseudonym_key(args, options),
        suppress_below=int(str(options.get("suppress_below") or 0)),
        lock=tuple(str(i) for i in options.get("lock") or ()),  # type: ignore[attr-defined]
        exclude=tuple(str(i) for i in options.get("exclude") or ()),  # type: ignore[attr-defined]
        lock_6=tuple(str(i) for i in options.get("lock_6") or ()),  # type: ignore[attr-defined]
        exclude_6=tuple(str(i) for i in options.get("exclude_6") or ()),  # type: ignore[attr-defined]
    )
    try:
        pack = build_pack(request)
    except NotebookFailed as error:
        print(
            f"The pack was not built: {error}. The previous pack was left as it was.",
            file=sys.stderr,
        )
        return EXIT_NOTEBOOK_FAILED
    print(f"Briefing pack: {pack}")
    if (args.strict or options.get("strict")) and _has_error_findings(pack):
        print(
            "The data have error findings (see validation.json); --strict asks for exit 1.",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from jtai_analysis.pack.build import NotebookFailed, PackRequest, build_pack
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
    try:
        pack = build_pack(request)
    except NotebookFailed as error:
        print(f"The demo pack was not built: {error}.", file=sys.stderr)
        return EXIT_NOTEBOOK_FAILED
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
        help="exit 1 if the data have error findings (pack still built)",
    )
    pack.add_argument(
        "--pseudonymise",
        action="store_true",
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
