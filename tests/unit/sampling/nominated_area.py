"""A small hand-built area for the sampling tests: 30 nominated children, written out in full.

Child ``N{i:03d}`` is on list A, B or C by ``i % 3``, of age group ``i % 4`` (unborn, under 2,
2 to 4, 5 to 7), a boy for odd ``i``, Black African when ``i % 5 == 0`` (White British
otherwise), disabled when ``i % 11 == 0``, status CIN, CPP or CIC by ``i % 3``, with domestic
abuse a current factor and two agencies involved (so every child may be one of the 6).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.model.prepared import PreparedData

R = dt.date(2026, 11, 16)
DOB = {
    "unborn": dt.date(2027, 2, 1),
    "under_2": dt.date(2025, 6, 1),
    "2_to_4": dt.date(2023, 1, 1),
    "5_to_7": dt.date(2020, 1, 1),
}
GROUPS = list(DOB)
RETURN_COLUMNS = (
    "child_id",
    "school_or_setting",
    "child_health_services",
    "adults_known_to_police",
    "adult_health_services",
    "adult_active_probation",
)


def nomination(i: int, **changes: object) -> dict[str, object]:
    """Child ``N{i:03d}``'s nomination row (see the module docstring), with ``changes``."""
    letter = "ABC"[i % 3]
    row: dict[str, object] = {
        "nomination_list": letter,
        "child_id": f"N{i:03d}",
        "date_of_birth": DOB[GROUPS[i % 4]],
        "sex": "MF"[i % 2],
        "ethnicity": "BAFR" if i % 5 == 0 else "WBRI",
        "disability": "Yes" if i % 11 == 0 else "No",
        "agencies_involved": "CSC;PROBATION" if letter == "C" else "CSC;POLICE",
        "child_status": ["CIN", "CPP", "CIC"][i % 3],
        "da_current_factor": "Yes",
        "positive_engagement": "Yes" if letter == "B" else None,
        "probation_relevant_adult": "Yes" if letter == "C" else None,
    }
    return {**row, **changes}


def area(rows: list[dict[str, object]] | None = None, **frames: pl.DataFrame) -> PreparedData:
    """Prepared data holding the nominations (default: the 30 children) and any other lists."""
    nominations = pl.DataFrame(rows if rows is not None else [nomination(i) for i in range(30)])
    return PreparedData(
        reference_date=R,
        valid={"nominations": nominations, **frames},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )


def information_on_20(records: list[tuple[str, ...]]) -> pl.DataFrame:
    """The information-on-the-20 return, one tuple per child in the order of ``RETURN_COLUMNS``."""
    return pl.DataFrame(records, schema={c: pl.String for c in RETURN_COLUMNS}, orient="row")


def ids(chosen: list) -> list[str]:
    """The child IDs of chosen children, in order."""
    return [c.candidate.child_id for c in chosen]
