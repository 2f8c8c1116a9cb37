"""The inspection's theme as data: who the focus children are, which figures are shown for them,
and the reviewed "what stands out" rules (``data_contracts/themes/<name>.yml``).

Typed and checked on load (pydantic, unknown keys refused): a typo in the theme file stops the run
with the file and the key named, instead of being silently ignored. A later JTAI theme is a new
file, not new code.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from jtai_analysis.catalogue.codes import CHILD_LISTS, ListKey
from jtai_analysis.common.derive import AGE_GROUPS
from jtai_analysis.common.paths import contracts_dir

THEMES_FOLDER = "themes"
DEFAULT_THEME = "domestic_abuse"


class ThemeError(ValueError):
    """A theme file that cannot be used; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _each_one_of(known: Collection[str], outside_words: str) -> AfterValidator:
    """A check that every value given is one of ``known``; the message names those that are not."""

    def check(values: tuple[str, ...]) -> tuple[str, ...]:
        outside = [value for value in values if value not in known]
        if outside:
            raise ValueError(f"{', '.join(outside)} {outside_words}")
        return values

    return AfterValidator(check)


ChildLists = Annotated[tuple[ListKey, ...], _each_one_of(CHILD_LISTS, "is not one of Lists 1 to 7")]
AgeGroups = Annotated[
    tuple[str, ...],
    _each_one_of(AGE_GROUPS, f"is not an age group ({', '.join(AGE_GROUPS)})"),
]


class Flag(_Strict):
    """The flag that marks a child: ``column`` = Yes on any valid row of ``lists``."""

    breakdown: str  # the breakdown (and indicators_by_group group_by) of flagged children
    column: str
    lists: ChildLists = Field(min_length=1)
    label: str  # a heading: "Domestic abuse recorded"
    words: str  # the field in a sentence: "the domestic abuse field"


class SelectionEffect(_Strict):
    """Focus children are found on the flag's lists only: a figure counting rows of ``lists``
    (earlier in the journey) is shaped by that; ``words`` say so beside it."""

    lists: tuple[ListKey, ...]
    label: str  # in a few words, beside a figure (a table's "Read with" column)
    words: str  # in full, under the table


class Focus(_Strict):
    """Focus children: flagged children whose age group at R is one of ``age_groups``; compared
    with the other children of those ages (``others_label``), never with all children."""

    age_groups: AgeGroups = Field(min_length=1)
    label: str
    words: str
    others_label: str  # a heading: "Other under-8s"
    others_words: str  # who they are, in a sentence
    selection_effect: SelectionEffect


class StandsOutRule(_Strict):
    """One reviewed comparison of a percentage figure: its focus children against the other
    under-8s (``other_under8``), or the figure for all children against England (``england``)."""

    indicator: str
    compare_with: Literal["england", "other_under8"]
    higher: str
    lower: str
    enquiry: str
    ec: str


class WeekRule(_Strict):
    """A weekly figure's group (``all``, ``focus=Yes``) whose full weeks outside the area's own
    expected range are called out; ``higher`` / ``lower`` may name ``{week}``."""

    figure: str
    group: str = "all"
    higher: str
    lower: str
    enquiry: str
    ec: str


class StandsOut(_Strict):
    # small counts are hidden by the pack's one suppression rule (privacy.suppression), not here
    z: float = Field(gt=0)
    rules: tuple[StandsOutRule, ...]
    weeks: tuple[WeekRule, ...] = ()  # the front door over time: weeks outside the expected range


class Theme(_Strict):
    """A JTAI theme: the lens every section of the pack looks through."""

    theme: str
    title: str
    flag: Flag
    focus: Focus
    focus_figures: tuple[str, ...]  # figures that get the flag and focus breakdowns
    stands_out: StandsOut


def theme_path(name: str = DEFAULT_THEME) -> Path:
    """Where the theme file of that name lives."""
    return contracts_dir() / THEMES_FOLDER / f"{name}.yml"


def read_theme(path: Path) -> Theme:
    """Read and check one theme file.

    Raises
    ------
    ThemeError
        The file is missing, is not YAML, or a key is unknown, missing or of the wrong type; the
        message names the file and the key (``focus.age_groups``).
    """
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ThemeError(f"{path}: cannot be read as YAML ({error}).") from error
    try:
        return Theme.model_validate(content)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'top level'}: {e['msg']}"
            for e in error.errors()
        )
        raise ThemeError(f"{path}: {problems}.") from error


@cache
def _load(path: Path) -> Theme:
    return read_theme(path)


def load_theme(name: str = DEFAULT_THEME) -> Theme:
    """The theme of this workbench (read once per process and folder of contracts)."""
    return _load(theme_path(name).resolve())
