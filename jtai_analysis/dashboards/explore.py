"""What the explorer shows, as plain functions: filter the cohort, follow one child across the lists.

The explorer (``explorer.py``, ``follower.py``) only calls these. Every child's events are gathered
once into one long table, so following a child or refiltering is a filter on prepared frames: well
under 100 ms even for the largest areas (``benchmarks/bench_explorer.py``).
"""

from __future__ import annotations

import polars as pl

from jtai_analysis.catalogue.events import load_events
from jtai_analysis.catalogue.labels import headings
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import AGE_GROUPS
from jtai_analysis.dashboards.words import detail_words
from jtai_analysis.model.prepared import PreparedData

# Detail worth showing beside an event, by list (in words: ``words.detail_words``).
DETAIL_COLUMNS = {
    "contacts": ["contact_source"],
    "referrals": ["referral_source", "referral_nfa"],
    "assessments": ["da_victim", "needs_csc_support"],
    "s47": ["icpc_resulted_in_cpp"],
    "cin": ["case_status", "primary_need", "da_victim"],
    "cp": ["initial_abuse_category", "latest_abuse_category"],
}
LIST_LABELS = {
    "contacts": "List 1",
    "early_help": "List 2",
    "referrals": "List 3",
    "assessments": "List 4",
    "s47": "List 5",
    "cin": "List 6",
    "cp": "List 7",
}


def all_events(data: PreparedData) -> pl.DataFrame:
    """Every dated event of every child in the valid rows: child, date, list, event, detail, row."""
    catalogue = load_catalogue()
    frames = []
    # every dated event the lists record (catalogue/events.yml)
    for list_key, column, event in ((e.list_key, e.column, e.event) for e in load_events()):
        frame = data.frame(list_key)
        if frame is None or column not in frame.columns:
            continue
        details = [c for c in DETAIL_COLUMNS.get(list_key, []) if c in frame.columns]
        detail = detail_words(catalogue, list_key, details) if details else pl.lit("")
        frames.append(
            frame.filter(pl.col(column).is_not_null() & pl.col("child_id").is_not_null()).select(
                pl.col("child_id"),
                pl.col(column).alias("date"),
                pl.lit(LIST_LABELS[list_key]).alias("list"),
                pl.lit(event).alias("event"),
                detail.fill_null("").alias("detail"),
                pl.col("_sheet").alias("sheet"),
                pl.col("_row").alias("row"),
            )
        )
    schema = {
        "child_id": pl.String,
        "date": pl.Date,
        "list": pl.String,
        "event": pl.String,
        "detail": pl.String,
        "sheet": pl.String,
        "row": pl.Int64,
    }
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames).sort("child_id", "date", "list")


def events_for(events: pl.DataFrame, child_id: str) -> pl.DataFrame:
    """One child's journey across the lists, oldest first."""
    return (
        events.filter(pl.col("child_id") == child_id.strip()).drop("child_id").sort("date", "list")
    )


def filter_cohort(
    cohort: pl.DataFrame,
    *,
    age_groups: tuple[str, ...] = (),
    lists: tuple[str, ...] = (),
    sexes: tuple[str, ...] = (),
    is_da_only: bool = False,
) -> pl.DataFrame:
    """Children matching every filter given (an empty filter lets everyone through)."""
    condition = pl.lit(True)
    if age_groups:
        condition &= pl.col("age_group").cast(pl.String).is_in(list(age_groups))
    if lists:
        condition &= pl.any_horizontal(
            [pl.col("lists").str.contains(rf"(^|;){key}(;|$)") for key in lists]
        )
    if sexes:
        condition &= pl.col("sex").is_in(list(sexes))
    if is_da_only:
        condition &= pl.col("is_da")
    return cohort.filter(condition)


def summarise(children: pl.DataFrame) -> pl.DataFrame:
    """Counts of the filtered children by age group and domestic abuse flag."""
    heading = headings("cohort_summary")
    age_group = heading["age_group"]
    return (
        children.group_by(
            pl.col("age_group").cast(pl.String).cast(pl.Enum(AGE_GROUPS)).alias(age_group)
        )
        .agg(
            pl.len().cast(pl.Int64).alias(heading["children"]),
            pl.col("is_da").sum().cast(pl.Int64).alias(heading["is_da"]),
        )
        .sort(age_group)  # youngest first
        .with_columns(pl.col(age_group).cast(pl.String))
    )
