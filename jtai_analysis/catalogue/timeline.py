"""The milestones of a JTAI and the day each falls on (``timeline.yml``), read once for every room.

The file says each step of the inspection once: its words, the guidance paragraph, and its day as a
rule (the notification, a named weekday of week 1 or 2, or working days after another milestone);
``inspection/timeline.py`` turns the rules into dates. Checked on load: an unknown key, a weekday
that is not Monday to Friday, a milestone counted from one not above it, or a phase bounded by
nothing the file names is refused with the file and key named.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, PositiveInt, model_validator

from jtai_analysis.catalogue.checked_yaml import FrozenModel, KeyProblem, read_checked

_TIMELINE_FILE = Path(__file__).with_name("timeline.yml")

Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS: tuple[Weekday, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
# The days a milestone may fall on by name: day 1, and the first and last working days of fieldwork.
Anchor = Literal["notification", "fieldwork_start", "fieldwork_end"]
# The weeks a phase may start (Monday) or end (Friday) on.
WEEKS = ("week_1", "week_2")


def _clock_time(text: str) -> str:
    if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text) is None:
        raise ValueError(f'{text!r} is not a time of day written HH:MM, such as "17:00"')
    return text


class MilestoneRule(FrozenModel):
    """One step of the inspection: its words, paragraph, time, and the rule for its day.

    Exactly one rule: ``at``; ``week`` with ``weekday``; or ``working_days`` with ``after``.
    """

    id: str
    title: str
    source: str  # the guidance paragraph(s), "para 28"
    time: Annotated[str, AfterValidator(_clock_time)] | None = None
    at: Anchor | None = None
    week: Literal[1, 2] | None = None
    weekday: Weekday | None = None
    working_days: PositiveInt | None = None
    after: str | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> MilestoneRule:
        rules = {
            "at": self.at is not None,
            "week and weekday": self.week is not None or self.weekday is not None,
            "working_days and after": self.working_days is not None or self.after is not None,
        }
        given = [name for name, is_given in rules.items() if is_given]
        if len(given) != 1:
            found = f"it has {' and '.join(given)}" if given else "it has none"
            raise ValueError(
                f"needs one rule for its day: at, week and weekday, or working_days and after ({found})"
            )
        if (self.week is None) != (self.weekday is None):
            raise KeyProblem("week" if self.week is None else "weekday", "is missing")
        if (self.working_days is None) != (self.after is None):
            raise KeyProblem("working_days" if self.working_days is None else "after", "is missing")
        return self


class Phase(FrozenModel):
    """A stretch of the inspection for the Gantt chart, from one day to another (both included)."""

    title: str
    first: str  # a milestone's id, or a week (its Monday)
    last: str  # a milestone's id, or a week (its Friday)


class TimelineFile(FrozenModel):
    """``timeline.yml``: the milestones in the guidance's order, and the phases."""

    milestones: tuple[MilestoneRule, ...]
    phases: tuple[Phase, ...]

    @model_validator(mode="after")
    def _names_point_back(self) -> TimelineFile:
        above: dict[str, None] = {}  # the ids so far, in order
        for rule in self.milestones:
            where = f"milestones[{rule.id}]"
            if rule.id in above:
                raise KeyProblem(where, "the id is used twice")
            if rule.after is not None and rule.after not in above:
                raise KeyProblem(
                    f"{where}.after",
                    f"{rule.after!r} is not a milestone above this one (a milestone counts "
                    "from one listed before it)",
                )
            above[rule.id] = None
        for index, phase in enumerate(self.phases):
            for end in ("first", "last"):
                name = getattr(phase, end)
                if name not in above and name not in WEEKS:
                    known = ", ".join((*WEEKS, *above))
                    raise KeyProblem(
                        f"phases[{index}].{end}",
                        f"unknown milestone or week {name!r} (one of {known})",
                    )
        return self


@cache
def read_timeline_file(path: Path = _TIMELINE_FILE) -> TimelineFile:
    """``timeline.yml`` (or another file of its shape), checked (:func:`read_checked`); cached.

    Raises
    ------
    ContractError
        The file does not fit :class:`TimelineFile`; the message names the file and the key.
    """
    return read_checked(TimelineFile, path)
