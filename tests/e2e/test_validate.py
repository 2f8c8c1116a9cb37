"""Validation end to end on synthetic submissions: every planted defect found where it was planted,
every row accounted for, names never written, and unusable input refused in one plain sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jtai_analysis.ingest.submission import ingest
from jtai_analysis.presentation.validation_page import write_html
from jtai_analysis.synth.rates import WORKER_FIRST_NAMES, WORKER_LAST_NAMES
from jtai_analysis.validation.report import write_json, write_quarantine
from jtai_analysis.validation.validate import validate_submission
from tests.conftest import REFERENCE_DATE, UNUSABLE_INPUTS, read_manifest
from tests.e2e.real_processes import run_jtai

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("gx")]


@pytest.mark.parametrize("fixture", ["small_dirty_xlsx", "small_dirty_csv"])
def test_every_planted_defect_is_reported_at_its_sheet_row_and_column(
    fixture: str, request: pytest.FixtureRequest, gx_runner
) -> None:  # type: ignore[no-untyped-def]
    folder: Path = request.getfixturevalue(fixture)
    planted = json.loads((folder / "defects.json").read_text(encoding="utf-8"))["defects"]
    result = validate_submission(ingest([folder]), REFERENCE_DATE, runner=gx_runner)
    found = {(f.sheet, f.row, f.column) for f in result.findings}
    missed = [d for d in planted if (d["sheet"], d["row"], d["column"]) not in found]
    assert missed == [], f"{len(missed)} of {len(planted)} planted defects not reported"
    hidden = {
        (f.sheet, f.row, f.column) for f in result.findings if f.rule.endswith(".hidden_blank")
    }
    assert hidden == {
        (d["sheet"], d["row"], d["column"])
        for d in planted
        if d["kind"] in ("formula_without_value", "excel_error")
    }
    for key, item in result.lists.items():
        assert item.rows_in == item.rows_valid + item.rows_quarantined, key
    # Rows with an error are exactly the quarantined ones.
    quarantined = {
        (f.sheet, f.row) for f in result.findings if f.severity == "error" and f.row is not None
    }
    assert quarantined == {
        (r["_sheet"], r["_row"])
        for item in result.lists.values()
        for r in item.quarantined.iter_rows(named=True)
    }


def test_clean_submission_has_no_findings(small_xlsx: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    """Nothing but the pivot-export headers the generator wrote, each read with a warning."""
    result = validate_submission(ingest([small_xlsx]), REFERENCE_DATE, runner=gx_runner)
    pivots = {
        (entry["sheet"], header)
        for entry in read_manifest(small_xlsx)["lists"].values()
        for header in entry["headers"].values()
        if header.startswith(("Sum of ", "Count of "))
    }
    assert pivots  # this seed's sheets include a pivot export
    assert {(f.sheet, f.column) for f in result.findings} == pivots
    assert all(
        f.rule.endswith(".pivot_header") and f.severity == "warning" for f in result.findings
    )
    assert all(item.rows_quarantined == 0 for item in result.lists.values())


def test_outputs_never_hold_staff_names(small_dirty_xlsx: Path, tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    result = validate_submission(ingest([small_dirty_xlsx]), REFERENCE_DATE, runner=gx_runner)
    write_json(result, tmp_path / "validation.json")
    write_quarantine(result, tmp_path / "quarantine")
    write_html(result, tmp_path / "report.html")
    written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file())
    assert "Allocated Worker" not in written
    for first in WORKER_FIRST_NAMES:
        for last in WORKER_LAST_NAMES:
            assert f"{first} {last}" not in written


def test_validation_json_follows_the_interface(
    small_dirty_xlsx: Path, tmp_path: Path, gx_runner
) -> None:  # type: ignore[no-untyped-def]
    result = validate_submission(ingest([small_dirty_xlsx]), REFERENCE_DATE, runner=gx_runner)
    payload = json.loads(write_json(result, tmp_path / "validation.json").read_text())
    assert set(payload) >= {"lists", "unrecognised", "reference_date", "reference_date_source"}
    contacts = payload["lists"]["contacts"]
    assert set(contacts) == {
        "rows_in",
        "rows_valid",
        "rows_quarantined",
        "rows_outside_window",
        "missing_columns",
        "findings",
    }
    assert set(contacts["findings"][0]) == {
        "rule",
        "severity",
        "sheet",
        "row",
        "column",
        "value",
        "message",
    }
    quarantine = tmp_path / "q"
    write_quarantine(result, quarantine)
    header = (quarantine / "contacts.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["source_file", "sheet", "row"] and header[-1] == "reasons"


def test_validate_command_exit_codes(
    small_xlsx: Path, small_dirty_csv: Path, tmp_path: Path
) -> None:
    clean = run_jtai("validate", str(small_xlsx), "--reference-date", "2026-11-16")
    assert clean.returncode == 0, clean.stderr
    dirty = run_jtai(
        "validate",
        str(small_dirty_csv),
        "--reference-date",
        "2026-11-16",
        "--json",
        str(tmp_path / "v.json"),
        "--html",
        str(tmp_path / "r.html"),
    )
    assert dirty.returncode == 1
    assert (tmp_path / "v.json").exists() and (tmp_path / "v.quarantine" / "contacts.csv").exists()
    page = (tmp_path / "r.html").read_text()
    assert "<h1>" in page and "http" not in page.replace("http-equiv", "")


def test_jtai_validate_reports_every_defect_in_defects_json(
    small_dirty_xlsx: Path, tmp_path: Path
) -> None:
    """The command a local area runs finds each planted defect, formulas and #N/A cells included,
    and names the hidden blanks' cells as warnings."""
    result = run_jtai(
        "validate",
        str(small_dirty_xlsx),
        "--reference-date",
        "2026-11-16",
        "--json",
        str(tmp_path / "v.json"),
    )
    assert result.returncode == 1, result.stderr
    findings = [
        f
        for item in json.loads((tmp_path / "v.json").read_text())["lists"].values()
        for f in item["findings"]
    ]
    found = {(f["sheet"], f["row"], f["column"]) for f in findings}
    planted = json.loads((small_dirty_xlsx / "defects.json").read_text())["defects"]
    assert [d for d in planted if (d["sheet"], d["row"], d["column"]) not in found] == []
    hidden = [d for d in planted if d["kind"] in ("formula_without_value", "excel_error")]
    assert hidden
    for defect in hidden:
        (finding,) = [
            f
            for f in findings
            if (f["sheet"], f["row"], f["column"])
            == (defect["sheet"], defect["row"], defect["column"])
            and f["rule"].endswith(".hidden_blank")
        ]
        assert finding["severity"] == "warning" and defect["value"] in finding["message"]


@pytest.mark.parametrize(
    ("name", "content", "message"), UNUSABLE_INPUTS, ids=[c[0] for c in UNUSABLE_INPUTS]
)
def test_validate_refuses_unusable_input_plainly(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    result = run_jtai("validate", str(tmp_path / name))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
