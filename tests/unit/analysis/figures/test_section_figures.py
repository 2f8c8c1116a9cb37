"""The figures behind the pack's sections (concerns, drift, journeys, plans and needs, unborn
children, the under-8s report, early help) on hand-built lists; every value worked out by hand.

These are the cases the sections' own counting functions were tested with before they became
figures; R is Monday 16 November 2026, the window 16 May to 16 November 2026.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.model.prepared import PreparedData

D = dt.date
R = D(2026, 11, 16)


def _figures(**frames: pl.DataFrame) -> FigureSet:
    data = PreparedData(
        reference_date=R, valid=frames, reconciliation=pl.DataFrame(), findings=pl.DataFrame()
    )
    return compute_figures(figure_inputs(data, R))


def _counts(
    figures: FigureSet, figure_id: str, prefix: str, crossed: bool = False
) -> dict[str, int | float | None]:
    """The figure's value in each group of one breakdown (``prefix``) that has rows, by the group's
    value; groups crossed with another breakdown (``a=x&b=y``) only when ``crossed``."""
    return {
        group.removeprefix(prefix): figures.number(figure_id, group)
        for group in figures.groups(figure_id)
        if group.startswith(prefix)
        and (crossed or "&" not in group)
        and not (figures.figure(figure_id, group) or {})["is_empty"]
    }


def _arrivals() -> FigureSet:
    return _figures(
        contacts=pl.DataFrame(
            {
                "child_id": ["A", "A", "A", "B", "C"],
                "date_of_birth": [D(2025, 1, 1)] * 3 + [D(2018, 1, 1), D(2018, 1, 1)],
                "contact_date": [
                    D(2026, 6, 1),
                    D(2026, 7, 1),
                    D(2026, 8, 1),
                    D(2026, 6, 15),
                    D(2026, 5, 1),  # before the window
                ],
                "contact_source": ["6", "3B", "6", "2A", "6"],
            }
        ),
        referrals=pl.DataFrame(
            {
                "child_id": ["A", "D"],
                "referral_date": [D(2026, 8, 5), D(2026, 9, 1)],
                "referral_source": ["6", "3A"],
            }
        ),
    )


def test_contacts_and_referrals_by_source() -> None:
    figures = _arrivals()
    # in the window: contacts 6, 3B, 6, 2A (4 rows); referrals 6, 3A (2 rows)
    assert _counts(figures, "contacts_count", "source=") == {"2A": 1, "3B": 1, "6": 2}
    assert _counts(figures, "contacts_source_pct", "source=") == {"2A": 25.0, "3B": 25.0, "6": 50.0}
    assert _counts(figures, "referrals_count", "source=") == {"3A": 1, "6": 1}
    assert _counts(figures, "referrals_source_pct", "source=") == {"3A": 50.0, "6": 50.0}
    # a source no contact came from is a group with no rows: 0, not "not available"
    assert figures.number("contacts_count", "source=3A") == 0


def test_repeat_contacts_conversion_and_police_by_age() -> None:
    figures = _arrivals()
    # A has 3 contacts in the window, B 1
    assert _counts(figures, "contacts_children", "contacts_per_child=") == {"1": 1, "3_or_more": 1}
    assert figures.number("contacts_children", "contacts_per_child=2") == 0
    # contacted A and B; of them only A was referred (D was referred without a contact)
    row = figures.figure("contacted_children_referred_pct")
    assert (row["numerator"], row["denominator"], row["value"]) == (1, 2, 50.0)
    # A (under 2): 3 contacts, 2 from police; B (8 and over): 1 contact from a school
    police = {
        group: (figures.figure("contacts_police_pct", group) or {})["numerator"]
        for group in ("age_group=under_2", "age_group=8_plus")
    }
    assert police == {"age_group=under_2": 2, "age_group=8_plus": 0}
    assert figures.number("contacts_police_pct", "age_group=under_2") == 66.7
    assert figures.number("contacts_count", "age_group=under_2") == 3


def test_lists_not_arrived_are_not_available_never_zero() -> None:
    figures = _figures()
    for figure_id in ("contacts_count", "contacts_source_pct", "open_assessments_count"):
        row = figures.figure(figure_id)
        assert (
            row["value"] is None and not row["available"] and figures.groups(figure_id) == ["all"]
        )


def test_open_assessments_by_working_days_open() -> None:
    figures = _figures(
        assessments=pl.DataFrame(
            {
                "_file": ["a.xlsx"] * 5,
                "_sheet": ["List 4"] * 5,
                "_row": [2, 3, 4, 5, 6],
                "child_id": ["1", "2", "3", "4", "5"],
                # Fri 11/09 to R: 46 working days; Mon 14/09: exactly 45; 01/11: 11;
                # Mon 01/06: 24 weeks less the 31/08 bank holiday = 119; the last is authorised
                "assessment_start_date": [
                    D(2026, 9, 11),
                    D(2026, 9, 14),
                    D(2026, 11, 1),
                    D(2026, 6, 1),
                    D(2026, 6, 1),
                ],
                "assessment_authorised_date": [None, None, None, None, D(2026, 7, 1)],
            }
        )
    )
    assert _counts(figures, "open_assessments_count", "working_days_open=") == {
        "up_to_20": 1,
        "21_to_45": 1,
        "46_to_65": 1,
        "more_than_65": 1,
    }
    # more than 45: children 1 (46) and 4 (119), not 2 (exactly 45)
    assert sorted(figures.rows_behind("open_assessments_over_45wd")["child_id"]) == ["1", "4"]


def test_visits_and_last_seen_by_working_days() -> None:
    figures = _figures(
        cp=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4", "5"],
                "cpp_start_date": [D(2026, 1, 1)] * 5,
                "cpp_end_date": [None, None, None, None, D(2026, 10, 1)],  # 5 has ended
                # Mon 09/11: 5 working days to R; Mon 02/11: exactly 10; Fri 30/10: 11
                "last_visit_date": [D(2026, 11, 9), D(2026, 11, 2), D(2026, 10, 30), None, None],
            }
        ),
        cin=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                # Mon 02/11 to R: exactly 10 working days; Mon 19/10: 20; Fri 16/10: 21
                "last_seen_date": [D(2026, 11, 2), D(2026, 10, 19), D(2026, 10, 16), None],
                "cin_closure_date": [None, None, None, None],
            },
            schema_overrides={"cin_closure_date": pl.Date},
        ),
    )
    visits = {
        band: figures.number("cpp_open_count", f"working_days_since_visit={band}")
        for band in ("up_to_10", "11_to_20", "more_than_20", "not_recorded")
    }
    assert visits == {"up_to_10": 2, "11_to_20": 1, "more_than_20": 0, "not_recorded": 1}
    seen = {
        band: figures.number("cin_open_episodes_count", f"working_days_since_seen={band}")
        for band in ("up_to_10", "11_to_20", "more_than_20", "not_recorded")
    }
    assert seen == {"up_to_10": 1, "11_to_20": 1, "more_than_20": 1, "not_recorded": 1}


def test_journey_steps_and_median_working_days() -> None:
    figures = _figures(
        contacts=pl.DataFrame(
            {"child_id": ["A", "B"], "contact_date": [D(2026, 6, 1), D(2026, 6, 1)]}
        ),
        referrals=pl.DataFrame(
            # A: Mon 01/06 to Wed 03/06 is 2 working days; B was referred before the contact
            {
                "child_id": ["A", "B"],
                "referral_date": [D(2026, 6, 3), D(2026, 5, 20)],
                "referral_nfa": ["No", "Yes"],
            }
        ),
        assessments=pl.DataFrame(
            # A: Wed 03/06 to Wed 10/06 is 5 working days
            {"child_id": ["A"], "assessment_start_date": [D(2026, 6, 10)]}
        ),
    )
    assert figures.number("contacts_children") == 2
    assert figures.number("referrals_children") == 2
    assert figures.number("referral_after_contact_working_days") == 2.0
    assert figures.figure("referral_after_contact_working_days")["denominator"] == 1  # A only
    assert figures.number("referrals_nfa_children") == 1  # B's referral ended NFA
    assert figures.number("assessments_started_children") == 1
    assert figures.number("assessment_after_referral_working_days") == 5.0
    # no outcome column on this List 4, and List 5 has not arrived: not available, not 0
    for figure_id in ("assessments_no_support_children", "s47_children", "icpc_children"):
        assert figures.number(figure_id) is None
        assert figures.figure(figure_id)["note"].startswith("Not available")


def _plans_and_needs() -> FigureSet:
    return _figures(
        cp=pl.DataFrame(
            {
                "child_id": ["P1", "P2", "P3"],
                # P1 under 2, P2 5 to 7, P3 8 and over at R
                "date_of_birth": [D(2025, 6, 1), D(2020, 6, 1), D(2015, 6, 1)],
                "cpp_start_date": [D(2026, 3, 1), D(2026, 4, 1), D(2026, 1, 1)],
                "cpp_end_date": [None, None, D(2026, 6, 1)],  # P3 ended before R
                "initial_abuse_category": ["EMO", "NEG", "PHY"],
                "latest_abuse_category": ["EMO", "EMO", "PHY"],
            }
        ),
        cin=pl.DataFrame(
            {
                "child_id": ["X", "X", "Y", "Z"],
                # X 2 to 4, Y with no date of birth, Z 8 and over
                "date_of_birth": [D(2023, 6, 1), D(2023, 6, 1), None, D(2016, 1, 1)],
                "primary_need": ["N1", "N1", "N4", None],
            }
        ),
    )


def test_plan_categories_and_primary_needs() -> None:
    figures = _plans_and_needs()
    # plans open at R: P1 (initial emotional, now emotional) and P2 (initial neglect, now emotional)
    assert _counts(figures, "cpp_open_count", "initial_abuse_category=") == {"NEG": 1, "EMO": 1}
    assert _counts(figures, "cpp_open_count", "latest_abuse_category=") == {"EMO": 2}
    # X's most frequent need N1, Y N4, Z none recorded
    assert _counts(figures, "cin_children", "primary_need=") == {
        "N1": 1,
        "N4": 1,
        "not_recorded": 1,
    }


def test_plan_categories_and_primary_needs_by_age_group() -> None:
    figures = _plans_and_needs()
    by_age = {
        g: figures.number("cpp_open_count", g)
        for g in figures.groups("cpp_open_count")
        if g.startswith("latest_abuse_category=EMO&age_group=")
        and not figures.figure("cpp_open_count", g)["is_empty"]
    }
    assert by_age == {
        "latest_abuse_category=EMO&age_group=under_2": 1,
        "latest_abuse_category=EMO&age_group=5_to_7": 1,
    }
    needs = {
        g: figures.number("cin_children", g)
        for g in figures.groups("cin_children")
        if g.startswith("primary_need=")
        and "&age_group" in g
        and not figures.figure("cin_children", g)["is_empty"]
    }
    assert needs == {
        "primary_need=N1&age_group=2_to_4": 1,
        "primary_need=N4&age_group=unknown": 1,
        "primary_need=not_recorded&age_group=8_plus": 1,
    }


def _young() -> FigureSet:
    return _figures(
        assessments=pl.DataFrame(
            {
                "child_id": ["U1", "U2", "K"],
                "date_of_birth": [D(2027, 2, 1), D(2026, 12, 20), D(2020, 1, 1)],
                "assessment_start_date": [D(2026, 10, 1), D(2026, 11, 10), D(2026, 9, 1)],
                "da_victim": ["No", "No", "Yes"],
            }
        ),
        s47=pl.DataFrame(
            {"child_id": ["U1"], "strategy_date": [D(2026, 10, 5)], "icpc_date": [D(2026, 10, 20)]}
        ),
        cp=pl.DataFrame(
            {
                "child_id": ["U2"],
                "cpp_start_date": [D(2026, 10, 31)],
                "cpp_end_date": [None],
            },
            schema_overrides={"cpp_end_date": pl.Date},
        ),
        not_in_fte=pl.DataFrame(
            {
                "child_id": ["K", "N2", "N3"],
                "date_of_birth": [D(2020, 1, 1), D(2023, 5, 1), D(2021, 3, 1)],
                "provision_type": [
                    "PART_TIME_TIMETABLE",
                    "EARLY_YEARS_FUNDED",
                    "ALTERNATIVE_PROVISION",
                ],
                "hours_per_week": [10.0, 15.0, 25.0],
                "exclusion_type": ["NONE", None, "PERMANENT"],
            }
        ),
        nominations=pl.DataFrame({"child_id": ["K"], "nomination_list": ["A"]}),
    )


def test_unborn_children_in_each_list_and_on_plans() -> None:
    figures = _young()
    # U1 and U2 are due after R; K is 6
    assert _counts(figures, "unborn_children", "list=") == {"assessments": 2, "s47": 1, "cp": 1}
    assert _counts(figures, "children_count", "list=") == {"assessments": 3, "s47": 1, "cp": 1}
    assert figures.number("unborn_cpp_open_children") == 1  # U2's plan is open


def test_pre_birth_timing_in_weeks_before_the_due_date() -> None:
    figures = _young()
    # U1 assessed 01/10/2026, due 01/02/2027: 123 days, 17 weeks. U2 assessed 10/11, due 20/12:
    # 40 days, 5 weeks. U1's conference 20/10: 104 days, 14 weeks. U2's plan 31/10: 50 days, 7 weeks.
    bands = ("up_to_4", "5_to_12", "more_than_12")
    timing = {
        figure_id: [figures.number(figure_id, f"weeks_before_birth={b}") for b in bands]
        for figure_id in (
            "unborn_assessments_count",
            "unborn_icpc_count",
            "unborn_cpp_started_count",
        )
    }
    assert timing == {
        "unborn_assessments_count": [0, 1, 1],
        "unborn_icpc_count": [0, 0, 1],
        "unborn_cpp_started_count": [0, 1, 0],
    }


def test_under_8s_not_in_full_time_education() -> None:
    figures = _young()
    # K: 6 (from the lists), domestic abuse recorded, nominated, reduced timetable, 10 hours;
    # N2: 3 (own date of birth), funded early years place, 15 hours, not known to CSC;
    # N3: 5, permanently excluded from alternative provision, 25 hours
    columns = (
        "not_in_fte_children",
        "not_in_fte_under25h",
        "not_in_fte_known_children",
        "not_in_fte_flagged_children",
        "not_in_fte_nominated_children",
    )
    summary = {
        band: [figures.number(f, f"age_band={band}") for f in columns]
        for band in ("under_5", "5_to_7")
    }
    assert summary == {"under_5": [1, 1, 0, 0, 0], "5_to_7": [2, 1, 1, 1, 1]}
    by_group = _counts(figures, "not_in_fte_children", "", crossed=True)
    assert {g: n for g, n in by_group.items() if g.startswith("reason=")} == {
        "reason=EARLY_YEARS_FUNDED&age_band=under_5": 1,
        "reason=PART_TIME_TIMETABLE&age_band=5_to_7": 1,
        "reason=PERMANENT&age_band=5_to_7": 1,
    }
    hours = {g: n for g, n in by_group.items() if g.startswith("hours_band=")}
    assert hours == {
        "hours_band=under_15&age_band=5_to_7": 1,
        "hours_band=15_to_under_25&age_band=under_5": 1,
        "hours_band=25_or_more&age_band=5_to_7": 1,
    }


def test_early_help_and_step_up() -> None:
    figures = _figures(
        early_help=pl.DataFrame(
            {
                "child_id": ["A", "C", "C"],
                "date_of_birth": [D(2025, 1, 1), D(2016, 1, 1), D(2016, 1, 1)],
                "eh_assessment_start_date": [D(2026, 5, 20), D(2026, 7, 1), D(2026, 8, 1)],
            }
        ),
        referrals=pl.DataFrame(
            {"child_id": ["A", "C"], "referral_date": [D(2026, 6, 3), D(2026, 6, 1)]}
        ),
    )
    # A (under 2) referred after early help began; C (8 and over) was referred before it
    assert _counts(figures, "early_help_count", "age_group=") == {"under_2": 1, "8_plus": 2}
    assert _counts(figures, "early_help_children", "age_group=") == {"under_2": 1, "8_plus": 1}
    assert figures.number("early_help_then_referred_children", "age_group=under_2") == 1
    assert figures.number("early_help_then_referred_children", "age_group=8_plus") == 0
