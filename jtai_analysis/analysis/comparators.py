"""Whether a national comparator belongs beside the data: the same period, give or take a year.

Each England figure carries its period (``national_period`` in ``indicators.yml``: a DfE
"Children in need" year such as ``2024-25``, 1 April 2024 to 31 March 2025). The data's period is
the six-month window ending on the reference date. A figure more than a year from the data (the
window starts over a year after the national year ends, or ends over a year before it starts) is
out of period, and every view that shows it says so beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jtai_analysis.common.derive import months_before, window_start

_YEAR_SPAN = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")
_ONE_YEAR = re.compile(r"^\s*(\d{4})\s*$")


@dataclass(frozen=True)
class ComparatorPeriod:
    """A national figure's period and whether it is in period for the data."""

    period: str
    start: dt.date
    end: dt.date
    is_in_period: bool
    note: str  # blank when in period; else what a reader must know, beside the figure


def national_year(period: str) -> tuple[dt.date, dt.date] | None:
    """The dates a national period covers: ``2024-25`` is 1 April 2024 to 31 March 2025 (a DfE
    year ending 31 March); ``2024`` is the calendar year. None when the text is not a period."""
    span = _YEAR_SPAN.match(period)
    if span:
        first = int(span.group(1))
        return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
    single = _ONE_YEAR.match(period)
    if single:
        year = int(single.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def comparator_period(
    national_period: str | None, reference_date: dt.date
) -> ComparatorPeriod | None:
    """Whether a national figure of ``national_period`` is in period for data whose six-month
    window ends on ``reference_date``.

    Parameters
    ----------
    national_period
        The figure's period as ``indicators.yml`` gives it (``2024-25``); None or blank: no figure.
    reference_date
        R, the end of the data's window.

    Returns
    -------
    ComparatorPeriod or None
        None when there is no period to judge. Out of period when the window starts more than a
        year after the national period ends, or ends more than a year before it starts.
    """
    if not national_period or not str(national_period).strip():
        return None
    covered = national_year(str(national_period))
    if covered is None:
        return None
    start, end = covered
    data_start = window_start(reference_date)
    is_after = data_start > months_before(end, -12)
    is_before = reference_date < months_before(start, 12)
    if not (is_after or is_before):
        return ComparatorPeriod(str(national_period), start, end, True, "")
    side = "before" if is_after else "after"
    note = (
        f"England figure for {national_period}, more than a year {side} these data "
        f"({data_start:%d/%m/%Y} to {reference_date:%d/%m/%Y}): out of period, compare with care"
    )
    return ComparatorPeriod(str(national_period), start, end, False, note)
