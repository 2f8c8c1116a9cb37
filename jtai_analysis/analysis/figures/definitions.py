"""Figure definitions: read once from ``definitions.yml``, typed and checked on load.

Each figure is one entry: its ID, title, unit, what it counts (rows or children), the list(s) it
reads, which rows (``rows``) and, for a percentage or a conditional count, which of them are hits
(``hit``), in the vocabulary of :mod:`.conditions`; optionally a cross-list function
(``compute``), breakdowns, the England comparator and the evaluation criteria it informs. The
theme (``data_contracts/themes``) adds its flag and focus breakdowns to the figures it names.
A typo (an unknown key, breakdown, function or list) fails on load, naming the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jtai_analysis.analysis.figures.breakdowns import BREAKDOWNS
from jtai_analysis.analysis.figures.conditions import (
    ChildIs,
    Condition,
    ConditionError,
    Every,
    parse_condition,
)
from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.theme import Theme, load_theme

DEFINITIONS_FILE = Path(__file__).with_name("definitions.yml")
Unit = Literal["count", "percent", "median"]


class RegistryError(ValueError):
    """The definitions file cannot be used; the message names the file and the figure."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class National(_Strict):
    """The England figure a figure is compared with, and where it comes from."""

    value: float
    period: str
    source: str
    derived: bool = False  # worked out from published counts, not published as a percentage


class Computed(_Strict):
    """A cross-list figure: a function of :mod:`.cross_list` and its parameters."""

    function: str
    params: dict[str, Any] = Field(default_factory=dict)


class FigureSpec(_Strict):
    """One entry of ``definitions.yml``, as written."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    unit: Unit
    counts: Literal["rows", "children"] = "rows"
    lists: tuple[str, ...] = ()
    rows: Any = None
    hit: Any = None
    unreadable: str = ""  # why a row's hit can be blank, for the note
    shares: bool = False  # each group as a share of all the figure's rows (a percentage)
    breakdowns: tuple[str | tuple[str, ...], ...] = ()
    practice: bool = False  # broken down by the practice breakdowns (indicators_by_group.csv)
    focus_of: str | None = None  # the same figure for focus children only
    compute: Computed | None = None
    indicator: bool = False  # a row of indicators.csv
    ec: str = ""
    national: National | None = None
    about: str = ""  # what a reader should know beside the figure


class RegistryFile(_Strict):
    code_sets: dict[str, tuple[str, ...]]
    practice_breakdowns: tuple[str, ...]
    figures: tuple[FigureSpec, ...]


@dataclass(frozen=True)
class FigureDefinition:
    """A figure, resolved: conditions parsed, breakdowns (the theme's included) listed."""

    id: str
    title: str
    unit: Unit
    counts: Literal["rows", "children"]
    lists: tuple[str, ...]
    rows: Condition
    hit: Condition | None
    unreadable: str
    shares: bool
    breakdowns: tuple[tuple[str, ...], ...]  # each a breakdown, or several crossed
    compute: Computed | None
    restrict: Condition | None  # applied after measuring (focus_of)
    indicator: bool
    practice: bool
    ec: str
    national: National | None
    about: str
    focus_of: str | None

    @property
    def counts_children(self) -> bool:
        return self.counts == "children"


@cache
def _registry_file(path: Path = DEFINITIONS_FILE) -> RegistryFile:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        return RegistryFile.model_validate(content)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            location = list(e["loc"])
            if location[:1] == ["figures"] and len(location) > 1:
                figure = content["figures"][location[1]].get("id", f"#{location[1]}")
                location = [f"figure {figure}", *location[2:]]
            problems.append(f"{'.'.join(str(p) for p in location)}: {e['msg']}")
        raise RegistryError(f"{path}: {'; '.join(problems)}.") from error


def registry_code_sets() -> dict[str, tuple[str, ...]]:
    """Named code sets conditions may use (``police``: source codes that mean the police)."""
    return dict(_registry_file().code_sets)


def _condition(spec: FigureSpec, which: str, value: Any) -> Condition:
    try:
        return parse_condition(value)
    except ConditionError as error:
        raise RegistryError(f"{DEFINITIONS_FILE}: figure {spec.id}, {which}: {error}") from error


def _breakdowns(
    spec: FigureSpec, theme: Theme, practice: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    wanted: list[tuple[str, ...]] = []
    if spec.id in theme.focus_figures:
        wanted += [("flag",), ("focus",), ("other_under8",)]
    if spec.practice:
        wanted += [(key,) for key in practice]
    written = [(b,) if isinstance(b, str) else tuple(b) for b in spec.breakdowns]
    for keys in written:
        wanted.append(keys)
        if "focus" in keys and len(keys) > 1:
            # focus children crossed with something: the other under-8s crossed the same way
            wanted.append(tuple("other_under8" if k == "focus" else k for k in keys))
    for keys in wanted:
        for key in keys:
            if key not in BREAKDOWNS:
                raise RegistryError(
                    f"{DEFINITIONS_FILE}: figure {spec.id}: '{key}' is not a breakdown "
                    f"(known: {', '.join(BREAKDOWNS)})."
                )
    return tuple(dict.fromkeys(wanted))


def _resolve(
    spec: FigureSpec, by_id: dict[str, FigureSpec], theme: Theme, practice: tuple[str, ...]
) -> FigureDefinition:
    from jtai_analysis.analysis.figures.cross_list import FUNCTIONS

    base = spec
    restrict = None
    if spec.focus_of is not None:
        if spec.focus_of not in by_id:
            raise RegistryError(
                f"{DEFINITIONS_FILE}: figure {spec.id}: focus_of {spec.focus_of!r}?"
            )
        base = by_id[spec.focus_of]
        restrict = ChildIs((("focus", (YES,)),))
    if base.compute is not None and base.compute.function not in FUNCTIONS:
        raise RegistryError(
            f"{DEFINITIONS_FILE}: figure {spec.id}: no function {base.compute.function!r} "
            f"(known: {', '.join(FUNCTIONS)})."
        )
    if not base.lists and base.compute is None:
        raise RegistryError(f"{DEFINITIONS_FILE}: figure {spec.id}: which lists does it count?")
    return FigureDefinition(
        id=spec.id,
        title=spec.title,
        unit=spec.unit,
        counts=base.counts,
        lists=base.lists,
        rows=_condition(spec, "rows", base.rows) if base.rows is not None else Every(),
        hit=_condition(spec, "hit", base.hit) if base.hit is not None else None,
        unreadable=base.unreadable,
        shares=base.shares,
        breakdowns=_breakdowns(spec, theme, practice),
        compute=base.compute,
        restrict=restrict,
        indicator=spec.indicator,
        practice=spec.practice,
        ec=spec.ec,
        national=spec.national,
        about=spec.about,
        focus_of=spec.focus_of,
    )


@cache
def _definitions(theme: Theme) -> dict[str, FigureDefinition]:
    registry = _registry_file()
    by_id: dict[str, FigureSpec] = {}
    for spec in registry.figures:
        if spec.id in by_id:
            raise RegistryError(f"{DEFINITIONS_FILE}: figure {spec.id} is defined twice.")
        by_id[spec.id] = spec
    unknown = [f for f in theme.focus_figures if f not in by_id]
    if unknown:
        raise RegistryError(
            f"theme {theme.theme}: focus_figures names no figure {', '.join(unknown)}."
        )
    return {
        spec.id: _resolve(spec, by_id, theme, registry.practice_breakdowns)
        for spec in registry.figures
    }


def definitions(theme: Theme | None = None) -> dict[str, FigureDefinition]:
    """Every figure definition by ID, in the order of ``definitions.yml`` (read once)."""
    return _definitions(theme or load_theme())


def indicator_definitions(theme: Theme | None = None) -> list[FigureDefinition]:
    """The figures that are rows of ``indicators.csv``, in its order."""
    return [d for d in definitions(theme).values() if d.indicator]
