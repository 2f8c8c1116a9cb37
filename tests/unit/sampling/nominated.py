"""Nominated children built by hand for the sampling tests: one row of the nomination lists a
child, varied by position so that lists, age groups, sexes and agencies are all covered."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE, prepared

# A date of birth in each focus age group at the reference date (16/11/2026).
BORN_IN = {
    "unborn": dt.date(2027, 2, 1),
    "under_2": dt.date(2025, 6, 1),
    "2_to_4": dt.date(2023, 1, 1),
    "5_to_7": dt.date(2020, 1, 1),
}
AGE_GROUPS = list(BORN_IN)


def nomination(i: int, **changes: object) -> dict[str, object]:
    """The i-th nominated child (ID ``N{i:03d}``): list A, B, C in turn, age groups in turn; list C
    children have probation involved, list B children engage positively."""
    letter = "ABC"[i % 3]
    row: dict[str, object] = {
        "nomination_list": letter,
        "child_id": f"N{i:03d}",
        "date_of_birth": BORN_IN[AGE_GROUPS[i % 4]],
        "sex": "MF"[i % 2],
        "ethnicity": "WBRI" if i % 5 else "BAFR",
        "disability": "Yes" if i % 11 == 0 else "No",
        "agencies_involved": "CSC;PROBATION" if letter == "C" else "CSC;POLICE",
        "child_status": ["CIN", "CPP", "CIC"][i % 3],
        "da_current_factor": "Yes",
        "positive_engagement": "Yes" if letter == "B" else None,
        "probation_relevant_adult": "Yes" if letter == "C" else None,
    }
    return {**row, **changes}


def with_nominations(rows: list[dict[str, object]], **lists: pl.DataFrame) -> PreparedData:
    """Prepared data holding these nomination rows (and any other lists given)."""
    return prepared(REFERENCE_DATE, nominations=pl.DataFrame(rows), **lists)
