"""Property-based tests (hypothesis) of the 20 and the 6 over random pools of nominated children."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jtai_analysis.common.derive import FOCUS_AGE_GROUPS
from jtai_analysis.sampling.candidates import Candidate
from jtai_analysis.sampling.rules import load_rules
from jtai_analysis.sampling.twenty_and_six import (
    SelectionInfeasible,
    is_eligible_for_6,
    select_6,
    select_20,
)

RULES = load_rules()

candidate = st.builds(
    Candidate,
    child_id=st.just(""),  # replaced by a unique ID below
    lists=st.lists(st.sampled_from(RULES.letters), min_size=1, max_size=3, unique=True).map(
        lambda x: tuple(sorted(x))
    ),
    age_group=st.sampled_from([*FOCUS_AGE_GROUPS, "8_plus", "unknown"]),
    sex=st.sampled_from(["M", "F", "U", None]),
    ethnicity=st.sampled_from(["WBRI", "BAFR", "AIND", None]),
    disability=st.sampled_from(["Yes", "No", None]),
    status=st.sampled_from(["CIN", "CPP", "CIC", "NONE"]),
    agencies=st.lists(
        st.sampled_from(["CSC", "POLICE", "HEALTH", "PROBATION"]), max_size=4, unique=True
    ).map(lambda x: tuple(sorted(x))),
    has_probation=st.booleans(),
    is_da_current=st.booleans(),
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Candidate], list[str], list[str], int]:
    raw = draw(st.lists(candidate, min_size=0, max_size=40))
    pool = [Candidate(**{**c.__dict__, "child_id": f"K{i:03d}"}) for i, c in enumerate(raw)]
    ids = [c.child_id for c in pool] + ["UNKNOWN-1"]
    lock = draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))
    exclude = draw(st.lists(st.sampled_from(ids), max_size=6, unique=True))
    return pool, lock, exclude, draw(st.integers(0, 2**31))


def _ids(chosen: list) -> list[str]:
    return [c.candidate.child_id for c in chosen]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_rules_hold_whenever_a_selection_is_possible(scenario: tuple) -> None:
    pool, lock, exclude, seed = scenario
    try:
        twenty = select_20(pool, seed, lock, exclude)
    except SelectionInfeasible as error:
        assert str(error).endswith(".") and ("para" in str(error) or "locked" in str(error))
        return
    ids = _ids(twenty)
    assert len(ids) == RULES.twenty == len(set(ids))
    assert set(ids) <= {c.child_id for c in pool}  # only nominated children
    assert set(lock) <= set(ids) and not set(exclude) & set(ids)
    assert _ids(select_20(pool, seed, lock, exclude)) == ids  # same seed, same choice
    lock_6 = [i for i in ids[-2:] if i not in exclude]
    try:
        six = select_6(twenty, seed, lock=lock_6, exclude=ids[:1])
    except SelectionInfeasible as error:
        assert "para" in str(error) or "locked" in str(error)
        return
    six_ids = _ids(six)
    assert len(six_ids) == RULES.six == len(set(six_ids)) and set(six_ids) <= set(ids)
    assert set(lock_6) <= set(six_ids) and (ids[0] in lock_6 or ids[0] not in six_ids)
    assert all(is_eligible_for_6(c.candidate) for c in six if c.candidate.child_id not in lock_6)
    assert _ids(select_6(twenty, seed, lock=lock_6, exclude=ids[:1])) == six_ids


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_an_infeasible_pool_names_the_rule_and_never_raises_anything_else(scenario: tuple) -> None:
    pool, lock, exclude, seed = scenario
    small = pool[: RULES.twenty - 1]  # always too few nominated children
    try:
        select_20(small, seed, [i for i in lock if i in {c.child_id for c in small}], exclude)
    except SelectionInfeasible as error:
        assert "para 115" in str(error) or "locked" in str(error)
    else:
        raise AssertionError("fewer than 20 nominated children cannot give 20")
