"""Every milestone of a JTAI from its notification date (``design/interfaces.md``, Timeline).

The milestones themselves (their words, paragraphs and the rule for each day) are the catalogue's
``timeline.yml``; this module holds only the date arithmetic. Fieldwork starts 10 working days
after notification; the fieldwork week is the Monday-Friday week holding it, week 2 the week before
and week 1 the week before that. A named day ("Tuesday of week 1") that is a bank holiday moves to
the next working day. Other milestones count working days from one before them (the letters from
the end of fieldwork, para 100).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import polars as pl

from jtai_analysis.catalogue.labels import headings
from jtai_analysis.catalogue.timeline import WEEKDAYS, read_timeline_file
from jtai_analysis.common.workdays import (
    add_working_days,
    bank_holidays,
    fieldwork_start,
    is_working_day,
    next_working_day,
    week_monday,
)


@dataclass(frozen=True)
class Milestone:
    """One dated (and where the guidance says, timed) step of the inspection."""

    milestone: str
    title: str
    date: dt.date
    time: str | None
    source: str

    def as_json(self) -> dict[str, str | None]:
        record = asdict(self)
        record["date"] = self.date.isoformat()
        return record


@dataclass(frozen=True)
class InspectionWeeks:
    """The Mondays of weeks 1 and 2 and of the fieldwork week."""

    week_1: dt.date
    week_2: dt.date
    fieldwork: dt.date

    def day(self, week: dt.date, weekday: str) -> dt.date:
        """A named weekday of a week, moved to the next working day if it is a bank holiday."""
        return next_working_day(week + dt.timedelta(days=WEEKDAYS.index(weekday)))


def inspection_weeks(notification_date: dt.date) -> InspectionWeeks:
    fieldwork_monday = week_monday(fieldwork_start(notification_date))
    return InspectionWeeks(
        week_1=fieldwork_monday - dt.timedelta(days=14),
        week_2=fieldwork_monday - dt.timedelta(days=7),
        fieldwork=fieldwork_monday,
    )


def fieldwork_end(notification_date: dt.date) -> dt.date:
    """The last working day of the fieldwork week."""
    friday = inspection_weeks(notification_date).fieldwork + dt.timedelta(days=4)
    while not is_working_day(friday):
        friday -= dt.timedelta(days=1)
    return friday


def milestones(notification_date: dt.date) -> list[Milestone]:
    """Every milestone of ``timeline.yml`` in date order (ties keep the file's order, the guidance's)."""
    weeks = inspection_weeks(notification_date)
    anchors = {
        "notification": notification_date,
        "fieldwork_start": fieldwork_start(notification_date),
        "fieldwork_end": fieldwork_end(notification_date),
    }
    mondays = {1: weeks.week_1, 2: weeks.week_2}
    dates: dict[str, dt.date] = {}
    rows = []
    for rule in read_timeline_file().milestones:
        if rule.at is not None:
            date = anchors[rule.at]
        elif rule.week is not None and rule.weekday is not None:
            date = weeks.day(mondays[rule.week], rule.weekday)
        else:  # working days after a milestone above it (one rule each: checked on load)
            assert rule.after is not None and rule.working_days is not None
            date = add_working_days(dates[rule.after], rule.working_days)
        dates[rule.id] = date
        rows.append(Milestone(rule.id, rule.title, date, rule.time, rule.source))
    order = {m.milestone: i for i, m in enumerate(rows)}
    return sorted(rows, key=lambda m: (m.date, m.time or "99:99", order[m.milestone]))


def milestone_dates(notification_date: dt.date) -> dict[str, Milestone]:
    """Milestones keyed by their id."""
    return {m.milestone: m for m in milestones(notification_date)}


def bank_holiday_warnings(notification_date: dt.date) -> list[str]:
    """Plain warnings when a bank holiday falls in week 1 or week 2 (para 25)."""
    weeks = inspection_weeks(notification_date)
    warnings = []
    for name, monday in (("week 1", weeks.week_1), ("week 2", weeks.week_2)):
        for offset in range(5):
            day = monday + dt.timedelta(days=offset)
            if day in bank_holidays():
                warnings.append(
                    f"{bank_holidays()[day]} ({day:%A %d %B %Y}) falls in {name}: deadlines that day move to the next working day."
                )
    return warnings


def phases(notification_date: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The inspection's stretches of time (``timeline.yml``, phases), (title, first day, last day),
    for a Gantt-style chart."""
    weeks = inspection_weeks(notification_date)
    friday = dt.timedelta(days=4)
    dates = {m.milestone: m.date for m in milestones(notification_date)}
    firsts = dates | {"week_1": weeks.week_1, "week_2": weeks.week_2}
    lasts = dates | {"week_1": weeks.week_1 + friday, "week_2": weeks.week_2 + friday}
    return [(p.title, firsts[p.first], lasts[p.last]) for p in read_timeline_file().phases]


def milestone_table(notification_date: dt.date) -> pl.DataFrame:
    """Milestones as a table for people: day, date, time, what, guidance paragraph (the headings
    of ``labels.yml``, table ``milestones``)."""
    rows = milestones(notification_date)
    heading = headings("milestones")
    return pl.DataFrame(
        {
            heading["day"]: [f"{m.date:%a}" for m in rows],
            heading["date"]: [m.date for m in rows],
            heading["time"]: [m.time or "" for m in rows],
            heading["title"]: [m.title for m in rows],
            heading["source"]: [m.source for m in rows],
        }
    )


def milestone_records(notification_date: dt.date) -> pl.DataFrame:
    """Milestones as ``timeline.csv`` holds them: milestone, title, ISO date, time, source."""
    return pl.DataFrame(
        [m.as_json() for m in milestones(notification_date)],
        schema={k: pl.String for k in ("milestone", "title", "date", "time", "source")},
        orient="row",
    )
