"""The pack's indicator table heads the under-8s not in full-time education by the children aged
5 to 7 (issue 25): under 25 hours a week is normal for a child under 5, as the pack itself says."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA, ROWS_SCHEMA
from jtai_analysis.presentation.figure_html import Cell
from jtai_analysis.presentation.figure_sections import indicator_rows
from tests.unit.hand_built import figure_row


def _row(group: str, value: int) -> dict:
    return figure_row("not_in_fte_under25h", group, float(value), value)


def test_the_headline_counts_the_children_aged_5_to_7() -> None:
    # 40 children in the report under 25 hours: 34 under 5 (normal), 6 aged 5 to 7
    figures = FigureSet(
        reference_date=dt.date(2026, 11, 16),
        figures=pl.DataFrame(
            [_row("all", 40), _row("age_band=under_5", 34), _row("age_band=5_to_7", 6)],
            schema=FIGURE_SCHEMA,
        ),
        rows=pl.DataFrame(schema=ROWS_SCHEMA),
    )
    _, rows = indicator_rows(figures)
    row = next(
        r for r in rows if isinstance(r[1], Cell) and r[1].figure_id == "not_in_fte_under25h"
    )
    assert row[1] == Cell("not_in_fte_under25h", "age_band=5_to_7", "value")
    assert str(row[0]).startswith("Children aged 5 to 7") and "under-5s" in str(row[0])
