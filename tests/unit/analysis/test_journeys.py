"""Journeys and plans: journey steps with median working days, plan categories and primary needs,
alone and by age group. Hand-built lists; expected values worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis import journeys
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared

D = dt.date


def test_journey_steps_and_median_working_days() -> None:
    data = prepared(
        contacts=pl.DataFrame(
            {"child_id": ["A", "B"], "contact_date": [D(2026, 6, 1), D(2026, 6, 1)]}
        ),
        referrals=pl.DataFrame(
            # A: Mon 01/06 to Wed 03/06 is 2 working days; B was referred before the contact
            {
                "child_id": ["A", "B"],
                "referral_date": [D(2026, 6, 3), D(2026, 5, 20)],
                "referral_nfa": ["No", "Yes"],
            }
        ),
        assessments=pl.DataFrame(
            # A: Wed 03/06 to Wed 10/06 is 5 working days
            {"child_id": ["A"], "assessment_start_date": [D(2026, 6, 10)]}
        ),
    )
    steps = journeys.journey_steps(data, R)
    assert steps.rows() == [
        ("Contact", 2, None, ""),
        ("Referral", 2, 2.0, "1 child: no further action"),  # B's referral ended NFA
        ("Assessment started", 1, 5.0, ""),  # no outcome column on this List 4
        ("Section 47 strategy discussion", None, None, ""),  # List 5 not arrived: not 0
        ("Initial child protection conference", None, None, ""),
        ("Child protection plan started", None, None, ""),
    ]
    only_b = journeys.journey_steps(data, R, ["B"])
    assert only_b["Children"].to_list()[:3] == [1, 1, 0]


def test_plan_categories_and_primary_needs() -> None:
    data = prepared(
        cp=pl.DataFrame(
            {
                "child_id": ["P1", "P2", "P3"],
                "cpp_start_date": [D(2026, 3, 1), D(2026, 4, 1), D(2026, 1, 1)],
                "cpp_end_date": [None, None, D(2026, 6, 1)],  # P3 ended before R
                "initial_abuse_category": ["EMO", "NEG", "PHY"],
                "latest_abuse_category": ["EMO", "EMO", "PHY"],
            }
        ),
        cin=pl.DataFrame(
            {"child_id": ["X", "X", "Y", "Z"], "primary_need": ["N1", "N1", "N4", None]}
        ),
    )
    plans = journeys.plan_categories(data, R, ["P1"])
    assert plans is not None and plans.rows() == [
        ("Neglect", 1, 0, 0, 0),
        ("Emotional abuse", 1, 2, 1, 1),
    ]
    needs = journeys.primary_needs(data, ["X"])
    assert needs is not None and needs.rows() == [
        ("N1 - Abuse or neglect", 1, 1),
        ("N4 - Family in acute stress", 1, 0),
        ("Not recorded", 1, 0),
    ]


def test_plan_categories_and_primary_needs_by_age_group() -> None:
    """Worked by hand: plans open at R are P1 (under 2) and P2 (5 to 7), both emotional abuse now;
    P3 ended before R. X (2 to 4) has N1; Y, unknown to the cohort, N4 (counted as "Unknown");
    Z (8 and over) no need recorded. The "Unknown" column shows only when it counts someone."""
    data = prepared(
        cp=pl.DataFrame(
            {
                "child_id": ["P1", "P2", "P3"],
                "cpp_start_date": [D(2026, 3, 1), D(2026, 4, 1), D(2026, 1, 1)],
                "cpp_end_date": [None, None, D(2026, 6, 1)],
                "initial_abuse_category": ["EMO", "NEG", "PHY"],
                "latest_abuse_category": ["EMO", "EMO", "PHY"],
            }
        ),
        cin=pl.DataFrame(
            {"child_id": ["X", "X", "Y", "Z"], "primary_need": ["N1", "N1", "N4", None]}
        ),
    )
    cohort = pl.DataFrame(
        {
            "child_id": ["P1", "P2", "P3", "X", "Z"],
            "age_group": ["under_2", "5_to_7", "8_plus", "2_to_4", "8_plus"],
        }
    )
    plans = journeys.plan_categories_by_age(data, R, cohort)
    assert plans is not None
    assert plans.columns == [
        "Latest category of abuse",
        "Unborn",
        "Under 2",
        "2 to 4",
        "5 to 7",
        "8 and over",
        "All",
    ]
    assert plans.rows() == [("Emotional abuse", 0, 1, 0, 1, 0, 2)]
    needs = journeys.primary_needs_by_age(data, cohort)
    assert needs is not None and needs.columns[-2:] == ["Unknown", "All"]
    assert needs.rows() == [
        ("N1 - Abuse or neglect", 0, 0, 1, 0, 0, 0, 1),
        ("N4 - Family in acute stress", 0, 0, 0, 0, 0, 1, 1),
        ("Not recorded", 0, 0, 0, 0, 1, 0, 1),
    ]
    assert journeys.plan_categories_by_age(prepared(), R, cohort) is None
