"""The front door over time in the explorer: the weekly flows and the journey patterns of the
children the explorer's filters let through; a click on a week or a pattern keeps only its children
(and the same choice from two drop-down lists, for the keyboard).

Each child's weeks and pattern are made once (``analysis.front_door.front_door_children``, the
definitions of the pack's figures ``contacts_by_week`` ... and ``journey_patterns``); a change of
the filters counts the children shown with a join, and redraws the two charts in place.
"""

from __future__ import annotations

import html

import ipywidgets as w
import plotly.graph_objects as go
import polars as pl

from jtai_analysis.analysis.front_door import (
    PATTERNS,
    FrontDoorChildren,
    WeeklySeries,
    WeekPoint,
    children_in_week,
    children_with_pattern,
    front_door_children,
    pattern_counts,
    week_words,
    weekly_counts,
)
from jtai_analysis.catalogue.events import activity_dates
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.dashboards.explorer import CohortExplorer
from jtai_analysis.dashboards.page_style import page_style
from jtai_analysis.dashboards.plotly_widget import BAR_COLOUR, CHART_LAYOUT, PlotlyChart
from jtai_analysis.dashboards.rerun_note import live_style
from jtai_analysis.dashboards.workspace import Workspace
from jtai_analysis.presentation.front_door_charts import flows_chart, shown_count
from jtai_analysis.presentation.front_door_section import pattern_words
from jtai_analysis.presentation.tables import html_table

TOP_PATTERNS = 10  # bars of the patterns chart; the numbers beneath it list them all


def _series(found: FrontDoorChildren, counts: pl.DataFrame, list_key: str) -> WeeklySeries:
    rows = counts.filter(pl.col("list_key") == list_key)["rows"].to_list()
    points = tuple(
        WeekPoint(f"week={week.label}", week, int(count or 0), None)
        for week, count in zip(found.window, rows, strict=True)
    )
    return WeeklySeries(list_key, "all", points, None, "")


def weekly_figure(found: FrontDoorChildren, flows: tuple[str, ...]) -> go.Figure:
    """The weekly flows of every child, one line a list (partial weeks hollow)."""
    counts = weekly_counts(found)
    names = activity_dates()
    figure = flows_chart([(names[k][1], _series(found, counts, k)) for k in flows], "Rows")
    # the count from the point itself: a redraw then changes only the counts (``y``)
    figure.update_traces(text=None, hovertemplate="Week of %{x|%d %b %Y}: %{y:,}")
    figure.update_layout(
        **{**CHART_LAYOUT, "height": 320, "title": {"text": "Week by week", "x": 0}},
        legend={"orientation": "h", "y": -0.3},
    )
    return figure


def patterns_figure() -> go.Figure:
    """The most common journey patterns as horizontal bars (filled at each redraw)."""
    figure = go.Figure(
        go.Bar(
            x=[],
            y=[],
            orientation="h",
            marker_color=BAR_COLOUR,
            hovertemplate="%{y}: %{x:,} children<extra></extra>",
        )
    )
    figure.update_layout(
        **{**CHART_LAYOUT, "height": 340, "title": {"text": "Most common journeys", "x": 0}}
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


class FrontDoorView(w.VBox):
    """Weekly flows and journey patterns of the explorer's children; a click filters them.

    ``weekly`` and ``patterns`` are the chart widgets, ``readings`` the numbers beneath them,
    ``week_choice`` and ``pattern_choice`` the same choices from the keyboard, ``note`` what cannot
    be counted (a list not received); for scripted use and tests.
    """

    def __init__(self, space: Workspace, explorer: CohortExplorer) -> None:
        context = space.context
        self.explorer = explorer
        self.found = front_door_children(context.data, context.reference_date)
        self.flows = tuple(k for k in self.found.flows if k not in self.found.not_available)
        self.has_patterns = PATTERNS not in self.found.not_available
        self.pattern_words = {
            p: pattern_words(p) for p in self.found.patterns["pattern"].unique().to_list()
        }
        self.weekly_figure = weekly_figure(self.found, self.flows)
        self.weekly = PlotlyChart(self.weekly_figure)
        # A redraw sends the charts' traces with new counts: plotly's figure is made (and checked)
        # once, as the explorer's panels are, not at each change of the filters.
        self._weekly_traces = list(self.weekly.traces)
        self.weekly.add_class("jtai-front-door-weeks")
        self.patterns_figure = patterns_figure()
        self.patterns = PlotlyChart(self.patterns_figure)
        self._patterns_trace = dict(self.patterns.traces[0])
        self.patterns.add_class("jtai-front-door-patterns")
        self.shown_patterns: list[str] = []
        self.readings = {"weeks": w.HTML(), "patterns": w.HTML()}
        self.note = w.HTML(self._not_available())
        self.week_choice, self.pattern_choice = self._choices()
        self._quiet = False  # True while the lists follow a choice made elsewhere
        self.week_choice.observe(self._week_chosen, names="value")
        self.pattern_choice.observe(self._pattern_chosen, names="value")
        self.weekly.on_click(self.week_clicked)
        self.patterns.on_click(self.pattern_clicked)
        explorer.listeners.append(self.update)
        self.update(explorer.shown)
        parts: list[w.Widget] = [live_style(), page_style(), self.note]
        if self.flows:
            parts += [self.week_choice, self.weekly, self.readings["weeks"]]
        if self.has_patterns:
            parts += [self.pattern_choice, self.patterns, self.readings["patterns"]]
        super().__init__(parts)
        self.add_class("jtai-front-door")

    def _not_available(self) -> str:
        reasons = list(dict.fromkeys(self.found.not_available.values()))
        items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
        return f'<ul class="jtai-note" role="status">{items}</ul>' if reasons else ""

    def update(self, children: pl.DataFrame) -> None:
        """Count and redraw for the children shown (every child: the counts made once)."""
        if self.explorer.chosen is None:  # let everyone back elsewhere (Clear filters)
            self._set_quietly(self.week_choice, "")
            self._set_quietly(self.pattern_choice, "")
        chosen = None if children.height == self.explorer.table.height else children["child_id"]
        if self.flows:
            counts = weekly_counts(self.found, chosen)
            names = activity_dates()
            table = {headings("weekly_rows")["week"]: [week.label for week in self.found.window]}
            traces = []
            for index, list_key in enumerate(self.flows):
                rows = counts.filter(pl.col("list_key") == list_key)["rows"].to_list()
                drawn = [shown_count(int(r or 0)) for r in rows]
                traces.append({**self._weekly_traces[index], "y": drawn})
                table[names[list_key][1]] = rows
            self.weekly.traces = traces
            self.readings["weeks"].value = _numbers(
                caption("weekly_rows"), pl.DataFrame(table), "Click a point to keep its children."
            )
        if self.has_patterns:
            found = pattern_counts(self.found, chosen)
            top = found.head(TOP_PATTERNS)
            self.shown_patterns = top["pattern"].to_list()
            drawn = [shown_count(c) for c in top["children"].to_list()]
            self.patterns.traces = [{**self._patterns_trace, "x": drawn, "y": self.shown_patterns}]
            heading = headings("journey_patterns")
            words = found.select(
                pl.col("pattern").alias(heading["pattern"]),
                pl.col("pattern")
                .replace_strict(self.pattern_words, default=None)
                .alias(heading["steps"]),
                pl.col("children").alias(heading["children"]),
            )
            self.readings["patterns"].value = _numbers(
                caption("journey_patterns"), words, "Click a bar to keep its children."
            )

    def _choices(self) -> tuple[w.Dropdown, w.Dropdown]:
        """The weeks of each list and the journeys (most children first), to choose from."""
        names = activity_dates()
        weeks = [("Any week", "")] + [
            (f"{names[key][1]}, {week_words(week)}", f"{key}|{index}")
            for key in self.flows
            for index, week in enumerate(self.found.window)
        ]
        journeys = [("Any journey", "")] + [
            (f"{p} ({self.pattern_words[p]}): {n:,} children", p)
            for p, n in pattern_counts(self.found).iter_rows()
        ]
        style = {"description_width": "initial"}
        layout = w.Layout(width="auto", max_width="100%")
        week = w.Dropdown(
            options=weeks, value="", description="Keep the children of", style=style, layout=layout
        )
        journey = w.Dropdown(
            options=journeys,
            value="",
            description="Keep the children of",
            style=style,
            layout=layout,
        )
        week.add_class("jtai-front-door-week")
        journey.add_class("jtai-front-door-journey")
        return week, journey

    def _set_quietly(self, choice: w.Dropdown, value: str) -> None:
        self._quiet = True
        try:
            choice.value = value
        finally:
            self._quiet = False

    def _newly_chosen(self, change: dict[str, object], other: w.Dropdown) -> str:
        """What a choice changed to, or "" when there is nothing to show (the change came from
        this view itself, or the choice was cleared: every child again). Choosing one clears
        the other choice, quietly."""
        value = "" if self._quiet else str(change["new"])
        if not self._quiet and not value:
            self.explorer.choose_children("", None)
        if value:
            self._set_quietly(other, "")
        return value

    def _week_chosen(self, change: dict[str, object]) -> None:
        value = self._newly_chosen(change, self.pattern_choice)
        if not value:
            return
        list_key, index = value.split("|")
        week = self.found.window[int(index)]
        ids = children_in_week(self.found, list_key, week.label)
        words = f"{activity_dates()[list_key][1]} in {week_words(week)}"
        self.explorer.choose_children(words, tuple(ids.to_list()))

    def _pattern_chosen(self, change: dict[str, object]) -> None:
        pattern = self._newly_chosen(change, self.week_choice)
        if not pattern:
            return
        ids = children_with_pattern(self.found, pattern)
        self.explorer.choose_children(f"journey {pattern}", tuple(ids.to_list()))

    def week_clicked(self, trace: int, point: int) -> None:
        """Keep the children with a row of that list in that week (again: everyone back)."""
        value = f"{self.flows[trace]}|{point}"
        self.week_choice.value = "" if self.week_choice.value == value else value

    def pattern_clicked(self, trace: int, point: int) -> None:
        """Keep the children whose journey has that pattern (again: everyone back)."""
        pattern = self.shown_patterns[point]
        self.pattern_choice.value = "" if self.pattern_choice.value == pattern else pattern


def _numbers(caption: str, table: pl.DataFrame, hint: str) -> str:
    return (
        f"<details><summary>{html.escape(hint)} Numbers</summary>"
        f"{html_table(table, caption)}</details>"
    )


def front_door_view(space: Workspace, explorer: CohortExplorer) -> FrontDoorView:
    """The front door view for a notebook cell, beside the explorer it filters."""
    return FrontDoorView(space, explorer)
