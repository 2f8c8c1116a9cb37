"""The polars mirror names exactly the rows Great Expectations names, for every expectation we use.

GX stays the judge of pass and fail; the mirror only saves GX's second (``COMPLETE``) pass. These
tests run both on dirty submissions, grouped checks (what `jtai validate` runs) and one expectation
per column (the hand-written GX form), and compare row by row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.validation import gx_runner as gx_boundary
from jtai_analysis.validation.gx_runner import for_gx, gx_frame
from jtai_analysis.validation.rules import REFERENCE_PARAMETER, ROW_ID, CheckContext, checks_for
from jtai_analysis.validation.suites import expectation_suite
from jtai_analysis.validation.unexpected_rows import agrees_with_gx, unexpected_row_ids
from jtai_analysis.validation.validate import validate_submission

REFERENCE = dt.date(2026, 11, 16)
COMPLETE = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_ID],
    "return_unexpected_index_query": False,
}
PARAMETERS = {REFERENCE_PARAMETER: dt.datetime.combine(REFERENCE, dt.time()).isoformat()}


def _compare(gx_runner: Any, folder: Path, *, grouped: bool) -> tuple[int, int]:
    """Both answers for every expectation of every list; returns (expectations, failing rows)."""
    catalogue = load_catalogue()
    submission = ingest([folder])
    context = CheckContext(REFERENCE, {k: submission.frame(k) for k in submission.parts})
    expectations = failing = 0
    for key in submission.parts:
        contract = catalogue.lists[key]
        headers = {k: v for part in submission.parts[key] for k, v in part.headers.items()}
        checks = checks_for(contract, catalogue, replace(context, headers=headers), grouped=grouped)
        suite = expectation_suite(contract, checks)
        prepared = gx_frame(submission.frame(key), submission.raw(key), checks)
        for item in gx_runner.validate(suite, for_gx(prepared), COMPLETE, PARAMETERS):
            position = item.expectation_config.meta["position"]
            expectation = suite["expectations"][position]
            by_gx = sorted(e[ROW_ID] for e in item.result.get("unexpected_index_list") or [])
            mirrored = unexpected_row_ids(expectation, prepared, PARAMETERS)
            assert mirrored is not None, f"{expectation['type']} is not mirrored"
            assert sorted(mirrored) == by_gx, (key, expectation)
            assert agrees_with_gx(item.success, mirrored)
            expectations += 1
            failing += len(by_gx)
    return expectations, failing


@pytest.mark.parametrize("grouped", [True, False], ids=["grouped", "one-per-column"])
def test_mirror_names_the_rows_gx_names(
    gx_runner: Any, small_dirty_xlsx: Path, grouped: bool
) -> None:
    expectations, failing = _compare(gx_runner, small_dirty_xlsx, grouped=grouped)
    assert expectations > 20 and failing > 10  # the dirty submission really exercises it


def test_mirror_on_csv_and_missing_values(gx_runner: Any, small_dirty_csv: Path) -> None:
    _compare(gx_runner, small_dirty_csv, grouped=True)


def test_validation_findings_are_the_same_with_or_without_the_mirror(
    gx_runner: Any, small_dirty_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = ingest([small_dirty_xlsx])
    mirrored = validate_submission(submission, REFERENCE, runner=gx_runner).as_json()
    monkeypatch.setattr(gx_boundary, "unexpected_row_ids", lambda *args: None)  # GX names every row
    by_gx = validate_submission(submission, REFERENCE, runner=gx_runner).as_json()
    assert mirrored == by_gx
    assert sum(len(v["findings"]) for v in by_gx["lists"].values()) > 10
