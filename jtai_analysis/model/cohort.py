"""The child-level cohort: one row per child, linked across the lists by child ID.

One child, one age: a child's date of birth is resolved here, once, from all their valid rows in
Lists 1-7, and every output takes the child's age group from this table. Children whose rows give
different dates of birth are reported by :func:`date_of_birth_conflicts`.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.theme import Theme, load_theme
from jtai_analysis.common.column_types import schema_of
from jtai_analysis.common.derive import age_group_expr
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.validation.child_details import one_value

# Lists that describe children (the templates and tracker hold other things).
CHILD_LISTS = ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp")
_CHARACTERISTICS = ("date_of_birth", "sex", "ethnicity", "disability")


def _child_rows(data: PreparedData, theme: Theme | None = None) -> pl.DataFrame | None:
    """Every valid row of Lists 1-7 with a child ID: characteristics as text, its list, the flag."""
    flag = (theme or load_theme()).flag
    frames = []
    for key in CHILD_LISTS:
        frame = data.frame(key)
        if frame is None or "child_id" not in frame.columns:
            continue
        columns = [c for c in _CHARACTERISTICS if c in frame.columns]
        is_flag_list = key in flag.lists
        da = (
            pl.col(flag.column) == YES
            if is_flag_list and flag.column in frame.columns
            else pl.lit(False)
        )
        frames.append(
            frame.filter(pl.col("child_id").is_not_null()).select(
                pl.col("child_id").cast(pl.String),
                *[pl.col(c).cast(pl.String) for c in columns],
                pl.lit(key).alias("list"),
                da.fill_null(False).alias("is_da"),
                pl.lit(is_flag_list).alias("is_da_list"),
            )
        )
    if not frames:
        return None
    return pl.concat(frames, how="diagonal_relaxed")


def children(
    data: PreparedData, reference_date: dt.date, theme: Theme | None = None
) -> pl.DataFrame:
    """One row per child ID in the valid rows of Lists 1-7.

    Parameters
    ----------
    data
        The prepared (valid) rows per list.
    reference_date
        R: ages and age groups are taken at this date.
    theme
        Who is flagged and who is a focus child (``data_contracts/themes``); default this
        workbench's theme.

    Returns
    -------
    polars.DataFrame
        ``child_id``, ``date_of_birth`` (date), ``sex``, ``ethnicity``, ``disability``, ``lists``
        (list keys joined by ``;``), ``is_da`` (the theme's flag, domestic abuse = Yes, on any
        List 4 or 6 row), ``age_group`` (enum) and ``is_focus`` (a focus child, interfaces.md
        Definitions). ``is_da`` is False where the flag cannot be read: whether it can is the
        figures model's to say (:mod:`jtai_analysis.analysis.figures.availability`).
        Characteristics take the most frequent non-blank value across a child's rows (ties: the
        smallest), so one odd row does not change a child's age group.
    """
    theme = theme or load_theme()
    rows = _child_rows(data, theme)
    if rows is None:  # no list of children yet: the cohort's columns, empty
        return pl.DataFrame(
            schema=schema_of("child_id", "date_of_birth", "lists", "is_da", "age_group", "is_focus")
        )

    present = [c for c in _CHARACTERISTICS if c in rows.columns]
    per_child = rows.group_by("child_id").agg(
        *[one_value(c) for c in present],  # the rule the child-details findings state
        pl.col("list").unique().sort().str.join(";").alias("lists"),
        pl.col("is_da").any().alias("is_da"),
    )
    if "date_of_birth" not in per_child.columns:
        per_child = per_child.with_columns(pl.lit(None, dtype=pl.String).alias("date_of_birth"))
    return (
        per_child.with_columns(pl.col("date_of_birth").str.to_date("%Y-%m-%d", strict=False))
        .with_columns(age_group_expr("date_of_birth", reference_date).alias("age_group"))
        .with_columns(
            (
                pl.col("is_da")
                & pl.col("age_group").cast(pl.String).is_in(list(theme.focus.age_groups))
            ).alias("is_focus")
        )
        .sort("child_id")
    )


def date_of_birth_conflicts(data: PreparedData) -> pl.DataFrame:
    """Children whose valid rows give more than one date of birth, and the date the cohort uses.

    Returns
    -------
    polars.DataFrame
        ``child_id``, ``dates_of_birth`` (every date seen, ``;``-joined), ``lists`` (where they
        were seen) and ``date_used`` (the most frequent, ties the earliest), one row per child.
    """
    schema = {
        "child_id": pl.String,
        "dates_of_birth": pl.String,
        "lists": pl.String,
        "date_used": pl.String,
    }
    rows = _child_rows(data)
    if rows is None or "date_of_birth" not in rows.columns:
        return pl.DataFrame(schema=schema)
    return (
        rows.filter(pl.col("date_of_birth").is_not_null())
        .group_by("child_id")
        .agg(
            pl.col("date_of_birth").n_unique().alias("distinct"),
            pl.col("date_of_birth").unique().sort().str.join("; ").alias("dates_of_birth"),
            pl.col("list").unique().sort().str.join("; ").alias("lists"),
            pl.col("date_of_birth").mode().sort().first().alias("date_used"),
        )
        .filter(pl.col("distinct") > 1)
        .select(list(schema))
        .sort("child_id")
    )
