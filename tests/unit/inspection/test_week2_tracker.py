"""Week 2 for the 6 and fieldwork-week meetings, on hand-built cases (dates worked out by hand from
`jtai timeline --notification-date 2026-11-16`: case records due Tue 24 Nov 2026, audits Thu 26 Nov,
fieldwork ends Fri 4 Dec)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.inspection.week2_tracker import expected_items, week2_status

NOTIFIED = dt.date(2026, 11, 16)
RECORDS_DUE, AUDITS_DUE = dt.date(2026, 11, 24), dt.date(2026, 11, 26)


def test_expected_items_follow_the_agencies_involved() -> None:
    items = expected_items({"K1": ["CSC", "POLICE"], "K2": ["CSC", "HEALTH", "PROBATION"]})
    k1 = set(items.filter(pl.col("child_id") == "K1").select("agency", "week2_item").iter_rows())
    # always: LA case records, chronology (CSC), multi-agency audit (MASA), ambulance service
    # information (HEALTH, para 116); police: 4 items (referral information, para 118);
    # each involved agency (CSC, POLICE): a single-agency audit and a practitioner discussion.
    assert k1 == {
        ("CSC", "LA_CASE_RECORDS"), ("CSC", "CHRONOLOGY"), ("MASA", "MULTI_AGENCY_AUDIT"),
        ("HEALTH", "AMBULANCE_INFO"),
        ("POLICE", "POLICE_LOGS"), ("POLICE", "RISK_ASSESSMENT"), ("POLICE", "MARAC_MINUTES"),
        ("POLICE", "POLICE_REFERRALS"),
        ("CSC", "SINGLE_AGENCY_AUDIT"), ("POLICE", "SINGLE_AGENCY_AUDIT"),
        ("CSC", "PRACTITIONER_DISCUSSION"), ("POLICE", "PRACTITIONER_DISCUSSION"),
    }  # fmt: skip
    k2 = items.filter(pl.col("child_id") == "K2")
    assert k2.filter(pl.col("week2_item") == "PROBATION_RECORDS").height == 1
    assert k2.filter(pl.col("agency") == "POLICE").is_empty()


def test_status_against_the_timeline() -> None:
    tracker = pl.DataFrame(
        {
            "child_id": ["K1", "K1", "K1", "ZZ"],
            "agency": ["CSC", "CSC", "MASA", "CSC"],
            "week2_item": ["LA_CASE_RECORDS", "CHRONOLOGY", "MULTI_AGENCY_AUDIT", "CHRONOLOGY"],
            "done_date": [RECORDS_DUE, dt.date(2026, 11, 25), None, RECORDS_DUE],
        }
    )
    as_of = dt.date(2026, 11, 25)  # Wednesday of week 2: records due yesterday, audits tomorrow
    status = week2_status({"K1": ["CSC"]}, tracker, NOTIFIED, as_of)
    by_item = {
        (r["child_id"], r["agency"], r["week2_item"]): r for r in status.iter_rows(named=True)
    }
    assert by_item[("K1", "CSC", "LA_CASE_RECORDS")]["status"] == "done"
    assert by_item[("K1", "CSC", "LA_CASE_RECORDS")]["due_date"] == RECORDS_DUE
    assert by_item[("K1", "CSC", "CHRONOLOGY")]["status"] == "done late"
    assert by_item[("K1", "MASA", "MULTI_AGENCY_AUDIT")]["status"] == "not yet due"
    assert by_item[("K1", "MASA", "MULTI_AGENCY_AUDIT")]["due_date"] == AUDITS_DUE
    assert by_item[("ZZ", "CSC", "CHRONOLOGY")]["status"].startswith("not expected")
    late = week2_status({"K1": ["CSC"]}, None, NOTIFIED, dt.date(2026, 11, 27))
    overdue = late.filter(pl.col("status") == "not known")["week2_item"].to_list()
    # no tracker: on Fri 27 Nov the records (24th) and audits (26th) are past due but whether they
    # were shared is not known (issue 25); the practitioner discussion (4 Dec) is not yet due
    assert sorted(overdue) == [
        "AMBULANCE_INFO",
        "CHRONOLOGY",
        "LA_CASE_RECORDS",
        "MULTI_AGENCY_AUDIT",
        "SINGLE_AGENCY_AUDIT",
    ]
    assert late.height == 6
