"""A small hand-built area for the sampling tests: 30 nominated children, written out in full.

Child ``N{i:03d}`` is on list A, B or C by ``i % 3``, of age group ``i % 4`` (unborn, under 2,
2 to 4, 5 to 7), a boy for odd ``i``, Black African when ``i % 5 == 0`` (White British
otherwise), disabled when ``i % 11 == 0``, status CIN, CPP or CIC by ``i % 3``, with domestic
abuse a current factor and two agencies involved (so every child may be one of the 6).
"""

from __future__ import annotations

import polars as pl

from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.sampling.nominated import nomination

RETURN_COLUMNS = (
    "child_id",
    "school_or_setting",
    "child_health_services",
    "adults_known_to_police",
    "adult_health_services",
    "adult_active_probation",
)


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
