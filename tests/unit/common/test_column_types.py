"""A table's schema from its column names, each column typed once."""

from __future__ import annotations

import polars as pl
import pytest

from jtai_analysis.common.column_types import schema_of


def test_a_schema_keeps_the_order_asked_and_each_columns_type() -> None:
    assert schema_of("row", "child_id", "due_date") == {
        "row": pl.Int64(),
        "child_id": pl.String(),
        "due_date": pl.Date(),
    }


def test_an_empty_frame_of_the_schema_has_those_columns() -> None:
    frame = pl.DataFrame(schema=schema_of("list", "numerator", "value"))
    assert frame.columns == ["list", "numerator", "value"]
    assert frame.dtypes == [pl.String, pl.Int64, pl.Float64]


def test_a_column_without_a_type_is_refused() -> None:
    with pytest.raises(KeyError, match="no_such_column"):
        schema_of("child_id", "no_such_column")
