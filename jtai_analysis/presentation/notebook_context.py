"""What every notebook starts from: parsed parameters, the validated data and the cohort."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from IPython.display import HTML, display

from jtai_analysis.common.derive import window_start
from jtai_analysis.model.cache import load_prepared
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.privacy.suppression import set_suppression


class ParameterError(ValueError):
    """A parameter has a value that cannot be used (the message says which and why)."""


def parse_iso_date(text: str | dt.date, name: str) -> dt.date:
    """Parse a ``YYYY-MM-DD`` parameter, naming the parameter when it is wrong."""
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError as error:
        raise ParameterError(f"{name} must be a date written YYYY-MM-DD, not {text!r}.") from error


def parse_as_of(text: str | dt.datetime) -> dt.datetime:
    """The moment statuses are judged at: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``; blank means now (UK time)."""
    if isinstance(text, dt.datetime):
        return text
    if not str(text).strip():
        return dt.datetime.now(ZoneInfo("Europe/London")).replace(tzinfo=None, microsecond=0)
    try:
        return dt.datetime.fromisoformat(str(text).strip())
    except ValueError as error:
        raise ParameterError(
            f"as_of must be written YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {text!r}."
        ) from error


@dataclass
class InspectionContext:
    """The inspection a notebook is about."""

    area_name: str
    notification_date: dt.date
    reference_date: dt.date
    data: PreparedData  # valid rows per list, and the account of every row
    cohort: pl.DataFrame

    @property
    def window_start(self) -> dt.date:
        return window_start(self.reference_date)


def load_context(
    area_name: str,
    notification_date: str,
    reference_date: str,
    data_paths: list[str],
    prepared_dir: str = "",
    suppress_below: int = 0,
) -> InspectionContext:
    """Parse the notebook parameters and load the validated data.

    ``reference_date`` may be blank, meaning the notification date. ``prepared_dir`` is the folder
    ``jtai pack`` prepared once for every notebook; blank means the prepared-data cache, or ingest
    and validate here when the data, contracts or package changed.
    ``suppress_below`` hides counts from 1 to N-1 in every table and chart shown afterwards.
    """
    set_suppression(suppress_below)
    notified = parse_iso_date(notification_date, "notification_date")
    reference = (
        parse_iso_date(reference_date, "reference_date")
        if str(reference_date).strip()
        else notified
    )
    if str(prepared_dir).strip():
        data = PreparedData.read(Path(prepared_dir))
    else:
        data, _ = load_prepared([Path(p) for p in data_paths], reference)  # cached when unchanged
    return InspectionContext(area_name, notified, reference, data, children(data, reference))


def show_run_scope(run: Any) -> None:
    """A short paragraph for a prepared run: which area, which dates, which window, how many
    children (a figure, marked in the page)."""
    from jtai_analysis.presentation.figure_html import Cell, sentence

    children = sentence(
        run.figures,
        "{children} distinct children appear in the valid rows of Lists 1 to 7.",
        children=Cell("children_count"),
    )
    display(
        HTML(
            f"<p>Area: <strong>{html.escape(run.area_name)}</strong>. "
            f"Inspection notified on {run.notification_date:%A %d %B %Y}; lists extracted on "
            f"{run.reference_date:%A %d %B %Y}. The six-month window runs from "
            f"{run.window_start:%d %B %Y} to {run.reference_date:%d %B %Y}, both included. "
            f"{children}</p>"
        )
    )


def show_scope(context: InspectionContext) -> None:
    """A short paragraph: which area, which dates, which window."""
    display(
        HTML(
            f"<p>Area: <strong>{html.escape(context.area_name)}</strong>. "
            f"Inspection notified on {context.notification_date:%A %d %B %Y}; lists extracted on "
            f"{context.reference_date:%A %d %B %Y}. The six-month window runs from "
            f"{context.window_start:%d %B %Y} to {context.reference_date:%d %B %Y}, both included. "
            f"{context.cohort.height:,} distinct children appear in the valid rows of Lists 1 to 7.</p>"
        )
    )
