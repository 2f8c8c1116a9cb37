"""What stands out (issue 25): focus children against the other under-8s with the interval of the
difference (Newcombe), never against all children who include them; England as a fixed comparator
with the Wilson interval, labelled with its period, and left out when more than a year away.

Expected intervals are published values: Newcombe (1998), "Interval estimation for the difference
between independent proportions", Statistics in Medicine 17, 873-890, Table II, method 10 (the
hybrid score interval); Wilson intervals worked out by hand from the formula.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from jtai_analysis.analysis import stands_out
from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA, ROWS_SCHEMA
from jtai_analysis.catalogue.theme import load_theme
from tests.unit.hand_built import figure_row

D = dt.date
IN_PERIOD = D(2025, 9, 30)  # window 30/03/2025 to 30/09/2025: beside England 2024-25
OUT_OF_PERIOD = D(2026, 11, 16)  # window from 16/05/2026: over a year after 31/03/2025
FOCUS, OTHERS = "focus=Yes", "focus=No_under8"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((56, 70, 48, 80), (5.24, 33.39)),
        ((9, 10, 3, 10), (17.05, 80.90)),
        ((5, 56, 0, 29), (-3.81, 19.26)),
    ],
)
def test_newcombe_interval_of_a_difference_matches_the_published_values(
    counts: tuple[int, int, int, int], expected: tuple[float, float]
) -> None:
    assert stands_out.newcombe_interval(*counts) == pytest.approx(expected, abs=0.01)


def _row(figure_id: str, group: str, numerator: int, denominator: int) -> dict[str, Any]:
    national = definitions()[figure_id].national
    value = round(100 * numerator / denominator, 1)
    return figure_row(
        figure_id,
        group,
        value,
        numerator,
        denominator,
        "percent",
        national_value=national.value if national else None,
        national_period=national.period if national else None,
    )


def _figures(reference_date: dt.date, rows: list[dict[str, Any]]) -> FigureSet:
    return FigureSet(
        reference_date=reference_date,
        figures=pl.DataFrame(rows, schema=FIGURE_SCHEMA),
        rows=pl.DataFrame(schema=ROWS_SCHEMA),
    )


def _statements(reference_date: dt.date = IN_PERIOD) -> pl.DataFrame:
    return stands_out.statements(
        _figures(
            reference_date,
            [
                _row("referrals_police_pct", "all", 150, 300),
                _row("referrals_police_pct", FOCUS, 56, 70),
                _row("referrals_police_pct", OTHERS, 48, 80),
                _row("assessments_child_not_seen_pct", FOCUS, 9, 10),
                _row("assessments_child_not_seen_pct", OTHERS, 3, 10),
                _row("contacts_police_pct", FOCUS, 5, 56),
                _row("contacts_police_pct", OTHERS, 0, 29),
                _row("referrals_nfa_pct", "all", 30, 100),
            ],
        )
    )


def _by(found: pl.DataFrame, figure_id: str, group: str) -> dict[str, Any]:
    rows = found.filter((pl.col("indicator_id") == figure_id) & (pl.col("group") == group))
    assert rows.height == 1, (figure_id, group, rows)
    return rows.row(0, named=True)


def test_focus_children_are_compared_with_the_other_under_8s() -> None:
    found = _statements()
    police = _by(found, "referrals_police_pct", FOCUS)
    # 80.0% against 60.0%: +20.0 points, interval +5.2 to +33.4, which excludes 0
    assert police["is_called_out"] is True
    assert police["statement"].startswith("Referrals of focus children come from the police more")
    assert (police["numerator"], police["denominator"], police["value"]) == (56, 70, 80.0)
    compared = (police["compared_numerator"], police["compared_denominator"])
    assert compared == (48, 80) and police["comparator"] == "Other under-8s"
    assert police["interval"] == "+20.0 points (+5.2 to +33.4)"
    assert (police["compared_with"], police["compared_group"]) == ("referrals_police_pct", OTHERS)
    not_seen = _by(found, "assessments_child_not_seen_pct", FOCUS)
    assert not_seen["is_called_out"] and not_seen["interval"] == "+60.0 points (+17.1 to +80.9)"
    # 8.9% against 0.0%: the interval -3.8 to +19.3 includes 0, so no difference is claimed
    contacts = _by(found, "contacts_police_pct", FOCUS)
    assert contacts["is_called_out"] is False
    assert contacts["statement"].startswith("No clear difference")
    assert contacts["interval"] == "+8.9 points (-3.8 to +19.3)"


def test_no_statement_compares_a_group_with_a_whole_that_contains_it() -> None:
    for row in _statements().iter_rows(named=True):
        if row["compared_group"] is None:
            continue  # England: a fixed figure from outside the area
        assert row["compared_group"] != "all" and row["group"] != row["compared_group"]
        assert {row["group"], row["compared_group"]} == {FOCUS, OTHERS}


def test_every_figure_with_both_groups_is_tested() -> None:
    both = {
        d.id
        for d in definitions().values()
        if d.unit == "percent" and ("other_under8",) in d.breakdowns
    }
    compared = {
        r.indicator for r in load_theme().stands_out.rules if r.compare_with == "other_under8"
    }
    assert {"contacts_police_pct", "referrals_police_pct", "assessments_child_not_seen_pct"} <= both
    assert both == compared


def test_the_selection_effect_is_said_beside_the_figures_it_affects() -> None:
    found = _statements()
    for figure_id in ("referrals_police_pct", "contacts_police_pct"):
        note = _by(found, figure_id, FOCUS)["note"]
        assert "Lists 4 and 6" in note, figure_id
    assert "Lists 4 and 6" not in _by(found, "assessments_child_not_seen_pct", FOCUS)["note"]


def test_england_is_a_fixed_comparator_with_its_period_and_the_wilson_interval() -> None:
    england = _by(_statements(IN_PERIOD), "referrals_nfa_pct", "all")
    # 30 of 100: Wilson 21.9% to 39.6%, which excludes England's 6.5%
    assert england["is_called_out"] is True
    assert england["comparator"] == "England 2024-25: 6.5%"
    assert england["interval"] == "21.9% to 39.6%"
    assert england["compared_group"] is None


def test_england_more_than_a_year_from_the_data_is_not_a_comparator() -> None:
    england = _by(_statements(OUT_OF_PERIOD), "referrals_nfa_pct", "all")
    assert england["is_called_out"] is False
    assert england["statement"].startswith("Not compared with England")
    assert "2024-25" in england["note"] and "more than a year" in england["note"]
    assert england["interval"] == ""


def test_wilson_interval_known_values() -> None:
    # published Wilson 95% intervals: 5/10 -> 0.2366 to 0.7634; 4/10 -> 0.1682 to 0.6873; 0/10 -> 0 to 0.2775
    assert stands_out.wilson_interval(5, 10) == pytest.approx((23.66, 76.34), abs=0.01)
    assert stands_out.wilson_interval(4, 10) == pytest.approx((16.82, 68.73), abs=0.01)
    assert stands_out.wilson_interval(0, 10) == pytest.approx((0.0, 27.75), abs=0.01)


def test_ec_glossary_lists_each_cited_criterion_once_in_order() -> None:
    glossary = stands_out.ec_glossary(["EC9; EC3", "EC3", None, "EC12"])
    assert glossary["Criterion"].to_list() == ["EC3", "EC9", "EC12"]
    assert glossary["In short"][0].startswith("Good understanding of children's needs")
