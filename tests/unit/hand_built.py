"""Prepared data built by hand for unit tests: each list a small frame whose figures the test works
out by hand, with no ingest or validation in between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.catalogue.codes import NO, YES
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


YOUNG = dt.date(2024, 1, 1)  # 2 at the reference date: a focus age


def conversion_children(
    focus: int, focus_referred: int, others: int, others_referred: int
) -> dict[str, pl.DataFrame]:
    """Lists 1, 3 and 4 for the front door's conversions: focus children F1..Fn (List 4 domestic
    abuse Yes) and other under-8s O1..On (No), all born 1 January 2024 (2 at the reference date),
    each with one contact on 1 June 2026 and an assessment on 1 July 2026; the first
    ``*_referred`` of each have a referral on 10 June 2026, 9 days after the contact."""
    focus_ids = [f"F{i}" for i in range(1, focus + 1)]
    other_ids = [f"O{i}" for i in range(1, others + 1)]
    everyone = focus_ids + other_ids
    dob = dict.fromkeys(everyone, YOUNG)
    referred = focus_ids[:focus_referred] + other_ids[:others_referred]
    return {
        "contacts": children_rows(
            everyone,
            dob,
            contact_date=[dt.date(2026, 6, 1)] * len(everyone),
            contact_source=["6"] * len(everyone),
        ),
        "referrals": children_rows(
            referred,
            dob,
            referral_date=[dt.date(2026, 6, 10)] * len(referred),
            referral_source=["6"] * len(referred),
        ),
        "assessments": children_rows(
            everyone,
            dob,
            assessment_start_date=[dt.date(2026, 7, 1)] * len(everyone),
            da_victim=[YES] * focus + [NO] * others,
        ),
    }


def figure_row(
    figure_id: str,
    group: str,
    value: float | None,
    numerator: int | None = None,
    denominator: int | None = None,
    unit: str = "count",
    **others: object,
) -> dict[str, object]:
    """One row of ``figures.csv`` written by hand (a figure set's row, every column present):
    available, with no note and no comparator unless ``others`` says otherwise."""
    from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA

    row: dict[str, object] = dict.fromkeys(FIGURE_SCHEMA)
    row |= {"available": True, "note": "", "is_empty": False}
    row |= {
        "figure_id": figure_id,
        "group": group,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "unit": unit,
    }
    unknown = set(others) - set(FIGURE_SCHEMA)
    assert not unknown, f"not a column of figures.csv: {unknown}"
    return row | others
