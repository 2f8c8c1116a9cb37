"""The cohort: one row a child, one date of birth each, conflicting dates of birth reported."""

from __future__ import annotations

import polars as pl

from jtai_analysis.model.cohort import children, date_of_birth_conflicts
from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE as R


def test_one_child_one_age_and_conflicts_reported(six_children: PreparedData) -> None:
    cohort = children(six_children, R)
    ages = dict(zip(cohort["child_id"], cohort["age_group"].cast(pl.String), strict=True))
    assert ages == {
        "1": "2_to_4",
        "2": "8_plus",
        "3": "8_plus",
        "4": "unborn",
        "5": "8_plus",
        "6": "8_plus",
    }
    conflicts = date_of_birth_conflicts(six_children)
    assert conflicts.rows() == [
        ("2", "2015-01-01; 2024-01-01", "assessments; cin", "2015-01-01"),
        ("3", "2016-01-01; 2024-01-01", "assessments; cin", "2016-01-01"),
    ]
