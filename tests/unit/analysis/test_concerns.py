"""How concerns arrive: contacts and referrals by source, repeat contacts, police share by age.

Small hand-built lists; every expected value is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis import concerns
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared

D = dt.date


@pytest.fixture
def arrivals() -> PreparedData:
    return prepared(
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


def test_contacts_and_referrals_by_source(arrivals: PreparedData) -> None:
    table = concerns.by_source(arrivals, R)
    assert table is not None
    # in the window: contacts 6, 3B, 6, 2A (4 rows); referrals 6, 3A (2 rows); code-list order
    assert table.select(
        "Source", "Contacts", "% of contacts", "Referrals", "% of referrals"
    ).rows() == [
        ("2A: Schools", 1, 25.0, 0, 0.0),
        ("3A: Health services - GP", 0, 0.0, 1, 50.0),
        ("3B: Health services - health visitor", 1, 25.0, 0, 0.0),
        ("6: Police", 2, 50.0, 1, 50.0),
    ]
    assert table["Group"].to_list() == ["Schools", "Health services", "Health services", "Police"]


def test_repeat_contacts_and_conversion(arrivals: PreparedData) -> None:
    repeats = concerns.repeat_contacts(arrivals, R)
    assert repeats is not None and repeats.rows() == [("1", 1), ("2", 0), ("3 or more", 1)]
    conversion = concerns.contact_to_referral(arrivals, R)
    # contacted A and B; of them only A was referred (D was referred without a contact)
    assert conversion is not None and conversion.row(0) == (2, 1, 50.0)


def test_police_share_by_age_group(arrivals: PreparedData) -> None:
    police = concerns.police_share_by_group(arrivals, R, children(arrivals, R), ("6",))
    assert police is not None
    # A (under 2): 3 contacts, 2 from police; B (8 and over): 1 contact from a school
    assert police.select("Age group", "Contacts", "From police", "% from police").rows() == [
        ("Under 2", 3, 2, 66.7),
        ("8 and over", 1, 0, 0.0),
    ]


def test_lists_not_arrived_give_none_not_zero() -> None:
    empty = prepared()
    assert concerns.by_source(empty, R) is None
    assert concerns.repeat_contacts(empty, R) is None
