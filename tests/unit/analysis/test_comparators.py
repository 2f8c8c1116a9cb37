"""A national comparator in or out of period for the data (issue 21, item 7): boundaries by hand.

2024-25 is 1 April 2024 to 31 March 2025. It is in period for data whose six-month window starts
no later than 31 March 2026 (a year after it ends) and ends no earlier than 1 April 2023.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jtai_analysis.analysis.comparators import comparator_period, national_year
from jtai_analysis.analysis.indicators import for_readers, indicator_table

D = dt.date


def test_a_dfe_year_runs_april_to_march() -> None:
    assert national_year("2024-25") == (D(2024, 4, 1), D(2025, 3, 31))
    assert national_year("2024/2025") == (D(2024, 4, 1), D(2025, 3, 31))
    assert national_year("2023") == (D(2023, 1, 1), D(2023, 12, 31))
    assert national_year("recent") is None


@pytest.mark.parametrize(
    ("reference_date", "is_in_period"),
    [
        (D(2025, 11, 16), True),  # window from 16/05/2025: inside the year after 2024-25
        (D(2026, 9, 30), True),  # window from 30/03/2026: a day inside the year
        (D(2026, 10, 1), False),  # window from 01/04/2026: more than a year after 31/03/2025
        (D(2026, 11, 16), False),  # the synthetic demo's date
        (D(2023, 4, 1), True),  # ends exactly a year before 01/04/2024
        (D(2023, 3, 31), False),
        (D(2021, 3, 16), False),  # the public sample: data from 2020-21
    ],
)
def test_more_than_a_year_apart_is_out_of_period(
    reference_date: dt.date, is_in_period: bool
) -> None:
    judged = comparator_period("2024-25", reference_date)
    assert judged is not None and judged.is_in_period is is_in_period
    assert (judged.note == "") is is_in_period


def test_the_note_says_which_side_and_the_datas_window() -> None:
    judged = comparator_period("2024-25", D(2021, 3, 16))
    assert judged is not None and judged.note == (
        "England figure for 2024-25, more than a year after these data (16/09/2020 to "
        "16/03/2021): out of period, compare with care"
    )


def test_no_period_no_judgement() -> None:
    assert comparator_period(None, D(2026, 1, 1)) is None
    assert comparator_period("", D(2026, 1, 1)) is None


def test_the_indicator_table_says_so_beside_the_england_figure() -> None:
    import polars as pl

    from jtai_analysis.model.prepared import PreparedData

    empty = PreparedData(
        reference_date=D(2021, 3, 16),
        valid={},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )
    table = indicator_table(empty, D(2021, 3, 16))
    with_england = table.filter(pl.col("national_value").is_not_null())
    assert with_england.height > 0
    assert with_england["national_out_of_period"].null_count() == 0
    shown = for_readers(with_england)
    assert all(
        p.endswith("(out of period: more than a year from these data)") for p in shown["Period"]
    )
    assert (
        table.filter(pl.col("national_value").is_null())["national_out_of_period"].null_count()
        == table.filter(pl.col("national_value").is_null()).height
    )
