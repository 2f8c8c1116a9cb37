"""Small, accessible HTML tables for notebooks and the pack (no pandas styling, deterministic)."""

from __future__ import annotations

import datetime as dt
import html

import polars as pl
from IPython.display import HTML, display

from jtai_analysis.common.derive import AGE_GROUP_LABELS, FOCUS_AGE_GROUPS
from jtai_analysis.privacy.suppression import suppress_for_table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return html.escape(str(value))


def html_table(frame: pl.DataFrame, caption: str, *, max_rows: int | None = None) -> str:
    """An HTML table with a caption and column headers; numbers right-aligned, dates as dd/mm/yyyy."""
    numeric = {name for name, dtype in frame.schema.items() if dtype.is_numeric()}
    shown = suppress_for_table(frame if max_rows is None else frame.head(max_rows))
    head = "".join(
        f'<th scope="col"{" class=num" if name in numeric else ""}>{html.escape(name)}</th>'
        for name in frame.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if name in numeric else ''}>{_cell(value)}</td>"
            for name, value in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in shown.iter_rows()
    )
    note = ""
    if max_rows is not None and frame.height > max_rows:
        note = f'<p class="jtai-note">Showing {max_rows:,} of {frame.height:,} rows.</p>'
    return (
        f'<table class="jtai-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
    )


def show_table(frame: pl.DataFrame, caption: str, *, max_rows: int | None = 50) -> None:
    """Display a table in a notebook (and so in the pack)."""
    display(HTML(html_table(frame, caption, max_rows=max_rows)))


def show_note(text: str, *, kind: str = "info") -> None:
    """Display a short notice (``info`` or ``warning``), e.g. that a list has not arrived yet."""
    role = ' role="status"' if kind == "info" else ' role="alert"'
    display(HTML(f'<p class="jtai-{kind}"{role}>{html.escape(text)}</p>'))


def _figure_text(row: dict[str, object] | None) -> str:
    """A measure's figure as words: "n of N (p%)", a count, or "Not available"."""
    if row is None or row["value"] is None:
        return "Not available"
    if row["unit"] == "count":
        return f"{int(row['numerator']):,}"  # type: ignore[call-overload]
    return f"{row['numerator']:,} of {row['denominator']:,} ({row['value']:.1f}%)"


def focus_beside_all(
    by_group: pl.DataFrame, registry: tuple[dict[str, object], ...]
) -> pl.DataFrame:
    """Each practice measure for all children and for focus children, as words and numbers.

    Parameters
    ----------
    by_group
        The rows of ``indicators_by_group.csv``.
    registry
        The indicator definitions (titles, units), in pack order.
    """
    records = []
    for spec in registry:
        name = spec["id"]
        rows = by_group.filter(pl.col("indicator_id") == name)
        if rows.is_empty():
            continue
        everyone = rows.filter(pl.col("group_by") == "all").row(0, named=True)
        focus = rows.filter((pl.col("group_by") == "focus") & (pl.col("group") == "Yes"))
        focus_row = focus.row(0, named=True) if focus.height else None
        if focus_row is None and everyone["value"] is not None:
            focus_row = {
                "value": 0 if spec["unit"] == "count" else None,
                "unit": spec["unit"],
                "numerator": 0,
                "denominator": 0,
            }
        records.append(
            {
                "Measure": spec["title"],
                "unit": spec["unit"],
                "All children": _figure_text(everyone),
                "Focus children": _figure_text(focus_row),
                "All children (%)": everyone["value"] if spec["unit"] == "percent" else None,
                "Focus children (%)": focus_row["value"]
                if focus_row and spec["unit"] == "percent"
                else None,
            }
        )
    schema = {
        "Measure": pl.String,
        "unit": pl.String,
        "All children": pl.String,
        "Focus children": pl.String,
        "All children (%)": pl.Float64,
        "Focus children (%)": pl.Float64,
    }
    return pl.DataFrame(records, schema=schema)


def percent_rows(side_by_side: pl.DataFrame) -> pl.DataFrame:
    """The percentage measures of :func:`focus_beside_all`, numbers only, for a chart."""
    return side_by_side.filter(pl.col("unit") == "percent").select(
        "Measure", "All children (%)", "Focus children (%)"
    )


def focus_by_age(cohort: pl.DataFrame) -> pl.DataFrame:
    """Focus children by age group, the four groups of the inspection in order."""
    focus = cohort.filter(pl.col("is_focus")) if "is_focus" in cohort.columns else cohort.clear()
    counts = dict(focus.group_by(pl.col("age_group").cast(pl.String)).len().iter_rows())
    return pl.DataFrame(
        {
            "Age group": [AGE_GROUP_LABELS[g] for g in FOCUS_AGE_GROUPS],
            "Focus children": [int(counts.get(g, 0)) for g in FOCUS_AGE_GROUPS],
        }
    )


def journeys_side_by_side(steps_all: pl.DataFrame, steps_focus: pl.DataFrame) -> pl.DataFrame:
    """Journey steps for all children and focus children in one table (blank: list not arrived)."""
    median = "Median working days from the step before"
    return steps_all.select(
        "Step",
        pl.col("Children").alias("All children"),
        steps_focus["Children"].alias("Focus children"),
        pl.col(median).alias("Median working days (all)"),
        steps_focus[median].alias("Median working days (focus)"),
        pl.col("Outcome").alias("Ended here (all)"),
        steps_focus["Outcome"].alias("Ended here (focus)"),
    )
