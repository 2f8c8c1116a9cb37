"""The front door in the explorer: its counts are the pack's figures (for every child and for a
filtered set), and a click on a week or a pattern keeps exactly the children behind it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.analysis import front_door
from jtai_analysis.analysis.figures import compute_figures, figure_inputs
from jtai_analysis.dashboards.explorer import CohortExplorer
from jtai_analysis.dashboards.front_door_view import FrontDoorView
from jtai_analysis.dashboards.workspace import Workspace, open_workspace
from jtai_analysis.presentation.notebook_context import load_context
from tests.conftest import REFERENCE_DATE

ONLY = [*front_door.WEEKLY_FIGURES, front_door.PATTERNS_FIGURE]


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    from jtai_analysis.synth import write_submission

    folder = tmp_path_factory.mktemp("front-door-view")
    write_submission(folder, size="small", seed=5, file_format="csv")
    context = load_context("Test Area", REFERENCE_DATE.isoformat(), "", [str(folder)], "", 0)
    return open_workspace(context)


def _figure_counts(figures, flows: tuple[str, ...], weeks: list[str]) -> dict:  # type: ignore[no-untyped-def]
    counts = {}
    for figure_id, list_key in zip(front_door.WEEKLY_FIGURES, flows, strict=True):
        for week in weeks:
            row = figures.figure(figure_id, f"week={week}")
            counts[(list_key, week)] = int(row["numerator"])
    return counts


def test_the_children_view_counts_what_the_figures_count(space: Workspace) -> None:
    data = space.context.data
    found = front_door.front_door_children(data, REFERENCE_DATE)
    inputs = figure_inputs(data, REFERENCE_DATE, cohort=space.context.cohort)
    weeks = [w.label for w in found.window]
    counted = {
        (r["list_key"], r["week"]): r["rows"] for r in front_door.weekly_counts(found).to_dicts()
    }
    assert counted == _figure_counts(compute_figures(inputs, only=ONLY), found.flows, weeks)
    # a filtered set: the under-2s, as the figures count them with only their rows
    under_2 = space.table.filter(pl.col("age_group") == "under_2")["child_id"]
    subset = compute_figures(inputs.for_children(under_2.to_list()), only=ONLY)
    counted = {
        (r["list_key"], r["week"]): r["rows"]
        for r in front_door.weekly_counts(found, under_2).to_dicts()
    }
    assert counted == _figure_counts(subset, found.flows, weeks)
    patterns = dict(front_door.pattern_counts(found, under_2).iter_rows())
    assert patterns == {
        g.removeprefix("pattern="): int(subset.figure("journey_patterns", g)["numerator"])  # type: ignore[index]
        for g in subset.groups("journey_patterns")
        if g.startswith("pattern=")
    }


def test_a_click_on_a_week_or_a_pattern_keeps_its_children(space: Workspace) -> None:
    explorer = CohortExplorer(space)
    view = FrontDoorView(space, explorer)
    total = space.table.height
    found = view.found
    # the busiest week of contacts (trace 0 is List 1)
    contacts = front_door.weekly_counts(found).filter(pl.col("list_key") == "contacts")
    busiest = int(contacts["rows"].arg_max() or 0)
    week = found.window[busiest]
    expected = set(
        found.weeks.filter((pl.col("list_key") == "contacts") & (pl.col("week") == week.label))[
            "child_id"
        ]
    )
    view.weekly.click = {"trace": 0, "point": busiest, "at": 1}
    assert set(explorer.shown["child_id"]) == expected
    assert f"<strong>{len(expected):,}</strong> of {total:,}" in explorer.count.value
    assert f"Contacts in the week of Monday {week.monday.day}" in explorer.count.value
    # the charts now count those children only: their week holds all their contacts that week
    drawn = list(view.weekly.traces[0]["y"])
    assert drawn[busiest] == contacts["rows"][busiest]
    view.weekly.click = {"trace": 0, "point": busiest, "at": 2}  # again: everyone back
    assert explorer.shown.height == total
    # a pattern: the second bar
    pattern = view.shown_patterns[1]
    view.patterns.click = {"trace": 0, "point": 1, "at": 3}
    chosen = set(found.patterns.filter(pl.col("pattern") == pattern)["child_id"])
    assert set(explorer.shown["child_id"]) == chosen
    assert view.shown_patterns == [pattern]  # the other journeys have no child left
    # another filter narrows further; Clear filters lets everyone back
    explorer.choices["age_groups"].boxes["under_2"].value = True
    assert set(explorer.shown["child_id"]) <= chosen
    explorer.clear.click()
    assert explorer.shown.height == total and explorer.chosen is None
    assert view.pattern_choice.value == ""  # the list follows: any journey again
    # the same choices from the keyboard: a week from the list, then any week again
    view.week_choice.value = f"contacts|{busiest}"
    assert set(explorer.shown["child_id"]) == expected
    assert view.week_choice.label.startswith(f"Contacts, the week of Monday {week.monday.day}")
    view.week_choice.value = ""
    assert explorer.shown.height == total
    assert view.shown_patterns == front_door.pattern_counts(found)["pattern"].head(10).to_list()


def test_lists_not_received_are_said_not_counted(tmp_path: Path) -> None:
    from jtai_analysis.synth import write_submission

    write_submission(tmp_path / "all", size="small", seed=3, file_format="csv")
    tuesday = tmp_path / "tuesday"
    tuesday.mkdir()
    for name in ("list_4_assessments.csv", "list_6_cin.csv", "list_7_cp.csv"):
        (tuesday / name).write_bytes((tmp_path / "all" / name).read_bytes())
    context = load_context("Test Area", REFERENCE_DATE.isoformat(), "", [str(tuesday)], "", 0)
    space = open_workspace(context)
    view = FrontDoorView(space, CohortExplorer(space))
    assert view.flows == ("assessments",)
    assert not view.has_patterns
    assert "Not available: List 1 Contacts has not arrived." in view.note.value
    assert [trace.name for trace in view.weekly_figure.data] == ["Assessments started"]
