"""The nomination lists against paras 112-114: size, domestic abuse, age groups, each list's criterion.

What each list must show is in ``data_contracts/rules/sampling.yml`` (``nomination_lists``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.catalogue.codes import NO, YES, ListKey
from jtai_analysis.catalogue.labels import headings
from jtai_analysis.common.derive import AGE_GROUP_LABELS, FOCUS_AGE_GROUPS, age_group
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.rules import SamplingRules, holds, load_rules


def _meets(requires: tuple[tuple[dict[str, str], ...], ...], agencies: set[str], row: dict) -> bool:
    nomination: dict[str, object] = {k: (YES if v == YES else None) for k, v in row.items()}
    return all(any(holds(alt, agencies, nomination, None) for alt in group) for group in requires)


def nomination_checks(
    data: PreparedData, reference_date: dt.date, rules: SamplingRules | None = None
) -> pl.DataFrame:
    """Paras 112-114 for each nomination list: size, domestic abuse, age groups, the list's criterion."""
    rules = rules or load_rules()
    nominations = data.frame(ListKey.NOMINATIONS)
    records = []
    for letter, criterion in rules.lists.items():
        rows = (
            pl.DataFrame()
            if nominations is None
            else nominations.filter(pl.col("nomination_list") == letter)
        )
        ages = (
            [age_group(d, reference_date) for d in rows["date_of_birth"].to_list()]
            if rows.height
            else []
        )
        short = [
            AGE_GROUP_LABELS[g] for g in FOCUS_AGE_GROUPS if ages.count(g) < rules.min_per_age_group
        ]
        da_yes = int((rows["da_current_factor"] == YES).sum()) if rows.height else 0
        checks = [
            (
                f"Up to {rules.max_per_list} children",
                0 < rows.height <= rules.max_per_list,
                f"{rows.height} children",
            ),
            (
                "Domestic abuse a current or significant factor for each",
                rows.height > 0 and da_yes == rows.height,
                f"{da_yes} of {rows.height}",
            ),
            (
                f"At least {rules.min_per_age_group} children from each age group (if possible)",
                rows.height > 0 and not short,
                "short of: " + ", ".join(short) if short else "all four groups",
            ),
        ]
        met = [
            len(agencies) >= criterion.min_agencies and _meets(criterion.requires, agencies, row)
            for row in rows.iter_rows(named=True)
            for agencies in [set(filter(None, (row.get("agencies_involved") or "").split(";")))]
        ]
        checks.append(
            (criterion.wording, rows.height > 0 and all(met), f"{sum(met)} of {rows.height}")
        )
        records += [
            {"list": letter, "check": name, "met": YES if ok else NO, "detail": detail}
            for name, ok, detail in checks
        ]
    heading = headings("nomination_checks")
    return pl.DataFrame(records, schema={key: pl.String for key in heading}).rename(heading)
