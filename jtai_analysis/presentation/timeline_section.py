"""The timeline section's lists: the fieldwork-week meetings and the information-request tracker."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis.cohort_profile import meetings_table
from jtai_analysis.catalogue.codes import ListKey
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.inspection import request_tracker
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.presentation.tables import show_note, show_table


def show_meetings(data: PreparedData) -> int | None:
    """The meetings the local area listed for the fieldwork week; returns how many (None when the
    list has not arrived, and the note says so)."""
    meetings = meetings_table(data)
    if meetings is None:
        show_note("The list of fieldwork-week meetings has not arrived yet.", kind="warning")
        return None
    show_table(meetings, caption("meetings"), max_rows=None)
    return meetings.height


def show_requests(
    data: PreparedData, notification_date: dt.date, now: dt.datetime
) -> dict[str, int]:
    """Items 1.1 to 5.9 by agency and status, and those not received; returns items by status."""
    status, messages = request_tracker.tracker_status(
        data.frame(ListKey.REQUESTS), notification_date, now
    )
    if not data.has(ListKey.REQUESTS):
        show_note(
            "No tracker has arrived yet: every item is shown as not received.", kind="warning"
        )
    for message in messages:
        show_note(message.message, kind="warning")
    by_agency = request_tracker.status_by_agency(status)
    show_table(
        by_agency, caption("requests_by_agency", as_of=f"{now:%d/%m/%Y %H:%M}"), max_rows=None
    )
    column = headings("request_tracker")["status"]
    received = request_tracker.statuses()["received"]
    show_table(
        status.filter(pl.col(column) != received), caption("requests_not_received"), max_rows=None
    )
    return dict(status.group_by(column).len().iter_rows())
