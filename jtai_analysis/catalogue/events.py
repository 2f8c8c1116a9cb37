"""The dated events the lists record (``events.yml``): one map for the explorer and the pack."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_EVENTS_FILE = Path(__file__).with_name("events.yml")


@dataclass(frozen=True)
class Event:
    """A date column of a list and what a date in it means."""

    list_key: str
    column: str
    event: str
    activity: str | None = None  # set on the one event that places the list's rows in time
    # "date", "opens" or "closes": how the date places a row in the six-month window (or None)
    window: str | None = None


@cache
def load_events() -> tuple[Event, ...]:
    """Every event, in the order of ``events.yml``."""
    raw = yaml.safe_load(_EVENTS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Event(item["list"], item["column"], item["event"], item.get("activity"), item.get("window"))
        for item in raw["events"]
    )


def activity_dates() -> dict[str, tuple[str, str]]:
    """List key -> (date column, name of its rows) for the lists an activity chart counts."""
    return {e.list_key: (e.column, e.activity) for e in load_events() if e.activity}


def window_dates() -> dict[str, dict[str, str]]:
    """List key -> {"date" | "opens" | "closes": date column}: what places its rows in the window."""
    found: dict[str, dict[str, str]] = {}
    for event in load_events():
        if event.window:
            found.setdefault(event.list_key, {})[event.window] = event.column
    return found
