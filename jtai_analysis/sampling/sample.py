"""The 20 and the 6 as the inspection runs it: who chose the 20, and the 6 only from them.

The lead inspector chooses; the workbench proposes, reproducibly. Paras 112-114 set what the
nomination lists should hold; para 64 what selection takes into account (age, sex, ethnicity,
disability, stage of involvement); para 115 that the 20 come from the nominations and the local area
returns information on them; paras 116-117 that the 6 come from those 20, with multi-agency
involvement and current or recent work on domestic abuse. Every criterion, quota and wording is in
``data_contracts/rules/sampling.yml`` (:mod:`jtai_analysis.sampling.rules`); the algorithm is
:mod:`jtai_analysis.sampling.twenty_and_six`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.candidates import Candidate, candidates, returned_rows
from jtai_analysis.sampling.rules import SamplingRules, load_rules
from jtai_analysis.sampling.twenty_and_six import (
    Chosen,
    SelectionInfeasible,
    check_locks,
    select_6,
    select_20,
)


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
            twenty.append(Chosen(by_id[child_id], why, by_inspector=True))
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


@dataclass(frozen=True)
class Given20:
    """The 20 the lead inspector chose, as the run received them: their IDs in the order given,
    from ``returned`` (the information-on-the-20 return) or ``selected_file`` (``--selected-20``),
    and the IDs found in Lists 1-7 (None before those lists arrive)."""

    ids: tuple[str, ...]
    source: str
    known_in_lists: set[str] | None


def given_20(data: PreparedData, selected_20: Sequence[str] | None = None) -> Given20 | None:
    """The 20 already chosen: ``selected_20`` when given, else those the return names; None when
    neither (the 20 are then proposed)."""
    if selected_20 is not None:
        return Given20(tuple(selected_20), "selected_file", _ids_in_lists(data))
    returned = returned_rows(data)
    return Given20(tuple(returned), "returned", _ids_in_lists(data)) if returned else None


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
    """The 20 and the 6 as the inspection runs it (:func:`choose_from` the submission's nominated
    children).

    Parameters
    ----------
    data, reference_date
        The prepared submission and its reference date.
    seed, lock, exclude, lock_6, exclude_6
        As :func:`choose_from`.
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
    return choose_from(
        pool, seed, lock, exclude, lock_6, exclude_6, given_20(data, selected_20), rules
    )


# choose_from takes the inspector's four choices (lock, exclude, lock_6, exclude_6) as select_20 and
# select_6 take them, and the workbench's adjust() as choose_from does: the same parameters on
# purpose, so a choice means the same in every place that makes one.
def choose_from(
    pool: Sequence[Candidate],
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
    lock_6: Sequence[str] = (),
    exclude_6: Sequence[str] = (),
    given: Given20 | None = None,
    rules: SamplingRules | None = None,
) -> Sample:
    """The 20 and the 6 from the nominated children ``pool``: the one way the pack, ``jtai sample``
    and the sampling workbench choose them, so the same choices give the same children everywhere.

    Parameters
    ----------
    pool
        The nominated children (:func:`~jtai_analysis.sampling.candidates.candidates`).
    seed
        Tie-break seed (same inputs and seed, same children).
    lock, exclude
        Child IDs the proposed 20 must include / must not include (ignored for the 20 when the
        20 are given, but applied to the proposal shown beside them).
    lock_6, exclude_6
        Child IDs the 6 must include / must not include. A proposed 20 includes the children locked
        into the 6; a given 20 that leaves one out makes the 6 infeasible, said by its rule.
    given
        The 20 already chosen (:func:`given_20`); None proposes them.

    Raises
    ------
    SelectionInfeasible
        Naming the rule when no 20 or no 6 is possible.
    """
    rules = rules or load_rules()
    pool = list(pool)
    # A lock naming no nominated child is a mistake to report, whoever chose the 20.
    check_locks(
        lock,
        exclude,
        {c.child_id for c in pool},
        rules.twenty,
        "on the nomination lists (the 20 come from them, para 115)",
    )
    baseline_20 = _try(select_20, pool, seed, rules=rules)
    if given is not None:
        source = given.source
        twenty, issues = returned_twenty(
            pool, list(given.ids), given.known_in_lists, rules.reasons[source]
        )
        proposed = _try(select_20, pool, seed, lock, exclude, baseline_20 or (), rules)
        baseline_6 = _try(select_6, twenty, seed, rules=rules)
    else:
        source, issues, proposed = "proposed", None, None
        baseline_6 = _try(select_6, baseline_20, seed, rules=rules) if baseline_20 else None
        lock_20 = list(dict.fromkeys([*lock, *lock_6]))  # the 6 come from the 20 (para 116)
        # keep the baseline 6 first, so a change to the 20 drops another child where it can
        six_ids = {c.candidate.child_id for c in baseline_6 or ()}
        keep = sorted(baseline_20 or (), key=lambda c: c.candidate.child_id not in six_ids)
        twenty = select_20(
            pool, seed, lock_20, exclude, keep if (lock_20 or exclude) else (), rules
        )
    six = select_6(twenty, seed, lock_6, exclude_6, baseline_6 or (), rules)
    return Sample(
        twenty=twenty,
        six=six,
        source=source,
        proposed_twenty=proposed,
        **({"return_issues": issues} if issues is not None else {}),
    )
