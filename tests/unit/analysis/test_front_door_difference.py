"""Focus children beside the other under-8s, recorded with the figure (issue 20): the difference of
each front-door conversion and its 95% interval are computed once, by the figures model, on the
focus row, and written to ``figures.csv``; every expected value is worked out by hand here.

R is Monday 16 November 2026; the window runs from Saturday 16 May 2026 to R, and contacts dated
on or before R - 30 days (17 October 2026) count. Every child is on List 4 with a date of birth of
1 January 2024 (2 at R, a focus age): 20 with the domestic abuse field Yes (focus children), 100
with No (the other under-8s). Each has one contact on 1 June 2026; 12 focus children and 30 of
the others have a referral on 10 June 2026, 9 days later (within 30 days).

Newcombe's hybrid score interval (1998, method 10), for focus 12 of 20 less others 30 of 100, by
hand with z = 1.96 (z² = 3.8416). Wilson's interval of x of n is
(2x + z² ± z·√(z² + 4x(n - x)/n)) / (2(n + z²)):

- 12 of 20: p1 = 0.6; centre part 24 + 3.8416 = 27.8416; z·√(3.8416 + 4·12·8/20) =
  1.96·√23.0416 = 9.408330; over 2·23.8416 = 47.6832: l1 = 0.386578, u1 = 0.781196.
- 30 of 100: p2 = 0.3; 60 + 3.8416 = 63.8416; 1.96·√(3.8416 + 4·30·70/100) = 1.96·√87.8416 =
  18.369957; over 207.6832: l2 = 0.218948, u2 = 0.395850.
- difference d = 0.3: 30.0 points;
  low = d - √((p1 - l1)² + (u2 - p2)²) = 0.3 - √(0.213422² + 0.095850²) = 0.3 - 0.233958 = 0.066042;
  high = d + √((u1 - p1)² + (p2 - l2)²) = 0.3 + √(0.181196² + 0.081052²) = 0.3 + 0.198498 = 0.498498.

So 30.0 points, 95% interval 6.60 to 49.85 points.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.analysis.figures.comparison import COMPARISON_COLUMNS, focus_difference
from jtai_analysis.catalogue.codes import NO
from jtai_analysis.catalogue.theme import load_theme
from tests.unit.hand_built import YOUNG, children_rows, figures_of
from tests.unit.hand_built import conversion_children as _children

D = dt.date
FIGURE = "contact_to_referral_30d_pct"
FOCUS, OTHERS = "focus=Yes", "focus=No_under8"
ASSESSMENT = D(2026, 7, 1)


@pytest.fixture(scope="module")
def twelve_of_twenty() -> FigureSet:
    return figures_of(_children(20, 12, 100, 30))


def test_the_focus_row_records_the_difference_and_its_newcombe_interval(
    twelve_of_twenty: FigureSet,
) -> None:
    focus = twelve_of_twenty.figure(FIGURE, FOCUS)
    others = twelve_of_twenty.figure(FIGURE, OTHERS)
    assert focus is not None and others is not None
    assert (focus["numerator"], focus["denominator"]) == (12, 20)
    assert (others["numerator"], others["denominator"]) == (30, 100)
    assert focus["compared_group"] == OTHERS
    assert focus["difference"] == pytest.approx(30.0, abs=1e-9)
    assert focus["difference_low"] == pytest.approx(6.6042, abs=0.001)
    assert focus["difference_high"] == pytest.approx(49.8498, abs=0.001)
    assert focus["difference_note"] is None


def test_only_the_focus_row_carries_a_comparison(twelve_of_twenty: FigureSet) -> None:
    for group in twelve_of_twenty.groups(FIGURE):
        if group != FOCUS:
            row = twelve_of_twenty.figure(FIGURE, group) or {}
            assert all(row[c] is None for c in COMPARISON_COLUMNS), group


def test_figures_csv_writes_the_difference_in_points_to_one_decimal(
    twelve_of_twenty: FigureSet,
) -> None:
    table = twelve_of_twenty.for_csv().filter(pl.col("figure_id") == FIGURE)
    focus = table.filter(pl.col("group") == FOCUS).row(0, named=True)
    assert (focus["compared_group"], focus["difference"]) == (OTHERS, "30.0")
    assert (focus["difference_low"], focus["difference_high"]) == ("6.6", "49.8")
    assert focus["difference_note"] is None
    others = table.filter(pl.col("group") == OTHERS).row(0, named=True)
    assert others["compared_group"] is None and others["difference"] is None
    # the columns follow England's comparator in figures.csv
    assert table.columns[-6:] == ["national_period", *COMPARISON_COLUMNS]


def test_newcombes_published_example_is_recorded_as_published() -> None:
    # Newcombe (1998), Statistics in Medicine 17, 873-890, Table II example (a), method 10:
    # 56/70 - 48/80 = 0.8 - 0.6 = 0.2000, 95% interval 0.0524 to 0.3339
    found = focus_difference(
        {"available": True, "numerator": 56, "denominator": 70, "note": ""},
        {"available": True, "numerator": 48, "denominator": 80, "note": ""},
        1.96,
    )
    assert found["difference"] == pytest.approx(20.0, abs=1e-9)
    assert found["difference_low"] == pytest.approx(5.24, abs=0.01)
    assert found["difference_high"] == pytest.approx(33.39, abs=0.01)


def test_a_group_with_no_contact_gives_no_difference_and_says_why() -> None:
    # 100 other under-8s on List 4, none with a contact: their group has no rows to take a
    # percentage of, so there is no difference (never 0)
    frames = _children(20, 12, 0, 0)
    others_on_list_4 = children_rows(
        [f"O{i}" for i in range(1, 101)],
        {f"O{i}": YOUNG for i in range(1, 101)},
        assessment_start_date=[ASSESSMENT] * 100,
        da_victim=[NO] * 100,
    )
    frames["assessments"] = pl.concat([frames["assessments"], others_on_list_4])
    figures = figures_of(frames)
    others = figures.figure(FIGURE, OTHERS)
    assert others is not None and not others["available"] and not others["denominator"]
    focus = figures.figure(FIGURE, FOCUS)
    assert focus is not None and focus["available"]
    assert focus["compared_group"] == OTHERS
    assert focus["difference"] is None
    assert focus["difference_low"] is None and focus["difference_high"] is None
    label = load_theme().focus.others_label
    assert focus["difference_note"] == (f"Not available: {label}, no rows to take a percentage of.")
    written = figures.for_csv().filter((pl.col("figure_id") == FIGURE) & (pl.col("group") == FOCUS))
    assert written["difference"].to_list() == [None]


def test_no_focus_flag_gives_no_difference_and_says_why() -> None:
    # List 4 without its domestic abuse column: who is a focus child cannot be known
    frames = _children(20, 12, 100, 30)
    frames["assessments"] = frames["assessments"].drop("da_victim")
    figures = figures_of(frames)
    focus = figures.figure(FIGURE, FOCUS)
    assert focus is not None and not focus["available"]
    assert focus["difference"] is None
    note = focus["difference_note"] or ""
    assert note.startswith("Not available: ")
    assert load_theme().focus.label in note and load_theme().focus.others_label in note


def test_either_group_without_a_denominator_has_no_difference() -> None:
    usable = {"available": True, "numerator": 3, "denominator": 10, "note": ""}
    empty = {"available": False, "numerator": 0, "denominator": 0, "note": ""}
    for focus, others in ((usable, empty), (empty, usable), (usable, None), (None, usable)):
        found = focus_difference(focus, others, 1.96)
        assert found["compared_group"] == OTHERS
        assert found["difference"] is None
        assert found["difference_low"] is None and found["difference_high"] is None
        assert str(found["difference_note"]).startswith("Not available: ")
