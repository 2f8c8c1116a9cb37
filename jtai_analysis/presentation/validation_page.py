"""The pre-flight report page for the local authority: offline, plain English, grouped by list and rule,
with the rows they see in their spreadsheet."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from jtai_analysis.catalogue.labels import headings
from jtai_analysis.common.spreadsheet import write_xlsx
from jtai_analysis.presentation.labels import for_display
from jtai_analysis.presentation.tables import html_table
from jtai_analysis.validation.report import reconciliation
from jtai_analysis.validation.results import Finding, ValidationResult

MAX_ROWS_PER_RULE = 200  # the HTML lists at most this many rows per rule; the JSON has them all

_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;max-width:70rem;margin:0 auto;padding:1rem 2rem;line-height:1.5}
h1{font-size:1.8rem} h2{font-size:1.4rem;border-top:3px solid #0b4f8a;padding-top:.5rem;margin-top:2rem} h3{font-size:1.1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem} caption{text-align:left;font-weight:bold}
th,td{border-bottom:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top} th{background:#f3f2f1}
.num{text-align:right} .error{color:#8a1f11;font-weight:bold} .warning{color:#8a3b00;font-weight:bold}
.ok{border-left:5px solid #00703c;background:#e8f5ee;padding:.5rem 1rem}
.bad{border-left:5px solid #8a1f11;background:#fbeceb;padding:.5rem 1rem}
"""


# Lists due first (Tuesday of week 1) are fixed first; the JTAI templates follow the Annex A lists.
_FIRST_DUE = "lists_4_6_7_nominations_due"


def _reason(finding: Finding) -> str:
    """The plain-English reason of a finding (its message after the opening that names the cell)."""
    return finding.message.split(": ", 1)[1] if ": " in finding.message else finding.message


def _heading(finding: Finding) -> str:
    reason = _reason(finding).rstrip(".")
    reason = reason[:1].upper() + reason[1:]
    return f"{finding.column}: {reason}" if finding.column else reason


def _rows_table(headings: tuple[str, ...], rows: Iterable[Sequence[object]]) -> str:
    """A plain table of spreadsheet rows: the ``Row`` column right-aligned and written as the
    spreadsheet numbers it (no thousands separator, unlike :func:`html_table`), a blank cell empty."""
    head = "".join(f"<th scope=col>{heading}</th>" for heading in headings)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if heading == 'Row' else ''}>"
            f"{'' if cell is None else html.escape(str(cell))}</td>"
            for heading, cell in zip(headings, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def rows_to_fix_first(result: ValidationResult) -> list[dict[str, object]]:
    """Rows with errors, a row's problems together: lists due first, then the rows with most errors
    (keys: ``list``, ``sheet``, ``row``, ``errors``, ``what_to_fix``)."""
    rows: dict[tuple[int, str, str, int], list[Finding]] = {}
    for item in result.lists.values():
        due_rank = 0 if item.contract.due == _FIRST_DUE else 1
        for finding in item.findings:
            if finding.severity == "error" and finding.row is not None:
                key = (due_rank, item.contract.label, finding.sheet or "", finding.row)
                rows.setdefault(key, []).append(finding)
    ordered = sorted(rows.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1:]))
    return [
        {
            "list": label,
            "sheet": sheet,
            "row": row,
            "errors": len(found),
            "what_to_fix": " | ".join(f.message for f in found),
        }
        for (_, label, sheet, row), found in ordered
    ]


def render_html(result: ValidationResult, title: str = "Annex A pre-flight check") -> str:
    """A self-contained page the local authority can read and act on before sending its lists."""
    summary = for_display(reconciliation(result), "reconciliation")
    total_errors = sum(1 for f in result.findings if f.severity == "error")
    total_errors += sum(1 for u in result.unrecognised if u.get("severity") == "error")
    total_warnings = sum(1 for f in result.findings if f.severity == "warning")
    if total_errors:
        verdict = (
            f'<p class="bad">{total_errors:,} problem(s) set rows aside or stop a list being read (errors) '
            f"and {total_warnings:,} need a look (warnings). Rows with errors are left out of every figure "
            "until they are corrected.</p>"
        )
    else:
        verdict = f'<p class="ok">No errors. {total_warnings:,} warning(s) to look at; every row will be used.</p>'
    missing = "".join(
        f"<li>{html.escape(item.contract.label)}: no column "
        + ", ".join(
            f"'{html.escape(item.contract.column(k).header)}'" for k in item.missing_columns
        )
        + "</li>"
        for item in result.lists.values()
        if item.missing_columns
    )
    contents = (
        f"<h2>What was received</h2>{html_table(summary, 'Rows in, valid and quarantined, per list')}"
        + (
            f"<p>Columns not in the lists (what uses them is shown as not available):</p><ul>{missing}</ul>"
            if missing
            else ""
        )
    )
    unrecognised = ""
    if result.unrecognised:
        items = "".join(
            f"<li>{'<span class=error>Error</span>: ' if u.get('severity') == 'error' else ''}"
            f"{html.escape(u['file'])} › {html.escape(u['sheet'])}: {html.escape(u['reason'])}</li>"
            for u in result.unrecognised
        )
        unrecognised = f"<h2>Sheets not read</h2><ul>{items}</ul>"
    fix_first = rows_to_fix_first(result)
    fix_heading, fix_columns = headings("rows_to_fix"), ("list", "sheet", "row", "what_to_fix")
    finding_heading = headings("findings_by_row")
    fix_section = ""
    if fix_first:
        first_rows = fix_first[:MAX_ROWS_PER_RULE]
        fix_section = (
            "<h2>Rows to fix first</h2><p>Errors only, a row's problems together; the lists due first "
            "(Lists 4, 6, 7 and the nominations) come first.</p>"
            + _rows_table(
                tuple(fix_heading[key] for key in fix_columns),
                [tuple(r[key] for key in fix_columns) for r in first_rows],
            )
        )
    sections = []
    for item in result.lists.values():
        blocks = []
        for header, readings in item.readings.items():
            lines = "".join(
                f"<li>'{html.escape(value)}' read as {html.escape(code)}: {rows:,} row(s)</li>"
                for value, code, rows in readings[:30]
            )
            more = (
                f"<li>… and {len(readings) - 30} more spellings</li>" if len(readings) > 30 else ""
            )
            blocks.append(
                f"<details><summary>How the spellings in '{html.escape(header)}' were read</summary>"
                f"<ul>{lines}{more}</ul></details>"
            )
        by_heading: dict[tuple[str, str], list[Finding]] = {}
        for finding in item.findings:
            by_heading.setdefault((finding.severity, _heading(finding)), []).append(finding)
        for (severity, heading), findings in sorted(
            by_heading.items(), key=lambda kv: (kv[0][0] != "error", -len(kv[1]), kv[0][1])
        ):
            shown = findings[:MAX_ROWS_PER_RULE]
            more = (
                f"<p>… and {len(findings) - len(shown):,} more rows (all are in the JSON and the fix list).</p>"
                if len(findings) > len(shown)
                else ""
            )
            blocks.append(
                f'<h3><span class="{severity}">{severity.capitalize()}</span>: {html.escape(heading)} ({len(findings):,} row(s))</h3>'
                + _rows_table(
                    tuple(finding_heading.values()),
                    [(f.sheet, f.row, f.value, f.message) for f in shown],
                )
                + more
            )
        if blocks:
            sections.append(f"<h2>{html.escape(item.contract.label)}</h2>{''.join(blocks)}")
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>Checked against the Annex A data contracts with reference date {result.reference_date:%d/%m/%Y} "
        f"({html.escape(result.reference_source)}). "
        f"Row numbers are the rows you see in your spreadsheet (the header row counts).</p>{verdict}"
        f"{contents}{unrecognised}{fix_section}{''.join(sections)}</body></html>"
    )


def fix_list(result: ValidationResult) -> pl.DataFrame:
    """Every finding, one line each, for the ``--xlsx`` fix list (errors first, then by sheet and row)."""
    labels = {key: item.contract.label for key, item in result.lists.items()}
    records = [
        {
            "severity": f.severity,
            "list": labels.get(f.list, f.list),
            "file": f.file,
            "sheet": f.sheet,
            "row": f.row,
            "column": f.column,
            "value": f.value,
            "message": f.message,
        }
        for f in result.findings
    ] + [
        {
            "severity": "error",
            "list": u.get("list") or "",
            "file": u["file"],
            "sheet": u["sheet"],
            "row": u.get("row"),
            "column": None,
            "value": None,
            "message": f"This sheet was not read: {u['reason']}.",
        }
        for u in result.unrecognised
        if u.get("severity") == "error"
    ]
    heading = headings("fix_list")
    types = {"row": pl.Int64}
    frame = pl.DataFrame(records, schema={key: types.get(key, pl.String) for key in heading})
    return frame.sort(
        [pl.col("severity") != "error", "file", "sheet", "row"], nulls_last=True
    ).rename(heading)


def write_fix_list(result: ValidationResult, path: Path) -> Path:
    """The fix list as a spreadsheet: filters, frozen header, formula-like text made inert."""
    return write_xlsx({"Fix list": fix_list(result)}, path)


def write_html(result: ValidationResult, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(result), encoding="utf-8")
    return path
