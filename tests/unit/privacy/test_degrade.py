"""Degrading for sharing: dates of birth to the first of their month, postcodes to their sector."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import Column, ListContract
from jtai_analysis.privacy.degrade import degrade_for_sharing, postcode_sector


@pytest.mark.parametrize(
    ("postcode", "sector"),
    [
        ("SW1A 1AA", "SW1A 1"),
        ("sw1a1aa", "SW1A 1"),  # any case, no space
        ("  M1  1AE ", "M1 1"),
        ("B33 8TH", "B33 8"),
        ("CR2 6XH", "CR2 6"),
        ("DN55 1PT", "DN55 1"),
        ("EC1A 1BB", "EC1A 1"),
        ("W1A 0AX", "W1A 0"),
        ("SW1A 1", "SW1A 1"),  # already a sector
        ("LS1", "LS1"),  # a district alone: already less precise
        ("Flat 2, 10 High Street", None),  # not a postcode: nothing safe to keep
        ("", None),
        (None, None),
    ],
)
def test_postcode_sector(postcode: str | None, sector: str | None) -> None:
    assert postcode_sector(postcode) == sector


def _contract() -> ListContract:
    columns = (
        Column(key="child_id", header="Child Unique ID", type="id", blank=False),
        Column(
            key="date_of_birth",
            header="Date of Birth",
            type="date",
            blank=True,
            when_shared="first_of_month",
        ),
        Column(
            key="home_postcode",
            header="Postcode",
            type="text",
            blank=True,
            when_shared="postcode_sector",
        ),
        Column(key="contact_date", header="Date of Contact", type="date", blank=False),
    )
    return ListContract(
        list="contacts",
        annex_a="1",
        title="Contacts",
        description="",
        columns=columns,
        signature=("child_id",),
    )


def test_only_the_columns_marked_for_sharing_are_degraded() -> None:
    frame = pl.DataFrame(
        {
            "child_id": ["1001", "1002", "1003"],
            "date_of_birth": [dt.date(2020, 4, 17), dt.date(2024, 2, 29), None],
            "home_postcode": ["SW1A 1AA", "not known", None],
            "contact_date": [dt.date(2026, 10, 21), dt.date(2026, 11, 13), dt.date(2026, 6, 30)],
            "row": [5, 6, 7],
        }
    )
    degraded = degrade_for_sharing(frame, _contract())
    assert degraded["date_of_birth"].to_list() == [dt.date(2020, 4, 1), dt.date(2024, 2, 1), None]
    assert degraded["home_postcode"].to_list() == ["SW1A 1", None, None]
    for unchanged in ("child_id", "contact_date", "row"):
        assert degraded[unchanged].to_list() == frame[unchanged].to_list()
