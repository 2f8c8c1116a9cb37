"""The inspection's lens: what stands out (the sections' figures are tested in
tests/unit/analysis/figures/test_section_figures.py).

Small hand-built submissions; every expected value is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis import stands_out

D = dt.date
R = D(2026, 11, 16)  # a Monday; window 16/05/2026 to 16/11/2026


def test_wilson_interval_known_values() -> None:
    # published Wilson 95% intervals: 5/10 -> 0.2366 to 0.7634; 4/10 -> 0.1682 to 0.6873; 0/10 -> 0 to 0.2775
    assert stands_out.wilson_interval(5, 10) == pytest.approx((23.66, 76.34), abs=0.01)
    assert stands_out.wilson_interval(4, 10) == pytest.approx((16.82, 68.73), abs=0.01)
    assert stands_out.wilson_interval(0, 10) == pytest.approx((0.0, 27.75), abs=0.01)


def _indicators(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "title": pl.String,
            "value": pl.Float64,
            "numerator": pl.Int64,
            "denominator": pl.Int64,
            "national_value": pl.Float64,
        },
        orient="row",
    )


def test_only_differences_the_interval_excludes_are_called_out() -> None:
    table = _indicators(
        [
            # 30 of 100: Wilson about 22% to 40%, excludes England's 6.5
            ("referrals_nfa_pct", "NFA", 30.0, 30, 100, 6.5),
            # 4 of 10: 16.8% to 68.7%, includes England's 22.6
            ("rereferrals_12m_pct", "Re-referrals", 40.0, 4, 10, 22.6),
            # 3 of 10 focus against the area's 30.0: includes it; fewer than 5 shown as such
            ("focus_referrals_nfa_pct", "Focus NFA", 30.0, 3, 10, None),
            # not available: no statement at all
            ("assessments_within_45wd_pct", "45 days", None, None, None, 85.7),
        ]
    )
    found = stands_out.statements(table)
    assert found["indicator_id"].to_list() == [
        "referrals_nfa_pct",
        "focus_referrals_nfa_pct",
        "rereferrals_12m_pct",
    ]
    first = found.row(0, named=True)
    assert first["is_called_out"] is True
    assert first["statement"] == "More referrals end in no further action than in England"
    assert first["comparator"] == "England 6.5%" and first["ec"] == "EC3; EC9"
    assert found["is_called_out"].to_list() == [True, False, False]
    focus = found.row(1, named=True)
    assert focus["figure"] == "fewer than 5 of 10"  # no percentage that would give the count away
    assert focus["comparator"] == "all children in the area 30.0%"
    assert found.row(2, named=True)["interval"] == "16.8% to 68.7%"


@pytest.mark.parametrize(
    ("numerator", "denominator", "value", "expected"),
    [
        (5, 20, 25.0, "5 of 20 (25.0%)"),
        (4, 20, 20.0, "fewer than 5 of 20"),
        (0, 20, 0.0, "0 of 20 (0.0%)"),
        (2, 3, 66.7, "fewer than 5 in all"),
    ],
)
def test_small_counts_read_fewer_than_5(
    numerator: int, denominator: int, value: float, expected: str
) -> None:
    assert stands_out.figure_text(numerator, denominator, value, 5) == expected


def test_ec_glossary_lists_each_cited_criterion_once_in_order() -> None:
    glossary = stands_out.ec_glossary(["EC9; EC3", "EC3", None, "EC12"])
    assert glossary["Criterion"].to_list() == ["EC3", "EC9", "EC12"]
    assert glossary["In short"][0].startswith("Good understanding of children's needs")


def test_derived_england_comparator_is_labelled() -> None:
    table = _indicators([("assessments_within_45wd_pct", "45 days", 50.0, 10, 20, 85.7)])
    table = table.with_columns(pl.lit(True).alias("national_derived"))
    found = stands_out.statements(table).row(0, named=True)
    # 10 of 20: Wilson 29.9% to 70.1%, excludes 85.7
    assert found["comparator"] == "England (derived) 85.7%" and found["is_called_out"]
    assert found["statement"].startswith("Fewer assessments are completed within 45 working days")
