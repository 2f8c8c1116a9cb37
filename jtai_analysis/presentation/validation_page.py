"""The pre-flight report page for the local authority: offline, plain English, grouped by list and rule,
with the rows they see in their spreadsheet."""

from __future__ import annotations

import html
from pathlib import Path

from jtai_analysis.presentation.labels import for_display
from jtai_analysis.presentation.tables import html_table
from jtai_analysis.validation.contracts import Finding, ValidationResult
from jtai_analysis.validation.report import reconciliation

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


def render_html(result: ValidationResult, title: str = "Annex A pre-flight check") -> str:
    """A self-contained page the local authority can read and act on before sending its lists."""
    summary = for_display(reconciliation(result), "reconciliation")
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
