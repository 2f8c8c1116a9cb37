"""One area beside the others of a batch run: each indicator against the areas' quartiles, and its rank.

The input is the cross-area table ``jtai batch`` writes (``areas_indicators.parquet``: one row per
area and indicator, the columns of ``indicators.csv`` plus ``area``). Only areas with a value count:
an indicator that is not available for an area is left out of the quartiles and ranks, never read
as 0. Quartiles are linear interpolations between the ordered values (numpy's default), so the
median of an even number of areas is the mean of the middle two.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

COMPARISON_COLUMNS = (
    "indicator_id",
    "title",
    "unit",
    "value",
    "areas_count",
    "lower_quartile",
    "median",
    "upper_quartile",
    "rank",
)


def compare_areas(table: pl.DataFrame) -> pl.DataFrame:
    """Each area's value of each indicator beside the quartiles of every area's value, and its rank.

    Parameters
    ----------
    table
        One row per area and indicator, with at least ``area``, ``indicator_id``, ``title``,
        ``unit`` and ``value`` (null where the indicator is not available for that area).

    Returns
    -------
    polars.DataFrame
        ``area`` and :data:`COMPARISON_COLUMNS`. ``areas_count`` is the number of areas with a value;
        ``rank`` is 1 for the highest value, tied areas share the best rank, and it is null where
        the area has no value. The quartiles are null when no area has a value.
    """
    value = pl.col("value")
    by_indicator = pl.col("indicator_id")
    return (
        table.with_columns(value.cast(pl.Float64))
        .with_columns(
            value.count().over(by_indicator).cast(pl.Int64).alias("areas_count"),
            value.quantile(0.25, "linear").over(by_indicator).alias("lower_quartile"),
            value.median().over(by_indicator).alias("median"),
            value.quantile(0.75, "linear").over(by_indicator).alias("upper_quartile"),
            value.rank("min", descending=True).over(by_indicator).cast(pl.Int64).alias("rank"),
        )
        .select("area", *COMPARISON_COLUMNS)
    )


def area_position(comparison_path: str | Path, area_name: str) -> pl.DataFrame:
    """Where one area stands among the areas of the run whose cross-area table is at ``comparison_path``.

    Parameters
    ----------
    comparison_path
        The ``areas_indicators.parquet`` of a batch run.
    area_name
        The area, as named in the batch manifest.

    Returns
    -------
    polars.DataFrame
        :data:`COMPARISON_COLUMNS`, one row per indicator in the table's order.

    Raises
    ------
    KeyError
        When the area is not in the table.
    """
    table = pl.read_parquet(comparison_path)
    compared = compare_areas(table).filter(pl.col("area") == area_name)
    if compared.is_empty():
        raise KeyError(f"{area_name!r} is not one of the areas in {comparison_path}.")
    return compared.drop("area")


def count_areas(comparison_path: str | Path) -> int:
    """How many areas the cross-area table at ``comparison_path`` holds."""
    return pl.read_parquet(comparison_path, columns=["area"])["area"].n_unique()
