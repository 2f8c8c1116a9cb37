"""Following one child: the profile line, and why an ID is not found (quarantined, or in no list)."""

from __future__ import annotations

import polars as pl

from jtai_analysis.dashboards import follow
from jtai_analysis.model.prepared import PreparedData


def test_profile_line_and_why_an_id_is_not_found(
    table: pl.DataFrame, four_children: PreparedData
) -> None:
    line = follow.profile_line(table, " 1 ")  # the ID is trimmed
    assert line is not None and line.startswith("Child 1: ")
    # child 1 of the four: under 2, male, White British, Lists 1 and 7, on an open plan,
    # nominated on list B, in the 6, domestic abuse recorded
    for fact in (
        "under 2",
        "male",
        "White British",
        "List 1, List 7",
        "child protection plan open",
        "list B",
        "in the 6",
        "domestic abuse recorded",
    ):
        assert fact in line, fact
    assert follow.profile_line(table, "9") is None
    quarantined = follow.why_not_found(four_children, "9")
    assert "1 row(s) carrying this ID were quarantined" in quarantined
    assert "List 3, sheet List 3 row 14: referral date is after the reference date" in quarantined
    absent = follow.why_not_found(four_children, "77")
    assert absent.startswith("Child 77 is not in any list received")
    assert "List 1, List 6, List 7" in absent
    assert follow.why_not_found(four_children, "  ") == "Type or pick a child ID."
