"""The one reference-date rule (issue 21, item 1), on lists written by hand as CSV files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jtai_analysis.ingest.submission import ingest
from jtai_analysis.validation.reference import (
    ReferenceDate,
    distance_note,
    resolve_reference_date,
)

D = dt.date
HEADER = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source"
# Ages as the public SF samples hold them, true at 16/03/2021 (worked in test_date_from_ages.py);
# contacts in September 2020.
ROWS = [
    "9212044,Female,a) WBRI,25/01/2015,6.138261465,16/09/2020,q) 6: Police",
    "10600594,b) Female,a) WBRI,27/06/2015,5.719370294,17/09/2020,q) 6: Police",
    "612306,a) Male,a) WBRI,05/03/2009,12.030116359,18/09/2020,e) 2A: Schools",
]


def _contacts(folder: Path, rows: list[str], title: str | None = None) -> Path:
    path = folder / "list1.csv"
    lines = ([title, ""] if title else []) + [HEADER, *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_date_given_is_used_as_given(tmp_path: Path) -> None:
    found = resolve_reference_date(D(2021, 4, 1), ingest([_contacts(tmp_path, ROWS)]))
    assert (found.date, found.source) == (D(2021, 4, 1), "given")


def test_pack_and_batch_use_the_notification_date_before_the_data(tmp_path: Path) -> None:
    submission = ingest([_contacts(tmp_path, ROWS, "Period: 16/09/2020 to 16/03/2021")])
    found = resolve_reference_date(None, submission, notification=D(2021, 3, 22))
    assert (found.date, found.source) == (D(2021, 3, 22), "notification")


def test_a_title_rows_period_end_comes_before_the_ages(tmp_path: Path) -> None:
    submission = ingest([_contacts(tmp_path, ROWS, "Period: 10/09/2020 to 10/03/2021")])
    found = resolve_reference_date(None, submission)
    assert (found.date, found.source) == (D(2021, 3, 10), "title_row")
    assert found.sentence == "reference date 10/03/2021, the period end in the title row of List 1"


def test_without_a_title_row_the_ages_say_when_the_lists_were_extracted(tmp_path: Path) -> None:
    found = resolve_reference_date(None, ingest([_contacts(tmp_path, ROWS)]))
    assert (found.date, found.source) == (D(2021, 3, 16), "ages")
    assert found.sentence == (
        "reference date 16/03/2021, inferred from ages and dates of birth in List 1"
    )


def test_without_ages_the_latest_event_date_is_used(tmp_path: Path) -> None:
    rows = [",".join(r.split(",")[:4] + [""] + r.split(",")[5:]) for r in ROWS]
    found = resolve_reference_date(None, ingest([_contacts(tmp_path, rows)]))
    assert (found.date, found.source) == (D(2020, 9, 18), "latest_event")
    assert "latest event date" in found.sentence


def test_a_future_typo_is_not_the_latest_event(tmp_path: Path) -> None:
    rows = [",".join(r.split(",")[:4] + [""] + r.split(",")[5:]) for r in ROWS]
    rows.append("1,Male,a) WBRI,,,18/09/2092,q) 6: Police")
    found = resolve_reference_date(None, ingest([_contacts(tmp_path, rows)]), today=D(2026, 12, 3))
    assert found.date == D(2020, 9, 18)


def test_today_only_when_nothing_else_exists(tmp_path: Path) -> None:
    rows = ["1,Male,a) WBRI,,,not a date,q) 6: Police"]
    found = resolve_reference_date(None, ingest([_contacts(tmp_path, rows)]), today=D(2026, 12, 3))
    assert (found.date, found.source) == (D(2026, 12, 3), "today")


@pytest.mark.parametrize(
    ("used", "pointed", "says"),
    [
        (D(2021, 3, 22), D(2021, 3, 16), False),  # six days apart: nothing to say
        (D(2021, 3, 23), D(2021, 3, 16), False),  # seven: still a week
        (D(2021, 3, 24), D(2021, 3, 16), True),  # eight
        (D(2021, 3, 1), D(2021, 3, 16), True),  # the date used before the lists' date
    ],
)
def test_the_pack_says_when_the_date_used_and_the_lists_date_are_over_a_week_apart(
    used: dt.date, pointed: dt.date, says: bool
) -> None:
    note = distance_note(
        ReferenceDate(used, "notification", "the notification date"),
        ReferenceDate(pointed, "ages", "inferred from ages and dates of birth in List 1"),
    )
    assert (note is not None) is says
    if note:
        assert "16/03/2021" in note and "--reference-date 2021-03-16" in note
