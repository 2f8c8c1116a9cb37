"""Journeys and plans: children at each step from contact to plan, the time between steps, and needs.

Steps count distinct children with a row dated in the window: contact (List 1), referral (List 3),
assessment started (List 4), section 47 strategy discussion (List 5), initial conference (List 5),
plan started (List 7). Time between steps is the median of each child's working days from their
first event at one step to their first event at the next on or after it.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS, AGE_GROUPS, window_start
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.model.prepared import PreparedData

# (list, date column, how the pack names the step), in the order a journey goes.
STEPS = (
    ("contacts", "contact_date", "Contact"),
    ("referrals", "referral_date", "Referral"),
    ("assessments", "assessment_start_date", "Assessment started"),
    ("s47", "strategy_date", "Section 47 strategy discussion"),
    ("s47", "icpc_date", "Initial child protection conference"),
    ("cp", "cpp_start_date", "Child protection plan started"),
)


# The outcome that ends a journey at a step: (column, code, words). Codes are the contracts'.
OUTCOMES = {
    "Referral": ("referral_nfa", "Yes", "no further action"),
    "Assessment started": ("needs_csc_support", "No", "no further social care support"),
    "Section 47 strategy discussion": ("icpc_unnecessary", "Yes", "no conference needed"),
    "Initial child protection conference": ("icpc_resulted_in_cpp", "No", "no plan"),
}


def _outcome_children(
    data: PreparedData, list_key: str, column: str, step: str, reference_date: dt.date
) -> set[str] | None:
    """Children whose row at this step (dated in the window) records the step's ending outcome."""
    frame = data.frame(list_key)
    outcome = OUTCOMES.get(step)
    if frame is None or outcome is None or outcome[0] not in frame.columns:
        return None
    field, code, _ = outcome
    rows = frame.filter(
        pl.col(column).is_between(window_start(reference_date), reference_date)
        & (pl.col(field) == code)
    )
    return set(rows["child_id"].drop_nulls())


def _first_dates(
    data: PreparedData, list_key: str, column: str, reference_date: dt.date
) -> pl.DataFrame | None:
    frame = data.frame(list_key)
    if frame is None or column not in frame.columns or "child_id" not in frame.columns:
        return None
    return (
        frame.filter(pl.col(column).is_between(window_start(reference_date), reference_date))
        .filter(pl.col("child_id").is_not_null())
        .group_by("child_id")
        .agg(pl.col(column).min().alias("day"))
    )


def journey_steps(
    data: PreparedData, reference_date: dt.date, children: list[str] | None = None
) -> pl.DataFrame:
    """Children at each step in the window, and median working days from the step before.

    Parameters
    ----------
    children
        Only these child IDs (e.g. the focus children); None for all children.

    A step whose list has not arrived has no counts ("not available" in the pack), never 0.
    """
    records = []
    previous: pl.DataFrame | None = None
    for list_key, column, label in STEPS:
        firsts = _first_dates(data, list_key, column, reference_date)
        if firsts is not None and children is not None:
            firsts = firsts.filter(pl.col("child_id").is_in(children))
        median = None
        if firsts is not None and previous is not None:
            pairs = previous.join(firsts, on="child_id", suffix="_next").filter(
                pl.col("day_next") >= pl.col("day")
            )
            if pairs.height:
                middle = working_days_series(pairs["day"], pairs["day_next"]).median()
                median = float(middle) if isinstance(middle, int | float) else None
        ended = _outcome_children(data, list_key, column, label, reference_date)
        outcome = ""
        if ended is not None and firsts is not None:
            count = len(ended & set(firsts["child_id"]))
            noun = "child" if count == 1 else "children"
            outcome = f"{count:,} {noun}: {OUTCOMES[label][2]}"
        records.append(
            {
                "Step": label,
                "Children": None if firsts is None else firsts.height,
                "Median working days from the step before": median,
                "Outcome": outcome,
            }
        )
        previous = firsts
    return pl.DataFrame(
        records,
        schema={
            "Step": pl.String,
            "Children": pl.Int64,
            "Median working days from the step before": pl.Float64,
            "Outcome": pl.String,
        },
    )


def _count_plans(plans: pl.DataFrame, column: str, code: str | None, only: list[str] | None) -> int:
    """Plans whose ``column`` is ``code`` (None: blank), among children ``only`` if given."""
    match = pl.col(column).is_null() if code is None else pl.col(column) == code
    if only is not None:
        match = match & pl.col("child_id").is_in(only)
    return plans.filter(match).height


def _open_plans(data: PreparedData, reference_date: dt.date) -> pl.DataFrame | None:
    """Plans open at R with both categories of abuse, or None when List 7 lacks them."""
    frame = data.frame("cp")
    needed = {"cpp_start_date", "cpp_end_date", "initial_abuse_category", "latest_abuse_category"}
    if frame is None or not needed <= set(frame.columns):
        return None
    return frame.filter(
        (pl.col("cpp_start_date") <= reference_date)
        & (pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > reference_date))
    )


def _abuse_category_labels() -> dict[str, str]:
    return {
        c.code: c.label.split(") ", 1)[-1]
        for c in load_catalogue().codelists["abuse_category"].codes
    }


def _by_age_group(rows: pl.DataFrame, label: str, cohort: pl.DataFrame) -> pl.DataFrame:
    """Rows counted by ``label`` (table rows) and the child's age group from the cohort (columns).

    One child, one age: the age group is the cohort's; a child the cohort does not know is counted
    as "Unknown". Columns in age order, then "All"; rows by "All", most first.
    """
    ages = cohort.select(pl.col("child_id").cast(pl.String), pl.col("age_group").cast(pl.String))
    counted = (
        rows.select(pl.col("child_id").cast(pl.String), label)
        .join(ages, on="child_id", how="left")
        .with_columns(pl.col("age_group").fill_null("unknown"))
        .group_by(label, "age_group")
        .len()
    )
    table = pl.DataFrame({label: counted[label].unique().sort(nulls_last=True)})
    for group in AGE_GROUPS:
        counts = counted.filter(pl.col("age_group") == group).select(
            label, pl.col("len").alias(AGE_GROUP_LABELS[group])
        )
        table = table.join(counts, on=label, how="left", nulls_equal=True)
    columns = [AGE_GROUP_LABELS[g] for g in AGE_GROUPS]
    table = table.with_columns(pl.col(columns).fill_null(0)).with_columns(
        pl.sum_horizontal(columns).alias("All")
    )
    shown = [c for c in columns if c != AGE_GROUP_LABELS["unknown"] or table[c].sum() > 0]
    return table.sort("All", label, descending=[True, False], nulls_last=True).select(
        label, *shown, "All"
    )


def plan_categories_by_age(
    data: PreparedData, reference_date: dt.date, cohort: pl.DataFrame
) -> pl.DataFrame | None:
    """Plans open at R by latest category of abuse and the child's age group (None without List 7)."""
    plans = _open_plans(data, reference_date)
    if plans is None:
        return None
    labels = _abuse_category_labels()
    rows = plans.select(
        "child_id",
        pl.col("latest_abuse_category")
        .replace_strict(labels, default="Not recorded")
        .alias("Latest category of abuse"),
    )
    return _by_age_group(rows, "Latest category of abuse", cohort)


def primary_needs_by_age(data: PreparedData, cohort: pl.DataFrame) -> pl.DataFrame | None:
    """Children in List 6 by CIN primary need (their most frequent) and age group (None without it)."""
    per_child = _primary_need_per_child(data)
    if per_child is None:
        return None
    labels = load_catalogue().codelists["primary_need"].labels()
    rows = per_child.select(
        "child_id",
        pl.col("primary_need").replace_strict(labels, default="Not recorded").alias("Primary need"),
    )
    return _by_age_group(rows, "Primary need", cohort)


def plan_categories(
    data: PreparedData, reference_date: dt.date, focus: list[str]
) -> pl.DataFrame | None:
    """Plans open at R by initial and latest category of abuse, for all children and focus children."""
    plans = _open_plans(data, reference_date)
    if plans is None:
        return None
    codes = load_catalogue().codelists["abuse_category"].codes
    labels = _abuse_category_labels()
    records = []
    for code in [c.code for c in codes] + [None]:
        records.append(
            {
                "Category of abuse": labels[code] if code else "Not recorded",
                "Initial (all)": _count_plans(plans, "initial_abuse_category", code, None),
                "Latest (all)": _count_plans(plans, "latest_abuse_category", code, None),
                "Initial (focus)": _count_plans(plans, "initial_abuse_category", code, focus),
                "Latest (focus)": _count_plans(plans, "latest_abuse_category", code, focus),
            }
        )
    table = pl.DataFrame(records)
    return table.filter(pl.sum_horizontal(pl.exclude("Category of abuse")) > 0)


def _primary_need_per_child(data: PreparedData) -> pl.DataFrame | None:
    """Each child in List 6 with their most frequent primary need (ties: the lowest code)."""
    frame = data.frame("cin")
    if frame is None or "primary_need" not in frame.columns:
        return None
    return (
        frame.filter(pl.col("child_id").is_not_null())
        .group_by("child_id")
        .agg(pl.col("primary_need").drop_nulls().mode().sort().first())
    )


def primary_needs(data: PreparedData, focus: list[str]) -> pl.DataFrame | None:
    """Children in List 6 by CIN primary need (their most frequent), all children and focus children."""
    per_child = _primary_need_per_child(data)
    if per_child is None:
        return None
    labels = load_catalogue().codelists["primary_need"].labels()
    table = per_child.group_by("primary_need").agg(
        pl.len().alias("All children"),
        pl.col("child_id").is_in(focus).sum().alias("Focus children"),
    )
    return (
        table.sort("All children", "primary_need", descending=[True, False], nulls_last=True)
        .with_columns(pl.col("primary_need").replace_strict(labels, default="Not recorded"))
        .rename({"primary_need": "Primary need"})
    )
