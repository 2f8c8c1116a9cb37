"""The selection algorithm: the proposed 20 from the nominated children, and 6 of a 20.

Selection is greedy over the coverage quotas of ``data_contracts/rules/sampling.yml`` (para 64),
ties broken by a seeded per-child rank (a keyed hash of the seed and the child ID, so a child's rank
does not depend on who else is in the pool). Locked children go in first, then any children kept
from an earlier choice, then the greedy fill: a change to the locks or exclusions changes the 20 and
the 6 only where it must.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from jtai_analysis.sampling.candidates import Candidate
from jtai_analysis.sampling.rules import Quota, SamplingRules, load_rules


class SelectionInfeasible(Exception):
    """No selection meets a rule. The message names the rule."""


@dataclass(frozen=True)
class Chosen:
    """A child in the 20 or the 6, why, and whether the lead inspector confirmed it.

    ``by_inspector`` is True for a child the lead inspector locked, or named on the
    information-on-the-20 return or the ``--selected-20`` file; False for one the workbench proposed.
    """

    candidate: Candidate
    why: str
    by_inspector: bool = False


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
    chosen = [Chosen(c, rules.reasons["locked"], by_inspector=True) for c in locked]
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


def check_locks(
    lock: Sequence[str], exclude: Sequence[str], known: set[str], size: int, where: str
) -> None:
    """Raise :class:`SelectionInfeasible` when the locks and exclusions cannot all be honoured.

    A child both locked and excluded, a locked child not ``known`` (the message says it is not
    ``where``), or more children locked than ``size``.
    """
    both = sorted(set(lock) & set(exclude))
    if both:
        raise SelectionInfeasible(f"Child {both[0]} is both locked and excluded.")
    unknown = [i for i in lock if i not in known]
    if unknown:
        raise SelectionInfeasible(f"Child {unknown[0]} is locked but is not {where}.")
    if len(set(lock)) > size:
        raise SelectionInfeasible(f"{len(set(lock))} children are locked, but {size} are selected.")


# select_20 and select_6 take the same arguments on purpose (the lead inspector locks, excludes and
# keeps in the 20 and in the 6 alike); what they do differs: the pool, who is eligible, the quotas.
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
        The nominated children (:func:`~jtai_analysis.sampling.candidates.candidates`).
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
    check_locks(
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


# The same arguments as select_20 on purpose (see there): one way to steer the 20 and the 6.
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
    check_locks(lock, exclude, set(by_id), rules.six, "in the 20 (the 6 come from them, para 116)")
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
