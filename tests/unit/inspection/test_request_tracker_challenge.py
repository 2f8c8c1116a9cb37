"""An item the local area marks out of scope is flagged for challenge (issue 25, item 6): para 124
says the inspectors decide what falls outside the scope of the inspection, not the area."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.inspection.request_tracker import tracker_status

NOTIFIED = dt.date(2026, 11, 16)  # items due Tuesday 24 November 2026, 17:00


def test_an_item_marked_out_of_scope_is_flagged_for_challenge() -> None:
    tracker = pl.DataFrame(
        {
            "item_number": ["2.7", "1.1", "3.6"],
            "received_date": [None, dt.date(2026, 11, 20), None],
            "file_name": [None, "1_1.pdf", None],
            "notes": ["none held", None, None],
            "is_out_of_scope": ["Yes", "No", "Yes"],
            "_row": [2, 3, 4],
        }
    )
    status, messages = tracker_status(tracker, NOTIFIED, dt.datetime(2026, 11, 25, 9))
    rows = {r["Item"]: r for r in status.to_dicts()}
    # the area's mark is kept as it said it, and flagged
    assert rows["2.7"]["Status"] == "out of scope"
    assert "challenge" in rows["2.7"]["Challenge"] and "para 124" in rows["2.7"]["Challenge"]
    assert "none held" in rows["2.7"]["Challenge"]  # the area's own reason, beside the flag
    assert "challenge" in rows["3.6"]["Challenge"]
    assert rows["1.1"]["Challenge"] is None and rows["1.2"]["Challenge"] is None
    flagged = [m for m in messages if "out of scope" in m.message]
    assert [m.row for m in flagged] == [2, 4]
    assert flagged[0].message.startswith("Row 2: item 2.7 (Reviews)")
