"""The date at which the stated ages agree with the dates of birth: when the lists were extracted.

A row whose age is a whole number of completed years ``a`` and whose date of birth is ``d`` says
the extract was taken between ``d + a years`` and the day before ``d + (a + 1) years``. Systems
that write the age as a fraction (``6.138261465``: days since birth divided by 365.25) say it
more closely: about ``d + round(age × 365.25)`` days, give or take a few days for the convention
(365 or 365.25 days a year drifts by a quarter day a year of age).

Each usable row is such an interval. Real lists hold wrong ages, unborn children, blanks and
degraded dates of birth, so the intervals are not intersected blindly: the date range covered by
the most rows wins (a sweep over interval ends), and it is trusted only when more than half of the
usable rows agree with it and it is narrower than a year. Inside that range the date is the
median of the fractional ages' estimates, or, with whole-number ages only, the latest event date
moved into the range (lists are extracted on or soon after their last recorded event).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

# Ages outside this range are not evidence of the extraction date (unborn children are written
# as 0 or -1; an age of 40 on a child's row is a typing error).
_MIN_AGE, _MAX_AGE = 0.0, 25.0
_DAYS_A_YEAR = 365.25
_WIDEST_RANGE_DAYS = 366  # wider than a year, the ages do not point to a date


@dataclass(frozen=True)
class AgesDate:
    """The date the ages point to, the lists whose rows agree with it, and how many rows do."""

    date: dt.date
    lists: tuple[str, ...]  # list keys, in the order first given
    rows_agreeing: int
    rows_usable: int


def age_intervals(rows: pl.DataFrame) -> pl.DataFrame:
    """Per usable row, the dates at which its age agrees with its date of birth.

    Parameters
    ----------
    rows
        ``list`` (list key), ``date_of_birth`` (date) and ``age`` (number), one row per list row.

    Returns
    -------
    polars.DataFrame
        ``list``, ``earliest``, ``latest`` (dates, both included) and ``estimate`` (the day a
        fractional age points to; null for a whole-number age).
    """
    usable = rows.filter(
        pl.col("date_of_birth").is_not_null()
        & pl.col("age").is_not_null()
        & pl.col("age").is_between(_MIN_AGE, _MAX_AGE)
        & (pl.col("date_of_birth") >= pl.date(1900, 1, 1))
    )
    age = pl.col("age").cast(pl.Float64)
    is_whole = (age - age.round(0)).abs() < 1e-6
    years = age.floor().cast(pl.Int64)
    birth = pl.col("date_of_birth")
    estimate = birth + pl.duration(days=(age * _DAYS_A_YEAR).round(0).cast(pl.Int64))
    slack = pl.duration(days=(age * 0.25).ceil().cast(pl.Int64) + 1)
    return usable.select(
        "list",
        pl.when(is_whole)
        .then(birth.dt.offset_by(pl.format("{}y", years)))
        .otherwise(estimate - slack)
        .alias("earliest"),
        pl.when(is_whole)
        .then(birth.dt.offset_by(pl.format("{}y", years + 1)) - pl.duration(days=1))
        .otherwise(estimate + slack)
        .alias("latest"),
        pl.when(is_whole).then(None).otherwise(estimate).alias("estimate"),
    )


def _most_agreed_range(intervals: pl.DataFrame) -> tuple[dt.date, dt.date, int] | None:
    """The (last) date range covered by the most intervals, and how many cover it."""
    ends = pl.concat(
        [
            intervals.select(pl.col("earliest").alias("day"), pl.lit(1).alias("change")),
            intervals.select(
                (pl.col("latest") + pl.duration(days=1)).alias("day"), pl.lit(-1).alias("change")
            ),
        ]
    )
    steps = (
        ends.group_by("day")
        .agg(pl.col("change").sum())
        .sort("day")
        .with_columns(
            pl.col("change").cum_sum().alias("covering"),
            (pl.col("day").shift(-1) - pl.duration(days=1)).alias("until"),
        )
    )
    if steps.is_empty():
        return None
    best = int(steps.select(pl.col("covering").max()).item() or 0)
    if best <= 0:
        return None
    start, until, _ = (
        steps.filter(pl.col("covering") == best).select("day", "until", "covering").row(-1)
    )
    return start, until, best


def date_from_ages(rows: pl.DataFrame, latest_event: dt.date | None = None) -> AgesDate | None:
    """The date at which most stated ages agree with the dates of birth, or None.

    Parameters
    ----------
    rows
        ``list``, ``date_of_birth`` and ``age`` for every row of every list (blanks allowed).
    latest_event
        The latest event date in the lists: places the date within the agreeing range when the
        ages are whole years and so say only "between these dates".

    Returns
    -------
    AgesDate or None
        None when no row is usable, no more than half the usable rows agree on any date (one
        usable row is enough on its own), or the agreeing range is wider than a year.
    """
    intervals = age_intervals(rows)
    if intervals.is_empty():
        return None
    found = _most_agreed_range(intervals)
    if found is None:
        return None
    start, until, agreeing = found
    is_minority = intervals.height > 1 and agreeing * 2 <= intervals.height
    if is_minority or (until - start).days > _WIDEST_RANGE_DAYS:
        return None
    inside = intervals.filter((pl.col("earliest") <= start) & (pl.col("latest") >= until))
    estimates = inside["estimate"].drop_nulls().sort()
    if estimates.len():
        middle = estimates[(estimates.len() - 1) // 2]
        chosen = min(max(middle, start), until)
    elif latest_event is not None:
        chosen = min(max(latest_event, start), until)
    else:
        chosen = until
    agree = intervals.filter((pl.col("earliest") <= chosen) & (pl.col("latest") >= chosen))
    lists = tuple(dict.fromkeys(agree["list"].to_list()))
    return AgesDate(chosen, lists, agree.height, intervals.height)
