"""Working days in England: weekends and bank holidays in England (from the ``holidays`` package).

Definition used everywhere (``design/interfaces.md``): the working days between dates a and b are
the days d with a < d <= b that are Monday to Friday and not a bank holiday in England.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

import holidays
import numpy as np
import polars as pl

# Bank holidays are computed for this span once; dates outside it are still handled (weekends
# only) but no JTAI date falls outside it.
_FIRST_YEAR, _LAST_YEAR = 1995, 2045


@cache
def bank_holidays() -> dict[dt.date, str]:
    """Bank holidays in England, date -> name, weekend dates of substituted holidays excluded."""
    calendar = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(_FIRST_YEAR, _LAST_YEAR + 1)
    )
    return {day: name for day, name in sorted(calendar.items()) if day.weekday() < 5}


@cache
def _holiday_array() -> np.ndarray:
    return np.array(sorted(bank_holidays()), dtype="datetime64[D]")


def is_working_day(day: dt.date) -> bool:
    """Return True for Monday to Friday that is not a bank holiday in England."""
    return day.weekday() < 5 and day not in bank_holidays()


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Count working days d with start < d <= end (negative when end is before start; same day 0)."""
    if end < start:
        return -working_days_between(end, start)
    first = np.datetime64(start + dt.timedelta(days=1), "D")
    stop = np.datetime64(end + dt.timedelta(days=1), "D")
    return int(np.busday_count(first, stop, holidays=_holiday_array()))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Return the date that is ``days`` working days after ``start`` (0 gives ``start`` itself).

    For a start on a weekend or bank holiday, counting begins from the previous working day, so
    one working day after Saturday is the following Monday (or Tuesday after a bank holiday).
    """
    if days == 0:
        return start
    roll: Literal["backward", "forward"] = "backward" if days > 0 else "forward"
    moved = np.busday_offset(np.datetime64(start, "D"), days, roll=roll, holidays=_holiday_array())
    return moved.astype(dt.date)


def next_working_day(day: dt.date) -> dt.date:
    """Return ``day`` if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_days_series(start: pl.Series, end: pl.Series) -> pl.Series:
    """Vectorised :func:`working_days_between` over two date series; null where either is null."""
    is_valid = (start.is_not_null() & end.is_not_null()).to_numpy()
    first = start.to_numpy().astype("datetime64[D]")
    last = end.to_numpy().astype("datetime64[D]")
    counts = np.zeros(len(start), dtype=np.int64)
    if is_valid.any():
        a, b = first[is_valid], last[is_valid]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        magnitude = np.busday_count(lo + 1, hi + 1, holidays=_holiday_array())
        counts[is_valid] = np.where(b < a, -magnitude, magnitude)
    return pl.Series(start.name, counts, dtype=pl.Int64).scatter(np.flatnonzero(~is_valid), None)


def fieldwork_start(notification_date: dt.date) -> dt.date:
    """Fieldwork starts 10 working days after the notification (guidance paras 25-28)."""
    return add_working_days(notification_date, 10)


def week_monday(day: dt.date) -> dt.date:
    """The Monday of the Monday-Friday week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())


def fieldwork_week(notification_date: dt.date) -> list[dt.date]:
    """The working days of the fieldwork week (the Monday-Friday week holding fieldwork start)."""
    monday = week_monday(fieldwork_start(notification_date))
    return [d for d in (monday + dt.timedelta(days=i) for i in range(5)) if is_working_day(d)]
