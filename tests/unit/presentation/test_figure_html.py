"""The one helper that writes a figure value into the pack: text, marks and what it never says."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA, ROWS_SCHEMA
from jtai_analysis.presentation.figure_html import Cell, figure_table, figure_value, value_text
from jtai_analysis.privacy.suppression import set_suppression
from tests.unit.hand_built import figure_row


def _row(figure_id: str, group: str, value, numerator, denominator, unit, available=True, note=""):  # type: ignore[no-untyped-def]
    england = {"national_value": 6.5, "national_period": "2024-25"} if unit == "percent" else {}
    return figure_row(
        figure_id,
        group,
        value,
        numerator,
        denominator,
        unit,
        available=available,
        note=note,
        **england,
    )


@pytest.fixture
def figures() -> FigureSet:
    rows = [
        _row("nfa", "all", 20.0, 85, 425, "percent"),
        _row("nfa", "focus=Yes", None, None, None, "percent", False, "Not available: no field."),
        _row("count", "all", 3.0, 3, None, "count"),
        _row("gap", "all", 12.5, None, 40, "median"),
        _row(
            "gone",
            "all",
            None,
            None,
            None,
            "count",
            False,
            "Not available: List 1 has not arrived.",
        ),
    ]
    return FigureSet(
        dt.date(2026, 11, 16),
        pl.DataFrame(rows, schema=FIGURE_SCHEMA),
        pl.DataFrame(schema=ROWS_SCHEMA),
    )


def test_value_text_by_unit_and_style(figures: FigureSet) -> None:
    assert value_text(figures.figure("nfa")) == "85 of 425 (20.0%)"
    assert value_text(figures.figure("nfa"), "value") == "20.0%"
    assert value_text(figures.figure("nfa"), "numerator") == "85"
    assert value_text(figures.figure("nfa"), "national") == "6.5%"
    assert value_text(figures.figure("count")) == "3"
    assert value_text(figures.figure("gap")) == "12.5"
    assert value_text(figures.figure("nfa", "focus=Yes")) == "Not available"


def test_a_figure_value_is_a_marked_button(figures: FigureSet) -> None:
    assert figure_value(figures, "nfa", "all") == (
        '<button type="button" class="jtai-fig" data-figure="nfa" data-group="all" '
        'data-available="true">85 of 425 (20.0%)</button>'
    )


def test_a_group_of_a_figure_not_available_is_marked_as_the_whole_figure(
    figures: FigureSet,
) -> None:
    shown = figure_value(figures, "gone", "age_group=unborn")
    assert 'data-group="all"' in shown and ">Not available<" in shown
    assert "data-figure" not in figure_value(figures, "no_such_figure")


def test_small_counts_are_hidden_when_asked(figures: FigureSet) -> None:
    set_suppression(5)
    try:
        assert value_text(figures.figure("count")) == "<5"
        assert value_text(figures.figure("nfa")) == "85 of 425 (20.0%)"
    finally:
        set_suppression(0)


def test_a_table_of_figures_says_why_one_is_not_available(figures: FigureSet) -> None:
    table = figure_table(
        figures,
        ["Measure", "All", "Focus"],
        [["NFA", Cell("nfa"), Cell("nfa", "focus=Yes")]],
        "Caption",
    )
    assert '<th scope="row">NFA</th>' in table
    assert "<li>Not available: no field.</li>" in table
