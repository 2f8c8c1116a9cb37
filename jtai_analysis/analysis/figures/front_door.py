"""Cross-list figures of the front door over time (``design/interfaces.md``, issue 23).

``followed_within``: what each door leads to. The rows of one list dated in the window early
enough for ``days`` to have passed by R, a hit where the same child has a row of another list dated
from that date to ``days`` after it (both included).

``journey_pattern``: each child's journey in the window as a pattern of steps. The steps, their
lists, dates and letters are the catalogue's (``journey`` and ``step`` in ``events.yml``): every
valid row dated in the window at a step is one step of its child, ordered by date and, on one date,
in the journey's order (E C R A S I P); equal neighbours are one step; the letters are joined with
``>`` (``C>R>A>S``). Each child counts once, with their first step's row behind them and the pattern
as the ``pattern`` breakdown's value. With ``returns``, only children whose pattern comes back to
one of the ``to`` steps after one of the ``after`` steps (to the front door after an assessment or
an enquiry), with the row that brought them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from jtai_analysis.analysis.figures.breakdowns import PATTERN_COLUMN
from jtai_analysis.analysis.figures.cross_list import Measured, cross_list, dates_reason
from jtai_analysis.analysis.figures.inputs import INDEX, FigureInputs
from jtai_analysis.catalogue.events import Event, journey_steps

STEP_SEPARATOR = ">"
_LIST, _DAY, _STEP, _ORDER, _CHILD = "_list", "_day", "_step", "_order", "_child"


def _event(params: Mapping[str, Any], which: str) -> tuple[str, str]:
    event = params[which]
    return str(event["list"]), str(event["date"])


@cross_list("followed_within")
def followed_within(inputs: FigureInputs, params: Mapping[str, Any]) -> Measured:
    """Rows of ``from`` dated from the window's start to R minus ``days``; a hit where the child
    has a ``to`` row dated from that date to ``days`` after it, both included (null without a
    child ID: nothing to follow)."""
    (source, source_date), (target, target_date) = _event(params, "from"), _event(params, "to")
    days = int(params["days"])
    reason = dates_reason(inputs, (source, source_date), (target, target_date))
    if reason:
        return reason
    last = inputs.reference_date - dt.timedelta(days=days)
    rows = inputs.tables[source].filter(
        pl.col(source_date).is_between(inputs.window_start, last).fill_null(False)
    )
    starts = (
        rows.filter(pl.col("child_id").is_not_null())
        .select(INDEX, "child_id", pl.col(source_date).alias("_from"))
        .sort("_from")
    )
    then = (
        inputs.tables[target]
        .select("child_id", pl.col(target_date).alias("_then"))
        .drop_nulls()
        .unique()
        .sort("_then")
    )
    # each start's first ``to`` on or after it (same child), then whether it is within the days
    nearest = starts.join_asof(
        then,
        left_on="_from",
        right_on="_then",
        by="child_id",
        strategy="forward",
        check_sortedness=False,  # both sorted by date just above
    )
    followed = nearest.filter(pl.col("_then") <= pl.col("_from") + pl.duration(days=days))[INDEX]
    hit = (
        pl.when(pl.col("child_id").is_null())
        .then(None)
        .otherwise(pl.col(INDEX).is_in(followed.implode()))
    )
    return {source: rows.with_columns(hit.alias("hit"))}


def _step_letters(steps: Sequence[Event], params: Mapping[str, Any], which: str) -> str:
    letters = [str(letter) for letter in params["returns"][which]]
    known = [step.step for step in steps]
    unknown = [letter for letter in letters if letter not in known]
    if unknown:
        raise ValueError(
            f"journey_pattern: returns.{which} names {', '.join(unknown)}, not a step of the "
            f"journey ({', '.join(str(k) for k in known)})"
        )
    return "".join(letters)


def child_steps(
    tables: Mapping[str, pl.DataFrame],
    window: tuple[dt.date, dt.date],
    steps: Sequence[Event],
) -> pl.DataFrame:
    """Every child's steps in the window in journey order, equal neighbours collapsed: the child
    (``child_id`` and ``_child``, a number standing for it), the step's letter, and where its
    (first) row is (``_list``, ``_index``).

    ``tables`` are the lists' valid rows numbered by ``_index`` (the figures' row tables, or the
    prepared data's frames numbered the same way); ``window`` its first day and R.
    """
    frames = []
    for order, step in enumerate(steps):
        table = tables[step.list_key]
        frames.append(
            table.filter(
                pl.col(step.column).is_between(*window) & pl.col("child_id").is_not_null()
            ).select(
                pl.col("child_id"),
                pl.col(step.column).alias(_DAY),
                pl.lit(order, pl.UInt8).alias(_ORDER),
                pl.lit(step.step).alias(_STEP),
                pl.lit(step.list_key).alias(_LIST),
                pl.col(INDEX).cast(pl.UInt32),
            )
        )
    # children sorted by a number standing for each (twice as quick as by their text IDs)
    ordered = (
        pl.concat(frames)
        .with_columns(pl.col("child_id").cast(pl.Categorical).to_physical().alias(_CHILD))
        .sort(_CHILD, _DAY, _ORDER, INDEX)
    )
    repeated = (pl.col(_STEP) == pl.col(_STEP).shift(1)) & (
        pl.col(_CHILD) == pl.col(_CHILD).shift(1)
    )
    return ordered.filter(~repeated.fill_null(False)).select(
        "child_id", _CHILD, _STEP, _LIST, INDEX
    )


def _returned(events: pl.DataFrame, after: str, back: str) -> pl.DataFrame:
    """Each child's first step back at one of ``back`` after one of ``after`` (none if they did
    not come back)."""
    closed = pl.col(_STEP).is_in(list(after)).cum_sum().over(_CHILD)
    return events.filter(pl.col(_STEP).is_in(list(back)) & (closed > 0))


def child_patterns(events: pl.DataFrame) -> pl.DataFrame:
    """Each child's pattern (``C>R>A``) from :func:`child_steps`, with their first step's row:
    ``_child``, ``child_id``, the pattern, ``_list`` and ``_index``."""
    return (
        events.group_by(_CHILD, maintain_order=True)
        .agg(
            pl.col("child_id").first(),
            pl.col(_STEP).alias(PATTERN_COLUMN),
            pl.col(_LIST).first(),
            pl.col(INDEX).first(),
        )
        .with_columns(pl.col(PATTERN_COLUMN).list.join(STEP_SEPARATOR))
    )


@cross_list("journey_pattern")
def journey_pattern(inputs: FigureInputs, params: Mapping[str, Any]) -> Measured:
    """Each child with a step in the window, once, with their pattern (see the module); with
    ``returns: {after: [A, S], to: [C, R]}`` only the children who came back."""
    steps = journey_steps()
    reason = dates_reason(inputs, *((step.list_key, step.column) for step in steps))
    if reason:
        return reason
    events = child_steps(inputs.tables, (inputs.window_start, inputs.reference_date), steps)
    if "returns" in params:
        after = _step_letters(steps, params, "after")
        back = _step_letters(steps, params, "to")
        counted = _returned(events, after, back).unique(_CHILD, keep="first", maintain_order=True)
        columns = [INDEX]
    else:
        counted = child_patterns(events)
        columns = [INDEX, PATTERN_COLUMN]
    measured: dict[str, pl.DataFrame] = {}
    for step in steps:
        if step.list_key in measured:
            continue
        mine = counted.filter(pl.col(_LIST) == step.list_key).select(columns)
        measured[step.list_key] = (
            inputs.tables[step.list_key]
            .join(mine, on=INDEX, how="inner")
            .sort(INDEX)
            .with_columns(pl.lit(True).alias("hit"))
        )
    return measured
