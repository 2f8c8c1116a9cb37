"""The pack's "beside the other areas" section: a table and a chart of where the area stands in its batch."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from jtai_analysis.analysis.area_comparison import area_position, count_areas
from jtai_analysis.analysis.indicators import value_for_readers
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.presentation import charts
from jtai_analysis.presentation.records import leave_section_out, record
from jtai_analysis.presentation.tables import show_note, show_table

NOT_AVAILABLE = "not available"  # a value, median or rank the areas do not give
NOT_IN_BATCH = (
    "this pack was built for one area, so there is no other area to compare it with. Packs built "
    "together by `jtai batch` show each indicator beside the median and quartiles of the other "
    "areas in the run, and its rank."
)


def _position_chart(percentages: pl.DataFrame) -> go.Figure:
    """For each percentage indicator: the areas' interquartile range as a bar, their median, this area."""
    heading = headings("areas_percentages")
    titles = percentages[heading["title"]].to_list()
    lower, upper = percentages[heading["lower_quartile"]], percentages[heading["upper_quartile"]]
    spread = go.Bar(
        y=titles,
        x=(upper - lower).to_list(),
        base=lower.to_list(),
        orientation="h",
        name="Middle half of the areas",
        marker_color="#c6dbef",
    )
    median, area = (
        go.Scatter(
            y=titles,
            x=percentages[column].to_list(),
            mode="markers",
            name=name,
            marker={"symbol": symbol, "size": size, "color": charts.PALETTE[colour]},
        )
        for column, name, symbol, size, colour in (
            (heading["median"], "Median of the areas", "line-ns-open", 18, 7),
            (heading["value"], "This area", "diamond", 11, 5),
        )
    )
    fig = charts.style(go.Figure([spread, median, area]))
    fig.update_layout(xaxis_title="Per cent", height=160 + 30 * len(titles), barmode="overlay")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def show_area_comparison(comparison_path: str, area_name: str) -> None:
    """Show the area beside the other areas of its batch run, or say why that is not available.

    Parameters
    ----------
    comparison_path
        The batch run's ``areas_indicators.parquet``; blank when the pack is built on its own.
    area_name
        The area, as named in the batch manifest.
    """
    areas = count_areas(comparison_path) if comparison_path else 0
    if areas < 2:
        # nothing to say: the pack leaves the section out and says why (issue 25)
        record("area_comparison", None)
        leave_section_out(NOT_IN_BATCH)
        return
    position = area_position(comparison_path, area_name)
    record(
        "area_comparison",
        {
            "areas": areas,
            "rank": dict(zip(position["indicator_id"], position["rank"], strict=True)),
            "median": dict(zip(position["indicator_id"], position["median"], strict=True)),
        },
    )
    show_note(
        f"Compared with the {areas} areas of the same batch run. Rank 1 is the highest value; "
        "a high value is not always better (for example, re-referrals). Areas where an indicator "
        "is not available are left out of its median, quartiles and rank."
    )
    heading = headings("areas_all")
    quartiles = ("lower_quartile", "median", "upper_quartile")
    readable = position.select(
        pl.col("title").alias(heading["title"]),
        *(
            value_for_readers(key, NOT_AVAILABLE).alias(heading[key])
            for key in ("value", *quartiles)
        ),
        pl.when(pl.col("rank").is_null())
        .then(pl.lit(NOT_AVAILABLE))
        .otherwise(pl.format("{} of {}", pl.col("rank").cast(pl.String), pl.col("areas_count")))
        .alias(heading["rank"]),
    )
    percent = headings("areas_percentages")
    percentages = position.filter(
        (pl.col("unit") != "count") & pl.col("value").is_not_null() & pl.col("median").is_not_null()
    ).select(
        pl.col("title").alias(percent["title"]),
        pl.col("value").alias(percent["value"]),
        *(pl.col(key).round(1).alias(percent[key]) for key in quartiles),
    )
    if not percentages.is_empty():
        charts.show_chart(
            _position_chart(percentages),
            caption=caption("areas_chart"),
            description=(
                "For each percentage indicator, the bar spans the middle half of the areas "
                "(lower to upper quartile), the line marks their median and the diamond this area."
            ),
            numbers=percentages,
        )
    show_table(readable, caption("areas_all"), max_rows=None)
