"""Plotly figures for the pack: colour-blind-safe palette, and every chart shown with its numbers.

A chart is displayed as two outputs: the figure (plotly's own mimetype for JupyterLab, plus an
HTML ``div`` that needs plotly.js loaded once by the pack) and its caption with the table behind
it, for readers who cannot see the chart and for print. Figures are built from pre-aggregated
frames, so their size does not grow with the number of rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import textwrap

import plotly.graph_objects as go
import polars as pl
from IPython.display import HTML, display

from jtai_analysis.catalogue.labels import headings
from jtai_analysis.common.workdays import fieldwork_start, week_monday
from jtai_analysis.presentation.tables import html_table
from jtai_analysis.privacy.suppression import suppress_for_chart

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_MARGIN = {"l": 60, "r": 20, "t": 30, "b": 50}
_LAYOUT = {
    "colorway": list(PALETTE),
    "font": {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#1b1b1b"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "margin": _MARGIN,
    "height": 360,
    # Above the plot, from its left edge: beneath it (y=-0.2 of the plot's height) the legend fell
    # on the axis title and tick labels once a narrow page made the chart shorter or taller.
    "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
}
# Category labels longer than this are wrapped onto several lines: unwrapped, one long label
# ("8: Other (including children's centres, ...)") left the bars no room on a narrow page.
LABEL_WIDTH = 36
GANTT_LABEL_WIDTH = 44  # (the timeline's rows are many: two lines each at most)


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """A chart label on lines of at most ``width`` characters (plotly breaks lines at ``<br>``)."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def row_height(labels: list[str]) -> int:
    """Pixels a row of a chart laid down the side needs for the longest of its wrapped labels."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return max(24, 17 * lines + 8)


def style(fig: go.Figure) -> go.Figure:
    """Apply the workbench's accessible house style."""
    fig.update_layout(**_LAYOUT)
    fig.update_xaxes(showgrid=False, linecolor="#505050")
    fig.update_yaxes(gridcolor="#e0e0e0", zerolinecolor="#505050")
    return fig


# A count chart whose largest bar is this many times its smallest (non-zero) one is drawn on a
# logarithmic scale: on a linear one the small group is a sliver beside the large (issue 25: 49
# conferences beside 440 contacts).
LOG_SCALE_RATIO = 8


def _is_percent(column: str, y_title: str) -> bool:
    words = f"{column} {y_title}".lower()
    return "%" in words or "per cent" in words or "percent" in words


def value_labels(values: list[float | int | None], *, is_percent: bool) -> list[str]:
    """The text on each bar: counts whole with thousands separators, percentages to one decimal
    with a % sign, other numbers to one decimal; no text where there is no bar."""
    labels = []
    for value in values:
        if value is None:
            labels.append("")
        elif is_percent:
            labels.append(f"{value:.1f}%")
        elif float(value).is_integer():
            labels.append(f"{int(value):,}")
        else:
            labels.append(f"{value:,.1f}")
    return labels


def wants_log_scale(values: list[float | int | None]) -> bool:
    """Whether counts span so wide a range that small groups vanish on a linear scale."""
    positive = [v for v in values if v is not None and v > 0]
    return len(positive) > 1 and max(positive) >= LOG_SCALE_RATIO * min(positive)


def bar_chart(
    frame: pl.DataFrame,
    x: str,
    y: str | list[str],
    *,
    x_title: str,
    y_title: str,
    horizontal: bool = False,
    text: dict[str, list[str]] | None = None,
    counts: bool | None = None,
) -> go.Figure:
    """Grouped bars from an aggregated frame (one trace per ``y`` column), each bar labelled with
    its value (or ``text``, per column: the words the table beside it uses).

    ``horizontal`` lays categories down the side, for long category names that would otherwise be
    rotated and crowded under the chart; categories keep the frame's order from the top.
    ``counts`` (default: every ``y`` column holds whole numbers) allows a logarithmic scale when
    the largest bar is :data:`LOG_SCALE_RATIO` times the smallest, so small groups show beside
    large ones; percentages keep a linear scale.
    """
    columns = [y] if isinstance(y, str) else y
    frame = suppress_for_chart(frame)
    if counts is None:
        counts = all(frame.schema[c].is_integer() for c in columns)
    categories, traces = [wrapped(c) for c in frame[x].to_list()], []
    every_value: list[float | int | None] = []
    for i, column in enumerate(columns):
        values = frame[column].to_list()
        every_value += values
        labels = (text or {}).get(column) or value_labels(
            values, is_percent=_is_percent(column, y_title)
        )
        traces.append(
            go.Bar(
                x=values if horizontal else categories,
                y=categories if horizontal else values,
                orientation="h" if horizontal else "v",
                name=column,
                marker_color=PALETTE[i % len(PALETTE)],
                text=[
                    label if v is not None else "" for label, v in zip(labels, values, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
            )
        )
    fig = go.Figure(traces)
    style(fig)  # house style first: the orientation-specific layout below overrides it
    fig.update_layout(barmode="group", showlegend=len(columns) > 1)
    is_log = bool(counts) and wants_log_scale(every_value)
    # a log axis ticks at 1, 10, 100 ...; the labels outside the bars need room at the end
    value_axis = {"type": "log", "dtick": 1} if is_log else {}
    if is_log:
        y_title = f"{y_title} (logarithmic scale)"
    if horizontal:
        row = max(28 * max(1, len(columns)), row_height(categories))
        fig.update_layout(
            xaxis_title=y_title,
            height=140 + row * len(categories),
            margin={**_MARGIN, "r": 70},
        )
        fig.update_yaxes(title=x_title or None, autorange="reversed", automargin=True)
        fig.update_xaxes(**value_axis)
    else:
        fig.update_layout(xaxis_title=x_title, yaxis_title=y_title, margin={**_MARGIN, "t": 40})
        fig.update_yaxes(**value_axis)
    return fig


def line_chart(
    frame: pl.DataFrame, x: str, y: list[str], *, x_title: str, y_title: str
) -> go.Figure:
    """Lines with markers from an aggregated frame (one trace per ``y`` column)."""
    frame = suppress_for_chart(frame)
    fig = go.Figure(
        [
            go.Scatter(
                x=frame[x].to_list(),
                y=frame[c].to_list(),
                name=c,
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)]},
            )
            for i, c in enumerate(y)
        ]
    )
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title)
    return style(fig)


def _div_id(fig: go.Figure) -> str:
    # A stable id from the figure's content keeps the pack identical for identical inputs.
    digest = hashlib.sha256(
        json.dumps(fig.to_plotly_json(), sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"chart-{digest[:12]}"


def figure_div(fig: go.Figure, description: str) -> str:
    """The figure as an HTML ``div`` that needs plotly.js already on the page (the pack embeds it once)."""
    div = fig.to_html(
        include_plotlyjs=False,
        full_html=False,
        div_id=_div_id(fig),
        config={
            "displaylogo": False,
            "responsive": True,
            "modeBarButtonsToRemove": ["sendDataToCloud"],
        },
    )
    return f'<figure class="jtai-figure" aria-label="{html.escape(description)}">{div}</figure>'


def show_chart(
    fig: go.Figure, *, caption: str, description: str, numbers: pl.DataFrame | str
) -> None:
    """Display a chart, its caption and the numbers behind it.

    Parameters
    ----------
    fig
        The figure (built from aggregated data).
    caption
        A short title for the chart, shown under it.
    description
        One or two sentences saying what the chart shows, for screen readers and print.
    numbers
        The table the chart is drawn from (a frame, or the HTML of a table of figures).
    """
    bundle = {
        "application/vnd.plotly.v1+json": json.loads(fig.to_json()),
        "text/html": figure_div(fig, description),
        "text/plain": caption,
    }
    display(bundle, raw=True)
    # the numbers are on the page, under the chart, not in a panel a printer may leave closed
    display(
        HTML(
            f'<p class="jtai-caption"><strong>{html.escape(caption)}.</strong> {html.escape(description)}</p>'
            f'<div class="jtai-numbers"><p class="jtai-numbers-title">Numbers behind this chart</p>'
            f"{numbers if isinstance(numbers, str) else html_table(numbers, caption)}</div>"
        )
    )


def inspection_weeks(notification_date: dt.date) -> tuple[dt.date, dt.date]:
    """From the Monday of week 1 to the Sunday after fieldwork: the span the Gantt chart shows.

    The milestones after fieldwork (letters, publication) are weeks later; drawn on the same axis
    they squeeze weeks 1 to 3 into a sliver, so the chart shows these three weeks and the table
    beside it lists every milestone.
    """
    fieldwork_monday = week_monday(fieldwork_start(notification_date))
    first = min(notification_date, fieldwork_monday - dt.timedelta(days=14))  # week 1's Monday
    return first, fieldwork_monday + dt.timedelta(days=6)


def gantt_chart(
    phases: list[tuple[str, dt.date, dt.date]],
    milestones: pl.DataFrame,
    today: dt.date | None,
    span: tuple[dt.date, dt.date] | None = None,
) -> go.Figure:
    """Phases as horizontal bars, milestones as markers on their own rows, and today as a line.

    ``span`` (first and last day) zooms the date axis, with a labelled tick each Monday and a small
    one each day, and leaves out the phases and milestones outside it (the milestone table still
    lists them). ``milestones`` is ``inspection.timeline.milestone_table``'s (its headings).
    """
    heading = headings("milestones")
    if span is not None:
        first, last = span
        phases = [
            (n, max(a, first), min(b, last)) for n, a, b in phases if a <= last and b >= first
        ]
        milestones = milestones.filter(pl.col(heading["date"]).is_between(first, last))
    day_ms = 86_400_000
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=[wrapped(label, GANTT_LABEL_WIDTH) for label, _, _ in phases],
            base=[start.isoformat() for _, start, _ in phases],
            x=[((end - start).days + 1) * day_ms for _, start, end in phases],
            orientation="h",
            marker_color=PALETTE[0],
            name="Phase",
            hovertemplate="%{y}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=[wrapped(m, GANTT_LABEL_WIDTH) for m in milestones[heading["title"]].to_list()],
            x=[d.isoformat() for d in milestones[heading["date"]].to_list()],
            mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": PALETTE[5]},
            name="Milestone",
            hovertemplate="%{y}: %{x|%a %d %b %Y}<extra></extra>",
        )
    )
    if today is not None:
        # Today's line is named in the legend: a label beside the line ran off the chart when
        # today was near either end of it.
        fig.add_vline(x=today.isoformat(), line_dash="dash", line_color=PALETTE[7])
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"dash": "dash", "color": PALETTE[7]},
                name=f"Today, {today:%d %b %Y}",
                hoverinfo="skip",
            )
        )
    style(fig)  # house style first: the chart's own height and margins below override it
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    fig.update_xaxes(type="date", title="Date")
    if span is not None:
        # A labelled tick each Monday and a small one each day: a label each day ran the days'
        # names into each other on a narrow page.
        fig.update_xaxes(
            range=[span[0].isoformat(), (span[1] + dt.timedelta(days=1)).isoformat()],
            tick0=week_monday(span[0]).isoformat(),
            dtick=7 * day_ms,
            tickformat="%a<br>%d %b",
            minor={"dtick": day_ms, "ticks": "outside", "ticklen": 4, "showgrid": True},
        )
    rows = [*fig.data[0].y, *fig.data[1].y]
    fig.update_layout(height=140 + row_height(rows) * len(rows), margin={"l": 20, "t": 40})
    return fig
