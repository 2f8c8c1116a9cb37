"""The ``jtai`` command. Errors are one or two plain sentences on stderr (``--debug`` shows more)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import yaml

from jtai_analysis.context import ParameterError, parse_iso_date
from jtai_analysis.imports import skip_slow_optional_imports
from jtai_analysis.readers import UnusableInputError

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE, EXIT_NOTEBOOK_FAILED, EXIT_INFEASIBLE = 0, 1, 2, 3, 4
DEMO_AREA = "Synthetic Borough"


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


def _date(text: str) -> dt.date:
    try:
        return parse_iso_date(text, "date")
    except ParameterError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from error


def _cmd_synth(args: argparse.Namespace) -> int:
    from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

    result = write_submission(
        Path(args.out),
        size=args.size,
        seed=args.seed,
        reference_date=args.reference_date or DEFAULT_REFERENCE_DATE,
        file_format=args.format,
        is_dirty=args.dirty,
    )
    total = sum(result.rows_per_list.values())
    print(f"Wrote a synthetic {args.size} submission ({total:,} rows) to {result.out_dir}")
    if args.dirty:
        print(f"Planted {len(result.defects)} defects, listed in {result.out_dir / 'defects.json'}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from jtai_analysis.contracts import validate_submission
    from jtai_analysis.ingest import ingest
    from jtai_analysis.validation_report import (
        reconciliation,
        write_html,
        write_json,
        write_quarantine,
    )

    submission = ingest([Path(p) for p in args.paths])
    reference = args.reference_date or dt.date.today()
    result = validate_submission(submission, reference)
    table = reconciliation(result)
    print(
        f"Checked {len(submission.files)} file(s) against the data contracts (reference date {reference:%d/%m/%Y})."
    )
    for row in table.iter_rows(named=True):
        print(
            f"  {row['List']:<62} in {row['Rows in']:>7,}  valid {row['Valid']:>7,}  quarantined {row['Quarantined']:>6,}  errors {row['Errors']:>5,}  warnings {row['Warnings']:>5,}"
        )
    for skipped in submission.out_of_scope + submission.unrecognised:
        print(f"  Not analysed: {skipped.file} › {skipped.sheet}: {skipped.reason}")
    if args.json:
        write_json(result, Path(args.json))
        write_quarantine(result, Path(args.json).parent / "quarantine")
        print(f"Findings: {args.json}; quarantined rows: {Path(args.json).parent / 'quarantine'}")
    if args.html:
        print(f"Report: {write_html(result, Path(args.html))}")
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def _cmd_sample(args: argparse.Namespace) -> int:
    from jtai_analysis.prepared import prepare
    from jtai_analysis.sampling import SelectionInfeasible, propose, write_samples

    data, _ = prepare([Path(p) for p in args.data], args.reference_date)
    if not data.has("nominations"):
        raise UsageError(
            "No nomination lists (A, B, C) were found in the data: the 20 are chosen from them."
        )
    try:
        twenty, six = propose(data, args.reference_date, args.seed, args.lock, args.exclude)
    except SelectionInfeasible as error:
        print(f"No selection possible: {error}", file=sys.stderr)
        return EXIT_INFEASIBLE
    write_samples(Path(args.out), twenty, six)
    print(f"Proposed 20 and 6 written to {Path(args.out) / 'selected_20.csv'} and selected_6.csv")
    for row in six.iter_rows(named=True):
        print(
            f"  {row['child_id']:<16} list {row['nomination_lists']:<5} {row['age_group']:<8} {row['why_chosen']}"
        )
    return EXIT_OK


def _pack_options(args: argparse.Namespace) -> dict[str, object]:
    """Options from ``--config`` (YAML), overridden by flags given on the command line."""
    options: dict[str, object] = {}
    if args.config:
        try:
            loaded = yaml.safe_load(Path(args.config).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise UsageError(
                f"The config file {args.config} could not be read ({error})."
            ) from error
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
    from jtai_analysis.privacy import KEY_ENVIRONMENT_VARIABLE, check_key

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


def _cmd_pack(args: argparse.Namespace) -> int:
    from jtai_analysis.pack import NotebookFailed, PackRequest, build_pack

    options = _pack_options(args)
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


def _cmd_demo(args: argparse.Namespace) -> int:
    from jtai_analysis.pack import NotebookFailed, PackRequest, build_pack
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


def _cmd_timeline(args: argparse.Namespace) -> int:
    from jtai_analysis.timeline import bank_holiday_warnings, milestones

    rows = milestones(args.notification_date)
    if args.format == "json":
        print(json.dumps([m.as_json() for m in rows], indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["milestone", "title", "date", "time", "source"])
        for m in rows:
            writer.writerow([m.milestone, m.title, m.date.isoformat(), m.time or "", m.source])
    elif args.format == "ics":
        from jtai_analysis.ics import milestones_to_ics

        sys.stdout.write(milestones_to_ics(rows, args.notification_date).decode("utf-8"))
    else:
        for m in rows:
            print(f"{m.date:%a %d %b %Y}  {m.time or '     '}  {m.title}  ({m.source})")
        for warning in bank_holiday_warnings(args.notification_date):
            print(f"Note: {warning}")
    return EXIT_OK


def _cmd_templates(args: argparse.Namespace) -> int:
    from jtai_analysis.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jtai", description="JTAI workbench: Annex A data, checks and briefing packs."
    )
    parser.add_argument("--debug", action="store_true", help="show a full traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="synthetic mid-size area -> full briefing pack")
    demo.add_argument("--out", default="reports/demo", help="output folder (default reports/demo)")
    demo.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    demo.set_defaults(handler=_cmd_demo)

    synth = commands.add_parser("synth", help="write a synthetic Annex A submission")
    synth.add_argument("--out", required=True, help="output folder")
    synth.add_argument("--size", choices=("small", "typical", "large"), default="small")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument(
        "--reference-date", type=_date, help="date the lists are extracted (YYYY-MM-DD)"
    )
    synth.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    synth.add_argument(
        "--dirty", action="store_true", help="plant realistic defects and list them in defects.json"
    )
    synth.set_defaults(handler=_cmd_synth)

    validate = commands.add_parser(
        "validate", help="pre-flight check of a submission against the data contracts"
    )
    validate.add_argument(
        "paths", nargs="+", metavar="PATH", help="Annex A workbooks, CSVs or folders"
    )
    validate.add_argument(
        "--reference-date", type=_date, help="date the lists were extracted (default: today)"
    )
    validate.add_argument(
        "--json", help="write every finding to this JSON file (quarantined rows beside it)"
    )
    validate.add_argument("--html", help="write a report for the local authority to this HTML file")
    validate.set_defaults(handler=_cmd_validate)

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
    pack.set_defaults(handler=_cmd_pack)

    sample = commands.add_parser(
        "sample", help="nomination checks and a proposed 20 and 6, without a pack"
    )
    sample.add_argument(
        "--data", nargs="+", required=True, help="Annex A workbooks, CSVs or folders"
    )
    sample.add_argument("--reference-date", type=_date, required=True)
    sample.add_argument(
        "--out", required=True, help="folder for selected_20.csv and selected_6.csv"
    )
    sample.add_argument("--seed", type=int, default=1)
    sample.add_argument(
        "--lock", action="append", default=[], metavar="ID", help="a child the 20 must include"
    )
    sample.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ID",
        help="a child the 20 must not include",
    )
    sample.set_defaults(handler=_cmd_sample)

    timeline = commands.add_parser("timeline", help="every milestone of the inspection")
    timeline.add_argument("--notification-date", type=_date, required=True)
    timeline.add_argument("--format", choices=("table", "json", "csv", "ics"), default="table")
    timeline.set_defaults(handler=_cmd_timeline)

    templates = commands.add_parser("templates", help="blank templates for the local area")
    templates.add_argument("--out", required=True)
    templates.set_defaults(handler=_cmd_templates)
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
