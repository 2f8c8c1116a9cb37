"""Tables and charts an inspector can read and print (issue 25, items 3 and 8): every heading of a
count or percentage says rows or children; the selection effect is said under a table that shows
focus children's contacts or referrals; values sit on the bars; small groups show beside large
ones; the numbers behind a chart are on the page, not in a panel that closes in print."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from IPython.core.interactiveshell import InteractiveShell

from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA, ROWS_SCHEMA
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.presentation import charts
from jtai_analysis.presentation.figure_charts import show_figure_chart
from jtai_analysis.presentation.figure_html import Cell, figure_table
from tests.unit.hand_built import figure_row


def _row(figure_id: str, group: str, unit: str, numerator: int, denominator: int | None) -> dict:
    value = numerator if unit == "count" else round(100 * numerator / (denominator or 1), 1)
    return figure_row(figure_id, group, float(value), numerator, denominator, unit)


@pytest.fixture
def figures() -> FigureSet:
    rows = [
        _row("contacts_count", "age_group=under_2", "count", 53, None),
        _row("contacts_children", "age_group=under_2", "count", 39, None),
        _row("flagged_children", "age_group=under_2", "count", 12, None),
        _row("contacts_police_pct", "age_group=under_2", "percent", 20, 53),
        _row("children_flagged_pct", "age_group=under_2", "percent", 12, 30),
        _row("referrals_nfa_pct", "focus=Yes", "percent", 1, 426),
        _row("referrals_nfa_pct", "focus=No_under8", "percent", 29, 426),
        _row("assessments_child_not_seen_pct", "focus=Yes", "percent", 3, 50),
        _row("assessments_child_not_seen_pct", "focus=No_under8", "percent", 2, 60),
        _row("icpc_children", "all", "count", 49, None),
        _row("contacts_children", "all", "count", 440, None),
    ]
    return FigureSet(
        reference_date=dt.date(2026, 11, 16),
        figures=pl.DataFrame(rows, schema=FIGURE_SCHEMA),
        rows=pl.DataFrame(schema=ROWS_SCHEMA),
    )


def _headings(table: str) -> list[str]:
    import re

    return re.findall(r'<th scope="col">([^<]*)</th>', table)


def test_every_heading_of_a_count_or_percentage_says_rows_or_children(figures: FigureSet) -> None:
    # before issue 25 "Police contacts by the child's age" counted rows under "Contacts"
    group = "age_group=under_2"
    table = figure_table(
        figures,
        ["Age group", "Contacts", "Children", "% from police", "Domestic abuse recorded"],
        [
            [
                "Under 2",
                Cell("contacts_count", group),
                Cell("contacts_children", group),
                Cell("contacts_police_pct", group, "value"),
                Cell("flagged_children", group),
            ]
        ],
        "Contacts by the child's age",
    )
    assert _headings(table) == [
        "Age group",
        "Contacts (rows)",
        "Children",
        "% from police (of rows)",
        "Domestic abuse recorded (children)",
    ]


def test_the_selection_effect_is_said_under_a_table_of_focus_referrals(figures: FigureSet) -> None:
    words = load_theme().focus.selection_effect.words
    referrals = figure_table(
        figures,
        ["Measure", "Focus children", "Other under-8s"],
        [
            [
                "NFA",
                Cell("referrals_nfa_pct", "focus=Yes"),
                Cell("referrals_nfa_pct", "focus=No_under8"),
            ]
        ],
        "Referrals",
    )
    assert words in referrals
    assessments = figure_table(
        figures,
        ["Measure", "Focus children", "Other under-8s"],
        [
            [
                "Not seen",
                Cell("assessments_child_not_seen_pct", "focus=Yes"),
                Cell("assessments_child_not_seen_pct", "focus=No_under8"),
            ]
        ],
        "Assessments",
    )
    assert words not in assessments


def test_values_sit_on_the_bars_and_small_groups_show_beside_large_ones() -> None:
    frame = pl.DataFrame({"step": ["Contact", "Conference"], "Children": [440, 49]})
    fig = charts.bar_chart(frame, "step", "Children", x_title="", y_title="Children")
    assert list(fig.data[0].text) == ["440", "49"]
    assert fig.data[0].textposition == "outside"
    assert fig.layout.yaxis.type == "log"  # 49 is lost beside 440 on a linear scale
    close = charts.bar_chart(
        pl.DataFrame({"step": ["a", "b"], "Children": [50, 40]}),
        "step",
        "Children",
        x_title="",
        y_title="Children",
    )
    assert close.layout.yaxis.type != "log"
    shares = charts.bar_chart(
        pl.DataFrame({"source": ["a", "b"], "Per cent": [80.0, 2.5]}),
        "source",
        "Per cent",
        x_title="",
        y_title="Per cent",
    )
    assert shares.layout.yaxis.type != "log"  # percentages keep their linear scale
    assert list(shares.data[0].text) == ["80.0%", "2.5%"]


def _shown_html(show: Any) -> str:
    """What a display call puts on the page (its HTML outputs, joined)."""
    shell = InteractiveShell.instance()
    outputs: list[str] = []
    original = shell.display_pub.publish

    def capture(data: dict, *args: Any, **kwargs: Any) -> None:
        outputs.append(str(data.get("text/html", "")))

    shell.display_pub.publish = capture  # type: ignore[method-assign]
    try:
        show()
    finally:
        shell.display_pub.publish = original  # type: ignore[method-assign]
    return "".join(outputs)


def test_the_numbers_behind_a_chart_are_on_the_page_not_in_a_closing_panel(
    figures: FigureSet,
) -> None:
    page = _shown_html(
        lambda: show_figure_chart(
            figures,
            ["Step", "Children"],
            [["Contact", Cell("contacts_children")], ["Conference", Cell("icpc_children")]],
            caption="Children at each step",
            description="Children at each step.",
            x_title="",
            y_title="Children",
        )
    )
    assert "<details" not in page
    assert 'data-figure="icpc_children"' in page and ">49</button>" in page
