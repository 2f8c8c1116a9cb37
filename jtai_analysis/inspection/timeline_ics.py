"""The inspection timeline as an iCalendar file that Outlook and other calendars import."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from jtai_analysis.inspection.timeline import Milestone

LONDON = ZoneInfo("Europe/London")
_DEADLINE_MINUTES = 30  # timed milestones are deadlines; a short event marks the moment


def milestones_to_ics(rows: list[Milestone], notification_date: dt.date) -> bytes:
    """One event per milestone: timed ones at their UK local time, the rest as all-day events.

    UIDs and timestamps derive from the notification date, so the same inspection always gives
    the same file and re-importing updates events instead of duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//JTAI workbench//Inspection timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"JTAI timeline (notified {notification_date:%d/%m/%Y})")
    stamp = dt.datetime.combine(notification_date, dt.time(0, 0), tzinfo=dt.UTC)
    for row in rows:
        event = Event()
        event.add("uid", f"{row.milestone}-{notification_date.isoformat()}@jtai-workbench")
        event.add("dtstamp", stamp)
        event.add("summary", f"JTAI: {row.title}")
        event.add("description", f"{row.title}. Source: inspection guidance {row.source}.")
        event.add("categories", ["JTAI"])
        if row.time:
            hour, minute = (int(part) for part in row.time.split(":"))
            start = dt.datetime.combine(row.date, dt.time(hour, minute), tzinfo=LONDON)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=_DEADLINE_MINUTES))
        else:
            event.add("dtstart", row.date)
            event.add("dtend", row.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
