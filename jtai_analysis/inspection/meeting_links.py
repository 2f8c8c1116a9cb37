"""Fieldwork-week meetings (para 121) linked to the children and the sample.

Each meeting's child is flagged with age group, domestic abuse, whether nominated / in the 20 / in
the 6 and whether on a child protection plan at the meeting date (List 7); inconsistencies named in
``data_contracts/rules/week2.yml`` (a review conference for a child with no open plan ...) are
reported. The sample comes in as sets of IDs, so this room needs nothing from sampling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

import polars as pl

from jtai_analysis.catalogue.codes import NO, yes_no
from jtai_analysis.inspection.week2_tracker import week2_rules

LINK_COLUMNS = {
    "meeting_date": pl.Date,
    "meeting_type": pl.String,
    "child_id": pl.String,
    "age_group": pl.String,
    "domestic_abuse": pl.String,
    "nominated": pl.String,
    "in_20": pl.String,
    "in_6": pl.String,
    "on_plan": pl.String,
    "issue": pl.String,
}


def _open_plan(plans: pl.DataFrame | None, child_id: str | None, day: dt.date | None) -> str | None:
    """Yes / No: a plan open on ``day`` in List 7; None when List 7 has not arrived."""
    if plans is None:
        return None
    if child_id is None or day is None:
        return NO
    rows = plans.filter(
        (pl.col("child_id") == child_id)
        & (pl.col("cpp_start_date") <= day)
        & (pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > day))
    )
    return yes_no(rows.height > 0)


def link_meetings(
    meetings: pl.DataFrame,
    children: pl.DataFrame,
    plans: pl.DataFrame | None,
    nominated: Collection[str],
    twenty: Collection[str],
    six: Collection[str],
    rules: Mapping[str, Any] | None = None,
) -> pl.DataFrame:
    """Each meeting with its child's flags and any inconsistency.

    Parameters
    ----------
    meetings
        Valid rows of the meetings list (``meeting_date``, ``meeting_type``, ``child_id``).
    children
        The child-level cohort (``child_id``, ``age_group``, ``is_da``), from ``model.cohort``.
    plans
        Valid List 7 rows (``child_id``, ``cpp_start_date``, ``cpp_end_date``), or None when List 7
        has not arrived (then ``on_plan`` is blank: not available, never No).
    nominated, twenty, six
        Child IDs nominated, in the 20 and in the 6.
    """
    rules = rules or week2_rules()
    checks = {str(c["meeting_type"]): c for c in rules["meeting_checks"]}
    known = {r["child_id"]: r for r in children.iter_rows(named=True)} if children.height else {}
    records = []
    for row in meetings.sort("meeting_date", nulls_last=True, maintain_order=True).iter_rows(
        named=True
    ):
        child_id = row.get("child_id")
        child = known.get(child_id) if child_id else None
        on_plan = _open_plan(plans, child_id, row.get("meeting_date")) if child_id else None
        issues = []
        if child_id and child is None:
            issues.append("child not found in Lists 1 to 7")
        check = checks.get(str(row.get("meeting_type")))
        if check and on_plan is not None and child_id:
            wanted = yes_no(check["needs"] == "open_plan")
            if on_plan != wanted:
                issues.append(str(check["message"]))
        records.append(
            {
                "meeting_date": row.get("meeting_date"),
                "meeting_type": row.get("meeting_type"),
                "child_id": child_id,
                "age_group": None if child is None else str(child.get("age_group")),
                "domestic_abuse": None if child is None else yes_no(bool(child.get("is_da"))),
                "nominated": None if not child_id else yes_no(child_id in nominated),
                "in_20": None if not child_id else yes_no(child_id in twenty),
                "in_6": None if not child_id else yes_no(child_id in six),
                "on_plan": on_plan,
                "issue": "; ".join(issues) or None,
            }
        )
    return pl.DataFrame(records, schema=LINK_COLUMNS)
