"""Prepared data built by hand for unit tests: each list a small frame whose figures the test works
out by hand, with no ingest or validation in between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.model.prepared import PreparedData

REFERENCE_DATE = dt.date(2026, 11, 16)  # a Monday; the six-month window runs from 16/05/2026


def prepared(
    reference_date: dt.date = REFERENCE_DATE,
    *,
    quarantined: pl.DataFrame | None = None,
    **lists: pl.DataFrame,
) -> PreparedData:
    """The valid rows of each list given (by list key) as prepared data, nothing quarantined unless given."""
    return PreparedData(
        reference_date=reference_date,
        valid=lists,
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
        **({"quarantined": quarantined} if quarantined is not None else {}),
    )


def with_sheet_rows(**columns: list) -> pl.DataFrame:  # type: ignore[type-arg]
    """A list's frame as ingest gives it: the columns given, on sheet "S" from row 2 down."""
    n = len(next(iter(columns.values())))
    return pl.DataFrame({"_sheet": ["S"] * n, "_row": list(range(2, n + 2)), **columns})


def areas_indicators(rows: list[tuple[str, str, str, float | None]]) -> pl.DataFrame:
    """A batch's table of every area's indicators, from (area, indicator, unit, value) rows."""
    return pl.DataFrame(
        [{"area": a, "indicator_id": i, "title": i, "unit": u, "value": v} for a, i, u, v in rows],
        schema={
            "area": pl.String,
            "indicator_id": pl.String,
            "title": pl.String,
            "unit": pl.String,
            "value": pl.Float64,
        },
    )


def children_rows(
    children: list[str | None],
    dates_of_birth: Mapping[str, dt.date | None],
    **columns: list,  # type: ignore[type-arg]
) -> pl.DataFrame:
    """A list's frame as ingest gives it, one row per child named (a blank ID allowed): file,
    sheet and row from 2 down, each child's date of birth from ``dates_of_birth``, then
    ``columns``."""
    count = len(children)
    return pl.DataFrame(
        {
            "_file": ["annex_a.xlsx"] * count,
            "_sheet": ["sheet"] * count,
            "_row": list(range(2, 2 + count)),
            "child_id": children,
            "date_of_birth": [dates_of_birth.get(c) if c else None for c in children],
            **columns,
        },
        schema_overrides={"date_of_birth": pl.Date},
    )


def figures_of(
    frames: dict[str, pl.DataFrame], reference_date: dt.date = REFERENCE_DATE
) -> FigureSet:
    """Every figure of hand-built lists (by list key), computed as a pack computes them."""
    return compute_figures(figure_inputs(prepared(reference_date, **frames), reference_date))
