"""Dip samples (para 72): conditions, stratification, reproducibility, presets, on hand-built lists."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.dip import DipError, dip_sample, parse_condition, preset_samples

R = dt.date(2026, 11, 16)


def _referrals() -> pl.DataFrame:
    # 12 referrals: rows 2..13 of sheet "List 3". Police (6) on even rows, NFA on every third.
    rows = []
    for i in range(12):
        rows.append(
            {
                "child_id": f"R{i:02d}",
                "date_of_birth": dt.date(2021, 1, 1) if i < 6 else dt.date(2012, 1, 1),
                "referral_date": dt.date(2026, 10, 1) if i != 11 else dt.date(2025, 1, 1),
                "referral_source": "6" if i % 2 == 0 else "2A",
                "referral_nfa": "Yes" if i % 3 == 0 else "No",
                "referrals_last_12m_count": i % 4,
                "_file": "annex_a.xlsx",
                "_sheet": "List 3",
                "_row": i + 2,
            }
        )
    return pl.DataFrame(rows)


def _assessments() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "child_id": ["R00", "R06", "U1"],
            "date_of_birth": [dt.date(2021, 1, 1), dt.date(2012, 1, 1), dt.date(2027, 1, 5)],
            "assessment_start_date": [dt.date(2026, 9, 1)] * 3,
            "da_victim": ["Yes", "Yes", "No"],
            "_file": ["annex_a.xlsx"] * 3,
            "_sheet": ["List 4"] * 3,
            "_row": [2, 3, 4],
        }
    )


def _data() -> PreparedData:
    return PreparedData(
        reference_date=R,
        valid={"referrals": _referrals(), "assessments": _assessments()},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )


def test_conditions_use_codes_as_the_contract_says_and_every_row_meets_them() -> None:
    # police (rows with i even: 0,2,4,6,8,10) and NFA (i % 3 == 0: 0,3,6,9) -> i in {0, 6}
    result = dip_sample(
        _data(),
        "referrals",
        5,
        [("referral_source", "Police"), ("referral_nfa", "Y")],
        reference_date=R,
    )
    assert result.table["child_id"].to_list() == ["R00", "R06"]
    assert (
        result.table["row"].to_list() == [2, 8]
        and result.table["sheet"].to_list() == ["List 3"] * 2
    )
    assert result.table.columns[:3] == ["child_id", "sheet", "row"]
    assert result.matched == 2 and "Only 2 rows" in result.message


def test_window_blank_and_number_comparisons() -> None:
    in_window = dip_sample(
        _data(), "referrals", 50, [("referral_date", "window")], reference_date=R
    )
    assert in_window.matched == 11  # row for R11 dated 2025-01-01 is before the window
    rereferred = dip_sample(
        _data(), "referrals", 50, [parse_condition("referrals_last_12m_count>=2")], reference_date=R
    )
    assert rereferred.matched == 6  # i % 4 in {2, 3}: 2,3,6,7,10,11
    assert parse_condition("focus=Yes") == ("focus", "Yes")
    assert parse_condition("x=>=1") == ("x", ">=1")


def test_same_seed_same_rows_and_stratified_spread() -> None:
    first = dip_sample(
        _data(), "referrals", 4, stratify="referral_source", reference_date=R, seed=7
    )
    again = dip_sample(
        _data(), "referrals", 4, stratify="referral_source", reference_date=R, seed=7
    )
    assert first.table.equals(again.table)
    assert first.table["stratum"].value_counts()["count"].to_list() == [2, 2]  # 2 police, 2 schools
    seeds = {
        tuple(dip_sample(_data(), "referrals", 4, reference_date=R, seed=s).table["row"])
        for s in range(6)
    }
    assert len(seeds) > 1


def test_focus_and_age_group_derived_keys() -> None:
    focus = dip_sample(_data(), "referrals", 10, [("focus", "Yes")], reference_date=R)
    assert focus.table["child_id"].to_list() == ["R00"]  # R06 is 14: not a focus age group
    unborn = dip_sample(_data(), "assessments", 10, [("age_group", "unborn")], reference_date=R)
    assert unborn.table["child_id"].to_list() == ["U1"]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ([("nope", "1")], "not a column of the referrals list"),
        ([("referral_source", "ZZ")], "not a code of referral_source"),
        ([("referral_date", "yesterday")], "not a date"),
    ],
)
def test_bad_conditions_say_why(where: list, message: str) -> None:
    with pytest.raises(DipError, match=message):
        dip_sample(_data(), "referrals", 3, where, reference_date=R)


def test_presets_are_drawn_or_say_why_not_available() -> None:
    results = {p.id: (r, m) for p, r, m in preset_samples(_data(), R, seed=1)}
    # police + NFA + in window: rows for i in {0, 6} (i=11 is out of the window and not police);
    # R06 is 14, outside the inspection's ages (unborn to 7) that presets keep to
    assert results["police_referrals_nfa"][0].table["child_id"].to_list() == ["R00"]
    assert results["unborn_assessments"][0].table["child_id"].to_list() == ["U1"]
    assert results["s47_no_conference"][0] is None
    assert "not available" in results["s47_no_conference"][1]
    # focus child R00 has 0 re-referrals: no row
    assert results["focus_rereferrals"][0].matched == 0
