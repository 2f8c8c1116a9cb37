"""Figures that need more than one list's rows at once: small functions, registered by name.

A definition uses one with ``compute: {function: NAME, params: {...}}``. The function returns, for
each list whose rows the figure counts, those rows of the list's row table (so breakdowns, the
rows file and the children behind the figure work as for any figure) with a ``hit`` column
(True / False / null) and, for a median, an ``_amount``; or, when it cannot be computed, the reason
(``Not available: ...``) from :mod:`.availability`. Adding one is a function and one decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from jtai_analysis.analysis.figures.availability import attribute_reason, needs_reason
from jtai_analysis.analysis.figures.conditions import Need, child_attribute_column
from jtai_analysis.analysis.figures.inputs import INDEX, FigureInputs
from jtai_analysis.common.workdays import working_days_series

Measured = dict[str, pl.DataFrame] | str
CrossListFunction = Callable[[FigureInputs, Mapping[str, Any]], Measured]
FUNCTIONS: dict[str, CrossListFunction] = {}
AMOUNT = "_amount"


def cross_list(name: str) -> Callable[[CrossListFunction], CrossListFunction]:
    """Register a cross-list function under ``name`` (what ``compute.function`` names)."""

    def register(function: CrossListFunction) -> CrossListFunction:
        FUNCTIONS[name] = function
        return function

    return register


def _event(params: Mapping[str, Any], which: str) -> tuple[str, str]:
    event = params[which]
    return str(event["list"]), str(event["date"])


def _first_in_window(inputs: FigureInputs, list_key: str, date: str) -> pl.DataFrame:
    """Each child's first dated row of the list in the window: child_id, day, and that row."""
    window = pl.col(date).is_between(inputs.window_start, inputs.reference_date)
    return (
        inputs.tables[list_key]
        .filter(window & pl.col("child_id").is_not_null())
        .sort(date, INDEX)
        .group_by("child_id", maintain_order=True)
        .first()
    )


def dates_reason(inputs: FigureInputs, *events: tuple[str, str]) -> str:
    """Why one of the lists or dates is missing (each list needs its child IDs and the date)."""
    for list_key, date in events:
        reason = needs_reason(inputs, list_key, (Need("child_id"), Need(date)))
        if reason:
            return reason
    return ""


@cross_list("first_event_gap")
def first_event_gap(inputs: FigureInputs, params: Mapping[str, Any]) -> Measured:
    """Working days from each child's first ``from`` event in the window to their first ``to``
    event in the window, for the children whose first ``to`` is on or after their first ``from``.

    The rows are each such child's first ``to`` row (one a child); ``_amount`` the working days.
    """
    source, target = _event(params, "from"), _event(params, "to")
    reason = dates_reason(inputs, source, target)
    if reason:
        return reason
    before = _first_in_window(inputs, *source).select(
        "child_id", pl.col(source[1]).alias("_from_day")
    )
    after = _first_in_window(inputs, *target).join(before, on="child_id", how="inner")
    after = after.filter(pl.col(target[1]) >= pl.col("_from_day"))
    amount = working_days_series(after["_from_day"], after[target[1]])
    rows = after.with_columns(amount.cast(pl.Float64).alias(AMOUNT), pl.lit(True).alias("hit"))
    return {target[0]: rows.drop("_from_day").sort(INDEX)}


@cross_list("followed_by")
def followed_by(inputs: FigureInputs, params: Mapping[str, Any]) -> Measured:
    """The ``from`` list's rows dated in the window; a hit where the child has a ``to`` row dated
    on or after the child's first ``from`` date in the window (at any date)."""
    source, target = _event(params, "from"), _event(params, "to")
    reason = dates_reason(inputs, source, target)
    if reason:
        return reason
    first = _first_in_window(inputs, *source).select("child_id", pl.col(source[1]).alias("_first"))
    later = (
        inputs.tables[target[0]]
        .select("child_id", pl.col(target[1]).alias("_then"))
        .join(first, on="child_id", how="inner")
        .filter(pl.col("_then") >= pl.col("_first"))
    )
    followed = later["child_id"].unique().to_list()
    window = pl.col(source[1]).is_between(inputs.window_start, inputs.reference_date)
    rows = inputs.tables[source[0]].filter(window.fill_null(False))
    return {source[0]: rows.with_columns(pl.col("child_id").is_in(followed).alias("hit"))}


# ---- Fair comparisons and pre-birth work (issue 25) ----


@cross_list("dated_before_birth")
def dated_before_birth(inputs: FigureInputs, params: Mapping[str, Any]) -> Measured:
    """Pregnancies in the window: for each list named in ``params`` (``NAME: {list, date}``, the
    list's window date), its rows dated before the child's date of birth, for children whose date
    of birth is after the window's first day (born in the window, or unborn at R). Lists that have
    not arrived are left out, as for any figure over several lists."""
    reason = attribute_reason(inputs, "date_of_birth")
    if reason:
        return reason
    born = pl.col(child_attribute_column("date_of_birth"))
    per_list: dict[str, pl.DataFrame] = {}
    reasons = []
    for name in params:
        list_key, date = _event(params, name)
        reason = needs_reason(inputs, list_key, (Need("child_id"), Need(date)))
        if reason:
            reasons.append(reason)
            continue
        before = (pl.col(date) < born) & (born > inputs.window_start)
        rows = inputs.tables[list_key].filter(before.fill_null(False))
        per_list[list_key] = rows.with_columns(pl.lit(True).alias("hit"))
    return per_list or reasons[0]
