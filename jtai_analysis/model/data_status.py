"""The data-status notes every view of the prepared data shows beside its counts: which reference
date was used and how it was found (and whether the lists point elsewhere), the rows outside the
six-month window, and the children whose details differ between rows."""

from __future__ import annotations

import datetime as dt

from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.validation.child_details import CHOICE_RULE, children_with_conflicts
from jtai_analysis.validation.reference import ReferenceDate, distance_note
from jtai_analysis.validation.window import OutsideWindow


def reference_used(data: PreparedData) -> ReferenceDate:
    """The reference date the prepared data were validated at, with how it was found."""
    return ReferenceDate(data.reference_date, data.reference_source, data.reference_how)


def lists_point_to(data: PreparedData) -> ReferenceDate | None:
    """The date the lists themselves point to (title row, ages, latest event), if any."""
    pointed = data.lists_point_to
    if not pointed:
        return None
    return ReferenceDate(dt.date.fromisoformat(pointed["date"]), pointed["source"], pointed["how"])


def data_status_notes(data: PreparedData) -> list[dict[str, str]]:
    """Notes for the pack's data status, each ``{"kind": "info" | "warning", "text": ...}``."""
    used = reference_used(data)
    notes = [{"kind": "info", "text": f"{used.sentence[0].upper()}{used.sentence[1:]}."}]
    apart = distance_note(used, lists_point_to(data))
    if apart:
        notes.append({"kind": "warning", "text": apart})
    for key, content in data.outside_window.items():
        counted = OutsideWindow.from_json(key, content)
        if counted.warning():
            notes.append({"kind": "warning", "text": str(counted.warning())})
        elif counted.sentence():
            notes.append({"kind": "info", "text": str(counted.sentence())})
    conflicted = children_with_conflicts(data.valid)
    if conflicted:
        children = "child has" if conflicted == 1 else "children have"
        notes.append(
            {
                "kind": "warning",
                "text": (
                    f"{conflicted:,} {children} a different sex, ethnicity, date of birth or "
                    "disability on different rows (each is a finding naming the rows); the "
                    f"figures take {CHOICE_RULE}."
                ),
            }
        )
    return notes
