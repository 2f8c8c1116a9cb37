"""Follow a child, as plain functions: the profile line, and why an ID is not in the valid rows."""

from __future__ import annotations

import polars as pl

from jtai_analysis.dashboards.cohort_view import for_readers
from jtai_analysis.dashboards.explore import LIST_LABELS
from jtai_analysis.model.prepared import PreparedData


def profile_line(table: pl.DataFrame, child_id: str) -> str | None:
    """One sentence about a child of :func:`cohort_table`: age group, sex, lists, sample, domestic abuse.

    None when the child is not in the table (see :func:`why_not_found`).
    """
    row = table.filter(pl.col("child_id") == child_id.strip())
    if row.is_empty():
        return None
    shown = for_readers(row).row(0, named=True)
    nominated = (
        f"nominated on list {shown['Nominated on lists']}"
        if shown["Nominated on lists"]
        else "not nominated"
    )
    sample = shown["Sample"].lower() if shown["Sample"] else "not in the 20"
    # from the flag itself (null: the field cannot be read), not from its display words
    abuse = {
        True: "domestic abuse recorded",
        False: "no domestic abuse recorded",
    }.get(row["is_da"][0], "domestic abuse not available")
    return (
        f"Child {shown['Child ID']}: {shown['Age group'].lower()}, {shown['Sex'].lower()}, "
        f"ethnicity {shown['Ethnicity']}; in {shown['Lists']}; {shown['Status'].lower()}; "
        f"{nominated}; {sample}; {abuse}."
    )


def why_not_found(data: PreparedData, child_id: str) -> str:
    """Why a child ID has no valid rows: quarantined (where, and the reasons) or absent from every list."""
    wanted = child_id.strip()
    if not wanted:
        return "Type or pick a child ID."
    rows = data.quarantined.filter(pl.col("child_id") == wanted)
    if rows.is_empty():
        received = ", ".join(LIST_LABELS[k] for k in LIST_LABELS if data.has(k)) or "none"
        return (
            f"Child {wanted} is not in any list received (lists received: {received}), "
            "and no quarantined row carries this ID."
        )
    where = "; ".join(
        f"{LIST_LABELS.get(r['list'], r['list'])}, sheet {r['sheet']} row {r['row']}: {r['reasons']}"
        for r in rows.sort("list", "row").iter_rows(named=True)
    )
    return (
        f"Child {wanted} has no valid rows: {rows.height} row(s) carrying this ID were quarantined "
        f"and are kept out of every figure. {where}."
    )
