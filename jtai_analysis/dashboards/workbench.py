"""The sampling workbench: lock or exclude each nominated child, lock a child into the 6 or keep one
out of it, see the balance of the 20 and 6 against the focus children (the pack's), save the 20
and 6, and the ``jtai sample`` command that gives the same children.

Every figure comes from ``sample_view``; nothing here chooses a child.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import plotly.graph_objects as go

from jtai_analysis.catalogue.labels import headings
from jtai_analysis.dashboards import sample_view
from jtai_analysis.dashboards.controls import Redraw, download_link, wide_table
from jtai_analysis.dashboards.page_style import page_style
from jtai_analysis.dashboards.plotly_widget import (
    BAR_COLOUR,
    CHART_LAYOUT,
    CHOSEN_COLOUR,
    PlotlyChart,
)
from jtai_analysis.dashboards.rerun_note import live_style
from jtai_analysis.dashboards.workspace import Workspace, exports_dir
from jtai_analysis.presentation.tables import html_table

NO_NOMINATIONS = "<p>The nomination lists have not arrived yet: the 20 are chosen from them.</p>"


def _six_box(description: str, is_ticked: bool) -> w.Checkbox:
    """One of a nominated child's two boxes for the 6, beside the child's other choices."""
    return w.Checkbox(
        description=description,
        value=is_ticked,
        indent=False,
        layout=w.Layout(width="auto", flex="0 0 auto", margin="0 0 0 1em"),
    )


class CandidateRow(w.HBox):
    """One nominated child on a row of its own height: who they are, then beside them the choice
    for the 20 and the two boxes for the 6 (beneath them where the page is narrow)."""

    def __init__(self, record: dict[str, object], space: Workspace, redraw: Redraw) -> None:
        child_id = str(record["child_id"])
        start = (
            sample_view.LOCK
            if child_id in space.lock
            else sample_view.EXCLUDE
            if child_id in space.exclude
            else sample_view.PROPOSED
        )
        # Radio buttons, not toggle buttons: a screen reader says which of the three is chosen.
        self.choice = w.RadioButtons(
            options=[
                ("As proposed", sample_view.PROPOSED),
                ("Lock", sample_view.LOCK),
                ("Exclude", sample_view.EXCLUDE),
            ],
            value=start,
            orientation="horizontal",
            layout=w.Layout(width="auto", flex="0 0 auto"),
        )
        self.choice.add_class(f"jtai-choice-{child_id}")
        self.into_six = _six_box("Lock into the 6", child_id in space.lock_6)
        self.into_six.add_class(f"jtai-six-{child_id}")
        self.out_of_six = _six_box("Keep out of the 6", child_id in space.exclude_6)
        self.out_of_six.add_class(f"jtai-not-six-{child_id}")
        self.choice.observe(redraw.changed, names="value")
        self.into_six.observe(_only_one(self.out_of_six, redraw), names="value")
        self.out_of_six.observe(_only_one(self.into_six, redraw), names="value")
        who = w.HTML(
            f"<strong>{html.escape(child_id)}</strong> · "
            f"{html.escape(sample_view.candidate_line(record))}",
            layout=w.Layout(flex="1 1 22em", min_width="12em", width="auto"),
        )
        who.add_class("jtai-cand-text")
        # "Lock into the 6" only where the sampling rules take locks into the 6.
        sixes = [self.into_six, self.out_of_six] if sample_view.can_lock_into_6() else []
        super().__init__(
            [who, self.choice, *sixes],
            # never squeezed below its content (flex 0 0 auto), never a scroll box of its own
            layout=w.Layout(
                flex="0 0 auto",
                flex_flow="row wrap",
                align_items="center",
                overflow="visible",
                padding="2px 8px",
                border_bottom="1px solid #d8d8d8",
            ),
        )
        self.add_class("jtai-cand-row")


def _only_one(other: w.Checkbox, redraw: Redraw) -> Callable[[dict[str, object]], None]:
    """Ticking one of a child's two boxes for the 6 unticks the other, then recounts once."""

    def ticked(change: dict[str, object]) -> None:
        if change["new"] and other.value:
            with redraw.batch():
                other.value = False
        else:
            redraw.changed()

    return ticked


class SamplingWorkbench(w.VBox):
    """Lock or exclude each nominated child, lock into the 6, see the balance, save the 20 and 6.

    Its controls are attributes (``controls``, ``into_six``, ``out_of_six``, ``save_button`` ...)
    for scripted use and tests; ``adjusted["sample"]`` is the 20 and 6 shown now.
    """

    def __init__(self, space: Workspace) -> None:
        self.space = space
        self.redraw = Redraw()
        rows = {
            str(record["child_id"]): CandidateRow(record, space, self.redraw)
            for record in sample_view.candidate_table(space.pool).iter_rows(named=True)
        }
        self.controls = {child_id: row.choice for child_id, row in rows.items()}
        self.into_six = {child_id: row.into_six for child_id, row in rows.items()}
        self.out_of_six = {child_id: row.out_of_six for child_id, row in rows.items()}
        # The list scrolls in its own box when long; each row keeps its own height.
        listed = w.VBox(
            list(rows.values()),
            layout=w.Layout(
                flex="0 0 auto",
                max_height="min(30em, 65vh)",
                overflow="auto",
                border="1px solid #b1b4b6",
            ),
        )
        listed.add_class("jtai-scrolls")
        listed.add_class("jtai-cand-list")
        self.status = w.HTML()
        self.status.add_class("jtai-sample-status")
        self.age_figure = go.Figure(layout={**CHART_LAYOUT, "barmode": "group"})
        self.age_chart = PlotlyChart(self.age_figure)
        self.age_numbers = w.HTML()
        self.balance_rule = w.HTML()
        self.balance_table = w.HTML()
        self.balance_table.add_class("jtai-balance")
        self.six_table, self.twenty_table = w.HTML(), w.HTML()
        for wide in (self.balance_table, self.six_table, self.twenty_table):
            wide.add_class("jtai-wide")  # its table scrolls sideways in its box (page.css)
        self.command = w.HTML()
        self.out_folder = w.Text(
            value=str(exports_dir() / "sample"),
            description="Save to",
            continuous_update=False,  # the command shown follows the folder once it is typed
            layout=w.Layout(width="34em", max_width="100%"),
        )
        self.save_format = w.Dropdown(
            options=[("CSV (.csv)", "csv"), ("Excel (.xlsx)", "xlsx")], description="as"
        )
        self.save_button = w.Button(
            description="Save the 20 and 6", button_style="primary", layout=w.Layout(width="auto")
        )
        self.save_button.add_class("jtai-save-sample")
        self.save_result = w.HTML()
        self.save_result.add_class("jtai-save-result")
        self.adjusted: dict[str, sample_view.AdjustedSample] = {}

        self.redraw.draw = self.refresh
        self.save_button.on_click(self.save)
        self.out_folder.observe(self.redraw.changed, names="value")
        self.refresh()
        super().__init__(
            [
                live_style(),
                page_style(),
                listed,
                self.status,
                self.age_chart,
                self.age_numbers,
                self.balance_rule,
                self.balance_table,
                self.six_table,
                self.twenty_table,
                w.HBox(
                    [self.out_folder, self.save_format, self.save_button],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.save_result,
                self.command,
            ]
        )
        self.add_class("jtai-workbench")

    def chosen(self, state: str) -> list[str]:
        """The children whose choice for the 20 is ``state`` (lock, exclude or as proposed)."""
        return [c for c, toggle in self.controls.items() if toggle.value == state]

    def refresh(self) -> None:
        """The 20 and 6 for the choices made, with their balance, tables and command."""
        lock, exclude = self.chosen(sample_view.LOCK), self.chosen(sample_view.EXCLUDE)
        lock_6 = [c for c, box in self.into_six.items() if box.value]
        exclude_6 = [c for c, box in self.out_of_six.items() if box.value]
        space = self.space
        sample = sample_view.adjust(
            space.pool, space.seed, lock, exclude, lock_6, exclude_6, space.given_20
        )
        self.adjusted["sample"] = sample
        if not sample.is_feasible:
            self.status.value = f'<p role="alert"><strong>No selection possible:</strong> {html.escape(sample.problem)}</p>'
        else:
            self.status.value = (
                f'<p role="status">{len(lock)} locked, {len(exclude)} excluded, '
                f"{len(lock_6)} locked into the 6, {len(exclude_6)} kept out of the 6: "
                f"the 20 and 6 below.{sample_view.given_20_words(sample)}</p>"
            )
        self._draw_ages(sample)
        self._draw_balance(sample)
        self.six_table.value = (
            wide_table(sample_view.sample_for_readers(sample.six), "The 6 for audit")
            if sample.is_feasible
            else ""
        )
        self.twenty_table.value = (
            wide_table(sample_view.sample_for_readers(sample.twenty), "The 20")
            if sample.is_feasible
            else ""
        )
        command = sample_view.sample_command(
            list(space.data_paths) or ["DATA"],
            space.context.reference_date,
            self.out_folder.value,
            space.seed,
            lock,
            exclude,
            lock_6,
            exclude_6,
        )
        self.command.value = (
            "<p>The same 20 and 6 from the command line:</p><pre class='jtai-command'>"
            + html.escape(command)
            + "</pre>"
        )

    def _draw_ages(self, sample: sample_view.AdjustedSample) -> None:
        """The pack's chart of the 20 and 6 by age group, its numbers beneath."""
        caption, counts = sample_view.by_age_group(sample)
        figure = self.age_figure
        figure.data = []
        figure.layout.title = {"text": caption, "x": 0}
        # the columns of the pack's age_coverage, headed by labels.yml
        columns = headings("age_coverage")
        for key, colour in (("in_20", BAR_COLOUR), ("in_6", CHOSEN_COLOUR)):
            name = columns[key]
            figure.add_bar(
                x=counts[columns["age_group"]].to_list(),
                y=counts[name].to_list(),
                name=name,
                marker_color=colour,
            )
        self.age_chart.show(figure)
        self.age_numbers.value = (
            "<details><summary>How many of the 20 and the 6 fall in each age group. "
            "Numbers</summary>" + html_table(counts, caption) + "</details>"
        )

    def _draw_balance(self, sample: sample_view.AdjustedSample) -> None:
        """The 20 and 6 beside the focus children, skews flagged, as the pack shows them."""
        space = self.space
        balance = sample_view.balance(
            space.context.data, space.context.reference_date, sample, space.focus_population
        )
        if balance is None:
            self.balance_rule.value = self.balance_table.value = ""
            return
        # the rule never changes: not a live region, or a screen reader would hear it each time
        self.balance_rule.value = f'<p class="jtai-info">{html.escape(balance.rule)}</p>'
        self.balance_table.value = wide_table(balance.table, balance.caption)

    def save(self, _: object = None) -> None:
        """Write the 20 and 6 to the folder and format chosen, and offer them for download."""
        sample = self.adjusted["sample"]
        if not sample.is_feasible:
            self.save_result.value = (
                f'<p role="alert">Nothing saved: {html.escape(sample.problem)}</p>'
            )
            return
        written = sample_view.save(sample, Path(self.out_folder.value), self.save_format.value)
        self.save_result.value = (
            f'<p role="status">Saved {", ".join(f"<code>{html.escape(str(p))}</code>" for p in written)}. '
            + " ".join(download_link(p) for p in written)
            + "</p>"
        )


def sampling_workbench(space: Workspace) -> w.Widget:
    """The workbench for a notebook cell, or a sentence while no nomination list has arrived."""
    if not space.pool:
        return w.HTML(NO_NOMINATIONS)
    return SamplingWorkbench(space)
