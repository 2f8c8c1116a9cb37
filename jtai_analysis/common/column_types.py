"""The type of each column the workbench writes in its own tables, said once.

A table's schema is the names of its columns (:func:`schema_of`); a column has the same type in
every table it stands in (``row`` is a whole number in the quarantine and in the findings alike).
"""

from __future__ import annotations

import polars as pl
from polars.datatypes import DataType

COLUMN_TYPES: dict[str, DataType] = {
    # who and where
    "child_id": pl.String(),
    "list": pl.String(),
    "sheet": pl.String(),
    "row": pl.Int64(),
    "reasons": pl.String(),
    "agency": pl.String(),
    # a child of the cohort
    "date_of_birth": pl.Date(),
    "lists": pl.String(),
    "is_da": pl.Boolean(),
    "age_group": pl.String(),
    "is_focus": pl.Boolean(),
    # a figure or indicator and its parts
    "indicator_id": pl.String(),
    "title": pl.String(),
    "group_by": pl.String(),
    "group": pl.String(),
    "value": pl.Float64(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
    "unit": pl.String(),
    "national_value": pl.Float64(),
    "national_period": pl.String(),
    "national_derived": pl.Boolean(),
    "national_out_of_period": pl.String(),
    "ec": pl.String(),
    "note": pl.String(),
    # validation findings, counted
    "rule": pl.String(),
    "severity": pl.String(),
    "rows": pl.Int64(),
    "findings": pl.Int64(),
    "problems": pl.String(),
    # the week 2 tracker
    "week2_item": pl.String(),
    "due_date": pl.Date(),
    "done_date": pl.Date(),
    "status": pl.String(),
    "paragraph": pl.Int64(),
}


def schema_of(*columns: str) -> dict[str, DataType]:
    """The schema of a table with ``columns``, in that order, each of its type in :data:`COLUMN_TYPES`.

    Raises
    ------
    KeyError
        A column without a type (add it to :data:`COLUMN_TYPES`).
    """
    return {column: COLUMN_TYPES[column] for column in columns}
