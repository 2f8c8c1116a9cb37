"""How a figure's group reads: ``age_group=under_2`` is "Under 2", ``source=6`` is "6: Police".

Words come from ``labels.yml`` (section ``groups``) or, for codes of a contract code list, from
the code list's own labels; a value with no words shows as itself.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from jtai_analysis.analysis.figures.breakdowns import BREAKDOWNS
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.presentation.labels import column_labels

# Breakdowns whose values are codes of a code list, and which.
_CODE_LISTS = {
    "initial_abuse_category": "abuse_category",
    "latest_abuse_category": "abuse_category",
    "primary_need": "primary_need",
}


def breakdown_key(name: str) -> str:
    """The breakdown a group names (the theme's flag is written with its own name)."""
    return "flag" if name == load_theme().flag.breakdown else name


@cache
def _code_words(breakdown: str) -> dict[str, str]:
    catalogue = load_catalogue()
    if breakdown == "source":
        return {
            c.code: f"{c.code}: {c.descriptions[0]}"
            if c.descriptions
            else c.label.split(") ", 1)[-1]
            for c in catalogue.codelists["source"].codes
        }
    if breakdown == "reason":
        words = {
            c.code: c.label.split(") ", 1)[-1] for c in catalogue.codelists["provision_type"].codes
        }
        for code in catalogue.codelists["exclusion_type"].codes:
            words.setdefault(code.code, code.label)  # NONE as a reason: no provision
        return words
    if breakdown == "list":
        return {key: contract.label for key, contract in catalogue.lists.items()}
    if breakdown in _CODE_LISTS:
        return {
            c.code: c.label.split(") ", 1)[-1]
            for c in catalogue.codelists[_CODE_LISTS[breakdown]].codes
        }
    return {}


def value_label(breakdown: str, value: str) -> str:
    """The words for one value of a breakdown (given by key or by the name groups use)."""
    key = breakdown_key(breakdown)
    words = cast(dict[str, dict[str, str]], column_labels("groups"))
    own = words.get(key, {})
    if value in own:
        return str(own[value])
    coded = _code_words(key)
    if value in coded:
        return coded[value]
    return str(words.get("any", {}).get(value, value))


def breakdown_heading(name: str) -> str:
    """The heading of a column holding a breakdown's groups (``Age group``)."""
    return str(column_labels("group_headings").get(breakdown_key(name), name.replace("_", " ")))


def group_label(group: str) -> str:
    """The words for a whole group: ``all``, or each part of ``A=x&B=y`` joined by ", "."""
    if group == "all":
        return value_label("all", "all")
    return ", ".join(value_label(*part.split("=", 1)) for part in group.split("&"))


def known_breakdown(name: str) -> bool:
    return breakdown_key(name) in BREAKDOWNS
