"""Charts of the front door over time, drawn from the figures (the pack and the dashboards share
them): a weekly figure with its expected range, partial weeks and weeks outside the range marked;
the four weekly flows side by side."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jtai_analysis.analysis.front_door import WeeklySeries, WeekPoint
from jtai_analysis.presentation.charts import PALETTE, style
from jtai_analysis.privacy.suppression import suppression_threshold

RANGE_FILL = "rgba(0, 114, 178, 0.12)"
OUTSIDE_COLOUR = "#D55E00"  # the palette's vermilion: a week outside its range
PANEL_HEIGHT = 260


def shown_count(count: int) -> int | None:
    """A count as a chart draws it: hidden (no point) when small counts are suppressed."""
    small = suppression_threshold()
    return None if small and 0 < count < small else count


def _hover(point: WeekPoint) -> str:
    week = point.week
    days = f" (partial: {week.first_day:%d %b} to {week.last_day:%d %b})" if week.is_partial else ""
    outside = f", {point.side} the expected range" if point.side else ""
    shown = shown_count(point.count)
    count = "hidden (a small count)" if shown is None else f"{shown:,}"
    return f"{week.label}, week of {week.monday:%d %b %Y}{days}: {count}{outside}"


def _marker(points: Sequence[WeekPoint], colour: str) -> dict[str, object]:
    """Partial weeks hollow, weeks outside the range as larger vermilion diamonds."""
    return {
        "symbol": [
            "diamond" if p.is_outside else "circle-open" if p.week.is_partial else "circle"
            for p in points
        ],
        "size": [11 if p.is_outside else 7 for p in points],
        "color": [OUTSIDE_COLOUR if p.is_outside else colour for p in points],
    }


def add_weekly_series(
    fig: go.Figure, series: WeeklySeries, name: str, colour: str, row: int, *, legend: bool
) -> None:
    """One weekly series (its expected range as a band, its mean dashed) into a panel of ``fig``."""
    x = [p.week.monday for p in series.points]
    if series.range is not None and x:
        limits = series.range
        band = go.Scatter(
            x=x + x[::-1],
            y=[limits.upper] * len(x) + [limits.lower] * len(x),
            fill="toself",
            fillcolor=RANGE_FILL,
            line={"width": 0},
            name="Expected range (full weeks' mean ± 3 × its square root)",
            legendgroup="range",
        )
        mean = go.Scatter(
            x=x,
            y=[limits.mean] * len(x),
            mode="lines",
            line={"color": "#505050", "dash": "dash", "width": 1},
            name="Mean of the full weeks",
            legendgroup="mean",
        )
        for guide in (band, mean):  # a guide to read the counts by: no hover label of its own
            fig.add_trace(guide.update(hoverinfo="skip", showlegend=legend), row=row, col=1)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[shown_count(p.count) for p in series.points],
            mode="lines+markers",
            line={"color": colour},
            marker=_marker(series.points, colour),
            name=name,
            text=[_hover(p) for p in series.points],
            hovertemplate="%{text}<extra></extra>",
        ),
        row=row,
        col=1,
    )


def weekly_chart(panels: Sequence[tuple[str, WeeklySeries]], y_title: str) -> go.Figure:
    """One panel a series (all children, focus children ...), stacked over the same weeks."""
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=[name for name, _ in panels],
    )
    for row, (name, series) in enumerate(panels, start=1):
        colour = PALETTE[(row - 1) % len(PALETTE)]
        add_weekly_series(fig, series, name, colour, row, legend=row == 1)
        fig.update_yaxes(title_text=y_title, rangemode="tozero", row=row, col=1)
    style(fig)
    fig.update_layout(height=120 + PANEL_HEIGHT * len(panels), hovermode="closest")
    fig.update_xaxes(title_text="Week starting (Monday)", row=len(panels), col=1)
    # each month's name under the middle of its month: on its first day, the first month's name
    # stood half outside the plot, over the value axis's 0
    fig.update_xaxes(ticklabelmode="period")
    return fig


def flows_chart(flows: Sequence[tuple[str, WeeklySeries]], y_title: str) -> go.Figure:
    """Several weekly figures as lines on one chart (the overview's activity week by week)."""
    fig = go.Figure()
    for i, (name, series) in enumerate(flows):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=[p.week.monday for p in series.points],
                y=[shown_count(p.count) for p in series.points],
                mode="lines+markers",
                name=name,
                line={"color": colour},
                marker={
                    "color": colour,
                    "symbol": [
                        "circle-open" if p.week.is_partial else "circle" for p in series.points
                    ],
                },
                text=[_hover(p) for p in series.points],
                hovertemplate="%{text}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(xaxis_title="Week starting (Monday)", yaxis_title=y_title)
    fig.update_xaxes(ticklabelmode="period")  # (as in weekly_chart)
    return style(fig)
