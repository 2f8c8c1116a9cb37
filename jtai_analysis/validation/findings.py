"""Findings in plain English: from the rows Great Expectations names (with sheet, row, column and
value, and the allowed values or the closest one for a code), and from a list's header row
(missing columns, headers that match nothing, hidden blanks, month-first dates, pivot headers)."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, ListContract, load_catalogue
from jtai_analysis.ingest.submission import Submission
from jtai_analysis.validation.results import Finding
from jtai_analysis.validation.rules import HELPER_VALUE, RAW_PREFIX, Check, Member


def row_findings(
    contract: ListContract,
    part_headers: dict[str, str],
    prepared: pl.DataFrame,
    raw: pl.DataFrame,
    checks: list[Check],
    outcomes: list[tuple[dict[str, Any], list[int]]],
) -> tuple[list[Finding], dict[int, list[str]]]:
    """Findings from GX's unexpected rows; and, per quarantined row id, the reasons (errors only)."""
    raw_text = raw.drop("_file", "_sheet", "_row", strict=False).select(
        pl.all().name.prefix(RAW_PREFIX)
    )
    rows = pl.concat([raw_text, raw.select("_file", "_sheet", "_row")], how="horizontal")
    headers = {c.key: part_headers.get(c.key, c.header) for c in contract.columns}
    findings: list[Finding] = []
    errors: dict[int, list[str]] = {}
    for (_meta, row_ids), check in zip(outcomes, _in_suite_order(checks, outcomes), strict=True):
        if not row_ids:
            continue
        helper_values = (
            prepared[check.helper[0]].gather(row_ids).to_list()
            if check.is_grouped and check.helper
            else None
        )
        for position, row_id in enumerate(row_ids):
            row = rows.row(row_id, named=True)
            parts: list[tuple[str, str | None, str, Member]]
            if helper_values is not None:
                parts = list(check.split(helper_values[position], row, headers))
            else:
                if check.helper is not None:
                    row = {**row, HELPER_VALUE: prepared[check.helper[0]][int(row_id)]}
                opening = check.describe(row) if check.describe else "This row"
                parts = [
                    (check.rule_id, check.column, opening, Member(check.reason, check.severity))
                ]
            for rule_id, key, opening, member in parts:
                value = row.get(f"{RAW_PREFIX}{key}") if key else None
                hint = (
                    _allowed_hint(contract, key, value)
                    if key and rule_id.endswith(".readable") and contract.column(key).type == "code"
                    else ""
                )
                findings.append(
                    Finding(
                        rule=rule_id,
                        severity=member.severity,
                        list=contract.key,
                        file=row["_file"],
                        sheet=row["_sheet"],
                        row=row["_row"],
                        column=headers[key] if key else None,
                        value=value,
                        message=f"{opening}: {member.reason}{hint}",
                    )
                )
                if member.severity == "error":
                    errors.setdefault(row_id, []).append(f"{rule_id}: {opening}")
    findings.sort(key=lambda f: (f.file or "", f.sheet or "", f.row or 0, f.rule))
    return findings, errors


def _in_suite_order(
    checks: list[Check], outcomes: list[tuple[dict[str, Any], list[int]]]
) -> list[Check]:
    """The check behind each outcome (GX does not keep suite order; the meta carries the position)."""
    return [checks[meta["position"]] for meta, _ in outcomes]


def header_findings(
    contract: ListContract, catalogue: Catalogue, submission: Submission
) -> list[Finding]:
    """Findings about a list's header row: missing columns, headers that match nothing, pivot headers."""
    findings = []
    for part in submission.parts[contract.key]:

        def finding(
            rule: str, severity: str, column: str, message: str, part: Any = part
        ) -> Finding:
            return Finding(
                rule=f"{contract.key}.{rule}",
                severity=severity,
                list=contract.key,
                file=part.file.name,
                sheet=part.sheet,
                row=part.header_row,
                column=column,
                value=None,
                message=message,
            )

        for key in part.missing_columns:
            column = contract.column(key)
            rules = catalogue.column_rules
            policy = rules.present if column.required else rules.present_optional
            findings.append(
                finding(
                    f"{key}.present",
                    policy.severity,
                    column.header,
                    f"There is no column '{column.header}' in the header row: {policy.reason}",
                )
            )
        for header, closest in part.closest_columns.items():
            hint = (
                f" The closest expected column is '{closest}'; if that is what it holds, rename the header."
                if closest
                else ""
            )
            findings.append(
                finding(
                    "unrecognised_header",
                    "warning",
                    header,
                    f"The header '{header}' matches no column of {contract.label}, so the column is not read.{hint}",
                )
            )
        for row, key, why in part.hidden_blanks:
            header = part.headers[key]
            findings.append(
                replace(
                    finding(
                        f"{key}.hidden_blank",
                        "warning",
                        header,
                        f"{header} holds {why}, so it reads as blank: enter the value itself.",
                    ),
                    row=row,
                )
            )
        for key in part.month_first_columns:
            header = part.headers[key]
            findings.append(
                finding(
                    f"{key}.month_first",
                    "warning",
                    header,
                    f"Dates in '{header}' were read as month/day/year: some have a second number above 12 "
                    "and none has a first number above 12. If they are day/month/year, check the column.",
                )
            )
        for key, header in part.pivot_headers.items():
            findings.append(
                finding(
                    f"{key}.pivot_header",
                    "warning",
                    header,
                    f"The header '{header}' looks like a pivot-table export; it was read as "
                    f"'{contract.column(key).header}'. Check that the values are the row's own, not totals.",
                )
            )
    return findings


def _allowed_hint(contract: ListContract, key: str, value: str | None) -> str:
    """For a value that is not allowed: the allowed values (short lists) or the closest one."""
    codes = contract.column(key).codes
    return "" if codes is None else _hint_for(codes, value)


@functools.lru_cache(maxsize=4096)  # a dirty list repeats the same few wrong values many times
def _hint_for(codes: str, value: str | None) -> str:
    from jtai_analysis.catalogue.suggestions import allowed_values_hint

    return allowed_values_hint(load_catalogue().codelists[codes], value)
