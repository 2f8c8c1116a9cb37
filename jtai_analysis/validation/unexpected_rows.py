"""The rows an expectation finds unexpected, computed in polars with Great Expectations' semantics.

Great Expectations stays the judge: its quick pass (``BOOLEAN_ONLY``) says which expectations fail.
Naming every failing row with GX's ``COMPLETE`` results costs a second pass as long as the first
(measured on the dirty `large` submission: 1.4 s of 2.8 s), while the same predicate in polars
costs milliseconds. So the rows of a failing expectation come from here, and GX's own answer checks
them: an expectation GX fails must have at least one row here and one GX passes must have none
(see :func:`agrees_with_gx`); where they disagree, or the expectation type is not one of those
below, the caller asks GX for the rows instead.

Semantics mirrored from GX 1.x (pandas execution engine): column map expectations ignore missing
values (null, and NaN in float columns, as pandas treats them), except the two null expectations;
bounds are inclusive; the pair expectation here always carries ``ignore_row_if:
either_value_is_missing``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from jtai_analysis.validation.rules import ROW_ID


def _present(column: str, frame: pl.DataFrame) -> pl.Expr:
    expression = pl.col(column).is_not_null()
    if frame.schema[column].is_float():
        expression = expression & pl.col(column).is_not_nan()
    return expression


def _bound(value: Any, parameters: dict[str, str], dtype: pl.DataType) -> Any:
    """A bound as GX reads it: a literal, or ``{"$PARAMETER": name}`` resolved from the run's parameters."""
    if isinstance(value, dict) and "$PARAMETER" in value:
        value = parameters[value["$PARAMETER"]]
    if dtype.is_temporal() and isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
        return moment.date() if dtype == pl.Date else moment
    return value


def unexpected_predicate(
    expectation: dict[str, Any], frame: pl.DataFrame, parameters: dict[str, str]
) -> pl.Expr | None:
    """The polars predicate for "this row is unexpected", or None for an expectation type not mirrored."""
    kind, kwargs = expectation["type"], expectation["kwargs"]
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        if kwargs.get("ignore_row_if") != "either_value_is_missing":
            return None
        a, b = kwargs["column_A"], kwargs["column_B"]
        both = _present(a, frame) & _present(b, frame)
        ordered = pl.col(a) >= pl.col(b) if kwargs.get("or_equal") else pl.col(a) > pl.col(b)
        return both & ~ordered
    column = kwargs.get("column")
    if column is None or column not in frame.columns or "mostly" in kwargs:
        return None
    present = _present(column, frame)
    if kind == "expect_column_values_to_be_null":
        return present
    if kind == "expect_column_values_to_not_be_null":
        return ~present
    if kind == "expect_column_values_to_be_in_set":
        return present & ~pl.col(column).is_in(list(kwargs["value_set"]))
    if kind == "expect_column_values_to_be_between":
        if kwargs.get("strict_min") or kwargs.get("strict_max"):
            return None
        outside = pl.lit(False)
        dtype = frame.schema[column]
        if kwargs.get("min_value") is not None:
            outside = outside | (pl.col(column) < _bound(kwargs["min_value"], parameters, dtype))
        if kwargs.get("max_value") is not None:
            outside = outside | (pl.col(column) > _bound(kwargs["max_value"], parameters, dtype))
        return present & outside
    return None


def unexpected_row_ids(
    expectation: dict[str, Any], frame: pl.DataFrame, parameters: dict[str, str]
) -> list[int] | None:
    """Row ids (``_row_id``) the expectation finds unexpected, in row order; None when not mirrored."""
    predicate = unexpected_predicate(expectation, frame, parameters)
    if predicate is None:
        return None
    return frame.filter(predicate.fill_null(False))[ROW_ID].to_list()


def agrees_with_gx(gx_success: bool, row_ids: list[int]) -> bool:
    """GX's verdict and the rows found here tell the same story (fails exactly when a row is unexpected)."""
    return gx_success == (not row_ids)
