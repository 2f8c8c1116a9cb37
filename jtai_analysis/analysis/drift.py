"""Drift and seeing the child: open assessments by age in working days, visits to children on plans.

Working days as ``design/interfaces.md`` defines them, counted to the reference date R.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import polars as pl

from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.model.prepared import PreparedData

# Bands of working days, upper bounds included; the last band is open-ended. 45 is the statutory
# limit for an assessment (Working Together); 20 working days is about a month between visits.
_ASSESSMENT_BANDS = ((20, "Up to 20"), (45, "21 to 45"), (65, "46 to 65"), (None, "More than 65"))
_VISIT_BANDS = ((10, "Up to 10"), (20, "11 to 20"), (None, "More than 20"))


def _days_to(frame: pl.DataFrame, column: str, reference_date: dt.date) -> pl.Series:
    until = pl.Series("r", [reference_date] * frame.height, dtype=pl.Date)
    return working_days_series(frame[column], until)


def _band(days: pl.Expr, bands: tuple[tuple[int | None, str], ...]) -> pl.Expr:
    """The label of the first band whose upper bound ``days`` does not exceed."""
    expr: Any = None
    for upper, label in bands:
        if upper is None:
            expr = expr.otherwise(pl.lit(label)) if expr is not None else pl.lit(label)
        else:
            expr = (pl.when(days <= upper) if expr is None else expr.when(days <= upper)).then(
                pl.lit(label)
            )
    return cast(pl.Expr, expr)


def open_assessments(
    data: PreparedData, reference_date: dt.date, cohort: pl.DataFrame
) -> pl.DataFrame | None:
    """List 4 rows started on or before R with no authorisation: working days open, oldest first.

    None when List 4 has not arrived or lacks its dates.
    """
    frame = data.frame("assessments")
    needed = {"assessment_start_date", "assessment_authorised_date", "child_id"}
    if frame is None or not needed <= set(frame.columns):
        return None
    rows = frame.filter(
        (pl.col("assessment_start_date") <= reference_date)
        & pl.col("assessment_authorised_date").is_null()
    )
    rows = rows.with_columns(
        _days_to(rows, "assessment_start_date", reference_date).alias("Working days open")
    )
    return (
        rows.join(cohort.select("child_id", "age_group", "is_focus"), on="child_id", how="left")
        .select(
            pl.col("child_id").alias("Child"),
            pl.col("age_group")
            .cast(pl.String)
            .replace_strict(AGE_GROUP_LABELS, default="Unknown")
            .alias("Age group"),
            pl.col("is_focus")
            .fill_null(False)
            .replace_strict({True: "Yes", False: "No"})
            .alias("Focus child"),
            pl.col("assessment_start_date").alias("Started"),
            "Working days open",
        )
        .sort("Working days open", descending=True, nulls_last=True)
    )


def open_assessment_bands(open_rows: pl.DataFrame) -> pl.DataFrame:
    """Open assessments counted by working days open (bands of :data:`_ASSESSMENT_BANDS`)."""
    banded = open_rows.select(_band(pl.col("Working days open"), _ASSESSMENT_BANDS).alias("band"))
    counts = dict(banded.group_by("band").len().iter_rows())
    labels = [label for _, label in _ASSESSMENT_BANDS]
    return pl.DataFrame(
        {
            "Working days open": labels,
            "Open assessments": [int(counts.get(label, 0)) for label in labels],
        }
    )


def visits_to_children_on_plans(data: PreparedData, reference_date: dt.date) -> pl.DataFrame | None:
    """Open child protection plans by working days from the last visit to R (no date: "Not recorded")."""
    frame = data.frame("cp")
    needed = {"cpp_start_date", "cpp_end_date", "last_visit_date"}
    if frame is None or not needed <= set(frame.columns):
        return None
    plans = frame.filter(
        (pl.col("cpp_start_date") <= reference_date)
        & (pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > reference_date))
    )
    return _count_by_visit_band(
        plans,
        "last_visit_date",
        reference_date,
        ("Working days since the last visit", "Children on plans"),
    )


def _count_by_visit_band(
    rows: pl.DataFrame, date_column: str, reference_date: dt.date, headings: tuple[str, str]
) -> pl.DataFrame:
    """Rows counted by working days from ``date_column`` to R, in the visit bands, blanks apart."""
    days = _days_to(rows, date_column, reference_date)
    banded = rows.select(
        pl.when(days.is_null())
        .then(pl.lit("Not recorded"))
        .otherwise(_band(pl.lit(days), _VISIT_BANDS))
        .alias("band")
    )
    counts = dict(banded.group_by("band").len().iter_rows())
    labels = [label for _, label in _VISIT_BANDS] + ["Not recorded"]
    return pl.DataFrame(
        {headings[0]: labels, headings[1]: [int(counts.get(label, 0)) for label in labels]}
    )


def children_in_need_last_seen(data: PreparedData, reference_date: dt.date) -> pl.DataFrame | None:
    """Open List 6 episodes (no closure on or before R) by working days from "last seen" to R."""
    frame = data.frame("cin")
    if frame is None or "last_seen_date" not in frame.columns:
        return None
    # no literal predicate: polars mis-broadcasts one over large frames (see measures.py)
    episodes = (
        frame.filter(~(pl.col("cin_closure_date") <= reference_date).fill_null(False))
        if "cin_closure_date" in frame.columns
        else frame
    )
    return _count_by_visit_band(
        episodes,
        "last_seen_date",
        reference_date,
        ("Working days since last seen", "Open children in need episodes"),
    )
