"""The explorer's functions: one child's journey across the lists, and cohort filters."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.dashboards.explore import all_events, events_for, filter_cohort, summarise
from jtai_analysis.model.prepared import PreparedData

D = dt.date


def _data() -> PreparedData:
    def frame(**columns: list) -> pl.DataFrame:  # type: ignore[type-arg]
        n = len(next(iter(columns.values())))
        return pl.DataFrame({"_sheet": ["S"] * n, "_row": list(range(2, n + 2)), **columns})

    return PreparedData(
        reference_date=D(2026, 11, 16),
        valid={
            "contacts": frame(
                child_id=["1", "2"],
                contact_date=[D(2026, 6, 1), D(2026, 6, 2)],
                contact_source=["6", "2A"],
            ),
            "referrals": frame(
                child_id=["1"],
                referral_date=[D(2026, 6, 3)],
                referral_source=["6"],
                referral_nfa=["No"],
            ),
            "cp": frame(
                child_id=["1"],
                cpp_start_date=[D(2026, 7, 1)],
                cpp_end_date=[None],
                initial_abuse_category=["EMO"],
                latest_abuse_category=["EMO"],
            ),
        },
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )


def test_a_childs_journey_is_in_date_order_with_its_source_rows() -> None:
    journey = events_for(all_events(_data()), " 1 ")
    assert journey.select("date", "list", "event", "row").rows() == [
        (D(2026, 6, 1), "List 1", "Contact", 2),
        (D(2026, 6, 3), "List 3", "Referral", 2),
        (D(2026, 7, 1), "List 7", "Child protection plan started", 2),
    ]
    assert journey["detail"][1] == "Source: Police; No further action: No"
    assert events_for(all_events(_data()), "999").is_empty()


def test_cohort_filters_combine() -> None:
    cohort = pl.DataFrame(
        {
            "child_id": ["1", "2", "3", "4"],
            "age_group": ["unborn", "under_2", "under_2", "8_plus"],
            "sex": ["U", "F", "M", "F"],
            "lists": ["cin;cp", "contacts", "cin", "cp"],
            "is_da": [True, False, True, True],
        }
    )
    assert filter_cohort(cohort)["child_id"].to_list() == ["1", "2", "3", "4"]
    assert filter_cohort(cohort, age_groups=("under_2",), is_da_only=True)[
        "child_id"
    ].to_list() == ["3"]
    assert filter_cohort(cohort, lists=("cp",))["child_id"].to_list() == ["1", "4"]
    assert filter_cohort(cohort, lists=("cin",), sexes=("M", "U"))["child_id"].to_list() == [
        "1",
        "3",
    ]
    assert summarise(filter_cohort(cohort, is_da_only=True)).rows() == [
        ("unborn", 1, 1),
        ("under_2", 1, 1),
        ("8_plus", 1, 1),
    ]
