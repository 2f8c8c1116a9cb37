"""Pre-birth work counted when it happened (issue 25, item 2), whether or not the baby has been
born by the reference date; every value worked out by hand here.

R is Monday 16 November 2026; the window runs from Saturday 16 May 2026 to R. A pregnancy in the
window is a child whose date of birth is after 16 May 2026. Weeks before birth are whole weeks
(days // 7): up to 4, 5 to 12, more than 12.

====  ==========  ==============================================================================
P1    2026-08-10  born in the window. Contacts 1 June (police; 70 days, 10 weeks) and 15 July;
                  referral 15 June (health visitor; 56 days, 8 weeks); assessments started
                  1 July (40 days, 5 weeks) and 1 September (after birth); strategy discussion
                  13 July, conference and plan 27 July (14 days, 2 weeks)
P2    2027-02-01  unborn at R. Contact 1 September (health visitor; 153 days, 21 weeks);
                  assessment started 1 October (123 days, 17 weeks)
P3    2026-05-17  born the day after the window began: contact (GP) and assessment on 16 May,
                  the window's first day (1 day, 0 weeks)
P4    2026-05-16  born on the window's first day: not a pregnancy in the window. Contact 10 May,
                  assessment started 15 May (before the window)
P5    2026-09-01  born in the window; a contact on 10 September, after birth only
P6    (blank)     no date of birth: a contact on 1 June
P7    2026-11-16  born on R; an assessment started that day (not before the birth)
====  ==========  ==============================================================================
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureSet
from tests.unit.hand_built import children_rows, figures_of

D = dt.date
R = D(2026, 11, 16)
DOB = {
    "P1": D(2026, 8, 10),
    "P2": D(2027, 2, 1),
    "P3": D(2026, 5, 17),
    "P4": D(2026, 5, 16),
    "P5": D(2026, 9, 1),
    "P6": None,
    "P7": D(2026, 11, 16),
}


def _rows(children: list[str | None], **columns: list) -> pl.DataFrame:
    return children_rows(children, DOB, **columns)


def _frames() -> dict[str, pl.DataFrame]:
    return {
        "contacts": _rows(
            ["P1", "P1", "P2", "P3", "P4", "P5", "P6"],
            contact_date=[
                D(2026, 6, 1),
                D(2026, 7, 15),
                D(2026, 9, 1),
                D(2026, 5, 16),
                D(2026, 5, 10),
                D(2026, 9, 10),
                D(2026, 6, 1),
            ],
            contact_source=["6", "6", "3B", "3A", "6", "6", "6"],
        ),
        "referrals": _rows(["P1"], referral_date=[D(2026, 6, 15)], referral_source=["3B"]),
        "assessments": _rows(
            ["P1", "P1", "P2", "P3", "P4", "P7"],
            assessment_start_date=[
                D(2026, 7, 1),
                D(2026, 9, 1),
                D(2026, 10, 1),
                D(2026, 5, 16),
                D(2026, 5, 15),
                D(2026, 11, 16),
            ],
        ),
        "s47": _rows(["P1"], strategy_date=[D(2026, 7, 13)], icpc_date=[D(2026, 7, 27)]),
        "cp": _rows(["P1"], cpp_start_date=[D(2026, 7, 27)], cpp_end_date=[None]),
    }


def _figures(frames: dict[str, pl.DataFrame]) -> FigureSet:
    return figures_of(frames, R)


@pytest.fixture(scope="module")
def figures() -> FigureSet:
    return _figures(_frames())


def _groups(figures: FigureSet, figure_id: str, breakdown: str) -> dict[str, int | float | None]:
    prefix = f"{breakdown}="
    return {
        group.removeprefix(prefix): figures.number(figure_id, group)
        for group in figures.groups(figure_id)
        if group.startswith(prefix) and "&" not in group
    }


def test_prebirth_assessments_whether_or_not_the_baby_is_born(figures: FigureSet) -> None:
    # P1 1 July, P2 1 October, P3 16 May; not P1 1 September (after birth), P4 15 May (before
    # the window), P7 16 November (the day of the birth is not before it)
    assert figures.number("prebirth_assessments_count") == 3
    rows = figures.rows_behind("prebirth_assessments_count")
    assert sorted(rows["child_id"]) == ["P1", "P2", "P3"]
    assert _groups(figures, "prebirth_assessments_count", "born_by_reference") == {
        "born": 2,  # P1, P3: babies born in the window keep their pre-birth assessments
        "unborn": 1,  # P2
    }
    assert _groups(figures, "prebirth_assessments_count", "weeks_before_birth") == {
        "up_to_4": 1,  # P3, 0 weeks
        "5_to_12": 1,  # P1, 5 weeks
        "more_than_12": 1,  # P2, 17 weeks
    }
    # the measure of unborn children at R alone sees only P2
    assert figures.number("unborn_assessments_count") == 1


def test_pregnancies_in_the_window_with_work_before_the_birth(figures: FigureSet) -> None:
    # P1, P2, P3; not P4 (born on the window's first day), P5 (after birth only), P6 (no date of
    # birth), P7 (nothing before the birth)
    assert figures.number("prebirth_children") == 3
    assert sorted(set(figures.rows_behind("prebirth_children")["child_id"])) == ["P1", "P2", "P3"]
    assert _groups(figures, "prebirth_children", "born_by_reference") == {"born": 2, "unborn": 1}


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        # first contact before birth: P3 0 weeks, P1 10 weeks (1 June, not 15 July), P2 21 weeks
        ("prebirth_first_contact_children", {"up_to_4": 1, "5_to_12": 1, "more_than_12": 1}),
        ("prebirth_first_referral_children", {"up_to_4": 0, "5_to_12": 1, "more_than_12": 0}),
        # P3 0 weeks, P1 5 weeks, P2 17 weeks; P7's is on the day of birth
        ("prebirth_first_assessment_children", {"up_to_4": 1, "5_to_12": 1, "more_than_12": 1}),
        ("prebirth_first_icpc_children", {"up_to_4": 1, "5_to_12": 0, "more_than_12": 0}),
        ("prebirth_first_cpp_children", {"up_to_4": 1, "5_to_12": 0, "more_than_12": 0}),
    ],
)
def test_weeks_before_birth_of_the_first_work(
    figures: FigureSet, figure_id: str, expected: dict[str, int]
) -> None:
    assert _groups(figures, figure_id, "weeks_before_birth") == expected
    assert figures.number(figure_id) == sum(expected.values())


def test_who_made_the_first_contact_before_birth(figures: FigureSet) -> None:
    found = {
        k: v for k, v in _groups(figures, "prebirth_first_contact_children", "source").items() if v
    }
    assert found == {"6": 1, "3B": 1, "3A": 1}  # P1 police, P2 health visitor, P3 GP


def test_without_dates_of_birth_prebirth_work_is_not_available() -> None:
    frames = {key: frame.drop("date_of_birth") for key, frame in _frames().items()}
    figures = _figures(frames)
    for figure_id in ("prebirth_assessments_count", "prebirth_children"):
        row = figures.figure(figure_id)
        assert row is not None and row["value"] is None and not row["available"], figure_id
        assert "date of birth" in row["note"]
