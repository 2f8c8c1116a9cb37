"""The explorer's grid (``dashboards.explorer``): words, UK dates sorted as dates, no type row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from jtai_analysis.dashboards import cohort_view, follow
from jtai_analysis.dashboards.explorer import children_grid, grid_columns, grid_frame
from tests import as_written

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


def test_a_list_not_received_is_not_counted_as_0(tuesday_lists: Path) -> None:
    """Before Thursday only Lists 4, 6 and 7 exist: the other lists' bars say "not received"."""
    from jtai_analysis.dashboards.explorer import cohort_explorer
    from jtai_analysis.dashboards.workspace import open_workspace
    from jtai_analysis.presentation.notebook_context import load_context

    tuesday = tuesday_lists
    context = load_context("Test Area", "2026-11-16", "", [str(tuesday)], "", 0)
    space = open_workspace(context)
    cohort = cohort_explorer(space)
    # a live explorer carries the style that hides the note shown when the kernel is gone
    assert any(
        ".jtai-rerun-note{display:none" in str(getattr(c, "value", "")) for c in cohort.children
    )
    bars = dict(zip(cohort.figure.data[2].x, cohort.figure.data[2].y, strict=True))
    assert bars["List 1 (not received)"] is None and bars["List 5 (not received)"] is None
    # the lists received: each bar counts the children in that file (read here as written)
    for key, bar in (("assessments", "List 4"), ("cin", "List 6"), ("cp", "List 7")):
        assert bars[bar] == len(set(as_written.column(tuesday, key, "child_id")) - {None}) > 0
    assert "List 4 (not received)" not in bars
    assert (
        "Not available: List 1 Contacts has not arrived. List 2 Early help has not arrived."
        in cohort.readings["lists"].value
    )
    assert (
        "Not available: List 1 Contacts has not arrived. List 3 Referrals has not arrived."
        in cohort.readings["sources"].value
    )
    assert cohort.choices["lists"].boxes["contacts"].description == "List 1 (not received)"
    reasons = cohort_view.not_available(context.data)
    assert "List 1, List 2, List 3, List 5" in reasons["lists"]
    assert "neither List 1" in reasons["sources"]


def test_domestic_abuse_not_in_the_lists_is_not_available_never_0(tmp_path: Path) -> None:
    """A standard Annex A has no JTAI domestic abuse field: no bar, filter or profile says 0 or No."""
    from jtai_analysis.dashboards.explorer import cohort_explorer
    from jtai_analysis.dashboards.workspace import open_workspace
    from jtai_analysis.presentation.notebook_context import load_context
    from jtai_analysis.synth import write_submission

    write_submission(tmp_path / "data", size="small", seed=7, is_standard=True)
    context = load_context("Standard", "2026-11-16", "", [str(tmp_path / "data")], "", 0)
    space = open_workspace(context)
    cohort = cohort_explorer(space)
    assert list(cohort.figure.data[1].y) == [None, None]  # neither "recorded" nor "not recorded"
    reading = cohort.readings["domestic_abuse"].value
    assert "Not available: the domestic abuse field" in reading and "largest bar" not in reading
    assert all(
        "(not available)" in b.description for b in cohort.choices["domestic_abuse"].boxes.values()
    )
    assert set(space.table["is_da"].to_list()) == {None}
    readers = cohort_view.for_readers(space.table)
    assert set(readers["Domestic abuse recorded"].to_list()) == {"Not available"}
    child = space.table["child_id"][0]
    assert "domestic abuse not available" in follow.profile_line(space.table, child)
    # the other charts are still counted: the age groups add up to the children of Lists 1-7
    child_lists = ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp")
    data = tmp_path / "data"
    children = {i for key in child_lists for i in as_written.column(data, key, "child_id")}
    assert sum(y for y in cohort.figure.data[0].y if y) == len(children - {None})
