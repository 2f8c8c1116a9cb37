"""The front door section's table of focus children beside the other under-8s shows the difference
the figure records (issue 20), and computes none: the focus and other-under-8s cells open their
figures' rows as before.

Counts as in ``tests/unit/analysis/test_front_door_difference.py``: contacts followed by a referral
within 30 days, focus children 12 of 20 and the other under-8s 30 of 100; by hand (Newcombe 1998,
method 10) 30.0 points, 95% interval 6.60 to 49.85 points.
"""

from __future__ import annotations

import polars as pl

from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.presentation import front_door_section as section
from jtai_analysis.presentation.figure_html import Cell, figure_table
from tests.unit.hand_built import conversion_children, figures_of

FIGURE = "contact_to_referral_30d_pct"
FOCUS, OTHERS = "focus=Yes", "focus=No_under8"


def _row(figures: FigureSet) -> list[object]:
    _, rows = section.fair_conversion_rows(figures)
    return next(r for r in rows if isinstance(r[1], Cell) and r[1].figure_id == FIGURE)


def test_the_table_shows_the_recorded_difference_and_opens_both_groups() -> None:
    figures = figures_of(conversion_children(20, 12, 100, 30))
    row = _row(figures)
    assert row[1] == Cell(FIGURE, FOCUS) and row[2] == Cell(FIGURE, OTHERS)
    assert row[3] == "+30.0 points (+6.6 to +49.8)"
    headings, rows = section.fair_conversion_rows(figures)
    page = figure_table(figures, headings, rows, "caption")
    assert f'data-figure="{FIGURE}" data-group="{FOCUS}"' in page
    assert f'data-figure="{FIGURE}" data-group="{OTHERS}"' in page
    assert "+30.0 points (+6.6 to +49.8)" in page


def test_the_table_shows_what_the_figure_records_not_its_own_sum() -> None:
    # a figure whose recorded difference differs from its counts: the table shows the record
    figures = figures_of(conversion_children(20, 12, 100, 30))
    changed = figures.figures.with_columns(
        pl.when(pl.col("group") == FOCUS)
        .then(pl.lit(-1.5))
        .otherwise(pl.col("difference"))
        .alias("difference")
    )
    shown = FigureSet(figures.reference_date, changed, figures.rows, figures.row_tables)
    assert _row(shown)[3].startswith("-1.5 points")


def test_no_difference_reads_not_available_never_zero() -> None:
    figures = figures_of(conversion_children(20, 12, 0, 0))
    assert _row(figures)[3] == "Not available"
    record = section.section_record(figures)
    assert record["differences"][FIGURE] is None


def test_the_section_record_keeps_the_recorded_difference() -> None:
    figures = figures_of(conversion_children(20, 12, 100, 30))
    low, high = section.section_record(figures)["differences"][FIGURE][1:]
    assert round(low, 2) == 6.60 and round(high, 2) == 49.85
