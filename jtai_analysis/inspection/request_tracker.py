"""The information-request tracker: which of items 1.1-5.9 have arrived, from whom, and what is late.

Items are due by 5pm on Tuesday of week 2 (para 123). The tracker is the template the local area or
the link person fills in (``jtai templates``); real trackers drift, so item numbers are read
forgivingly (``Item 1.10``, ``1,10``, ``01.10``) and anything that cannot be matched, is repeated
or is missing is reported in a plain message with its row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.labels import headings, load_labels
from jtai_analysis.catalogue.request_items import (
    RequestItem,
    load_request_items,
    out_of_scope_challenge,
    request_agencies,
)
from jtai_analysis.inspection.timeline import milestone_dates

_ITEM_NUMBER = re.compile(
    r"^\s*(?:item\s*(?:no\.?|number)?\s*)?0*(\d+)\s*[.,]\s*0*(\d+)\s*\.?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class TrackerMessage:
    """Something about the tracker a person should know, with the row it concerns (None: no row)."""

    row: int | None
    message: str


def statuses() -> dict[str, str]:
    """An item's status: key -> the word shown (``labels.yml``, ``request_statuses``), in the
    order of the table by agency."""
    return load_labels().request_statuses


def canonical_item_number(text: str | None) -> str | None:
    """``Item 1.10``, ``1,10`` or ``01.10`` -> ``1.10``; anything else -> None."""
    if text is None:
        return None
    match = _ITEM_NUMBER.match(str(text))
    return f"{int(match.group(1))}.{int(match.group(2))}" if match else None


def deadline(notification_date: dt.date) -> dt.datetime:
    """When the items are due: Tuesday of week 2, 17:00 (moved past a bank holiday)."""
    due = milestone_dates(notification_date)["case_records_and_pmi_due"]
    hour, minute = (int(p) for p in (due.time or "17:00").split(":"))
    return dt.datetime.combine(due.date, dt.time(hour, minute))


def tracker_status(
    tracker: pl.DataFrame | None, notification_date: dt.date, as_of: dt.datetime
) -> tuple[pl.DataFrame, list[TrackerMessage]]:
    """One row per item 1.1-5.9 with its status at ``as_of``, and messages about the tracker.

    ``tracker`` is the ingested ``requests`` list (None when no tracker has arrived: every item is
    then outstanding, or overdue after the deadline). An item the local area marks out of scope
    keeps that status and is flagged for challenge (para 124: the inspectors decide what falls
    outside the scope), in the ``Challenge`` column and a message naming its row. Columns and
    statuses are the words of ``labels.yml`` (table ``request_tracker``, ``request_statuses``).
    """
    items = load_request_items()
    known = {item.number: item for item in items}
    messages: list[TrackerMessage] = []
    entries: dict[str, dict[str, object]] = {}
    rows = tracker.iter_rows(named=True) if tracker is not None else iter(())
    for row in rows:
        raw = row.get("item_number")
        number = canonical_item_number(raw)
        where = row.get("_row")
        if number is None:
            messages.append(
                TrackerMessage(
                    where,
                    f"Row {where}: {raw!r} is not an item number like 1.1; the row was not used.",
                )
            )
            continue
        if number not in known:
            messages.append(
                TrackerMessage(
                    where,
                    f"Row {where}: item {number} is not one of items 1.1 to 5.9; the row was not used.",
                )
            )
            continue
        if number in entries:
            first = entries[number]["row"]
            messages.append(
                TrackerMessage(
                    where,
                    f"Row {where}: item {number} appears again (first on row {first}); the first row was used.",
                )
            )
            continue
        if str(raw).strip() != number:
            messages.append(
                TrackerMessage(where, f"Row {where}: item number {raw!r} read as {number}.")
            )
        entries[number] = {
            "row": where,
            "received_date": row.get("received_date"),
            "file_name": row.get("file_name"),
            "is_out_of_scope": row.get("is_out_of_scope") == YES,
            "notes": row.get("notes"),
        }
    missing = [item.number for item in items if item.number not in entries]
    if tracker is not None and missing:
        messages.append(
            TrackerMessage(
                None, f"Not in the tracker, so counted as not received: items {', '.join(missing)}."
            )
        )

    is_late = as_of > deadline(notification_date)
    status_words = statuses()
    agencies = request_agencies()
    records = []
    for item in items:
        entry = entries.get(item.number, {})
        received = entry.get("received_date")
        challenge = None
        if entry.get("is_out_of_scope"):
            status = status_words["out_of_scope"]
            note = str(entry.get("notes") or "").strip()
            challenge = out_of_scope_challenge().format(reason=f" ('{note}')" if note else "")
            messages.append(
                TrackerMessage(
                    entry["row"],  # type: ignore[arg-type]
                    f"Row {entry['row']}: item {item.number} ({item.title}) is {challenge}.",
                )
            )
        elif received is not None:
            status = status_words["received"]
        else:
            status = status_words["overdue" if is_late else "outstanding"]
        records.append(
            _record(item, agencies[item.agency], status, received, entry.get("file_name"))
            | {"challenge": challenge}
        )
    heading = headings("request_tracker")
    types = {"received": pl.Date}
    frame = pl.DataFrame(
        records, schema={key: types.get(key, pl.String) for key in heading}
    ).rename(heading)
    return frame, messages


def _record(
    item: RequestItem, agency: str, status: str, received: object, file_name: object
) -> dict[str, object]:
    return {
        "item": item.number,
        "agency": agency,
        "title": item.title,
        "status": status,
        "received": received,
        "file": file_name,
    }


def status_by_agency(status: pl.DataFrame) -> pl.DataFrame:
    """Counts of items by agency and status, agencies in guidance order, every status a column."""
    order = list(request_agencies().values())
    heading = headings("request_tracker")
    agency, by = heading["agency"], heading["status"]
    counts = status.group_by(agency, by).len().pivot(on=by, index=agency, values="len")
    words = statuses().values()
    for name in words:
        if name not in counts.columns:
            counts = counts.with_columns(pl.lit(0, dtype=pl.UInt32).alias(name))
    return (
        counts.select(
            agency,
            *[pl.col(s).fill_null(0).cast(pl.Int64).alias(s.capitalize()) for s in words],
        )
        .with_columns(
            pl.col(agency).replace_strict({a: i for i, a in enumerate(order)}).alias("_order")
        )
        .sort("_order")
        .drop("_order")
    )
