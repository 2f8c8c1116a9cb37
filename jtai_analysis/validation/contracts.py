"""Run the data contracts with Great Expectations 1.x and split each list into valid and quarantined rows.

One ephemeral GX context per run (nothing written to disk, progress bars and analytics off). Each
list's checks are compiled into an expectation suite; the list goes to GX once as a pandas frame
(dates cast to ``datetime64[ns]``, which keeps GX on its vectorised path, see ``tooling_notes.md``)
and every unexpected row comes back by ``_row_id``, so each finding names its sheet, row, column
and value. A row with an error finding is quarantined; rows in = valid + quarantined, always.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, ListContract, load_catalogue
from jtai_analysis.common.startup import skip_slow_optional_imports
from jtai_analysis.ingest.submission import Submission
from jtai_analysis.validation.rules import (
    HELPER_VALUE,
    RAW_PREFIX,
    REFERENCE_PARAMETER,
    ROW_ID,
    Check,
    CheckContext,
    Member,
    checks_for,
)
from jtai_analysis.validation.unexpected_rows import agrees_with_gx, unexpected_row_ids

_log = logging.getLogger(__name__)
GX_SEVERITY = {"error": "critical", "warning": "warning"}
FINDING_FIELDS = ("rule", "severity", "sheet", "row", "column", "value", "message")


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how serious, where (sheet, row, column), the value and what is wrong."""

    rule: str
    severity: str
    list: str
    file: str | None
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FINDING_FIELDS}


@dataclass
class ListResult:
    """A validated list: counts, findings, the valid rows and the quarantined rows with reasons."""

    contract: ListContract
    rows_in: int
    findings: list[Finding]
    valid: pl.DataFrame
    quarantined: pl.DataFrame
    # Column keys absent from the submitted list: their cells are all null, and what uses them is
    # "not available" (never 0).
    missing_columns: list[str] = field(default_factory=list)
    # column header -> (spelling as sent, code read, rows): how the local area's spellings were read
    readings: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @property
    def rows_valid(self) -> int:
        return self.valid.height

    @property
    def rows_quarantined(self) -> int:
        return self.quarantined.height


@dataclass
class ValidationResult:
    """Every list of a submission, validated."""

    reference_date: dt.date
    lists: dict[str, ListResult] = field(default_factory=dict)
    unrecognised: list[dict[str, Any]] = field(default_factory=list)
    reference_source: str = "the date given"

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.lists.values() for f in result.findings]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings) or any(
            u.get("severity") == "error" for u in self.unrecognised
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "lists": {
                key: {
                    "rows_in": r.rows_in,
                    "rows_valid": r.rows_valid,
                    "rows_quarantined": r.rows_quarantined,
                    "missing_columns": r.missing_columns,
                    "findings": [f.as_json() for f in r.findings],
                }
                for key, r in self.lists.items()
            },
            "unrecognised": self.unrecognised,
        }


def expectation_suite(contract: ListContract, checks: list[Check]) -> dict[str, Any]:
    """The list's checks as a Great Expectations suite (plain JSON, as ``ExpectationSuite(**suite)`` takes it)."""
    return {
        "name": f"jtai_{contract.key}",
        "expectations": [
            {
                "type": check.expectation["type"],
                "kwargs": check.expectation["kwargs"],
                "meta": {
                    "rule_id": check.rule_id,
                    "position": position,
                    "column": check.column,
                    "reason": check.reason,
                    **(
                        {"columns": {k: m.reason for k, m in check.members.items()}}
                        if check.is_grouped
                        else {}
                    ),
                },
                "severity": GX_SEVERITY[check.severity],
            }
            for position, check in enumerate(checks)
        ],
        "meta": {
            "list": contract.key,
            "title": contract.label,
            "frame": (
                f"One row per list row; `{ROW_ID}` numbers the rows; canonical columns are typed (dates as datetime64[ns]); "
                f"`{RAW_PREFIX}KEY` holds a cell's text as typed; other columns are helpers computed by jtai_analysis.validation.rules."
            ),
        },
    }


class GxRunner:
    """One ephemeral Great Expectations context, reused for every list of a run."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        skip_slow_optional_imports()
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = self.context.data_sources.add_pandas("jtai").add_dataframe_asset("list")
        self.batch = asset.add_batch_definition_whole_dataframe("whole")
        self._count = 0

    def run(
        self,
        suite: dict[str, Any],
        frame: Any,
        reference_date: dt.date,
        prepared: pl.DataFrame | None = None,
    ) -> list[tuple[dict[str, Any], list[int]]]:
        """Validate ``frame`` (pandas) against ``suite``; return (expectation meta, failing row ids) per expectation.

        One pass (``BOOLEAN_ONLY``, about half GX's cost per expectation) gives GX's verdict on every
        expectation. The failing rows come from the same predicate in polars over ``prepared`` (the
        frame before its conversion to pandas) when GX's verdict confirms it; otherwise, and without
        ``prepared``, GX names them in a ``COMPLETE`` pass over the failing expectations only.
        """
        parameters = {
            REFERENCE_PARAMETER: dt.datetime.combine(reference_date, dt.time()).isoformat()
        }
        quick = self._validate(suite, frame, {"result_format": "BOOLEAN_ONLY"}, parameters)
        rows: dict[int, list[int]] = {}
        ask_gx: list[int] = []
        for item in quick:
            position = item.expectation_config.meta["position"]
            found = (
                unexpected_row_ids(suite["expectations"][position], prepared, parameters)
                if prepared is not None
                else None
            )
            if found is not None and agrees_with_gx(item.success, found):
                rows[position] = found
                continue
            if found is not None:  # GX is the judge; the mirror needs looking at
                _log.warning(
                    "Great Expectations and the polars mirror disagree on %s %s; GX's answer is used",
                    suite["name"],
                    suite["expectations"][position]["type"],
                )
            if not item.success:
                ask_gx.append(position)
        if ask_gx:
            detail = {**suite, "expectations": [suite["expectations"][p] for p in sorted(ask_gx)]}
            complete = {
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [ROW_ID],
                "return_unexpected_index_query": False,
            }
            for item in self._validate(detail, frame, complete, parameters):
                entries = (item.result or {}).get("unexpected_index_list") or []
                rows[item.expectation_config.meta["position"]] = [
                    entry[ROW_ID] for entry in entries
                ]
        return [
            (
                dict(item.expectation_config.meta),
                [] if item.success else rows.get(item.expectation_config.meta["position"], []),
            )
            for item in quick
        ]

    def _validate(
        self,
        suite: dict[str, Any],
        frame: Any,
        result_format: dict[str, Any],
        parameters: dict[str, str],
    ) -> list[Any]:
        self._count += 1
        gx_suite = self.gx.ExpectationSuite(**{**suite, "name": f"{suite['name']}_{self._count}"})
        batch = self.batch.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            gx_suite, result_format=result_format, expectation_parameters=parameters
        )
        for item in result.results:
            if item.exception_info and item.exception_info.get("raised_exception"):
                raise RuntimeError(
                    f"Great Expectations could not run {item.expectation_config.type}: {item.exception_info}"
                )
        return list(result.results)


def _gx_frame(frame: pl.DataFrame, raw: pl.DataFrame, checks: list[Check]) -> pl.DataFrame:
    """The list as GX sees it: row id, the columns the checks read, raw text and helper columns."""
    raw_text = raw.drop("_file", "_sheet", "_row", strict=False).select(
        pl.all().name.prefix(RAW_PREFIX)
    )
    with_raw = pl.concat([frame, raw_text], how="horizontal")
    helpers = [expr.alias(name) for name, expr in (c.helper for c in checks if c.helper)]
    prepared = with_raw.with_row_index(ROW_ID).with_columns(helpers)
    needed = [ROW_ID, *dict.fromkeys(col for check in checks for col in check.uses_columns())]
    return prepared.select(needed)


def _for_gx(prepared: pl.DataFrame) -> Any:
    """To pandas once, at the GX boundary; dates as datetime64[ns] keep GX on its vectorised path."""
    return prepared.with_columns(pl.col(pl.Date).cast(pl.Datetime("ns"))).to_pandas()


def _list_findings(
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
            if helper_values is not None:
                parts = check.split(helper_values[position], row, headers)
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


def _header_findings(
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


def validate_submission(
    submission: Submission,
    reference_date: dt.date,
    catalogue: Catalogue | None = None,
    runner: GxRunner | None = None,
) -> ValidationResult:
    """Validate every recognised list of ``submission`` against its contract with Great Expectations."""
    catalogue = catalogue or load_catalogue()
    runner = runner or GxRunner()
    typed = {key: submission.frame(key) for key in submission.parts}
    context = CheckContext(reference_date, {k: v for k, v in typed.items() if v is not None})
    result = ValidationResult(reference_date=reference_date)
    for key in submission.parts:
        contract = catalogue.lists[key]
        frame, raw = typed[key], submission.raw(key)
        assert frame is not None and raw is not None
        headers = {k: v for part in submission.parts[key] for k, v in part.headers.items()}
        absent = frozenset.intersection(
            *(frozenset(p.missing_columns) for p in submission.parts[key])
        )
        checks = checks_for(contract, catalogue, replace(context, headers=headers, absent=absent))
        suite = expectation_suite(contract, checks)
        prepared = _gx_frame(frame, raw, checks)
        outcomes = runner.run(suite, _for_gx(prepared), reference_date, prepared)
        findings, errors = _list_findings(contract, headers, prepared, raw, checks, outcomes)
        findings = _header_findings(contract, catalogue, submission) + findings
        is_quarantined = pl.int_range(frame.height, eager=True).is_in(list(errors))
        reasons = pl.Series(
            "_reasons", ["; ".join(errors.get(i, [])) for i in range(frame.height)], dtype=pl.String
        )
        cells = raw.drop("_file", "_sheet", "_row", strict=False)
        quarantined = pl.concat(
            [frame.select("_file", "_sheet", "_row"), cells, reasons.to_frame()], how="horizontal"
        )
        quarantined = quarantined.filter(is_quarantined)
        valid = _null_negative_counts(contract, frame.filter(~is_quarantined))
        result.lists[key] = ListResult(
            contract,
            frame.height,
            findings,
            valid,
            quarantined,
            missing_columns=submission.missing_columns(key),
            readings=_merged_readings(contract, submission.parts[key]),
        )
    result.unrecognised = [_unrecognised_entry(t) for t in submission.unrecognised]
    return result


def _merged_readings(
    contract: ListContract, parts: list[Any]
) -> dict[str, list[tuple[str, str, int]]]:
    merged: dict[str, dict[tuple[str, str], int]] = {}
    for part in parts:
        for key, rows in part.readings.items():
            header = part.headers.get(key, contract.column(key).header)
            for value, code, count in rows:
                bucket = merged.setdefault(header, {})
                bucket[(value, code)] = bucket.get((value, code), 0) + count
    return {
        header: sorted(((v, c, n) for (v, c), n in counts.items()), key=lambda r: (-r[2], r[0]))
        for header, counts in merged.items()
    }


def _allowed_hint(contract: ListContract, key: str, value: str | None) -> str:
    """For a value that is not allowed: the allowed values (short lists) or the closest one."""
    codes = contract.column(key).codes
    return "" if codes is None else _hint_for(codes, value)


@functools.lru_cache(maxsize=4096)  # a dirty list repeats the same few wrong values many times
def _hint_for(codes: str, value: str | None) -> str:
    import difflib

    labels = [c.label for c in load_catalogue().codelists[codes].codes]
    if len(labels) <= 6:
        return " Allowed: " + ", ".join(f"'{label}'" for label in labels) + "."
    closest = difflib.get_close_matches(str(value or ""), labels, n=1, cutoff=0.0)
    return f" The closest allowed value is '{closest[0]}'." if closest else ""


def _null_negative_counts(contract: ListContract, frame: pl.DataFrame) -> pl.DataFrame:
    """A negative count is a bad cell, not a bad row: blank the cell (its finding says so), keep the row."""
    counts = [c.key for c in contract.columns if c.type == "integer" and c.key in frame.columns]
    return frame.with_columns(pl.when(pl.col(k) >= 0).then(pl.col(k)).alias(k) for k in counts)


def _unrecognised_entry(table: Any) -> dict[str, Any]:
    """A sheet that was not read; one that looks like a list but lacks an identifying column is an error."""
    entry: dict[str, Any] = {"file": table.file, "sheet": table.sheet, "reason": table.reason}
    if table.missing_identifying:
        entry.update(
            severity="error",
            list=table.list_key,
            row=table.header_row,
            missing_columns=table.missing_identifying,
        )
    return entry


def write_suites(
    folder: Path, catalogue: Catalogue | None = None, reference_date: dt.date | None = None
) -> list[Path]:
    """Write every list's expectation suite as JSON (reusable by Great Expectations users)."""
    catalogue = catalogue or load_catalogue()
    folder.mkdir(parents=True, exist_ok=True)
    context = CheckContext(reference_date or dt.date.today())
    written = []
    for contract in catalogue.in_scope():
        suite = expectation_suite(contract, checks_for(contract, catalogue, context))
        path = folder / f"{contract.key}.json"
        path.write_text(json.dumps(suite, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
