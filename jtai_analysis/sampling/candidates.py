"""The nominated children selection looks at (paras 112, 115): one :class:`Candidate` each.

A child's characteristics come from the nomination lists, filled from Lists 1-7 where blank; what
the information-on-the-20 return says (police, health, probation, settings) adds to the agencies
involved as ``return_agencies`` in ``data_contracts/rules/sampling.yml`` says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from jtai_analysis.catalogue.codes import YES, ListKey
from jtai_analysis.common.derive import age_group
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.rules import SamplingRules, holds, load_rules


@dataclass(frozen=True)
class Candidate:
    """A nominated child and what selection looks at."""

    child_id: str
    lists: tuple[str, ...]
    age_group: str
    sex: str | None
    ethnicity: str | None
    disability: str | None
    status: str
    agencies: tuple[str, ...]
    has_probation: bool
    is_da_current: bool
    on_return: bool = False  # named on the information-on-the-20 return

    @cached_property  # asked for by every quota of every round of a selection
    def is_minority_ethnic(self) -> bool:
        return self.ethnicity is not None and self.ethnicity not in load_rules().not_minority_ethnic

    def value(self, dimension: str) -> object:
        if dimension == "list":
            return self.lists
        return getattr(self, dimension)

    def matches(self, dimension: str, wanted: object) -> bool:
        value = self.value(dimension)
        return wanted in value if isinstance(value, tuple) else value == wanted


def returned_rows(data: PreparedData) -> dict[str, dict[str, object]]:
    """Child ID -> the child's row of the information-on-the-20 return (empty when none arrived)."""
    info = data.frame(ListKey.CANDIDATE_INFO)
    if info is None:
        return {}
    rows: dict[str, dict[str, object]] = {}
    for row in info.filter(pl.col("child_id").is_not_null()).iter_rows(named=True):
        rows.setdefault(str(row["child_id"]), row)  # the first row is the one used (contract)
    return rows


def candidates(
    data: PreparedData,
    reference_date: dt.date,
    rules: SamplingRules | None = None,
    cohort: pl.DataFrame | None = None,
) -> list[Candidate]:
    """Distinct nominated children (valid rows), characteristics filled from the lists where blank.

    What the information-on-the-20 return says (police, health, probation, settings) is added to a
    returned child's agencies as ``return_agencies`` in the rules says. ``cohort`` is the run's
    (built here when not given).
    """
    rules = rules or load_rules()
    nominations = data.frame(ListKey.NOMINATIONS)
    if nominations is None or nominations.is_empty():
        return []
    known_children = cohort if cohort is not None else children(data, reference_date)
    by_child = {row["child_id"]: row for row in known_children.iter_rows(named=True)}
    returned = returned_rows(data)
    out = []
    for child_id, rows in sorted(
        nominations.filter(pl.col("child_id").is_not_null()).group_by("child_id"),
        key=lambda g: str(g[0][0]),
    ):
        child_id = str(child_id[0])
        first = rows.row(0, named=True)
        known = by_child.get(child_id, {})

        def pick(column: str, rows: pl.DataFrame = rows, known: dict = known) -> object:
            values = rows[column].drop_nulls() if column in rows.columns else pl.Series([])
            return values[0] if len(values) else known.get(column)

        def says_yes(column: str, rows: pl.DataFrame = rows) -> str | None:
            return YES if column in rows.columns and (rows[column] == YES).any() else None

        dob = pick("date_of_birth")
        if isinstance(dob, str):
            dob = dt.date.fromisoformat(dob)
        nominated = {
            a for cell in rows["agencies_involved"].drop_nulls().to_list() for a in cell.split(";")
        }
        nomination = {c: says_yes(c) for c, t in rows.schema.items() if t == pl.String}
        info = returned.get(child_id)
        added = {
            c["agency"]
            for c in rules.return_agencies
            if holds({k: v for k, v in c.items() if k != "agency"}, nominated, nomination, info)
        }
        agencies = tuple(sorted(nominated | added))
        out.append(
            Candidate(
                child_id=child_id,
                lists=tuple(sorted(set(rows["nomination_list"].drop_nulls().to_list()))),
                age_group=age_group(dob, reference_date),  # type: ignore[arg-type]
                sex=pick("sex"),  # type: ignore[arg-type]
                ethnicity=pick("ethnicity"),  # type: ignore[arg-type]
                disability=pick("disability"),  # type: ignore[arg-type]
                status=str(first["child_status"] or "NONE"),
                agencies=agencies,
                has_probation=any(
                    holds(c, set(agencies), nomination, info) for c in rules.probation_evidence
                ),
                is_da_current=nomination.get("da_current_factor") == YES,
                on_return=info is not None,
            )
        )
    return out
