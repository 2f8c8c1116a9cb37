"""The run's figures and the rows behind them: one object, written once, read by every view.

``figures``: one row per figure and group (``figure_id, group, value, numerator, denominator,
unit, available, note, national_value, national_period``, then focus children's comparison with
the other under-8s on a compared figure's ``focus=Yes`` row: ``compared_group, difference,
difference_low, difference_high, difference_note``, :mod:`.comparison`). ``rows``: which rows are behind each,
as ``figure_id, group, role, list, index``, ``index`` pointing into the list's row table
(``index, child_id, source_file, sheet, row`` and the list's dates). The rows file of the pack
(``figure_rows.parquet``) is the two joined, in the columns of ``interfaces.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from jtai_analysis.analysis.figures.comparison import COMPARISON_COLUMNS
from jtai_analysis.common.spreadsheet import write_csv

if TYPE_CHECKING:
    from jtai_analysis.analysis.figures.inputs import FigureInputs

FIGURE_SCHEMA: dict[str, Any] = {
    "figure_id": pl.String,
    "group": pl.String,
    "value": pl.Float64,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
    "unit": pl.String,
    "available": pl.Boolean,
    "note": pl.String,
    "national_value": pl.Float64,
    "national_period": pl.String,
    # focus children beside the other under-8s (on the focus=Yes row of a compared figure):
    # the group compared with, the difference in percentage points (focus less others), its 95%
    # interval (Newcombe), or why there is none
    "compared_group": pl.String,
    "difference": pl.Float64,
    "difference_low": pl.Float64,
    "difference_high": pl.Float64,
    "difference_note": pl.String,
    # where the denominator's rows are kept when not under the group itself (a share: "all")
    "denominator_group": pl.String,
    # no row of the figure falls in the group (a declared group: a count of 0); not in figures.csv
    "is_empty": pl.Boolean,
}
ROWS_SCHEMA: dict[str, Any] = {
    "figure_id": pl.String,
    "group": pl.String,
    "role": pl.String,
    "list": pl.String,
    "indices": pl.List(pl.UInt32),
}
ROW_TABLE_COLUMNS = ("index", "child_id", "source_file", "sheet", "row")
# figures.csv: the columns of interfaces.md, then the comparators (England; the other under-8s)
FIGURES_CSV_COLUMNS = (
    "figure_id",
    "group",
    "value",
    "numerator",
    "denominator",
    "unit",
    "available",
    "note",
    "national_value",
    "national_period",
    *COMPARISON_COLUMNS,
)
FIGURE_ROWS_COLUMNS = (
    "figure_id",
    "group",
    "role",
    "list",
    "source_file",
    "sheet",
    "row",
    "child_id",
)
_FOLDER_FILES = ("figures.parquet", "rows.parquet", "figures.json")


def public_row_tables(inputs: FigureInputs) -> dict[str, pl.DataFrame]:
    """Each list's row table as the rows file and the pack show it: where each row is, whose,
    and its dates (the date of birth left out)."""
    from jtai_analysis.analysis.figures.inputs import INDEX

    tables = {}
    for key, table in inputs.tables.items():
        dates = [
            name
            for name, dtype in table.schema.items()
            if dtype == pl.Date and not name.startswith("_") and name != "date_of_birth"
        ]
        tables[key] = table.select(
            pl.col(INDEX).cast(pl.UInt32).alias("index"),
            pl.col("child_id").cast(pl.String),
            pl.col("_file").cast(pl.String).alias("source_file"),
            pl.col("_sheet").cast(pl.String).alias("sheet"),
            pl.col("_row").cast(pl.Int64).alias("row"),
            *dates,
        )
    return tables


@dataclass
class FigureSet:
    """Every figure of a run and the rows behind each (see the module docstring)."""

    reference_date: dt.date
    figures: pl.DataFrame
    rows: pl.DataFrame
    row_tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a set kept before figures carried their comparison (an older prepared run) reads blank
        missing = [c for c in FIGURE_SCHEMA if c not in self.figures.columns]
        if missing:
            self.figures = self.figures.with_columns(
                pl.lit(None, FIGURE_SCHEMA[c]).alias(c) for c in missing
            )

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["figure_id"], r["group"]): r for r in self.figures.iter_rows(named=True)}

    def figure(self, figure_id: str, group: str = "all") -> dict[str, Any] | None:
        """The figure's row (``value``, ``numerator`` ...) for one group, or None if there is none."""
        return self._by_key.get((figure_id, group))

    def number(self, figure_id: str, group: str = "all") -> int | float | None:
        """The figure's value (a count as a whole number), or None when it is not available."""
        row = self.figure(figure_id, group)
        if row is None or not row["available"] or row["value"] is None:
            return None
        return int(row["value"]) if row["unit"] == "count" else float(row["value"])

    def ids(self) -> list[str]:
        """Every figure ID, in the registry's order."""
        return list(dict.fromkeys(self.figures["figure_id"].to_list()))

    def groups(self, figure_id: str) -> list[str]:
        """The groups of one figure, ``all`` first."""
        return [g for (f, g) in self._by_key if f == figure_id]

    def rows_behind(
        self, figure_id: str, group: str = "all", role: str = "numerator"
    ) -> pl.DataFrame:
        """The children behind a figure: one row per row counted, with the list, where the row is
        (source file, sheet, row), the child ID and the list's dates.

        This is what the pack opens on a click, ``jtai explain`` prints and a dashboard shows for
        "the children behind figure X, group G".
        """
        kept = self.figure(figure_id, group)
        if role == "denominator" and kept is not None and kept.get("denominator_group"):
            group = kept["denominator_group"]
        wanted = self.rows.filter(
            (pl.col("figure_id") == figure_id)
            & (pl.col("group") == group)
            & (pl.col("role") == role)
        ).explode("indices")
        present = set(wanted["list"].unique().to_list())
        frames = [
            wanted.filter(pl.col("list") == key)
            .select("list", pl.col("indices").alias("index"))
            .join(table, on="index", how="left")
            for key, table in self.row_tables.items()
            if key in present
        ]
        if not frames:
            return pl.DataFrame(
                schema={"list": pl.String, **{c: _ROW_TYPES[c] for c in ROW_TABLE_COLUMNS}}
            )
        return pl.concat(frames, how="diagonal_relaxed")

    def interface_rows(self) -> pl.DataFrame:
        """The rows file of ``interfaces.md``: ``figure_id, group, role, list, source_file, sheet,
        row, child_id``, one row per row behind each figure and group."""
        parts = []
        for key, table in self.row_tables.items():
            part = self.rows.filter(pl.col("list") == key)
            if part.height:
                part = part.explode("indices").rename({"indices": "index"})
                parts.append(part.join(table.select(ROW_TABLE_COLUMNS), on="index", how="left"))
        if not parts:
            return pl.DataFrame(
                schema={c: _ROW_TYPES.get(c, pl.String) for c in FIGURE_ROWS_COLUMNS}
            )
        return pl.concat(parts).select(FIGURE_ROWS_COLUMNS)

    def for_csv(self) -> pl.DataFrame:
        """``figures.csv`` as written: counts whole, percentages to one decimal, blanks for
        not available, ``available`` as ``true`` / ``false``; the difference from the other
        under-8s and its interval in percentage points to one decimal."""
        return self.figures.select(
            "figure_id",
            "group",
            shown_value(),
            "numerator",
            "denominator",
            "unit",
            pl.col("available").replace_strict(
                {True: "true", False: "false"}, return_dtype=pl.String
            ),
            pl.col("note").replace("", None),
            "national_value",
            "national_period",
            "compared_group",
            *(_one_decimal_text(c) for c in ("difference", "difference_low", "difference_high")),
            pl.col("difference_note").replace("", None),
        )

    def write_figures_csv(self, path: Path) -> Path:
        """``figures.csv`` (formula-like text made inert)."""
        return write_csv(self.for_csv(), path)

    def write_rows_file(self, path: Path) -> Path:
        """``figure_rows.parquet``: :meth:`interface_rows`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.interface_rows().write_parquet(path, compression="zstd")
        return path

    def write(self, folder: Path) -> None:
        """Keep the set in a folder (the prepared run), to be read back by :meth:`read`."""
        folder.mkdir(parents=True, exist_ok=True)
        self.figures.write_parquet(folder / "figures.parquet")
        self.rows.write_parquet(folder / "rows.parquet")
        for key, table in self.row_tables.items():
            table.write_parquet(folder / f"rows_{key}.parquet")
        meta = {"reference_date": self.reference_date.isoformat(), "lists": list(self.row_tables)}
        (folder / "figures.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> FigureSet:
        """The set :meth:`write` kept."""
        meta = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
        return cls(
            reference_date=dt.date.fromisoformat(meta["reference_date"]),
            figures=pl.read_parquet(folder / "figures.parquet"),
            rows=pl.read_parquet(folder / "rows.parquet"),
            row_tables={k: pl.read_parquet(folder / f"rows_{k}.parquet") for k in meta["lists"]},
        )

    @staticmethod
    def is_kept_in(folder: Path) -> bool:
        return all((folder / name).exists() for name in _FOLDER_FILES)


_ROW_TYPES: dict[str, Any] = {
    "index": pl.UInt32,
    "child_id": pl.String,
    "source_file": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "figure_id": pl.String,
    "group": pl.String,
    "role": pl.String,
    "list": pl.String,
}


def _one_decimal_text(column: str) -> pl.Expr:
    """A number in percentage points as the CSVs write it: one decimal, blank when none."""
    return pl.col(column).map_elements(lambda v: f"{v:.1f}", return_dtype=pl.String).alias(column)


def shown_value(unit_column: str = "unit") -> pl.Expr:
    """A value as the CSVs write it: counts whole, percentages and medians to one decimal."""
    return (
        pl.when(pl.col("value").is_null())
        .then(None)
        .when(pl.col(unit_column) == "count")
        .then(pl.col("value").cast(pl.Int64).cast(pl.String))
        .otherwise(pl.col("value").map_elements(lambda v: f"{v:.1f}", return_dtype=pl.String))
        .alias("value")
    )
