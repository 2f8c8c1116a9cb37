"""A figure's definition in words, written from the conditions that compute it (so the words
cannot drift from the logic): what it counts, over what, and what it needs."""

from __future__ import annotations

from dataclasses import dataclass

from jtai_analysis.analysis.figures.conditions import Every
from jtai_analysis.analysis.figures.definitions import FigureDefinition
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.catalogue.theme import load_theme


@dataclass(frozen=True)
class Words:
    """``counts``: what the numerator counts; ``over``: the denominator (or "" for a count)."""

    counts: str
    over: str


def _lists(definition: FigureDefinition, catalogue: Catalogue) -> str:
    labels = [catalogue.lists[k].label if k in catalogue.lists else k for k in definition.lists]
    return " or ".join(labels)


def definition_words(definition: FigureDefinition, catalogue: Catalogue | None = None) -> Words:
    """The definition of a figure in plain words (see the module docstring)."""
    catalogue = catalogue or load_catalogue()

    def header(column: str) -> str:
        for key in definition.lists:
            contract = catalogue.lists.get(key)
            if contract is not None and column in contract.column_keys:
                return contract.column(column).header
        return column.replace("_", " ")

    if definition.compute is not None:
        source = ", ".join(
            f"{catalogue.lists[e['list']].label if e['list'] in catalogue.lists else e['list']}"
            f" ('{e['date']}')"
            for e in definition.compute.params.values()
            if isinstance(e, dict) and "list" in e
        )
        counts = f"{definition.title}, from {source}"
        return Words(_restricted(definition, counts), "")
    what = "distinct children with a row" if definition.counts_children else "rows"
    rows = "" if isinstance(definition.rows, Every) else f" where {definition.rows.words(header)}"
    universe = f"{what} of {_lists(definition, catalogue)}{rows}"
    if definition.unit == "percent" and definition.shares:
        return Words(
            _restricted(definition, f"{universe}, in each group"), _restricted(definition, universe)
        )
    if definition.hit is None:
        return Words(_restricted(definition, universe[0].upper() + universe[1:]), "")
    hit = definition.hit.words(header)
    left_out = f" ({definition.unreadable}: left out)" if definition.unreadable else ""
    if definition.unit == "percent":
        return Words(
            _restricted(definition, f"{universe[0].upper() + universe[1:]}, and {hit}"),
            _restricted(definition, f"{universe[0].upper() + universe[1:]}{left_out}"),
        )
    return Words(
        _restricted(definition, f"{universe[0].upper() + universe[1:]}, and {hit}{left_out}"), ""
    )


def _restricted(definition: FigureDefinition, text: str) -> str:
    if definition.restrict is None:
        return text
    return f"{text}; only {load_theme().focus.label.lower()} ({load_theme().focus.words})"
