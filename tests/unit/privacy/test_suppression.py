"""One suppression rule for the whole pack (issue 25): the run's threshold decides every small count,
in tables, sentences, charts and what stands out, and a hidden count's percentage is hidden too."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import polars as pl
import pytest

from jtai_analysis.analysis import stands_out
from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA, ROWS_SCHEMA
from jtai_analysis.presentation.figure_html import value_text
from jtai_analysis.presentation.figure_sections import statements_html
from jtai_analysis.privacy.suppression import (
    count_text,
    fraction_text,
    is_hidden,
    set_suppression,
    suppress_for_chart,
    suppress_for_table,
)
from tests.unit.hand_built import figure_row


@pytest.fixture
def threshold() -> Iterator[None]:
    set_suppression(5)
    yield
    set_suppression(0)


def test_the_rule(threshold: None) -> None:
    assert [is_hidden(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert (count_text(4), count_text(0), count_text(1234)) == ("<5", "0", "1,234")
    assert fraction_text(3, 426, 0.7) == "<5 of 426"  # no percentage to give the 3 away
    assert fraction_text(2, 3, 66.7) == "<5 of <5"
    assert fraction_text(0, 426, 0.0) == "0 of 426 (0.0%)"
    assert fraction_text(85, 426, 20.0) == "85 of 426 (20.0%)"
    table = suppress_for_table(pl.DataFrame({"children": [3, 7]}))
    assert table["children"].to_list() == ["<5", "7"]


def test_without_a_threshold_nothing_is_hidden() -> None:
    assert fraction_text(1, 426, 0.2) == "1 of 426 (0.2%)"
    assert count_text(1) == "1"


def _figures(numerator: int) -> FigureSet:
    row = figure_row(
        "referrals_nfa_pct",
        "focus=Yes",
        round(100 * numerator / 426, 1),
        numerator,
        426,
        "percent",
        national_value=6.5,
        national_period="2024-25",
    )
    others = {**row, "group": "focus=No_under8", "numerator": 29, "value": 6.8}
    return FigureSet(
        reference_date=dt.date(2025, 9, 30),
        figures=pl.DataFrame([row, others], schema=FIGURE_SCHEMA),
        rows=pl.DataFrame(schema=ROWS_SCHEMA),
    )


@pytest.mark.parametrize("suppress_below", [0, 5])
def test_what_stands_out_and_the_tables_write_a_figure_the_same_way(suppress_below: int) -> None:
    # before issue 25 what stands out wrote "fewer than 5 of 426" whatever the run asked, while
    # the focus table beside it wrote "1 of 426 (0.2%)"
    set_suppression(suppress_below)
    try:
        figures = _figures(1)
        page = statements_html(figures, stands_out.statements(figures), "What stands out")
        shown = value_text(figures.figure("referrals_nfa_pct", "focus=Yes"))
        assert shown == ("1 of 426 (0.2%)" if not suppress_below else "<5 of 426")
        assert f">{html.escape(shown)}</button>" in page and "fewer than" not in page
        # the interval of a difference would give a hidden count away: not shown then
        assert ("points (" in page) is (not suppress_below)
    finally:
        set_suppression(0)


def test_small_counts_are_suppressed_only_when_asked() -> None:
    frame = pl.DataFrame(
        {"Group": ["a", "b", "c", "d"], "Children": [0, 3, 5, 12], "Per cent": [0.0, 2.5, 4.1, 9.9]}
    )
    try:
        set_suppression(0)
        assert suppress_for_table(frame).equals(frame)
        set_suppression(5)
        assert suppress_for_table(frame)["Children"].to_list() == ["0", "<5", "5", "12"]
        assert suppress_for_chart(frame)["Children"].to_list() == [0, None, 5, 12]
        assert suppress_for_table(frame)["Per cent"].to_list() == [0.0, 2.5, 4.1, 9.9]  # not counts
    finally:
        set_suppression(0)
