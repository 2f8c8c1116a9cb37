"""Every milestone of a JTAI from its notification date (``design/interfaces.md``, Timeline).

Fieldwork starts 10 working days after notification; the fieldwork week is the Monday-Friday week
holding it, week 2 the week before and week 1 the week before that. A named day ("Tuesday of
week 1") that is a bank holiday moves to the next working day. Letter milestones count working days
from the end of fieldwork (para 100), the statement of action from the final letter (para 103)
and the complaint window runs to 10 working days after publication (para 136).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import polars as pl

from jtai_analysis.common.workdays import (
    add_working_days,
    bank_holidays,
    fieldwork_start,
    is_working_day,
    next_working_day,
    week_monday,
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


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
    """Every milestone in date order (ties keep the order of the guidance)."""
    weeks = inspection_weeks(notification_date)
    end = fieldwork_end(notification_date)
    final_letter = add_working_days(end, 31)
    publication = add_working_days(end, 34)
    w1, w2 = weeks.week_1, weeks.week_2
    rows = [
        Milestone(
            "notification",
            "Inspection notified; information requested (Annex A)",
            notification_date,
            None,
            "para 28",
        ),
        Milestone(
            "lists_4_6_7_nominations_due",
            "Lists 4, 6 and 7 and the three nomination lists due",
            weeks.day(w1, "Tuesday"),
            "17:00",
            "paras 111-112",
        ),
        Milestone(
            "select_20",
            "Lead inspector selects 20 children",
            weeks.day(w1, "Wednesday"),
            "17:00",
            "para 115",
        ),
        Milestone(
            "info_on_20_due",
            "Information on the 20 children and relevant adults due",
            weeks.day(w1, "Thursday"),
            "17:00",
            "para 115",
        ),
        Milestone(
            "lists_1_2_3_5_meetings_due",
            "Lists 1, 2, 3 and 5, under-8s not in full-time education and fieldwork-week meetings due",
            weeks.day(w1, "Thursday"),
            "17:00",
            "paras 121-122",
        ),
        Milestone(
            "select_6",
            "Lead inspector selects 6 children for audit",
            weeks.day(w1, "Friday"),
            "11:00",
            "para 116",
        ),
        Milestone(
            "case_records_and_pmi_due",
            "Case records of the 6 and performance and management information (items 1.1-5.9) due",
            weeks.day(w2, "Tuesday"),
            "17:00",
            "paras 118, 123",
        ),
        Milestone(
            "audits_due",
            "Multi-agency audits of the 6 children due (end of day)",
            weeks.day(w2, "Thursday"),
            None,
            "para 119",
        ),
        Milestone(
            "fieldwork_start",
            "Fieldwork starts",
            fieldwork_start(notification_date),
            None,
            "para 28",
        ),
        Milestone("fieldwork_end", "Fieldwork ends; findings fed back", end, None, "para 25"),
        Milestone(
            "draft_letter",
            "Draft letter to the partnership for factual accuracy",
            add_working_days(end, 15),
            None,
            "para 100",
        ),
        Milestone(
            "partnership_comments_due",
            "Partnership's comments on the draft letter due",
            add_working_days(end, 24),
            None,
            "para 100",
        ),
        Milestone(
            "final_letter",
            "Final letter to the partnership (under embargo)",
            final_letter,
            None,
            "para 100",
        ),
        Milestone("publication", "Letter published", publication, None, "para 100"),
        Milestone(
            "statement_of_action_due",
            "Written statement of proposed action due",
            add_working_days(final_letter, 70),
            None,
            "para 103",
        ),
        Milestone(
            "complaint_window_end",
            "Last day to complain (10 working days after publication)",
            add_working_days(publication, 10),
            None,
            "para 136",
        ),
    ]
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
    """The inspection's stretches of time, (label, first day, last day), for a Gantt-style chart."""
    weeks = inspection_weeks(notification_date)
    dates = milestone_dates(notification_date)
    friday = dt.timedelta(days=4)
    return [
        ("Week 1: lists, nominations, selection", notification_date, weeks.week_1 + friday),
        ("Week 2: case records, audits", weeks.week_2, weeks.week_2 + friday),
        ("Week 3: fieldwork", dates["fieldwork_start"].date, dates["fieldwork_end"].date),
        ("Letter: draft to publication", dates["fieldwork_end"].date, dates["publication"].date),
        # Para 136: a complaint may be made from the final letter to 10 working days after publication.
        (
            "Complaint window: final letter to 10 working days after publication",
            dates["final_letter"].date,
            dates["complaint_window_end"].date,
        ),
        ("Statement of action", dates["final_letter"].date, dates["statement_of_action_due"].date),
    ]


def milestone_table(notification_date: dt.date) -> pl.DataFrame:
    """Milestones as a table for people: day, date, time, what, guidance paragraph."""
    rows = milestones(notification_date)
    return pl.DataFrame(
        {
            "Day": [f"{m.date:%a}" for m in rows],
            "Date": [m.date for m in rows],
            "Time": [m.time or "" for m in rows],
            "Milestone": [m.title for m in rows],
            "Source": [m.source for m in rows],
        }
    )


def milestone_records(notification_date: dt.date) -> pl.DataFrame:
    """Milestones as ``timeline.csv`` holds them: milestone, title, ISO date, time, source."""
    return pl.DataFrame(
        [m.as_json() for m in milestones(notification_date)],
        schema={k: pl.String for k in ("milestone", "title", "date", "time", "source")},
        orient="row",
    )
