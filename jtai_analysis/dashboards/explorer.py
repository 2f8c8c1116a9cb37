"""The explorer's children: filters, four linked charts, the children's grid and export.

Every figure comes from ``cohort_view``; this module lays out the controls, charts and table and
redraws them when a control changes. A click on a bar filters the children it counts.

The grid is itables' ``ITable`` widget (DataTables): maintained, it sorts, searches and pages in
the browser with no server round trip, takes polars frames directly and ships its JavaScript in the
Python package, so it works with no network. (ipydatagrid has no search box or paging and its last
release is two years old; ag-Grid wrappers are either stale or not yet 1.0.)
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as w
import plotly.graph_objects as go
import polars as pl

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.dashboards import cohort_view, explore
from jtai_analysis.dashboards.cohort_view import MISSING, NOT_RECORDED, Filters
from jtai_analysis.dashboards.controls import Choices, Redraw, download_link
from jtai_analysis.dashboards.page_style import page_style
from jtai_analysis.dashboards.plotly_widget import BAR_COLOUR, CHART_LAYOUT, PlotlyChart
from jtai_analysis.dashboards.rerun_note import live_style
from jtai_analysis.dashboards.workspace import Workspace, exports_dir
from jtai_analysis.presentation.tables import html_table

# Rows sent to the grid at once; the count, the charts and the export cover every child. The browser
# rebuilds the grid (DataTables) at each filter change, in time that grows with its rows: on a busy
# 2-core machine about 230 ms of the page's time a change for 250 rows, 160 ms for 100 (4 pages).
GRID_ROWS = 100
# (what the panel counts, the filter a click on its bars sets, its title), in panel order.
PANELS = (
    ("age_group", "age_groups", "Children by age group"),
    ("domestic_abuse", "domestic_abuse", "Domestic abuse"),
    ("lists", "lists", "Lists the children reach"),
    ("sources", "sources", "Contacts and referrals from"),
)


def panel_figure() -> go.Figure:
    """Four bar charts in one figure, two by two; a click on a bar filters the children."""
    from plotly.subplots import make_subplots

    grid = make_subplots(
        rows=2, cols=2, subplot_titles=[title for *_, title in PANELS], vertical_spacing=0.3
    )
    for index in range(len(PANELS)):
        grid.add_bar(
            x=[],
            y=[],
            marker_color=BAR_COLOUR,
            hovertemplate="%{x}: %{y:,}<extra></extra>",
            showlegend=False,
            row=index // 2 + 1,
            col=index % 2 + 1,
        )
    grid.update_layout(**{**CHART_LAYOUT, "height": 600})
    grid.update_yaxes(rangemode="tozero")
    return grid


def reading(title: str, counts: pl.DataFrame, not_available: str = "") -> str:
    """The numbers behind a chart and a one-sentence reading of them (and what is not counted)."""
    total = int(counts["children"].sum()) if counts.height else 0
    if not_available and counts["children"].null_count() == counts.height:
        sentence = ""  # nothing counted: the reason is the whole reading
    elif not total:
        sentence = "No child matches the filters."
    else:
        top = counts.sort("children", descending=True, nulls_last=True).row(0, named=True)
        sentence = f"The largest bar is {top['label']}: {top['children']:,} children."
    sentence = " ".join(part for part in (sentence, not_available) if part)
    # (a list not received has an empty cell, its label saying so: counts stay numbers, so small
    # ones are still suppressed)
    shown = counts.select(pl.col("label").alias(title), pl.col("children").alias("Children"))
    table = html_table(shown, title)
    return f"<details><summary>{html.escape(sentence)} Numbers</summary>{table}</details>"


def grid_frame(children: pl.DataFrame) -> pl.DataFrame:
    """The children as the grid shows them: in words (``for_readers``), each date as UK readers
    read it (dd/mm/yyyy), beside a hidden copy in ISO form that the grid sorts that column by."""
    readers = cohort_view.for_readers(children)
    dates = [name for name, dtype in readers.schema.items() if dtype == pl.Date]
    return readers.with_columns(
        *[pl.col(name).dt.strftime("%d/%m/%Y") for name in dates],
        *[pl.col(name).dt.strftime("%Y-%m-%d").alias(f"{name}{_SORT_SUFFIX}") for name in dates],
    )


_SORT_SUFFIX = " (sorted by)"


def grid_columns(frame: pl.DataFrame) -> list[dict[str, object]]:
    """DataTables' column settings for :func:`grid_frame`: the child ID sorted as text, and each
    date column sorted by its hidden ISO copy (hidden, and left out of the search)."""
    columns = frame.columns
    settings: list[dict[str, object]] = [{"targets": [0], "type": "string"}]
    for index, name in enumerate(columns):
        if name.endswith(_SORT_SUFFIX):
            shown = columns.index(name.removesuffix(_SORT_SUFFIX))
            settings.append({"targets": [index], "visible": False, "searchable": False})
            settings.append({"targets": [shown], "orderData": [index]})
    return settings


def children_grid(frame: pl.DataFrame) -> w.DOMWidget:
    """The children's grid (a :func:`grid_frame`), built when it comes into sight (``grid_widget``)."""
    from jtai_analysis.dashboards.grid_widget import Grid

    grid = Grid(
        frame,
        columnDefs=grid_columns(frame),
        show_dtypes=False,  # the headers are words; a row of data types under them is not
        lengthMenu=[25, 50, GRID_ROWS],
        pageLength=25,
        # Rows are drawn when their page is shown: a filter change draws 25 rows, not all; and
        # columns keep the page's widths instead of being measured in a hidden copy of the table.
        deferRender=True,
        autoWidth=False,
        maxBytes=0,  # never downsample silently: the rows sent are capped and said so instead
        classes="display compact",
        showIndex=False,
    )
    grid.add_class("jtai-grid")
    return grid


class CohortExplorer(w.VBox):
    """Filters, four linked charts (a click on a bar filters), the children's grid and export.

    Its controls are attributes (``choices``, ``date_from``, ``clear``, ``export_button`` ...) for
    scripted use and tests: ipywidgets has no lookup by name.
    """

    def __init__(self, space: Workspace) -> None:
        self.table = space.table
        self.redraw = Redraw()
        # Lists not received are not counted: their bars say so instead of showing 0.
        self.received = tuple(key for key in explore.LIST_LABELS if space.context.data.has(key))
        self.unavailable = cohort_view.not_available(space.context.data)
        self.choices = self._filter_choices()
        self.date_from = w.DatePicker(description="Events from", layout=w.Layout(width="auto"))
        self.date_to = w.DatePicker(description="to", layout=w.Layout(width="auto"))
        for picker in (self.date_from, self.date_to):
            picker.observe(self.redraw.changed, names="value")
        self.clear = w.Button(
            description="Clear filters",
            button_style="",
            tooltip="Show every child",
            layout=w.Layout(width="auto"),
        )
        self.clear.add_class("jtai-clear")
        self.count = w.HTML()
        self.count.add_class("jtai-count")
        # One figure with four panels, drawn by one chart widget.
        self.panels = {name: index for index, (name, _, _) in enumerate(PANELS)}
        self.figure = panel_figure()
        self.chart = PlotlyChart(self.figure)
        self.chart.add_class("jtai-cohort-charts")
        self.readings = {name: w.HTML() for name in self.panels}
        self.grid = children_grid(grid_frame(self.table.head(GRID_ROWS)))
        self.grid_note = w.HTML()
        self.export_format = w.Dropdown(
            options=[("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")], description="Export as"
        )
        self.export_button = w.Button(
            description="Export the children shown",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.export_button.add_class("jtai-export")
        self.export_result = w.HTML()
        self.export_result.add_class("jtai-export-result")
        self.shown = self.table
        # Children chosen on another view's chart (a week or a pattern of the front door): what
        # they are, in words, and who; and the views that redraw after each change of the filters.
        self.chosen: tuple[str, tuple[str, ...]] | None = None
        self.listeners: list[Callable[[pl.DataFrame], None]] = []

        self.redraw.draw = self.refresh
        self.chart.on_click(self.bar_clicked)
        self.clear.on_click(self.clear_all)
        self.export_button.on_click(self.export)
        self.refresh()
        super().__init__(self._laid_out())
        self.add_class("jtai-cohort")

    def _filter_choices(self) -> dict[str, Choices]:
        """The tick-box groups, each in the words of the contracts' code lists."""
        catalogue = load_catalogue()
        changed = self.redraw.changed
        received, unavailable = self.received, self.unavailable
        sexes = cohort_view.code_words(catalogue.codelists["sex"])
        disabilities = cohort_view.code_words(catalogue.codelists["yes_no_unknown"])
        groups = list(
            dict.fromkeys(cohort_view.code_groups(catalogue.codelists["ethnicity"]).values())
        )
        sources = sorted({s for cell in self.table["sources"].to_list() for s in cell})
        missing = (f"{NOT_RECORDED} (blank)", MISSING)
        nomination_lists = [code.code for code in catalogue.codelists["nomination_list"].codes]
        return {
            "age_groups": Choices("Age group", [(v, k) for k, v in AGE_GROUP_LABELS.items()], changed),
            "lists": Choices("Appears in", [(v if k in received else f"{v} (not received)", k) for k, v in explore.LIST_LABELS.items()], changed),
            "sexes": Choices("Sex", [*[(v, k) for k, v in sexes.items()], missing], changed),
            "ethnic_groups": Choices("Ethnic group", [*[(g, g) for g in groups], missing], changed),
            "disabilities": Choices("Disabled", [*[(v, k) for k, v in disabilities.items()], missing], changed),
            "domestic_abuse": Choices("Domestic abuse", [(v if "domestic_abuse" not in unavailable else f"{v} (not available)", k) for k, v in cohort_view.DA_LABELS.items()], changed),
            "nomination_lists": Choices("Nominated", [(f"List {x}", x) for x in nomination_lists], changed),
            "sample": Choices("Sample", [(v, k) for k, v in cohort_view.SAMPLE_LABELS.items()], changed),
            "statuses": Choices("Child in need / protection", [(v, k) for k, v in cohort_view.STATUSES.items()], changed),
            "sources": Choices("Contact or referral from", [(s, s) for s in sources], changed),
        }  # fmt: skip

    def _laid_out(self) -> list[w.Widget]:
        """The page from top to bottom: filters, count, charts and their numbers, grid, export."""
        numbers = w.HBox(
            [w.Box([self.readings[name]], layout=w.Layout(width="48%")) for name in self.panels],
            layout=w.Layout(flex_flow="row wrap"),
        )
        wrapping = w.Layout(flex_flow="row wrap", align_items="center")
        return [
            live_style(),
            page_style(),
            w.HBox(list(self.choices.values()), layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.date_from, self.date_to, self.clear], layout=wrapping),
            self.count,
            self.chart,
            numbers,
            self.grid,
            self.grid_note,
            w.HBox([self.export_format, self.export_button], layout=wrapping),
            self.export_result,
        ]

    def filters(self) -> Filters:
        """What the controls ask for now."""
        return Filters(
            **{name: box.chosen for name, box in self.choices.items()},
            date_from=self.date_from.value,
            date_to=self.date_to.value,
            children=self.chosen[1] if self.chosen else None,
        )

    def choose_children(self, words: str, children: tuple[str, ...] | None) -> None:
        """Keep only these children (chosen on another view, said in ``words``); None lets
        everyone back."""
        self.chosen = None if children is None else (words, children)
        self.redraw.changed()

    def refresh(self) -> None:
        """Count, chart, numbers and grid for the children the filters let through."""
        children = cohort_view.apply_filters(self.table, self.filters())
        self.shown = children
        chosen = f" Chosen on a chart: {html.escape(self.chosen[0])}." if self.chosen else ""
        self.count.value = (
            f'<p class="jtai-count-text" role="status"><strong>{children.height:,}</strong> of '
            f"{self.table.height:,} children match.{chosen}</p>"
        )
        # The chart first: the readings beneath it are folded away until asked for.
        counts = cohort_view.count_all(
            children,
            tuple(self.panels),
            self.received,
            tuple(d for d in self.unavailable if d != "lists"),
        )
        for name, index in self.panels.items():
            self.figure.data[index].x = counts[name]["label"].to_list()
            self.figure.data[index].y = counts[name]["children"].to_list()
        self.chart.show(self.figure)
        for name, index in self.panels.items():
            self.readings[name].value = reading(
                PANELS[index][2], counts[name], self.unavailable.get(name, "")
            )
        self.grid.update(grid_frame(children.head(GRID_ROWS)))
        self.grid_note.value = (
            f'<p class="jtai-note">The table holds the first {GRID_ROWS:,} of {children.height:,} '
            "children (by ID); narrow the filters or export to see them all.</p>"
            if children.height > GRID_ROWS
            else ""
        )
        for listener in self.listeners:
            listener(children)

    def clear_all(self, _: object = None) -> None:
        """Untick every filter and clear the dates: every child again, drawn once."""
        with self.redraw.batch():
            for box in self.choices.values():
                box.choose(())
            self.date_from.value = self.date_to.value = None
            self.chosen = None

    def bar_clicked(self, trace: int, point: int) -> None:
        """Keep only the children a bar counts; a second click on the only bar chosen lets all in."""
        name, filter_name, _ = PANELS[trace]
        key = cohort_view.count_by(self.shown, name)["key"].to_list()[point]
        box = self.choices[filter_name]
        with self.redraw.batch():
            box.choose(() if box.chosen == (key,) else (key,))

    def export(self, _: object = None) -> None:
        """Write the children shown to the chosen format and offer the file for download."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = exports_dir() / f"children-{stamp}.{self.export_format.value}"
        cohort_view.export_children(self.shown, path)
        self.export_result.value = (
            f'<p role="status">{self.shown.height:,} children written to '
            f"<code>{html.escape(str(path))}</code>. {download_link(path)}</p>"
        )


def cohort_explorer(space: Workspace) -> CohortExplorer:
    """The explorer's children for a notebook cell (see :class:`CohortExplorer`)."""
    return CohortExplorer(space)
