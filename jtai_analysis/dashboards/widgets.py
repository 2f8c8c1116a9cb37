"""The inspectors' explorer and sampling workbench: ipywidgets wiring over plain functions.

Served as a web app by ``jtai dashboard`` (Voilà, no code shown) and usable in JupyterLab. Every
figure comes from ``cohort_view``, ``follow``, ``explore`` or ``sample_view``; this module only lays
out controls, charts and tables and redraws them when a control changes. Static HTML cannot run
widgets, so the briefing pack never includes them.

The grid is itables' ``ITable`` widget (DataTables): maintained, it sorts, searches and pages in
the browser with no server round trip, takes polars frames directly and ships its JavaScript in the
Python package, so it works with no network. (ipydatagrid has no search box or paging and its last
release is two years old; ag-Grid wrappers are either stale or not yet 1.0.)
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as w
import plotly.graph_objects as go
import polars as pl

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.common.paths import project_root
from jtai_analysis.dashboards import cohort_view, explore, follow, sample_view
from jtai_analysis.dashboards.cohort_view import MISSING, NOT_RECORDED, Filters
from jtai_analysis.dashboards.plotly_widget import PlotlyChart
from jtai_analysis.presentation.notebook_context import InspectionContext
from jtai_analysis.presentation.tables import html_table
from jtai_analysis.sampling.candidates import Candidate, candidates
from jtai_analysis.sampling.sample_tables import for_readers

# Rows sent to the grid at once; the count, the charts and the export cover every child. The browser
# rebuilds the grid (DataTables) at each filter change, in time that grows with its rows: on a busy
# 2-core machine about 230 ms of the page's time a change for 250 rows, 160 ms for 100 (4 pages).
GRID_ROWS = 100
_CHART_LAYOUT = {
    "height": 260,
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "template": "plotly_white",
    "font": {"size": 12},
}
_COLOUR, _CHOSEN = "#1d70b8", "#003078"
# Shown when the controls below could not be drawn: a notebook reopened without a running
# kernel. A live view hides it (see ``_live_style``).
RERUN_NOTE = (
    "These controls need the notebook to be running. Choose Run > Run All Cells (or Kernel > "
    "Restart Kernel and Run All Cells) to use them again."
)


def exports_dir() -> Path:
    """Where exports and saved samples go: ``JTAI_EXPORT_DIR`` or ``reports/exports``."""
    override = os.environ.get("JTAI_EXPORT_DIR")
    return Path(override) if override else project_root() / "reports" / "exports"


@dataclass
class Workspace:
    """What every view shares, built once per session: the cohort in words, events, the sample."""

    context: InspectionContext
    seed: int
    lock: tuple[str, ...]
    exclude: tuple[str, ...]
    lock_6: tuple[str, ...]
    exclude_6: tuple[str, ...]
    events: pl.DataFrame
    pool: list[Candidate]
    sample: sample_view.AdjustedSample
    table: pl.DataFrame
    data_paths: tuple[str, ...] = ()
    listeners: list[Callable[[], None]] = field(default_factory=list)


def open_workspace(
    context: InspectionContext,
    seed: int = 1,
    lock: list[str] | tuple[str, ...] = (),
    exclude: list[str] | tuple[str, ...] = (),
    data_paths: list[str] | tuple[str, ...] = (),
    lock_6: list[str] | tuple[str, ...] = (),
    exclude_6: list[str] | tuple[str, ...] = (),
) -> Workspace:
    """Build the shared state from a loaded context and the parameters' seed, locks and exclusions."""
    events = explore.all_events(context.data)
    pool = candidates(context.data, context.reference_date)
    sample = sample_view.adjust(pool, seed, lock, exclude, lock_6, exclude_6)
    table = cohort_view.cohort_table(
        context.cohort,
        context.data,
        events,
        tuple(sample.twenty["child_id"].to_list()),
        tuple(sample.six["child_id"].to_list()),
    )
    return Workspace(
        context,
        seed,
        tuple(lock),
        tuple(exclude),
        tuple(lock_6),
        tuple(exclude_6),
        events,
        pool,
        sample,
        table,
        tuple(data_paths),
    )


def _live_style() -> w.HTML:
    """An invisible widget whose style hides the re-run note while the kernel is live."""
    return w.HTML("<style>.jtai-rerun-note{display:none !important}</style>")


# In JupyterLab, a widget whose kernel is gone is drawn as the bare text "Error displaying
# widget: model not found" (an output node holding text and no element). In the cells that carry
# the note, that text is hidden: the note says what to do instead.
_HIDE_DEAD_WIDGETS = (
    ".jp-Cell:has(.jtai-rerun-note) .jp-OutputArea-output.jupyter-widgets:not(:has(*))"
    "{display:none}"
)


def rerun_note_html() -> str:
    """The note (and its style) shown where controls cannot be drawn."""
    return (
        f"<style>{_HIDE_DEAD_WIDGETS}</style>"
        f'<p class="jtai-rerun-note" role="note">{html.escape(RERUN_NOTE)}</p>'
    )


def rerun_note() -> None:
    """Display the note a notebook reopened without a kernel shows in place of its controls.

    While the kernel runs, the controls' own style hides it (:func:`_live_style`); the web app's
    page template hides it too, so the web app never shows it.
    """
    from IPython.display import HTML, display

    display(HTML(rerun_note_html()))


# ----------------------------------------------------------------------------------------------
# Small building blocks


class Choices(w.VBox):
    """A titled group of tick boxes: several can be ticked with no keyboard modifier."""

    def __init__(self, title: str, options: list[tuple[str, str]], on_change: Callable) -> None:
        self.boxes = {
            key: w.Checkbox(
                description=label, value=False, indent=False, layout=w.Layout(width="auto")
            )
            for label, key in options
        }
        for box in self.boxes.values():
            box.observe(on_change, names="value")
        super().__init__(
            [w.HTML(f"<strong>{html.escape(title)}</strong>"), *self.boxes.values()],
            layout=w.Layout(margin="0 16px 8px 0", min_width="150px"),
        )
        self.add_class("jtai-choices")

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.boxes.items() if box.value)

    def choose(self, keys: tuple[str, ...]) -> None:
        for key, box in self.boxes.items():
            box.value = key in keys


class Redraw:
    """Redraws a view after each change of a control, or once after a batch of changes.

    ``view.draw`` is set once the view's drawing function exists; controls observe ``changed``.
    """

    def __init__(self) -> None:
        self.draw: Callable[[], None] = lambda: None
        self._quiet = False

    def changed(self, _: object = None) -> None:
        if not self._quiet:
            self.draw()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes made inside are drawn once, at the end."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
        self.draw()


# (what the panel counts, the filter a click on its bars sets, its title), in panel order.
_PANELS = (
    ("age_group", "age_groups", "Children by age group"),
    ("domestic_abuse", "domestic_abuse", "Domestic abuse"),
    ("lists", "lists", "Lists the children reach"),
    ("sources", "sources", "Contacts and referrals from"),
)


def _panel_figure() -> go.Figure:
    """Four bar charts in one figure, two by two; a click on a bar filters the children."""
    from plotly.subplots import make_subplots

    grid = make_subplots(
        rows=2, cols=2, subplot_titles=[title for *_, title in _PANELS], vertical_spacing=0.3
    )
    for index in range(len(_PANELS)):
        grid.add_bar(
            x=[],
            y=[],
            marker_color=_COLOUR,
            hovertemplate="%{x}: %{y:,}<extra></extra>",
            showlegend=False,
            row=index // 2 + 1,
            col=index % 2 + 1,
        )
    grid.update_layout(**{**_CHART_LAYOUT, "height": 600})
    grid.update_yaxes(rangemode="tozero")
    return grid


def _reading(title: str, counts: pl.DataFrame, not_available: str = "") -> str:
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


def _download_link(path: Path) -> str:
    """A link that hands the written file to the browser (the app may run on another machine)."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<a download="{html.escape(path.name)}" href="data:{kind};base64,{data}">Download {html.escape(path.name)}</a>'


def _grid(frame: pl.DataFrame) -> w.DOMWidget:
    from jtai_analysis.dashboards.grid_widget import Grid

    grid = Grid(
        frame,
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
    grid.add_class("jtai-grid")  # built when it comes into sight (``grid_widget``)
    return grid


# ----------------------------------------------------------------------------------------------
# Cohort


def cohort_explorer(space: Workspace) -> w.Widget:
    """Filters, four linked charts (a click on a bar filters), the children's grid and export."""
    catalogue = load_catalogue()
    table = space.table
    redraw = Redraw()
    changed, batch = redraw.changed, redraw.batch
    # Lists not received are not counted: their bars say so instead of showing 0.
    received = tuple(key for key in explore.LIST_LABELS if space.context.data.has(key))
    unavailable = cohort_view.not_available(space.context.data)
    sexes = cohort_view.code_words(catalogue.codelists["sex"])
    disabilities = cohort_view.code_words(catalogue.codelists["yes_no_unknown"])
    groups = list(dict.fromkeys(cohort_view.code_groups(catalogue.codelists["ethnicity"]).values()))
    sources = sorted({s for cell in table["sources"].to_list() for s in cell})
    missing = (f"{NOT_RECORDED} (blank)", MISSING)
    nomination_lists = [code.code for code in catalogue.codelists["nomination_list"].codes]
    choices = {
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
    date_from = w.DatePicker(description="Events from", layout=w.Layout(width="260px"))
    date_to = w.DatePicker(description="to", layout=w.Layout(width="260px"))
    for picker in (date_from, date_to):
        picker.observe(changed, names="value")
    clear = w.Button(description="Clear filters", button_style="", tooltip="Show every child")
    clear.add_class("jtai-clear")
    count = w.HTML()
    count.add_class("jtai-count")
    # One figure with four panels, drawn by one chart widget.
    charts = {name: (filter_name, index) for index, (name, filter_name, _) in enumerate(_PANELS)}
    figure = _panel_figure()
    chart = PlotlyChart(figure)
    chart.add_class("jtai-cohort-charts")
    readings = {name: w.HTML() for name in charts}
    grid = _grid(cohort_view.for_readers(table.head(GRID_ROWS)))
    grid_note = w.HTML()
    export_format = w.Dropdown(
        options=[("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")], description="Export as"
    )
    export_button = w.Button(description="Export the children shown", button_style="primary")
    export_button.add_class("jtai-export")
    export_result = w.HTML()
    export_result.add_class("jtai-export-result")
    current = {"children": table}

    def filters() -> Filters:
        return Filters(
            **{name: box.chosen for name, box in choices.items()},
            date_from=date_from.value,
            date_to=date_to.value,
        )

    def refresh() -> None:
        children = cohort_view.apply_filters(table, filters())
        current["children"] = children
        count.value = (
            f'<p class="jtai-count-text" role="status"><strong>{children.height:,}</strong> of '
            f"{table.height:,} children match.</p>"
        )
        # The chart first: the readings beneath it are folded away until asked for.
        counts = cohort_view.count_all(
            children, tuple(charts), received, tuple(d for d in unavailable if d != "lists")
        )
        for name, (_, index) in charts.items():
            figure.data[index].x = counts[name]["label"].to_list()
            figure.data[index].y = counts[name]["children"].to_list()
        chart.show(figure)
        for name, (_, index) in charts.items():
            readings[name].value = _reading(
                _PANELS[index][2], counts[name], unavailable.get(name, "")
            )
        grid.update(cohort_view.for_readers(children.head(GRID_ROWS)))
        grid_note.value = (
            f'<p class="jtai-note">The table holds the first {GRID_ROWS:,} of {children.height:,} '
            "children (by ID); narrow the filters or export to see them all.</p>"
            if children.height > GRID_ROWS
            else ""
        )

    redraw.draw = refresh

    def clear_all(_: object = None) -> None:
        with batch():
            for box in choices.values():
                box.choose(())
            date_from.value = date_to.value = None

    def bar_clicked(trace: int, point: int) -> None:
        name, filter_name, _ = _PANELS[trace]
        key = cohort_view.count_by(current["children"], name)["key"].to_list()[point]
        box = choices[filter_name]
        with batch():  # a second click on the only bar chosen lets everyone back in
            box.choose(() if box.chosen == (key,) else (key,))

    chart.on_click(bar_clicked)

    def export(_: object = None) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = exports_dir() / f"children-{stamp}.{export_format.value}"
        cohort_view.export_children(current["children"], path)
        export_result.value = (
            f'<p role="status">{current["children"].height:,} children written to '
            f"<code>{html.escape(str(path))}</code>. {_download_link(path)}</p>"
        )

    clear.on_click(clear_all)
    export_button.on_click(export)
    refresh()
    filter_rows = w.HBox(list(choices.values()), layout=w.Layout(flex_flow="row wrap"))
    numbers = w.HBox(
        [w.Box([readings[name]], layout=w.Layout(width="48%")) for name in charts],
        layout=w.Layout(flex_flow="row wrap"),
    )
    box = w.VBox(
        [
            _live_style(),
            filter_rows,
            w.HBox([date_from, date_to, clear]),
            count,
            chart,
            numbers,
            grid,
            grid_note,
            w.HBox([export_format, export_button]),
            export_result,
        ]
    )
    box.add_class("jtai-cohort")
    # Handles for scripted use and tests (ipywidgets has no lookup by name).
    box.choices, box.count, box.clear, box.figure, box.grid = choices, count, clear, figure, grid
    box.chart, box.bar_clicked, box.readings = chart, bar_clicked, readings
    box.export_format, box.export_button, box.export_result = (
        export_format,
        export_button,
        export_result,
    )
    box.date_from, box.date_to = date_from, date_to
    return box


# ----------------------------------------------------------------------------------------------
# Follow a child


def _timeline() -> go.Figure:
    """The journey chart, made once and redrawn for each child."""
    return go.Figure(
        data=[
            go.Scatter(
                x=[],
                y=[],
                mode="markers+lines",
                marker={"size": 11, "color": _CHOSEN},
                line={"color": "#b1b4b6"},
                hovertemplate="%{x|%d %b %Y}: %{text}<extra></extra>",
            )
        ],
        layout={
            **_CHART_LAYOUT,
            "title": {"text": "Journey across the lists", "x": 0},
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": list(explore.LIST_LABELS.values()),
            },
        },
    )


def child_follower(space: Workspace) -> w.Widget:
    """Type a child ID: a profile line, the journey as a timeline, and each event's sheet and row."""
    child = w.Text(
        placeholder="Child ID, then Enter",
        description="Child",
        continuous_update=False,
    )
    child.add_class("jtai-child-id")
    profile = w.HTML()
    profile.add_class("jtai-profile")
    # Made at the first child followed, then redrawn: the page loads plotly.js only when needed.
    timelines: list[PlotlyChart] = []
    timeline = _timeline()
    chart = w.Box(layout=w.Layout(display="none"))
    events = w.HTML()

    def refresh(_: object = None) -> None:
        wanted = child.value.strip()
        line = follow.profile_line(space.table, wanted) if wanted else None
        if line is None:
            profile.value = f'<p role="status">{html.escape(follow.why_not_found(space.context.data, wanted))}</p>'
            chart.layout.display = "none"
            events.value = ""
            return
        journey = explore.events_for(space.events, wanted)
        profile.value = f'<p role="status"><strong>{html.escape(line)}</strong></p>'
        timeline.data[0].x = journey["date"].to_list()
        timeline.data[0].y = journey["list"].to_list()
        timeline.data[0].text = journey["event"].to_list()
        timeline.layout.title.text = f"Child {wanted}: journey across the lists"
        if timelines:
            timelines[0].show(timeline)
        else:
            timelines.append(PlotlyChart(timeline))
            chart.children = (timelines[0],)
        chart.layout.display = "flex"
        events.value = html_table(
            journey.select(
                pl.col("date").alias("Date"),
                pl.col("list").alias("List"),
                pl.col("event").alias("What happened"),
                pl.col("detail").alias("Detail"),
                pl.col("sheet").alias("Sheet"),
                pl.col("row").alias("Row"),
            ),
            f"{journey.height} dated events, oldest first",
        )

    child.observe(refresh, names="value")
    refresh()
    box = w.VBox([_live_style(), child, profile, chart, events])
    box.add_class("jtai-follow")
    box.child, box.profile, box.chart, box.events = child, profile, chart, events
    return box


# ----------------------------------------------------------------------------------------------
# Sampling workbench


def sampling_workbench(space: Workspace) -> w.Widget:
    """Lock or exclude each nominated child, lock into the 6, see coverage, save the 20 and 6."""
    if not space.pool:
        return w.HTML(
            "<p>The nomination lists have not arrived yet: the 20 are chosen from them.</p>"
        )
    candidates = sample_view.candidate_table(space.pool)
    redraw = Redraw()
    changed, batch = redraw.changed, redraw.batch
    controls: dict[str, w.ToggleButtons] = {}
    into_six: dict[str, w.Checkbox] = {}
    out_of_six: dict[str, w.Checkbox] = {}

    def only_one(other: w.Checkbox) -> Callable[[dict[str, object]], None]:
        """Ticking one of a child's two boxes for the 6 unticks the other, then recounts once."""

        def ticked(change: dict[str, object]) -> None:
            if change["new"] and other.value:
                with batch():
                    other.value = False
            else:
                changed()

        return ticked

    rows = []
    header = w.HTML(
        "<div class='jtai-cand-head'><strong>Child ID · lists · age group · status · agencies · "
        "domestic abuse current</strong></div>"
    )
    for record in candidates.iter_rows(named=True):
        child_id = record["Child ID"]
        start = (
            sample_view.LOCK
            if child_id in space.lock
            else sample_view.EXCLUDE
            if child_id in space.exclude
            else sample_view.PROPOSED
        )
        toggle = w.ToggleButtons(
            options=[
                ("As proposed", sample_view.PROPOSED),
                ("Lock", sample_view.LOCK),
                ("Exclude", sample_view.EXCLUDE),
            ],
            value=start,
            style={"button_width": "90px"},
        )
        toggle.add_class(f"jtai-choice-{child_id}")
        six_box = w.Checkbox(
            description="Lock into the 6", value=child_id in space.lock_6, indent=False
        )
        six_box.add_class(f"jtai-six-{child_id}")
        not_six_box = w.Checkbox(
            description="Keep out of the 6", value=child_id in space.exclude_6, indent=False
        )
        not_six_box.add_class(f"jtai-not-six-{child_id}")
        toggle.observe(changed, names="value")
        six_box.observe(only_one(not_six_box), names="value")
        not_six_box.observe(only_one(six_box), names="value")
        controls[child_id], into_six[child_id] = toggle, six_box
        out_of_six[child_id] = not_six_box
        label = w.HTML(
            f"<span class='jtai-cand'><strong>{html.escape(child_id)}</strong> · list {html.escape(record['Lists'])} · "
            f"{html.escape(record['Age group'])} · {html.escape(record['Status'])} · {record['Agencies']} agencies · "
            f"{html.escape(record['Domestic abuse current'])}</span>",
            layout=w.Layout(width="460px"),
        )
        # "Lock into the 6" only where the sampling rules take locks into the 6.
        rows.append(
            w.HBox(
                [label, toggle, *([six_box, not_six_box] if sample_view.can_lock_into_6() else [])]
            )
        )
    status = w.HTML()
    status.add_class("jtai-sample-status")
    coverage_figure = go.Figure(
        layout={
            **_CHART_LAYOUT,
            "title": {"text": "Age groups: nominated, the 20, the 6", "x": 0},
            "barmode": "group",
        }
    )
    coverage_chart = PlotlyChart(coverage_figure)
    coverage_numbers = w.HTML()
    six_table, twenty_table = w.HTML(), w.HTML()
    command = w.HTML()
    out_folder = w.Text(
        value=str(exports_dir() / "sample"),
        description="Save to",
        continuous_update=False,  # the command shown follows the folder once it is typed
        layout=w.Layout(width="520px"),
    )
    save_format = w.Dropdown(
        options=[("CSV (.csv)", "csv"), ("Excel (.xlsx)", "xlsx")], description="as"
    )
    save_button = w.Button(description="Save the 20 and 6", button_style="primary")
    save_button.add_class("jtai-save-sample")
    save_result = w.HTML()
    save_result.add_class("jtai-save-result")
    current: dict[str, sample_view.AdjustedSample] = {}

    def chosen(state: str) -> list[str]:
        return [c for c, toggle in controls.items() if toggle.value == state]

    def refresh() -> None:
        lock_6 = [c for c, box in into_six.items() if box.value]
        exclude_6 = [c for c, box in out_of_six.items() if box.value]
        sample = sample_view.adjust(
            space.pool,
            space.seed,
            chosen(sample_view.LOCK),
            chosen(sample_view.EXCLUDE),
            lock_6,
            exclude_6,
        )
        current["sample"] = sample
        if not sample.is_feasible:
            status.value = f'<p role="alert"><strong>No selection possible:</strong> {html.escape(sample.problem)}</p>'
        else:
            status.value = (
                f'<p role="status">{len(chosen(sample_view.LOCK))} locked, {len(chosen(sample_view.EXCLUDE))} excluded, '
                f"{len(lock_6)} locked into the 6, {len(exclude_6)} kept out of the 6: "
                "the 20 and 6 below.</p>"
            )
        counts = sample_view.coverage(space.pool, sample)
        coverage_figure.data = []
        for name, colour in (
            ("Nominated", "#b1b4b6"),
            ("In the 20", _COLOUR),
            ("In the 6", _CHOSEN),
        ):
            coverage_figure.add_bar(
                x=counts["Age group"].to_list(),
                y=counts[name].to_list(),
                name=name,
                marker_color=colour,
            )
        coverage_chart.show(coverage_figure)
        coverage_numbers.value = (
            "<details><summary>Each age group's nominated children beside those in the 20 and 6. Numbers</summary>"
            + html_table(counts, "Age groups: nominated, the 20, the 6")
            + "</details>"
        )
        six_table.value = (
            html_table(for_readers(sample.six), "The 6 for audit") if sample.is_feasible else ""
        )
        twenty_table.value = (
            html_table(for_readers(sample.twenty), "The 20") if sample.is_feasible else ""
        )
        command.value = (
            "<p>The same 20 and 6 from the command line:</p><pre class='jtai-command'>"
            + html.escape(
                sample_view.sample_command(
                    list(space.data_paths) or ["DATA"],
                    space.context.reference_date,
                    out_folder.value,
                    space.seed,
                    chosen(sample_view.LOCK),
                    chosen(sample_view.EXCLUDE),
                    lock_6,
                    exclude_6,
                )
            )
            + "</pre>"
        )

    redraw.draw = refresh

    def save(_: object = None) -> None:
        sample = current["sample"]
        if not sample.is_feasible:
            save_result.value = f'<p role="alert">Nothing saved: {html.escape(sample.problem)}</p>'
            return
        written = sample_view.save(sample, Path(out_folder.value), save_format.value)
        save_result.value = (
            f'<p role="status">Saved {", ".join(f"<code>{html.escape(str(p))}</code>" for p in written)}. '
            + " ".join(_download_link(p) for p in written)
            + "</p>"
        )

    save_button.on_click(save)
    out_folder.observe(changed, names="value")
    refresh()
    box = w.VBox(
        [
            _live_style(),
            header,
            w.VBox(rows, layout=w.Layout(max_height="420px", overflow="auto")),
            status,
            coverage_chart,
            coverage_numbers,
            six_table,
            twenty_table,
            w.HBox([out_folder, save_format, save_button]),
            save_result,
            command,
        ]
    )
    box.add_class("jtai-workbench")
    box.controls, box.into_six, box.out_of_six = controls, into_six, out_of_six
    box.status, box.command = status, command
    box.out_folder, box.save_format, box.save_button, box.save_result = (
        out_folder,
        save_format,
        save_button,
        save_result,
    )
    box.six_table, box.twenty_table, box.adjusted = six_table, twenty_table, current
    return box
