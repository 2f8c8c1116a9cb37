"""ISO weeks of the window, worked out by hand from a calendar."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.common.derive import iso_week_expr, iso_week_label, window_weeks

D = dt.date


def test_iso_week_labels_around_new_year() -> None:
    # 2026 starts on a Thursday, so it has 53 ISO weeks: Monday 28 December 2026 to Sunday
    # 3 January 2027 is 2026-W53, and Monday 4 January 2027 begins 2027-W01. Thursday 1 January
    # 2026 is in 2026-W01; Monday 29 December 2025 too.
    assert iso_week_label(D(2026, 12, 28)) == "2026-W53"
    assert iso_week_label(D(2027, 1, 1)) == "2026-W53"
    assert iso_week_label(D(2027, 1, 3)) == "2026-W53"
    assert iso_week_label(D(2027, 1, 4)) == "2027-W01"
    assert iso_week_label(D(2025, 12, 29)) == "2026-W01"
    assert iso_week_label(D(2026, 4, 1)) == "2026-W14"  # a single-digit week number is padded


def test_the_expression_agrees_with_the_label() -> None:
    days = [D(2026, 12, 28), D(2027, 1, 3), D(2027, 1, 4), D(2026, 3, 2), None]
    labels = pl.select(iso_week_expr(pl.Series("d", days, dtype=pl.Date))).to_series().to_list()
    assert labels == ["2026-W53", "2026-W53", "2027-W01", "2026-W10", None]


def test_window_weeks_partial_at_both_ends() -> None:
    # R is Monday 16 November 2026; the window starts on Saturday 16 May 2026 (2026-W20, Monday
    # 11 May): W20 has 2 days in the window (Sat, Sun), W47 only Monday 16 November.
    weeks = window_weeks(D(2026, 11, 16))
    assert [w.label for w in weeks] == [f"2026-W{n:02d}" for n in range(20, 48)]
    assert (weeks[0].first_day, weeks[0].last_day) == (D(2026, 5, 16), D(2026, 5, 17))
    assert (weeks[-1].first_day, weeks[-1].last_day) == (D(2026, 11, 16), D(2026, 11, 16))
    assert [w.label for w in weeks if w.is_partial] == ["2026-W20", "2026-W47"]


def test_window_weeks_whole_at_both_ends() -> None:
    # R is Sunday 6 December 2026: the window starts on Saturday 6 June 2026, so only the first
    # week (Monday 1 June, 2026-W23) is partial; R's week ends on R.
    weeks = window_weeks(D(2026, 12, 6))
    assert weeks[0].label == "2026-W23" and weeks[0].is_partial
    assert weeks[-1].label == "2026-W49" and not weeks[-1].is_partial
    # R is Sunday 31 January 2027: the window starts Friday 31 July 2026 (W31, partial)
    weeks = window_weeks(D(2027, 1, 31))
    assert [w.label for w in weeks if w.is_partial] == ["2026-W31"]
    assert "2026-W53" in [w.label for w in weeks]
    assert weeks[-1].label == "2027-W04"


def test_a_window_starting_on_a_monday_has_no_partial_first_week() -> None:
    # R is Wednesday 30 September 2026: the window starts on Monday 30 March 2026 (2026-W14).
    weeks = window_weeks(D(2026, 9, 30))
    assert weeks[0].label == "2026-W14" and not weeks[0].is_partial
    assert weeks[-1].is_partial  # Monday 28 September to Wednesday 30 September
