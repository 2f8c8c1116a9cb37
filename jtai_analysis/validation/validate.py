"""Run the data contracts over a submission and split each list into valid and quarantined rows.

Each list's checks are compiled into an expectation suite and run by Great Expectations; each
finding names its sheet, row, column and value. A row with an error finding is quarantined; rows
in = valid + quarantined, always.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, ListContract, load_catalogue
from jtai_analysis.ingest.submission import Submission
from jtai_analysis.validation.findings import header_findings, row_findings
from jtai_analysis.validation.gx_runner import GxRunner, for_gx, gx_frame
from jtai_analysis.validation.results import ListResult, ValidationResult
from jtai_analysis.validation.rules import CheckContext, checks_for
from jtai_analysis.validation.suites import expectation_suite


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
        prepared = gx_frame(frame, raw, checks)
        outcomes = runner.run(suite, for_gx(prepared), reference_date, prepared)
        findings, errors = row_findings(contract, headers, prepared, raw, checks, outcomes)
        findings = header_findings(contract, catalogue, submission) + findings
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
    from jtai_analysis.validation.whole_submission import check_whole_submission

    check_whole_submission(result, submission)  # one child's details, merged cells, the window
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
