"""The one reference-date rule that ``jtai validate``, ``jtai clean`` and ``jtai pack`` share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jtai_analysis.ingest.submission import Submission


@dataclass(frozen=True)
class ReferenceDate:
    """The reference date and where it came from, in words a report can print."""

    date: dt.date
    source: str


def resolve_reference_date(
    given: dt.date | None, submission: Submission, fallback: dt.date | None = None
) -> ReferenceDate:
    """The given date; else the period end in the sheets' title rows; else ``fallback`` or today.

    ``jtai pack`` passes the notification date as ``fallback``; ``jtai validate`` passes nothing and
    the report then says it used today.
    """
    if given is not None:
        return ReferenceDate(given, "the date given")
    period_end = submission.period_end()
    if period_end is not None:
        return ReferenceDate(period_end, "the period end written in the sheets' title rows")
    if fallback is not None:
        return ReferenceDate(fallback, "the notification date")
    return ReferenceDate(
        dt.date.today(), "today's date (no date was given and no sheet names its period)"
    )
