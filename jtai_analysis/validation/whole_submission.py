"""Checks that look at the submission as a whole, after each list has been validated on its own:
one child's details across the lists, values merged over several rows, and the rows that fall
outside the six-month window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jtai_analysis.ingest.submission import Submission
from jtai_analysis.validation.child_details import conflict_message, find_conflicts
from jtai_analysis.validation.window import outside_window

if TYPE_CHECKING:
    from jtai_analysis.validation.results import Finding, ValidationResult


def list_name(result: ValidationResult, key: str) -> str:
    annex = result.lists[key].contract.annex_a
    return f"List {annex}" if annex.isdigit() else result.lists[key].contract.title


def merged_cell_findings(submission: Submission) -> list[Finding]:
    """A warning for each value merged over several data rows (read for each of them)."""
    from jtai_analysis.validation.results import Finding

    findings = []
    for key, parts in submission.parts.items():
        for part in parts:
            for top, bottom, column, cells, value in part.merged:
                header = part.headers.get(column, part.contract.column(column).header)
                findings.append(
                    Finding(
                        rule=f"{key}.{column}.merged_cells",
                        severity="warning",
                        list=key,
                        file=part.file.name,
                        sheet=part.sheet,
                        row=top,
                        column=header,
                        value=value,
                        message=(
                            f"{header} is merged over rows {top} to {bottom} (cells {cells}): its "
                            f"value '{value or ''}' was read for each of those rows. Check that it "
                            "applies to each, and unmerge the cells so every row holds its own value."
                        ),
                    )
                )
    return findings


def child_detail_findings(
    result: ValidationResult, headers: dict[str, dict[str, str]]
) -> list[Finding]:
    """A warning for each child and characteristic with more than one value (valid rows)."""
    from jtai_analysis.validation.results import Finding

    frames = {key: item.valid for key, item in result.lists.items()}
    findings = []
    for conflict in find_conflicts(frames):
        key, sheet, row, value = conflict.first_odd_row()
        contract = result.lists[key].contract
        header = headers.get(key, {}).get(conflict.column, contract.column(conflict.column).header)
        files = result.lists[key].valid.filter(
            (result.lists[key].valid["_sheet"] == sheet) & (result.lists[key].valid["_row"] == row)
        )["_file"]
        findings.append(
            Finding(
                rule=f"{key}.{conflict.column}.one_value_per_child",
                severity="warning",
                list=key,
                file=files[0] if files.len() else None,
                sheet=sheet,
                row=row,
                column=header,
                value=value,
                message=conflict_message(conflict, header),
            )
        )
    return findings


def check_whole_submission(result: ValidationResult, submission: Submission) -> None:
    """Add the whole-submission findings to each list's findings, and count the rows outside
    the window (``result.outside_window``)."""
    headers = {
        key: {k: v for part in parts for k, v in part.headers.items()}
        for key, parts in submission.parts.items()
    }
    for finding in merged_cell_findings(submission) + child_detail_findings(result, headers):
        result.lists[finding.list].findings.append(finding)
    for key in result.lists:
        frame = submission.frame(key)
        if frame is None:
            continue
        counted = outside_window(key, list_name(result, key), frame, result.reference_date)
        if counted is not None:
            result.outside_window[key] = counted
