"""Small, accessible HTML tables for notebooks and the pack (no pandas styling, deterministic)."""

from __future__ import annotations

import datetime as dt
import html

import polars as pl
from IPython.display import HTML, display

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
