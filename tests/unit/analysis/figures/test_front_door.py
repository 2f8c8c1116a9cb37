"""Front door over time on hand-built lists: every expected value worked out by hand here.

R is Monday 16 November 2026; the window runs from Saturday 16 May 2026 to R, both included.
Its ISO weeks are 2026-W20 (Monday 11 May; only Saturday 16 and Sunday 17 May in the window) to
2026-W47 (Monday 16 November; only R in the window): 28 weeks, 26 of them full (W21 to W46).
R minus 30 days is Saturday 17 October 2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.model.prepared import PreparedData

D = dt.date
R = D(2026, 11, 16)
YOUNG, OLDER = D(2024, 1, 1), D(2012, 1, 1)  # 2 at R (a focus age), 14 at R
FRONT_DOOR = [
    "contacts_by_week",
    "referrals_by_week",
    "assessments_started_by_week",
    "s47_by_week",
    "contact_to_referral_30d_pct",
    "referral_to_assessment_30d_pct",
    "referral_to_s47_30d_pct",
    "journey_patterns",
    "front_door_returns_children",
]


def _list(sheet: str, rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    """A list's valid rows, numbered as in the spreadsheet (row 2 is the first under the header)."""
    return pl.DataFrame(
        [
            {"_file": "annex_a.xlsx", "_sheet": sheet, "_row": i + 2, **row}
            for i, row in enumerate(rows)
        ],
        schema={"_file": pl.String, "_sheet": pl.String, "_row": pl.Int64, **schema},
    )


def contacts(*rows: tuple[str, dt.date, str]) -> pl.DataFrame:
    return _list(
        "List 1",
        [{"child_id": c, "contact_date": d, "contact_source": s} for c, d, s in rows],
        {"child_id": pl.String, "contact_date": pl.Date, "contact_source": pl.String},
    )


def referrals(*rows: tuple[str, dt.date, str]) -> pl.DataFrame:
    return _list(
        "List 3",
        [{"child_id": c, "referral_date": d, "referral_source": s} for c, d, s in rows],
        {"child_id": pl.String, "referral_date": pl.Date, "referral_source": pl.String},
    )


def assessments(*rows: tuple[str, dt.date, str, dt.date]) -> pl.DataFrame:
    """(child, assessment start, domestic abuse field, date of birth)."""
    return _list(
        "List 4",
        [
            {"child_id": c, "assessment_start_date": d, "da_victim": da, "date_of_birth": dob}
            for c, d, da, dob in rows
        ],
        {
            "child_id": pl.String,
            "assessment_start_date": pl.Date,
            "da_victim": pl.String,
            "date_of_birth": pl.Date,
        },
    )


def s47(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return _list(
        "List 5",
        [{"child_id": c, "strategy_date": d, "icpc_date": i} for c, d, i in rows],
        {"child_id": pl.String, "strategy_date": pl.Date, "icpc_date": pl.Date},
    )


def early_help(*rows: tuple[str, dt.date]) -> pl.DataFrame:
    return _list(
        "List 2",
        [{"child_id": c, "eh_assessment_start_date": d} for c, d in rows],
        {"child_id": pl.String, "eh_assessment_start_date": pl.Date},
    )


def plans(*rows: tuple[str, dt.date]) -> pl.DataFrame:
    return _list(
        "List 7",
        [{"child_id": c, "cpp_start_date": d} for c, d in rows],
        {"child_id": pl.String, "cpp_start_date": pl.Date},
    )


def figures_of(**lists: pl.DataFrame) -> FigureSet:
    data = PreparedData(
        reference_date=R,
        valid=dict(lists),
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )
    return compute_figures(figure_inputs(data, R), only=FRONT_DOOR)


def numbers(figures: FigureSet, figure_id: str, group: str = "all") -> tuple[Any, ...]:
    row = figures.figure(figure_id, group)
    assert row is not None, f"{figure_id} has no group {group}"
    return row["numerator"], row["denominator"], row["value"]


# ---- Weekly flow: edge weeks --------------------------------------------------------------------


@pytest.fixture(scope="module")
def edges() -> FigureSet:
    return figures_of(
        contacts=contacts(
            ("A", D(2026, 5, 15), "6"),  # Friday before the window: out
            ("A", D(2026, 5, 16), "6"),  # Saturday, the window's first day: W20
            ("B", D(2026, 5, 17), "6"),  # Sunday: still W20
            ("B", D(2026, 5, 18), "6"),  # Monday: W21
            ("C", R, "6"),  # R, Monday: W47
            ("C", D(2026, 11, 17), "6"),  # the day after R: out
        ),
        referrals=referrals(("A", D(2026, 7, 1), "6")),  # Wednesday of W27
        assessments=assessments(("A", D(2026, 7, 6), "Yes", YOUNG)),  # A is a focus child
        s47=s47(("D", D(2026, 1, 5), None)),  # arrived, nothing in the window
        early_help=early_help(),
        cp=plans(),
    )


def test_every_week_of_the_window_is_a_group_with_zeros(edges: FigureSet) -> None:
    weeks = [g for g in edges.groups("contacts_by_week") if g.startswith("week=")]
    assert weeks == [f"week=2026-W{n:02d}" for n in range(20, 48)]
    assert numbers(edges, "contacts_by_week") == (4, None, 4.0)  # rows 3, 4, 5 and 6
    assert numbers(edges, "contacts_by_week", "week=2026-W20") == (2, None, 2.0)
    assert numbers(edges, "contacts_by_week", "week=2026-W21") == (1, None, 1.0)
    assert numbers(edges, "contacts_by_week", "week=2026-W30") == (0, None, 0.0)
    assert numbers(edges, "contacts_by_week", "week=2026-W47") == (1, None, 1.0)
    assert numbers(edges, "s47_by_week", "week=2026-W30") == (0, None, 0.0)
    assert numbers(edges, "s47_by_week") == (0, None, 0.0)


def test_first_and_last_weeks_say_partial_week(edges: FigureSet) -> None:
    notes = {
        g: edges.figure("contacts_by_week", g)["note"]  # type: ignore[index]
        for g in edges.groups("contacts_by_week")
        if g.startswith("week=")
    }
    assert {g for g, note in notes.items() if note} == {"week=2026-W20", "week=2026-W47"}
    assert notes["week=2026-W20"] == "partial week"
    crossed = edges.figure("contacts_by_week", "focus=Yes&week=2026-W47")
    assert crossed is not None and crossed["note"] == "partial week"


def test_the_rows_behind_a_week_are_its_rows(edges: FigureSet) -> None:
    rows = edges.rows_behind("contacts_by_week", "week=2026-W20")
    assert sorted(rows["row"].to_list()) == [3, 4]  # Saturday 16 and Sunday 17 May
    assert edges.rows_behind("contacts_by_week", "week=2026-W30").is_empty()


def test_focus_children_by_week(edges: FigureSet) -> None:
    # A is the only focus child: W20 (Saturday 16 May) for contacts, W27 for the referral
    assert numbers(edges, "contacts_by_week", "focus=Yes") == (1, None, 1.0)
    assert numbers(edges, "contacts_by_week", "focus=Yes&week=2026-W20") == (1, None, 1.0)
    assert numbers(edges, "contacts_by_week", "focus=No&week=2026-W20") == (1, None, 1.0)
    assert numbers(edges, "referrals_by_week", "focus=Yes&week=2026-W27") == (1, None, 1.0)
    assert numbers(edges, "assessments_started_by_week", "week=2026-W28") == (1, None, 1.0)


def test_a_list_not_arrived_is_not_available_never_zero() -> None:
    figures = figures_of(contacts=contacts(("A", D(2026, 6, 1), "6")))
    row = figures.figure("referrals_by_week")
    assert row is not None and not row["available"] and row["value"] is None
    assert row["note"] == "Not available: List 3 Referrals has not arrived."
    assert figures.groups("referrals_by_week") == ["all"]
    # contacts arrived; focus children cannot be known without List 4 or List 6
    assert numbers(figures, "contacts_by_week", "week=2026-W23") == (1, None, 1.0)
    focus = figures.figure("contacts_by_week", "focus=Yes")
    assert focus is not None and not focus["available"]
    assert "focus children need" in focus["note"]
    assert figures.figure("contacts_by_week", "focus=Yes&week=2026-W23") is None


# ---- Where each door leads: the 30-day edge -----------------------------------------------------


@pytest.fixture(scope="module")
def doors() -> FigureSet:
    return figures_of(
        contacts=contacts(
            ("A", D(2026, 6, 1), "6"),  # row 2: referral 1 July, 30 days later: yes
            ("B", D(2026, 6, 1), "6"),  # row 3: referral 2 July, 31 days later: no
            ("C", D(2026, 6, 10), "3A"),  # row 4: referral the same day: yes
            ("D", D(2026, 6, 10), "6"),  # row 5: referral the day before: no
            ("E", D(2026, 10, 17), "6"),  # row 6: R - 30 (counted); referral on R: yes
            ("F", D(2026, 10, 18), "6"),  # row 7: R - 29, its 30 days not passed: left out
            ("G", D(2026, 5, 15), "6"),  # row 8: before the window: left out
            ("H", D(2026, 8, 1), "3A"),  # row 9: H is on no other list: no
            ("A", D(2026, 6, 15), "1A"),  # row 10: the same referral 16 days later: yes
        ),
        referrals=referrals(
            ("A", D(2026, 7, 1), "6"),  # row 2: assessment 31 July (30 days): yes; S47 same day
            ("B", D(2026, 7, 2), "6"),  # row 3: no assessment, no enquiry: no
            ("C", D(2026, 6, 10), "5A"),  # row 4: assessment 11 July (31 days): no
            ("D", D(2026, 6, 9), "6"),  # row 5
            ("E", R, "6"),  # row 6: after R - 30: left out
            ("F", D(2026, 11, 1), "6"),  # row 7: after R - 30: left out
            ("G", D(2026, 5, 20), "6"),  # row 8: assessment 19 June (30 days): yes
        ),
        assessments=assessments(
            ("A", D(2026, 7, 31), "Yes", YOUNG),  # A is a focus child
            ("C", D(2026, 7, 11), "No", YOUNG),
            ("G", D(2026, 6, 19), "No", OLDER),
        ),
        s47=s47(("A", D(2026, 7, 1), None), ("B", D(2026, 6, 1), None)),  # B's is before it
        early_help=early_help(),
        cp=plans(),
    )


def test_contact_to_referral_within_30_days(doors: FigureSet) -> None:
    # counted: rows 2, 3, 4, 5, 6, 9, 10 (7); followed: rows 2, 4, 6, 10 (4); 4 / 7 = 57.14%
    assert numbers(doors, "contact_to_referral_30d_pct") == (4, 7, 57.1)
    assert sorted(doors.rows_behind("contact_to_referral_30d_pct")["row"]) == [2, 4, 6, 10]
    denominator = doors.rows_behind("contact_to_referral_30d_pct", role="denominator")
    assert sorted(denominator["row"]) == [2, 3, 4, 5, 6, 9, 10]


def test_contact_to_referral_by_source_and_focus(doors: FigureSet) -> None:
    # police (6): rows 2, 3, 5, 6 -> 2 and 6 followed; 3A: rows 4, 9 -> 4; 1A: row 10
    assert numbers(doors, "contact_to_referral_30d_pct", "source=6") == (2, 4, 50.0)
    assert numbers(doors, "contact_to_referral_30d_pct", "source=3A") == (1, 2, 50.0)
    assert numbers(doors, "contact_to_referral_30d_pct", "source=1A") == (1, 1, 100.0)
    # A, the focus child: rows 2 and 10, both followed; the others: rows 3, 4, 5, 6, 9 -> 4, 6
    assert numbers(doors, "contact_to_referral_30d_pct", "focus=Yes") == (2, 2, 100.0)
    assert numbers(doors, "contact_to_referral_30d_pct", "focus=No") == (2, 5, 40.0)


def test_referral_to_assessment_and_to_s47(doors: FigureSet) -> None:
    # counted: rows 2, 3, 4, 5, 8 (E and F are after R - 30); assessed within 30 days: 2 (A,
    # 31 July) and 8 (G, 19 June); C's 11 July is 31 days after 10 June
    assert numbers(doors, "referral_to_assessment_30d_pct") == (2, 5, 40.0)
    assert sorted(doors.rows_behind("referral_to_assessment_30d_pct")["row"]) == [2, 8]
    # strategy discussion within 30 days: only A (the same day); B's was before the referral
    assert numbers(doors, "referral_to_s47_30d_pct") == (1, 5, 20.0)
    assert numbers(doors, "referral_to_s47_30d_pct", "source=5A") == (0, 1, 0.0)
    assert numbers(doors, "referral_to_s47_30d_pct", "focus=Yes") == (1, 1, 100.0)


def test_a_conversion_whose_next_list_has_not_arrived_is_not_available() -> None:
    figures = figures_of(
        contacts=contacts(("A", D(2026, 6, 1), "6")), referrals=referrals(("A", R, "6"))
    )
    row = figures.figure("referral_to_assessment_30d_pct")
    assert row is not None and not row["available"]
    assert row["note"] == "Not available: List 4 Assessments has not arrived."
    assert numbers(figures, "contact_to_referral_30d_pct") == (0, 1, 0.0)


# ---- Journeys as patterns -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def journeys() -> FigureSet:
    return figures_of(
        contacts=contacts(
            ("J1", D(2026, 6, 1), "6"),  # row 2
            ("J2", D(2026, 6, 3), "6"),  # row 3
            ("J3", D(2026, 6, 1), "6"),  # row 4
            ("J3", D(2026, 6, 2), "6"),  # row 5: a second contact in a row is one C
            ("J3", D(2026, 7, 1), "6"),  # row 6: back at the front door after the assessment
            ("J4", D(2026, 5, 1), "6"),  # row 7: before the window
            ("J5", D(2026, 6, 1), "6"),  # row 8
            ("J7", D(2026, 4, 1), "6"),  # row 9: J7 has no step in the window
            ("J8", D(2026, 6, 1), "6"),  # row 10
        ),
        referrals=referrals(
            ("J2", D(2026, 6, 3), "6"),  # row 2: the same day as J2's contact: C before R
            ("J1", D(2026, 6, 1), "6"),  # row 3: the same day as J1's contact
            ("J3", D(2026, 6, 10), "6"),  # row 4
            ("J3", D(2026, 7, 2), "6"),  # row 5
            ("J6", D(2026, 6, 5), "6"),  # row 6: after J6's assessment
            ("J8", D(2026, 6, 2), "6"),  # row 7
        ),
        assessments=assessments(
            ("J1", D(2026, 6, 5), "Yes", YOUNG),  # J1 is a focus child
            ("J3", D(2026, 6, 20), "No", YOUNG),
            ("J5", D(2026, 11, 17), "No", YOUNG),  # after R: not a step
            ("J6", D(2026, 6, 1), "No", OLDER),
            ("J8", D(2026, 6, 3), "No", YOUNG),
        ),
        early_help=early_help(("J2", D(2026, 6, 3))),  # the same day again: E first
        s47=s47(("J4", D(2026, 6, 10), D(2026, 6, 10))),  # strategy and conference one day: S, I
        cp=plans(("J4", D(2026, 6, 25))),
    )


def test_patterns_order_same_day_steps_and_collapse_repeats(journeys: FigureSet) -> None:
    patterns = {
        g.removeprefix("pattern="): int(journeys.figure("journey_patterns", g)["numerator"])  # type: ignore[index]
        for g in journeys.groups("journey_patterns")
        if g.startswith("pattern=")
    }
    assert patterns == {
        "C>R>A": 2,  # J1 (contact and referral on 1 June), J8
        "E>C>R": 1,  # J2: three steps on 3 June, in the order E C R
        "C>R>A>C>R": 1,  # J3
        "S>I>P": 1,  # J4: the contact before the window is not a step
        "C": 1,  # J5: the assessment after R is not a step
        "A>R": 1,  # J6
    }
    # 7 children with a step (J7 has none in the window)
    assert numbers(journeys, "journey_patterns") == (7, None, 7.0)


def test_a_pattern_opens_one_row_a_child(journeys: FigureSet) -> None:
    rows = journeys.rows_behind("journey_patterns", "pattern=C>R>A")
    assert sorted(rows["child_id"]) == ["J1", "J8"]
    # each child's first step: J1's contact (List 1 row 2), J8's contact (row 10)
    assert sorted(zip(rows["list"], rows["row"], strict=True)) == [
        ("contacts", 2),
        ("contacts", 10),
    ]


def test_patterns_of_focus_children(journeys: FigureSet) -> None:
    assert numbers(journeys, "journey_patterns", "focus=Yes&pattern=C>R>A") == (1, None, 1.0)
    assert numbers(journeys, "journey_patterns", "focus=No&pattern=C>R>A") == (1, None, 1.0)
    assert journeys.figure("journey_patterns", "focus=Yes&pattern=S>I>P") is None


def test_children_back_at_the_front_door(journeys: FigureSet) -> None:
    # J3 (C>R>A>C>R: a contact after the assessment) and J6 (A>R); J4's S>I>P does not return
    assert numbers(journeys, "front_door_returns_children") == (2, None, 2.0)
    rows = journeys.rows_behind("front_door_returns_children")
    # the step that brought each back: J3's contact of 1 July (List 1 row 6), J6's referral (row 6)
    assert sorted(zip(rows["child_id"], rows["list"], rows["row"], strict=True)) == [
        ("J3", "contacts", 6),
        ("J6", "referrals", 6),
    ]
    assert numbers(journeys, "front_door_returns_children", "focus=Yes") == (0, None, 0.0)


def test_patterns_not_available_until_every_step_list_has_arrived() -> None:
    figures = figures_of(
        contacts=contacts(("A", D(2026, 6, 1), "6")),
        referrals=referrals(("A", D(2026, 6, 2), "6")),
        assessments=assessments(("A", D(2026, 6, 3), "No", YOUNG)),
        early_help=early_help(),
        s47=s47(),
    )
    row = figures.figure("journey_patterns")
    assert row is not None and not row["available"] and row["value"] is None
    assert row["note"] == "Not available: List 7 Child protection plans has not arrived."
