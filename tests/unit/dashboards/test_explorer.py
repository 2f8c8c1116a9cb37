"""The explorer's grid (``dashboards.explorer``): words, UK dates sorted as dates, no type row."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.dashboards.explorer import children_grid, grid_columns, grid_frame

D = dt.date


def _children() -> pl.DataFrame:
    """Two children as ``cohort_view.cohort_table`` gives them (the codes filters use)."""
    return pl.DataFrame(
        {
            "child_id": ["1002", "1001"],
            "age_group": ["under_2", "8_plus"],
            "sex": ["F", None],
            "ethnicity": ["WBRI", "BAFR"],
            "ethnic_group": ["White", "Black"],
            "disability": ["No", "Yes"],
            "is_da": [True, False],
            "lists": [["contacts", "cp"], ["contacts"]],
            "status": ["cp_open", "none"],
            "nomination_lists": [["A"], []],
            "is_in_20": [True, False],
            "is_in_6": [False, False],
            "first_event_date": [D(2025, 12, 1), D(2026, 5, 3)],
            "last_event_date": [D(2026, 10, 2), None],
        }
    )


def test_the_grid_shows_dates_as_uk_readers_read_them_beside_copies_it_sorts_by() -> None:
    frame = grid_frame(_children())
    first = frame.row(0, named=True)
    assert first["First event"] == "01/12/2025" and first["Last event"] == "02/10/2026"
    assert first["First event (sorted by)"] == "2025-12-01"
    assert frame.row(1, named=True)["Last event"] is None  # no event: blank, not a made-up date
    assert first["Sex"] == "Female" and first["Ethnicity"] == "White British"
    # Sorted as words, 02/10/2026 would come before 03/05/2026: each date column is sorted by its
    # hidden ISO copy instead, and the copies are left out of the search.
    columns = list(frame.columns)
    assert grid_columns(frame) == [
        {"targets": [0], "type": "string"},
        {"targets": [columns.index("First event (sorted by)")], "visible": False, "searchable": False},
        {"targets": [columns.index("First event")], "orderData": [columns.index("First event (sorted by)")]},
        {"targets": [columns.index("Last event (sorted by)")], "visible": False, "searchable": False},
        {"targets": [columns.index("Last event")], "orderData": [columns.index("Last event (sorted by)")]},
    ]  # fmt: skip


def test_the_grid_has_no_row_of_data_types_under_its_headers_even_once_redrawn() -> None:
    grid = children_grid(grid_frame(_children()))
    assert "itables-dtype" not in grid._dt_args["table_html"]
    assert "First event" in grid._dt_args["table_html"]
    grid.update(grid_frame(_children().head(1)))  # a filter changed: new rows
    # itables' own update forgets both options unless they are given again
    assert "itables-dtype" not in grid._dt_args["table_html"]
    assert grid._dt_args["columnDefs"] == grid_columns(grid_frame(_children()))
