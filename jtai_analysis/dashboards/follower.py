"""Follow a child: type an ID, see who the child is, their journey across the lists as a timeline,
and the sheet and row of every event (the words come from ``follow`` and ``explore``)."""

from __future__ import annotations

import html

import ipywidgets as w
import plotly.graph_objects as go
import polars as pl

from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.dashboards import explore, follow
from jtai_analysis.dashboards.controls import wide_table
from jtai_analysis.dashboards.page_style import page_style
from jtai_analysis.dashboards.plotly_widget import CHART_LAYOUT, CHOSEN_COLOUR, PlotlyChart
from jtai_analysis.dashboards.rerun_note import live_style
from jtai_analysis.dashboards.workspace import Workspace


def timeline_figure() -> go.Figure:
    """The journey chart, made once and redrawn for each child."""
    return go.Figure(
        data=[
            go.Scatter(
                x=[],
                y=[],
                mode="markers+lines",
                marker={"size": 11, "color": CHOSEN_COLOUR},
                line={"color": "#b1b4b6"},
                hovertemplate="%{x|%d %b %Y}: %{text}<extra></extra>",
            )
        ],
        layout={
            **CHART_LAYOUT,
            "title": {"text": "Journey across the lists", "x": 0},
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": list(explore.LIST_LABELS.values()),
            },
        },
    )


class ChildFollower(w.VBox):
    """Type a child ID: a profile line, the journey as a timeline, and each event's sheet and row."""

    def __init__(self, space: Workspace) -> None:
        self.space = space
        self.child = w.Text(
            placeholder="Child ID, then Enter",
            description="Child",
            continuous_update=False,
        )
        self.child.add_class("jtai-child-id")
        self.profile = w.HTML()
        self.profile.add_class("jtai-profile")
        # Made at the first child followed, then redrawn: the page loads plotly.js only when needed.
        self.timelines: list[PlotlyChart] = []
        self.timeline = timeline_figure()
        self.chart = w.Box(layout=w.Layout(display="none"))
        self.events = w.HTML()
        self.child.observe(self.refresh, names="value")
        self.refresh()
        parts = [live_style(), page_style(), self.child, self.profile, self.chart, self.events]
        super().__init__(parts)
        self.add_class("jtai-follow")

    def refresh(self, _: object = None) -> None:
        """Show the child typed, or say why no valid row carries that ID."""
        wanted = self.child.value.strip()
        line = follow.profile_line(self.space.table, wanted) if wanted else None
        if line is None:
            why = follow.why_not_found(self.space.context.data, wanted)
            self.profile.value = f'<p role="status">{html.escape(why)}</p>'
            self.chart.layout.display = "none"
            self.events.value = ""
            return
        journey = explore.events_for(self.space.events, wanted)
        self.profile.value = f'<p role="status"><strong>{html.escape(line)}</strong></p>'
        self._draw_journey(wanted, journey)
        heading = headings("child_events")
        self.events.value = wide_table(
            journey.select([pl.col(key).alias(words) for key, words in heading.items()]),
            caption("child_events", events=journey.height),
        )

    def _draw_journey(self, child_id: str, journey: pl.DataFrame) -> None:
        timeline = self.timeline
        timeline.data[0].x = journey["date"].to_list()
        timeline.data[0].y = journey["list"].to_list()
        timeline.data[0].text = journey["event"].to_list()
        timeline.layout.title.text = f"Child {child_id}: journey across the lists"
        if self.timelines:
            self.timelines[0].show(timeline)
        else:
            self.timelines.append(PlotlyChart(timeline))
            self.chart.children = (self.timelines[0],)
        self.chart.layout.display = "flex"


def child_follower(space: Workspace) -> ChildFollower:
    """Follow a child, for a notebook cell (see :class:`ChildFollower`)."""
    return ChildFollower(space)
