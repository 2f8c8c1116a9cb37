"""Derived fields defined once: the inspection window and its ISO weeks, age and age group.

Definitions (``design/interfaces.md``): the window runs from the reference date R minus six
calendar months (same day number, or that month's last day) to R, both ends included. Age is
completed years at R. Age groups: unborn (date of birth after R), under_2, 2_to_4, 5_to_7,
8_plus, unknown (no date of birth). The window's weeks are the ISO weeks (Monday first) that
overlap it, the first and last of them usually partial.
"""

from __future__ import annotations

import calendar as _month_calendar
import datetime as dt
from dataclasses import dataclass

import polars as pl

AGE_GROUPS: tuple[str, ...] = ("unborn", "under_2", "2_to_4", "5_to_7", "8_plus", "unknown")
FOCUS_AGE_GROUPS: tuple[str, ...] = ("unborn", "under_2", "2_to_4", "5_to_7")
AGE_GROUP_LABELS: dict[str, str] = {
    "unborn": "Unborn",
    "under_2": "Under 2",
    "2_to_4": "2 to 4",
    "5_to_7": "5 to 7",
    "8_plus": "8 and over",
    "unknown": "Unknown",
}


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the same day number ``months`` calendar months earlier, or that month's last day."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    last_day = _month_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def window_start(reference_date: dt.date) -> dt.date:
    """First day of the six-month window that ends on ``reference_date``."""
    return months_before(reference_date, 6)


def is_in_window(day: dt.date | None, reference_date: dt.date) -> bool:
    """True when ``day`` lies in the window ending on ``reference_date`` (both ends included)."""
    return day is not None and window_start(reference_date) <= day <= reference_date


def age_in_years(date_of_birth: dt.date, reference_date: dt.date) -> int:
    """Completed years at ``reference_date`` (negative for the unborn)."""
    had_birthday = (reference_date.month, reference_date.day) >= (
        date_of_birth.month,
        date_of_birth.day,
    )
    return reference_date.year - date_of_birth.year - (0 if had_birthday else 1)


def age_group(date_of_birth: dt.date | None, reference_date: dt.date) -> str:
    """Age group of a child at ``reference_date``."""
    if date_of_birth is None:
        return "unknown"
    if date_of_birth > reference_date:
        return "unborn"
    years = age_in_years(date_of_birth, reference_date)
    if years < 2:
        return "under_2"
    if years <= 4:
        return "2_to_4"
    if years <= 7:
        return "5_to_7"
    return "8_plus"


def age_years_expr(date_of_birth: str | pl.Expr, reference_date: dt.date) -> pl.Expr:
    """Polars expression: completed years at ``reference_date`` from a date column (or expression)."""
    dob = pl.col(date_of_birth) if isinstance(date_of_birth, str) else date_of_birth
    had_birthday = (dob.dt.month() < reference_date.month) | (
        (dob.dt.month() == reference_date.month) & (dob.dt.day() <= reference_date.day)
    )
    return (
        pl.lit(reference_date.year) - dob.dt.year() - pl.when(had_birthday).then(0).otherwise(1)
    ).cast(pl.Int32)


def age_group_expr(date_of_birth: str | pl.Expr, reference_date: dt.date) -> pl.Expr:
    """Polars expression: the age group (see :func:`age_group`) from a date column (or expression)."""
    years = age_years_expr(date_of_birth, reference_date)
    dob = pl.col(date_of_birth) if isinstance(date_of_birth, str) else date_of_birth
    return (
        pl.when(dob.is_null())
        .then(pl.lit("unknown"))
        .when(dob > pl.lit(reference_date))
        .then(pl.lit("unborn"))
        .when(years < 2)
        .then(pl.lit("under_2"))
        .when(years <= 4)
        .then(pl.lit("2_to_4"))
        .when(years <= 7)
        .then(pl.lit("5_to_7"))
        .otherwise(pl.lit("8_plus"))
        .cast(pl.Enum(AGE_GROUPS))
    )


# ---- ISO weeks of the window (the front door over time, issue 23) ----


def iso_week_label(day: dt.date) -> str:
    """The ISO week holding ``day`` (weeks start on Monday), written ``YYYY-Www``: ``2026-W14``.

    The year is the ISO year, which differs from the calendar year around New Year (Thursday
    1 January 2026 is in 2026-W01, Sunday 3 January 2027 in 2026-W53).
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def iso_week_expr(day: str | pl.Expr) -> pl.Expr:
    """Polars expression: :func:`iso_week_label` of a date column (null stays null)."""
    column = pl.col(day) if isinstance(day, str) else day
    return pl.format(
        "{}-W{}",
        column.dt.iso_year(),
        column.dt.week().cast(pl.String).str.zfill(2),
    )


@dataclass(frozen=True)
class WindowWeek:
    """One ISO week that overlaps the window, with the days of it that are in the window."""

    label: str  # YYYY-Www
    monday: dt.date
    first_day: dt.date  # the first of its days in the window
    last_day: dt.date  # the last of its days in the window

    @property
    def is_partial(self) -> bool:
        """Not all seven of its days are in the window (the window's first or last week)."""
        return (self.last_day - self.first_day).days < 6


def window_weeks(reference_date: dt.date) -> tuple[WindowWeek, ...]:
    """Every ISO week overlapping the window that ends on ``reference_date``, in order."""
    start = window_start(reference_date)
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= reference_date:
        sunday = monday + dt.timedelta(days=6)
        weeks.append(
            WindowWeek(
                iso_week_label(monday), monday, max(monday, start), min(sunday, reference_date)
            )
        )
        monday += dt.timedelta(days=7)
    return tuple(weeks)
