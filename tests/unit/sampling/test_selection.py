"""Selection of the 20 and the 6: nomination checks, the proposed 20 and 6, locks and exclusions,
infeasible selections; and as the inspection runs them: the chosen 20 from the return, the 6 only
from them, locks and exclusions for the 6, minimal change, list C as the contract says."""

from __future__ import annotations

import polars as pl
import pytest

from jtai_analysis.common.derive import FOCUS_AGE_GROUPS
from jtai_analysis.sampling.candidates import Candidate, candidates
from jtai_analysis.sampling.nomination_checks import nomination_checks
from jtai_analysis.sampling.sample import choose
from jtai_analysis.sampling.twenty_and_six import SelectionInfeasible, select_6, select_20
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.sampling.nominated import BORN_IN, nomination, with_nominations


def _candidates(n: int = 30) -> list[Candidate]:
    groups = list(FOCUS_AGE_GROUPS)
    return [
        Candidate(
            child_id=f"C{i:03d}",
            lists=("ABC"[i % 3],),
            age_group=groups[i % 4],
            sex="MF"[i % 2] if groups[i % 4] != "unborn" else "U",
            ethnicity="WBRI" if i % 5 else "BAFR",
            disability="Yes" if i % 11 == 0 else "No",
            status=["CIN", "CPP", "CIC"][i % 3],
            agencies=("CSC", "POLICE") if i % 7 else ("CSC",),
            has_probation=i % 3 == 2,
            is_da_current=True,
        )
        for i in range(n)
    ]


def test_the_20_cover_lists_ages_and_characteristics() -> None:
    chosen = select_20(_candidates(), seed=1)
    assert len(chosen) == 20 and len({c.candidate.child_id for c in chosen}) == 20
    lists = [x for c in chosen for x in c.candidate.lists]
    assert all(lists.count(x) >= 6 for x in "ABC")
    ages = [c.candidate.age_group for c in chosen]
    assert all(ages.count(g) >= 4 for g in FOCUS_AGE_GROUPS)
    assert sum(c.candidate.disability == "Yes" for c in chosen) >= 1
    assert sum(c.candidate.is_minority_ethnic for c in chosen) >= 3
    assert all(c.why for c in chosen)


def test_the_6_are_multi_agency_with_current_domestic_abuse_and_cover_age_groups() -> None:
    six = select_6(select_20(_candidates(), seed=1), seed=1)
    assert len(six) == 6
    assert all(len(c.candidate.agencies) >= 2 and c.candidate.is_da_current for c in six)
    assert {c.candidate.age_group for c in six} == set(FOCUS_AGE_GROUPS)
    assert any(c.candidate.has_probation for c in six)


def test_same_seed_same_children_and_seed_matters() -> None:
    first = [c.candidate.child_id for c in select_20(_candidates(60), seed=3)]
    assert first == [c.candidate.child_id for c in select_20(_candidates(60), seed=3)]
    assert any(
        first != [c.candidate.child_id for c in select_20(_candidates(60), seed=s)]
        for s in (4, 5, 6)
    )


def test_locked_children_are_in_and_excluded_ones_out() -> None:
    chosen = select_20(_candidates(), seed=1, lock=["C029", "C028"], exclude=["C000", "C001"])
    ids = [c.candidate.child_id for c in chosen]
    assert ids[:2] == ["C029", "C028"] and chosen[0].why == "locked by the lead inspector"
    assert "C000" not in ids and "C001" not in ids


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lock": ["X999"]}, "not on the nomination lists"),
        ({"lock": ["C001"], "exclude": ["C001"]}, "both locked and excluded"),
        ({"exclude": [f"C{i:03d}" for i in range(11)]}, "Only 19 nominated children remain"),
    ],
)
def test_infeasible_selections_name_the_rule(kwargs: dict, message: str) -> None:
    with pytest.raises(SelectionInfeasible, match=message):
        select_20(_candidates(), seed=1, **kwargs)


def test_too_few_multi_agency_children_for_the_6() -> None:
    single = [Candidate(**{**c.__dict__, "agencies": ("CSC",)}) for c in _candidates()]
    with pytest.raises(SelectionInfeasible, match="para 117"):
        select_6(select_20(single, seed=1), seed=1)


def test_nomination_checks_follow_paragraphs_112_to_114() -> None:
    rows = []
    for i, group in enumerate(
        ["unborn", "under_2", "2_to_4", "5_to_7"] * 2 + ["5_to_7"] * 3
    ):  # 11 on list A
        rows.append(
            {
                "nomination_list": "A",
                "child_id": f"A{i}",
                "date_of_birth": BORN_IN[group],
                "agencies_involved": "CSC" if i == 0 else "CSC;POLICE",
                "da_current_factor": "Yes",
                "positive_engagement": None,
                "probation_relevant_adult": None,
            }
        )
    rows.append(
        {
            "nomination_list": "B",
            "child_id": "B1",
            "date_of_birth": BORN_IN["under_2"],
            "agencies_involved": "CSC;HEALTH",
            "da_current_factor": "No",
            "positive_engagement": "Yes",
            "probation_relevant_adult": None,
        }
    )
    data = with_nominations(rows)
    checks = {
        (r["List"], r["Check"]): (r["Met"], r["Detail"])
        for r in nomination_checks(data, R).iter_rows(named=True)
    }
    assert checks[("A", "Up to 10 children")] == ("No", "11 children")
    assert checks[("A", "At least two agencies involved")] == ("No", "10 of 11")
    assert checks[("A", "At least 2 children from each age group (if possible)")] == (
        "Yes",
        "all four groups",
    )
    assert checks[("B", "Domestic abuse a current or significant factor for each")] == (
        "No",
        "0 of 1",
    )
    assert checks[("B", "At least 2 children from each age group (if possible)")][0] == "No"
    assert checks[("C", "Up to 10 children")] == ("No", "0 children")


def _return(ids: list[str], **columns: list[object]) -> pl.DataFrame:
    base = {
        "child_id": ids,
        "school_or_setting": [None] * len(ids),
        "child_health_services": [None] * len(ids),
        "adults_known_to_police": ["No"] * len(ids),
        "adult_health_services": [None] * len(ids),
        "adult_active_probation": ["No"] * len(ids),
    }
    return pl.DataFrame({**base, **columns}, schema={k: pl.String for k in base})


def _ids(chosen: list) -> list[str]:
    return [c.candidate.child_id for c in chosen]


def test_the_returned_20_are_the_20_and_the_6_come_only_from_them() -> None:
    rows = [nomination(i) for i in range(30)]
    returned = [f"N{i:03d}" for i in range(10, 30)]  # the 20 the inspector chose: N010..N029
    known = returned[1:] + ["N001"]  # N010 unknown in Lists 1-7
    cp = pl.DataFrame({"child_id": known, "date_of_birth": [BORN_IN["under_2"]] * len(known)})
    data = with_nominations(rows, candidate_info=_return([*returned, "X999"]), cp=cp)
    sample = choose(data, R, seed=1)
    assert sample.source == "returned"
    assert _ids(sample.twenty) == returned  # X999 is not nominated: reported, not in the 20
    assert set(_ids(sample.six)) <= set(returned) and len(sample.six) == 6
    assert sample.six_all_in_twenty
    issues = {(r["child_id"], r["issue"]) for r in sample.return_issues.iter_rows(named=True)}
    assert ("X999", "not on the nomination lists (left out of the 20)") in issues
    assert ("N010", "not found in Lists 1 to 7") in issues
    assert sample.proposed_twenty is not None and len(sample.proposed_twenty) == 20


def test_selected_20_file_overrides_and_before_the_return_the_20_are_proposed() -> None:
    rows = [nomination(i) for i in range(30)]
    chosen = [f"N{i:03d}" for i in range(20)]
    assert _ids(choose(with_nominations(rows), R, 1, selected_20=chosen).twenty) == chosen
    proposed = choose(with_nominations(rows), R, 1)
    assert proposed.source == "proposed" and len(proposed.twenty) == 20


def test_what_the_return_says_makes_a_child_eligible_for_the_6() -> None:
    # Only CSC on the nomination: one agency, not eligible (para 117) until the return adds police.
    rows = [nomination(i, agencies_involved="CSC") for i in range(20)]
    ids = [f"N{i:03d}" for i in range(20)]
    with pytest.raises(SelectionInfeasible, match="para 117"):
        choose(with_nominations(rows, candidate_info=_return(ids)), R, 1)
    police = ["Yes"] * 6 + ["No"] * 14
    sample = choose(
        with_nominations(rows, candidate_info=_return(ids, adults_known_to_police=police)), R, 1
    )
    assert set(_ids(sample.six)) == set(ids[:6])
    pool = {
        c.child_id: c
        for c in candidates(
            with_nominations(
                rows, candidate_info=_return(ids, adult_active_probation=["Yes"] + ["No"] * 19)
            ),
            R,
        )
    }
    assert pool["N000"].has_probation and "PROBATION" in pool["N000"].agencies
    assert not pool["N001"].has_probation


def test_locking_a_child_outside_the_6_into_the_20_leaves_the_6_alone() -> None:
    rows = [nomination(i) for i in range(30)]
    before = choose(with_nominations(rows), R, seed=1)
    outside = sorted({f"N{i:03d}" for i in range(30)} - set(_ids(before.twenty)))
    assert outside  # 10 nominated children are not in the 20
    after = choose(with_nominations(rows), R, seed=1, lock=[outside[0]])
    assert outside[0] in _ids(after.twenty)
    assert set(_ids(after.six)) == set(_ids(before.six))
    assert len(set(_ids(after.twenty)) ^ set(_ids(before.twenty))) == 2  # one in, one out


def test_locks_and_exclusions_for_the_6() -> None:
    rows = [nomination(i) for i in range(30)]
    before = choose(with_nominations(rows), R, seed=1)
    not_in_6 = next(i for i in _ids(before.twenty) if i not in _ids(before.six))
    in_6 = _ids(before.six)[0]
    after = choose(with_nominations(rows), R, seed=1, lock_6=[not_in_6], exclude_6=[in_6])
    assert not_in_6 in _ids(after.six) and in_6 not in _ids(after.six)
    # only the excluded child and one other changed
    assert len(set(_ids(after.six)) - set(_ids(before.six))) <= 2
    outside = next(f"N{i:03d}" for i in range(30) if f"N{i:03d}" not in _ids(before.twenty))
    with pytest.raises(SelectionInfeasible, match="not in the 20"):
        select_6(before.twenty, 1, lock=[outside])
    with pytest.raises(SelectionInfeasible, match="both locked and excluded"):
        select_6(before.twenty, 1, lock=[in_6], exclude=[in_6])


def test_list_c_needs_childrens_social_care_and_probation() -> None:
    rows = [
        nomination(2, child_id="C1", agencies_involved="PROBATION", probation_relevant_adult="Yes"),
        nomination(
            5, child_id="C2", agencies_involved="CSC;PROBATION", probation_relevant_adult=None
        ),
        nomination(
            8, child_id="C3", agencies_involved="CSC;HEALTH", probation_relevant_adult="Yes"
        ),
        nomination(
            11, child_id="C4", agencies_involved="CSC;HEALTH", probation_relevant_adult="No"
        ),
    ]
    checks = nomination_checks(with_nominations(rows), R)
    c = checks.filter((pl.col("List") == "C") & pl.col("Check").str.contains("probation")).row(
        0, named=True
    )
    # C1 probation alone: no; C2 CSC + probation agency: yes; C3 CSC + relevant adult: yes; C4: no
    assert (c["Met"], c["Detail"]) == ("No", "2 of 4")


def test_the_20_from_select_20_are_unchanged_by_pool_order() -> None:
    pool = candidates(with_nominations([nomination(i) for i in range(30)]), R)
    assert _ids(select_20(pool, 3)) == _ids(select_20(list(reversed(pool)), 3))
