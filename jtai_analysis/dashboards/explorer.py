"""The explorer's children: filters, indicators, four linked charts, the children's grid and export.

Every number is a figure of the figures model, computed by the package for the children the
filters let through (``figure_view``); this module lays out the controls, charts and table and
redraws them when a control changes. A click on a bar filters the children it counts and shows the
rows behind its figure in the table (a click on an indicator shows its rows); those rows can be
handed to a dip sample.

The grid is itables' ``ITable`` widget (DataTables): maintained, it sorts, searches and pages in
the browser with no server round trip, takes polars frames directly and ships its JavaScript in the
Python package, so it works with no network. (ipydatagrid has no search box or paging and its last
release is two years old; ag-Grid wrappers are either stale or not yet 1.0.)
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go
import polars as pl

from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.labels import headings
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.dashboards import cohort_view, explore, figure_view
from jtai_analysis.dashboards.cohort_view import MISSING, NOT_AVAILABLE, NOT_RECORDED, Filters
from jtai_analysis.dashboards.controls import Choices, Redraw, download_link
from jtai_analysis.dashboards.figure_view import PANELS
from jtai_analysis.dashboards.page_style import page_style
from jtai_analysis.dashboards.plotly_widget import BAR_COLOUR, CHART_LAYOUT, PlotlyChart
from jtai_analysis.dashboards.rerun_note import live_style
from jtai_analysis.dashboards.workspace import Workspace, exports_dir
from jtai_analysis.presentation.tables import html_table

# Rows sent to the grid at once; the count, the charts and the export cover every child. The browser
# rebuilds the grid (DataTables) at each filter change, in time that grows with its rows: on a busy
# 2-core machine about 230 ms of the page's time a change for 250 rows, 160 ms for 100 (4 pages).
GRID_ROWS = 100
DIP_ROWS = 10  # the dip sample's size until the reader changes it


def panel_figure() -> go.Figure:
    """Four bar charts in one figure, two by two; a click on a bar filters the children."""
    from plotly.subplots import make_subplots

    grid = make_subplots(
        rows=2, cols=2, subplot_titles=[panel.title for panel in PANELS], vertical_spacing=0.3
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
    shown = counts.select(
        pl.col("label").alias(title),
        pl.col("children").alias(headings("cohort_summary")["children"]),
    )
    table = html_table(shown, title)
    return f"<details><summary>{html.escape(sentence)} Numbers</summary>{table}</details>"


def grid_frame(children: pl.DataFrame) -> pl.DataFrame:
    """The children as the grid shows them: in words (``for_readers``), dates as :func:`uk_dates`."""
    return uk_dates(cohort_view.for_readers(children))


def uk_dates(readers: pl.DataFrame) -> pl.DataFrame:
    """Each date as UK readers read it (dd/mm/yyyy), beside a hidden copy in ISO form that the
    grid sorts that column by."""
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


def _file_action(description: str, css_class: str, **button: Any) -> tuple[w.Button, w.HTML]:
    """A button that writes a file, and the line beside it that says what was written where."""
    clicked = w.Button(description=description, layout=w.Layout(width="auto"), **button)
    clicked.add_class(css_class)
    said = w.HTML()
    said.add_class(f"{css_class}-result")
    return clicked, said


class CohortExplorer(w.VBox):
    """Filters, indicators and four linked charts (a click filters and shows the rows behind the
    figure), the children's grid, export and a dip sample of the rows shown.

    Its controls are attributes (``choices``, ``date_from``, ``clear``, ``indicators``,
    ``show_all``, ``dip_button``, ``export_button`` ...) for scripted use and tests: ipywidgets has
    no lookup by name.
    """

    def __init__(self, space: Workspace) -> None:
        self.table = space.table
        self.seed = space.seed
        self.redraw = Redraw()
        # Lists not received are not counted: their bars say so instead of showing 0.
        self.received = tuple(key for key in explore.LIST_LABELS if space.context.data.has(key))
        # The page's figures for every child, computed once; for fewer children at each change.
        self.inputs = space.figure_inputs
        self.all_figures = figure_view.page_figures(self.inputs)
        self.figures = self.all_figures
        self.bars: dict[str, pl.DataFrame] = {}
        # The figure whose rows the table shows (ID, group, and the filter its click set), or None.
        self.figure_shown: tuple[str, str, str, str] | None = None
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
        self.indicators = {
            figure_id: w.Button(layout=w.Layout(width="auto", max_width="100%", height="auto"))
            for figure_id in figure_view.INDICATORS
        }
        for figure_id, button in self.indicators.items():
            button.add_class("jtai-figure-button")
            button.on_click(lambda _, f=figure_id: self.show_figure(f, "all"))
        self.indicator_notes = w.HTML()
        # One figure with four panels, drawn by one chart widget.
        self.panels = {panel.name: index for index, panel in enumerate(PANELS)}
        self.figure = panel_figure()
        self.chart = PlotlyChart(self.figure)
        self.chart.add_class("jtai-cohort-charts")
        self.readings = {name: w.HTML() for name in self.panels}
        self.table_words = w.HTML()
        self.table_words.add_class("jtai-table-words")
        self.show_all = w.Button(
            description="Back to all children",
            tooltip="The table shows every child the filters let through again",
            layout=w.Layout(width="auto", display="none"),
        )
        self.show_all.add_class("jtai-show-all")
        self.grid = children_grid(grid_frame(self.table.head(GRID_ROWS)))
        self.grid_note = w.HTML()
        self.dip_n = w.BoundedIntText(
            value=DIP_ROWS,
            min=1,
            max=100_000,
            description="Rows in the sample",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.dip_button, self.dip_result = _file_action(
            "Add these to a dip sample",
            "jtai-dip",
            tooltip="Write a dip sample of the rows the table shows to the export folder",
        )
        self.export_format = w.Dropdown(
            options=[("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")], description="Export as"
        )
        self.export_button, self.export_result = _file_action(
            "Export the children shown", "jtai-export", button_style="primary"
        )
        self.shown = self.table
        # Children chosen on another view's chart (a week or a pattern of the front door): what
        # they are, in words, and who; and the views that redraw after each change of the filters.
        self.chosen: tuple[str, tuple[str, ...]] | None = None
        self.listeners: list[Callable[[pl.DataFrame], None]] = []

        self.redraw.draw = self.refresh
        self.chart.on_click(self.bar_clicked)
        self.clear.on_click(self.clear_all)
        self.show_all.on_click(self.back_to_all)
        self.dip_button.on_click(self.add_to_dip)
        self.export_button.on_click(self.export)
        self.refresh()
        super().__init__(self._laid_out())
        self.add_class("jtai-cohort")

    def _filter_choices(self) -> dict[str, Choices]:
        """The tick-box groups, each in the words of the contracts' code lists."""
        catalogue = load_catalogue()
        changed = self.redraw.changed
        received = self.received
        # whether the flag can be known: the figure's own availability (one place decides)
        flagged = self.all_figures.figure("children_count", f"{PANELS[1].breakdown}={YES}")
        da_known = flagged is not None and bool(flagged["available"])
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
            "domestic_abuse": Choices("Domestic abuse", [(v if da_known else f"{v} (not available)", k) for k, v in cohort_view.DA_LABELS.items()], changed),
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
            w.HBox(list(self.indicators.values()), layout=wrapping),
            self.indicator_notes,
            self.chart,
            numbers,
            w.HBox([self.table_words, self.show_all], layout=wrapping),
            self.grid,
            self.grid_note,
            w.HBox([self.dip_n, self.dip_button], layout=wrapping),
            self.dip_result,
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
        """Figures, count, indicators, charts, numbers and table for the children the filters let
        through (the page's figures computed for those children)."""
        children = cohort_view.apply_filters(self.table, self.filters())
        self.shown = children
        narrowed = children.height != self.table.height
        self.figures = (
            figure_view.page_figures(self.inputs, children["child_id"].to_list())
            if narrowed
            else self.all_figures
        )
        chosen = f" Chosen on a chart: {html.escape(self.chosen[0])}." if self.chosen else ""
        self.count.value = (
            f'<p class="jtai-count-text" role="status"><strong>{_number(self.figures)}</strong>'
            f" of {_number(self.all_figures)} children match.{chosen}</p>"
        )
        reasons = []
        for figure_id, button in self.indicators.items():
            button.description = figure_view.indicator_words(self.figures, figure_id)
            row = self.figures.figure(figure_id)
            if row is not None and not row["available"]:
                reasons.append(row["note"])
        self.indicator_notes.value = _notes(reasons)
        # The chart first: the readings beneath it are folded away until asked for.
        for panel, index in zip(PANELS, self.panels.values(), strict=True):
            self.bars[panel.name] = figure_view.panel_bars(self.figures, panel, self.inputs)
            self.figure.data[index].x = self.bars[panel.name]["label"].to_list()
            self.figure.data[index].y = self.bars[panel.name]["children"].to_list()
        self.chart.show(self.figure)
        for panel in PANELS:
            bars = self.bars[panel.name]
            self.readings[panel.name].value = reading(
                panel.title, bars, figure_view.bars_reason(bars)
            )
        self._fill_table(children)
        for listener in self.listeners:
            listener(children)

    def _fill_table(self, children: pl.DataFrame) -> None:
        """The table: the children the filters let through, or the rows behind the figure shown."""
        if self.figure_shown is None:
            shown, total, what = grid_frame(children.head(GRID_ROWS)), children.height, "children"
            self.grid.update(shown)
            self.table_words.value = (
                '<p class="jtai-note" role="status">The table shows every child the filters let '
                "through. Click an indicator or a bar to see the rows behind it.</p>"
            )
            self.show_all.layout.display = "none"
        else:
            figure_id, group, *_ = self.figure_shown
            rows = figure_view.children_behind(self.figures, figure_id, group)
            shown, total, what = uk_dates(rows.head(GRID_ROWS)), rows.height, "rows"
            self.grid.update(shown, columnDefs=grid_columns(shown))
            words = figure_view.shown_words(self.figures, figure_id, group)
            self.table_words.value = (
                f'<p class="jtai-note" role="status">The table shows the rows behind '
                f"<strong>{html.escape(words)}</strong> (among the children the filters let "
                "through): each row's list, sheet and row say where the local area will find it.</p>"
            )
            self.show_all.layout.display = None
        self.grid_note.value = (
            f'<p class="jtai-note">The table holds the first {GRID_ROWS:,} of {total:,} {what} '
            "(by ID); narrow the filters or export to see them all.</p>"
            if total > GRID_ROWS
            else ""
        )

    def show_figure(self, figure_id: str, group: str, filter_name: str = "", key: str = "") -> None:
        """Show the rows behind a figure's group in the table (``filter_name`` and ``key``: the
        filter the click that chose it set, untouched by :meth:`back_to_all`)."""
        self.figure_shown = (figure_id, group, filter_name, key)
        self.dip_result.value = ""
        self._fill_table(self.shown)

    def back_to_all(self, _: object = None) -> None:
        """Every child in the table again; the filter a bar's click set is unticked."""
        shown, self.figure_shown = self.figure_shown, None
        self.dip_result.value = ""
        with self.redraw.batch():
            if shown is not None and shown[2]:
                box = self.choices[shown[2]]
                if box.chosen == (shown[3],):
                    box.choose(())

    def clear_all(self, _: object = None) -> None:
        """Untick every filter and clear the dates: every child again, drawn once."""
        with self.redraw.batch():
            for box in self.choices.values():
                box.choose(())
            self.date_from.value = self.date_to.value = None
            self.chosen = None
            self.figure_shown = None

    def bar_clicked(self, trace: int, point: int) -> None:
        """Keep only the children a bar counts and show the rows behind its figure; a second
        click on the only bar chosen lets all in. A bar with no count (not available) is shown
        with its reason and filters nothing."""
        panel = PANELS[trace]
        bar = self.bars[panel.name].row(point, named=True)
        if bar["children"] is None:
            self.show_figure(panel.figure_id, bar["group"])
            return
        box = self.choices[panel.filter_name]
        again = box.chosen == (bar["key"],)
        with self.redraw.batch():
            box.choose(() if again else (bar["key"],))
            self.figure_shown = (
                None if again else (panel.figure_id, bar["group"], panel.filter_name, bar["key"])
            )

    def add_to_dip(self, _: object = None) -> None:
        """Write a dip sample of the rows the table shows (of every child's row in Lists 1-7 when
        it shows the children) to the export folder, and say the ``jtai dip`` command."""
        figure_id, group = (self.figure_shown or ("children_count", "all"))[:2]
        row = self.figures.figure(figure_id, group)
        if row is None or not row["available"]:
            why = "" if row is None else f" {row['note']}"
            self.dip_result.value = (
                f'<p role="status">No dip sample: {html.escape(figure_id)} ({html.escape(group)}) '
                f"is not available.{html.escape(why)}</p>"
            )
            return
        n = int(self.dip_n.value)
        result = figure_view.dip_of(self.figures, figure_id, group, n, self.seed)
        if not result.matched:
            self.dip_result.value = '<p role="status">No dip sample: no row is behind it.</p>'
            return
        path = figure_view.write_dip(result, exports_dir(), figure_id, group)
        command = figure_view.dip_command(figure_id, group, n, self.seed, path)
        whole = self.all_figures.figure(figure_id, group)
        same = (
            "With the pack of these lists (PACK_DIR), this command draws the same rows:"
            if whole is not None and whole["numerator"] == row["numerator"]
            else "The filters narrow the children, so the pack's figure has more rows than these: "
            "the file holds a sample of the rows shown here; with no filter, this command draws "
            "the same rows from the pack of these lists (PACK_DIR):"
        )
        self.dip_result.value = (
            f'<p role="status">{html.escape(result.message)} Dip sample written to '
            f"<code>{html.escape(str(path))}</code> (child ID, list, file, sheet and row of each). "
            f"{download_link(path)}</p><p>{html.escape(same)}</p>"
            f'<pre class="jtai-command">{html.escape(command)}</pre>'
        )

    def export(self, _: object = None) -> None:
        """Write the children shown to the chosen format and offer the file for download."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = exports_dir() / f"children-{stamp}.{self.export_format.value}"
        cohort_view.export_children(self.shown, path)
        self.export_result.value = (
            f'<p role="status">{self.shown.height:,} children written to '
            f"<code>{html.escape(str(path))}</code>. {download_link(path)}</p>"
        )


def _number(figures: figure_view.FigureSet) -> str:
    """The children counted (``children_count``), or "Not available"."""
    found = figures.number("children_count")
    return NOT_AVAILABLE if found is None else f"{found:,}"


def _notes(reasons: list[str]) -> str:
    items = "".join(f"<li>{html.escape(r)}</li>" for r in dict.fromkeys(reasons) if r)
    return f'<ul class="jtai-note" role="status">{items}</ul>' if items else ""


def cohort_explorer(space: Workspace) -> CohortExplorer:
    """The explorer's children for a notebook cell (see :class:`CohortExplorer`)."""
    return CohortExplorer(space)
