"""Week 2 for the 6 (paras 116-120): what each agency should share, and where it has got to.

What is expected of which agency, and by which milestone, is in ``data_contracts/rules/week2.yml``;
the local area's tracker (``jtai templates``: ``jtai_week2_tracker.xlsx``, list ``week2_tracker``)
says what has been shared or held and when. This module sets one against the other. With no tracker,
nothing says whether an item was shared: past its due date it is "not known", never "overdue".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from jtai_analysis.common.column_types import schema_of
from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.inspection.timeline import milestones

RULES_FILE = Path("rules") / "week2.yml"
ANY_AGENCY = "ANY"
STATUS_COLUMNS = schema_of(
    "child_id", "agency", "week2_item", "due_date", "done_date", "status", "paragraph"
)


@dataclass(frozen=True)
class Expectation:
    """One item an agency should share (or hold) for each of the 6, and its milestone.

    Expected when ``always`` or ``agency`` is involved with the child, and, if ``if_involved`` is
    set, only when that agency is involved too ("where applicable").
    """

    item: str
    agency: str
    always: bool
    due: str
    paragraph: int
    if_involved: str | None = None


@dataclass(frozen=True)
class DiscussionCheck:
    """Para 120: children of the 6 with a multi-agency practitioner discussion held, against the
    number expected. ``held`` is None when no tracker says."""

    held: int | None
    needed: int
    status: str
    message: str


@cache
def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def week2_rules(folder: Path | None = None) -> dict[str, Any]:
    """``data_contracts/rules/week2.yml`` as read (cached)."""
    return _load(((folder or contracts_dir()) / RULES_FILE).resolve())


def expectations(rules: Mapping[str, Any] | None = None) -> list[Expectation]:
    """The items expected of each agency for each of the 6."""
    rules = rules or week2_rules()
    return [
        Expectation(
            item=str(e["item"]),
            agency=str(e["agency"]),
            always=bool(e.get("always", False)),
            due=str(e["due"]),
            paragraph=int(e["paragraph"]),
            if_involved=str(e["if_involved"]) if e.get("if_involved") else None,
        )
        for e in rules["expected"]
    ]


def expected_items(
    six: Mapping[str, Sequence[str]], rules: Mapping[str, Any] | None = None
) -> pl.DataFrame:
    """One row per child, agency and item expected (``child_id, agency, week2_item, due, paragraph``).

    Parameters
    ----------
    six
        Each of the 6 children's ID -> the agency codes involved with the child and family.
    """
    records = []
    for child_id, agencies in six.items():
        for e in expectations(rules):
            if e.if_involved is not None and e.if_involved not in agencies:
                continue
            if e.agency == ANY_AGENCY:
                records += [
                    {"child_id": child_id, "agency": a, "week2_item": e.item, "due": e.due,
                     "paragraph": e.paragraph}
                    for a in sorted(set(agencies))
                ]  # fmt: skip
            elif e.always or e.agency in agencies:
                records.append(
                    {"child_id": child_id, "agency": e.agency, "week2_item": e.item,
                     "due": e.due, "paragraph": e.paragraph}
                )  # fmt: skip
    schema = {"child_id": pl.String, "agency": pl.String, "week2_item": pl.String,
              "due": pl.String, "paragraph": pl.Int64}  # fmt: skip
    return pl.DataFrame(records, schema=schema)


def week2_status(
    six: Mapping[str, Sequence[str]],
    tracker: pl.DataFrame | None,
    notification_date: dt.date,
    as_of: dt.date,
    rules: Mapping[str, Any] | None = None,
) -> pl.DataFrame:
    """Each expected item for the 6 with its status against the timeline's dates.

    Status (wording from the rules): done (on or before the due date), done late, overdue (the
    tracker gives no date and the due date has passed at ``as_of``), not known (the due date has
    passed and no tracker has arrived to say), not yet due; tracker rows for anything not expected
    (a child not in the 6, an agency not involved) are kept and marked so, never dropped. A
    multi-agency discussion (para 120) recorded for a child of the 6 is expected, due by the end of
    fieldwork.

    Returns
    -------
    polars.DataFrame
        ``child_id, agency, week2_item, due_date, done_date, status, paragraph``, ordered by child,
        due date, agency and item.
    """
    rules = rules or week2_rules()
    words = rules["status"]
    due_dates = {m.milestone: m.date for m in milestones(notification_date)}
    expected = expected_items(six, rules)
    done = (
        pl.DataFrame(
            schema={
                "child_id": pl.String,
                "agency": pl.String,
                "week2_item": pl.String,
                "done_date": pl.Date,
            }
        )  # fmt: skip
        if tracker is None
        else tracker.select(
            pl.col("child_id").cast(pl.String),
            pl.col("agency").cast(pl.String),
            pl.col("week2_item").cast(pl.String),
            pl.col("done_date").cast(pl.Date),
        ).unique(["child_id", "agency", "week2_item"], keep="first", maintain_order=True)
    )
    discussion = rules["multi_agency_discussions"]
    recorded = done.filter(
        (pl.col("week2_item") == discussion["item"]) & pl.col("child_id").is_in(list(six))
    ).select(
        "child_id",
        "agency",
        "week2_item",
        pl.lit(discussion["due"]).alias("due"),
        pl.lit(int(discussion["paragraph"]), dtype=pl.Int64).alias("paragraph"),
    )
    expected = pl.concat([expected, recorded]).with_columns(
        pl.col("due").replace_strict(due_dates, return_dtype=pl.Date).alias("due_date")
    )
    keys = ["child_id", "agency", "week2_item"]
    joined = expected.join(done, on=keys, how="full", coalesce=True)
    status = (
        pl.when(pl.col("due_date").is_null())
        .then(pl.lit(words["unexpected"]))
        .when(pl.col("done_date").is_not_null() & (pl.col("done_date") <= pl.col("due_date")))
        .then(pl.lit(words["done"]))
        .when(pl.col("done_date").is_not_null())
        .then(pl.lit(words["late"]))
        .when(pl.col("due_date") >= pl.lit(as_of))
        .then(pl.lit(words["due"]))
        .when(pl.lit(tracker is None))
        .then(pl.lit(words["not_known"]))
        .otherwise(pl.lit(words["overdue"]))
    )
    return (
        joined.with_columns(status.alias("status"))
        .select(list(STATUS_COLUMNS))
        .cast(STATUS_COLUMNS)  # type: ignore[arg-type]
        .sort("child_id", "due_date", "agency", "week2_item", nulls_last=True)
    )


def multi_agency_discussions(
    status: pl.DataFrame,
    has_tracker: bool,
    notification_date: dt.date,
    as_of: dt.date,
    rules: Mapping[str, Any] | None = None,
) -> DiscussionCheck:
    """Para 120: how many of the 6 have had a multi-agency practitioner discussion, against the
    number the guidance expects by the end of fieldwork.

    Parameters
    ----------
    status
        :func:`week2_status` for the 6.
    has_tracker
        Whether the week 2 tracker has arrived (without it the number is not known).
    """
    rules = rules or week2_rules()
    check = rules["multi_agency_discussions"]
    words, needed = check["status"], int(check["at_least"])
    if not has_tracker:
        return DiscussionCheck(
            None, needed, str(words["not_known"]), check["not_known_message"].format(needed=needed)
        )
    done = {rules["status"]["done"], rules["status"]["late"]}
    held = (
        status.filter((pl.col("week2_item") == check["item"]) & pl.col("status").is_in(done))[
            "child_id"
        ]
        .drop_nulls()
        .n_unique()
    )
    due = {m.milestone: m.date for m in milestones(notification_date)}[check["due"]]
    state = words["met"] if held >= needed else words["due"] if as_of <= due else words["not_met"]
    message = check["message"].format(held=held, needed=needed, status=state)
    return DiscussionCheck(held, needed, str(state), message)


def status_summary(status: pl.DataFrame) -> pl.DataFrame:
    """How many items have each status, per child (``child_id`` + one column per status)."""
    if status.is_empty():
        return pl.DataFrame(schema={"child_id": pl.String})
    return status.pivot(
        on="status", index="child_id", values="week2_item", aggregate_function="len"
    ).fill_null(0)
