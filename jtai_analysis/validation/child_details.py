"""One child, one story: a child's sex, ethnicity, date of birth and disability agree on every row.

The same child ID with two sexes (within List 7, or List 1 against List 5) is a warning finding
that names every row involved, value by value. The cohort still needs one value per child, so it
takes one by the rule below (:func:`one_value`), which the finding states:

    A child's sex, ethnicity, date of birth and disability are each the value given most often
    across the child's valid rows in Lists 1-7 (blanks ignored); on a tie, the smallest value
    (codes in alphabetical order, dates the earliest).

Only valid rows are compared (the rows the cohort is built from).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

# The characteristics a child has once, whatever list the row is in (column key -> display name).
CHARACTERISTICS = ("sex", "ethnicity", "date_of_birth", "disability")
CHOICE_RULE = (
    "the value given most often across the child's valid rows, blanks ignored, and on a tie "
    "the smallest (codes in alphabetical order, dates the earliest)"
)
_ROW_SCHEMA = {
    "child_id": pl.String,
    "list": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
}


def one_value(column: str) -> pl.Expr:
    """Aggregation: the one value a child's rows give for ``column`` (see :data:`CHOICE_RULE`)."""
    return pl.col(column).drop_nulls().mode().sort().first().alias(column)


@dataclass(frozen=True)
class Conflict:
    """One child with more than one value for one characteristic, and every row involved."""

    child_id: str
    column: str
    rows: tuple[tuple[str, str, int, str], ...]  # (list key, sheet, row, value) in list order
    chosen: str

    def first_odd_row(self) -> tuple[str, str, int, str]:
        """The first row whose value is not the one chosen: where the finding is placed."""
        return next(r for r in self.rows if r[3] != self.chosen)


def _as_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    if frame.schema[column] == pl.Date:
        return pl.col(column).dt.strftime("%Y-%m-%d")
    return pl.col(column).cast(pl.String).str.strip_chars()


def characteristic_rows(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every non-blank characteristic of every row with a child ID, in long form.

    ``frames``: list key -> rows with ``child_id``, ``_sheet``, ``_row`` and the characteristics
    the list has. Returns ``child_id, list, sheet, row, column, value`` (dates as ISO text).
    """
    parts = []
    for position, (key, frame) in enumerate(frames.items()):
        if "child_id" not in frame.columns:
            continue
        for column in CHARACTERISTICS:
            if column not in frame.columns:
                continue
            parts.append(
                frame.select(
                    pl.col("child_id").cast(pl.String).str.strip_chars().alias("child_id"),
                    pl.lit(key).alias("list"),
                    pl.col("_sheet").cast(pl.String).alias("sheet"),
                    pl.col("_row").cast(pl.Int64).alias("row"),
                    pl.lit(column).alias("column"),
                    _as_text(frame, column).alias("value"),
                    pl.lit(position).alias("_list_order"),
                ).filter(pl.col("child_id").is_not_null() & pl.col("value").is_not_null())
            )
    if not parts:
        return pl.DataFrame(schema={**_ROW_SCHEMA, "_list_order": pl.Int32})
    return pl.concat(parts, how="vertical_relaxed")


def find_conflicts(frames: dict[str, pl.DataFrame]) -> list[Conflict]:
    """Every child and characteristic with more than one value across the rows given.

    Parameters
    ----------
    frames
        List key -> valid rows (``child_id``, ``_sheet``, ``_row`` and characteristics).

    Returns
    -------
    list of Conflict
        Sorted by child ID, then characteristic in the order of :data:`CHARACTERISTICS`.
    """
    rows = characteristic_rows(frames)
    if rows.is_empty():
        return []
    conflicted = (
        rows.group_by("child_id", "column")
        .agg(pl.col("value").n_unique().alias("values"), one_value("value").alias("chosen"))
        .filter(pl.col("values") > 1)
    )
    if conflicted.is_empty():
        return []
    involved = rows.join(conflicted, on=["child_id", "column"]).sort(
        "child_id", "column", "_list_order", "sheet", "row"
    )
    conflicts = []
    for (child_id, column), group in involved.group_by("child_id", "column", maintain_order=True):
        conflicts.append(
            Conflict(
                str(child_id),
                str(column),
                tuple(
                    (str(k), str(s), int(r), str(v))
                    for k, s, r, v in group.select("list", "sheet", "row", "value").iter_rows()
                ),
                str(group["chosen"][0]),
            )
        )
    order = {c: i for i, c in enumerate(CHARACTERISTICS)}
    return sorted(conflicts, key=lambda c: (c.child_id, order[c.column]))


def children_with_conflicts(frames: dict[str, pl.DataFrame]) -> int:
    """How many children have more than one value for at least one characteristic."""
    return len({c.child_id for c in find_conflicts(frames)})


def shown(column: str, value: str) -> str:
    """A value as a person reads it: dates of birth as UK dates, codes as they are."""
    if column == "date_of_birth":
        return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
    return value


def where(rows: list[tuple[str, str, int, str]]) -> str:
    """ "rows 5 and 6 of 'List 7' and row 2 of 'List 1'": rows grouped by sheet, in order."""
    by_sheet: dict[str, list[int]] = {}
    for _, sheet, row, _ in rows:
        by_sheet.setdefault(sheet, []).append(row)
    phrases = []
    for sheet, numbers in by_sheet.items():
        listed = [str(n) for n in numbers]
        text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
        phrases.append(f"{'row' if len(listed) == 1 else 'rows'} {text} of '{sheet}'")
    return " and ".join(phrases)


def conflict_message(conflict: Conflict, header: str) -> str:
    """The finding's message: every value with the rows that give it, and the value the cohort uses."""
    by_value: dict[str, list[tuple[str, str, int, str]]] = {}
    for row in conflict.rows:
        by_value.setdefault(row[3], []).append(row)
    values = "; ".join(
        f"'{shown(conflict.column, value)}' at {where(rows)}" for value, rows in by_value.items()
    )
    return (
        f"Child '{conflict.child_id}' has different values of {header}: {values}. The figures use "
        f"'{shown(conflict.column, conflict.chosen)}', {CHOICE_RULE}; correct the rows that are wrong."
    )
