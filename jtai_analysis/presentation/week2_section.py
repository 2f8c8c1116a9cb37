"""Week 2 for the 6 and the fieldwork-week meetings, from the run's sample (chosen once)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.catalogue.codes import YES, ListKey
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.inspection.week2_tracker import multi_agency_discussions
from jtai_analysis.presentation.prepared_run import PreparedRun
from jtai_analysis.presentation.tables import show_note, show_table
from jtai_analysis.sampling import exports
from jtai_analysis.sampling.sample_labels import group_standing, sample_note


def week2_tables(
    run: PreparedRun, judged_on: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame | None] | None:
    """The week 2 status of the 6 and the meetings linked to the sample; None (and why, shown)
    when there is no 6."""
    if run.sample is None:
        show_note(
            f"No 6 chosen, so nothing to follow through week 2: {run.sample_note}", kind="warning"
        )
        return None
    show_note(sample_note(run.sample))
    return exports.week2_tables(
        run.data, run.sample, run.reference_date, run.notification_date, judged_on, run.cohort
    )


def show_week2_status(
    run: PreparedRun, status: pl.DataFrame, judged_on: dt.date
) -> dict[str, object]:
    """Items for the 6 by status and one row per child, agency and item, and the multi-agency
    discussions of para 120; returns what a test or scheduled run reads (counts by status,
    ``multi_agency_discussions``, ``six_standing``)."""
    if not run.data.has(ListKey.WEEK2_TRACKER):
        show_note(
            "The week 2 tracker has not arrived: an item past its due date is shown as not "
            "known, not overdue, since nothing yet says whether it was shared."
        )
    by_status = headings("week2_by_status")
    summary = status.group_by("status").agg(pl.len().alias(by_status["items"])).sort("status")
    show_table(
        summary.rename({"status": by_status["status"]}),
        caption("week2_by_status", judged_on=f"{judged_on:%d %B %Y}"),
        max_rows=None,
    )
    show_table(status.rename(headings("week2_status")), caption("week2_status"), max_rows=None)
    discussions = multi_agency_discussions(
        status, run.data.has(ListKey.WEEK2_TRACKER), run.notification_date, judged_on
    )
    show_note(discussions.message)
    return {
        "week2_status": dict(summary.iter_rows()),
        "multi_agency_discussions": discussions.status,
        "six_standing": group_standing(run.sample.six) if run.sample is not None else None,
    }


def show_meeting_links(run: PreparedRun, links: pl.DataFrame | None) -> int | None:
    """The fieldwork-week meetings, each child flagged; returns how many have something to check."""
    if links is None:
        show_note("The list of fieldwork-week meetings has not arrived (due Thursday of week 1).")
        return None
    with_child = links.filter(pl.col("child_id").is_not_null())
    show_note(
        f"{with_child.height} of {links.height} meetings name a child; "
        f"{with_child.filter(pl.col('in_6') == YES).height} concern a child in the 6 and "
        f"{with_child.filter(pl.col('in_20') == YES).height} a child in the 20. "
        + (
            "Whether a child is on a plan is not available: List 7 has not arrived."
            if not run.data.has(ListKey.CP)
            else "Plans are as List 7 shows them at the meeting date."
        )
    )
    show_table(links.rename(headings("meeting_links")), caption("meeting_links"), max_rows=None)
    return links.filter(pl.col("issue").is_not_null()).height
