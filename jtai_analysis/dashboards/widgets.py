"""The inspectors' explorer in JupyterLab: filter the cohort, follow a child, adjust the proposed sample.

Thin ipywidgets wiring over ``explore.py`` and ``sampling.py``. Widgets are for interactive use in
JupyterLab only: static HTML cannot run them, so the briefing pack never includes them.
"""

from __future__ import annotations

import ipywidgets as w
import polars as pl

from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.dashboards import explore
from jtai_analysis.presentation.notebook_context import InspectionContext
from jtai_analysis.presentation.tables import html_table
from jtai_analysis.sampling import selection as sampling

_MAX_ROWS = 50


def _show(output: w.Output, *blocks: str) -> None:
    """Replace what an output area shows. Setting ``outputs`` directly (rather than clearing and
    capturing) sends no capture messages, so it cannot stall a headless run of the notebook."""
    html = "".join(blocks)
    output.outputs = (
        {
            "output_type": "display_data",
            "data": {"text/html": html, "text/plain": "table"},
            "metadata": {},
        },
    )


def cohort_explorer(context: InspectionContext) -> w.Widget:
    """Filters on age group, list, sex and domestic abuse; the matching children and their counts."""
    ages = w.SelectMultiple(
        options=[(label, key) for key, label in AGE_GROUP_LABELS.items()], description="Age group"
    )
    lists = w.SelectMultiple(
        options=[(label, key) for key, label in explore.LIST_LABELS.items()],
        description="Appears in",
    )
    sexes = w.SelectMultiple(
        options=[("Male", "M"), ("Female", "F"), ("Not stated / unborn", "U")], description="Sex"
    )
    da_only = w.Checkbox(description="Domestic abuse recorded (List 4 or 6)")
    output = w.Output()

    def refresh(_: object = None) -> None:
        chosen = explore.filter_cohort(
            context.cohort,
            age_groups=ages.value,
            lists=lists.value,
            sexes=sexes.value,
            is_da_only=da_only.value,
        )
        shown = chosen.select(
            "child_id", pl.col("age_group").cast(pl.String), "sex", "ethnicity", "lists", "is_da"
        )
        _show(
            output,
            html_table(explore.summarise(chosen), f"{chosen.height:,} children match"),
            html_table(shown, "Matching children", max_rows=_MAX_ROWS),
        )

    for control in (ages, lists, sexes, da_only):
        control.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([ages, lists, sexes]), da_only, output])


def child_follower(context: InspectionContext) -> w.Widget:
    """Type a child ID to see their journey across Lists 1-7, with the sheet and row of each event."""
    events = explore.all_events(context.data)
    child = w.Combobox(
        placeholder="Child ID",
        options=sorted(context.cohort["child_id"].to_list())[:5000],
        ensure_option=False,
        description="Child",
    )
    output = w.Output()

    def refresh(_: object = None) -> None:
        if not child.value.strip():
            _show(output, "<p>Type or pick a child ID.</p>")
            return
        journey = explore.events_for(events, child.value)
        _show(
            output,
            html_table(journey, f"Child {child.value}: {journey.height} events across the lists"),
        )

    child.observe(refresh, names="value")
    refresh()
    return w.VBox([child, output])


def sample_adjuster(context: InspectionContext, seed: int = 1) -> w.Widget:
    """Lock or exclude nominated children and see the proposed 20 and 6 change."""
    pool = sampling.candidates(context.data, context.reference_date)
    ids = [c.child_id for c in pool]
    lock = w.SelectMultiple(options=ids, description="Lock")
    exclude = w.SelectMultiple(options=ids, description="Exclude")
    output = w.Output()

    def refresh(_: object = None) -> None:
        try:
            twenty = sampling.select_20(pool, seed, list(lock.value), list(exclude.value))
            six = sampling.select_6(twenty, seed)
        except sampling.SelectionInfeasible as error:
            _show(output, f"<p><strong>No selection possible:</strong> {error}</p>")
            return
        _show(
            output,
            html_table(sampling.for_readers(sampling.sample_table(six)), "Proposed 6"),
            html_table(sampling.for_readers(sampling.sample_table(twenty)), "Proposed 20"),
        )

    for control in (lock, exclude):
        control.observe(refresh, names="value")
    if not pool:
        return w.HTML("<p>The nomination lists have not arrived yet.</p>")
    refresh()
    return w.VBox([w.HBox([lock, exclude]), output])
