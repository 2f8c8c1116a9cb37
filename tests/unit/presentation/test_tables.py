"""Tables for the pack: focus children beside all children, focus children by age group."""

from __future__ import annotations

import polars as pl

from jtai_analysis.presentation.tables import focus_beside_all, focus_by_age


def test_focus_beside_all_and_focus_by_age() -> None:
    by_group = pl.DataFrame(
        [
            ("referrals_nfa_pct", "all", "All children", 25.0, 5, 20, "percent"),
            ("referrals_nfa_pct", "focus", "No", 30.0, 3, 10, "percent"),
            ("referrals_nfa_pct", "focus", "Yes", 20.0, 2, 10, "percent"),
            ("open_assessments_over_45wd", "all", "All children", 3.0, 3, None, "count"),
            ("cpp_repeat_pct", "all", "All children", None, None, None, "percent"),
        ],
        schema=["indicator_id", "group_by", "group", "value", "numerator", "denominator", "unit"],
        orient="row",
    )
    registry = (
        {"id": "referrals_nfa_pct", "title": "NFA", "unit": "percent"},
        {"id": "open_assessments_over_45wd", "title": "Open", "unit": "count"},
        {"id": "cpp_repeat_pct", "title": "Repeat", "unit": "percent"},
    )
    table = focus_beside_all(by_group, registry)
    assert table.select("Measure", "All children", "Focus children").rows() == [
        ("NFA", "5 of 20 (25.0%)", "2 of 10 (20.0%)"),
        ("Open", "3", "0"),  # no focus child among the 3: none, not "not available"
        ("Repeat", "Not available", "Not available"),
    ]
    cohort = pl.DataFrame(
        {
            "child_id": ["1", "2", "3", "4"],
            "age_group": ["unborn", "5_to_7", "5_to_7", "8_plus"],
            "is_focus": [True, True, False, False],
        }
    )
    assert focus_by_age(cohort).rows() == [
        ("Unborn", 1),
        ("Under 2", 0),
        ("2 to 4", 0),
        ("5 to 7", 1),
    ]
