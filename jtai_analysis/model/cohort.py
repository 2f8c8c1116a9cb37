"""The child-level cohort: one row per child, linked across the lists by child ID."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.common.derive import age_group_expr
from jtai_analysis.model.prepared import PreparedData

# Lists that describe children (the templates and tracker hold other things).
CHILD_LISTS = ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp")
_CHARACTERISTICS = ("date_of_birth", "sex", "ethnicity", "disability")


def children(data: PreparedData, reference_date: dt.date) -> pl.DataFrame:
    """One row per child ID in the valid rows of Lists 1-7: characteristics, age group, lists, domestic abuse.

    Characteristics take the most frequent non-blank value across a child's rows (ties: the
    smallest), so one odd row does not change a child's age group.
    """
    frames = []
    for key in CHILD_LISTS:
        frame = data.frame(key)
        if frame is None:
            continue
        columns = [c for c in _CHARACTERISTICS if c in frame.columns]
        da = pl.col("da_victim") == "Yes" if "da_victim" in frame.columns else pl.lit(False)
        frames.append(
            frame.filter(pl.col("child_id").is_not_null()).select(
                "child_id",
                *[pl.col(c).cast(pl.String) for c in columns],
                pl.lit(key).alias("list"),
                da.fill_null(False).alias("is_da"),
            )
        )
    if not frames:
        return pl.DataFrame(schema={"child_id": pl.String})
    rows = pl.concat(frames, how="diagonal_relaxed")

    def most_common(column: str) -> pl.Expr:
        return pl.col(column).drop_nulls().mode().sort().first().alias(column)

    present = [c for c in _CHARACTERISTICS if c in rows.columns]
    per_child = (
        rows.group_by("child_id")
        .agg(
            *[most_common(c) for c in present],
            pl.col("list").unique().sort().str.join(";").alias("lists"),
            pl.col("is_da").any().alias("is_da"),
        )
        .with_columns(pl.col("date_of_birth").str.to_date("%Y-%m-%d", strict=False))
        .with_columns(age_group_expr("date_of_birth", reference_date).alias("age_group"))
        .sort("child_id")
    )
    return per_child
