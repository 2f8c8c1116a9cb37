"""The note shown when a notebook is reopened without its kernel (``dashboards.rerun_note``)."""

from __future__ import annotations

from jtai_analysis.dashboards import rerun_note


def test_a_notebook_reopened_without_a_kernel_says_in_words_to_run_it_again() -> None:
    note = rerun_note.rerun_note_html()
    assert "Run > Run All Cells" in note.replace("&gt;", ">")
    # the bare "model not found" text of dead widgets in the note's cells is hidden
    assert ".jp-Cell:has(.jtai-rerun-note) .jp-OutputArea-output.jupyter-widgets" in note
    # while the kernel runs, the controls hide it: see test_a_list_not_received_is_not_counted_as_0
