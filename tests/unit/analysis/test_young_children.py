"""Unborn and pre-birth work, under-8s not in full-time education, early help and step up.

Hand-built submissions; expected values worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis import young_children
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared

D = dt.date


def _young() -> PreparedData:
    return prepared(
        assessments=pl.DataFrame(
            {
                "child_id": ["U1", "U2", "K"],
                "date_of_birth": [D(2027, 2, 1), D(2026, 12, 20), D(2020, 1, 1)],
                "assessment_start_date": [D(2026, 10, 1), D(2026, 11, 10), D(2026, 9, 1)],
                "da_victim": ["No", "No", "Yes"],
            }
        ),
        s47=pl.DataFrame(
            {"child_id": ["U1"], "strategy_date": [D(2026, 10, 5)], "icpc_date": [D(2026, 10, 20)]}
        ),
        cp=pl.DataFrame(
            {
                "child_id": ["U2"],
                "cpp_start_date": [D(2026, 10, 31)],
                "cpp_end_date": [None],
            },
            schema_overrides={"cpp_end_date": pl.Date},
        ),
        not_in_fte=pl.DataFrame(
            {
                "child_id": ["K", "N2", "N3"],
                "date_of_birth": [D(2020, 1, 1), D(2023, 5, 1), D(2021, 3, 1)],
                "provision_type": [
                    "PART_TIME_TIMETABLE",
                    "EARLY_YEARS_FUNDED",
                    "ALTERNATIVE_PROVISION",
                ],
                "hours_per_week": [10.0, 15.0, 25.0],
                "exclusion_type": ["NONE", None, "PERMANENT"],
            }
        ),
        nominations=pl.DataFrame({"child_id": ["K"], "nomination_list": ["A"]}),
    )


def test_unborn_children_in_each_list_and_on_plans() -> None:
    data = _young()
    cohort = children(data, R)
    by_list = young_children.unborn_by_list(data, cohort)
    # U1 and U2 are due after R; K is 6
    assert by_list.rows() == [
        ("List 4 Assessments", 2, 3),
        ("List 5 Section 47 enquiries and initial child protection conferences", 1, 1),
        ("List 7 Child protection plans", 1, 1),
    ]
    assert young_children.unborn_on_plans(data, R, cohort) == 1  # U2's plan is open


def test_pre_birth_timing_in_weeks_before_the_due_date() -> None:
    data = _young()
    timing = young_children.pre_birth_timing(data, children(data, R))
    # U1 assessed 01/10/2026, due 01/02/2027: 123 days, 17 weeks. U2 assessed 10/11, due 20/12:
    # 40 days, 5 weeks. U1's conference 20/10: 104 days, 14 weeks. U2's plan 31/10: 50 days, 7 weeks.
    assert timing.rows() == [
        ("Assessment started", 0, 1, 1),
        ("Initial child protection conference", 0, 0, 1),
        ("Child protection plan started", 0, 1, 0),
    ]


def test_under_8s_not_in_full_time_education() -> None:
    data = _young()
    rows = young_children.not_in_fte_children(data, R, children(data, R))
    assert rows is not None
    assert rows.sort("child_id").rows() == [
        # K: 6, in the lists with domestic abuse, nominated; reduced timetable, 10 hours
        (
            "K",
            "5 to 7",
            "Reduced or part-time timetable",
            "Reduced or part-time timetable",
            "Under 15",
            True,
            True,
            True,
        ),
        # N2: 3 (own date of birth), funded early years place, 15 hours, not known to CSC
        (
            "N2",
            "Under 5",
            "Funded early years place",
            "Funded early years place",
            "15 to under 25",
            False,
            False,
            False,
        ),
        # N3: 5, permanently excluded, 25 hours
        (
            "N3",
            "5 to 7",
            "Alternative provision",
            "Permanent exclusion",
            "25 or more",
            False,
            False,
            False,
        ),
    ]
    summary = young_children.not_in_fte_summary(rows)
    assert summary.rows() == [("Under 5", 1, 1, 0, 0, 0), ("5 to 7", 2, 1, 1, 1, 1)]


def test_early_help_and_step_up() -> None:
    data = prepared(
        early_help=pl.DataFrame(
            {
                "child_id": ["A", "C", "C"],
                "date_of_birth": [D(2025, 1, 1), D(2016, 1, 1), D(2016, 1, 1)],
                "eh_assessment_start_date": [D(2026, 5, 20), D(2026, 7, 1), D(2026, 8, 1)],
            }
        ),
        referrals=pl.DataFrame(
            {"child_id": ["A", "C"], "referral_date": [D(2026, 6, 3), D(2026, 6, 1)]}
        ),
    )
    table = young_children.early_help_by_age(data, R, children(data, R))
    # A (under 2) referred after early help began; C (8 and over) was referred before it
    assert table is not None and table.rows() == [("Under 2", 1, 1, 1), ("8 and over", 2, 1, 0)]
