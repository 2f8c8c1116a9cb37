"""Pre-inspection indicators, exactly as ``design/interfaces.md`` defines them, from valid rows only.

The registry (titles, units, national figures, evaluation criteria, which are practice measures and
which repeat another for focus children) is ``indicators.yml``; the rows each indicator counts are
defined once in ``measures.py``; this module aggregates them. Percentages are 0-100 rounded half up
to one decimal; counts are exact. An indicator that cannot be computed (its list has not arrived,
or its input column is absent or unreadable) has no value and a note saying why: never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import cast

import polars as pl
import yaml

from jtai_analysis.analysis.comparators import comparator_period
from jtai_analysis.analysis.measures import MEASURES, Measured, measure_rows, unavailable_reason
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUPS, FOCUS_AGE_GROUPS
from jtai_analysis.common.spreadsheet import write_csv as write_safe_csv
from jtai_analysis.model.cohort import CHILD_LISTS, DA_LISTS, children
from jtai_analysis.model.prepared import PreparedData

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
GROUP_BY = ("all", "domestic_abuse", "focus", "age_group", "sex", "ethnic_group", "disability")
_REGISTRY = Path(__file__).with_name("indicators.yml")


def percent(numerator: int, denominator: int) -> float | None:
    """``numerator`` as a percentage of ``denominator``, rounded half up to one decimal.

    Exact decimal arithmetic, so 1 of 16 (6.25%) gives 6.3, never the 6.2 that binary floats and
    round-half-even give. None when the denominator is 0.
    """
    if not denominator:
        return None
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


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


@cache
def _registry_file() -> dict[str, object]:
    return yaml.safe_load(_REGISTRY.read_text(encoding="utf-8"))


def registry() -> tuple[dict[str, object], ...]:
    """The indicator definitions in pack order."""
    return tuple(cast(list[dict[str, object]], _registry_file()["indicators"]))


def police_codes() -> tuple[str, ...]:
    """Contact and referral source codes that mean police (reviewed in ``indicators.yml``)."""
    return tuple(str(c) for c in cast(list[object], _registry_file()["police_source_codes"]))


def practice_indicators() -> list[str]:
    """IDs of the practice measures broken down by group."""
    return [str(s["id"]) for s in registry() if s.get("practice")]


def aggregate(
    rows: pl.DataFrame, unit: str, *, distinct_children: bool, reason: str, per_child: bool = False
) -> Value:
    """Numerator and denominator from measured rows (``child_id``, ``hit``), with the note.

    Rows whose ``hit`` is null could not be read: they are left out, and the note counts them
    (as children when ``per_child``, the rows then being one per child).
    """
    unreadable = rows["hit"].null_count()
    if per_child:
        noun = "child" if unreadable == 1 else "children"
    else:
        noun = "row" if unreadable == 1 else "rows"
    note = f"{unreadable:,} {noun} left out: {reason}." if unreadable and reason else ""
    if unit == "percent":
        return Value(int(rows["hit"].sum() or 0), rows.height - unreadable, note)
    hits = rows.filter(pl.col("hit").fill_null(False))
    if distinct_children:
        return Value(hits["child_id"].drop_nulls().n_unique(), None, note)
    return Value(hits.height, None, note)


def da_not_available(data: PreparedData, catalogue: Catalogue) -> str:
    """Why children with domestic abuse recorded cannot be identified, or ``""`` when they can."""
    reasons = [unavailable_reason(data, catalogue, key, ("da_victim",)) for key in DA_LISTS]
    if all(reasons):
        return (
            "Not available: the domestic abuse field of List 4 or List 6 ("
            + " ".join(r.removeprefix("Not available: ") for r in reasons)
            + ")"
        )
    return ""


def _cohort_values(
    data: PreparedData, catalogue: Catalogue, cohort: pl.DataFrame
) -> dict[str, Value]:
    """Indicators counted on the cohort: young children with domestic abuse, unborn children."""
    out: dict[str, Value] = {}
    ids = ["da_children_under8", *[f"da_children_{g}" for g in FOCUS_AGE_GROUPS]]
    reason = da_not_available(data, catalogue)
    if reason:
        out.update(dict.fromkeys(ids, Value(None, None, reason)))
    else:
        focus = cohort.filter(pl.col("is_focus"))
        counts = dict(focus.group_by(pl.col("age_group").cast(pl.String)).len().iter_rows())
        out.update({f"da_children_{g}": Value(int(counts.get(g, 0))) for g in FOCUS_AGE_GROUPS})
        out["da_children_under8"] = Value(focus.height)
    with_dob = [
        key
        for key in CHILD_LISTS
        if not unavailable_reason(data, catalogue, key, ("date_of_birth",))
    ]
    if not with_dob:
        out["unborn_children"] = Value(
            None, None, "Not available: no list has arrived with a readable date of birth."
        )
    else:
        unknown = cohort.filter(pl.col("age_group").cast(pl.String) == "unknown").height
        note = f"{unknown:,} children with no readable date of birth left out." if unknown else ""
        unborn = cohort.filter(pl.col("age_group").cast(pl.String) == "unborn").height
        out["unborn_children"] = Value(unborn, None, note)
    return out


def measured(
    data: PreparedData,
    reference_date: dt.date,
    catalogue: Catalogue,
    cohort: pl.DataFrame,
) -> dict[str, Measured]:
    """The measured rows of every row-based indicator, focus repeats included."""
    out: dict[str, Measured] = {}
    codes = police_codes()
    focus_reason = da_not_available(data, catalogue)
    focus_ids = cohort.filter(pl.col("is_focus"))["child_id"]
    for spec in registry():
        name, base = str(spec["id"]), spec.get("focus_of")
        if base is None and name in MEASURES:
            out[name] = measure_rows(data, catalogue, name, reference_date, codes)
        elif base is not None:
            rows = out.get(str(base)) or measure_rows(
                data, catalogue, str(base), reference_date, codes
            )
            if rows.rows is None:
                out[name] = rows
            elif focus_reason:
                why = focus_reason.removeprefix("Not available: ")
                out[name] = Measured(None, f"Not available: focus children need {why}")
            else:
                out[name] = Measured(
                    rows.rows.filter(pl.col("child_id").is_in(focus_ids.to_list()))
                )
    return out


def compute(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> dict[str, Value]:
    """Every indicator's numerator, denominator and note (no numbers where not available)."""
    catalogue = catalogue or load_catalogue()
    cohort = children(data, reference_date)
    out = _cohort_values(data, catalogue, cohort)
    for name, rows in measured(data, reference_date, catalogue, cohort).items():
        spec = next(s for s in registry() if s["id"] == name)
        base = MEASURES[str(spec.get("focus_of") or name)]
        if rows.rows is None:
            out[name] = Value(None, None, rows.note)
        else:
            out[name] = aggregate(
                rows.rows,
                str(spec["unit"]),
                distinct_children=base.distinct_children or base.per_child,
                reason=base.reason,
                per_child=base.per_child,
            )
    return out


def indicator_table(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame:
    """One row per indicator with the columns of ``indicators.csv``."""
    values = compute(data, reference_date, catalogue)
    records: list[dict[str, object]] = []
    for spec in registry():
        value = values[str(spec["id"])]
        unit = str(spec["unit"])
        note = value.note
        if not note and unit == "percent" and value.numerator is not None and not value.denominator:
            note = "Not available: no rows to take a percentage of."
        records.append(
            {
                "indicator_id": spec["id"],
                "title": spec["title"],
                "value": value.value(unit),
                "numerator": value.numerator,
                "denominator": value.denominator,
                "unit": unit,
                "national_value": spec.get("national_value"),
                "national_period": spec.get("national_period"),
                "ec": spec.get("ec"),
                "note": note,
                "national_derived": bool(spec.get("national_derived")),
                "national_out_of_period": _out_of_period_note(spec, reference_date),
            }
        )
    schema = {
        "indicator_id": pl.String,
        "title": pl.String,
        "value": pl.Float64,
        "numerator": pl.Int64,
        "denominator": pl.Int64,
        "unit": pl.String,
        "national_value": pl.Float64,
        "national_period": pl.String,
        "ec": pl.String,
        "note": pl.String,
        "national_derived": pl.Boolean,  # not in indicators.csv: labels the pack's England figure
        # not in indicators.csv: why the England figure is out of period for these data, or null
        "national_out_of_period": pl.String,
    }
    return pl.DataFrame(records, schema=schema)


def _out_of_period_note(spec: dict[str, object], reference_date: dt.date) -> str | None:
    """What the pack says beside an England figure more than a year from the data (else None)."""
    if spec.get("national_value") is None:
        return None
    judged = comparator_period(str(spec.get("national_period") or ""), reference_date)
    return judged.note if judged is not None and not judged.is_in_period else None


def group_attributes(cohort: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """Each child's group under every breakdown: ``child_id`` and one text column per group_by."""
    ethnic_groups = {c.code: c.group or "Unknown" for c in catalogue.codelists["ethnicity"].codes}

    def text(column: str) -> pl.Expr:
        if column not in cohort.columns:
            return pl.lit("Unknown").alias(column)
        return pl.col(column).cast(pl.String).fill_null("Unknown").alias(column)

    yes_no = {True: "Yes", False: "No"}
    return cohort.select(
        "child_id",
        pl.col("is_da").replace_strict(yes_no, return_dtype=pl.String).alias("domestic_abuse"),
        pl.col("is_focus").replace_strict(yes_no, return_dtype=pl.String).alias("focus"),
        text("age_group"),
        text("sex"),
        (
            pl.col("ethnicity").replace_strict(ethnic_groups, default="Unknown")
            if "ethnicity" in cohort.columns
            else pl.lit("Unknown")
        ).alias("ethnic_group"),
        text("disability"),
    )


def _group_order(group_by: str, group: object) -> tuple[int, str]:
    """Age groups youngest first; other groups alphabetically, Unknown last."""
    if group_by == "age_group" and group in AGE_GROUPS:
        return AGE_GROUPS.index(str(group)), ""
    return (1 if group == "Unknown" else 0), str(group)


def indicators_by_group(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame:
    """Every practice indicator by group: the rows of ``indicators_by_group.csv``.

    One row per ``indicator_id, group_by, group`` (``group_by`` one of :data:`GROUP_BY`); a
    child whose row carries no child ID, or who has no value for the characteristic, is in the
    group ``Unknown``. An indicator that is not available has one ``all`` row with no value.
    """
    catalogue = catalogue or load_catalogue()
    cohort = children(data, reference_date)
    attributes = group_attributes(cohort, catalogue)
    rows_by_name = measured(data, reference_date, catalogue, cohort)
    records: list[dict[str, object]] = []
    for spec in registry():
        name = str(spec["id"])
        if not spec.get("practice"):
            continue
        unit, measure = str(spec["unit"]), MEASURES[name]
        rows = rows_by_name[name].rows
        if rows is None:
            records.append(
                {"indicator_id": name, "group_by": "all", "group": "All children", "unit": unit}
            )
            continue
        joined = rows.join(attributes, on="child_id", how="left").with_columns(
            pl.col(c).fill_null("Unknown") for c in GROUP_BY[1:]
        )
        for group_by in GROUP_BY:
            keys = (
                [("All children", joined)]
                if group_by == "all"
                else sorted(
                    joined.partition_by(group_by, as_dict=True).items(),
                    key=lambda item: _group_order(group_by, item[0][0]),
                )
            )
            for group, part in keys:
                label = group[0] if isinstance(group, tuple) else group
                value = aggregate(
                    part,
                    unit,
                    distinct_children=measure.distinct_children or measure.per_child,
                    reason=measure.reason,
                    per_child=measure.per_child,
                )
                records.append(
                    {
                        "indicator_id": name,
                        "group_by": group_by,
                        "group": str(label),
                        "value": value.value(unit),
                        "numerator": value.numerator,
                        "denominator": value.denominator,
                        "unit": unit,
                    }
                )
    schema = {
        "indicator_id": pl.String,
        "group_by": pl.String,
        "group": pl.String,
        "value": pl.Float64,
        "numerator": pl.Int64,
        "denominator": pl.Int64,
        "unit": pl.String,
    }
    return pl.DataFrame(records, schema=schema)


def _shown_value(unit_column: str = "unit") -> pl.Expr:
    return (
        pl.when(pl.col(unit_column) == "count")
        .then(pl.col("value").cast(pl.Int64).cast(pl.String))
        .otherwise(pl.col("value").map_elements(lambda v: f"{v:.1f}", return_dtype=pl.String))
        .alias("value")
    )


def write_csv(table: pl.DataFrame, path: Path) -> Path:
    """``indicators.csv``: counts as whole numbers, percentages to one decimal, blank if not available."""
    shown = table.with_columns(_shown_value(), pl.col("note").replace("", None))
    return write_safe_csv(shown.select(CSV_COLUMNS), path)


def write_by_group_csv(table: pl.DataFrame, path: Path) -> Path:
    """``indicators_by_group.csv``, written like ``indicators.csv``."""
    return write_safe_csv(table.with_columns(_shown_value()).select(BY_GROUP_COLUMNS), path)


def for_readers(table: pl.DataFrame) -> pl.DataFrame:
    """The indicator table as the pack shows it: counts as whole numbers, percentages with a % sign.

    A value that is not available reads "Not available"; the note says why.
    """

    def shown(column: str) -> pl.Expr:
        number = pl.col(column)
        as_count = number.cast(pl.Int64).map_elements(lambda v: f"{v:,}", return_dtype=pl.String)
        as_percent = number.map_elements(lambda v: f"{v:.1f}%", return_dtype=pl.String)
        return (
            pl.when(number.is_null())
            .then(pl.lit(""))
            .when(pl.col("unit") == "count")
            .then(as_count)
            .otherwise(as_percent)
        )

    if "national_out_of_period" not in table.columns:  # a table written before issue 21
        table = table.with_columns(pl.lit(None, pl.String).alias("national_out_of_period"))
    return table.select(
        pl.col("title").alias("Indicator"),
        pl.when(pl.col("value").is_null() & (pl.col("note").fill_null("") != ""))
        .then(pl.lit("Not available"))
        .otherwise(shown("value"))
        .alias("Value"),
        pl.col("numerator").alias("Numerator"),
        pl.col("denominator").alias("Denominator"),
        pl.when(pl.col("national_derived"))
        .then(shown("national_value") + pl.lit(" (derived)"))
        .otherwise(shown("national_value"))
        .alias("England"),
        (
            pl.col("national_period").fill_null("")
            + pl.when(pl.col("national_out_of_period").is_not_null())
            .then(pl.lit(" (out of period: more than a year from these data)"))
            .otherwise(pl.lit(""))
        ).alias("Period"),
        pl.col("ec").alias("Informs"),
        pl.col("note").fill_null("").alias("Note"),
    )


def compared_with_england(table: pl.DataFrame) -> pl.DataFrame:
    """The indicators with an England figure, for a chart: an England figure worked out from
    published counts is labelled "(England derived)" beside the indicator's title."""
    return table.filter(pl.col("national_value").is_not_null()).select(
        pl.when(pl.col("national_derived"))
        .then(pl.col("title") + pl.lit(" (England derived)"))
        .otherwise(pl.col("title"))
        .alias("Indicator"),
        pl.col("value").alias("This area (%)"),
        pl.col("national_value").alias("England (%)"),
    )
