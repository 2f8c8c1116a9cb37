"""Rows outside the six-month window, per list (issue 21, item 2): boundaries worked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.validation.window import outside_window, window_sentences

D = dt.date
R = D(2021, 3, 16)  # the window runs from 16/09/2020 to 16/03/2021, both included


def test_event_rows_before_and_after_the_window_are_counted_apart() -> None:
    frame = pl.DataFrame(
        {
            "contact_date": [
                D(2020, 9, 15),  # the day before the window: before
                D(2020, 9, 16),  # first day: in
                R,  # last day: in
                D(2021, 3, 17),  # after R
                None,  # unreadable: not counted here
            ]
        }
    )
    counted = outside_window("contacts", "List 1", frame, R)
    assert counted is not None
    assert (counted.before, counted.after, counted.rows_in) == (1, 1, 5)
    assert counted.sentence() == (
        "2 of 5 List 1 rows fall outside the window 16/09/2020 to 16/03/2021 "
        "(1 before, 1 after) and are not counted."
    )
    assert counted.warning() is None


def test_a_list_wholly_before_the_window_is_a_warning() -> None:
    frame = pl.DataFrame({"contact_date": [D(2020, 9, 14), D(2020, 9, 15)] * 3})
    counted = outside_window("contacts", "List 1", frame, R)
    assert counted is not None and counted.is_all_outside
    assert counted.sentence() == "6 of 6 List 1 rows fall before 16/09/2020 and are not counted."
    assert window_sentences([counted]) == [counted.warning()]
    assert "Every row of List 1 (6)" in str(counted.warning())


def test_an_open_case_counts_when_open_at_any_time_in_the_window() -> None:
    frame = pl.DataFrame(
        {
            "cin_start_date": [
                D(2015, 1, 1),  # open, never closed: in
                D(2015, 1, 1),  # closed on the window's first day: in
                D(2015, 1, 1),  # closed the day before it: before
                D(2021, 3, 17),  # starts after R: after
                None,  # no start date: not counted here
            ],
            "cin_closure_date": [None, D(2020, 9, 16), D(2020, 9, 15), None, D(2019, 1, 1)],
        }
    )
    counted = outside_window("cin", "List 6", frame, R)
    assert counted is not None
    assert (counted.before, counted.after) == (1, 1)
    assert counted.sentence() == (
        "2 of 5 List 6 rows were not open in the window 16/09/2020 to 16/03/2021 "
        "(1 closed before 16/09/2020 and 1 started after 16/03/2021) and are not counted as in it."
    )


def test_a_list_without_a_window_date_is_not_counted() -> None:
    assert outside_window("nominations", "Nominations", pl.DataFrame({"x": [1]}), R) is None
