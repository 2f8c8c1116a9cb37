"""Charts of figures: each bar is a figure; a figure that is not available draws no bar and the
chart says why. The numbers behind the chart are the same figures, marked in the page."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Literal

import polars as pl
from IPython.display import HTML, display

from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.presentation import charts
from jtai_analysis.presentation.figure_html import (
    Cell,
    TableCell,
    figure_table,
    notes_for,
    value_text,
)
from jtai_analysis.privacy.suppression import is_hidden


def _bar_value(figures: FigureSet, cell: TableCell) -> float | None:
    if not isinstance(cell, Cell):
        return None
    row = figures.figure(cell.figure_id, cell.group)
    if row is not None and cell.style == "national":
        return row["national_value"]
    if row is None or not row["available"] or row["value"] is None:
        return None
    if cell.style in ("numerator", "denominator"):
        number = row[cell.style]
        value = None if number is None else float(number)
    else:
        value = float(row["value"])
    counts = {"percent": (row["numerator"], row["denominator"]), "count": (value,)}.get(
        row["unit"], ()
    )
    if any(c is not None and is_hidden(int(c)) for c in counts):
        return None  # a hidden count draws no bar, nor does a percentage that would give it away
    return value


def _bar_text(figures: FigureSet, cell: TableCell) -> str:
    """The words on a bar: the figure's value as the table writes it (a percentage as ``12.3%``)."""
    if not isinstance(cell, Cell):
        return ""
    style = "value" if cell.style == "auto" else cell.style
    return value_text(figures.figure(cell.figure_id, cell.group), style)


def _is_count(figures: FigureSet, cell: TableCell) -> bool:
    if not isinstance(cell, Cell) or cell.style == "national":
        return False
    row = figures.figure(cell.figure_id, cell.group)
    return row is not None and (
        row["unit"] == "count" or cell.style in ("numerator", "denominator")
    )


def show_figure_chart(
    figures: FigureSet,
    headings: Sequence[str],
    rows: Sequence[Sequence[TableCell]],
    *,
    caption: str,
    description: str,
    x_title: str,
    y_title: str,
    horizontal: bool = False,
    series: Sequence[str] | None = None,
    numbers: tuple[Sequence[str], Sequence[Sequence[TableCell]]] | None = None,
    units: Literal["columns", "rows"] = "columns",
) -> None:
    """A bar chart of figures (one bar a cell: categories are the rows, series the columns, or
    only the ``series`` named) with the figures themselves as its numbers (or the ``numbers``
    table given; ``units`` as :func:`~jtai_analysis.presentation.figure_html.figure_table`). Each
    bar carries its value; counts spanning a wide range are drawn on a logarithmic scale. Not
    available figures draw no bar; when none is available there is no chart, only the table and
    why."""
    drawn = list(series) if series is not None else list(headings[1:])
    position = {name: i for i, name in enumerate(headings)}
    frame = pl.DataFrame(
        {
            "category": [str(row[0]) for row in rows],
            **{name: [_bar_value(figures, row[position[name]]) for row in rows] for name in drawn},
        },
        schema={"category": pl.String, **dict.fromkeys(drawn, pl.Float64)},
    )
    series = drawn
    text = {name: [_bar_text(figures, row[position[name]]) for row in rows] for name in drawn}
    counts = all(_is_count(figures, row[position[name]]) for row in rows for name in drawn)
    if numbers is not None:
        headings, rows = numbers
    table = figure_table(figures, headings, rows, caption, units=units)
    cells = [c for row in rows for c in row[1:] if isinstance(c, Cell)]
    if all(frame[name].is_null().all() for name in series):
        notes = notes_for(figures, cells) or ["Not available: no figure to draw."]
        display(
            HTML(
                f'<p class="jtai-warning" role="alert"><strong>{html.escape(caption)}</strong>: '
                f"no chart. {html.escape(' '.join(notes))}</p>{table}"
            )
        )
        return
    fig = charts.bar_chart(
        frame,
        "category",
        series,
        x_title=x_title,
        y_title=y_title,
        horizontal=horizontal,
        text=text,
        counts=counts,
    )
    if "log" in (fig.layout.xaxis.type, fig.layout.yaxis.type):
        description = (
            f"{description} The scale is logarithmic (each step ten times the last), so small "
            "groups show beside large ones; each bar carries its number."
        )
    missing = [n for n in notes_for(figures, cells) if n.startswith("Not available")]
    if missing:
        description = f"{description} No bar is drawn where a figure is not available."
    charts.show_chart(fig, caption=caption, description=description, numbers=table)
