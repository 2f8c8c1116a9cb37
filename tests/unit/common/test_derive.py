"""Derived fields against a hand-written case table (boundaries, leap years, month ends, unborn)."""

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.common.derive import (
    age_group,
    age_group_expr,
    age_in_years,
    is_in_window,
    window_start,
)

D = dt.date


@pytest.mark.parametrize(
    ("reference", "expected_start"),
    [
        (D(2026, 11, 16), D(2026, 5, 16)),
        (D(2026, 8, 31), D(2026, 2, 28)),  # no 31 February: that month's last day
        (D(2028, 8, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), D(2025, 9, 30)),
        (D(2026, 1, 15), D(2025, 7, 15)),  # across a year end
        (D(2026, 6, 30), D(2025, 12, 30)),
    ],
)
def test_window_start(reference: dt.date, expected_start: dt.date) -> None:
    assert window_start(reference) == expected_start


def test_window_includes_both_ends() -> None:
    r = D(2026, 11, 16)
    assert is_in_window(D(2026, 5, 16), r)
    assert is_in_window(r, r)
    assert not is_in_window(D(2026, 5, 15), r)
    assert not is_in_window(D(2026, 11, 17), r)
    assert not is_in_window(None, r)


CASES = [
    # date of birth, reference date, completed years, age group
    (D(2026, 11, 17), D(2026, 11, 16), -1, "unborn"),
    (D(2026, 11, 16), D(2026, 11, 16), 0, "under_2"),  # born on the reference date
    (D(2024, 11, 17), D(2026, 11, 16), 1, "under_2"),  # second birthday tomorrow
    (D(2024, 11, 16), D(2026, 11, 16), 2, "2_to_4"),  # second birthday today
    (D(2021, 11, 17), D(2026, 11, 16), 4, "2_to_4"),
    (D(2021, 11, 16), D(2026, 11, 16), 5, "5_to_7"),
    (D(2018, 11, 17), D(2026, 11, 16), 7, "5_to_7"),
    (D(2018, 11, 16), D(2026, 11, 16), 8, "8_plus"),
    (D(2024, 2, 29), D(2026, 2, 28), 1, "under_2"),  # leap-day birthday not yet reached
    (D(2024, 2, 29), D(2026, 3, 1), 2, "2_to_4"),
]


@pytest.mark.parametrize(("dob", "reference", "years", "group"), CASES)
def test_age_and_group(dob: dt.date, reference: dt.date, years: int, group: str) -> None:
    assert age_in_years(dob, reference) == years
    assert age_group(dob, reference) == group


def test_age_group_unknown_without_date_of_birth() -> None:
    assert age_group(None, D(2026, 11, 16)) == "unknown"


def test_age_group_expression_matches_case_table() -> None:
    reference = D(2026, 11, 16)
    cases = [c for c in CASES if c[1] == reference]
    frame = pl.DataFrame({"dob": [c[0] for c in cases] + [None]}, schema={"dob": pl.Date})
    groups = frame.select(age_group_expr("dob", reference)).to_series().cast(pl.String).to_list()
    assert groups == [c[3] for c in cases] + ["unknown"]
