"""Data tables keep their keys; headings for people are applied only when a table is shown."""

from __future__ import annotations

import polars as pl

from jtai_analysis.presentation.labels import for_display


def test_reconciliation_is_relabelled_only_for_display() -> None:
    table = pl.DataFrame(
        {
            "list_key": ["contacts"],
            "list_label": ["List 1 Contacts"],
            "rows_in": [10],
            "rows_valid": [8],
            "rows_quarantined": [2],
            "errors": [2],
            "warnings": [1],
        }
    )
    shown = for_display(table, "reconciliation")
    assert shown.columns == ["List", "Rows in", "Valid", "Quarantined", "Errors", "Warnings"]
    assert shown.row(0) == ("List 1 Contacts", 10, 8, 2, 2, 1)
