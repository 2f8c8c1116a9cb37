"""Dip presets say what they are (issue 25): titled by their list, in the inspection's age scope
(unborn to 7) unless they say otherwise, and "no conference" leaves out enquiries still open.

Reference date Mon 16 Nov 2026; no bank holiday in England between 19 Oct and 16 Nov 2026, so the
working days below are counted on a calendar by hand (Monday to Friday).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import yaml

from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.dip import dip_sample, preset_heading, preset_samples
from jtai_analysis.sampling.rules import RULES_FILE, load_rules

R = dt.date(2026, 11, 16)
AGED_2 = dt.date(2024, 5, 1)
AGED_7 = dt.date(2019, 1, 1)  # 7 at R: still in scope
AGED_8 = dt.date(2018, 11, 16)  # 8 on R itself: out of scope
AGED_9 = dt.date(2017, 3, 1)
AGED_14 = dt.date(2012, 6, 1)
UNBORN = dt.date(2027, 1, 10)


def _rows(sheet: str, records: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {**r, "_file": "annex_a.xlsx", "_sheet": sheet, "_row": i + 2}
            for i, r in enumerate(records)
        ]
    )


def _referrals() -> pl.DataFrame:
    police_nfa = {
        "referral_source": "6",
        "referral_nfa": "Yes",
        "referral_date": dt.date(2026, 10, 1),
    }
    return _rows(
        "List 3",
        [
            {"child_id": "P02", "date_of_birth": AGED_2, **police_nfa},
            {"child_id": "P07", "date_of_birth": AGED_7, **police_nfa},
            {"child_id": "P08", "date_of_birth": AGED_8, **police_nfa},
            {"child_id": "P09", "date_of_birth": AGED_9, **police_nfa},
            {"child_id": "P14", "date_of_birth": AGED_14, **police_nfa},
            {"child_id": "PUB", "date_of_birth": UNBORN, **police_nfa},
            # a school referral closed with NFA, and a police one taken further: neither matches
            {"child_id": "S02", "date_of_birth": AGED_2, **police_nfa, "referral_source": "2A"},
            {"child_id": "F02", "date_of_birth": AGED_2, **police_nfa, "referral_nfa": "No"},
        ],
    )


def _s47() -> pl.DataFrame:
    def row(
        child: str, strategy: dt.date, icpc: dt.date | None, unnecessary: str | None, dob=AGED_2
    ) -> dict[str, object]:
        return {
            "child_id": child,
            "date_of_birth": dob,
            "strategy_date": strategy,
            "icpc_date": icpc,
            "icpc_unnecessary": unnecessary,
        }

    return _rows(
        "List 5",
        [
            # Mon 9 Nov: 5 working days before R (10, 11, 12, 13, 16 Nov), nothing decided: open
            row("OPEN5", dt.date(2026, 11, 9), None, None),
            # Mon 26 Oct: 15 working days (27-30 Oct, 2-6 Nov, 9-13 Nov, 16 Nov): the conference
            # may still be held on time, so still open
            row("OPEN15", dt.date(2026, 10, 26), None, None),
            # Fri 23 Oct: 16 working days, no conference: past the timescale, "no conference"
            row("PAST16", dt.date(2026, 10, 23), None, None),
            # conference recorded as not needed 4 days ago: decided, "no conference"
            row("UNNEEDED", dt.date(2026, 11, 10), None, "Yes"),
            # "not deemed unnecessary" and 5 working days old: still open
            row("OPENNO", dt.date(2026, 11, 9), None, "No"),
            # a conference was held: not "no conference"
            row("HELD", dt.date(2026, 10, 1), dt.date(2026, 10, 20), "No"),
            # no conference, decided, but the child is 14: outside the inspection's ages
            row("OLDER", dt.date(2026, 9, 1), None, "Yes", dob=AGED_14),
        ],
    )


def _data() -> PreparedData:
    return PreparedData(
        reference_date=R,
        valid={"referrals": _referrals(), "s47": _s47()},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )


def _presets() -> dict[str, tuple[object, object, str]]:
    return {p.id: (p, r, m) for p, r, m in preset_samples(_data(), R, seed=1)}


def test_police_nfa_preset_is_titled_by_list_3_and_draws_only_children_unborn_to_7() -> None:
    preset, result, _ = _presets()["police_referrals_nfa"]
    # police (6) + NFA: P02, P07, P08, P09, P14, PUB; aged 8, 9 and 14 are outside the scope
    assert sorted(result.table["child_id"].to_list()) == ["P02", "P07", "PUB"]
    assert preset_heading(preset).startswith("List 3")
    assert (
        "referrals" in preset_heading(preset).lower()
        and "contacts" not in preset_heading(preset).lower()
    )
    assert "unborn to 7" in preset_heading(preset)


def test_s47_no_conference_leaves_out_enquiries_still_open() -> None:
    preset, result, _ = _presets()["s47_no_conference"]
    # open: OPEN5, OPEN15, OPENNO; a conference held: HELD; aged 14: OLDER
    assert sorted(result.table["child_id"].to_list()) == ["PAST16", "UNNEEDED"]
    assert preset_heading(preset).startswith("List 5")


def test_enquiry_open_is_a_derived_key_jtai_dip_takes() -> None:
    is_open = dip_sample(_data(), "s47", 20, [("enquiry_open", "Yes")], reference_date=R)
    assert sorted(is_open.table["child_id"].to_list()) == ["OPEN15", "OPEN5", "OPENNO"]
    closed = dip_sample(_data(), "s47", 20, [("enquiry_open", "No")], reference_date=R)
    assert sorted(closed.table["child_id"].to_list()) == ["HELD", "OLDER", "PAST16", "UNNEEDED"]


def test_age_group_under_8_means_unborn_to_7() -> None:
    result = dip_sample(_data(), "referrals", 20, [("age_group", "under_8")], reference_date=R)
    assert sorted(result.table["child_id"].to_list()) == ["F02", "P02", "P07", "PUB", "S02"]


def test_every_preset_names_its_list_and_its_ages() -> None:
    numbers = {"contacts": "1", "referrals": "3", "assessments": "4", "s47": "5", "cin": "6"}
    for preset in load_rules().dip_presets:
        assert preset_heading(preset).startswith(f"List {numbers[preset.list_key]}"), (
            preset_heading(preset)
        )
        if preset.is_all_ages:
            assert "all ages" in preset_heading(preset), preset_heading(preset)
        else:
            assert ("age_group", "under_8") in preset.where, preset.id


def test_a_preset_over_all_ages_must_say_why(tmp_path: Path) -> None:
    raw = yaml.safe_load((contracts_dir() / RULES_FILE).read_text(encoding="utf-8"))
    raw["dip_presets"][0]["ages"] = "all"
    (tmp_path / "rules").mkdir()
    (tmp_path / RULES_FILE).write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="ages_why"):
        load_rules(tmp_path)
    raw["dip_presets"][0]["ages_why"] = "police referrals of older siblings matter too"
    (tmp_path / RULES_FILE).write_text(yaml.safe_dump(raw), encoding="utf-8")
    preset = load_rules(tmp_path).dip_presets[0]
    assert preset.is_all_ages and ("age_group", "under_8") not in preset.where
