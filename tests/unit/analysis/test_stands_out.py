"""The inspection's lens: how concerns arrive, drift, what stands out, focus beside all.

Small hand-built submissions; every expected value is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis import concerns, drift, stands_out
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.presentation.tables import focus_beside_all, focus_by_age

D = dt.date
R = D(2026, 11, 16)  # a Monday; window 16/05/2026 to 16/11/2026


def _data(**frames: pl.DataFrame) -> PreparedData:
    return PreparedData(
        reference_date=R, valid=frames, reconciliation=pl.DataFrame(), findings=pl.DataFrame()
    )


@pytest.fixture
def arrivals() -> PreparedData:
    return _data(
        contacts=pl.DataFrame(
            {
                "child_id": ["A", "A", "A", "B", "C"],
                "date_of_birth": [D(2025, 1, 1)] * 3 + [D(2018, 1, 1), D(2018, 1, 1)],
                "contact_date": [
                    D(2026, 6, 1),
                    D(2026, 7, 1),
                    D(2026, 8, 1),
                    D(2026, 6, 15),
                    D(2026, 5, 1),  # before the window
                ],
                "contact_source": ["6", "3B", "6", "2A", "6"],
            }
        ),
        referrals=pl.DataFrame(
            {
                "child_id": ["A", "D"],
                "referral_date": [D(2026, 8, 5), D(2026, 9, 1)],
                "referral_source": ["6", "3A"],
            }
        ),
    )


def test_contacts_and_referrals_by_source(arrivals: PreparedData) -> None:
    table = concerns.by_source(arrivals, R)
    assert table is not None
    # in the window: contacts 6, 3B, 6, 2A (4 rows); referrals 6, 3A (2 rows); code-list order
    assert table.select(
        "Source", "Contacts", "% of contacts", "Referrals", "% of referrals"
    ).rows() == [
        ("2A: Schools", 1, 25.0, 0, 0.0),
        ("3A: Health services - GP", 0, 0.0, 1, 50.0),
        ("3B: Health services - health visitor", 1, 25.0, 0, 0.0),
        ("6: Police", 2, 50.0, 1, 50.0),
    ]
    assert table["Group"].to_list() == ["Schools", "Health services", "Health services", "Police"]


def test_repeat_contacts_and_conversion(arrivals: PreparedData) -> None:
    repeats = concerns.repeat_contacts(arrivals, R)
    assert repeats is not None and repeats.rows() == [("1", 1), ("2", 0), ("3 or more", 1)]
    conversion = concerns.contact_to_referral(arrivals, R)
    # contacted A and B; of them only A was referred (D was referred without a contact)
    assert conversion is not None and conversion.row(0) == (2, 1, 50.0)


def test_police_share_by_age_group(arrivals: PreparedData) -> None:
    police = concerns.police_share_by_group(arrivals, R, children(arrivals, R), ("6",))
    assert police is not None
    # A (under 2): 3 contacts, 2 from police; B (8 and over): 1 contact from a school
    assert police.select("Age group", "Contacts", "From police", "% from police").rows() == [
        ("Under 2", 3, 2, 66.7),
        ("8 and over", 1, 0, 0.0),
    ]


def test_lists_not_arrived_give_none_not_zero() -> None:
    empty = _data()
    assert concerns.by_source(empty, R) is None
    assert concerns.repeat_contacts(empty, R) is None
    assert drift.open_assessments(empty, R, children(empty, R)) is None
    assert drift.visits_to_children_on_plans(empty, R) is None


def test_open_assessments_by_working_days_open() -> None:
    data = _data(
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
    data = _data(
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
    data = _data(
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


def test_wilson_interval_known_values() -> None:
    # published Wilson 95% intervals: 5/10 -> 0.2366 to 0.7634; 4/10 -> 0.1682 to 0.6873; 0/10 -> 0 to 0.2775
    assert stands_out.wilson_interval(5, 10) == pytest.approx((23.66, 76.34), abs=0.01)
    assert stands_out.wilson_interval(4, 10) == pytest.approx((16.82, 68.73), abs=0.01)
    assert stands_out.wilson_interval(0, 10) == pytest.approx((0.0, 27.75), abs=0.01)


def _indicators(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "title": pl.String,
            "value": pl.Float64,
            "numerator": pl.Int64,
            "denominator": pl.Int64,
            "national_value": pl.Float64,
        },
        orient="row",
    )


def test_only_differences_the_interval_excludes_are_called_out() -> None:
    table = _indicators(
        [
            # 30 of 100: Wilson about 22% to 40%, excludes England's 6.5
            ("referrals_nfa_pct", "NFA", 30.0, 30, 100, 6.5),
            # 4 of 10: 16.8% to 68.7%, includes England's 22.6
            ("rereferrals_12m_pct", "Re-referrals", 40.0, 4, 10, 22.6),
            # 3 of 10 focus against the area's 30.0: includes it; fewer than 5 shown as such
            ("focus_referrals_nfa_pct", "Focus NFA", 30.0, 3, 10, None),
            # not available: no statement at all
            ("assessments_within_45wd_pct", "45 days", None, None, None, 85.7),
        ]
    )
    found = stands_out.statements(table)
    assert found["indicator_id"].to_list() == [
        "referrals_nfa_pct",
        "focus_referrals_nfa_pct",
        "rereferrals_12m_pct",
    ]
    first = found.row(0, named=True)
    assert first["is_called_out"] is True
    assert first["statement"] == "More referrals end in no further action than in England"
    assert first["comparator"] == "England 6.5%" and first["ec"] == "EC3; EC9"
    assert found["is_called_out"].to_list() == [True, False, False]
    focus = found.row(1, named=True)
    assert focus["figure"] == "fewer than 5 of 10"  # no percentage that would give the count away
    assert focus["comparator"] == "all children in the area 30.0%"
    assert found.row(2, named=True)["interval"] == "16.8% to 68.7%"


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


@pytest.mark.parametrize(
    ("numerator", "denominator", "value", "expected"),
    [
        (5, 20, 25.0, "5 of 20 (25.0%)"),
        (4, 20, 20.0, "fewer than 5 of 20"),
        (0, 20, 0.0, "0 of 20 (0.0%)"),
        (2, 3, 66.7, "fewer than 5 in all"),
    ],
)
def test_small_counts_read_fewer_than_5(
    numerator: int, denominator: int, value: float, expected: str
) -> None:
    assert stands_out.figure_text(numerator, denominator, value, 5) == expected


def test_ec_glossary_lists_each_cited_criterion_once_in_order() -> None:
    glossary = stands_out.ec_glossary(["EC9; EC3", "EC3", None, "EC12"])
    assert glossary["Criterion"].to_list() == ["EC3", "EC9", "EC12"]
    assert glossary["In short"][0].startswith("Good understanding of children's needs")


def test_derived_england_comparator_is_labelled() -> None:
    table = _indicators([("assessments_within_45wd_pct", "45 days", 50.0, 10, 20, 85.7)])
    table = table.with_columns(pl.lit(True).alias("national_derived"))
    found = stands_out.statements(table).row(0, named=True)
    # 10 of 20: Wilson 29.9% to 70.1%, excludes 85.7
    assert found["comparator"] == "England (derived) 85.7%" and found["is_called_out"]
    assert found["statement"].startswith("Fewer assessments are completed within 45 working days")
