"""Four hand-built children shared by the dashboards' unit tests (expected values worked out by hand)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.dashboards import cohort_view, explore
from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import prepared, with_sheet_rows

D = dt.date


@pytest.fixture(scope="module")
def four_children() -> PreparedData:
    """Four children: 1 on an open plan, 2 with a closed CIN episode, 3 contacts only, 4 unborn."""
    return prepared(
        contacts=with_sheet_rows(
            child_id=["1", "2", "3", "4"],
            contact_date=[D(2026, 6, 1), D(2026, 6, 2), D(2026, 9, 1), D(2026, 10, 1)],
            contact_source=["6", "2A", "6", "3B"],
        ),
        cin=with_sheet_rows(
            child_id=["2"],
            cin_start_date=[D(2026, 6, 10)],
            cin_closure_date=[D(2026, 8, 1)],
            da_victim=["No"],  # the domestic abuse field is readable
        ),
        cp=with_sheet_rows(
            child_id=["1"],
            cpp_start_date=[D(2026, 7, 1)],
            cpp_end_date=[None],
        ),
        nominations=with_sheet_rows(child_id=["1"], nomination_list=["B"]),
        quarantined=pl.DataFrame(
            {
                "list": ["referrals"],
                "child_id": ["9"],
                "sheet": ["List 3"],
                "row": [14],
                "reasons": ["referral date is after the reference date"],
            }
        ),
    )


def _cohort() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "child_id": ["1", "2", "3", "4"],
            "sex": ["M", "F", None, "I"],
            "ethnicity": ["WBRI", "BAFR", None, "MWBC"],
            "disability": ["No", "Yes", "Unknown", None],
            "lists": ["contacts;cp", "cin;contacts", "contacts", "contacts"],
            "is_da": [True, False, False, True],
            "age_group": ["under_2", "5_to_7", "8_plus", "unborn"],
        }
    )


@pytest.fixture(scope="module")
def table(four_children: PreparedData) -> pl.DataFrame:
    """The explorer's table of the four children: 1 and 2 in the 20, 1 in the 6."""
    return cohort_view.cohort_table(
        _cohort(), four_children, explore.all_events(four_children), twenty=("1", "2"), six=("1",)
    )
