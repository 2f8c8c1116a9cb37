"""The 20 and the 6 as tables: the interface's sample file, the same in words, coverage, comparison.

Nothing here chooses a child; it shows what :mod:`jtai_analysis.sampling.sample` chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from jtai_analysis.catalogue.codes import NO, YES
from jtai_analysis.catalogue.labels import headings, load_labels
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.candidates import returned_rows
from jtai_analysis.sampling.rules import SamplingRules, load_rules
from jtai_analysis.sampling.sample_labels import standing
from jtai_analysis.sampling.twenty_and_six import Chosen

if TYPE_CHECKING:  # the Sample is made by sample.py, which shows its children with these tables
    from jtai_analysis.sampling.sample import Sample

SAMPLE_COLUMNS = (
    "child_id",
    "nomination_lists",
    "age_group",
    "sex",
    "ethnicity",
    "disability",
    "status",
    "agencies",
    "why_chosen",
    "proposed_or_chosen",
)


def sample_table(chosen: list[Chosen]) -> pl.DataFrame:
    """The interface's sample file: one row per child, with why each is in it and whether the lead
    inspector chose it or the workbench proposed it (``proposed_or_chosen``)."""
    rules = load_rules()
    records = [
        {
            "child_id": c.candidate.child_id,
            "nomination_lists": ";".join(c.candidate.lists),
            "age_group": c.candidate.age_group,
            "sex": c.candidate.sex,
            "ethnicity": c.candidate.ethnicity,
            "disability": c.candidate.disability,
            "status": rules.reasons["status"].get(c.candidate.status, c.candidate.status),
            "agencies": ";".join(c.candidate.agencies),
            "why_chosen": c.why,
            "proposed_or_chosen": standing(c, rules),
        }
        for c in chosen
    ]
    return pl.DataFrame(records, schema={k: pl.String for k in SAMPLE_COLUMNS})


def sex_words() -> dict[str, str]:
    """Sex codes (``data_contracts/_shared.yml``) as a reader says them (``labels.yml``, groups)."""
    return load_labels().groups["sex"]


def _capitalised(column: str) -> pl.Expr:
    return pl.col(column).str.slice(0, 1).str.to_uppercase() + pl.col(column).str.slice(1)


def for_readers(table: pl.DataFrame, catalogue: Catalogue | None = None) -> pl.DataFrame:
    """A sample table with words instead of codes and column names a reader expects."""
    catalogue = catalogue or load_catalogue()
    return table.select(
        pl.col("child_id"),
        pl.col("nomination_lists").str.replace_all(";", ", "),
        pl.col("age_group").replace_strict(AGE_GROUP_LABELS, default=pl.col("age_group")),
        pl.col("sex").replace_strict(sex_words(), default=pl.col("sex")),
        pl.col("ethnicity"),
        pl.col("disability"),
        _capitalised("status"),
        catalogue.codelists["agency"].as_words("agencies"),
        pl.col("why_chosen"),
        _capitalised("proposed_or_chosen"),
    ).rename(headings("sample"))


def information_on_20(
    data: PreparedData, chosen: Sequence[Chosen], rules: SamplingRules | None = None
) -> pl.DataFrame:
    """What the information-on-the-20 return (para 115) says about each chosen child, in words.

    Columns ``Child ID`` and one per return column named in the rules (``information_on_20``):
    setting, the child's health services, relevant adults known to the police, the adults' health
    services (adult mental health and substance misuse services are named there) and an active
    probation case. A blank cell reads "none given"; a child the return does not name, "not on the
    return"; every cell "not available" when the return has not arrived. Yes / No / Unknown are
    the return's codes, Unknown never read as No.
    """
    words = (rules or load_rules()).information_on_20
    column_headings: dict[str, str] = words["columns"]
    returned = returned_rows(data)

    def cell(child_id: str, column: str) -> str:
        if not returned:
            return str(words["not_arrived"])
        row = returned.get(child_id)
        if row is None:
            return str(words["not_on_return"])
        value = row.get(column)
        return str(words["blank"]) if value is None or str(value).strip() == "" else str(value)

    ids = [c.candidate.child_id for c in chosen]
    child_id = headings("sample")["child_id"]
    return pl.DataFrame(
        {
            child_id: ids,
            **{
                heading: [cell(i, column) for i in ids]
                for column, heading in column_headings.items()
            },
        },
        schema={
            child_id: pl.String,
            **{heading: pl.String for heading in column_headings.values()},
        },
    )


def age_coverage(twenty: pl.DataFrame, six: pl.DataFrame) -> pl.DataFrame:
    """Children in the proposed 20 and 6 by age group (every group shown, in order)."""
    heading = headings("age_coverage")
    groups = pl.DataFrame({"age_group": list(AGE_GROUP_LABELS)})
    for name, table in (("in_20", twenty), ("in_6", six)):
        counts = table.group_by("age_group").agg(pl.len().cast(pl.Int64).alias(name))
        groups = groups.join(counts, on="age_group", how="left").with_columns(
            pl.col(name).fill_null(0)
        )
    return (
        groups.with_columns(pl.col("age_group").replace_strict(AGE_GROUP_LABELS))
        .select("age_group", "in_20", "in_6")
        .rename(heading)
    )


def twenty_beside_proposal(sample: Sample) -> pl.DataFrame:
    """Every child in the chosen 20 or the proposed 20: in which, and whether in the 6.

    Columns ``child_id``, ``in_20``, ``proposed``, ``in_6`` (``Yes`` / ``No``; ``proposed`` is
    empty when there was no proposal to compare with).
    """
    chosen = [c.candidate.child_id for c in sample.twenty]
    proposed = (
        None
        if sample.proposed_twenty is None
        else [c.candidate.child_id for c in sample.proposed_twenty]
    )
    six = {c.candidate.child_id for c in sample.six}
    ids = list(dict.fromkeys(chosen + (proposed or [])))
    return pl.DataFrame(
        {
            "child_id": ids,
            "in_20": [YES if i in chosen else NO for i in ids],
            "proposed": [None if proposed is None else (YES if i in proposed else NO) for i in ids],
            "in_6": [YES if i in six else NO for i in ids],
        },
        schema={
            "child_id": pl.String,
            "in_20": pl.String,
            "proposed": pl.String,
            "in_6": pl.String,
        },
    )
