"""The front door read from the figures: expected ranges, weeks outside them, top patterns and
intervals, on hand-built lists whose answers are worked out here.

R is Monday 16 November 2026: the window's weeks are 2026-W20 (partial) to 2026-W47 (partial),
the 26 full weeks W21 (Monday 18 May) to W46.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis import front_door
from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.analysis.front_door import ExpectedRange, expected_range
from jtai_analysis.model.prepared import PreparedData

D = dt.date
R = D(2026, 11, 16)
W21_MONDAY = D(2026, 5, 18)

# Contacts a full week: 16 in 22 weeks; W30 31 (above), W40 1 (below), W35 28 (the upper limit,
# inside), W36 4 (the lower limit, inside). Sum 22 x 16 + 31 + 1 + 28 + 4 = 416 over 26 weeks:
# mean 16, square root 4, limits 16 - 12 = 4 and 16 + 12 = 28.
SPECIAL = {30: 31, 40: 1, 35: 28, 36: 4}
FOCUS_IN_W30 = 3  # of W30's 31 contacts, 3 are about the focus child F


def _contacts() -> pl.DataFrame:
    rows: list[tuple[str, dt.date]] = []
    rows += [("P", D(2026, 5, 16))] * 40  # the partial first week: 40, never judged
    for week in range(21, 47):
        wednesday = W21_MONDAY + dt.timedelta(weeks=week - 21, days=2)
        count = SPECIAL.get(week, 16)
        focus = FOCUS_IN_W30 if week == 30 else 0
        rows += [("F", wednesday)] * focus + [(f"N{week}", wednesday)] * (count - focus)
    return pl.DataFrame(
        {
            "_row": list(range(2, 2 + len(rows))),
            "child_id": [c for c, _ in rows],
            "contact_date": [d for _, d in rows],
            "contact_source": ["6"] * len(rows),
        }
    )


@pytest.fixture(scope="module")
def figures() -> FigureSet:
    valid = {
        "contacts": _contacts(),
        "assessments": pl.DataFrame(
            {
                "child_id": ["F", "N30"],
                "assessment_start_date": [D(2026, 8, 1)] * 2,
                "da_victim": ["Yes", "No"],
                "date_of_birth": [D(2023, 1, 1)] * 2,
            }
        ),
    }
    data = PreparedData(
        reference_date=R, valid=valid, reconciliation=pl.DataFrame(), findings=pl.DataFrame()
    )
    return compute_figures(
        figure_inputs(data, R), only=["contacts_by_week", "assessments_started_by_week"]
    )


def test_expected_range_is_mean_plus_minus_three_square_roots() -> None:
    assert expected_range([16, 16, 4, 28]) == ExpectedRange(16.0, 4.0, 28.0, 4)
    # mean 1: 1 - 3 is below 0, so the lower limit is 0
    assert expected_range([0, 2, 1]) == ExpectedRange(1.0, 0.0, 4.0, 3)
    assert expected_range([]) is None


def test_weeks_outside_the_range(figures: FigureSet) -> None:
    series = front_door.weekly_series(figures, "contacts_by_week")
    assert series.is_available
    assert series.range == ExpectedRange(16.0, 4.0, 28.0, 26)
    assert [(p.week.label, p.count, p.side) for p in series.outside] == [
        ("2026-W30", 31, "above"),
        ("2026-W40", 1, "below"),
    ]
    # the partial weeks are shown but never judged: W20 has 40, W47 none
    first, last = series.points[0], series.points[-1]
    assert (first.week.label, first.count, first.week.is_partial, first.side) == (
        "2026-W20",
        40,
        True,
        None,
    )
    assert (last.week.label, last.count, last.week.is_partial) == ("2026-W47", 0, True)
    assert len(series.points) == 28
    assert series.points[10].group == "week=2026-W30"


def test_focus_children_have_their_own_range(figures: FigureSet) -> None:
    # F's 3 contacts, all in W30: mean 3 / 26 = 0.1154, square root 0.3397, upper limit
    # 0.1154 + 1.0190 = 1.1344, lower 0: W30 is above
    series = front_door.weekly_series(figures, "contacts_by_week", "focus=Yes")
    assert series.range is not None
    assert series.range.mean == pytest.approx(0.1154, abs=1e-4)
    assert series.range.upper == pytest.approx(1.1344, abs=1e-4)
    assert series.range.lower == 0.0
    assert [(p.group, p.count) for p in series.outside] == [("focus=Yes&week=2026-W30", 3)]


def test_a_series_whose_list_has_not_arrived_says_why(figures: FigureSet) -> None:
    series = front_door.weekly_series(figures, "referrals_by_week")
    assert not series.is_available and series.points == ()
    # the figure was not computed in this set at all
    assert series.note.startswith("Not available")
    assessments = front_door.weekly_series(figures, "assessments_started_by_week")
    assert assessments.is_available
    assert [p.count for p in assessments.points if p.count] == [2]  # Saturday 1 August, W31


def test_top_patterns_most_children_first() -> None:
    figures = FigureSet(
        reference_date=R,
        figures=pl.DataFrame(
            {
                "figure_id": ["journey_patterns"] * 6,
                "group": [
                    "all",
                    "pattern=C",
                    "pattern=C>R",
                    "pattern=A",
                    "focus=Yes&pattern=C>R",
                    "focus=No&pattern=C",
                ],
                "value": [9.0, 4.0, 4.0, 1.0, 2.0, 4.0],
                "numerator": [9, 4, 4, 1, 2, 4],
                "denominator": [None] * 6,
                "unit": ["count"] * 6,
                "available": [True] * 6,
                "note": [""] * 6,
            }
        ),
        rows=pl.DataFrame(),
    )
    top = front_door.top_patterns(figures, count=2)
    assert [(p.pattern, p.children) for p in top] == [("C", 4), ("C>R", 4)]  # a tie: C first
    focus = front_door.top_patterns(figures, "focus=Yes")
    assert [(p.group, p.children) for p in focus] == [("focus=Yes&pattern=C>R", 2)]


def test_interval_is_the_wilson_interval_of_what_stands_out() -> None:
    # 4 of 7 at z = 1.96: centre (4/7 + 1.9208/7) / (1 + 3.8416/7) = 0.54612, half width
    # 1.96 x sqrt(0.034985 + 0.0196) / 1.5488 = 0.29566: 25.0% to 84.2%
    figures = FigureSet(
        reference_date=R,
        figures=pl.DataFrame(
            {
                "figure_id": ["contact_to_referral_30d_pct"],
                "group": ["all"],
                "value": [57.1],
                "numerator": [4],
                "denominator": [7],
                "unit": ["percent"],
                "available": [True],
                "note": [""],
            }
        ),
        rows=pl.DataFrame(),
    )
    low, high = front_door.interval(figures, "contact_to_referral_30d_pct") or (0.0, 0.0)
    assert (round(low, 1), round(high, 1)) == (25.0, 84.2)
    assert front_door.interval(figures, "contact_to_referral_30d_pct", "focus=Yes") is None


def test_weeks_outside_their_range_stand_out_with_a_line_of_enquiry(figures: FigureSet) -> None:
    found = front_door.week_statements(figures)
    called = found.filter(pl.col("is_called_out") & (pl.col("indicator_id") == "contacts_by_week"))
    # the theme's rules for contacts: W30 (31, Monday 20 July) above, W40 (1, Monday 28
    # September) below; for focus children W30 (3)
    assert called.select("indicator_id", "group", "statement").rows() == [
        (
            "contacts_by_week",
            "week=2026-W30",
            "More contacts than expected in the week of Monday 20 July 2026",
        ),
        (
            "contacts_by_week",
            "week=2026-W40",
            "Fewer contacts than expected in the week of Monday 28 September 2026",
        ),
        (
            "contacts_by_week",
            "focus=Yes&week=2026-W30",
            "More contacts about focus children than expected in the week of Monday 20 July 2026",
        ),
    ]
    # each statement's figure is that week's count, written by the pack's one suppression rule
    counts = [figures.number("contacts_by_week", group) for group in called["group"]]
    assert counts == [31, 1, 3]
    assert called["comparator"][0] == "expected 4.0 to 28.0 a week (mean 16.0 of 26 full weeks)"
    assert all(called["enquiry"].str.len_chars() > 0) and all(called["ec"].str.contains("EC"))
    # assessments: 2 in W31 of 26 weeks (mean 0.077, upper 0.077 + 0.832 = 0.909), and F's 1 for
    # focus children (mean 0.038, upper 0.038 + 0.588 = 0.627): W31 is above for both
    assessments = found.filter(pl.col("indicator_id") == "assessments_started_by_week")
    assert assessments.filter(pl.col("is_called_out"))["group"].to_list() == [
        "week=2026-W31",
        "focus=Yes&week=2026-W31",
    ]
    referrals = found.filter(pl.col("indicator_id") == "referrals_by_week")
    assert referrals.is_empty()  # referrals were not computed here: not available, no statement


def test_every_week_rule_names_a_weekly_figure_and_its_group() -> None:
    from jtai_analysis.analysis.figures import definitions
    from jtai_analysis.catalogue.theme import load_theme

    rules = load_theme().stands_out.weeks
    assert {r.figure for r in rules} == set(front_door.WEEKLY_FIGURES)
    for rule in rules:
        breakdowns = definitions()[rule.figure].breakdowns
        assert ("week",) in breakdowns
        assert rule.group == "all" or ("focus", "week") in breakdowns
        assert "{week}" in rule.higher and "{week}" in rule.lower


def test_a_series_with_no_week_outside_is_checked_and_says_so() -> None:
    # 2 contacts every full week (mean 2, limits 0 and 2 + 4.24): nothing stands out
    days = [W21_MONDAY + dt.timedelta(weeks=w) for w in range(26) for _ in range(2)]
    contacts = pl.DataFrame(
        {"child_id": [f"C{i}" for i in range(52)], "contact_date": days, "contact_source": "6"}
    )
    data = PreparedData(
        reference_date=R,
        valid={"contacts": contacts},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )
    figures = compute_figures(figure_inputs(data, R), only=["contacts_by_week"])
    found = front_door.week_statements(figures)
    # focus children cannot be known (no List 4 or 6): their series has no statement
    assert found.select("group", "statement", "is_called_out").rows() == [
        ("all", "No week outside its expected range: Contacts each week", False)
    ]
