"""Fieldwork-week meetings linked to the sample, and inconsistencies between them reported."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.inspection.meeting_links import link_meetings


def test_meetings_are_linked_to_the_sample_and_inconsistencies_reported() -> None:
    day = dt.date(2026, 12, 1)
    meetings = pl.DataFrame(
        {
            "meeting_date": [day, day, day, day],
            "meeting_type": ["RCPC", "RCPC", "ICPC", "STRATEGY"],
            "child_id": ["K1", "K2", "K1", None],
        }
    )
    children = pl.DataFrame(
        {"child_id": ["K1", "K2"], "age_group": ["under_2", "5_to_7"], "is_da": [True, False]}
    )
    plans = pl.DataFrame(
        {
            "child_id": ["K1", "K2"],
            "cpp_start_date": [dt.date(2026, 6, 1), dt.date(2026, 1, 1)],
            "cpp_end_date": [None, dt.date(2026, 9, 1)],  # K2's plan ended before the meeting
        }
    )
    links = link_meetings(meetings, children, plans, {"K1", "K2"}, {"K1"}, {"K1"})
    rows = links.to_dicts()
    assert (rows[0]["child_id"], rows[0]["in_6"], rows[0]["on_plan"], rows[0]["issue"]) == (
        "K1",
        "Yes",
        "Yes",
        None,
    )
    assert (rows[0]["age_group"], rows[0]["domestic_abuse"]) == ("under_2", "Yes")
    assert rows[1]["child_id"] == "K2" and rows[1]["in_20"] == "No" and rows[1]["on_plan"] == "No"
    assert "no open child protection plan" in rows[1]["issue"]
    assert "already open" in rows[2]["issue"]  # ICPC for K1, who is on a plan
    assert rows[3]["child_id"] is None and rows[3]["issue"] is None and rows[3]["in_6"] is None
    without_list_7 = link_meetings(meetings, children, None, set(), set(), set())
    assert without_list_7["on_plan"].null_count() == 4  # not available, never "No"
    assert without_list_7["issue"].null_count() == 4
