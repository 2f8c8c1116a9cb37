"""What validation writes: ``validation.json`` and ``quarantine/LIST_KEY.csv``, and the tables that
summarise findings (rows in / valid / quarantined per list, findings by rule, worst rows)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.catalogue.labels import headings
from jtai_analysis.common.column_types import schema_of
from jtai_analysis.common.spreadsheet import write_csv
from jtai_analysis.validation.results import Finding, ValidationResult


def reconciliation(result: ValidationResult) -> pl.DataFrame:
    """Per list: rows in, valid, quarantined, and findings by severity. Rows in = valid + quarantined.

    Columns are data keys (``rows_in``, ``rows_valid`` ...); headings for people come from
    ``catalogue/labels.yml`` when the table is shown.
    """
    records = []
    for key, item in result.lists.items():
        severities = Counter(f.severity for f in item.findings)
        records.append(
            {
                "list_key": key,
                "list_label": item.contract.label,
                "rows_in": item.rows_in,
                "rows_valid": item.rows_valid,
                "rows_quarantined": item.rows_quarantined,
                "errors": severities.get("error", 0),
                "warnings": severities.get("warning", 0),
            }
        )
    schema = {
        "list_key": pl.String,
        "list_label": pl.String,
        "rows_in": pl.Int64,
        "rows_valid": pl.Int64,
        "rows_quarantined": pl.Int64,
        "errors": pl.Int64,
        "warnings": pl.Int64,
    }
    return pl.DataFrame(records, schema=schema)


def findings_frame(findings: list[Finding]) -> pl.DataFrame:
    """Findings as a table (one row each)."""
    schema = {
        "list": pl.String,
        "rule": pl.String,
        "severity": pl.String,
        "file": pl.String,
        "sheet": pl.String,
        "row": pl.Int64,
        "column": pl.String,
        "value": pl.String,
        "message": pl.String,
    }
    return pl.DataFrame([{k: getattr(f, k) for k in schema} for f in findings], schema=schema)


def findings_by_rule(findings: pl.DataFrame, labels: dict[str, str] | None = None) -> pl.DataFrame:
    """How often each rule was broken: errors first, then the most frequent."""
    heading = headings("findings_by_rule")
    if findings.is_empty():
        return pl.DataFrame(schema=schema_of("list", "rule", "severity", "rows")).rename(heading)
    labels = labels or {}
    return (
        findings.group_by("list", "rule", "severity")
        .agg(pl.len().cast(pl.Int64).alias("rows"))
        .sort(["severity", "rows", "rule"], descending=[False, True, False])
        .select(
            pl.col("list").replace_strict(labels, default=pl.col("list")),
            "rule",
            "severity",
            "rows",
        )
        .rename(heading)
    )


def worst_rows(findings: pl.DataFrame, limit: int = 20) -> pl.DataFrame:
    """The rows with the most findings: where fixing one row helps most."""
    heading = headings("worst_rows")
    if findings.is_empty():
        schema = schema_of("sheet", "row", "findings", "problems")
        return pl.DataFrame(schema=schema).rename(heading)
    return (
        findings.filter(pl.col("row").is_not_null())
        .group_by("file", "sheet", "row")
        .agg(
            pl.len().cast(pl.Int64).alias("findings"),
            pl.col("message").str.join(" | ").alias("problems"),
        )
        .sort(["findings", "file", "sheet", "row"], descending=[True, False, False, False])
        .head(limit)
        .select("sheet", "row", "findings", "problems")
        .rename(heading)
    )


def write_json(result: ValidationResult, path: Path) -> Path:
    """``validation.json`` for a validated submission (``jtai validate --json``)."""
    return write_payload(result.as_json(), path)


def payload(
    reference_date: dt.date,
    counts: pl.DataFrame,
    findings: pl.DataFrame,
    skipped: list[dict[str, Any]],
    reference_source: str = "given",
    outside_window: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """``validation.json`` from tables (what a pack has once its data are prepared, and maybe
    pseudonymised). ``outside_window``: list key -> the rows before and after the window."""
    outside_window = outside_window or {}
    fields = ("rule", "severity", "sheet", "row", "column", "value", "message")
    lists = {}
    for row in counts.iter_rows(named=True):
        rows = (
            findings.filter(pl.col("list") == row["list_key"]).select(fields).to_dicts()
            if findings.height
            else []
        )
        lists[row["list_key"]] = {
            "rows_in": row["rows_in"],
            "rows_valid": row["rows_valid"],
            "rows_quarantined": row["rows_quarantined"],
            "rows_outside_window": sum(
                int(outside_window.get(row["list_key"], {}).get(side, 0))
                for side in ("before", "after")
            ),
            "findings": rows,
        }
    unrecognised = [
        {
            "file": s["file"],
            "sheet": s["sheet"],
            "reason": s["reason"],
            **({"severity": s["severity"]} if s.get("severity") else {}),
        }
        for s in skipped
        if not s.get("out_of_scope")
    ]
    return {
        "reference_date": reference_date.isoformat(),
        "reference_date_source": reference_source,
        "lists": lists,
        "unrecognised": unrecognised,
    }


def write_payload(content: dict[str, Any], path: Path) -> Path:
    """The one writer of ``validation.json`` (the pack's and ``jtai validate --json``'s)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    return path


def write_quarantine(result: ValidationResult, folder: Path, transform: Any = None) -> list[Path]:
    """One CSV per list with quarantined rows: source file, sheet and row, the cells, and the reasons.

    ``transform`` (a frame -> frame function) is applied first, e.g. to pseudonymise child IDs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key, item in result.lists.items():
        path = folder / f"{key}.csv"
        rows = transform(item.quarantined) if transform else item.quarantined
        write_csv(
            rows.rename(
                {"_file": "source_file", "_sheet": "sheet", "_row": "row", "_reasons": "reasons"}
            ),
            path,
        )
        written.append(path)
    return written


def tidy_lists(submission: Any, result: ValidationResult) -> dict[str, pl.DataFrame]:
    """Every list as the tidy canonical table ``jtai clean`` writes (interfaces.md).

    Columns named by the contract's keys (codes as codes, dates as dates), then ``source_file``,
    ``sheet``, ``row`` and ``status`` (``valid`` or ``quarantined``). Every input row is there once.
    """
    tables = {}
    for key, item in result.lists.items():
        frame = submission.frame(key)
        quarantined = item.quarantined.select(
            pl.col("_file"), pl.col("_sheet"), pl.col("_row"), pl.lit(True).alias("_q")
        )
        marked = frame.join(quarantined, on=["_file", "_sheet", "_row"], how="left")
        counts = [c.key for c in item.contract.columns if c.type == "integer"]
        tables[key] = marked.select(
            *[
                pl.when(pl.col(k) >= 0).then(pl.col(k)).alias(k) if k in counts else pl.col(k)
                for k in item.contract.column_keys
            ],
            pl.col("_file").alias("source_file"),
            pl.col("_sheet").alias("sheet"),
            pl.col("_row").alias("row"),
            pl.when(pl.col("_q"))
            .then(pl.lit("quarantined"))
            .otherwise(pl.lit("valid"))
            .alias("status"),
        )
    return tables
