"""The page's budget of rows a figure carries: a figure marked in many groups (a week each) shares
it, so the page does not grow with a breakdown's groups."""

from __future__ import annotations

from jtai_analysis.pack.figure_rows import Budget


def test_a_figure_in_many_groups_shares_its_rows() -> None:
    budget = Budget()  # 500 a group, 5,000 a figure, never fewer than 50 a group
    assert budget.rows_per_group(1) == 500
    assert budget.rows_per_group(10) == 500  # 10 x 500 = 5,000: no group loses rows
    assert budget.rows_per_group(56) == 89  # 28 weeks, all and focus children: 5,000 // 56
    assert budget.rows_per_group(200) == 50  # 5,000 // 200 = 25, but at least 50 a group
    assert Budget(2).rows_per_group(1) == 2
