"""The information-request tracker: statuses against the week 2 deadline, and forgiving item numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jtai_analysis.ingest.submission import ingest
from jtai_analysis.inspection.request_tracker import (
    canonical_item_number,
    deadline,
    status_by_agency,
    tracker_status,
)

NOTIFIED = dt.date(2026, 11, 16)  # items due Tuesday 24 November 2026, 17:00
HEADER = (
    "Item number,Agency,Item,Date received,File name(s),Notes,Not applicable to this area? (Y/N)"
)


def _tracker(tmp_path: Path, *rows: str):  # type: ignore[no-untyped-def]
    (tmp_path / "tracker.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return ingest([tmp_path / "tracker.csv"]).frame("requests")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.1", "1.1"),
        ("1.10", "1.10"),
        (" Item 1.10 ", "1.10"),
        ("1,10", "1.10"),
        ("01.10", "1.10"),
        ("item no. 3.2", "3.2"),
        ("1.1.", "1.1"),
        ("1", None),
        ("abc", None),
        (None, None),
    ],
)
def test_item_numbers_read_forgivingly(text: str | None, expected: str | None) -> None:
    assert canonical_item_number(text) == expected


def test_deadline_is_tuesday_of_week_2_at_five() -> None:
    assert deadline(NOTIFIED) == dt.datetime(2026, 11, 24, 17, 0)
    assert deadline(dt.date(2025, 4, 14)) == dt.datetime(
        2025, 4, 22, 17, 0
    )  # Easter Monday is in week 2, not Tuesday


def test_statuses_before_and_after_the_deadline(tmp_path: Path) -> None:
    tracker = _tracker(
        tmp_path,
        "1.1,Local authority,Local authority organisational structures,20/11/2026,1_1.pdf,,",
        "1.2,Local authority,Management information reports,,,,",
        "2.7,Multi-agency safeguarding arrangements,Reviews,,,none held,Y",
    )
    before, _ = tracker_status(tracker, NOTIFIED, dt.datetime(2026, 11, 24, 16, 59))
    after, _ = tracker_status(tracker, NOTIFIED, dt.datetime(2026, 11, 24, 17, 1))
    status_before = dict(before.select("Item", "Status").iter_rows())
    status_after = dict(after.select("Item", "Status").iter_rows())
    assert (status_before["1.1"], status_before["1.2"], status_before["2.7"]) == (
        "received",
        "outstanding",
        "out of scope",
    )
    assert (status_after["1.1"], status_after["1.2"], status_after["2.7"]) == (
        "received",
        "overdue",
        "out of scope",
    )
    assert before.height == 50 and status_after["5.9"] == "overdue"
    by_agency = status_by_agency(after)
    assert by_agency["Agency"].to_list()[0] == "The local authority"
    la = by_agency.row(0, named=True)
    assert (la["Received"], la["Overdue"], la["Out of scope"]) == (1, 10, 0)
    assert (
        by_agency.select("Received", "Outstanding", "Overdue", "Out of scope")
        .sum()
        .sum_horizontal()
        .item()
        == 50
    )


def test_missing_extra_misspelt_and_repeated_items_get_clear_messages(tmp_path: Path) -> None:
    tracker = _tracker(
        tmp_path,
        "Item 1.10,,,21/11/2026,,,",  # misspelt but readable
        "6.1,,,21/11/2026,,,",  # not an item of the guidance
        "see email,,,21/11/2026,,,",  # not an item number at all
        "1.10,,,22/11/2026,,,",  # repeated
    )
    status, messages = tracker_status(tracker, NOTIFIED, dt.datetime(2026, 11, 23, 9))
    texts = [m.message for m in messages]
    assert "Row 2: item number 'Item 1.10' read as 1.10." in texts
    assert "Row 3: item 6.1 is not one of items 1.1 to 5.9; the row was not used." in texts
    assert "Row 4: 'see email' is not an item number like 1.1; the row was not used." in texts
    assert "Row 5: item 1.10 appears again (first on row 2); the first row was used." in texts
    assert any(
        t.startswith("Not in the tracker, so counted as not received: items 1.1, 1.2,")
        for t in texts
    )
    row = status.filter(status["Item"] == "1.10").row(0, named=True)
    assert (row["Status"], row["Received"]) == ("received", dt.date(2026, 11, 21))


def test_no_tracker_yet_means_everything_outstanding() -> None:
    status, messages = tracker_status(None, NOTIFIED, dt.datetime(2026, 11, 17, 9))
    assert set(status["Status"]) == {"outstanding"} and messages == []
