"""Week 2 honest (issue 25, item 6): "not known" when the week 2 tracker has not arrived, and the items
of paras 116-120 the tracker lacked.

Dates worked out by hand from a notification on Mon 16 Nov 2026 (`jtai timeline`): week 2 is 23-27
Nov, case records due Tue 24 Nov 17:00, audits Thu 26 Nov, fieldwork 30 Nov - Fri 4 Dec.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.inspection.week2_tracker import (
    expected_items,
    multi_agency_discussions,
    week2_status,
)

NOTIFIED = dt.date(2026, 11, 16)
FRIDAY_WEEK_2 = dt.date(2026, 11, 27)
AFTER_FIELDWORK = dt.date(2026, 12, 7)


def _tracker(rows: list[tuple[str, str, str, dt.date | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"child_id": pl.String, "agency": pl.String, "week2_item": pl.String,
                "done_date": pl.Date},
        orient="row",
    )  # fmt: skip


def _statuses(status: pl.DataFrame) -> dict[tuple[str, str, str], str]:
    return {(r["child_id"], r["agency"], r["week2_item"]): r["status"] for r in status.to_dicts()}


def test_with_no_tracker_items_past_their_date_are_not_known_never_overdue() -> None:
    status = _statuses(week2_status({"K1": ["CSC"]}, None, NOTIFIED, FRIDAY_WEEK_2))
    # on Fri 27 Nov the records (24th) and audits (26th) are past due, but nothing says whether
    # they were shared: not known. The practitioner discussion (4 Dec) is not yet due.
    assert status[("K1", "CSC", "LA_CASE_RECORDS")] == "not known"
    assert status[("K1", "MASA", "MULTI_AGENCY_AUDIT")] == "not known"
    assert status[("K1", "CSC", "PRACTITIONER_DISCUSSION")] == "not yet due"
    assert "overdue" not in status.values()


def test_a_tracker_that_has_arrived_still_shows_overdue() -> None:
    tracker = _tracker([("K1", "CSC", "LA_CASE_RECORDS", None)])
    status = _statuses(week2_status({"K1": ["CSC"]}, tracker, NOTIFIED, FRIDAY_WEEK_2))
    assert status[("K1", "CSC", "LA_CASE_RECORDS")] == "overdue"


def test_the_items_of_paras_116_to_120_are_expected() -> None:
    items = expected_items({"K1": ["CSC", "POLICE"], "K2": ["CSC", "PROBATION"]})
    k1 = set(items.filter(pl.col("child_id") == "K1").select("agency", "week2_item").iter_rows())
    k2 = set(items.filter(pl.col("child_id") == "K2").select("agency", "week2_item").iter_rows())
    # para 116: information from the ambulance service for each of the 6
    assert ("HEALTH", "AMBULANCE_INFO") in k1 and ("HEALTH", "AMBULANCE_INFO") in k2
    # para 118, the police: referral information besides logs, risk assessments and MARAC minutes
    assert ("POLICE", "POLICE_REFERRALS") in k1 and ("POLICE", "POLICE_REFERRALS") not in k2
    # para 118, the local authority: the most recent pre-sentence report about a relevant adult,
    # where applicable, i.e. when probation is involved
    assert ("CSC", "PRE_SENTENCE_REPORT") in k2 and ("CSC", "PRE_SENTENCE_REPORT") not in k1
    paragraphs = dict(items.select("week2_item", "paragraph").unique().iter_rows())
    assert (paragraphs["AMBULANCE_INFO"], paragraphs["PRE_SENTENCE_REPORT"]) == (116, 118)


def test_para_120_at_least_three_multi_agency_discussions() -> None:
    six = {f"K{i}": ["CSC", "POLICE"] for i in range(1, 7)}
    held = _tracker(
        [
            ("K1", "MASA", "MULTI_AGENCY_DISCUSSION", dt.date(2026, 12, 1)),
            ("K2", "MASA", "MULTI_AGENCY_DISCUSSION", dt.date(2026, 12, 2)),
            ("K2", "POLICE", "MULTI_AGENCY_DISCUSSION", dt.date(2026, 12, 2)),  # the same child
            ("K3", "MASA", "MULTI_AGENCY_DISCUSSION", None),  # planned, not yet held
        ]
    )
    status = week2_status(six, held, NOTIFIED, AFTER_FIELDWORK)
    # a discussion recorded for a child of the 6 is expected, never "not expected"
    discussion = status.filter(pl.col("week2_item") == "MULTI_AGENCY_DISCUSSION")
    assert not discussion["status"].str.starts_with("not expected").any()
    # two children's discussions held (K1, K2) of the 3 the guidance asks for, fieldwork over
    check = multi_agency_discussions(status, True, NOTIFIED, AFTER_FIELDWORK)
    assert (check.held, check.needed, check.status) == (2, 3, "not met")
    during = multi_agency_discussions(status, True, NOTIFIED, dt.date(2026, 12, 1))
    assert during.status == "not yet due"
    three = week2_status(
        six,
        pl.concat(
            [held, _tracker([("K4", "MASA", "MULTI_AGENCY_DISCUSSION", dt.date(2026, 12, 3))])]
        ),
        NOTIFIED,
        AFTER_FIELDWORK,
    )
    assert multi_agency_discussions(three, True, NOTIFIED, AFTER_FIELDWORK).status == "met"
    unknown = multi_agency_discussions(
        week2_status(six, None, NOTIFIED, AFTER_FIELDWORK), False, NOTIFIED, AFTER_FIELDWORK
    )
    assert (unknown.held, unknown.status) == (None, "not known")
