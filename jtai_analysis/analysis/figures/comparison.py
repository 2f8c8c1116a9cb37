"""Focus children beside the other under-8s, recorded with the figure (issue 25, issue 20).

A percentage figure broken down by both ``focus`` and ``other_under8`` has two disjoint groups of
children of the same ages, ``focus=Yes`` and ``focus=No_under8``. The comparison of the two is part
of the figure, computed once per run where the figure is: the ``focus=Yes`` row carries the group
it is compared with (``compared_group``), the difference in percentage points (focus less the
other under-8s) and its 95% interval (Newcombe's hybrid score interval, 1998 method 10), or why
there is none (``difference_note``). Every view (the pack, ``figures.csv``, ``jtai explain``, "what
stands out") shows that difference; none computes its own.

The intervals are here, inside the figures model, so that the model can record them without
reaching up to the modules that read figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from jtai_analysis.analysis.figures.availability import NOT_AVAILABLE
from jtai_analysis.analysis.figures.breakdowns import OTHER_UNDER8
from jtai_analysis.analysis.figures.definitions import FigureDefinition
from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.theme import Focus, Theme, load_theme

FOCUS_GROUP = f"focus={YES}"
OTHERS_GROUP = f"focus={OTHER_UNDER8}"
OTHERS_BREAKDOWN = "other_under8"
# the columns a figure's row carries for its comparison (blank on every other row)
COMPARISON_COLUMNS = (
    "compared_group",
    "difference",
    "difference_low",
    "difference_high",
    "difference_note",
)
_NO_FOCUS_ROW = f"{NOT_AVAILABLE}the figure has no focus children's group."
_NO_OTHERS_ROW = f"{NOT_AVAILABLE}the figure has no group of the other under-8s."


def wilson_interval(numerator: int, denominator: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of ``numerator / denominator``, as percentages (0-100).

    Parameters
    ----------
    numerator, denominator
        Successes and trials; ``denominator`` must be positive.
    z
        The normal quantile: 1.96 for a 95% interval.
    """
    p = numerator / denominator
    z2 = z * z
    centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator)
    half = (
        z
        * math.sqrt(p * (1 - p) / denominator + z2 / (4 * denominator * denominator))
        / (1 + z2 / denominator)
    )
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def newcombe_interval(
    numerator: int,
    denominator: int,
    other_numerator: int,
    other_denominator: int,
    z: float = 1.96,
) -> tuple[float, float]:
    """The interval of the difference of two independent proportions (the first less the other),
    in percentage points: Newcombe's hybrid score interval (1998, method 10), from each
    proportion's Wilson interval.

    Parameters
    ----------
    numerator, denominator
        The first group (focus children): successes and trials, ``denominator`` positive.
    other_numerator, other_denominator
        The other group (the other under-8s), disjoint from the first.
    z
        The normal quantile: 1.96 for a 95% interval.
    """
    p1 = numerator / denominator
    p2 = other_numerator / other_denominator
    low1, high1 = (x / 100 for x in wilson_interval(numerator, denominator, z))
    low2, high2 = (x / 100 for x in wilson_interval(other_numerator, other_denominator, z))
    difference = p1 - p2
    low = difference - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    high = difference + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return 100 * low, 100 * high


def _is_usable(row: Mapping[str, Any]) -> bool:
    return bool(
        row.get("available")
        and row.get("numerator") is not None
        and row.get("denominator")  # a group with no rows has no proportion to compare
    )


def _why_not(row: Mapping[str, Any], who: str) -> str:
    reason = str(row.get("note") or "").removeprefix(NOT_AVAILABLE).strip()
    if not reason:
        reason = "no rows to take a percentage of." if not row.get("denominator") else "no value."
    return f"{who}, {reason}"


def focus_difference(
    focus: Mapping[str, Any] | None,
    others: Mapping[str, Any] | None,
    z: float,
    words: Focus | None = None,
) -> dict[str, Any]:
    """The comparison a focus group's row carries: the other under-8s' group, the difference in
    percentage points (focus less others) and its 95% interval; or, when either group has no
    proportion, blanks and the reason (never 0).

    Parameters
    ----------
    focus, others
        The figure's ``focus=Yes`` and ``focus=No_under8`` rows (None when the figure has none).
    z
        The normal quantile (the theme's ``stands_out.z``: 1.96 for 95%).
    words
        The theme's names of the two groups, for the reason (default: the loaded theme's).
    """
    found = dict.fromkeys(COMPARISON_COLUMNS)
    found["compared_group"] = OTHERS_GROUP
    if focus is None or others is None:
        found["difference_note"] = _NO_FOCUS_ROW if focus is None else _NO_OTHERS_ROW
        return found
    named = words or load_theme().focus
    reasons = [
        _why_not(row, who)
        for row, who in ((focus, named.label), (others, named.others_label))
        if not _is_usable(row)
    ]
    if reasons:
        found["difference_note"] = NOT_AVAILABLE + " ".join(dict.fromkeys(reasons))
        return found
    n1, d1, n2, d2 = (
        int(focus["numerator"]),
        int(focus["denominator"]),
        int(others["numerator"]),
        int(others["denominator"]),
    )
    low, high = newcombe_interval(n1, d1, n2, d2, z)
    found.update(
        difference=100 * (n1 / d1 - n2 / d2),
        difference_low=low,
        difference_high=high,
    )
    return found


def is_compared(definition: FigureDefinition) -> bool:
    """Whether a figure records focus children's difference from the other under-8s: a
    percentage broken down by both ``focus`` and ``other_under8``."""
    single = {keys[0] for keys in definition.breakdowns if len(keys) == 1}
    return definition.unit == "percent" and {"focus", OTHERS_BREAKDOWN} <= single


def with_comparison(
    definition: FigureDefinition, records: Sequence[dict[str, Any]], theme: Theme
) -> list[dict[str, Any]]:
    """One figure's records with the comparison columns: filled on its ``focus=Yes`` row when the
    figure is compared (:func:`is_compared`), blank on every other row; ``z`` and the groups'
    names are the theme's."""
    by_group = {record["group"]: record for record in records}
    compared = is_compared(definition) and FOCUS_GROUP in by_group
    blank = dict.fromkeys(COMPARISON_COLUMNS)
    out = []
    for record in records:
        if compared and record["group"] == FOCUS_GROUP:
            extra = focus_difference(
                record, by_group.get(OTHERS_GROUP), theme.stands_out.z, theme.focus
            )
        else:
            extra = blank
        out.append({**record, **extra})
    return out
