"""The one reference-date rule every command shares (interfaces.md, Definitions: Reference date).

``jtai pack`` and ``jtai batch``: the date given, else the notification date. Every other command
(validate, clean, sample, dip, the dashboards on raw lists): the date given; else the period end
written in a title row; else the date at which the stated ages agree with the dates of birth;
else the latest event date in the lists; today only when nothing else exists. Each answer says
which date it is and how it was found, in one sentence, and carries its source key for
``validation.json`` (``reference_date_source``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from jtai_analysis.catalogue.events import load_events
from jtai_analysis.ingest.submission import Submission
from jtai_analysis.validation.date_from_ages import date_from_ages

# The values of ``reference_date_source`` (interfaces.md, validation.json).
SOURCES = ("given", "notification", "title_row", "ages", "latest_event", "today")
# The date used and the date the lists point to may differ by this much before the pack says so.
DAYS_APART_TO_MENTION = 7


@dataclass(frozen=True)
class ReferenceDate:
    """The reference date, its source key (one of :data:`SOURCES`) and how it was found, in words."""

    date: dt.date
    source: str
    how: str  # "inferred from ages and dates of birth in List 1"

    @property
    def sentence(self) -> str:
        """ "reference date 16/03/2021, inferred from ages and dates of birth in List 1"."""
        return f"reference date {self.date:%d/%m/%Y}, {self.how}"


def _labels(submission: Submission, keys: list[str] | tuple[str, ...]) -> str:
    """ "List 1", "Lists 1 and 3", "Lists 1, 3 and 4": the lists named by number."""
    numbers: list[str] = []
    others: list[str] = []
    for key in keys:
        parts = submission.parts.get(key) or []
        if parts:
            annex = parts[0].contract.annex_a
            (numbers if annex.isdigit() else others).append(
                annex if annex.isdigit() else parts[0].contract.title
            )
    names = (
        [f"List {numbers[0]}"]
        if len(numbers) == 1
        else [f"Lists {', '.join(numbers[:-1])} and {numbers[-1]}"]
        if numbers
        else []
    ) + others
    return " and ".join(names)


def _title_row_date(submission: Submission) -> ReferenceDate | None:
    end = submission.period_end()
    if end is None:
        return None
    keys = [k for k, parts in submission.parts.items() if any(p.period_end == end for p in parts)]
    return ReferenceDate(
        end, "title_row", f"the period end in the title row of {_labels(submission, keys)}"
    )


def latest_event_date(
    submission: Submission, today: dt.date | None = None
) -> tuple[dt.date, str] | None:
    """The latest event date in the lists (none after today: such a date is a typing error), and
    the list it is in."""
    today = today or dt.date.today()
    best: tuple[dt.date, str] | None = None
    for event in load_events():
        frame = submission.frame(event.list_key)
        if frame is None or event.column not in frame.columns:
            continue
        dates = frame[event.column].filter(frame[event.column] <= today)
        latest = dates.max()
        if isinstance(latest, dt.date) and (best is None or latest > best[0]):
            best = (latest, event.list_key)
    return best


def _age_rows(submission: Submission) -> pl.DataFrame:
    frames = []
    for key in submission.parts:
        frame = submission.frame(key)
        if frame is None or not {"date_of_birth", "age"} <= set(frame.columns):
            continue
        frames.append(
            frame.select(
                pl.lit(key).alias("list"),
                pl.col("date_of_birth").cast(pl.Date),
                pl.col("age").cast(pl.Float64, strict=False),
            )
        )
    if not frames:
        return pl.DataFrame(schema={"list": pl.String, "date_of_birth": pl.Date, "age": pl.Float64})
    return pl.concat(frames)


def date_lists_point_to(
    submission: Submission, today: dt.date | None = None
) -> ReferenceDate | None:
    """The date the lists themselves point to: a title row's period end, else the date at which
    the ages agree with the dates of birth, else the latest event date; None when none exists."""
    titled = _title_row_date(submission)
    if titled is not None:
        return titled
    latest = latest_event_date(submission, today)
    ages = date_from_ages(_age_rows(submission), latest[0] if latest else None)
    if ages is not None:
        return ReferenceDate(
            ages.date,
            "ages",
            f"inferred from ages and dates of birth in {_labels(submission, ages.lists)}",
        )
    if latest is not None:
        return ReferenceDate(
            latest[0],
            "latest_event",
            f"the latest event date in the lists (in {_labels(submission, [latest[1]])})",
        )
    return None


def resolve_reference_date(
    given: dt.date | None,
    submission: Submission,
    notification: dt.date | None = None,
    today: dt.date | None = None,
) -> ReferenceDate:
    """The reference date by the one rule (see the module's docstring).

    Parameters
    ----------
    given
        The date given on the command line or in a configuration, if any.
    submission
        The lists, read.
    notification
        The notification date: given by ``jtai pack`` and ``jtai batch``, whose rule is then
        "the date given, else the notification date".
    today
        Today's date (tests fix it).
    """
    if given is not None:
        return ReferenceDate(given, "given", "as given")
    if notification is not None:
        return ReferenceDate(notification, "notification", "the notification date")
    found = date_lists_point_to(submission, today)
    if found is not None:
        return found
    today = today or dt.date.today()
    return ReferenceDate(
        today, "today", "today's date (no date was given and nothing in the lists points to one)"
    )


def distance_note(used: ReferenceDate, pointed: ReferenceDate | None) -> str | None:
    """A sentence when the date used and the date the lists point to are more than a week apart."""
    if pointed is None:
        return None
    days = (used.date - pointed.date).days
    if abs(days) <= DAYS_APART_TO_MENTION:
        return None
    what = (
        f"so the six-month window ends {days} days after the lists' last day and starts {days} "
        "days into them: rows before the window start are not counted"
        if days > 0
        else f"so rows dated in the {-days} days after the reference date are read as errors"
    )
    return (
        f"The lists point to {pointed.date:%d/%m/%Y} ({pointed.how}), but the figures use "
        f"{used.date:%d/%m/%Y} ({used.how}), {what}. If the lists were extracted on "
        f"{pointed.date:%d/%m/%Y}, give --reference-date {pointed.date:%Y-%m-%d}."
    )
