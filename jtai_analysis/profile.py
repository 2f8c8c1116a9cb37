"""Overview figures for the pack: which lists have arrived, activity over time, children by age."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.annex_a import Catalogue, load_catalogue
from jtai_analysis.derive import AGE_GROUP_LABELS, AGE_GROUPS, window_start
from jtai_analysis.ingest import Submission
from jtai_analysis.timeline import milestone_dates

# Event date that places each list's rows in time.
EVENT_DATES = {
    "contacts": "contact_date",
    "referrals": "referral_date",
    "assessments": "assessment_start_date",
    "s47": "strategy_date",
}


def list_status(
    submission: Submission, notification_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame:
    """Each list the JTAI asks for: when it is due, whether it has arrived, its rows and source."""
    catalogue = catalogue or load_catalogue()
    due = milestone_dates(notification_date)
    records = []
    for contract in catalogue.in_scope():
        parts = submission.parts.get(contract.key, [])
        milestone = due.get(contract.due or "")
        due_text = (
            f"{milestone.date:%a %d/%m/%Y} {milestone.time or ''}".strip() if milestone else ""
        )
        records.append(
            {
                "List": contract.label,
                "Due": due_text,
                "Received": "Yes" if parts else "Not yet",
                "Rows": sum(p.rows_in for p in parts),
                "Cells not read": sum(p.problems.height for p in parts),
                "Source": "; ".join(
                    f"{p.file.name} › {p.sheet}" if p.sheet != p.file.name else p.file.name
                    for p in parts
                ),
            }
        )
    return pl.DataFrame(records, schema_overrides={"Rows": pl.Int64, "Cells not read": pl.Int64})


def submission_summary(submission: Submission, catalogue: Catalogue | None = None) -> pl.DataFrame:
    """A few lines for the cover: lists received, rows read, cells that could not be read."""
    catalogue = catalogue or load_catalogue()
    in_scope = catalogue.in_scope()
    received = sum(1 for c in in_scope if submission.has(c.key))
    return pl.DataFrame(
        {
            "Measure": [
                "Lists received",
                "Files read",
                "Rows read",
                "Cells that could not be read",
                "Sheets not analysed",
            ],
            "Value": [
                f"{received} of {len(in_scope)}",
                f"{len(submission.files):,}",
                f"{sum(submission.row_counts().values()):,}",
                f"{submission.problems().height:,}",
                f"{len(submission.out_of_scope) + len(submission.unrecognised):,}",
            ],
        }
    )


def missing_lists(submission: Submission, catalogue: Catalogue | None = None) -> list[str]:
    """Labels of the lists that have not arrived yet."""
    catalogue = catalogue or load_catalogue()
    return [c.label for c in catalogue.in_scope() if not submission.has(c.key)]


def weekly_activity(submission: Submission, reference_date: dt.date) -> pl.DataFrame:
    """Rows per week (weeks starting Monday) in the window, for contacts, referrals, assessments, S47s."""
    start = window_start(reference_date)
    first_monday = start - dt.timedelta(days=start.weekday())
    weeks = pl.DataFrame(
        {"Week starting": pl.date_range(first_monday, reference_date, "1w", eager=True)}
    )
    for key, column in EVENT_DATES.items():
        frame = submission.frame(key)
        label = {
            "contacts": "Contacts",
            "referrals": "Referrals",
            "assessments": "Assessments started",
            "s47": "Section 47 enquiries",
        }[key]
        if frame is None:
            continue
        counts = (
            frame.filter(pl.col(column).is_between(start, reference_date))
            .group_by(pl.col(column).dt.truncate("1w").alias("Week starting"))
            .agg(pl.len().alias(label))
        )
        weeks = weeks.join(counts, on="Week starting", how="left").with_columns(
            pl.col(label).fill_null(0)
        )
    return weeks.sort("Week starting")


def children_by_age_group(cohort: pl.DataFrame) -> pl.DataFrame:
    """Distinct children by age group: all children, and those with domestic abuse recorded."""
    if cohort.is_empty():
        return pl.DataFrame(
            {
                "Age group": [AGE_GROUP_LABELS[g] for g in AGE_GROUPS],
                "Children": 0,
                "Domestic abuse recorded": 0,
            }
        )
    counts = cohort.group_by("age_group").agg(
        pl.len().alias("Children"),
        pl.col("is_da").sum().cast(pl.Int64).alias("Domestic abuse recorded"),
    )
    groups = pl.DataFrame({"age_group": list(AGE_GROUPS)}).with_columns(
        pl.col("age_group").cast(pl.Enum(AGE_GROUPS))
    )
    return (
        groups.join(counts, on="age_group", how="left")
        .with_columns(pl.col("Children", "Domestic abuse recorded").fill_null(0).cast(pl.Int64))
        .with_columns(
            pl.col("age_group").cast(pl.String).replace_strict(AGE_GROUP_LABELS).alias("Age group")
        )
        .select("Age group", "Children", "Domestic abuse recorded")
    )


def meetings_table(
    submission: Submission, catalogue: Catalogue | None = None
) -> pl.DataFrame | None:
    """The fieldwork-week meetings the local area listed, with codes as words; None if not arrived."""
    catalogue = catalogue or load_catalogue()
    frame = submission.frame("meetings")
    if frame is None:
        return None
    types = catalogue.codelists["meeting_type"].labels()
    agencies = catalogue.codelists["agency"].labels()
    return frame.sort("meeting_date", "meeting_time", nulls_last=True).select(
        pl.col("meeting_date").dt.strftime("%a").alias("Day"),
        pl.col("meeting_date").alias("Date"),
        pl.col("meeting_time").fill_null("").alias("Time"),
        pl.col("meeting_type").replace_strict(types, default=None).alias("Meeting"),
        pl.col("child_id").fill_null("").alias("Child ID"),
        pl.col("agencies_invited")
        .str.split(";")
        .list.eval(pl.element().replace_strict(agencies, default=pl.element()))
        .list.join(", ")
        .fill_null("")
        .alias("Agencies invited"),
    )
