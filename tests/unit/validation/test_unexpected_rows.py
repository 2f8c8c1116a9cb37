"""The polars mirror of Great Expectations' unexpected rows, on frames written by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from jtai_analysis.validation.rules import REFERENCE_PARAMETER, ROW_ID
from jtai_analysis.validation.unexpected_rows import unexpected_row_ids

REFERENCE = dt.date(2026, 11, 16)


PARAMETERS = {REFERENCE_PARAMETER: dt.datetime.combine(REFERENCE, dt.time()).isoformat()}


@pytest.mark.parametrize(
    ("expectation", "expected"),
    [
        ({"type": "expect_column_values_to_be_null", "kwargs": {"column": "x"}}, [1, 3]),
        ({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "x"}}, [0, 2]),
        (
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "x", "min_value": 2},
            },
            [1],
        ),
        (
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "x", "max_value": 1.5},
            },
            [3],
        ),
        (
            {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "x", "value_set": [3.0]},
            },
            [1],
        ),
        (
            {
                "type": "expect_column_pair_values_a_to_be_greater_than_b",
                "kwargs": {
                    "column_A": "x",
                    "column_B": "y",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            },
            [1, 3],
        ),
        ({"type": "expect_column_values_to_be_unique", "kwargs": {"column": "x"}}, None),
        (
            {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "x", "value_set": [1], "mostly": 0.9},
            },
            None,
        ),
    ],
)
def test_mirror_by_hand(expectation: dict[str, Any], expected: list[int] | None) -> None:
    # NaN counts as missing, as pandas (and so GX) treats it; row 2 has NaN in x.
    frame = pl.DataFrame(
        {ROW_ID: [0, 1, 2, 3], "x": [None, 1.0, float("nan"), 3.0], "y": [5.0, 2.0, 1.0, 4.0]}
    )
    assert unexpected_row_ids(expectation, frame, {}) == expected


def test_date_bound_from_the_run_parameter() -> None:
    frame = pl.DataFrame(
        {
            ROW_ID: [0, 1, 2],
            "d": [dt.date(2026, 11, 15), dt.date(2026, 11, 16), dt.date(2026, 11, 17)],
        }
    )
    expectation = {
        "type": "expect_column_values_to_be_between",
        "kwargs": {"column": "d", "max_value": {"$PARAMETER": REFERENCE_PARAMETER}},
    }
    assert unexpected_row_ids(expectation, frame, PARAMETERS) == [2]
