"""The sampling workbench's balance (``sample_view.balance``): the 20 and the 6 as adjusted in the
workbench beside the focus children, in the pack's words and by the pack's functions, so that the
pack and the workbench say the same for the same children (issues 20 and 25).

The area: the 30 nominated children of ``tests/unit/sampling/nominated_area`` (``N{i:03d}``: age
group ``i % 4``, Black African when ``i % 5 == 0``) and 8 focus children F1..F8 on List 4, two in
each focus age group, F1, F3, F5, F7 White British and F2, F4, F6, F8 Black African. The binomial
tails are worked by hand in the comments (the rule: data_contracts/rules/sampling.yml ``balance``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.dashboards import sample_view
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.balance import balance_for_readers, balance_table, focus_population
from jtai_analysis.sampling.candidates import candidates
from jtai_analysis.sampling.sample import choose
from tests.unit.sampling.nominated import BORN_IN
from tests.unit.sampling.nominated_area import R, area

NONE, FEWER, MORE = "none in the sample", "fewer than expected", "more than expected"
THE_20 = [f"N{i:03d}" for i in range(20)]
# ages i % 4: N000, N004, N008, N012, N016 unborn, N001 under 2; N000 Black African, the rest not
SIX = ["N000", "N004", "N008", "N012", "N016", "N001"]


@pytest.fixture(scope="module")
def data() -> PreparedData:
    ages = [BORN_IN[g] for g in ("unborn", "under_2", "2_to_4", "5_to_7") for _ in range(2)]
    focus = pl.DataFrame(
        {
            "child_id": [f"F{i}" for i in range(1, 9)],
            "date_of_birth": ages,
            "sex": ["M", "F"] * 4,
            "ethnicity": ["WBRI", "BAFR"] * 4,
            "disability": ["No"] * 8,
            "assessment_start_date": [dt.date(2026, 9, 1)] * 8,
            "da_victim": ["Yes"] * 8,
        }
    )
    return area(assessments=focus)


def _cell(table: pl.DataFrame, characteristic: str, group: str, column: str) -> object:
    rows = table.filter((pl.col("Characteristic") == characteristic) & (pl.col("Group") == group))
    assert rows.height == 1, (characteristic, group)
    return rows[column].item()


def test_the_adjusted_20_and_6_beside_the_focus_children_with_skews_flagged(
    data: PreparedData,
) -> None:
    pool = candidates(data, R)
    # every one of the 20 locked, and the 6 locked into the 6: the lead inspector chose them all
    adjusted = sample_view.adjust(pool, seed=1, lock=THE_20, lock_6=SIX)
    assert sorted(adjusted.six["child_id"].to_list()) == sorted(SIX)
    balance = sample_view.balance(data, R, adjusted)
    assert balance is not None
    assert balance.caption == (
        "The 20 chosen by the lead inspector and the 6 chosen by the lead inspector "
        "beside the focus children, skews flagged"
    )
    assert balance.rule.startswith("A group is flagged when a random sample of the same size")
    table = balance.table
    twenty, six = "the chosen 20", "the chosen 6"
    # Black: 4 of the 8 focus children (50.0%); N000, N005, N010, N015 are 4 of the 20, expected
    # 10: P(X <= 4) for n = 20, p = 1/2 is 6196/1048576 = 0.0059, twice that 0.012 < 0.05
    assert _cell(table, "Ethnic group", "Black", "Children compared with") == 4
    assert _cell(table, "Ethnic group", "Black", "% of them") == 50.0
    assert _cell(table, "Ethnic group", "Black", f"Expected in {twenty}") == 10.0
    assert _cell(table, "Ethnic group", "Black", f"In {twenty}") == 4
    assert _cell(table, "Ethnic group", "Black", f"Flag ({twenty})") == FEWER
    assert _cell(table, "Ethnic group", "White", f"Flag ({twenty})") == MORE  # 16 of 20
    # the 6: 5 unborn at share 1/4, expected 1.5: P(X >= 5) = 6(1/4)^5(3/4) + (1/4)^6 = 0.0046
    assert _cell(table, "Age group", "Unborn", f"In {six}") == 5
    assert _cell(table, "Age group", "Unborn", f"Flag ({six})") == MORE
    # none aged 2 to 4 in the 6, where a random 6 would hold 1.5
    assert _cell(table, "Age group", "2 to 4", f"Flag ({six})") == NONE
    # the 20: 5 of each age group (i % 4), as a random 20 would hold (expected 5): no flag
    assert _cell(table, "Age group", "Under 2", f"Flag ({twenty})") is None
    # no focus child is disabled; N000 and N011 of the 20 are (i % 11 == 0): any disabled child
    # is more than a random 20 would hold, and 18 not disabled fewer than the 20 expected
    assert _cell(table, "Disabled", "Yes", f"Flag ({twenty})") == MORE
    assert _cell(table, "Disabled", "No", f"Flag ({twenty})") == FEWER
    # Lists 6 and 7 have not arrived: the status cannot be compared, so it is never flagged
    assert _cell(table, "Status", "Child in care", "Note") == (
        "not available: Lists 6 and 7 are both needed for the status"
    )
    # the 20: Black, White, disabled Yes and No; sexes 10 and 10, lists A 7, B 7, C 6 of 10 each
    assert balance.flags_20 == 4
    # the 6: unborn, 2 to 4, 5 to 7 (none, expected 1.5); disabled Yes (N000) and No. Not flagged:
    # 1 under 2 (P(X <= 1) = (3/4)^6 + 6(1/4)(3/4)^5 = 0.53), 1 Black of 6, lists A 2, B 3, C 1
    # at share 1/3 (P(X >= 3) = 1 - 496/729 = 0.32; P(X <= 1) = 256/729 = 0.35)
    assert balance.flags_6 == 5


def test_the_workbench_and_the_pack_say_the_same_for_the_same_children(
    data: PreparedData,
) -> None:
    adjusted = sample_view.adjust(candidates(data, R), seed=1, lock=THE_20, lock_6=SIX)
    # the pack: the same 20 given as the lead inspector's (--selected-20), the same 6 locked
    pack = choose(data, R, seed=1, selected_20=THE_20, lock_6=SIX)
    pack_table = balance_for_readers(balance_table(data, R, pack), pack)
    balance = sample_view.balance(data, R, adjusted)
    assert balance is not None
    assert balance.table.equals(pack_table)
    # the workspace makes the focus children once a session: the same table from them
    kept = sample_view.balance(data, R, adjusted, focus_population(data, R))
    assert kept is not None and kept.table.equals(pack_table)


def test_a_proposed_sample_is_called_proposed_and_no_sample_has_no_balance(
    data: PreparedData,
) -> None:
    pool = candidates(data, R)
    balance = sample_view.balance(data, R, sample_view.adjust(pool, seed=1))
    assert balance is not None
    assert balance.caption == (
        "The proposed 20 and the proposed 6 beside the focus children, skews flagged"
    )
    assert {"In the proposed 20", "Flag (the proposed 6)"} <= set(balance.table.columns)
    infeasible = sample_view.adjust(pool[:19], seed=1)
    assert not infeasible.is_feasible and sample_view.balance(data, R, infeasible) is None


def test_the_age_chart_is_the_packs_count_of_the_20_and_the_6(data: PreparedData) -> None:
    adjusted = sample_view.adjust(candidates(data, R), seed=1, lock=THE_20, lock_6=SIX)
    caption, counts = sample_view.by_age_group(adjusted)
    assert caption == (
        "The 20 chosen by the lead inspector and the 6 chosen by the lead inspector by age group"
    )
    # the 20: i % 4 over 0..19 gives 5 of each focus age group; the 6: 5 unborn and N001 under 2
    assert counts.rows() == [
        ("Unborn", 5, 5),
        ("Under 2", 5, 1),
        ("2 to 4", 5, 0),
        ("5 to 7", 5, 0),
        ("8 and over", 0, 0),
        ("Unknown", 0, 0),
    ]
