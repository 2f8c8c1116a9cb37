"""`jtai validate`: the pre-flight check a local authority runs before it sends its lists."""

from __future__ import annotations

import argparse
from pathlib import Path

from jtai_analysis.cli.run_arguments import given_options
from jtai_analysis.cli.shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    SUBMISSION_OPTIONS,
    add_submission_command,
)
from jtai_analysis.common.run_options import RunOptions


def run_validate(args: argparse.Namespace) -> int:
    from jtai_analysis.ingest.submission import ingest
    from jtai_analysis.model.cache import store
    from jtai_analysis.model.prepared import prepared_from
    from jtai_analysis.presentation.validation_page import write_fix_list, write_html
    from jtai_analysis.validation.reference import resolve_reference_date
    from jtai_analysis.validation.report import reconciliation
    from jtai_analysis.validation.run_files import write_findings_with_quarantine
    from jtai_analysis.validation.validate import validate_submission
    from jtai_analysis.validation.window import window_sentences

    options = RunOptions(**given_options(args, SUBMISSION_OPTIONS))
    submission = ingest([Path(p) for p in args.paths])
    resolved = resolve_reference_date(options.reference_date, submission)
    reference = resolved.date
    result = validate_submission(submission, reference)
    store(
        prepared_from(submission, result, resolved), args.paths, reference
    )  # dashboards start fast
    table = reconciliation(result)
    print(
        f"Checked {len(submission.files)} file(s) against the data contracts ({resolved.sentence})."
    )
    for row in table.iter_rows(named=True):
        print(
            f"  {row['list_label']:<62} in {row['rows_in']:>7,}  valid {row['rows_valid']:>7,}  quarantined {row['rows_quarantined']:>6,}  errors {row['errors']:>5,}  warnings {row['warnings']:>5,}"
        )
    for skipped in submission.out_of_scope + submission.unrecognised:
        print(f"  Not analysed: {skipped.file} › {skipped.sheet}: {skipped.reason}")
    for sentence in window_sentences(result.outside_window.values()):
        print(f"  {sentence}")
    if args.json:
        quarantine = write_findings_with_quarantine(result, Path(args.json))
        print(f"Findings: {args.json}; quarantined rows: {quarantine}")
    if args.html:
        print(f"Report: {write_html(result, Path(args.html))}")
    if args.xlsx:
        print(f"Fix list: {write_fix_list(result, Path(args.xlsx))}")
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    validate = add_submission_command(
        commands, "validate", help="pre-flight check of a submission against the data contracts"
    )
    validate.add_argument(
        "--json",
        help="write every finding to this JSON file (its quarantined rows beside it in NAME.quarantine/)",
    )
    validate.add_argument("--html", help="write a report for the local authority to this HTML file")
    validate.add_argument(
        "--xlsx", help="write a fix list (one line a finding, with filters) to this .xlsx file"
    )
    validate.set_defaults(handler=run_validate)
