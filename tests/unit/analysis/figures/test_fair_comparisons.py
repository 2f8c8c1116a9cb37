"""Focus children beside the other under-8s (issue 25, item 1): two disjoint groups of every
practice figure, computed the same way; every expected value worked out by hand here.

R is Monday 16 November 2026; the window runs from Saturday 16 May 2026 to R, both included.

The children (age at R; domestic abuse field on List 4 or List 6):

====  ============  ===========  ==============================================
F1    2025-06-01    under 2      List 4 Yes: a focus child
F2    2020-01-10    6 (5 to 7)   List 4 No, List 6 Yes: a focus child (any Yes)
O1    2023-03-01    3 (2 to 4)   List 4 No: another under-8
O2    2027-01-15    unborn       List 1 only: another under-8
O3    2026-01-01    under 2      List 3 only: another under-8
E7    2018-11-17    7 (5 to 7)   List 1 only; eighth birthday the day after R: another under-8
E8    2018-11-16    8            List 1 only; eighth birthday on R: in neither group
B1    2012-01-01    14           List 4 Yes: flagged but 8 or over, in neither group
U1    (blank)       unknown      Lists 1 and 3: no age, in neither group
====  ============  ===========  ==============================================
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.catalogue.theme import load_theme
from tests.unit.hand_built import children_rows, figures_of

D = dt.date
R = D(2026, 11, 16)
FOCUS, OTHERS = "focus=Yes", "focus=No_under8"
DOB = {
    "F1": D(2025, 6, 1),
    "F2": D(2020, 1, 10),
    "O1": D(2023, 3, 1),
    "O2": D(2027, 1, 15),
    "O3": D(2026, 1, 1),
    "E7": D(2018, 11, 17),
    "E8": D(2018, 11, 16),
    "B1": D(2012, 1, 1),
    "U1": None,
}


def _rows(children: list[str | None], **columns: list) -> pl.DataFrame:
    return children_rows(children, DOB, **columns)


def _frames() -> dict[str, pl.DataFrame]:
    contacts = ["F1", "F1", "F2", "O1", "O2", "E7", "E8", "B1", "U1"]
    referrals = ["F1", "O1", "O3", "U1", "B1"]
    assessments = ["F1", "F2", "O1", "B1"]
    return {
        "contacts": _rows(
            contacts,
            contact_date=[D(2026, 6, 1)] * len(contacts),
            contact_source=["6", "6", "2A", "6", "3B", "6", "6", "6", "6"],
        ),
        "referrals": _rows(
            referrals,
            referral_date=[D(2026, 7, 1)] * len(referrals),
            referral_source=["6", "6", "3A", "6", "2A"],
            referral_nfa=["No", "Yes", "Yes", "Yes", "No"],
            referrals_last_12m_count=[0, 1, 0, 0, 2],
        ),
        "assessments": _rows(
            assessments,
            assessment_start_date=[D(2026, 6, 1)] * 4,
            assessment_authorised_date=[D(2026, 7, 1)] * 4,
            child_seen=["No", "Yes", "No", "Yes"],
            da_victim=["Yes", "No", "No", "Yes"],
        ),
        "cin": _rows(["F2"], cin_start_date=[D(2026, 6, 1)], da_victim=["Yes"]),
    }


def _figures(frames: dict[str, pl.DataFrame] | None = None) -> FigureSet:
    return figures_of(frames if frames is not None else _frames(), R)


@pytest.fixture(scope="module")
def figures() -> FigureSet:
    return _figures()


def _numbers(figures: FigureSet, figure_id: str, group: str) -> tuple:
    row = figures.figure(figure_id, group)
    assert row is not None, (figure_id, group)
    return row["numerator"], row["denominator"], row["value"]


def test_contacts_from_the_police_for_focus_children_and_the_other_under_8s(
    figures: FigureSet,
) -> None:
    # all 9 contacts, 7 from the police (all but F2's 2A and O2's 3B)
    assert _numbers(figures, "contacts_police_pct", "all") == (7, 9, 77.8)
    # focus: F1, F1 (police), F2 (school): 2 of 3
    assert _numbers(figures, "contacts_police_pct", FOCUS) == (2, 3, 66.7)
    # other under-8s: O1 (police), O2 (3B), E7 (police, 7 until the day after R): 2 of 3;
    # E8 (8 on R), B1 (14) and U1 (no age) are in neither group
    assert _numbers(figures, "contacts_police_pct", OTHERS) == (2, 3, 66.7)
    behind = figures.rows_behind("contacts_police_pct", OTHERS, "denominator")
    assert sorted(behind["child_id"]) == ["E7", "O1", "O2"]


def test_referrals_closed_and_from_the_police(figures: FigureSet) -> None:
    # all: O1, O3, U1 of 5 closed with no further action
    assert _numbers(figures, "referrals_nfa_pct", "all") == (3, 5, 60.0)
    assert _numbers(figures, "referrals_nfa_pct", FOCUS) == (0, 1, 0.0)  # F1
    assert _numbers(figures, "referrals_nfa_pct", OTHERS) == (2, 2, 100.0)  # O1, O3
    # the focus group is the focus_ indicator, computed the same way
    assert _numbers(figures, "focus_referrals_nfa_pct", "all") == (0, 1, 0.0)
    assert _numbers(figures, "referrals_police_pct", FOCUS) == (1, 1, 100.0)  # F1
    assert _numbers(figures, "referrals_police_pct", OTHERS) == (1, 2, 50.0)  # O1 of O1, O3


def test_child_not_seen_at_assessment(figures: FigureSet) -> None:
    # focus: F1 (not seen) of F1 and F2; other under-8s: O1 (not seen); B1 (14) in neither
    assert _numbers(figures, "assessments_child_not_seen_pct", FOCUS) == (1, 2, 50.0)
    assert _numbers(figures, "assessments_child_not_seen_pct", OTHERS) == (1, 1, 100.0)


def test_every_figure_with_focus_children_has_the_other_under_8s() -> None:
    for figure_id in load_theme().focus_figures:
        assert ("other_under8",) in definitions()[figure_id].breakdowns, figure_id


def test_no_child_is_in_both_groups_of_any_figure(figures: FigureSet) -> None:
    # F2 has No on List 4 and Yes on List 6: a focus child, never one of the other under-8s
    checked = 0
    for figure_id in figures.ids():
        groups = figures.groups(figure_id)
        if FOCUS not in groups or OTHERS not in groups:
            continue
        for role in ("numerator", "denominator"):
            focus = set(figures.rows_behind(figure_id, FOCUS, role)["child_id"])
            others = set(figures.rows_behind(figure_id, OTHERS, role)["child_id"])
            assert not focus & others, (figure_id, role, focus & others)
            assert "F2" not in others and not others & {"E8", "B1", "U1"}
        checked += 1
    assert checked >= 5


def test_without_the_domestic_abuse_field_the_other_under_8s_are_not_available() -> None:
    frames = _frames()
    frames["assessments"] = frames["assessments"].drop("da_victim")
    frames["cin"] = frames["cin"].drop("da_victim")
    row = _figures(frames).figure("contacts_police_pct", OTHERS)
    assert row is not None and row["value"] is None and not row["available"]
    assert "domestic abuse field" in row["note"]
