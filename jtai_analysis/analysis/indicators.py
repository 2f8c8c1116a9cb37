"""Pre-inspection indicators, exactly as ``design/interfaces.md`` defines them, from valid rows only.

The registry (titles, units, national figures and evaluation criteria) is ``indicators.yml``; this
module computes the numbers. A list that has not arrived gives blank values, never an error.
Percentages are 0-100 to one decimal; counts are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from jtai_analysis.common.derive import FOCUS_AGE_GROUPS, age_group_expr, window_start
from jtai_analysis.common.spreadsheet import write_table
from jtai_analysis.common.workdays import working_days_series
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
)
_REGISTRY = Path(__file__).with_name("indicators.yml")


@dataclass(frozen=True)
class Value:
    """A computed value: a count (numerator only) or a percentage of numerator over denominator."""

    numerator: int | None
    denominator: int | None = None

    def value(self, unit: str) -> float | int | None:
        if unit == "count":
            return self.numerator
        if self.numerator is None or not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)


@cache
def registry() -> tuple[dict[str, object], ...]:
    """The indicator definitions in pack order."""
    return tuple(yaml.safe_load(_REGISTRY.read_text(encoding="utf-8"))["indicators"])


def _in_window(column: str, start: dt.date, reference: dt.date) -> pl.Expr:
    return pl.col(column).is_between(start, reference)


def _yes(column: str) -> pl.Expr:
    return pl.col(column) == "Yes"


def compute(data: PreparedData, reference_date: dt.date) -> dict[str, Value]:
    """Every indicator's numerator and denominator (None where the list has not arrived)."""
    start = window_start(reference_date)
    out: dict[str, Value] = {}

    def with_list(
        key: str, ids: list[str], compute_from: Callable[[pl.DataFrame], dict[str, Value]]
    ) -> None:
        frame = data.frame(key)
        out.update(compute_from(frame) if frame is not None else dict.fromkeys(ids, Value(None)))

    def contacts(frame: pl.DataFrame) -> dict[str, Value]:
        rows = frame.filter(_in_window("contact_date", start, reference_date))
        return {
            "contacts_count": Value(rows.height),
            "contacts_children": Value(rows["child_id"].drop_nulls().n_unique()),
        }

    def referrals(frame: pl.DataFrame) -> dict[str, Value]:
        rows = frame.filter(_in_window("referral_date", start, reference_date))
        return {
            "referrals_count": Value(rows.height),
            "referrals_nfa_pct": Value(
                int(rows.select(_yes("referral_nfa").sum()).item() or 0), rows.height
            ),
            "rereferrals_12m_pct": Value(
                int(rows.select((pl.col("referrals_last_12m_count") >= 1).sum()).item() or 0),
                rows.height,
            ),
        }

    def assessments(frame: pl.DataFrame) -> dict[str, Value]:
        done = frame.filter(_in_window("assessment_authorised_date", start, reference_date))
        days = working_days_series(
            done["assessment_start_date"], done["assessment_authorised_date"]
        )
        return {
            "assessments_completed_count": Value(done.height),
            "assessments_within_45wd_pct": Value(int((days <= 45).sum()), done.height),
            "assessments_da_pct": Value(
                int(frame.select(_yes("da_victim").sum()).item() or 0), frame.height
            ),
        }

    def s47(frame: pl.DataFrame) -> dict[str, Value]:
        icpc = frame.filter(_in_window("icpc_date", start, reference_date))
        days = working_days_series(icpc["strategy_date"], icpc["icpc_date"])
        return {
            "s47_count": Value(
                frame.filter(_in_window("strategy_date", start, reference_date)).height
            ),
            "icpc_count": Value(icpc.height),
            "icpc_within_15wd_pct": Value(int((days <= 15).sum()), icpc.height),
            "icpc_to_cpp_pct": Value(
                int(icpc.select(_yes("icpc_resulted_in_cpp").sum()).item() or 0), icpc.height
            ),
        }

    def cin(frame: pl.DataFrame) -> dict[str, Value]:
        children = (
            frame.filter(pl.col("child_id").is_not_null())
            .group_by("child_id")
            .agg(_yes("da_victim").any().alias("da"))
        )
        return {
            "cin_children": Value(children.height),
            "cin_da_pct": Value(int(children["da"].sum()), children.height),
        }

    def cp(frame: pl.DataFrame) -> dict[str, Value]:
        is_open = (pl.col("cpp_start_date") <= reference_date) & (
            pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > reference_date)
        )
        started = frame.filter(_in_window("cpp_start_date", start, reference_date))
        return {
            "cpp_open_count": Value(frame.filter(is_open).height),
            "cpp_started_count": Value(started.height),
            "cpp_repeat_pct": Value(
                int(started.select((pl.col("previous_cpp_count") >= 1).sum()).item() or 0),
                started.height,
            ),
        }

    with_list("contacts", ["contacts_count", "contacts_children"], contacts)
    with_list(
        "referrals", ["referrals_count", "referrals_nfa_pct", "rereferrals_12m_pct"], referrals
    )
    with_list(
        "assessments",
        ["assessments_completed_count", "assessments_within_45wd_pct", "assessments_da_pct"],
        assessments,
    )
    with_list("s47", ["s47_count", "icpc_count", "icpc_within_15wd_pct", "icpc_to_cpp_pct"], s47)
    with_list("cin", ["cin_children", "cin_da_pct"], cin)
    with_list("cp", ["cpp_open_count", "cpp_started_count", "cpp_repeat_pct"], cp)
    out.update(_young_da_children(data, reference_date))
    not_in_fte = data.frame("not_in_fte")
    under_25 = (
        None
        if not_in_fte is None
        else not_in_fte.filter(pl.col("hours_per_week") < 25)["child_id"].drop_nulls().n_unique()
    )
    out["not_in_fte_under25h"] = Value(under_25)
    return out


def _young_da_children(data: PreparedData, reference_date: dt.date) -> dict[str, Value]:
    """Distinct children in List 4 or 6 with domestic abuse = Yes, by age group at the reference date."""
    ids = ["da_children_under8", *[f"da_children_{g}" for g in FOCUS_AGE_GROUPS]]
    frames = [data.frame(k) for k in ("assessments", "cin") if data.has(k)]
    if not frames:
        return dict.fromkeys(ids, Value(None))
    rows = pl.concat(
        [f.filter(_yes("da_victim")).select("child_id", "date_of_birth") for f in frames]
    )
    # A child's date of birth: the most frequent on their rows (ties: the earliest).
    children = (
        rows.filter(pl.col("child_id").is_not_null())
        .group_by("child_id")
        .agg(pl.col("date_of_birth").drop_nulls().mode().sort().first())
        .with_columns(
            age_group_expr("date_of_birth", reference_date).cast(pl.String).alias("age_group")
        )
    )
    counts = dict(children.group_by("age_group").len().iter_rows())
    by_group = {f"da_children_{g}": Value(int(counts.get(g, 0))) for g in FOCUS_AGE_GROUPS}
    return {
        "da_children_under8": Value(sum(v.numerator or 0 for v in by_group.values())),
        **by_group,
    }


def indicator_table(data: PreparedData, reference_date: dt.date) -> pl.DataFrame:
    """One row per indicator with the columns of ``indicators.csv``."""
    values = compute(data, reference_date)
    records = []
    for spec in registry():
        value = values[str(spec["id"])]
        unit = str(spec["unit"])
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
    }
    return pl.DataFrame(records, schema=schema)


def write_csv(table: pl.DataFrame, path: Path) -> Path:
    """``indicators.csv``: counts written as whole numbers, percentages to one decimal."""
    shown = table.with_columns(
        pl.when(pl.col("unit") == "count")
        .then(pl.col("value").cast(pl.Int64).cast(pl.String))
        .otherwise(pl.col("value").round(1).cast(pl.String))
        .alias("value")
    )
    return write_table(shown.select(CSV_COLUMNS), path)


def for_readers(table: pl.DataFrame) -> pl.DataFrame:
    """The indicator table as the pack shows it: counts as whole numbers, percentages with a % sign."""

    def shown(column: str) -> pl.Expr:
        number = pl.col(column)
        as_count = number.cast(pl.Int64).map_elements(lambda v: f"{v:,}", return_dtype=pl.String)
        as_percent = number.round(1).map_elements(lambda v: f"{v:.1f}%", return_dtype=pl.String)
        return (
            pl.when(number.is_null())
            .then(pl.lit(""))
            .when(pl.col("unit") == "count")
            .then(as_count)
            .otherwise(as_percent)
        )

    return table.select(
        pl.col("title").alias("Indicator"),
        shown("value").alias("Value"),
        pl.col("numerator").alias("Numerator"),
        pl.col("denominator").alias("Denominator"),
        shown("national_value").alias("England"),
        pl.col("national_period").fill_null("").alias("Period"),
        pl.col("ec").alias("Informs"),
    )
