"""What validation writes: ``validation.json``, ``quarantine/LIST_KEY.csv`` and an HTML report for the
local authority (offline, plain English, grouped by list and rule, with row numbers)."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.contracts import Finding, ValidationResult
from jtai_analysis.tables import html_table

MAX_ROWS_PER_RULE = 200  # the HTML lists at most this many rows per rule; the JSON has them all


def reconciliation(result: ValidationResult) -> pl.DataFrame:
    """Per list: rows in, valid, quarantined, and findings by severity. Rows in = valid + quarantined."""
    records = []
    for key, item in result.lists.items():
        severities = Counter(f.severity for f in item.findings)
        records.append(
            {
                "List": item.contract.label,
                "list_key": key,
                "Rows in": item.rows_in,
                "Valid": item.rows_valid,
                "Quarantined": item.rows_quarantined,
                "Errors": severities.get("error", 0),
                "Warnings": severities.get("warning", 0),
            }
        )
    schema = {
        "List": pl.String,
        "list_key": pl.String,
        "Rows in": pl.Int64,
        "Valid": pl.Int64,
        "Quarantined": pl.Int64,
        "Errors": pl.Int64,
        "Warnings": pl.Int64,
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
    if findings.is_empty():
        return pl.DataFrame(
            schema={"List": pl.String, "Rule": pl.String, "Severity": pl.String, "Rows": pl.Int64}
        )
    labels = labels or {}
    return (
        findings.group_by("list", "rule", "severity")
        .agg(pl.len().cast(pl.Int64).alias("Rows"))
        .sort(["severity", "Rows", "rule"], descending=[False, True, False])
        .select(
            pl.col("list").replace_strict(labels, default=pl.col("list")).alias("List"),
            pl.col("rule").alias("Rule"),
            pl.col("severity").alias("Severity"),
            "Rows",
        )
    )


def worst_rows(findings: pl.DataFrame, limit: int = 20) -> pl.DataFrame:
    """The rows with the most findings: where fixing one row helps most."""
    if findings.is_empty():
        return pl.DataFrame(
            schema={
                "Sheet": pl.String,
                "Row": pl.Int64,
                "Findings": pl.Int64,
                "Problems": pl.String,
            }
        )
    return (
        findings.filter(pl.col("row").is_not_null())
        .group_by("file", "sheet", "row")
        .agg(
            pl.len().cast(pl.Int64).alias("Findings"),
            pl.col("message").str.join(" | ").alias("Problems"),
        )
        .sort(["Findings", "file", "sheet", "row"], descending=[True, False, False, False])
        .head(limit)
        .select(pl.col("sheet").alias("Sheet"), pl.col("row").alias("Row"), "Findings", "Problems")
    )


def write_json(result: ValidationResult, path: Path) -> Path:
    return _write_payload(result.as_json(), path)


def payload(
    reference_date: dt.date,
    counts: pl.DataFrame,
    findings: pl.DataFrame,
    skipped: list[dict[str, Any]],
) -> dict[str, Any]:
    """``validation.json`` from tables (what a pack has once its data are prepared, and maybe pseudonymised)."""
    fields = ("rule", "severity", "sheet", "row", "column", "value", "message")
    lists = {}
    for row in counts.iter_rows(named=True):
        rows = (
            findings.filter(pl.col("list") == row["list_key"]).select(fields).to_dicts()
            if findings.height
            else []
        )
        lists[row["list_key"]] = {
            "rows_in": row["Rows in"],
            "rows_valid": row["Valid"],
            "rows_quarantined": row["Quarantined"],
            "findings": rows,
        }
    unrecognised = [
        {"file": s["file"], "sheet": s["sheet"], "reason": s["reason"]}
        for s in skipped
        if not s.get("out_of_scope")
    ]
    return {
        "reference_date": reference_date.isoformat(),
        "lists": lists,
        "unrecognised": unrecognised,
    }


def write_payload(content: dict[str, Any], path: Path) -> Path:
    return _write_payload(content, path)


def _write_payload(content: dict[str, Any], path: Path) -> Path:
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
        rows.rename(
            {"_file": "source_file", "_sheet": "sheet", "_row": "row", "_reasons": "reasons"}
        ).write_csv(path)
        written.append(path)
    return written


_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;max-width:70rem;margin:0 auto;padding:1rem 2rem;line-height:1.5}
h1{font-size:1.8rem} h2{font-size:1.4rem;border-top:3px solid #0b4f8a;padding-top:.5rem;margin-top:2rem} h3{font-size:1.1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem} caption{text-align:left;font-weight:bold}
th,td{border-bottom:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top} th{background:#f3f2f1}
.num{text-align:right} .error{color:#8a1f11;font-weight:bold} .warning{color:#8a3b00;font-weight:bold}
.ok{border-left:5px solid #00703c;background:#e8f5ee;padding:.5rem 1rem}
.bad{border-left:5px solid #8a1f11;background:#fbeceb;padding:.5rem 1rem}
"""


def render_html(result: ValidationResult, title: str = "Annex A pre-flight check") -> str:
    """A self-contained page the local authority can read and act on before sending its lists."""
    summary = reconciliation(result).drop("list_key")
    total_errors = sum(1 for f in result.findings if f.severity == "error")
    total_warnings = len(result.findings) - total_errors
    if total_errors:
        verdict = (
            f'<p class="bad">{total_errors:,} problem(s) set rows aside (errors) and {total_warnings:,} need a look '
            "(warnings). Rows with errors are left out of every figure until they are corrected.</p>"
        )
    else:
        verdict = f'<p class="ok">No errors. {total_warnings:,} warning(s) to look at; every row will be used.</p>'
    sections = []
    for item in result.lists.values():
        if not item.findings:
            continue
        by_rule: dict[str, list[Finding]] = {}
        for finding in item.findings:
            by_rule.setdefault(finding.rule, []).append(finding)
        blocks = []
        for rule, findings in sorted(
            by_rule.items(), key=lambda kv: (kv[1][0].severity != "error", -len(kv[1]))
        ):
            shown = findings[:MAX_ROWS_PER_RULE]
            rows = "".join(
                f"<tr><td>{html.escape(f.sheet or '')}</td><td class=num>{f.row if f.row is not None else ''}</td>"
                f"<td>{html.escape(f.column or '')}</td><td>{html.escape(f.value or '')}</td><td>{html.escape(f.message)}</td></tr>"
                for f in shown
            )
            more = (
                f"<p>… and {len(findings) - len(shown):,} more rows (all are in validation.json).</p>"
                if len(findings) > len(shown)
                else ""
            )
            severity = findings[0].severity
            blocks.append(
                f'<h3><span class="{severity}">{severity.capitalize()}</span>: {html.escape(rule)} ({len(findings):,} row(s))</h3>'
                f"<table><thead><tr><th scope=col>Sheet</th><th scope=col>Row</th><th scope=col>Column</th>"
                f"<th scope=col>Value</th><th scope=col>What is wrong</th></tr></thead><tbody>{rows}</tbody></table>{more}"
            )
        sections.append(f"<h2>{html.escape(item.contract.label)}</h2>{''.join(blocks)}")
    unrecognised = ""
    if result.unrecognised:
        items = "".join(
            f"<li>{html.escape(u['file'])} › {html.escape(u['sheet'])}: {html.escape(u['reason'])}</li>"
            for u in result.unrecognised
        )
        unrecognised = f"<h2>Sheets not recognised</h2><ul>{items}</ul>"
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>Checked against the Annex A data contracts with reference date {result.reference_date:%d/%m/%Y}. "
        f"Row numbers are the rows you see in your spreadsheet (the header row counts).</p>{verdict}"
        f"{html_table(summary, 'Rows in, valid and quarantined, per list')}{unrecognised}{''.join(sections)}</body></html>"
    )


def write_html(result: ValidationResult, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(result), encoding="utf-8")
    return path
