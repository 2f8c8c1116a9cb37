"""The explorer and workbench widgets: the note shown when a notebook is reopened without its
kernel, one redraw per batch of changes, lists not received and domestic abuse not available."""

from __future__ import annotations

from pathlib import Path

from jtai_analysis.dashboards import cohort_view, follow, widgets
from tests import as_written


def test_a_notebook_reopened_without_a_kernel_says_in_words_to_run_it_again() -> None:
    note = widgets.rerun_note_html()
    assert "Run > Run All Cells" in note.replace("&gt;", ">")
    # the bare "model not found" text of dead widgets in the note's cells is hidden
    assert ".jp-Cell:has(.jtai-rerun-note) .jp-OutputArea-output.jupyter-widgets" in note
    # while the kernel runs, the controls hide it: see test_a_list_not_received_is_not_counted_as_0


def test_a_batch_of_control_changes_is_drawn_once() -> None:
    from jtai_analysis.dashboards.widgets import Redraw

    drawn: list[int] = []
    redraw = Redraw()
    redraw.draw = lambda: drawn.append(1)
    redraw.changed()
    assert len(drawn) == 1
    with redraw.batch():
        redraw.changed()
        redraw.changed()
    assert len(drawn) == 2  # once for the whole batch
    redraw.changed({"new": True})
    assert len(drawn) == 3


def test_a_list_not_received_is_not_counted_as_0(tuesday_lists: Path) -> None:
    """Before Thursday only Lists 4, 6 and 7 exist: the other lists' bars say "not received"."""
    from jtai_analysis.dashboards import widgets
    from jtai_analysis.presentation.notebook_context import load_context

    tuesday = tuesday_lists
    context = load_context("Test Area", "2026-11-16", "", [str(tuesday)], "", 0)
    space = widgets.open_workspace(context)
    cohort = widgets.cohort_explorer(space)
    # a live explorer carries the style that hides the note shown when the kernel is gone
    assert any(
        ".jtai-rerun-note{display:none" in str(getattr(c, "value", "")) for c in cohort.children
    )
    bars = dict(zip(cohort.figure.data[2].x, cohort.figure.data[2].y, strict=True))
    assert bars["List 1 (not received)"] is None and bars["List 5 (not received)"] is None
    # the lists received: each bar counts the children in that file (read here as written)
    for key, bar in (("assessments", "List 4"), ("cin", "List 6"), ("cp", "List 7")):
        assert bars[bar] == len(set(as_written.column(tuesday, key, "child_id")) - {None}) > 0
    assert "List 4 (not received)" not in bars
    assert "Not received yet, so not counted: List 1" in cohort.readings["lists"].value
    assert "Not available: neither List 1" in cohort.readings["sources"].value
    assert cohort.choices["lists"].boxes["contacts"].description == "List 1 (not received)"
    reasons = cohort_view.not_available(context.data)
    assert "List 1, List 2, List 3, List 5" in reasons["lists"]
    assert "neither List 1" in reasons["sources"]


def test_domestic_abuse_not_in_the_lists_is_not_available_never_0(tmp_path: Path) -> None:
    """A standard Annex A has no JTAI domestic abuse field: no bar, filter or profile says 0 or No."""
    from jtai_analysis.dashboards import widgets
    from jtai_analysis.presentation.notebook_context import load_context
    from jtai_analysis.synth import write_submission

    write_submission(tmp_path / "data", size="small", seed=7, is_standard=True)
    context = load_context("Standard", "2026-11-16", "", [str(tmp_path / "data")], "", 0)
    space = widgets.open_workspace(context)
    cohort = widgets.cohort_explorer(space)
    assert list(cohort.figure.data[1].y) == [None, None]  # neither "recorded" nor "not recorded"
    reading = cohort.readings["domestic_abuse"].value
    assert "Not available: the domestic abuse field" in reading and "largest bar" not in reading
    assert all(
        "(not available)" in b.description for b in cohort.choices["domestic_abuse"].boxes.values()
    )
    assert set(space.table["is_da"].to_list()) == {None}
    readers = cohort_view.for_readers(space.table)
    assert set(readers["Domestic abuse recorded"].to_list()) == {"Not available"}
    child = space.table["child_id"][0]
    assert "domestic abuse not available" in follow.profile_line(space.table, child)
    # the other charts are still counted: the age groups add up to the children of Lists 1-7
    child_lists = ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp")
    data = tmp_path / "data"
    children = {i for key in child_lists for i in as_written.column(data, key, "child_id")}
    assert sum(y for y in cohort.figure.data[0].y if y) == len(children - {None})
