"""Front door figures on synthetic areas, against an independent computation written here in plain
Python from the definitions in ``design/interfaces.md`` (no polars, no code under test)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.common.derive import window_start
from jtai_analysis.model.prepared import PreparedData, prepare
from tests.conftest import REFERENCE_DATE

R = REFERENCE_DATE
START = window_start(R)
WEEKLY = {
    "contacts_by_week": ("contacts", "contact_date"),
    "referrals_by_week": ("referrals", "referral_date"),
    "assessments_started_by_week": ("assessments", "assessment_start_date"),
    "s47_by_week": ("s47", "strategy_date"),
}
DOORS = {
    "contact_to_referral_30d_pct": (
        ("contacts", "contact_date", "contact_source"),
        ("referrals", "referral_date"),
    ),
    "referral_to_assessment_30d_pct": (
        ("referrals", "referral_date", "referral_source"),
        ("assessments", "assessment_start_date"),
    ),
    "referral_to_s47_30d_pct": (
        ("referrals", "referral_date", "referral_source"),
        ("s47", "strategy_date"),
    ),
}
# (letter, list, date) in the order of steps on one date
STEPS = (
    ("E", "early_help", "eh_assessment_start_date"),
    ("C", "contacts", "contact_date"),
    ("R", "referrals", "referral_date"),
    ("A", "assessments", "assessment_start_date"),
    ("S", "s47", "strategy_date"),
    ("I", "s47", "icpc_date"),
    ("P", "cp", "cpp_start_date"),
)


def _in_window(day: dt.date | None) -> bool:
    return day is not None and START <= day <= R


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _rows(data: PreparedData, list_key: str) -> list[dict[str, Any]]:
    frame = data.frame(list_key)
    return [] if frame is None else frame.to_dicts()


@pytest.fixture(scope="module", params=["small_xlsx", "small_dirty_csv"])
def area(request: pytest.FixtureRequest) -> tuple[PreparedData, FigureSet, set[str]]:
    folder: Path = request.getfixturevalue(request.param)
    data, _ = prepare([folder], R)
    inputs = figure_inputs(data, R)
    focus = set(inputs.cohort.filter(inputs.cohort["is_focus"])["child_id"].cast(str))
    only = [*WEEKLY, *DOORS, "journey_patterns", "front_door_returns_children"]
    return data, compute_figures(inputs, only=only), focus


def _count(figures: FigureSet, figure_id: str, group: str) -> int | None:
    row = figures.figure(figure_id, group)
    return None if row is None else int(row["numerator"])


def test_weekly_counts(area: tuple[PreparedData, FigureSet, set[str]]) -> None:
    data, figures, focus = area
    weeks = []
    monday = START - dt.timedelta(days=START.weekday())
    while monday <= R:
        weeks.append(_week(monday))
        monday += dt.timedelta(days=7)
    for figure_id, (list_key, date) in WEEKLY.items():
        dated = [row for row in _rows(data, list_key) if _in_window(row[date])]
        every = Counter(_week(row[date]) for row in dated)
        focused = Counter(_week(row[date]) for row in dated if row["child_id"] in focus)
        assert sum(every.values()) > 0
        for week in weeks:
            assert _count(figures, figure_id, f"week={week}") == every[week], (figure_id, week)
            assert _count(figures, figure_id, f"focus=Yes&week={week}") == focused[week]
        assert set(every) <= set(weeks)


def test_conversions(area: tuple[PreparedData, FigureSet, set[str]]) -> None:
    data, figures, focus = area
    last = R - dt.timedelta(days=30)
    for figure_id, ((source, start, code), (target, then)) in DOORS.items():
        later: dict[str, list[dt.date]] = defaultdict(list)
        for row in _rows(data, target):
            if row[then] is not None:
                later[row["child_id"]].append(row[then])
        for days in later.values():
            days.sort()
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in _rows(data, source):
            day = row[start]
            if day is None or not START <= day <= last:
                continue
            days = later.get(row["child_id"], [])
            first = bisect.bisect_left(days, day)
            hit = first < len(days) and days[first] <= day + dt.timedelta(days=30)
            groups = ["all", f"source={row[code]}" if row[code] else None]
            groups.append("focus=Yes" if row["child_id"] in focus else "focus=No")
            for group in filter(None, groups):
                tally[group][0] += hit
                tally[group][1] += 1
        assert tally["all"][1] > 0
        for group, (hits, rows) in tally.items():
            row = figures.figure(figure_id, group)
            assert row is not None, (figure_id, group)
            assert (row["numerator"], row["denominator"]) == (hits, rows), (figure_id, group)


def test_patterns_and_returns(area: tuple[PreparedData, FigureSet, set[str]]) -> None:
    data, figures, focus = area
    steps: dict[str, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for order, (letter, list_key, date) in enumerate(STEPS):
        for row in _rows(data, list_key):
            if row["child_id"] is not None and _in_window(row[date]):
                steps[row["child_id"]].append((row[date], order, letter))
    patterns = {}
    for child, found in steps.items():
        letters = [letter for _, _, letter in sorted(found)]
        collapsed = [x for i, x in enumerate(letters) if i == 0 or letters[i - 1] != x]
        patterns[child] = ">".join(collapsed)
    every = Counter(patterns.values())
    focused = Counter(p for child, p in patterns.items() if child in focus)
    shown = {
        g: int(figures.figure("journey_patterns", g)["numerator"])  # type: ignore[index]
        for g in figures.groups("journey_patterns")
    }
    assert shown["all"] == len(patterns)
    assert {
        g.removeprefix("pattern="): n for g, n in shown.items() if g.startswith("pattern=")
    } == (dict(every))
    assert {
        g.removeprefix("focus=Yes&pattern="): n
        for g, n in shown.items()
        if g.startswith("focus=Yes&pattern=")
    } == dict(focused)
    back = [child for child, p in patterns.items() if re.search(r"[AS].*[CR]", p)]
    assert _count(figures, "front_door_returns_children", "all") == len(back)
    returned = figures.rows_behind("front_door_returns_children")
    assert sorted(returned["child_id"]) == sorted(back)
