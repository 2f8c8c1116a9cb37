"""The pre-inspection indicators, exactly as ``design/interfaces.md`` defines them: views of the figures.

Every indicator is a figure of :mod:`jtai_analysis.analysis.figures` (``indicator: true`` in its
``definitions.yml``): ``indicators.csv`` is each indicator's ``all`` group, and
``indicators_by_group.csv`` the practice indicators' groups, read from the same
:class:`~jtai_analysis.analysis.figures.FigureSet` that the pack and ``figures.csv`` show, so they
cannot disagree. Percentages are 0-100 rounded half up to one decimal; counts are exact. An
indicator that cannot be computed (its list has not arrived, or its input column is absent or
unreadable) has no value and a note saying why: never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.analysis.comparators import comparator_period
from jtai_analysis.analysis.figures import (
    FigureDefinition,
    FigureSet,
    compute_figures,
    figure_inputs,
    indicator_definitions,
    percent,
)
from jtai_analysis.analysis.figures.availability import Arrived, flag_reason
from jtai_analysis.analysis.figures.definitions import registry_code_sets
from jtai_analysis.analysis.figures.figure_set import shown_value
from jtai_analysis.catalogue.labels import headings, word
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.common.column_types import schema_of
from jtai_analysis.common.spreadsheet import write_csv as write_safe_csv
from jtai_analysis.model.prepared import PreparedData

__all__ = [
    "BY_GROUP_COLUMNS",
    "CSV_COLUMNS",
    "Value",
    "by_group_from",
    "compared_with_england",
    "compute",
    "da_not_available",
    "for_readers",
    "indicator_table",
    "indicators_by_group",
    "percent",
    "police_codes",
    "practice_indicators",
    "registry",
    "table_from",
    "value_for_readers",
    "write_by_group_csv",
    "write_csv",
]

CSV_COLUMNS = (
    "indicator_id",
    "title",
    "value",
    "numerator",
    "denominator",
    "unit",
    "national_value",
    "national_period",
    "ec",
    "note",
)
BY_GROUP_COLUMNS = (
    "indicator_id",
    "group_by",
    "group",
    "value",
    "numerator",
    "denominator",
    "unit",
)
ALL_CHILDREN = "All children"
# The table as built: the columns of indicators.csv, then two the pack reads beside them (not in
# indicators.csv): whether the England figure is derived (its label) and why it is out of period
# for these data (or null).
_TABLE_SCHEMA = schema_of(*CSV_COLUMNS, "national_derived", "national_out_of_period")
_BY_GROUP_SCHEMA = schema_of(*BY_GROUP_COLUMNS)


def group_by_names() -> tuple[str, ...]:
    """``indicators_by_group.csv``'s ``group_by`` values: all, the theme's flag and focus, then
    the practice breakdowns."""
    from jtai_analysis.analysis.figures.definitions import _registry_file

    flag = load_theme().flag.breakdown
    return ("all", flag, "focus", *_registry_file().practice_breakdowns)


@dataclass(frozen=True)
class Value:
    """A computed value: a count (numerator only) or a percentage, and a note when one is due."""

    numerator: int | None
    denominator: int | None = None
    note: str = ""

    def value(self, unit: str) -> float | int | None:
        if unit == "count":
            return self.numerator
        if self.numerator is None or not self.denominator:
            return None
        return percent(self.numerator, self.denominator)


def registry() -> tuple[dict[str, object], ...]:
    """The indicator definitions in pack order, as plain mappings (``id``, ``title``, ``unit``,
    ``national_value``, ``national_period``, ``national_derived``, ``ec``, ``practice``,
    ``focus_of``)."""
    return tuple(
        {
            "id": d.id,
            "title": d.title,
            "unit": d.unit,
            "national_value": d.national.value if d.national else None,
            "national_period": d.national.period if d.national else None,
            "national_derived": bool(d.national and d.national.derived),
            "national_source": d.national.source if d.national else None,
            "ec": d.ec,
            "practice": d.practice,
            "focus_of": d.focus_of,
        }
        for d in indicator_definitions()
    )


def police_codes() -> tuple[str, ...]:
    """Contact and referral source codes that mean police (reviewed in ``definitions.yml``)."""
    return registry_code_sets()["police"]


def practice_indicators() -> list[str]:
    """IDs of the practice measures broken down by group."""
    return [d.id for d in indicator_definitions() if d.practice]


def da_not_available(data: PreparedData, catalogue: Catalogue) -> str:
    """Why children with domestic abuse recorded cannot be identified, or ``""`` when they can."""
    return flag_reason(Arrived(data, catalogue, load_theme()))


def _indicator_figures(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None
) -> FigureSet:
    inputs = figure_inputs(data, reference_date, catalogue=catalogue or load_catalogue())
    return compute_figures(inputs, only=[d.id for d in indicator_definitions()])


def compute(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> dict[str, Value]:
    """Every indicator's numerator, denominator and note (no numbers where not available)."""
    figures = _indicator_figures(data, reference_date, catalogue)
    out = {}
    for definition in indicator_definitions():
        row = figures.figure(definition.id)
        assert row is not None  # every figure has an "all" group
        out[definition.id] = Value(row["numerator"], row["denominator"], row["note"] or "")
    return out


def table_from(figures: FigureSet) -> pl.DataFrame:
    """The rows of ``indicators.csv`` (and the pack's indicator table) from a run's figures."""
    records: list[dict[str, Any]] = []
    for definition in indicator_definitions():
        row = figures.figure(definition.id) or {}
        records.append(
            {
                "indicator_id": definition.id,
                "title": definition.title,
                "value": row.get("value"),
                "numerator": row.get("numerator"),
                "denominator": row.get("denominator"),
                "unit": definition.unit,
                "national_value": definition.national.value if definition.national else None,
                "national_period": definition.national.period if definition.national else None,
                "ec": definition.ec,
                "note": row.get("note") or "",
                "national_derived": bool(definition.national and definition.national.derived),
                "national_out_of_period": _out_of_period_note(definition, figures.reference_date),
            }
        )
    return pl.DataFrame(records, schema=_TABLE_SCHEMA)


def indicator_table(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame:
    """One row per indicator with the columns of ``indicators.csv`` (from a run's figures:
    :func:`table_from`)."""
    return table_from(_indicator_figures(data, reference_date, catalogue))


def _out_of_period_note(definition: FigureDefinition, reference_date: dt.date) -> str | None:
    """What the pack says beside an England figure more than a year from the data (else None)."""
    if definition.national is None:
        return None
    judged = comparator_period(definition.national.period, reference_date)
    return judged.note if judged is not None and not judged.is_in_period else None


def _split_group(group: str) -> tuple[str, str] | None:
    """``all`` or ``BREAKDOWN=VALUE`` as ``(group_by, group)``; None for a crossed group."""
    if group == "all":
        return "all", ALL_CHILDREN
    if "&" in group:
        return None
    name, value = group.split("=", 1)
    return name, value


def _always_shown(group_by: str) -> bool:
    from jtai_analysis.analysis.figures.breakdowns import BREAKDOWNS

    key = "flag" if group_by == load_theme().flag.breakdown else group_by
    return key in BREAKDOWNS and BREAKDOWNS[key].always_shown


def by_group_from(figures: FigureSet) -> pl.DataFrame:
    """The rows of ``indicators_by_group.csv`` from a run's figures.

    One row per ``indicator_id, group_by, group`` for every practice indicator; an indicator that
    is not available has one ``all`` row with no value. A breakdown by something that cannot be
    known (focus children with no domestic abuse field) has its groups with no value, never 0.
    """
    names = group_by_names()
    records: list[dict[str, Any]] = []
    for definition in indicator_definitions():
        if not definition.practice:
            continue
        for group in figures.groups(definition.id):
            split = _split_group(group)
            if split is None or split[0] not in names:
                continue
            row = figures.figure(definition.id, group) or {}
            if row.get("is_empty") and not _always_shown(split[0]):
                continue  # a declared group with no rows: the CSV shows the groups with rows
            records.append(
                {
                    "indicator_id": definition.id,
                    "group_by": split[0],
                    "group": split[1],
                    "value": row.get("value"),
                    "numerator": row.get("numerator"),
                    "denominator": row.get("denominator"),
                    "unit": definition.unit,
                }
            )
    # the figures keep the registry's order of indicators and of groups (all, flag, focus, ...)
    return pl.DataFrame(records, schema=_BY_GROUP_SCHEMA)


def indicators_by_group(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame:
    """Every practice indicator by group: the rows of ``indicators_by_group.csv`` (from a run's
    figures: :func:`by_group_from`)."""
    return by_group_from(_indicator_figures(data, reference_date, catalogue))


def write_csv(table: pl.DataFrame, path: Path) -> Path:
    """``indicators.csv``: counts as whole numbers, percentages to one decimal, blank if not available."""
    shown = table.with_columns(shown_value(), pl.col("note").replace("", None))
    return write_safe_csv(shown.select(CSV_COLUMNS), path)


def write_by_group_csv(table: pl.DataFrame, path: Path) -> Path:
    """``indicators_by_group.csv``, written like ``indicators.csv``."""
    return write_safe_csv(table.with_columns(shown_value()).select(BY_GROUP_COLUMNS), path)


def value_for_readers(column: str, blank: str) -> pl.Expr:
    """A count or percentage as the pack shows it (by the row's ``unit``): counts whole, with a
    thousands separator, percentages to one decimal with a % sign, ``blank`` where there is none.

    Rounded to one decimal by polars first, as the charts' numbers are, so a table and its chart
    never differ in the last digit; a count that is not whole (a median or quartile of several
    areas' counts) keeps its one decimal. An indicator's own values are whole counts and
    percentages already to one decimal, which this writes unchanged.
    """
    number = pl.col(column).round(1)
    as_count = number.map_elements(
        lambda v: f"{v:,.0f}" if v == int(v) else f"{v:,.1f}", return_dtype=pl.String
    )
    as_percent = number.map_elements(lambda v: f"{v:.1f}%", return_dtype=pl.String)
    return (
        pl.when(number.is_null())
        .then(pl.lit(blank))
        .when(pl.col("unit") == "count")
        .then(as_count)
        .otherwise(as_percent)
    )


def for_readers(table: pl.DataFrame) -> pl.DataFrame:
    """The indicator table as the pack shows it: counts as whole numbers, percentages with a % sign.

    A value that is not available reads "Not available"; the note says why.
    """

    def shown(column: str) -> pl.Expr:
        return value_for_readers(column, blank="")

    heading = headings("indicators")
    if "national_out_of_period" not in table.columns:  # a table written before issue 21
        table = table.with_columns(pl.lit(None, pl.String).alias("national_out_of_period"))
    return table.select(
        pl.col("title").alias(heading["title"]),
        pl.when(pl.col("value").is_null() & (pl.col("note").fill_null("") != ""))
        .then(pl.lit(word("not_available")))
        .otherwise(shown("value"))
        .alias(heading["value"]),
        pl.col("numerator").alias(heading["numerator"]),
        pl.col("denominator").alias(heading["denominator"]),
        pl.when(pl.col("national_derived"))
        .then(shown("national_value") + pl.lit(" (derived)"))
        .otherwise(shown("national_value"))
        .alias(heading["national_value"]),
        (
            pl.col("national_period").fill_null("")
            + pl.when(pl.col("national_out_of_period").is_not_null())
            .then(pl.lit(" (out of period: more than a year from these data)"))
            .otherwise(pl.lit(""))
        ).alias(heading["national_period"]),
        pl.col("ec").alias(heading["ec"]),
        pl.col("note").fill_null("").alias(heading["note"]),
    )


def compared_with_england(table: pl.DataFrame) -> pl.DataFrame:
    """The indicators with an England figure, for a chart: an England figure worked out from
    published counts is labelled "(England derived)" beside the indicator's title."""
    heading = headings("compared_with_england")
    return table.filter(pl.col("national_value").is_not_null()).select(
        pl.when(pl.col("national_derived"))
        .then(pl.col("title") + pl.lit(" (England derived)"))
        .otherwise(pl.col("title"))
        .alias(heading["title"]),
        pl.col("value").alias(heading["value"]),
        pl.col("national_value").alias(heading["national_value"]),
    )
