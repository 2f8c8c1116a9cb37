"""The date at which stated ages agree with dates of birth (issue 21, item 1): cases worked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.validation.date_from_ages import date_from_ages

D = dt.date


def _rows(*rows: tuple[str, dt.date | None, float | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "list": [r[0] for r in rows],
            "date_of_birth": [r[1] for r in rows],
            "age": [r[2] for r in rows],
        },
        schema={"list": pl.String, "date_of_birth": pl.Date, "age": pl.Float64},
    )


# Whole-year ages. Born 20/03/2015, aged 5: from 20/03/2020 to 19/03/2021. Born 10/03/2010,
# aged 11: from 10/03/2021 to 09/03/2022. Born 25/03/2012, aged 8: from 25/03/2020 to 24/03/2021.
# All three agree from 10/03/2021 to 19/03/2021.
WHOLE = (
    ("contacts", D(2015, 3, 20), 5.0),
    ("contacts", D(2010, 3, 10), 11.0),
    ("referrals", D(2012, 3, 25), 8.0),
)


def test_whole_year_ages_place_the_latest_event_inside_the_range_they_agree_on() -> None:
    found = date_from_ages(_rows(*WHOLE), latest_event=D(2021, 3, 16))
    assert found is not None and found.date == D(2021, 3, 16)
    assert found.lists == ("contacts", "referrals") and found.rows_agreeing == 3


def test_an_event_after_the_range_is_moved_to_its_last_day() -> None:
    found = date_from_ages(_rows(*WHOLE), latest_event=D(2021, 3, 25))
    assert found is not None and found.date == D(2021, 3, 19)


def test_an_event_before_the_range_is_moved_to_its_first_day() -> None:
    found = date_from_ages(_rows(*WHOLE), latest_event=D(2020, 12, 1))
    assert found is not None and found.date == D(2021, 3, 10)


# Fractional ages as the SF sample workbooks hold them (days since birth / 365.25). Born
# 25/01/2015: to 25/01/2021 is 2,192 days, then 6 + 28 + 16 = 50 more to 16/03/2021: 2,242 days,
# and 2,242 / 365.25 = 6.138261465. Born 27/06/2015: 1,827 days to 27/06/2020, then 3 + 31 + 31 +
# 30 + 31 + 30 + 31 + 31 + 28 + 16 = 262 more: 2,089 days = 5.719370294 years.
FRACTIONAL = (
    ("contacts", D(2015, 1, 25), 6.138261465),
    ("early_help", D(2015, 6, 27), 5.719370294),
)


def test_fractional_ages_point_to_the_day() -> None:
    found = date_from_ages(_rows(*FRACTIONAL))
    assert found is not None and found.date == D(2021, 3, 16)
    assert found.lists == ("contacts", "early_help")


def test_a_wrong_age_an_unborn_child_and_blanks_do_not_move_the_date() -> None:
    rows = _rows(
        *FRACTIONAL,
        ("cp", D(2015, 1, 25), 12.0),  # a typing error
        ("cp", D(2021, 5, 1), -1.0),  # unborn, written as -1
        ("cp", None, 3.0),
        ("cp", D(2018, 1, 1), None),
        ("cin", D(2010, 3, 10), 11.0),  # whole years: agrees
    )
    found = date_from_ages(rows)
    assert found is not None and found.date == D(2021, 3, 16)
    assert found.rows_agreeing == 3 and found.rows_usable == 4


def test_ages_that_agree_on_nothing_give_no_date() -> None:
    # Born 01/01/2010 aged 3 (2013) and born 01/01/2010 aged 10 (2020): no day suits both.
    rows = _rows(("contacts", D(2010, 1, 1), 3.0), ("contacts", D(2010, 1, 1), 10.0))
    assert date_from_ages(rows) is None


def test_no_usable_row_gives_no_date() -> None:
    assert date_from_ages(_rows(("contacts", None, 4.0), ("contacts", D(2020, 1, 1), None))) is None
