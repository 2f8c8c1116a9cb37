"""Milestones against dates worked out by hand on a calendar (bank holidays in England)."""

import datetime as dt

import pytest

from jtai_analysis.inspection.timeline import bank_holiday_warnings, milestone_dates, phases

D = dt.date

# notification date -> milestone -> (date, time). Each row was counted by hand, working days
# skipping weekends and bank holidays in England.
EXPECTED = {
    # An ordinary Monday in November 2026; the letter period runs over Christmas 2026 and
    # the statement of action over Easter 2027 (26 and 29 March) and 3 May 2027.
    D(2026, 11, 16): {
        "notification": (D(2026, 11, 16), None),
        "lists_4_6_7_nominations_due": (D(2026, 11, 17), "17:00"),
        "select_20": (D(2026, 11, 18), "17:00"),
        "info_on_20_due": (D(2026, 11, 19), "17:00"),
        "lists_1_2_3_5_meetings_due": (D(2026, 11, 19), "17:00"),
        "select_6": (D(2026, 11, 20), "11:00"),
        "case_records_and_pmi_due": (D(2026, 11, 24), "17:00"),
        "audits_due": (D(2026, 11, 26), None),
        "fieldwork_start": (D(2026, 11, 30), None),
        "fieldwork_end": (D(2026, 12, 4), None),
        "draft_letter": (D(2026, 12, 29), None),
        "partnership_comments_due": (D(2027, 1, 12), None),
        "final_letter": (D(2027, 1, 21), None),
        "publication": (D(2027, 1, 26), None),
        "statement_of_action_due": (D(2027, 5, 4), None),
        "complaint_window_end": (D(2027, 2, 9), None),
    },
    # Christmas in week 2: fieldwork starts Wednesday 30 December, ends Thursday 31 (1 January is a holiday).
    D(2026, 12, 14): {
        "lists_4_6_7_nominations_due": (D(2026, 12, 15), "17:00"),
        "select_6": (D(2026, 12, 18), "11:00"),
        "case_records_and_pmi_due": (D(2026, 12, 22), "17:00"),
        "audits_due": (D(2026, 12, 24), None),
        "fieldwork_start": (D(2026, 12, 30), None),
        "fieldwork_end": (D(2026, 12, 31), None),
        "draft_letter": (D(2027, 1, 22), None),
        "partnership_comments_due": (D(2027, 2, 4), None),
        "final_letter": (D(2027, 2, 15), None),
        "publication": (D(2027, 2, 18), None),
        "statement_of_action_due": (D(2027, 5, 27), None),
        "complaint_window_end": (D(2027, 3, 4), None),
    },
    # Christmas Day is the Friday of week 1 and Boxing Day's substitute the Monday of week 2.
    D(2026, 12, 21): {
        "select_20": (D(2026, 12, 23), "17:00"),
        "select_6": (D(2026, 12, 29), "11:00"),  # Friday 25th is Christmas Day: next working day
        "case_records_and_pmi_due": (D(2026, 12, 29), "17:00"),
        "audits_due": (D(2026, 12, 31), None),
        "fieldwork_start": (D(2027, 1, 7), None),
        "fieldwork_end": (D(2027, 1, 8), None),
        "draft_letter": (D(2027, 1, 29), None),
        "partnership_comments_due": (D(2027, 2, 11), None),
        "final_letter": (D(2027, 2, 22), None),
        "publication": (D(2027, 2, 25), None),
        "statement_of_action_due": (D(2027, 6, 4), None),
        "complaint_window_end": (D(2027, 3, 11), None),
    },
    # Easter 2025: Good Friday is the Friday of week 1, Easter Monday the Monday of week 2.
    D(2025, 4, 14): {
        "info_on_20_due": (D(2025, 4, 17), "17:00"),
        "select_6": (D(2025, 4, 22), "11:00"),
        "case_records_and_pmi_due": (D(2025, 4, 22), "17:00"),
        "audits_due": (D(2025, 4, 24), None),
        "fieldwork_start": (D(2025, 4, 30), None),
        "fieldwork_end": (D(2025, 5, 2), None),
        "draft_letter": (D(2025, 5, 27), None),  # 5 and 26 May are bank holidays
        "partnership_comments_due": (D(2025, 6, 9), None),
        "final_letter": (D(2025, 6, 18), None),
        "publication": (D(2025, 6, 23), None),
        "statement_of_action_due": (D(2025, 9, 25), None),  # 25 August skipped
        "complaint_window_end": (D(2025, 7, 7), None),
    },
    # Early May bank holiday (4 May 2026) on the Monday of week 2; spring bank holiday 25 May.
    D(2026, 4, 27): {
        "lists_4_6_7_nominations_due": (D(2026, 4, 28), "17:00"),
        "select_6": (D(2026, 5, 1), "11:00"),
        "case_records_and_pmi_due": (D(2026, 5, 5), "17:00"),
        "audits_due": (D(2026, 5, 7), None),
        "fieldwork_start": (D(2026, 5, 12), None),
        "fieldwork_end": (D(2026, 5, 15), None),
        "draft_letter": (D(2026, 6, 8), None),
        "partnership_comments_due": (D(2026, 6, 19), None),
        "final_letter": (D(2026, 6, 30), None),
        "publication": (D(2026, 7, 3), None),
        "statement_of_action_due": (D(2026, 10, 7), None),
        "complaint_window_end": (D(2026, 7, 17), None),
    },
}


@pytest.mark.parametrize("notification", list(EXPECTED))
def test_milestones_match_hand_worked_dates(notification: dt.date) -> None:
    got = milestone_dates(notification)
    for milestone, (date, time) in EXPECTED[notification].items():
        assert (got[milestone].date, got[milestone].time) == (date, time), milestone


def test_every_interface_milestone_is_present_and_sourced() -> None:
    got = milestone_dates(D(2026, 11, 16))
    assert set(got) == set(EXPECTED[D(2026, 11, 16)])
    assert all(m.source.startswith("para") for m in got.values())


def test_bank_holiday_warnings_for_weeks_1_and_2() -> None:
    assert bank_holiday_warnings(D(2026, 11, 16)) == []
    easter = bank_holiday_warnings(D(2025, 4, 14))
    assert (
        len(easter) == 2
        and "Good Friday" in easter[0]
        and "week 1" in easter[0]
        and "week 2" in easter[1]
    )
    assert any("week 2" in w for w in bank_holiday_warnings(D(2026, 4, 27)))


def test_complaint_window_runs_from_the_final_letter_to_10_working_days_after_publication() -> None:
    """Para 136: a complaint may be made from the final letter to 10 working days after publication.
    Publication Tue 26 Jan 2027; ten working days on (no bank holidays) is Tue 9 Feb 2027."""
    got = milestone_dates(D(2026, 11, 16))
    assert got["complaint_window_end"].title == (
        "Last day to complain (10 working days after publication)"
    )
    assert got["complaint_window_end"].date == D(2027, 2, 9)
    window = next(p for p in phases(D(2026, 11, 16)) if p[0].startswith("Complaint window"))
    assert window == (
        "Complaint window: final letter to 10 working days after publication",
        D(2027, 1, 21),
        D(2027, 2, 9),
    )
