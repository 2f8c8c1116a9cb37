"""A built pack's figures, read back: ``figures.csv`` and the rows behind each
(``figure_rows.parquet``), for ``jtai explain`` and ``jtai dip --figure``."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.pack.figure_rows import ROWS_FILE

FIGURES_FILE = "figures.csv"


class NotAPack(ValueError):
    """The folder holds no built pack's figures (the message says what is missing)."""


class UnknownFigure(KeyError):
    """No such figure, or no such group of it; the message names the nearest."""

    def __str__(self) -> str:
        return str(self.args[0])


def nearest(wanted: str, choices: list[str]) -> str:
    """The closest of ``choices`` to ``wanted``, in a phrase ('did you mean X?') or ``""``."""
    close = difflib.get_close_matches(wanted, choices, n=1, cutoff=0.3)
    return f" Did you mean {close[0]}?" if close else ""


@dataclass(frozen=True)
class PackFigures:
    """One pack's figures and the path of its rows file."""

    folder: Path
    figures: pl.DataFrame

    @classmethod
    def read(cls, folder: Path) -> PackFigures:
        path = folder / FIGURES_FILE
        if not path.is_file() or not (folder / ROWS_FILE).is_file():
            raise NotAPack(
                f"{folder} is not a built pack with figures ({FIGURES_FILE} and {ROWS_FILE} are "
                "written by jtai pack)."
            )
        figures = pl.read_csv(path, infer_schema=False).with_columns(
            pl.col("value").cast(pl.Float64),
            pl.col("numerator").cast(pl.Int64),
            pl.col("denominator").cast(pl.Int64),
            pl.col("national_value").cast(pl.Float64),
            (pl.col("available") == "true").alias("available"),
            pl.col("note").fill_null(""),
        )
        return cls(folder, figures)

    def figure(self, figure_id: str, group: str = "all") -> dict[str, Any]:
        """The figure's row of ``figures.csv``.

        Raises
        ------
        UnknownFigure
            No such figure (naming the nearest ID) or no such group of it (naming its groups).
        """
        ids = self.figures["figure_id"].unique(maintain_order=True).to_list()
        if figure_id not in ids:
            raise UnknownFigure(f"No figure {figure_id!r} in this pack.{nearest(figure_id, ids)}")
        rows = self.figures.filter(pl.col("figure_id") == figure_id)
        groups = rows["group"].to_list()
        if group not in groups:
            shown = ", ".join(groups[:12]) + (" ..." if len(groups) > 12 else "")
            raise UnknownFigure(
                f"{figure_id} has no group {group!r}.{nearest(group, groups)} Its groups: {shown}."
            )
        return rows.filter(pl.col("group") == group).row(0, named=True)

    def rows(self, figure_id: str, group: str = "all", role: str | None = None) -> pl.DataFrame:
        """The rows behind a figure and group (one role, or both), from the rows file."""
        wanted = (pl.col("figure_id") == figure_id) & (pl.col("group") == group)
        if role is not None:
            wanted &= pl.col("role") == role
        return pl.scan_parquet(self.folder / ROWS_FILE).filter(wanted).collect()

    def reference_date(self) -> str:
        """The pack's reference date (from ``validation.json``), or ``""``."""
        path = self.folder / "validation.json"
        if not path.exists():
            return ""
        return str(json.loads(path.read_text(encoding="utf-8")).get("reference_date", ""))
