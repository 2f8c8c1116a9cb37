"""Rows outside the six-month window, per list, said out loud (interfaces.md, Definitions: Window).

A row's window date is the date the indicators use for its list (``window`` in ``events.yml``).
A row of an open-case list (6 and 7) is in the window when the case was open at any time in it:
started on or before the reference date and not closed before the window start. A row whose
window date is blank or unreadable is not counted here (it is a finding of its own). Valid and
quarantined rows both count: the point is to show why a list reads 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from jtai_analysis.catalogue.events import window_dates
from jtai_analysis.common.derive import window_start


@dataclass(frozen=True)
class OutsideWindow:
    """How many of a list's rows fall outside the window, and on which side."""

    list_key: str
    list_name: str  # "List 1"
    rows_in: int
    before: int  # dated (or closed) before the window start
    after: int  # dated (or started) after the reference date
    window_start: dt.date
    reference_date: dt.date
    is_open_cases: bool = False

    @property
    def rows(self) -> int:
        return self.before + self.after

    @property
    def is_all_outside(self) -> bool:
        return self.rows_in > 0 and self.rows == self.rows_in

    def sentence(self) -> str | None:
        """ "6 of 6 List 1 rows fall before 22/09/2020 and are not counted" (None when none does)."""
        if not self.rows:
            return None
        count = f"{self.rows:,} of {self.rows_in:,} {self.list_name} rows"
        start, end = f"{self.window_start:%d/%m/%Y}", f"{self.reference_date:%d/%m/%Y}"
        if self.is_open_cases:
            sides = []
            if self.before:
                sides.append(f"{self.before:,} closed before {start}")
            if self.after:
                sides.append(f"{self.after:,} started after {end}")
            return (
                f"{count} were not open in the window {start} to {end} "
                f"({' and '.join(sides)}) and are not counted as in it."
            )
        if not self.after:
            return f"{count} fall before {start} and are not counted."
        if not self.before:
            return f"{count} fall after {end} and are not counted."
        return (
            f"{count} fall outside the window {start} to {end} ({self.before:,} before, "
            f"{self.after:,} after) and are not counted."
        )

    def warning(self) -> str | None:
        """For a list with every row outside the window: why its figures read 0."""
        if not self.is_all_outside:
            return None
        return (
            f"Every row of {self.list_name} ({self.rows_in:,}) falls outside the six-month window "
            f"{self.window_start:%d/%m/%Y} to {self.reference_date:%d/%m/%Y}, so every figure "
            "that counts its rows in the window reads 0 because of the dates, not because nothing "
            "happened. Check the reference date."
        )

    def as_json(self) -> dict[str, object]:
        return {
            "list_name": self.list_name,
            "rows_in": self.rows_in,
            "before": self.before,
            "after": self.after,
            "window_start": self.window_start.isoformat(),
            "reference_date": self.reference_date.isoformat(),
            "is_open_cases": self.is_open_cases,
        }

    @classmethod
    def from_json(cls, key: str, content: dict[str, object]) -> OutsideWindow:
        return cls(
            list_key=key,
            list_name=str(content["list_name"]),
            rows_in=int(str(content["rows_in"])),
            before=int(str(content["before"])),
            after=int(str(content["after"])),
            window_start=dt.date.fromisoformat(str(content["window_start"])),
            reference_date=dt.date.fromisoformat(str(content["reference_date"])),
            is_open_cases=bool(content.get("is_open_cases")),
        )


def window_sentences(counts: Iterable[OutsideWindow]) -> list[str]:
    """What the log and the command line say: one sentence a list with rows outside the window,
    and a warning for each list with every row outside it."""
    sentences = []
    for item in counts:
        sentence = item.warning() or item.sentence()
        if sentence:
            sentences.append(sentence)
    return sentences


def outside_window(
    list_key: str, list_name: str, frame: pl.DataFrame, reference_date: dt.date
) -> OutsideWindow | None:
    """The rows of one list (typed, every row) outside the window ending on ``reference_date``.

    None for a list without a window date (the JTAI templates).
    """
    columns = window_dates().get(list_key)
    if not columns:
        return None
    start = window_start(reference_date)
    opens = columns.get("opens") or columns.get("date")
    if opens is None or opens not in frame.columns:
        return None
    closes = columns.get("closes") if "opens" in columns else None
    dated = pl.col(opens)
    if closes is not None and closes in frame.columns:
        is_before = dated.is_not_null() & pl.col(closes).is_not_null() & (pl.col(closes) < start)
    else:
        is_before = dated.is_not_null() & (dated < start)
    is_after = dated.is_not_null() & (dated > reference_date)
    before, after = frame.select(
        (is_before & ~is_after).sum().alias("before"), is_after.sum().alias("after")
    ).row(0)
    return OutsideWindow(
        list_key,
        list_name,
        frame.height,
        int(before or 0),
        int(after or 0),
        start,
        reference_date,
        is_open_cases="opens" in columns,
    )
