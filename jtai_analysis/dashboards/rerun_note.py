"""The sentence a notebook reopened without its kernel shows where its controls were.

JupyterLab draws a widget whose kernel is gone as the bare text "Error displaying widget: model
not found". Each view places the note before its controls; while the kernel runs, the controls'
own style (:func:`live_style`) hides it, and the web app's page template hides it too.
"""

from __future__ import annotations

import html

import ipywidgets as w

RERUN_NOTE = (
    "These controls need the notebook to be running. Choose Run > Run All Cells (or Kernel > "
    "Restart Kernel and Run All Cells) to use them again."
)
# In JupyterLab, a widget whose kernel is gone is drawn as the bare text "Error displaying
# widget: model not found" (an output node holding text and no element). In the cells that carry
# the note, that text is hidden: the note says what to do instead.
_HIDE_DEAD_WIDGETS = (
    ".jp-Cell:has(.jtai-rerun-note) .jp-OutputArea-output.jupyter-widgets:not(:has(*))"
    "{display:none}"
)


def live_style() -> w.HTML:
    """An invisible widget whose style hides the re-run note while the kernel is live."""
    return w.HTML("<style>.jtai-rerun-note{display:none !important}</style>")


def rerun_note_html() -> str:
    """The note (and its style) shown where controls cannot be drawn."""
    return (
        f"<style>{_HIDE_DEAD_WIDGETS}</style>"
        f'<p class="jtai-rerun-note" role="note">{html.escape(RERUN_NOTE)}</p>'
    )


def rerun_note() -> None:
    """Display the note a notebook reopened without a kernel shows in place of its controls."""
    from IPython.display import HTML, display

    display(HTML(rerun_note_html()))
