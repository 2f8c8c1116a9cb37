"""Sampling: nomination checks, the proposed 20 and 6, locks, exclusions and infeasible selections."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.common.derive import FOCUS_AGE_GROUPS
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.selection import (
    Candidate,
    SelectionInfeasible,
    nomination_checks,
    select_6,
    select_20,
)

R = dt.date(2026, 11, 16)
AGES = {
    "unborn": dt.date(2027, 2, 1),
    "under_2": dt.date(2025, 6, 1),
    "2_to_4": dt.date(2023, 1, 1),
    "5_to_7": dt.date(2020, 1, 1),
}


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
                "date_of_birth": AGES[group],
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
            "date_of_birth": AGES["under_2"],
            "agencies_involved": "CSC;HEALTH",
            "da_current_factor": "No",
            "positive_engagement": "Yes",
            "probation_relevant_adult": None,
        }
    )
    data = PreparedData(
        reference_date=R,
        valid={"nominations": pl.DataFrame(rows)},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )
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
