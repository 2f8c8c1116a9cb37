"""The timeline file (``catalogue/timeline.yml``): refused with the file and key named when wrong,
and its rules give the days the guidance gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jtai_analysis.catalogue import timeline as timeline_file
from jtai_analysis.catalogue.checked_yaml import ContractError
from jtai_analysis.catalogue.timeline import read_timeline_file
from jtai_analysis.inspection.timeline import milestone_dates, phases

D = dt.date

_PACKAGED = Path(timeline_file.__file__).with_name("timeline.yml")

# A small file of the right shape: one milestone of each rule, and a phase.
_SMALL = """\
milestones:
- id: notification
  title: Inspection notified
  at: notification
  source: para 28
- id: select_20
  title: Lead inspector selects 20 children
  week: 1
  weekday: Wednesday
  time: "17:00"
  source: para 115
- id: fieldwork_end
  title: Fieldwork ends
  at: fieldwork_end
  source: para 25
- id: draft_letter
  title: Draft letter
  working_days: 15
  after: fieldwork_end
  source: para 100
phases:
- title: "Week 1"
  first: notification
  last: week_1
"""


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "timeline.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_of_the_right_shape_reads_as_typed_rules(tmp_path: Path) -> None:
    timeline = read_timeline_file(_written(tmp_path, _SMALL))
    select_20 = timeline.milestones[1]
    assert (select_20.week, select_20.weekday, select_20.time) == (1, "Wednesday", "17:00")
    assert (timeline.milestones[3].working_days, timeline.milestones[3].after) == (
        15,
        "fieldwork_end",
    )


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        # a key the model does not declare
        (
            ("  weekday: Wednesday", "  wekday: Wednesday"),
            r"milestones\[select_20\]",
            r"unknown key 'wekday' \(did you mean 'weekday'\?\)",
        ),
        # a day that is not a weekday: no milestone falls at a weekend
        (
            ("  weekday: Wednesday", "  weekday: Saturday"),
            r"milestones\[select_20\]\.weekday",
            r"unknown weekday 'Saturday'",
        ),
        # a weekday of a week the inspection does not have before fieldwork
        (("  week: 1", "  week: 3"), r"milestones\[select_20\]\.week", r"unknown week 3"),
        (("  weekday: Wednesday\n", ""), r"milestones\[select_20\]\.weekday", "is missing"),
        (
            (
                "  at: fieldwork_end\n",
                "  at: fieldwork_end\n  working_days: 2\n  after: select_20\n",
            ),
            r"milestones\[fieldwork_end\]",
            "needs one rule for its day",
        ),
        # counting from a milestone below it (or from none) cannot be worked out in one pass
        (
            ("  after: fieldwork_end", "  after: fieldwork_start"),
            r"milestones\[draft_letter\]\.after",
            r"'fieldwork_start' is not a milestone above this one",
        ),
        (('time: "17:00"', 'time: "5pm"'), r"milestones\[select_20\]\.time", "HH:MM"),
        (("  last: week_1", "  last: week_3"), r"phases\[0\]\.last", "unknown milestone or week"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_file_and_key(
    tmp_path: Path, change: tuple[str, str], where: str, problem: str
) -> None:
    old, new = change
    assert old in _SMALL  # the change must apply, or the test would pass on the good file
    with pytest.raises(ContractError, match=rf"^timeline\.yml: {where}: .*{problem}"):
        read_timeline_file(_written(tmp_path, _SMALL.replace(old, new, 1)))


def test_the_packaged_file_is_the_one_read() -> None:
    assert read_timeline_file() == read_timeline_file(_PACKAGED)


# Notified on Monday 2 March 2026, worked out by hand on a calendar. Day 1 is the notification
# (para 28); fieldwork starts 10 working days later, Monday 16 March (3-6 and 9-13 March are 9
# working days, the 16th the 10th), so week 1 is 2-6 March, week 2 is 9-13 March and fieldwork
# 16-20 March. Bank holidays after it: Good Friday 3 April and Easter Monday 6 April, 4 and
# 25 May 2026.
NOTIFIED = D(2026, 3, 2)
GUIDANCE_DAYS = {
    "notification": (D(2026, 3, 2), None),  # para 28: day 1
    "lists_4_6_7_nominations_due": (D(2026, 3, 3), "17:00"),  # paras 111-112: 5pm Tuesday, week 1
    "select_20": (D(2026, 3, 4), "17:00"),  # para 115: 5pm on Wednesday
    "info_on_20_due": (D(2026, 3, 5), "17:00"),  # para 115: 5pm on Thursday
    "lists_1_2_3_5_meetings_due": (D(2026, 3, 5), "17:00"),  # para 121: 5pm Thursday, week 1
    "select_6": (D(2026, 3, 6), "11:00"),  # para 116: 11am on Friday in week one
    "case_records_and_pmi_due": (D(2026, 3, 10), "17:00"),  # paras 118, 123: 5pm Tuesday, week 2
    "audits_due": (D(2026, 3, 12), None),  # para 119: end of Thursday in week 2
    "fieldwork_start": (D(2026, 3, 16), None),  # para 28: 10 working days after day 1
    "fieldwork_end": (D(2026, 3, 20), None),  # para 25: week 3
    # para 100, working days after fieldwork (20 March): 15 is Tuesday 14 April (3 and 6 April
    # skipped), 24 Monday 27 April, 31 Thursday 7 May (4 May skipped), 34 Tuesday 12 May
    "draft_letter": (D(2026, 4, 14), None),
    "partnership_comments_due": (D(2026, 4, 27), None),
    "final_letter": (D(2026, 5, 7), None),
    "publication": (D(2026, 5, 12), None),
    # para 103: 70 working days from the final letter (7 May; 25 May skipped): Friday 14 August
    "statement_of_action_due": (D(2026, 8, 14), None),
    # para 136: 10 working days after publication (12 May; 25 May skipped): Wednesday 27 May
    "complaint_window_end": (D(2026, 5, 27), None),
}


def test_the_milestones_fall_on_the_days_of_the_guidance() -> None:
    got = milestone_dates(NOTIFIED)
    assert {key: (m.date, m.time) for key, m in got.items()} == GUIDANCE_DAYS


def test_the_phases_run_over_the_weeks_of_the_guidance() -> None:
    assert phases(NOTIFIED)[:3] == [
        ("Week 1: lists, nominations, selection", D(2026, 3, 2), D(2026, 3, 6)),
        ("Week 2: case records, audits", D(2026, 3, 9), D(2026, 3, 13)),
        ("Week 3: fieldwork", D(2026, 3, 16), D(2026, 3, 20)),
    ]
