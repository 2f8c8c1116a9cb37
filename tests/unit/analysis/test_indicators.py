"""Indicators against tiny hand-written lists; every expected value worked out by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.indicators import (
    CSV_COLUMNS,
    compute,
    indicator_table,
    indicators_by_group,
    percent,
    registry,
    write_by_group_csv,
    write_csv,
)
from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared

D = dt.date


# The children of the `six_children` fixture (tests/unit/conftest.py): see its docstring.
EXPECTED = {
    "contacts_count": (4, None, 4),  # 15/05 is outside the window
    "contacts_children": (2, None, 2),
    "contacts_police_pct": (2, 4, 50.0),  # 6, 3A, 6, 2A
    "children_3plus_contacts": (1, None, 1),  # child 1 has 3 in the window
    "referrals_count": (3, None, 3),
    "referrals_nfa_pct": (1, 3, 33.3),
    "rereferrals_12m_pct": (2, 3, 66.7),
    "referrals_police_pct": (1, 3, 33.3),  # 6, 5D, 1A
    "assessments_completed_count": (2, None, 2),
    "assessments_within_45wd_pct": (1, 2, 50.0),  # 45 counts, 47 does not
    "assessments_child_not_seen_pct": (1, 2, 50.0),  # Yes, No
    "open_assessments_over_45wd": (1, None, 1),  # 46 counts; 45 and 11 do not
    "assessments_da_pct": (2, 6, 33.3),
    "s47_count": (3, None, 3),
    "icpc_count": (3, None, 3),
    "icpc_within_15wd_pct": (2, 3, 66.7),
    "icpc_to_cpp_pct": (2, 3, 66.7),
    "cin_children": (3, None, 3),
    "cin_da_pct": (1, 2, 50.0),  # child 3's only field is blank: left out, and the note says so
    "cpp_open_count": (2, None, 2),
    "cpp_started_count": (2, None, 2),
    "cpp_repeat_pct": (1, 2, 50.0),
    "da_children_under8": (2, None, 2),
    "da_children_unborn": (1, None, 1),
    "da_children_under_2": (0, None, 0),
    "da_children_2_to_4": (1, None, 1),
    "da_children_5_to_7": (0, None, 0),
    "unborn_children": (1, None, 1),
    "focus_referrals_count": (2, None, 2),  # children 1 and 4
    "focus_referrals_nfa_pct": (1, 2, 50.0),
    "focus_rereferrals_12m_pct": (1, 2, 50.0),  # child 4 had 1 before
    "focus_assessments_within_45wd_pct": (1, 1, 100.0),  # child 1, exactly 45
    "focus_icpc_within_15wd_pct": (1, 1, 100.0),  # child 1, exactly 15
    "focus_cpp_repeat_pct": (0, 0, None),  # no focus child started a plan in the window
    "not_in_fte_under25h": (2, None, 2),
}


def test_every_indicator_of_the_interface_is_registered() -> None:
    assert [spec["id"] for spec in registry()] == list(EXPECTED)


@pytest.mark.parametrize("indicator", list(EXPECTED))
def test_indicator_values(six_children: PreparedData, indicator: str) -> None:
    table = indicator_table(six_children, R).filter(pl.col("indicator_id") == indicator)
    row = table.row(0, named=True)
    assert (row["numerator"], row["denominator"], row["value"]) == EXPECTED[indicator]


def test_lists_not_yet_received_give_blanks_not_errors() -> None:
    values = compute(
        prepared(
            cp=pl.DataFrame(
                {
                    "child_id": ["1"],
                    "cpp_start_date": [D(2026, 6, 1)],
                    "cpp_end_date": [None],
                    "previous_cpp_count": [0],
                }
            )
        ),
        R,
    )
    assert values["cpp_open_count"].numerator == 1
    assert (
        values["contacts_count"].numerator is None
        and values["referrals_nfa_pct"].value("percent") is None
    )
    assert values["da_children_under8"].numerator is None


def test_no_denominator_means_no_percentage() -> None:
    empty = pl.DataFrame(
        {"child_id": [], "referral_date": [], "referral_nfa": [], "referrals_last_12m_count": []},
        schema={
            "child_id": pl.String,
            "referral_date": pl.Date,
            "referral_nfa": pl.String,
            "referrals_last_12m_count": pl.Int64,
        },
    )
    values = compute(prepared(referrals=empty), R)
    assert (
        values["referrals_count"].numerator == 0
        and values["referrals_nfa_pct"].value("percent") is None
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 16, 6.3),  # 6.25: half up, not the 6.2 of round-half-even
        (5, 16, 31.3),  # 31.25
        (1, 80, 1.3),  # 1.25
        (3, 8, 37.5),  # exact
        (1, 3, 33.3),
        (2, 3, 66.7),
        (0, 5, 0.0),
        (1, 0, None),
    ],
)
def test_percentages_round_half_up(numerator: int, denominator: int, expected: float) -> None:
    assert percent(numerator, denominator) == expected


def test_child_with_no_readable_field_is_left_out_and_noted(six_children: PreparedData) -> None:
    assert compute(six_children, R)["cin_da_pct"].note == (
        "1 child left out: domestic abuse field not readable on any of the child's rows."
    )


def test_focus_percentage_with_no_rows_is_not_available(six_children: PreparedData) -> None:
    row = (
        indicator_table(six_children, R)
        .filter(pl.col("indicator_id") == "focus_cpp_repeat_pct")
        .row(0, named=True)
    )
    assert row["value"] is None and row["note"].startswith("Not available")


def _referrals(**columns: list) -> pl.DataFrame:
    base = {
        "child_id": ["1", "2", "3"],
        "referral_date": [D(2026, 6, 1), D(2026, 7, 1), D(2026, 8, 1)],
        "referral_source": ["6", "6", "1A"],
        "referrals_last_12m_count": [0, 1, 1],
    }
    return pl.DataFrame({**base, **columns}, strict=False)


def test_absent_column_is_not_available_never_zero() -> None:
    table = indicator_table(prepared(referrals=_referrals()), R)
    nfa = table.filter(pl.col("indicator_id") == "referrals_nfa_pct").row(0, named=True)
    assert nfa["value"] is None and nfa["numerator"] is None
    assert "Not available" in nfa["note"] and "Referral NFA?" in nfa["note"]
    count = table.filter(pl.col("indicator_id") == "referrals_count").row(0, named=True)
    assert (count["value"], count["note"]) == (3, "")


def test_all_null_column_is_not_available_never_zero() -> None:
    frame = _referrals(referral_nfa=pl.Series([None, None, None], dtype=pl.String))
    nfa = (
        indicator_table(prepared(referrals=frame), R)
        .filter(pl.col("indicator_id") == "referrals_nfa_pct")
        .row(0, named=True)
    )
    assert nfa["value"] is None and "no readable value" in nfa["note"]


def test_unreadable_rows_are_left_out_and_counted_in_the_note() -> None:
    frame = _referrals(referral_nfa=["Yes", None, "No"])
    nfa = (
        indicator_table(prepared(referrals=frame), R)
        .filter(pl.col("indicator_id") == "referrals_nfa_pct")
        .row(0, named=True)
    )
    assert (nfa["numerator"], nfa["denominator"], nfa["value"]) == (1, 2, 50.0)
    assert nfa["note"] == "1 row left out: Referral NFA? not readable."


def test_focus_measures_need_the_domestic_abuse_field() -> None:
    frame = _referrals(referral_nfa=["Yes", "No", "No"])
    values = compute(prepared(referrals=frame), R)
    assert values["referrals_nfa_pct"].numerator == 1
    assert values["focus_referrals_nfa_pct"].numerator is None
    assert "List 4" in values["focus_referrals_nfa_pct"].note
    assert values["da_children_under8"].numerator is None


def test_csv_has_the_interface_columns_and_blank_for_not_available(tmp_path) -> None:
    table = indicator_table(prepared(referrals=_referrals()), R)
    written = pl.read_csv(write_csv(table, tmp_path / "indicators.csv"), infer_schema=False)
    assert tuple(written.columns) == CSV_COLUMNS
    assert CSV_COLUMNS[-1] == "note"
    nfa = written.filter(pl.col("indicator_id") == "referrals_nfa_pct").row(0, named=True)
    assert nfa["value"] is None and nfa["note"].startswith("Not available")
    assert written.filter(pl.col("indicator_id") == "referrals_count")["value"].item() == "3"


def test_by_group_breaks_down_each_practice_measure(six_children: PreparedData, tmp_path) -> None:
    table = indicators_by_group(six_children, R)
    nfa = {
        (g_by, g): (n, d, v)
        for _, g_by, g, v, n, d, _ in table.filter(
            pl.col("indicator_id") == "referrals_nfa_pct"
        ).iter_rows()
    }
    # referrals in the window: child 1 (NFA, focus, 2 to 4), 2 (8 and over), 4 (unborn, focus)
    assert nfa[("all", "All children")] == (1, 3, 33.3)
    assert nfa[("focus", "Yes")] == (1, 2, 50.0)
    assert nfa[("focus", "No")] == (0, 1, 0.0)
    assert nfa[("domestic_abuse", "Yes")] == (1, 2, 50.0)
    assert nfa[("age_group", "2_to_4")] == (1, 1, 100.0)
    assert nfa[("age_group", "unborn")] == (0, 1, 0.0)
    assert nfa[("age_group", "8_plus")] == (0, 1, 0.0)
    assert nfa[("sex", "Unknown")] == (1, 3, 33.3)  # no sex column in this submission
    open_old = table.filter(
        (pl.col("indicator_id") == "open_assessments_over_45wd")
        & (pl.col("group_by") == "age_group")
    )
    assert dict(zip(open_old["group"], open_old["numerator"], strict=True)) == {
        "8_plus": 1,  # child 5 (46 days); child 6 (45) is in the group but not counted
        "unborn": 0,  # child 4, 11 days
    }
    assert set(table["group_by"]) == {
        "all",
        "domestic_abuse",
        "focus",
        "age_group",
        "sex",
        "ethnic_group",
        "disability",
    }
    written = pl.read_csv(write_by_group_csv(table, tmp_path / "by_group.csv"), infer_schema=False)
    assert written.columns == [
        "indicator_id",
        "group_by",
        "group",
        "value",
        "numerator",
        "denominator",
        "unit",
    ]


def test_derived_england_figures_are_labelled(six_children: PreparedData) -> None:
    from jtai_analysis.analysis.indicators import compared_with_england

    compared = compared_with_england(indicator_table(six_children, R))
    labels = dict(zip(compared["Indicator"], compared["England (%)"], strict=True))
    # national_derived in indicators.yml: 45 working days and 15 working days are derived
    assert labels == {
        "Referrals with no further action": 6.5,
        "Referrals within 12 months of a previous referral": 22.6,
        "Assessments completed within 45 working days (England derived)": 85.7,
        "Conferences within 15 working days of the strategy discussion (England derived)": 81.4,
    }


def test_pack_table_says_not_available_and_derived(six_children: PreparedData) -> None:
    from jtai_analysis.analysis.indicators import for_readers

    shown = for_readers(indicator_table(six_children, R))
    rows = {row["Indicator"]: row for row in shown.iter_rows(named=True)}
    repeat = rows["Focus children: plans started that are a second or later plan"]
    assert repeat["Value"] == "Not available" and repeat["Note"].startswith("Not available")
    assert rows["Assessments completed within 45 working days"]["England"] == "85.7% (derived)"
    assert rows["Referrals with no further action"]["England"] == "6.5%"


def test_by_group_not_available_is_one_blank_row() -> None:
    frame = pl.DataFrame(
        {
            "child_id": ["1", "2"],
            "referral_date": [D(2026, 6, 1), D(2026, 7, 1)],
            "referrals_last_12m_count": [0, 1],
        }
    )
    table = indicators_by_group(prepared(referrals=frame), R)
    nfa = table.filter(pl.col("indicator_id") == "referrals_nfa_pct")
    # no 'Referral NFA?' column: one 'all' row with no value, never 0
    assert nfa.select("group_by", "value", "numerator", "denominator").rows() == [
        ("all", None, None, None)
    ]
    again = table.filter(pl.col("indicator_id") == "rereferrals_12m_pct")
    assert again.filter(pl.col("group_by") == "all").row(0)[3:6] == (50.0, 1, 2)
    # List 4 has not arrived: the assessment measures are not available either
    assert table.filter(pl.col("indicator_id") == "assessments_within_45wd_pct")[
        "value"
    ].to_list() == [None]


def test_every_row_measures_count_a_large_list_whole() -> None:
    # polars 2.1 mis-broadcasts a literal predicate over frames of about 40,000 rows (the `large`
    # synthetic area's List 6): every-row measures must not filter on one.
    cin = pl.DataFrame(
        {
            "child_id": [str(i) for i in range(40_000)],
            "da_victim": ["Yes", "No", "No", "No"] * 10_000,
        }
    )
    values = compute(prepared(cin=cin), R)
    # 40,000 children, one row each, every fourth (10,000) with domestic abuse recorded
    assert values["cin_children"].numerator == 40_000
    assert (values["cin_da_pct"].numerator, values["cin_da_pct"].denominator) == (10_000, 40_000)
