"""Whether a figure can be computed, decided in one place.

A figure is available when every list and column it declares (through its conditions) has arrived
with at least one readable value, every child attribute it uses can be known, and every named set
of children it uses was computed. Otherwise it is *not available* and the reason says what is
missing, in words a reader can act on; it is never shown as 0. A breakdown by something that cannot
be known (focus children when no list carries the domestic abuse field) is not available either:
its children are never put under No.

Every function returns ``""`` when available, else a sentence starting ``Not available:``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jtai_analysis.analysis.figures.conditions import Condition, Need
from jtai_analysis.catalogue.lists import Catalogue
from jtai_analysis.catalogue.theme import Theme
from jtai_analysis.model.cohort import CHILD_LISTS
from jtai_analysis.model.prepared import PreparedData

if TYPE_CHECKING:
    from jtai_analysis.analysis.figures.inputs import FigureInputs

NOT_AVAILABLE = "Not available: "


@dataclass(frozen=True)
class Arrived:
    """What has arrived, and the words to name it: enough to decide availability."""

    data: PreparedData
    catalogue: Catalogue
    theme: Theme

    def list_label(self, list_key: str) -> str:
        """How the pack names a list, e.g. ``List 3 Referrals``."""
        contract = self.catalogue.lists.get(list_key)
        return contract.label if contract else list_key

    def column_label(self, list_key: str, column: str) -> str:
        """The official header of a list's column, for words a reader can act on."""
        contract = self.catalogue.lists.get(list_key)
        try:
            return contract.column(column).header if contract else column
        except KeyError:
            return column


def list_reason(inputs: Arrived, list_key: str) -> str:
    """Why a list cannot be used: it has not arrived."""
    if inputs.data.frame(list_key) is None:
        return f"{NOT_AVAILABLE}{inputs.list_label(list_key)} has not arrived."
    return ""


def column_reason(inputs: Arrived, list_key: str, need: Need) -> str:
    """Why a column of an arrived list cannot be used: absent, or (when values are needed) blank."""
    frame = inputs.data.frame(list_key)
    if frame is None:
        return list_reason(inputs, list_key)
    label = inputs.list_label(list_key)
    header = inputs.column_label(list_key, need.column)
    if need.column not in frame.columns:
        return f"{NOT_AVAILABLE}{label} has no '{header}' column."
    if need.has_values and frame.height and frame[need.column].null_count() == frame.height:
        return f"{NOT_AVAILABLE}'{header}' in {label} has no readable value."
    return ""


def needs_reason(inputs: Arrived, list_key: str, needs: Iterable[Need]) -> str:
    """The first reason the list or one of its needed columns cannot be used, or ``""``."""
    reason = list_reason(inputs, list_key)
    if reason:
        return reason
    for need in dict.fromkeys(needs):
        reason = column_reason(inputs, list_key, need)
        if reason:
            return reason
    return ""


def flag_reason(inputs: Arrived) -> str:
    """Why the theme's flag (domestic abuse recorded) cannot be known for any child, or ``""``.

    It can be known when at least one of its lists has arrived with the field readable.
    """
    flag = inputs.theme.flag
    reasons = [needs_reason(inputs, key, (Need(flag.column),)) for key in flag.lists]
    if not all(reasons):
        return ""
    short = [
        f"List {inputs.catalogue.lists[key].annex_a}" if key in inputs.catalogue.lists else key
        for key in flag.lists
    ]
    return (
        f"{NOT_AVAILABLE}{flag.words} of {' or '.join(short)} ("
        + " ".join(r.removeprefix(NOT_AVAILABLE) for r in reasons)
        + ")"
    )


def age_reason(inputs: Arrived) -> str:
    """Why no child's age can be known: no list of 1-7 has arrived with a readable date of birth."""
    if any(not needs_reason(inputs, key, (Need("date_of_birth"),)) for key in CHILD_LISTS):
        return ""
    return f"{NOT_AVAILABLE}no list has arrived with a readable date of birth."


def attribute_reason(inputs: Arrived, attribute: str) -> str:
    """Why a child attribute cannot be known, or ``""``.

    ``flag`` needs the theme's field; ``focus`` needs it and ages; ``age_group`` and
    ``date_of_birth`` need a readable date of birth somewhere. Sex, ethnic group and disability
    are characteristics with an "Unknown" value: a child without one is counted as Unknown.
    """
    if attribute == "flag":
        return flag_reason(inputs)
    if attribute == "focus":
        reason = flag_reason(inputs)
        if reason:
            return reason.replace(NOT_AVAILABLE, f"{NOT_AVAILABLE}focus children need ", 1)
        return age_reason(inputs)
    if attribute in ("age_group", "date_of_birth", "focus_age"):
        return age_reason(inputs)
    return ""


def child_set_reason(inputs: FigureInputs, name: str) -> str:
    """Why a named set of children (the 20, the 6 ...) is not there, or ``""``."""
    if name in inputs.child_sets:
        return ""
    why = inputs.child_set_reasons.get(name, f"{name.replace('_', ' ')} was not computed")
    return why if why.startswith(NOT_AVAILABLE) else f"{NOT_AVAILABLE}{why}"


def condition_reason(inputs: FigureInputs, list_key: str, condition: Condition | None) -> str:
    """Why ``condition`` cannot be judged on ``list_key``'s rows, or ``""``: its columns, child
    attributes, child sets and the other lists it looks into."""
    if condition is None:
        return needs_reason(inputs, list_key, ())
    reason = needs_reason(inputs, list_key, condition.needs())
    if reason:
        return reason
    for attribute in sorted(condition.attributes()):
        reason = attribute_reason(inputs, attribute)
        if reason:
            return reason
    for name in sorted(condition.child_sets()):
        reason = child_set_reason(inputs, name)
        if reason:
            return reason
    for other, where in condition.other_lists():
        reason = condition_reason(inputs, other, where)
        if reason:
            return reason
    return ""
