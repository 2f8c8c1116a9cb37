"""`jtai clean` and `jtai validate` on real-shaped submissions: no list vanishes, bad cells not bad rows,
a standard Annex A (no JTAI columns) reads with the domestic abuse column marked missing, never 0."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polars as pl

from tests.e2e.real_processes import run_jtai
from tests.real_shaped import REFERRAL_HEADERS, write_quoted_csv

REFERRALS = REFERRAL_HEADERS
GOOD = [
    "C1",
    "a) Male",
    "White - British [WBRI]",
    "01/02/2020",
    "6",
    "01/10/2026",
    "g) 3A: Health services",
    "NFA",
    "0",
]


def _validate_to_json(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`jtai validate` on the lists in tmp_path/in, its findings written to tmp_path/v.json."""
    folder, report = str(tmp_path / "in"), str(tmp_path / "v.json")
    return run_jtai("validate", folder, "--reference-date", "2026-11-16", "--json", report)


def test_clean_writes_tidy_lists_with_codes_dates_and_status(tmp_path: Path) -> None:
    bad_count = list(GOOD)
    bad_count[0], bad_count[8] = "C2", "two"  # a bad cell in a field few measures use
    no_date = list(GOOD)
    no_date[0], no_date[5] = "C3", "31/02/2026"  # the list's own key date unreadable
    write_quoted_csv(tmp_path / "in" / "referrals.csv", REFERRALS, [GOOD, bad_count, no_date])
    result = run_jtai(
        "clean",
        str(tmp_path / "in"),
        "--out",
        str(tmp_path / "out"),
        "--reference-date",
        "2026-11-16",
    )
    assert result.returncode == 1, result.stderr  # the unreadable key date is an error finding
    table = pl.read_csv(tmp_path / "out" / "referrals.csv", infer_schema=False)
    assert table.columns[-4:] == ["source_file", "sheet", "row", "status"]
    rows = {r["child_id"]: r for r in table.iter_rows(named=True)}
    assert rows["C1"]["ethnicity"] == "WBRI" and rows["C1"]["referral_source"] == "3A"
    assert rows["C1"]["referral_nfa"] == "Yes" and rows["C1"]["referral_date"] == "2026-10-01"
    assert rows["C1"]["status"] == "valid" and rows["C1"]["row"] == "2"
    # The bad count is blanked and the row kept for every other measure.
    assert rows["C2"]["status"] == "valid" and rows["C2"]["referrals_last_12m_count"] is None
    assert rows["C3"]["status"] == "quarantined"


def test_missing_required_and_optional_columns_are_findings(tmp_path: Path) -> None:
    headers = [h for h in REFERRALS if h not in ("Ethnicity", "Age of Child (Years)")]
    row = [
        c
        for h, c in zip(REFERRALS, GOOD, strict=True)
        if h not in ("Ethnicity", "Age of Child (Years)")
    ]
    write_quoted_csv(tmp_path / "in" / "referrals.csv", headers, [row])
    result = _validate_to_json(tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads((tmp_path / "v.json").read_text())["lists"]["referrals"]
    severities = {f["rule"]: f["severity"] for f in report["findings"]}
    assert severities["referrals.ethnicity.present"] == "error"
    assert severities["referrals.age.present"] == "warning"
    assert set(report["missing_columns"]) == {"ethnicity", "age", "allocated_team"}
    assert report["rows_in"] == report["rows_valid"] == 1  # a missing column does not drop rows


def test_a_list_without_an_identifying_column_is_an_error_not_not_received(tmp_path: Path) -> None:
    write_quoted_csv(
        tmp_path / "in" / "referrals.csv", REFERRALS[:7] + REFERRALS[8:], [GOOD[:7] + GOOD[8:]]
    )
    write_quoted_csv(
        tmp_path / "in" / "contacts.csv",
        ["Child Unique ID", "Date of Contact", "Contact Source"],
        [["C1", "01/10/2026", "6"]],
    )
    result = _validate_to_json(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "has no column 'Referral NFA?'" in result.stdout
    (entry,) = json.loads((tmp_path / "v.json").read_text())["unrecognised"]
    assert entry["severity"] == "error" and entry["missing_columns"] == ["referral_nfa"]


def test_a_standard_annex_a_reads_with_the_domestic_abuse_column_missing_never_zero(
    tmp_path: Path,
) -> None:
    synth = run_jtai(
        "synth",
        "--out",
        str(tmp_path / "s"),
        "--size",
        "small",
        "--seed",
        "6",
        "--format",
        "csv",
        "--standard",
    )
    assert synth.returncode == 0, synth.stderr
    result = run_jtai(
        "clean",
        str(tmp_path / "s"),
        "--out",
        str(tmp_path / "out"),
        "--reference-date",
        "2026-11-16",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for list_key in ("assessments", "cin"):
        table = pl.read_csv(tmp_path / "out" / f"{list_key}.csv", infer_schema=False)
        assert table.height > 0
        assert (
            table["da_victim"].null_count() == table.height
        )  # not available: no value, never "No"
    check = run_jtai(
        "validate",
        str(tmp_path / "s"),
        "--reference-date",
        "2026-11-16",
        "--json",
        str(tmp_path / "v.json"),
    )
    lists = json.loads((tmp_path / "v.json").read_text())["lists"]
    assert check.returncode == 0, check.stdout
    assert lists["assessments"]["missing_columns"] == ["da_victim"]
    assert lists["cin"]["missing_columns"] == ["da_victim"]


def test_validate_writes_a_report_in_words_and_an_xlsx_fix_list(tmp_path: Path) -> None:
    bad = list(GOOD)
    bad[0], bad[6] = "C2", "=1+2"  # a formula-like value must stay inert in the fix list
    no_date = list(GOOD)
    no_date[0], no_date[5] = "C3", "31/02/2026"
    write_quoted_csv(tmp_path / "in" / "referrals.csv", REFERRALS, [GOOD, bad, no_date])
    result = run_jtai(
        "validate",
        str(tmp_path / "in"),
        "--reference-date",
        "2026-11-16",
        "--html",
        str(tmp_path / "r.html"),
        "--xlsx",
        str(tmp_path / "fix.xlsx"),
    )
    assert result.returncode == 1, result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Rows to fix first" in page and "What was received" in page
    assert "referrals.referral_source.readable" not in page  # headings in words, not rule IDs
    assert "'White - British [WBRI]' read as WBRI: 3 row(s)" in page
    fixes = pl.read_excel(tmp_path / "fix.xlsx")
    assert fixes.columns == [
        "Severity",
        "List",
        "File",
        "Sheet",
        "Row",
        "Column",
        "Value",
        "What is wrong",
    ]
    assert fixes["Severity"].to_list()[0] == "error"
    source = fixes.filter(pl.col("Column") == "Referral Source")
    assert source["Value"].to_list() == ["'=1+2"]
    # A formula is no slip of any source: the allowed codes, and no suggestion (issue 21, item 5).
    assert "closest" not in source["What is wrong"].item()
    assert "Allowed: one of the codes" in source["What is wrong"].item()
