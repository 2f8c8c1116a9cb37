"""The pack's data-status notes (issue 21, items 1 to 3), from prepared data written by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.model.data_status import data_status_notes
from jtai_analysis.model.prepared import PreparedData


def _prepared(outside: dict[str, dict[str, object]]) -> PreparedData:
    return PreparedData(
        reference_date=dt.date(2021, 3, 25),
        valid={},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
        reference_source="notification",
        reference_how="the notification date",
        lists_point_to={
            "date": "2021-03-16",
            "source": "ages",
            "how": "inferred from ages and dates of birth in List 1",
        },
        outside_window=outside,
    )


def _window(rows_in: int, before: int) -> dict[str, object]:
    return {
        "list_name": "List 1",
        "rows_in": rows_in,
        "before": before,
        "after": 0,
        "window_start": "2020-09-25",
        "reference_date": "2021-03-25",
        "is_open_cases": False,
    }


def test_the_date_used_its_distance_from_the_lists_and_a_list_wholly_outside() -> None:
    notes = data_status_notes(_prepared({"contacts": _window(6, 6)}))
    assert notes[0] == {
        "kind": "info",
        "text": "Reference date 25/03/2021, the notification date.",
    }
    assert notes[1]["kind"] == "warning" and notes[1]["text"].startswith(
        "The lists point to 16/03/2021 (inferred from ages and dates of birth in List 1), but the "
        "figures use 25/03/2021 (the notification date), so the six-month window ends 9 days after"
    )
    assert notes[2]["kind"] == "warning"
    assert notes[2]["text"].startswith("Every row of List 1 (6) falls outside the six-month window")
    assert len(notes) == 3


def test_some_rows_outside_is_said_plainly() -> None:
    notes = data_status_notes(_prepared({"contacts": _window(10, 4)}))
    assert {
        "kind": "info",
        "text": "4 of 10 List 1 rows fall before 25/09/2020 and are not counted.",
    } in notes
