"""Areas compared: quartiles, median and ranks worked out by hand; one area beside the others."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.analysis.area_comparison import area_position, compare_areas
from tests.unit.hand_built import areas_indicators


def _table(values: dict[str, list[float | None]]) -> pl.DataFrame:
    """Areas A to E, one percentage indicator per key, values in that order."""
    areas = ["A", "B", "C", "D", "E"]
    return areas_indicators(
        [
            (area, key, "pct", value)
            for key, column in values.items()
            for area, value in zip(areas, column, strict=True)
        ]
    )


def test_comparison_quartiles_and_ranks_by_hand(tmp_path: Path) -> None:
    # x: four areas with a value, E not available. Sorted 10, 20, 30, 40 at positions 0..3:
    # lower quartile at 0.75 -> 17.5, median 25, upper quartile at 2.25 -> 32.5.
    # y: ties share the best rank; 5, 5, 3, 1 -> ranks 1, 1, 3, 4 (D not available).
    table = _table({"x": [10, 20, 30, 40, None], "y": [5, 5, 3, None, 1]})
    compared = compare_areas(table).sort("indicator_id", "area")
    x = compared.filter(pl.col("indicator_id") == "x")
    assert x["areas_count"].to_list() == [4] * 5
    assert x["lower_quartile"].to_list() == [17.5] * 5
    assert x["median"].to_list() == [25.0] * 5
    assert x["upper_quartile"].to_list() == [32.5] * 5
    assert x["rank"].to_list() == [4, 3, 2, 1, None]
    y = compared.filter(pl.col("indicator_id") == "y")
    assert y["rank"].to_list() == [1, 1, 3, None, 4]
    assert y["median"].to_list() == [4.0] * 5  # 1, 3, 5, 5 -> (3 + 5) / 2

    path = tmp_path / "areas.parquet"
    table.write_parquet(path)
    position = area_position(path, "E")
    assert position["indicator_id"].to_list() == ["x", "y"]
    assert position["value"].to_list() == [None, 1.0]
    assert position["rank"].to_list() == [None, 4]
    with pytest.raises(KeyError, match="'F' is not one of the areas"):
        area_position(path, "F")
