"""Sampling: nomination checks, the 20 (chosen by the lead inspector, or proposed) and 6 of them.

The lead inspector chooses; this proposes, reproducibly. Paras 112-114 set what the nomination
lists should hold; para 64 what selection takes into account (age, sex, ethnicity, disability,
stage of involvement); para 115 that the 20 come from the nominations and the local area returns
information on them; paras 116-117 that the 6 come from those 20, with multi-agency involvement and
current or recent work on domestic abuse. Every criterion, quota and wording is in
``data_contracts/rules/sampling.yml`` (:mod:`jtai_analysis.sampling.rules`).

Selection is greedy over coverage quotas, ties broken by a seeded per-child rank (a keyed hash of
the seed and the child ID, so a child's rank does not depend on who else is in the pool). Locked
children go in first, then any children kept from an earlier choice, then the greedy fill: a change
to the locks or exclusions changes the 20 and the 6 only where it must.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS, FOCUS_AGE_GROUPS, age_group
from jtai_analysis.common.spreadsheet import write_csv
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.rules import Quota, SamplingRules, holds, load_rules

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


@dataclass(frozen=True)
class Chosen:
    """A chosen child and why."""

    candidate: Candidate
    why: str


@dataclass(frozen=True)
class Sample:
    """The 20 and the 6, and how the 20 came about.

    ``source`` is ``returned`` (the information-on-the-20 return names them), ``selected_file``
    (``--selected-20``) or ``proposed`` (before the return exists). When the 20 were given,
    ``proposed_twenty`` is what the tool would have proposed (None if that was infeasible) and
    ``return_issues`` lists children on the return who were not nominated or are unknown in Lists 1-7.
    """

    twenty: list[Chosen]
    six: list[Chosen]
    source: str
    proposed_twenty: list[Chosen] | None = None
    return_issues: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={"child_id": pl.String, "issue": pl.String})
    )

    @property
    def six_all_in_twenty(self) -> bool:
        ids = {c.candidate.child_id for c in self.twenty}
        return all(c.candidate.child_id in ids for c in self.six)


def _returned_rows(data: PreparedData) -> dict[str, dict[str, object]]:
    info = data.frame("candidate_info")
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
    nominations = data.frame("nominations")
    if nominations is None or nominations.is_empty():
        return []
    known = cohort if cohort is not None else children(data, reference_date)
    by_child = {row["child_id"]: row for row in known.iter_rows(named=True)}
    returned = _returned_rows(data)
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
            return "Yes" if column in rows.columns and (rows[column] == "Yes").any() else None

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
                is_da_current=nomination.get("da_current_factor") == "Yes",
                on_return=info is not None,
            )
        )
    return out


def _meets(requires: tuple[tuple[dict[str, str], ...], ...], agencies: set[str], row: dict) -> bool:
    nomination = {k: ("Yes" if v == "Yes" else None) for k, v in row.items()}
    return all(any(holds(alt, agencies, nomination, None) for alt in group) for group in requires)


def nomination_checks(
    data: PreparedData, reference_date: dt.date, rules: SamplingRules | None = None
) -> pl.DataFrame:
    """Paras 112-114 for each nomination list: size, domestic abuse, age groups, the list's criterion."""
    rules = rules or load_rules()
    nominations = data.frame("nominations")
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
        da_yes = int((rows["da_current_factor"] == "Yes").sum()) if rows.height else 0
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
            {"List": letter, "Check": name, "Met": "Yes" if ok else "No", "Detail": detail}
            for name, ok, detail in checks
        ]
    return pl.DataFrame(
        records,
        schema={"List": pl.String, "Check": pl.String, "Met": pl.String, "Detail": pl.String},
    )


def _rank(seed: int, child_id: str) -> int:
    """A child's place in the seeded tie-break order, independent of who else is in the pool."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{child_id}".encode()).digest()[:8], "big")


def _greedy(
    pool: Sequence[Candidate],
    size: int,
    quotas: Sequence[Quota],
    seed: int,
    locked: Sequence[Candidate],
    kept: Sequence[Chosen] = (),
    rules: SamplingRules | None = None,
) -> list[Chosen]:
    rules = rules or load_rules()
    chosen = [Chosen(c, rules.reasons["locked"]) for c in locked]
    taken = {c.child_id for c in locked}
    pool_ids = {c.child_id for c in pool}
    for earlier in kept:  # an earlier choice stays unless it must go
        if len(chosen) >= size:
            break
        if earlier.candidate.child_id in pool_ids and earlier.candidate.child_id not in taken:
            chosen.append(earlier)
            taken.add(earlier.candidate.child_id)
    counts = {
        (q.dimension, q.value): sum(c.candidate.matches(q.dimension, q.value) for c in chosen)
        for q in quotas
    }
    remaining = [c for c in pool if c.child_id not in taken]
    ranks = {c.child_id: _rank(seed, c.child_id) for c in remaining}
    while len(chosen) < size and remaining:

        def fills(candidate: Candidate) -> list[str]:
            return [
                q.reason
                for q in quotas
                if candidate.matches(q.dimension, q.value)
                and counts[(q.dimension, q.value)] < q.minimum
            ]

        best = max(remaining, key=lambda c: (len(fills(c)), len(c.agencies), -ranks[c.child_id]))
        filled = fills(best)
        why = (
            rules.reasons["fills"].format(quotas="; ".join(filled))
            if filled
            else rules.reasons["agencies"].format(n=len(best.agencies))
        )
        chosen.append(Chosen(best, why))
        remaining.remove(best)
        for q in quotas:
            counts[(q.dimension, q.value)] += best.matches(q.dimension, q.value)
    return chosen


def _check_locks(
    lock: Sequence[str], exclude: Sequence[str], known: set[str], size: int, where: str
) -> None:
    both = sorted(set(lock) & set(exclude))
    if both:
        raise SelectionInfeasible(f"Child {both[0]} is both locked and excluded.")
    unknown = [i for i in lock if i not in known]
    if unknown:
        raise SelectionInfeasible(f"Child {unknown[0]} is locked but is not {where}.")
    if len(set(lock)) > size:
        raise SelectionInfeasible(f"{len(set(lock))} children are locked, but {size} are selected.")


def select_20(
    pool: Sequence[Candidate],
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
    keep: Sequence[Chosen] = (),
    rules: SamplingRules | None = None,
) -> list[Chosen]:
    """The proposed 20 (para 115), from the nomination lists only.

    Parameters
    ----------
    pool
        The nominated children (:func:`candidates`).
    seed
        Tie-break seed: the same pool, seed, locks, exclusions and ``keep`` give the same children.
    lock, exclude
        Child IDs the 20 must include / must not include.
    keep
        An earlier choice (e.g. the 20 with no locks) to change only where the locks and
        exclusions make it; earlier entries are kept first when not all fit.

    Raises
    ------
    SelectionInfeasible
        Naming the rule when no 20 is possible (never any other exception for a bad pool).
    """
    rules = rules or load_rules()
    by_id = {c.child_id: c for c in pool}
    _check_locks(
        lock,
        exclude,
        set(by_id),
        rules.twenty,
        "on the nomination lists (the 20 come from them, para 115)",
    )
    eligible = [c for c in pool if c.child_id not in set(exclude)]
    if len(eligible) < rules.twenty:
        raise SelectionInfeasible(
            f"Only {len(eligible)} nominated children remain after exclusions; {rules.twenty} are "
            "selected from the nomination lists (para 115)."
        )
    locked = [by_id[i] for i in dict.fromkeys(lock)]
    return _greedy(eligible, rules.twenty, rules.quotas_20, seed, locked, keep, rules)


def is_eligible_for_6(candidate: Candidate, rules: SamplingRules | None = None) -> bool:
    """Multi-agency involvement and current domestic abuse work (para 117)."""
    rules = rules or load_rules()
    return len(candidate.agencies) >= rules.six_min_agencies and (
        candidate.is_da_current or not rules.six_da_current
    )


def select_6(
    twenty: Sequence[Chosen],
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
    keep: Sequence[Chosen] = (),
    rules: SamplingRules | None = None,
) -> list[Chosen]:
    """6 of the 20 for audit (paras 116-117), only ever from ``twenty``.

    Locked children must be in the 20 (the lead inspector may lock one who is not multi-agency);
    the others must have at least two agencies involved and domestic abuse as a current factor.
    ``keep`` (e.g. the 6 before a change to the 20) stays where still possible.

    Raises
    ------
    SelectionInfeasible
        Naming the rule when no 6 is possible.
    """
    rules = rules or load_rules()
    by_id = {c.candidate.child_id: c.candidate for c in twenty}
    _check_locks(lock, exclude, set(by_id), rules.six, "in the 20 (the 6 come from them, para 116)")
    locked = [by_id[i] for i in dict.fromkeys(lock)]
    eligible = [
        c.candidate
        for c in twenty
        if c.candidate.child_id not in set(exclude)
        and c.candidate.child_id not in set(lock)
        and is_eligible_for_6(c.candidate, rules)
    ]
    if len(eligible) + len(locked) < rules.six:
        raise SelectionInfeasible(
            f"Only {len(eligible) + len(locked)} of the 20 have at least "
            f"{rules.six_min_agencies} agencies involved and domestic abuse as a current factor "
            f"(or are locked); {rules.six} are needed (para {rules.six_paragraph})."
        )
    eligible_ids = {c.child_id for c in eligible}
    still = [k for k in keep if k.candidate.child_id in eligible_ids]
    return _greedy(eligible, rules.six, rules.quotas_6, seed + 1, locked, still, rules)


def returned_twenty(
    pool: Sequence[Candidate],
    chosen_ids: Sequence[str],
    known_in_lists: set[str] | None,
    why: str,
) -> tuple[list[Chosen], pl.DataFrame]:
    """The 20 the lead inspector chose (para 115), and what is wrong with the list of them.

    Returns the chosen children who are nominated (in the order given) and a table
    ``child_id, issue`` naming those not nominated, unknown in Lists 1-7 (when
    ``known_in_lists`` is given) or named twice.
    """
    by_id = {c.child_id: c for c in pool}
    issues, twenty, seen = [], [], set()
    for child_id in chosen_ids:
        if child_id in seen:
            issues.append({"child_id": child_id, "issue": "named twice"})
            continue
        seen.add(child_id)
        if child_id not in by_id:
            issues.append(
                {"child_id": child_id, "issue": "not on the nomination lists (left out of the 20)"}
            )
        else:
            twenty.append(Chosen(by_id[child_id], why))
        if known_in_lists is not None and child_id not in known_in_lists:
            issues.append({"child_id": child_id, "issue": "not found in Lists 1 to 7"})
    return twenty, pl.DataFrame(issues, schema={"child_id": pl.String, "issue": pl.String})


def _ids_in_lists(data: PreparedData, catalogue: Catalogue | None = None) -> set[str] | None:
    catalogue = catalogue or load_catalogue()
    frames = [data.frame(c.key) for c in catalogue.annex_a_lists() if data.has(c.key)]
    if not frames:
        return None  # Lists 1-7 not arrived: "unknown" cannot be judged yet
    return {str(i) for f in frames if "child_id" in f.columns for i in f["child_id"].drop_nulls()}


def _try(select: object, *args: object, **kwargs: object) -> list[Chosen] | None:
    try:
        return select(*args, **kwargs)  # type: ignore[operator]
    except SelectionInfeasible:
        return None


def choose(
    data: PreparedData,
    reference_date: dt.date,
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
    lock_6: Sequence[str] = (),
    exclude_6: Sequence[str] = (),
    selected_20: Sequence[str] | None = None,
    rules: SamplingRules | None = None,
    cohort: pl.DataFrame | None = None,
) -> Sample:
    """The 20 and the 6 as the inspection runs it.

    Parameters
    ----------
    data, reference_date
        The prepared submission and its reference date.
    seed
        Tie-break seed (same inputs and seed, same children).
    lock, exclude
        Child IDs the proposed 20 must include / must not include (ignored for the 20 when the
        20 are given, but applied to the proposal shown beside them).
    lock_6, exclude_6
        Child IDs the 6 must include / must not include.
    selected_20
        The 20 the lead inspector chose (``--selected-20``); when None, the information-on-the-20
        return names them if it has arrived; otherwise the 20 are proposed.

    Raises
    ------
    SelectionInfeasible
        Naming the rule when no 20 or no 6 is possible.
    """
    rules = rules or load_rules()
    pool = candidates(data, reference_date, rules, cohort)
    # A lock naming no nominated child is a mistake to report, whoever chose the 20.
    _check_locks(
        lock,
        exclude,
        {c.child_id for c in pool},
        rules.twenty,
        "on the nomination lists (the 20 come from them, para 115)",
    )
    baseline_20 = _try(select_20, pool, seed, rules=rules)
    returned = _returned_rows(data)
    if selected_20 is not None or returned:
        source = "selected_file" if selected_20 is not None else "returned"
        ids = list(selected_20) if selected_20 is not None else list(returned)
        twenty, issues = returned_twenty(pool, ids, _ids_in_lists(data), rules.reasons[source])
        proposed = _try(select_20, pool, seed, lock, exclude, baseline_20 or (), rules)
        baseline_6 = _try(select_6, twenty, seed, rules=rules)
    else:
        source, issues, proposed = "proposed", None, None
        baseline_6 = _try(select_6, baseline_20, seed, rules=rules) if baseline_20 else None
        # keep the baseline 6 first, so a change to the 20 drops another child where it can
        six_ids = {c.candidate.child_id for c in baseline_6 or ()}
        keep = sorted(baseline_20 or (), key=lambda c: c.candidate.child_id not in six_ids)
        twenty = select_20(pool, seed, lock, exclude, keep if (lock or exclude) else (), rules)
    six = select_6(twenty, seed, lock_6, exclude_6, baseline_6 or (), rules)
    return Sample(
        twenty=twenty,
        six=six,
        source=source,
        proposed_twenty=proposed,
        **({"return_issues": issues} if issues is not None else {}),
    )


def propose(
    data: PreparedData,
    reference_date: dt.date,
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The 20 and 6 as tables (see :func:`choose`; raises :class:`SelectionInfeasible`)."""
    sample = choose(data, reference_date, seed, lock, exclude)
    return sample_table(sample.twenty), sample_table(sample.six)


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
            "status": load_rules().reasons["status"].get(c.candidate.status, c.candidate.status),
            "agencies": ";".join(c.candidate.agencies),
            "why_chosen": c.why,
        }
        for c in chosen
    ]
    return pl.DataFrame(records, schema={k: pl.String for k in SAMPLE_COLUMNS})


def write_samples(folder: Path, twenty: pl.DataFrame, six: pl.DataFrame) -> None:
    """The interface's two sample files (formula-like cells made inert)."""
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
            "in_20": ["Yes" if i in chosen else "No" for i in ids],
            "proposed": [
                None if proposed is None else ("Yes" if i in proposed else "No") for i in ids
            ],
            "in_6": ["Yes" if i in six else "No" for i in ids],
        },
        schema={
            "child_id": pl.String,
            "in_20": pl.String,
            "proposed": pl.String,
            "in_6": pl.String,
        },
    )
