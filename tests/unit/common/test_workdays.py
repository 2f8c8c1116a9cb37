"""Working days in England, against dates counted by hand on a calendar."""

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.common.workdays import (
    add_working_days,
    is_working_day,
    working_days_between,
    working_days_series,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 11, 16), D(2026, 11, 16), 0),  # same day
        (D(2026, 11, 16), D(2026, 11, 17), 1),
        (D(2026, 11, 13), D(2026, 11, 16), 1),  # Friday to Monday
        (D(2026, 11, 14), D(2026, 11, 15), 0),  # Saturday to Sunday
        (D(2024, 3, 25), D(2024, 3, 29), 3),  # Good Friday 29/03/2024 not counted
        (D(2024, 3, 28), D(2024, 4, 2), 1),  # Good Friday and Easter Monday skipped
        (
            D(2026, 12, 24),
            D(2027, 1, 4),
            4,
        ),  # 25, 28 (Boxing Day substitute), 1 Jan are holidays: 29, 30, 31 Dec, 4 Jan
        (D(2023, 5, 5), D(2023, 5, 9), 1),  # 8 May 2023 coronation bank holiday
        (D(2026, 5, 1), D(2026, 5, 5), 1),  # early May bank holiday 4 May 2026
        (D(2026, 8, 28), D(2026, 9, 1), 1),  # summer bank holiday 31 Aug 2026 (England)
        (D(2026, 11, 17), D(2026, 11, 16), -1),  # end before start counts back
    ],
)
def test_working_days_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 16), 0, D(2026, 11, 16)),
        (D(2026, 11, 16), 10, D(2026, 11, 30)),
        (D(2024, 3, 28), 1, D(2024, 4, 2)),
        (D(2024, 3, 30), 1, D(2024, 4, 2)),  # from a Saturday
        (D(2026, 12, 14), 10, D(2026, 12, 30)),  # Christmas, Boxing Day substitute
        (D(2024, 4, 2), -1, D(2024, 3, 28)),
    ],
)
def test_add_working_days(start: dt.date, days: int, expected: dt.date) -> None:
    assert add_working_days(start, days) == expected


def test_is_working_day() -> None:
    assert is_working_day(D(2026, 11, 16))
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 12, 25))
    assert not is_working_day(D(2026, 8, 31))  # England's summer bank holiday (not Scotland's)


def test_working_days_series_matches_scalar_and_keeps_nulls() -> None:
    starts = pl.Series([D(2024, 3, 28), None, D(2026, 11, 17)], dtype=pl.Date)
    ends = pl.Series([D(2024, 4, 2), D(2026, 1, 1), D(2026, 11, 16)], dtype=pl.Date)
    assert working_days_series(starts, ends).to_list() == [1, None, -1]
