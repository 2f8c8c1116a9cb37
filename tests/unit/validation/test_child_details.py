"""One child's details across rows (issue 21, item 3): small frames written by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.validation.child_details import (
    children_with_conflicts,
    conflict_message,
    find_conflicts,
)


def _rows(sheet: str, rows: list[tuple]) -> pl.DataFrame:  # type: ignore[type-arg]
    return pl.DataFrame(
        rows,
        schema={
            "child_id": pl.String,
            "sex": pl.String,
            "date_of_birth": pl.Date,
            "_sheet": pl.String,
            "_row": pl.Int64,
        },
        orient="row",
    ).with_columns(pl.lit(sheet).alias("_sheet"))


def test_values_that_differ_name_every_row_and_the_one_used() -> None:
    born = dt.date(2019, 2, 1)
    frames = {
        "contacts": _rows("List 1", [("A", "M", born, "", 2), ("B", "F", None, "", 3)]),
        "cp": _rows(
            "List 7",
            [("A", "F", born, "", 2), ("A", "M", born, "", 3), ("A", "M", None, "", 5)],
        ),
    }
    (conflict,) = find_conflicts(frames)
    assert (conflict.child_id, conflict.column, conflict.chosen) == ("A", "sex", "M")
    assert conflict.rows == (
        ("contacts", "List 1", 2, "M"),
        ("cp", "List 7", 2, "F"),
        ("cp", "List 7", 3, "M"),
        ("cp", "List 7", 5, "M"),
    )
    assert conflict.first_odd_row() == ("cp", "List 7", 2, "F")
    assert conflict_message(conflict, "Gender") == (
        "Child 'A' has different values of Gender: 'M' at row 2 of 'List 1' and rows 3 and 5 of "
        "'List 7'; 'F' at row 2 of 'List 7'. The figures use 'M', the value given most often "
        "across the child's valid rows, blanks ignored, and on a tie the smallest (codes in "
        "alphabetical order, dates the earliest); correct the rows that are wrong."
    )
    assert children_with_conflicts(frames) == 1


def test_a_tie_takes_the_earliest_date_and_blanks_never_conflict() -> None:
    frames = {
        "contacts": _rows(
            "List 1",
            [
                ("A", None, dt.date(2019, 2, 1), "", 2),
                ("A", None, dt.date(2019, 1, 2), "", 3),
                ("A", None, None, "", 4),
            ],
        )
    }
    (conflict,) = find_conflicts(frames)
    assert conflict.column == "date_of_birth" and conflict.chosen == "2019-01-02"
    assert "'01/02/2019' at row 2 of 'List 1'; '02/01/2019' at row 3" in conflict_message(
        conflict, "Date of Birth"
    )


def test_the_same_details_everywhere_is_no_conflict() -> None:
    frames = {"contacts": _rows("List 1", [("A", "M", None, "", 2), ("A", "M", None, "", 3)])}
    assert find_conflicts(frames) == [] and children_with_conflicts(frames) == 0
