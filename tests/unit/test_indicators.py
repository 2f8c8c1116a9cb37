"""Indicators against tiny hand-written lists; every expected value worked out by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.indicators import compute, indicator_table, registry
from jtai_analysis.model.prepared import PreparedData

D = dt.date
R = D(2026, 11, 16)  # window 16/05/2026 to 16/11/2026


def _data(**frames: pl.DataFrame) -> PreparedData:
    return PreparedData(
        reference_date=R, valid=frames, reconciliation=pl.DataFrame(), findings=pl.DataFrame()
    )


@pytest.fixture
def data() -> PreparedData:
    return _data(
        contacts=pl.DataFrame(
            {
                "child_id": ["1", "1", "2", "3"],
                "contact_date": [D(2026, 5, 16), D(2026, 6, 1), D(2026, 5, 15), R],
            }
        ),
        referrals=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                "referral_date": [D(2026, 6, 1), D(2026, 7, 1), D(2026, 5, 1), R],
                "referral_nfa": ["Yes", "No", "Yes", "No"],
                "referrals_last_12m_count": [0, 2, 1, 1],
            }
        ),
        assessments=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                "date_of_birth": [D(2024, 1, 1), D(2015, 1, 1), D(2016, 1, 1), D(2027, 1, 1)],
                # 01/06 to 31/07/2026 is 44 working days; to 05/08 is 47
                "assessment_start_date": [
                    D(2026, 6, 1),
                    D(2026, 6, 1),
                    D(2026, 4, 1),
                    D(2026, 11, 1),
                ],
                "assessment_authorised_date": [D(2026, 7, 31), D(2026, 8, 5), D(2026, 5, 10), None],
                "da_victim": ["Yes", "No", "No", "Yes"],
            }
        ),
        s47=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                "strategy_date": [D(2026, 6, 1), D(2026, 6, 1), D(2026, 5, 1), D(2026, 11, 10)],
                # 15 working days; 16; 12 (4 May and 25 May 2026 are bank holidays); none yet
                "icpc_date": [D(2026, 6, 22), D(2026, 6, 23), D(2026, 5, 20), None],
                "icpc_resulted_in_cpp": ["Yes", "No", "Yes", None],
            }
        ),
        cin=pl.DataFrame(
            {
                "child_id": ["1", "1", "2", "3"],
                "date_of_birth": [D(2024, 1, 1)] * 4,
                "da_victim": ["Yes", "No", "No", None],
            }
        ),
        cp=pl.DataFrame(
            {
                "child_id": ["1", "2", "3"],
                "cpp_start_date": [D(2026, 1, 10), D(2026, 6, 1), D(2026, 7, 1)],
                "cpp_end_date": [None, R, D(2026, 12, 1)],  # ended on R is not open
                "previous_cpp_count": [0, 1, 0],
            }
        ),
        not_in_fte=pl.DataFrame(
            {"child_id": ["A", "B", "C", "A"], "hours_per_week": [10.0, 25.0, 24.5, 12.0]}
        ),
    )


EXPECTED = {
    "contacts_count": (3, None, 3),
    "contacts_children": (2, None, 2),
    "referrals_count": (3, None, 3),
    "referrals_nfa_pct": (1, 3, 33.3),
    "rereferrals_12m_pct": (2, 3, 66.7),
    "assessments_completed_count": (2, None, 2),
    "assessments_within_45wd_pct": (1, 2, 50.0),
    "assessments_da_pct": (2, 4, 50.0),
    "s47_count": (3, None, 3),
    "icpc_count": (3, None, 3),
    "icpc_within_15wd_pct": (2, 3, 66.7),
    "icpc_to_cpp_pct": (2, 3, 66.7),
    "cin_children": (3, None, 3),
    "cin_da_pct": (1, 3, 33.3),
    "cpp_open_count": (2, None, 2),
    "cpp_started_count": (2, None, 2),
    "cpp_repeat_pct": (1, 2, 50.0),
    "da_children_under8": (2, None, 2),
    "da_children_unborn": (1, None, 1),
    "da_children_under_2": (0, None, 0),
    "da_children_2_to_4": (1, None, 1),
    "da_children_5_to_7": (0, None, 0),
    "not_in_fte_under25h": (2, None, 2),
}


def test_every_indicator_of_the_interface_is_registered() -> None:
    assert [spec["id"] for spec in registry()] == list(EXPECTED)


@pytest.mark.parametrize("indicator", list(EXPECTED))
def test_indicator_values(data: PreparedData, indicator: str) -> None:
    table = indicator_table(data, R).filter(pl.col("indicator_id") == indicator)
    row = table.row(0, named=True)
    assert (row["numerator"], row["denominator"], row["value"]) == EXPECTED[indicator]


def test_lists_not_yet_received_give_blanks_not_errors() -> None:
    values = compute(
        _data(
            cp=pl.DataFrame(
                {
                    "child_id": ["1"],
                    "cpp_start_date": [D(2026, 6, 1)],
                    "cpp_end_date": [None],
                    "previous_cpp_count": [0],
                }
            )
        ),
        R,
    )
    assert values["cpp_open_count"].numerator == 1
    assert (
        values["contacts_count"].numerator is None
        and values["referrals_nfa_pct"].value("percent") is None
    )
    assert values["da_children_under8"].numerator is None


def test_no_denominator_means_no_percentage() -> None:
    empty = pl.DataFrame(
        {"child_id": [], "referral_date": [], "referral_nfa": [], "referrals_last_12m_count": []},
        schema={
            "child_id": pl.String,
            "referral_date": pl.Date,
            "referral_nfa": pl.String,
            "referrals_last_12m_count": pl.Int64,
        },
    )
    values = compute(_data(referrals=empty), R)
    assert (
        values["referrals_count"].numerator == 0
        and values["referrals_nfa_pct"].value("percent") is None
    )
