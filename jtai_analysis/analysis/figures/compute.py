"""Every figure computed once: measure its rows, group them, and derive each value from them.

For one definition: the rows it counts are taken from each list's row table (or a cross-list
function), each with ``hit``; every breakdown adds its group value; the rows are stacked once per
group (``all`` and each ``BREAKDOWN=VALUE``); then, from that one frame, both the numbers
(numerator, denominator, value, note) and the rows behind them (numerator and denominator, as
``(list, index)`` into the row tables) are read with the same filters, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

from jtai_analysis.analysis.figures.availability import NOT_AVAILABLE, condition_reason
from jtai_analysis.analysis.figures.breakdowns import BREAKDOWNS
from jtai_analysis.analysis.figures.comparison import with_comparison
from jtai_analysis.analysis.figures.conditions import Every, Need
from jtai_analysis.analysis.figures.cross_list import AMOUNT, FUNCTIONS
from jtai_analysis.analysis.figures.definitions import FigureDefinition, definitions
from jtai_analysis.analysis.figures.figure_set import (
    FIGURE_SCHEMA,
    ROWS_SCHEMA,
    FigureSet,
    public_row_tables,
)
from jtai_analysis.analysis.figures.inputs import INDEX, FigureInputs
from jtai_analysis.catalogue.codes import UNKNOWN

ALL = "all"
_LIST = "_list"
_GROUP = "_group"
NO_ROWS_FOR_PERCENT = f"{NOT_AVAILABLE}no rows to take a percentage of."
NO_ROWS_FOR_MEDIAN = f"{NOT_AVAILABLE}no children to take a median of."
_LAST = ("unknown", UNKNOWN, "not_recorded")


def percent(numerator: int, denominator: int) -> float | None:
    """``numerator`` as a percentage of ``denominator``, rounded half up to one decimal.

    Exact decimal arithmetic, so 1 of 16 (6.25%) gives 6.3, never the 6.2 that binary floats and
    round-half-even give. None when the denominator is 0.
    """
    if not denominator:
        return None
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _one_decimal(value: float | None) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _by(key: str) -> str:
    return f"_by_{key}"


def _combined_reason(reasons: Iterable[str]) -> str:
    distinct = list(dict.fromkeys(r for r in reasons if r))
    if not distinct:
        return ""
    if len(distinct) == 1:
        return distinct[0]
    return NOT_AVAILABLE + " ".join(r.removeprefix(NOT_AVAILABLE) for r in distinct)


def measure(inputs: FigureInputs, definition: FigureDefinition) -> dict[str, pl.DataFrame] | str:
    """The rows a figure counts, per list (row-table rows with ``hit``), or why it cannot be."""
    scope = inputs.scope()
    per_list: dict[str, pl.DataFrame] = {}
    if definition.compute is not None:
        computed = FUNCTIONS[definition.compute.function](inputs, definition.compute.params)
        if isinstance(computed, str):
            return computed
        per_list = computed
    else:
        reasons = []
        for list_key in definition.lists:
            reason = (
                condition_reason(inputs, list_key, definition.rows)
                or condition_reason(inputs, list_key, definition.hit)
                or (
                    condition_reason(inputs, list_key, _CHILD_IDS)
                    if definition.counts_children
                    else ""
                )
            )
            if reason:
                reasons.append(reason)
                continue
            table = inputs.tables[list_key]
            if not isinstance(definition.rows, Every):
                # no literal predicate for "every row": polars mis-broadcasts one over a frame read
                # in several chunks from Parquet, as the pack's prepared data are
                table = table.filter(definition.rows.expr(scope).fill_null(False))
            hit = definition.hit.expr(scope) if definition.hit is not None else pl.lit(True)
            per_list[list_key] = table.with_columns(hit.cast(pl.Boolean).alias("hit"))
        if not per_list:
            return _combined_reason(reasons)
    if definition.restrict is not None:
        reason = _combined_reason(
            condition_reason(inputs, key, definition.restrict) for key in per_list
        )
        if reason:
            return reason
        restrict = definition.restrict.expr(scope).fill_null(False)
        per_list = {key: frame.filter(restrict) for key, frame in per_list.items()}
    return per_list


class _ChildIds:
    """The need of every figure that counts children: a child ID column with values."""

    def needs(self) -> tuple[Need, ...]:
        return (Need("child_id"),)

    def attributes(self) -> frozenset[str]:
        return frozenset()

    def child_sets(self) -> frozenset[str]:
        return frozenset()

    def other_lists(self) -> tuple[()]:
        return ()


_CHILD_IDS: Any = _ChildIds()


@dataclass(frozen=True)
class _Breakdowns:
    """For one definition: the breakdowns it can use, and why the others are not available."""

    usable: tuple[tuple[str, ...], ...]
    unavailable: tuple[tuple[str, str], ...]  # (breakdown key, reason), single breakdowns only


def _breakdowns(
    inputs: FigureInputs, definition: FigureDefinition, lists: tuple[str, ...]
) -> _Breakdowns:
    reasons = {
        key: BREAKDOWNS[key].reason(inputs, lists) for keys in definition.breakdowns for key in keys
    }
    usable = tuple(keys for keys in definition.breakdowns if not any(reasons[k] for k in keys))
    unavailable = tuple(
        (keys[0], reasons[keys[0]])
        for keys in definition.breakdowns
        if len(keys) == 1 and reasons[keys[0]]
    )
    return _Breakdowns(usable, unavailable)


def _measured_frame(
    inputs: FigureInputs, per_list: Mapping[str, pl.DataFrame], keys: Iterable[str]
) -> pl.DataFrame:
    """One frame of the measured rows of every list: list, index, child, hit, amount, groups."""
    scope = inputs.scope()
    keys = list(dict.fromkeys(keys))
    frames = []
    for list_key, frame in per_list.items():
        frames.append(
            frame.select(
                pl.lit(list_key).alias(_LIST),
                pl.col(INDEX).cast(pl.UInt32),
                pl.col("child_id").cast(pl.String),
                pl.col("hit").cast(pl.Boolean),
                (
                    pl.col(AMOUNT).cast(pl.Float64)
                    if AMOUNT in frame.columns
                    else pl.lit(None, pl.Float64).alias(AMOUNT)
                ),
                *[BREAKDOWNS[k].expr(scope, list_key).alias(_by(k)) for k in keys],
            )
        )
    return pl.concat(frames, how="vertical")


def _group_label(inputs: FigureInputs, keys: tuple[str, ...]) -> pl.Expr:
    parts: list[pl.Expr] = []
    for i, key in enumerate(keys):
        name = BREAKDOWNS[key].group_name(inputs)
        parts.append(pl.lit(("&" if i else "") + f"{name}=") + pl.col(_by(key)))
    return pl.concat_str(parts).alias(_GROUP)


def _order_key(inputs: FigureInputs, keys: tuple[str, ...], group: str) -> tuple[Any, ...]:
    """Groups of a breakdown in its declared order; others alphabetically, unknowns last."""
    values = [part.split("=", 1)[1] for part in group.split("&")]
    key: list[Any] = []
    for breakdown_key, value in zip(keys, values, strict=True):
        declared = BREAKDOWNS[breakdown_key].values(inputs)
        if value in declared:
            key.append((0, declared.index(value), ""))
        else:
            key.append((2 if value in _LAST else 1, 0, value))
    return tuple(key)


def _declared_groups(inputs: FigureInputs, keys: tuple[str, ...]) -> list[str]:
    """Every group the declared values of the breakdowns make (crossed: every combination)."""
    groups = [""]
    for i, key in enumerate(keys):
        breakdown = BREAKDOWNS[key]
        name = breakdown.group_name(inputs)
        values = breakdown.values(inputs)
        if not values:
            return []
        joiner = "&" if i else ""
        groups = [f"{g}{joiner}{name}={v}" for g in groups for v in values]
    return groups


def _stack(
    inputs: FigureInputs, definition: FigureDefinition, measured: pl.DataFrame, usable: _Breakdowns
) -> tuple[pl.DataFrame, list[tuple[tuple[str, ...], list[str]]]]:
    """The measured rows once per group, and each breakdown's groups in order (declared values
    and any other value found)."""
    parts = [measured.with_columns(pl.lit(ALL).alias(_GROUP))]
    ordered: list[tuple[tuple[str, ...], list[str]]] = []
    for keys in usable.usable:
        part = measured.with_columns(_group_label(inputs, keys)).filter(
            pl.col(_GROUP).is_not_null()
        )
        present = part[_GROUP].unique().to_list()
        groups = list(dict.fromkeys(_declared_groups(inputs, keys) + present))
        ordered.append((keys, sorted(groups, key=lambda g: _order_key(inputs, keys, g))))
        parts.append(part)
    return pl.concat(parts, how="vertical"), ordered


_HIT = pl.col("hit").fill_null(False)
_READABLE = pl.col("hit").is_not_null()
_HAS_CHILD = pl.col("child_id").is_not_null()


def _aggregate(
    definition: FigureDefinition, stacked: pl.DataFrame, measured: pl.DataFrame
) -> dict[str, dict[str, Any]]:
    """Numerator, denominator, value and the count of unreadable rows (or children) per group."""
    unit, children = definition.unit, definition.counts_children
    grouped = stacked.group_by(_GROUP)
    if unit == "median":
        table = grouped.agg(
            pl.col(AMOUNT).drop_nulls().len().alias("denominator"),
            pl.col(AMOUNT).median().alias("value"),
            pl.lit(0).alias("unreadable"),
        ).with_columns(pl.lit(None, pl.Int64).alias("numerator"))
    elif unit == "percent" and definition.shares:
        total = int(measured.select(_HIT.sum()).item() or 0)
        table = grouped.agg(
            _HIT.sum().alias("numerator"), pl.lit(0).alias("unreadable")
        ).with_columns(pl.lit(total).alias("denominator"))
    elif unit == "percent" and children:
        per_child = (
            stacked.filter(_HAS_CHILD)
            .group_by(_GROUP, "child_id")
            .agg(
                pl.when(pl.col("hit").is_null().all())
                .then(None)
                .otherwise(pl.col("hit").any())
                .alias("hit")
            )
        )
        table = per_child.group_by(_GROUP).agg(
            _HIT.sum().alias("numerator"),
            _READABLE.sum().alias("denominator"),
            (~_READABLE).sum().alias("unreadable"),
        )
    elif unit == "percent":
        table = grouped.agg(
            _HIT.sum().alias("numerator"),
            _READABLE.sum().alias("denominator"),
            (~_READABLE).sum().alias("unreadable"),
        )
    elif children:
        table = grouped.agg(
            pl.col("child_id").filter(_HIT & _HAS_CHILD).n_unique().alias("numerator"),
            pl.col("child_id").filter(~_READABLE & _HAS_CHILD).n_unique().alias("unreadable"),
        ).with_columns(pl.lit(None, pl.Int64).alias("denominator"))
    else:
        table = grouped.agg(
            _HIT.sum().alias("numerator"), (~_READABLE).sum().alias("unreadable")
        ).with_columns(pl.lit(None, pl.Int64).alias("denominator"))
    if "value" not in table.columns:
        table = table.with_columns(pl.lit(None, pl.Float64).alias("value"))
    return {row[_GROUP]: row for row in table.iter_rows(named=True)}


def _rows(
    definition: FigureDefinition, stacked: pl.DataFrame, measured: pl.DataFrame
) -> pl.DataFrame:
    """The rows behind every group, numerator and denominator, as index lists per list.

    A figure that counts children keeps one row a child (the first of theirs it counts), so its
    rows have as many children as its numerator and denominator. A share's denominator (every row
    the figure counts) is kept once, as the rows of its ``all`` group.
    """
    unit, children = definition.unit, definition.counts_children
    roles: list[tuple[str, pl.DataFrame]] = []
    if unit == "median":
        roles.append(("denominator", stacked.filter(pl.col(AMOUNT).is_not_null())))
    elif children:
        roles.append(("numerator", _first_per_child(stacked.filter(_HIT & _HAS_CHILD))))
    else:
        roles.append(("numerator", stacked.filter(_HIT)))
    if unit == "percent" and definition.shares:
        roles.append(("denominator", stacked.filter(_HIT & (pl.col(_GROUP) == ALL))))
    elif unit == "percent" and children:
        roles.append(("denominator", _first_per_child(stacked.filter(_READABLE & _HAS_CHILD))))
    elif unit == "percent":
        roles.append(("denominator", stacked.filter(_READABLE)))
    frames = [
        frame.group_by(_GROUP, _LIST, maintain_order=True)
        .agg(pl.col(INDEX).sort().alias("indices"))
        .select(
            pl.lit(definition.id).alias("figure_id"),
            pl.col(_GROUP).alias("group"),
            pl.lit(role).alias("role"),
            pl.col(_LIST).alias("list"),
            "indices",
        )
        for role, frame in roles
    ]
    return pl.concat(frames).cast(ROWS_SCHEMA)  # type: ignore[arg-type]


def _first_per_child(rows: pl.DataFrame) -> pl.DataFrame:
    """One row a child and group: the first of the child's rows (list order, then row order)."""
    return rows.unique(subset=[_GROUP, "child_id"], keep="first", maintain_order=True)


def _figure_row(
    definition: FigureDefinition,
    group: str,
    numbers: Mapping[str, Any] | None,
    lists_words: str,
) -> dict[str, Any]:
    unit = definition.unit
    noun = "children" if definition.counts_children else "rows"
    numerator = int(numbers["numerator"]) if numbers and numbers["numerator"] is not None else 0
    denominator = (
        int(numbers["denominator"])
        if numbers and numbers["denominator"] is not None
        else (0 if unit != "count" else None)
    )
    unreadable = int(numbers["unreadable"]) if numbers else 0
    notes, available = [], True
    if unreadable and definition.unreadable:
        one = "child" if noun == "children" else "row"
        notes.append(
            f"{unreadable:,} {one if unreadable == 1 else noun} left out: {definition.unreadable}."
        )
    if unit == "count":
        value: float | None = float(numerator)
        if group == ALL and numbers is None:
            notes.append(f"None of the rows of {lists_words} meets this figure's definition.")
    elif unit == "percent":
        value = percent(numerator, denominator or 0)
        if not denominator:
            available = False
            notes.insert(0, NO_ROWS_FOR_PERCENT)
    else:
        value = _one_decimal(numbers["value"]) if numbers and denominator else None
        if not denominator:
            available = False
            notes.insert(0, NO_ROWS_FOR_MEDIAN)
    return _record(
        definition,
        group,
        value=value,
        numerator=numerator if unit != "median" else None,
        denominator=denominator,
        available=available,
        note=" ".join(notes),
        is_empty=numbers is None,
    )


def _record(definition: FigureDefinition, group: str, **fields: Any) -> dict[str, Any]:
    national = definition.national
    return {
        "figure_id": definition.id,
        "group": group,
        "unit": definition.unit,
        "national_value": national.value if national else None,
        "national_period": national.period if national else None,
        # a share's denominator is every row of the figure: the rows of its all group
        "denominator_group": ALL if definition.shares and group != ALL else None,
        **fields,
    }


def _not_available(definition: FigureDefinition, group: str, reason: str) -> dict[str, Any]:
    return _record(
        definition,
        group,
        value=None,
        numerator=None,
        denominator=None,
        available=False,
        note=reason,
        is_empty=False,  # not measured: nothing is known of its rows
    )


def _group_notes(inputs: FigureInputs, keys: tuple[str, ...]) -> Callable[[str], list[str]]:
    """The notes the values of a group carry (a partial week), for the groups of ``keys``."""
    by_key = [BREAKDOWNS[key].value_notes(inputs) for key in keys]
    if not any(by_key):
        return lambda group: []

    def notes(group: str) -> list[str]:
        values = [part.split("=", 1)[1] for part in group.split("&")]
        return [n[v] for n, v in zip(by_key, values, strict=True) if v in n]

    return notes


def _noted(record: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    if notes:
        record["note"] = " ".join([*notes, record["note"]]).strip()
    return record


def compute_figure(
    inputs: FigureInputs, definition: FigureDefinition
) -> tuple[list[dict[str, Any]], pl.DataFrame]:
    """One figure's records (one per group) and the rows behind them."""
    measured = measure(inputs, definition)
    if isinstance(measured, str):
        return [_not_available(definition, ALL, measured)], pl.DataFrame(schema=ROWS_SCHEMA)
    lists = tuple(measured)
    usable = _breakdowns(inputs, definition, lists)
    frame = _measured_frame(inputs, measured, (k for keys in usable.usable for k in keys))
    stacked, ordered = _stack(inputs, definition, frame, usable)
    numbers = _aggregate(definition, stacked, frame)
    words = " and ".join(inputs.list_label(k) for k in lists)
    records = [_figure_row(definition, ALL, numbers.get(ALL), words)]
    unavailable = dict(usable.unavailable)
    for keys in definition.breakdowns:
        if keys in usable.usable:
            groups = next(g for k, g in ordered if k == keys)
            noted = _group_notes(inputs, keys)
            records += [
                _noted(_figure_row(definition, g, numbers.get(g), words), noted(g)) for g in groups
            ]
        elif len(keys) == 1 and keys[0] in unavailable:
            breakdown = BREAKDOWNS[keys[0]]
            name = breakdown.group_name(inputs)
            records += [
                _not_available(definition, f"{name}={v}", unavailable[keys[0]])
                for v in breakdown.values(inputs)
            ]
    return records, _rows(definition, stacked, frame)


def compute_figures(inputs: FigureInputs, only: Iterable[str] | None = None) -> FigureSet:
    """Every figure of the registry (or ``only`` these IDs), computed once, with its rows.

    Parameters
    ----------
    inputs
        The run's row tables (:func:`~jtai_analysis.analysis.figures.inputs.figure_inputs`).
    only
        Figure IDs to compute; default all of them.
    """
    chosen = definitions(inputs.theme)
    wanted = list(chosen) if only is None else list(only)
    records: list[dict[str, Any]] = []
    rows: list[pl.DataFrame] = []
    for figure_id in wanted:
        figure_records, figure_rows = compute_figure(inputs, chosen[figure_id])
        # focus children beside the other under-8s, recorded on the figure's focus row
        records += with_comparison(chosen[figure_id], figure_records, inputs.theme)
        rows.append(figure_rows)
    return FigureSet(
        reference_date=inputs.reference_date,
        figures=pl.DataFrame(records, schema=FIGURE_SCHEMA),
        rows=pl.concat(rows) if rows else pl.DataFrame(schema=ROWS_SCHEMA),
        row_tables=public_row_tables(inputs),
    )
