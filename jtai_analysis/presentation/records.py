"""Key figures a notebook records, so tests and scheduled runs can read them from the executed notebook.

A record is an output with its own mimetype only: JupyterLab and the HTML export do not show it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from IPython.display import display

RECORD_MIMETYPE = "application/vnd.jtai.record+json"
# A section with nothing to say records why under this name; the pack leaves it out and says why
# in its contents (issue 25).
LEFT_OUT = "left_out"


def record(name: str, value: Any) -> None:
    """Record a JSON-serialisable figure under ``name`` in the running notebook."""
    display(
        {RECORD_MIMETYPE: {"name": name, "value": json.loads(json.dumps(value, default=str))}},
        raw=True,
    )


def leave_section_out(reason: str) -> None:
    """Say that this section has nothing to say, and why: the pack leaves it out and puts
    ``reason`` in its contents; in JupyterLab the reason is shown."""
    from jtai_analysis.presentation.tables import show_note

    record(LEFT_OUT, reason)
    show_note(f"Left out of the pack: {reason}")


def read_records(executed_notebook: Path) -> dict[str, Any]:
    """Every figure recorded in an executed notebook, by name (a later record wins)."""
    notebook = json.loads(executed_notebook.read_text(encoding="utf-8"))
    found: dict[str, Any] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(RECORD_MIMETYPE)
            if payload:
                found[payload["name"]] = payload["value"]
    return found
