"""Sampling: nomination checks, a proposed 20 from the nominations, and 6 of those 20 for audit.

The lead inspector chooses; this proposes, reproducibly. Paras 112-114 set what the nomination
lists should hold; para 64 what selection takes into account (age, sex, ethnicity, disability,
stage of involvement); para 117 that the 6 have multi-agency involvement and current or recent
work on domestic abuse. Selection is greedy over coverage quotas with ties broken by a seeded
order: the same data, seed, locks and exclusions always give the same children.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS, FOCUS_AGE_GROUPS, age_group
from jtai_analysis.common.spreadsheet import write_csv
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData

NOMINATION_LISTS = ("A", "B", "C")
MAX_PER_LIST = 10  # para 112
MIN_PER_AGE_GROUP = 2  # para 114, "if possible"
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
)
STATUS_LABELS = {
    "CPP": "child protection plan",
    "CIN": "child in need",
    "CIC": "child in care",
    "NONE": "none of these",
}
# (dimension, value, minimum wanted, how the reason reads)
QUOTAS_20 = [
    *[("list", x, 6, f"list {x}") for x in NOMINATION_LISTS],
    *[("age_group", g, 4, AGE_GROUP_LABELS[g].lower()) for g in FOCUS_AGE_GROUPS],
    ("status", "CPP", 3, "on a child protection plan"),
    ("status", "CIN", 3, "child in need"),
    ("status", "CIC", 1, "child in care"),
    ("sex", "F", 6, "girl"),
    ("sex", "M", 6, "boy"),
    ("disability", "Yes", 1, "disabled"),
    ("is_minority_ethnic", True, 3, "not White British"),
]
QUOTAS_6 = [
    *[("age_group", g, 1, AGE_GROUP_LABELS[g].lower()) for g in FOCUS_AGE_GROUPS],
    *[("list", x, 1, f"list {x}") for x in NOMINATION_LISTS],
    ("has_probation", True, 1, "probation involved with a relevant adult"),
    ("status", "CPP", 1, "on a child protection plan"),
    ("sex", "F", 1, "girl"),
    ("sex", "M", 1, "boy"),
]


class SelectionInfeasible(Exception):
    """No selection meets a rule. The message names the rule."""


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

    @property
    def is_minority_ethnic(self) -> bool:
        return self.ethnicity not in (None, "WBRI", "REFU", "NOBT", "UNKNOWN")

    def value(self, dimension: str) -> object:
        if dimension == "list":
            return self.lists
        return getattr(self, dimension)

    def matches(self, dimension: str, wanted: object) -> bool:
        value = self.value(dimension)
        return wanted in value if isinstance(value, tuple) else value == wanted


@dataclass(frozen=True)
class Chosen:
    candidate: Candidate
    why: str


def candidates(data: PreparedData, reference_date: dt.date) -> list[Candidate]:
    """Distinct nominated children (valid rows), characteristics filled from the lists where blank."""
    nominations = data.frame("nominations")
    if nominations is None or nominations.is_empty():
        return []
    cohort = {row["child_id"]: row for row in children(data, reference_date).iter_rows(named=True)}
    info = data.frame("candidate_info")
    adult_probation = (
        set()
        if info is None
        else set(info.filter(pl.col("adult_active_probation") == "Yes")["child_id"].to_list())
    )
    out = []
    for child_id, rows in sorted(
        nominations.filter(pl.col("child_id").is_not_null()).group_by("child_id"),
        key=lambda g: str(g[0][0]),
    ):
        child_id = str(child_id[0])
        first = rows.row(0, named=True)
        known = cohort.get(child_id, {})

        def pick(column: str, rows: pl.DataFrame = rows, known: dict = known) -> object:
            values = rows[column].drop_nulls() if column in rows.columns else pl.Series([])
            return values[0] if len(values) else known.get(column)

        dob = pick("date_of_birth")
        if isinstance(dob, str):
            dob = dt.date.fromisoformat(dob)
        agencies = tuple(
            sorted(
                {
                    a
                    for cell in rows["agencies_involved"].drop_nulls().to_list()
                    for a in cell.split(";")
                }
            )
        )
        lists = tuple(sorted(set(rows["nomination_list"].drop_nulls().to_list())))
        out.append(
            Candidate(
                child_id=child_id,
                lists=lists,
                age_group=age_group(dob, reference_date),  # type: ignore[arg-type]
                sex=pick("sex"),  # type: ignore[arg-type]
                ethnicity=pick("ethnicity"),  # type: ignore[arg-type]
                disability=pick("disability"),  # type: ignore[arg-type]
                status=str(first["child_status"] or "NONE"),
                agencies=agencies,
                has_probation="C" in lists
                or "PROBATION" in agencies
                or (rows["probation_relevant_adult"] == "Yes").any()
                or child_id in adult_probation,
                is_da_current=bool((rows["da_current_factor"] == "Yes").any()),
            )
        )
    return out


def nomination_checks(data: PreparedData, reference_date: dt.date) -> pl.DataFrame:
    """Paras 112-114 for each nomination list: size, domestic abuse, agencies, age groups."""
    nominations = data.frame("nominations")
    records = []
    for letter in NOMINATION_LISTS:
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
        short = [AGE_GROUP_LABELS[g] for g in FOCUS_AGE_GROUPS if ages.count(g) < MIN_PER_AGE_GROUP]
        n_agencies = (
            [len(a.split(";")) for a in rows["agencies_involved"].fill_null("").to_list()]
            if rows.height
            else []
        )
        checks = [
            (
                "Up to 10 children",
                rows.height <= MAX_PER_LIST and rows.height > 0,
                f"{rows.height} children",
            ),
            (
                "Domestic abuse a current or significant factor for each",
                rows.height > 0 and bool((rows["da_current_factor"] == "Yes").all()),
                f"{int((rows['da_current_factor'] == 'Yes').sum()) if rows.height else 0} of {rows.height}",
            ),
            (
                "At least 2 children from each age group (if possible)",
                rows.height > 0 and not short,
                "short of: " + ", ".join(short) if short else "all four groups",
            ),
        ]
        if letter == "A":
            checks.append(
                (
                    "At least two agencies involved",
                    rows.height > 0 and all(n >= 2 for n in n_agencies),
                    f"{sum(n >= 2 for n in n_agencies)} of {rows.height}",
                )
            )
        if letter == "B":
            checks.append(
                (
                    "Positive engagement that improved outcomes",
                    rows.height > 0 and bool((rows["positive_engagement"] == "Yes").all()),
                    f"{int((rows['positive_engagement'] == 'Yes').sum()) if rows.height else 0} of {rows.height}",
                )
            )
        if letter == "C":
            has_csc_and_probation = (
                [
                    ("CSC" in a and "PROBATION" in a) or p == "Yes"
                    for a, p in zip(
                        rows["agencies_involved"].fill_null("").to_list(),
                        rows["probation_relevant_adult"].to_list(),
                        strict=True,
                    )
                ]
                if rows.height
                else []
            )
            checks.append(
                (
                    "Children's services and probation (relevant adult) involved",
                    rows.height > 0 and all(has_csc_and_probation),
                    f"{sum(has_csc_and_probation)} of {rows.height}",
                )
            )
        records += [
            {"List": letter, "Check": name, "Met": "Yes" if met else "No", "Detail": detail}
            for name, met, detail in checks
        ]
    return pl.DataFrame(
        records,
        schema={"List": pl.String, "Check": pl.String, "Met": pl.String, "Detail": pl.String},
    )


def _greedy(
    pool: list[Candidate],
    size: int,
    quotas: list[tuple[str, object, int, str]],
    seed: int,
    locked: list[Candidate],
) -> list[Chosen]:
    rng = np.random.default_rng(seed)
    rank = {c.child_id: int(r) for c, r in zip(pool, rng.permutation(len(pool)), strict=True)}
    chosen = [Chosen(c, "locked by the lead inspector") for c in locked]
    counts = {(d, v): sum(c.matches(d, v) for c in locked) for d, v, _, _ in quotas}
    remaining = [c for c in pool if c not in locked]
    while len(chosen) < size and remaining:

        def fills(candidate: Candidate) -> list[str]:
            return [
                label
                for d, v, minimum, label in quotas
                if candidate.matches(d, v) and counts[(d, v)] < minimum
            ]

        best = max(remaining, key=lambda c: (len(fills(c)), len(c.agencies), -rank[c.child_id]))
        filled = fills(best)
        why = (
            ("fills: " + "; ".join(filled)) if filled else f"{len(best.agencies)} agencies involved"
        )
        chosen.append(Chosen(best, why))
        remaining.remove(best)
        for d, v, _, _ in quotas:
            counts[(d, v)] += best.matches(d, v)
    return chosen


def select_20(
    pool: list[Candidate], seed: int, lock: list[str] = (), exclude: list[str] = ()
) -> list[Chosen]:  # type: ignore[assignment]
    """The proposed 20 (para 115), from the nomination lists only."""
    by_id = {c.child_id: c for c in pool}
    both = sorted(set(lock) & set(exclude))
    if both:
        raise SelectionInfeasible(f"Child {both[0]} is both locked and excluded.")
    unknown = [i for i in lock if i not in by_id]
    if unknown:
        raise SelectionInfeasible(
            f"Child {unknown[0]} is locked but is not on the nomination lists (the 20 come from them, para 115)."
        )
    if len(set(lock)) > 20:
        raise SelectionInfeasible(f"{len(set(lock))} children are locked, but 20 are selected.")
    eligible = [c for c in pool if c.child_id not in set(exclude)]
    if len(eligible) < 20:
        raise SelectionInfeasible(
            f"Only {len(eligible)} nominated children remain after exclusions; 20 are selected from the nomination lists (para 115)."
        )
    return _greedy(eligible, 20, QUOTAS_20, seed, [by_id[i] for i in dict.fromkeys(lock)])


def select_6(twenty: list[Chosen], seed: int) -> list[Chosen]:
    """6 of the 20 for audit: multi-agency involvement and current domestic abuse work (para 117)."""
    eligible = [
        c.candidate for c in twenty if len(c.candidate.agencies) >= 2 and c.candidate.is_da_current
    ]
    if len(eligible) < 6:
        raise SelectionInfeasible(
            f"Only {len(eligible)} of the 20 have at least two agencies involved and domestic abuse as a current factor; 6 are needed (para 117)."
        )
    return _greedy(eligible, 6, QUOTAS_6, seed + 1, [])


def sample_table(chosen: list[Chosen]) -> pl.DataFrame:
    """The interface's sample file: one row per child, with why each was chosen."""
    records = [
        {
            "child_id": c.candidate.child_id,
            "nomination_lists": ";".join(c.candidate.lists),
            "age_group": c.candidate.age_group,
            "sex": c.candidate.sex,
            "ethnicity": c.candidate.ethnicity,
            "disability": c.candidate.disability,
            "status": STATUS_LABELS.get(c.candidate.status, c.candidate.status),
            "agencies": ";".join(c.candidate.agencies),
            "why_chosen": c.why,
        }
        for c in chosen
    ]
    return pl.DataFrame(records, schema={k: pl.String for k in SAMPLE_COLUMNS})


def propose(
    data: PreparedData,
    reference_date: dt.date,
    seed: int,
    lock: list[str] = (),
    exclude: list[str] = (),
) -> tuple[pl.DataFrame, pl.DataFrame]:  # type: ignore[assignment]
    """The proposed 20 and 6 as tables (raises :class:`SelectionInfeasible`)."""
    twenty = select_20(candidates(data, reference_date), seed, list(lock), list(exclude))
    return sample_table(twenty), sample_table(select_6(twenty, seed))


def write_samples(folder: Path, twenty: pl.DataFrame, six: pl.DataFrame) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(twenty, folder / "selected_20.csv")
    write_csv(six, folder / "selected_6.csv")


def for_readers(table: pl.DataFrame, catalogue: Catalogue | None = None) -> pl.DataFrame:
    """A sample table with words instead of codes and column names a reader expects."""
    catalogue = catalogue or load_catalogue()
    sexes = {"M": "Male", "F": "Female", "U": "Not stated or unborn", "I": "Neither"}
    return table.select(
        pl.col("child_id").alias("Child ID"),
        pl.col("nomination_lists").str.replace_all(";", ", ").alias("Lists"),
        pl.col("age_group")
        .replace_strict(AGE_GROUP_LABELS, default=pl.col("age_group"))
        .alias("Age group"),
        pl.col("sex").replace_strict(sexes, default=pl.col("sex")).alias("Sex"),
        pl.col("ethnicity").alias("Ethnicity"),
        pl.col("disability").alias("Disabled"),
        (pl.col("status").str.slice(0, 1).str.to_uppercase() + pl.col("status").str.slice(1)).alias(
            "Status"
        ),
        catalogue.codelists["agency"].as_words("agencies").alias("Agencies involved"),
        pl.col("why_chosen").alias("Why proposed"),
    )


def age_coverage(twenty: pl.DataFrame, six: pl.DataFrame) -> pl.DataFrame:
    """Children in the proposed 20 and 6 by age group (every group shown, in order)."""
    groups = pl.DataFrame({"age_group": list(AGE_GROUP_LABELS)})
    for name, table in (("In the 20", twenty), ("In the 6", six)):
        counts = table.group_by("age_group").agg(pl.len().cast(pl.Int64).alias(name))
        groups = groups.join(counts, on="age_group", how="left").with_columns(
            pl.col(name).fill_null(0)
        )
    return groups.with_columns(
        pl.col("age_group").replace_strict(AGE_GROUP_LABELS).alias("Age group")
    ).select("Age group", "In the 20", "In the 6")
