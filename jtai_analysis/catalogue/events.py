"""The dated events the lists record (``events.yml``): one map for the explorer, the pack and journeys.

Each event is a date column of a list; some place the list's rows in time (``activity``), some are
the steps of a child's journey (``step``: the letters of ``journey_patterns`` in
``design/interfaces.md``). The file is checked against the contracts when read: an event names a
date column of its list, and a step's ending outcome a code of its column's code list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from jtai_analysis.catalogue.checked_yaml import FrozenModel, KeyProblem, read_checked
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue

_EVENTS_FILE = Path(__file__).with_name("events.yml")


class StepEnding(FrozenModel):
    """The outcome recorded at a journey step that ends the journey there ("no further action")."""

    column: str  # a code column of the step's list
    code: str  # the code, of that column's code list, that ends the journey
    words: str  # how the pack says it


class Event(FrozenModel):
    """A date column of a list and what a date in it means."""

    list_key: str = Field(alias="list")
    column: str
    event: str  # what happened, in words (a journey step's name)
    activity: str | None = None  # set on the one event that places the list's rows in time
    # "date", "opens" or "closes": how the date places a row in the six-month window (or None)
    window: Literal["date", "opens", "closes"] | None = None
    step: str | None = None  # the journey step's letter (C contact, R referral, ...)
    ends: StepEnding | None = None  # a journey step's ending outcome

    @model_validator(mode="after")
    def _a_date_of_its_list(self, info: ValidationInfo) -> Event:
        catalogue: Catalogue | None = (info.context or {}).get("catalogue")
        if catalogue is None:
            return self
        contract = catalogue.lists.get(self.list_key)
        if contract is None:
            raise KeyProblem("list", f"unknown list {self.list_key!r}")
        if self.column not in contract.column_keys or contract.column(self.column).type != "date":
            raise KeyProblem("column", f"{self.column!r} is not a date column of {self.list_key}")
        if self.ends is not None:
            _check_ending(catalogue, self.list_key, self.ends)
        return self


def _check_ending(catalogue: Catalogue, list_key: str, ends: StepEnding) -> None:
    contract = catalogue.lists[list_key]
    if ends.column not in contract.column_keys or contract.column(ends.column).codes is None:
        raise KeyProblem("ends.column", f"{ends.column!r} is not a code column of {list_key}")
    codelist = catalogue.codelist_for(contract.column(ends.column))
    if ends.code not in codelist.labels():
        raise KeyProblem("ends.code", f"{ends.code!r} is not a code of {codelist.name}")


class EventsFile(FrozenModel):
    """``events.yml``: the journey's step letters in order, and every event."""

    journey: tuple[str, ...]
    events: tuple[Event, ...]

    @model_validator(mode="after")
    def _one_event_a_step(self) -> EventsFile:
        steps = [event.step for event in self.events if event.step is not None]
        for index, event in enumerate(self.events):
            if event.step is not None and event.step not in self.journey:
                raise KeyProblem(f"events[{index}].step", f"{event.step!r} is not in `journey`")
        for letter in self.journey:
            if steps.count(letter) != 1:
                raise KeyProblem(
                    "journey", f"{letter!r} is the step of {steps.count(letter)} events, not 1"
                )
        return self


@cache
def read_events_file(path: Path = _EVENTS_FILE) -> EventsFile:
    """``events.yml`` (or another file of its shape), checked, also against the contracts (a
    list, column or code they do not have is refused: :func:`read_checked`); cached."""
    return read_checked(EventsFile, path, {"catalogue": load_catalogue()})


def load_events() -> tuple[Event, ...]:
    """Every event, in the order of ``events.yml``."""
    return read_events_file().events


def activity_dates() -> dict[str, tuple[str, str]]:
    """List key -> (date column, name of its rows) for the lists an activity chart counts."""
    return {e.list_key: (e.column, e.activity) for e in load_events() if e.activity}


def journey_steps() -> tuple[Event, ...]:
    """The steps of a child's journey in the order a journey goes: E C R A S I P.

    Each is an :class:`Event` with ``step`` (its letter in a journey pattern), ``list_key`` and
    ``column`` (where its dates are), ``event`` (its name in words) and ``ends`` (the outcome that
    ends a journey at that step, or None).
    """
    file = read_events_file()
    by_letter = {event.step: event for event in file.events if event.step is not None}
    return tuple(by_letter[letter] for letter in file.journey)


def window_dates() -> dict[str, dict[str, str]]:
    """List key -> {"date" | "opens" | "closes": date column}: what places its rows in the window."""
    found: dict[str, dict[str, str]] = {}
    for event in load_events():
        if event.window:
            found.setdefault(event.list_key, {})[event.window] = event.column
    return found
