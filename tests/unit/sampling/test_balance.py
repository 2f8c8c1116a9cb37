"""The balance of the 20 and the 6 against the focus population, skews flagged (issue 25, item 5).

The rule (sampling.yml ``balance``): a group is flagged "none in the sample" when a random sample
of that size from the focus population would be expected to hold at least one of its children
(n x share >= 1) and holds none; otherwise "fewer than expected" / "more than expected" when the
two-sided binomial probability of a count at least that far from n x share (twice the smaller
tail) is below 0.05. Groups that only say a characteristic is not known are never flagged.

Binomial tails below are worked by hand: with share 1/2, P(X <= k) for n = 20 is
sum(C(20, i), i <= k) / 2**20 (C(20, i) for i = 0..7: 1, 20, 190, 1140, 4845, 15504, 38760, 77520;
2**20 = 1048576), and for n = 6 it is sum(C(6, i)) / 64 (1, 6, 15, 20, ...).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.sampling.balance import balance_for_readers, balance_table, skew_flag
from jtai_analysis.sampling.sample import choose
from tests.unit.sampling.nominated import BORN_IN as DOB
from tests.unit.sampling.nominated_area import R, area

NONE, FEWER, MORE = "none in the sample", "fewer than expected", "more than expected"


@pytest.mark.parametrize(
    ("count", "size", "share", "flag"),
    [
        # 0 of 6 at share 1/2: expected 3, none: absent (P = 1/64, twice that 0.031, also < 0.05)
        (0, 6, 0.5, NONE),
        # 1 of 6: P(X <= 1) = 7/64, twice that 0.219: chance explains it
        (1, 6, 0.5, None),
        # 5 of 20: P(X <= 5) = 21700/1048576 = 0.0207, twice that 0.0414 < 0.05
        (5, 20, 0.5, FEWER),
        # 6 of 20: P(X <= 6) = 60460/1048576 = 0.0577, twice that 0.115: no flag
        (6, 20, 0.5, None),
        # 15 of 20: P(X >= 15) = P(X <= 5) by symmetry: 0.0414
        (15, 20, 0.5, MORE),
        # 0 of 20 at share 0.04: expected 0.8 < 1, and P(X = 0) = 0.96**20 = 0.442: no flag
        (0, 20, 0.04, None),
        # 0 of 20 at share 0.05: expected 1.0, none: absent although P(X = 0) = 0.358
        (0, 20, 0.05, NONE),
        # 0 of 6 at share 1/6: expected 1.0, none: absent
        (0, 6, 1 / 6, NONE),
        # 0 of 6 at share 0.15: expected 0.9: no flag
        (0, 6, 0.15, None),
        # a group the population does not have at all: any child of it is more than expected
        (2, 20, 0.0, MORE),
        (0, 20, 0.0, None),
        # population not available: nothing to compare with
        (3, 20, None, None),
    ],
)
def test_the_skew_rule_on_hand_worked_cases(
    count: int, size: int, share: float | None, flag: str | None
) -> None:
    assert skew_flag(count, size, share) == flag


def _focus_lists() -> dict[str, pl.DataFrame]:
    """8 focus children F1..F8 on List 4 (domestic abuse Yes): 2 of each age group, 4 boys, 4 White
    British and 4 Black African, F1 and F2 disabled; F1..F4 on an open plan (List 7), F5..F8 on an
    open child in need episode (List 6). A 10-year-old with domestic abuse (O1) is not a focus child."""
    ages = [DOB[g] for g in ("unborn", "under_2", "2_to_4", "5_to_7") for _ in range(2)]
    children = [f"F{i}" for i in range(1, 9)]
    assessments = pl.DataFrame(
        {
            "child_id": [*children, "O1"],
            "date_of_birth": [d.isoformat() for d in ages] + ["2016-01-01"],
            "sex": ["M", "F"] * 4 + ["M"],
            "ethnicity": ["WBRI", "BAFR"] * 4 + ["WBRI"],
            "disability": ["Yes", "Yes"] + ["No"] * 7,
            "assessment_start_date": [dt.date(2026, 9, 1)] * 9,
            "da_victim": ["Yes"] * 9,
        }
    )
    cp = pl.DataFrame(
        {
            "child_id": children[:4],
            "cpp_start_date": [dt.date(2026, 8, 1)] * 4,
            "cpp_end_date": [None] * 4,
        },
        schema_overrides={"cpp_end_date": pl.Date},
    )
    cin = pl.DataFrame(
        {
            "child_id": children[4:],
            "cin_start_date": [dt.date(2026, 8, 1)] * 4,
            "cin_closure_date": [None] * 4,
            "case_status": ["CINP"] * 4,
        },
        schema_overrides={"cin_closure_date": pl.Date},
    )
    return {"assessments": assessments, "cp": cp, "cin": cin}


def _row(table: pl.DataFrame, dimension: str, group: str) -> dict[str, object]:
    rows = table.filter((pl.col("dimension") == dimension) & (pl.col("group") == group))
    assert rows.height == 1, (dimension, group)
    return rows.row(0, named=True)


def test_the_20_and_the_6_against_the_focus_population() -> None:
    data = area(**_focus_lists())
    # the 20: N000..N019 (see nominated_area); the 6: N000, N004, N008, N012, N016 (unborn) and N001
    six = ["N000", "N004", "N008", "N012", "N016", "N001"]
    sample = choose(data, R, seed=1, selected_20=[f"N{i:03d}" for i in range(20)], lock_6=six)
    table = balance_table(data, R, sample)

    # Black (BAFR when i % 5 == 0): N000, N005, N010, N015 = 4 of 20; half the focus children are
    # Black: P(X <= 4) = 6196/1048576 = 0.0059, twice that 0.012
    black = _row(table, "ethnic_group", "Black")
    assert (black["population_children"], black["population_pct"]) == (4, 50.0)
    assert (black["in_20"], black["expected_in_20"], black["flag_20"]) == (4, 10.0, FEWER)
    white = _row(table, "ethnic_group", "White")
    assert (white["in_20"], white["flag_20"]) == (16, MORE)
    # the 6: N000 Black, the rest White: 1 of 6, P(X <= 1) = 7/64, twice 0.22: no flag
    assert (black["in_6"], black["flag_6"]) == (1, None)

    # ages: the 20 hold 5 of each group (i % 4), as a random 20 would (expected 5)
    for group in ("unborn", "under_2", "2_to_4", "5_to_7"):
        row = _row(table, "age_group", group)
        assert (row["population_children"], row["in_20"], row["flag_20"]) == (2, 5, None)
    # the 6: 5 unborn, 1 under 2, none aged 2 to 4 or 5 to 7 (expected 1.5 each: absent);
    # 5 unborn of 6 at share 1/4: P(X >= 5) = 6(1/4)^5(3/4) + (1/4)^6 = 0.00464, twice 0.0093
    assert _row(table, "age_group", "2_to_4")["flag_6"] == NONE
    assert _row(table, "age_group", "5_to_7")["flag_6"] == NONE
    unborn = _row(table, "age_group", "unborn")
    assert (unborn["in_6"], unborn["expected_in_6"], unborn["flag_6"]) == (5, 1.5, MORE)

    # status: F1..F4 on a plan, F5..F8 child in need; the 20: i % 3 gives 7 CIN, 7 CPP, 6 CIC.
    # 7 of 20 at share 1/2: P(X <= 7) = 137980/1048576 = 0.13, twice 0.26: no flag. No focus
    # child is in care, so 6 children in care are more than a random 20 would hold.
    cpp = _row(table, "status", "CPP")
    assert (cpp["population_children"], cpp["in_20"], cpp["flag_20"]) == (4, 7, None)
    cic = _row(table, "status", "CIC")
    assert (cic["population_children"], cic["in_20"], cic["flag_20"]) == (0, 6, MORE)

    # nomination lists are compared with the nominated children: 10 of 30 on each list;
    # the 20 hold 7 on A (i % 3 == 0: 0, 3, ..., 18), 7 on B, 6 on C
    on_a = _row(table, "nomination_list", "A")
    assert on_a["compared_with"] == "nominated children"
    assert (on_a["population_children"], on_a["in_20"], on_a["flag_20"]) == (10, 7, None)
    assert _row(table, "sex", "M")["compared_with"] == "focus children"


def test_not_known_groups_are_shown_but_never_flagged() -> None:
    lists = _focus_lists()
    lists["assessments"] = lists["assessments"].with_columns(pl.lit("REFU").alias("ethnicity"))
    data = area(**lists)
    sample = choose(data, R, seed=1, selected_20=[f"N{i:03d}" for i in range(20)])
    table = balance_table(data, R, sample)
    # every focus child's ethnicity refused: "Not stated" is the whole population, none in the 20
    not_stated = _row(table, "ethnic_group", "Not stated")
    assert (not_stated["population_children"], not_stated["in_20"]) == (8, 0)
    assert not_stated["flag_20"] is None


def test_with_no_focus_children_the_population_is_not_available() -> None:
    sample = choose(area(), R, seed=1)
    table = balance_table(area(), R, sample)
    focus_rows = table.filter(pl.col("compared_with") == "focus children")
    assert focus_rows["population_children"].null_count() == focus_rows.height
    assert focus_rows["flag_20"].null_count() == focus_rows.height
    assert set(focus_rows["note"]) == {"not available: no focus children in Lists 4 and 6"}


def test_the_readers_table_names_the_20_and_the_6_as_proposed_or_chosen() -> None:
    data = area(**_focus_lists())
    sample = choose(data, R, seed=1, selected_20=[f"N{i:03d}" for i in range(20)])
    readers = balance_for_readers(balance_table(data, R, sample), sample)
    assert {"In the chosen 20", "In the proposed 6", "Flag (the proposed 6)"} <= set(
        readers.columns
    )
