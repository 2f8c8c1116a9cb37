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
from jtai_analysis.common.derive import window_start
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


def plan_categories(
    data: PreparedData, reference_date: dt.date, focus: list[str]
) -> pl.DataFrame | None:
    """Plans open at R by initial and latest category of abuse, for all children and focus children."""
    frame = data.frame("cp")
    needed = {"cpp_start_date", "cpp_end_date", "initial_abuse_category", "latest_abuse_category"}
    if frame is None or not needed <= set(frame.columns):
        return None
    plans = frame.filter(
        (pl.col("cpp_start_date") <= reference_date)
        & (pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > reference_date))
    )
    codes = load_catalogue().codelists["abuse_category"].codes
    labels = {c.code: c.label.split(") ", 1)[-1] for c in codes}
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


def primary_needs(data: PreparedData, focus: list[str]) -> pl.DataFrame | None:
    """Children in List 6 by CIN primary need (their most frequent), all children and focus children."""
    frame = data.frame("cin")
    if frame is None or "primary_need" not in frame.columns:
        return None
    labels = load_catalogue().codelists["primary_need"].labels()
    per_child = (
        frame.filter(pl.col("child_id").is_not_null())
        .group_by("child_id")
        .agg(pl.col("primary_need").drop_nulls().mode().sort().first())
    )
    table = per_child.group_by("primary_need").agg(
        pl.len().alias("All children"),
        pl.col("child_id").is_in(focus).sum().alias("Focus children"),
    )
    return (
        table.sort("All children", "primary_need", descending=[True, False], nulls_last=True)
        .with_columns(pl.col("primary_need").replace_strict(labels, default="Not recorded"))
        .rename({"primary_need": "Primary need"})
    )
