"""Lines of enquiry, Annex A fields put to use, and the right denominators (issue 25, items 3, 4
and 7); every value worked out by hand here.

R is Monday 16 November 2026; the window runs from Saturday 16 May 2026 to R. R less 3 months is
16 August 2026, less 6 months 16 May 2026.

Children (age at R): A under 2 (contacts, referral; never assessed); B 4 (List 4, domestic abuse
Yes: focus); C 6 (List 6 Yes: focus); G 3 (contacts, referral); H 10; I unborn; K 5 (List 4 Yes:
focus); L 7 (List 4 Yes, assessment authorised before the window); M 3 (List 4 No); N 6 (List 6
Yes); P 14 (List 6 Yes); Q 7 (only in the under-8s report); X 8, Y, Z, W, V, T, S (List 7).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureSet
from tests.unit.hand_built import children_rows, figures_of

D = dt.date
R = D(2026, 11, 16)
IN = D(2026, 7, 1)  # a day in the window
DOB = {
    "A": D(2025, 3, 1),
    "B": D(2022, 1, 1),
    "C": D(2020, 6, 1),
    "G": D(2023, 5, 1),
    "H": D(2016, 1, 1),
    "I": D(2027, 3, 1),
    "K": D(2021, 2, 1),
    "L": D(2019, 1, 1),
    "M": D(2023, 1, 1),
    "N": D(2020, 3, 1),
    "P": D(2012, 5, 1),
    "Q": D(2019, 6, 1),
    **dict.fromkeys(("X", "Y", "Z", "W", "V", "T", "S"), D(2018, 1, 1)),
}


def _rows(children: list[str | None], **columns: list) -> pl.DataFrame:
    return children_rows(children, DOB, **columns)


def _frames() -> dict[str, pl.DataFrame]:
    contacts = ["A", "A", "B", "B", "B", "C", "C", "G", "G", "H", "H", "I", "I"]
    return {
        "contacts": _rows(
            contacts,
            contact_date=[IN] * 11 + [D(2026, 4, 1), IN],  # I's first is before the window
            contact_source=["6", "6", "6", "6", "6", "6", "6", "6", "2A", "6", "6", "6", "6"],
        ),
        "referrals": _rows(
            ["A", "B", "C", "H", "G"],
            referral_date=[IN] * 5,
            referral_source=["6"] * 5,
            referral_nfa=["Yes", "No", "Yes", "Yes", None],
        ),
        "assessments": _rows(
            ["B", "K", "L", "M"],
            assessment_start_date=[D(2026, 6, 1), D(2026, 6, 1), D(2026, 2, 1), D(2026, 6, 1)],
            assessment_authorised_date=[IN, IN, D(2026, 4, 1), IN],
            child_seen=["No", "Yes", "No", "No"],
            da_victim=["Yes", "Yes", "Yes", "No"],
        ),
        "cin": _rows(["C", "N", "P"], cin_start_date=[IN] * 3, da_victim=["Yes"] * 3),
        "s47": _rows(
            ["B", "C", "K", "M"], strategy_date=[IN] * 4, s47_last_12m_count=[0, 1, 2, None]
        ),
        "cp": _rows(
            ["X", "Y", "Z", "W", "V", "T", "S"],
            cpp_start_date=[
                D(2026, 1, 10),
                D(2024, 1, 1),
                D(2026, 9, 1),  # less than 3 months before R: no review due yet
                D(2025, 11, 16),
                D(2026, 8, 15),  # a day more than 3 months before R: a review due
                D(2025, 6, 1),
                D(2024, 5, 20),
            ],
            cpp_end_date=[None, D(2026, 6, 30), None, None, None, D(2026, 5, 31), D(2026, 5, 20)],
            seen_alone=["Yes", "No", None, "Unknown", "No", "Yes", "Yes"],
            latest_review_date=[
                D(2026, 7, 1),
                D(2026, 3, 1),
                None,
                D(2026, 5, 16),  # exactly 6 months before R: in time
                None,
                D(2026, 3, 1),
                D(2026, 3, 1),
            ],
            epo_or_police_protection=["No", "Yes", "No", "No", "Yes", "No", "No"],
        ),
        "early_help": _rows(
            ["A", "G", "I", "H", "M"],
            eh_assessment_start_date=[IN, IN, IN, IN, D(2026, 1, 1)],
            eh_organisation=[
                "Family Hub North",
                "Family Hub  North ",
                "Oakfield Primary School",
                None,
                "Safe Futures & Family Hub",  # before the window
            ],
        ),
        "not_in_fte": _rows(["C", "N", "K", "A", "Q", "P"], hours_per_week=[10.0] * 6),
        "meetings": _rows(
            ["B", "X", "Y", None, "H"],
            meeting_date=[D(2026, 11, 30)] * 5,
            meeting_type=["RCPC", "RCPC", "STRATEGY", "MARAC", "STRATEGY"],
        ),
    }


def _figures(frames: dict[str, pl.DataFrame] | None = None) -> FigureSet:
    return figures_of(frames if frames is not None else _frames(), R)


@pytest.fixture(scope="module")
def figures() -> FigureSet:
    return _figures()


def _numbers(figures: FigureSet, figure_id: str, group: str = "all") -> tuple:
    row = figures.figure(figure_id, group)
    assert row is not None, (figure_id, group)
    return row["numerator"], row["denominator"], row["value"]


def _children(figures: FigureSet, figure_id: str, group: str = "all") -> list[str]:
    return sorted(set(figures.rows_behind(figure_id, group)["child_id"]))


# ---- the right denominators (item 3) ----


def test_domestic_abuse_by_age_is_a_share_of_children_on_lists_4_and_6(figures: FigureSet) -> None:
    # on List 4 or 6: B, K, L, M, C, N, P; all but M have domestic abuse recorded
    assert _numbers(figures, "children_flagged_pct") == (6, 7, 85.7)
    # 2 to 4: B (Yes) and M (No); G is 3 but only on Lists 1 and 3, where the field does not exist
    assert _numbers(figures, "children_flagged_pct", "age_group=2_to_4") == (1, 2, 50.0)
    assert _numbers(figures, "children_flagged_pct", "age_group=under_2") == (0, 0, None)


# ---- lines of enquiry, each a figure with its children (item 4) ----


def test_under_8s_with_two_police_contacts_never_assessed_or_in_need(figures: FigureSet) -> None:
    # A: 2 police contacts, on neither List 4 nor 6. Not B (assessed), C (in need), G (1 police
    # contact), H (10), I (one of its two in the window)
    assert figures.number("enquiry_police_contacts_not_assessed_children") == 1
    assert _children(figures, "enquiry_police_contacts_not_assessed_children") == ["A"]


def test_under_8_referrals_closed_with_no_further_action(figures: FigureSet) -> None:
    # A and C (H is 10; G's is blank: left out and noted; B's went further)
    assert _children(figures, "enquiry_under8_referrals_nfa_count") == ["A", "C"]
    row = figures.figure("enquiry_under8_referrals_nfa_count")
    assert row["numerator"] == 2 and "1 row left out" in row["note"]
    assert _children(figures, "enquiry_under8_referrals_nfa_count", "focus=Yes") == ["C"]
    assert _children(figures, "enquiry_under8_referrals_nfa_count", "focus=No_under8") == ["A"]


def test_focus_children_not_seen_at_assessment(figures: FigureSet) -> None:
    # B (focus, not seen); not K (seen), L (authorised before the window), M (not a focus child)
    assert _children(figures, "enquiry_focus_not_seen_children") == ["B"]


def test_5_to_7s_out_of_education_with_domestic_abuse_recorded(figures: FigureSet) -> None:
    # C 6, N 6, K 5; not A (under 2, not flagged), Q (in no list), P (14)
    assert _children(figures, "enquiry_5_to_7_not_in_fte_flagged_children") == ["C", "K", "N"]


def test_fieldwork_meetings_for_focus_children_and_children_on_plans(figures: FigureSet) -> None:
    # B (focus) and X (on a plan at R); not Y (plan ended), H, nor the meeting with no child
    assert figures.number("enquiry_fieldwork_meetings_count") == 2
    assert _children(figures, "enquiry_fieldwork_meetings_count") == ["B", "X"]


# ---- Annex A fields in use (item 7) ----


def test_seen_alone_of_plans_open_at_r(figures: FigureSet) -> None:
    # open at R: X (Yes), Z (blank), W (Unknown), V (No): of the answers Yes or No, 1 of 2
    assert _numbers(figures, "cpp_seen_alone_pct") == (1, 2, 50.0)


def test_emergency_protection_or_police_protection(figures: FigureSet) -> None:
    assert _numbers(figures, "cpp_epo_police_pct") == (2, 7, 28.6)  # Y and V of the 7 plans


def test_review_conferences_in_time(figures: FigureSet) -> None:
    # open at R and started before 16 August: X (review 1 July), W (16 May, the boundary: in
    # time), V (no review): 2 of 3; Z (started 1 September) has no review due yet
    assert _numbers(figures, "cpp_review_in_time_pct") == (2, 3, 66.7)
    assert _children(figures, "cpp_review_in_time_pct") == ["W", "X"]


def test_plan_length(figures: FigureSet) -> None:
    # ended in the window: Y (2 years 6 months), S (exactly 2 years), T (a day under a year)
    assert _numbers(figures, "cpp_ended_2y_plus_pct") == (2, 3, 66.7)
    bands = {
        g.removeprefix("plan_length="): figures.number("cpp_length_count", g)
        for g in figures.groups("cpp_length_count")
        if g.startswith("plan_length=")
    }
    assert bands == {
        "under_3_months": 1,  # Z
        "3_to_6_months": 1,  # V, 3 months and a day
        "6_to_12_months": 2,  # X, T
        "12_to_24_months": 1,  # W, exactly 12 months
        "24_months_or_more": 2,  # Y, S
    }


def test_repeat_section_47_enquiries(figures: FigureSet) -> None:
    assert _numbers(figures, "s47_repeat_pct") == (2, 3, 66.7)  # C and K; M's count is blank
    assert "1 row left out" in figures.figure("s47_repeat_pct")["note"]


def test_the_organisation_completing_the_early_help_assessment(figures: FigureSet) -> None:
    # in the window: two Family Hub North (spacing as sent), Oakfield, one not recorded
    assert _numbers(figures, "early_help_organisation_pct", "eh_organisation=Family Hub North") == (
        2,
        4,
        50.0,
    )
    assert (
        figures.number("early_help_organisation_pct", "eh_organisation=Oakfield Primary School")
        == 25.0
    )
    assert figures.number("early_help_organisation_pct", "eh_organisation=not_recorded") == 25.0


def test_an_organisation_named_with_an_ampersand_is_one_group() -> None:
    frames = _frames()
    frames["early_help"] = frames["early_help"].with_columns(
        pl.lit(IN).alias("eh_assessment_start_date")
    )
    figures = _figures(frames)
    # "&" and "=" would split a group's name: written as words
    assert (
        figures.number("early_help_organisation_pct", "eh_organisation=Safe Futures and Family Hub")
        == 20.0
    )
