"""Drift: assessments still open, visits to children on plans, children in need last seen, in
working days counted by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis import drift
from jtai_analysis.model.cohort import children
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared

D = dt.date


def test_open_assessments_by_working_days_open() -> None:
    data = prepared(
        assessments=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4", "5"],
                # Fri 11/09 to R: 46 working days; Mon 14/09: exactly 45; 01/11: 11;
                # Mon 01/06: 24 weeks less the 31/08 bank holiday = 119; the last is authorised
                "assessment_start_date": [
                    D(2026, 9, 11),
                    D(2026, 9, 14),
                    D(2026, 11, 1),
                    D(2026, 6, 1),
                    D(2026, 6, 1),
                ],
                "assessment_authorised_date": [None, None, None, None, D(2026, 7, 1)],
            }
        )
    )
    still_open = drift.open_assessments(data, R, children(data, R))
    assert still_open is not None
    assert still_open.select("Child", "Working days open").rows() == [
        ("4", 119),
        ("1", 46),
        ("2", 45),
        ("3", 11),
    ]
    assert drift.open_assessment_bands(still_open).rows() == [
        ("Up to 20", 1),
        ("21 to 45", 1),
        ("46 to 65", 1),
        ("More than 65", 1),
    ]


def test_visits_to_children_on_plans() -> None:
    data = prepared(
        cp=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4", "5"],
                "cpp_start_date": [D(2026, 1, 1)] * 5,
                "cpp_end_date": [None, None, None, None, D(2026, 10, 1)],  # 5 has ended
                # Mon 09/11: 5 working days to R; Mon 02/11: exactly 10; Fri 30/10: 11
                "last_visit_date": [D(2026, 11, 9), D(2026, 11, 2), D(2026, 10, 30), None, None],
            }
        )
    )
    assert drift.visits_to_children_on_plans(data, R).rows() == [
        ("Up to 10", 2),
        ("11 to 20", 1),
        ("More than 20", 0),
        ("Not recorded", 1),
    ]


def test_children_in_need_by_working_days_since_last_seen() -> None:
    data = prepared(
        cin=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                # Mon 02/11 to R: exactly 10 working days; Mon 19/10: 20; Fri 16/10: 21
                "last_seen_date": [D(2026, 11, 2), D(2026, 10, 19), D(2026, 10, 16), None],
                "cin_closure_date": [None, None, None, None],
            },
            schema_overrides={"cin_closure_date": pl.Date},
        )
    )
    assert drift.children_in_need_last_seen(data, R).rows() == [
        ("Up to 10", 1),
        ("11 to 20", 1),
        ("More than 20", 1),
        ("Not recorded", 1),
    ]


def test_lists_not_arrived_give_none_not_zero() -> None:
    empty = prepared()
    assert drift.open_assessments(empty, R, children(empty, R)) is None
    assert drift.visits_to_children_on_plans(empty, R) is None
