"""Which lists have arrived, said once for every section (no notebook decides it)."""

from __future__ import annotations

from jtai_analysis.analysis.cohort_profile import missing_lists
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.presentation.tables import show_note


def show_missing_lists(data: PreparedData) -> list[str]:
    """A warning for each list not received yet; returns their labels."""
    missing = missing_lists(data)
    for label in missing:
        show_note(f"Not yet received: {label}.", kind="warning")
    return missing


def show_skipped_sheets(data: PreparedData) -> None:
    """A note for each sheet read but not analysed (out of scope or not recognised)."""
    for skipped in data.skipped:
        show_note(
            f"{skipped['file']} › {skipped['sheet']}: {skipped['reason']}; not analysed.",
            kind="info",
        )


def show_when_missing(data: PreparedData, list_key: str, text: str, kind: str = "warning") -> bool:
    """Say ``text`` when ``list_key`` has not arrived; True when it has."""
    if data.has(list_key):
        return True
    show_note(text, kind=kind)
    return False
