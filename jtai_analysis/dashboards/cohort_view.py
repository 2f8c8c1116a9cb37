"""The cohort view as plain functions: one table of children in words, filters, export.

The explorer (``explorer.py``, ``follower.py``) only calls these; its counts and bars are figures
(``figure_view``), never counted here. Codes stay in the table for
filtering; every column a reader sees is in words taken from the contracts' code lists
(``data_contracts/_shared.yml``), so no code is spelt out here. A value the lists do not give is
shown as "Not recorded", never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jtai_analysis.analysis.indicators import da_not_available
from jtai_analysis.catalogue.codes import NO, YES
from jtai_analysis.catalogue.labels import headings, word
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.common.spreadsheet import write_table
from jtai_analysis.dashboards.explore import LIST_LABELS
from jtai_analysis.dashboards.words import code_groups, code_words
from jtai_analysis.model.prepared import PreparedData

MISSING = "missing"  # the filter value for "the lists give no value"
NOT_RECORDED = "Not recorded"
NOT_AVAILABLE = "Not available"  # a field no list received can give (interfaces.md)
# A child's place in the care system at the reference date, most involved first.
STATUSES: dict[str, str] = {
    "cp_open": "Child protection plan open",
    "cin_open": "Child in need episode open",
    "closed": "Child in need or protection plan, now closed",
    "none": "Neither child in need nor protection plan",
}
SAMPLE_LABELS: dict[str, str] = {"in_20": "In the 20", "in_6": "In the 6"}
DA_LABELS: dict[str, str] = {"yes": "Domestic abuse recorded", "no": "No domestic abuse recorded"}
_SOURCE_LISTS = (("contacts", "contact_source"), ("referrals", "referral_source"))


@dataclass(frozen=True)
class Filters:
    """What the inspector chose. An empty choice lets everyone through.

    ``sexes`` and ``disabilities`` take codes and ``MISSING``; ``statuses`` keys of ``STATUSES``;
    ``sample`` keys of ``SAMPLE_LABELS``; ``domestic_abuse`` ``"yes"`` / ``"no"``; dates bound the
    child's dated events (a child matches with any event between them, both included);
    ``children`` keeps only the children chosen on a chart of the front door (a week, a pattern).
    """

    age_groups: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    ethnic_groups: tuple[str, ...] = ()
    disabilities: tuple[str, ...] = ()
    domestic_abuse: tuple[str, ...] = ()
    nomination_lists: tuple[str, ...] = ()
    sample: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    children: tuple[str, ...] | None = None


def _status(data: PreparedData, reference_date: dt.date) -> pl.DataFrame:
    """child_id -> status key at the reference date (see ``STATUSES``)."""
    parts = []
    for key, start, end, open_status in (
        ("cp", "cpp_start_date", "cpp_end_date", "cp_open"),
        ("cin", "cin_start_date", "cin_closure_date", "cin_open"),
    ):
        frame = data.frame(key)
        if frame is None or start not in frame.columns:
            continue
        ended = pl.col(end) <= reference_date if end in frame.columns else pl.lit(False)
        is_open = (pl.col(start) <= reference_date) & ~ended.fill_null(False)
        parts.append(
            frame.filter(pl.col("child_id").is_not_null()).select(
                "child_id",
                pl.when(is_open)
                .then(pl.lit(open_status))
                .otherwise(pl.lit("closed"))
                .alias("status"),
            )
        )
    if not parts:
        return pl.DataFrame(schema={"child_id": pl.String, "status": pl.String})
    rank = {key: i for i, key in enumerate(STATUSES)}
    return (
        pl.concat(parts)
        .with_columns(pl.col("status").replace_strict(rank, return_dtype=pl.Int64).alias("rank"))
        .group_by("child_id")
        .agg(pl.col("status").sort_by("rank").first())
    )


def _sources(data: PreparedData, groups: dict[str, str]) -> pl.DataFrame:
    """child_id -> the source groups of their contacts and referrals (a list of words)."""
    parts = [
        frame.filter(pl.col("child_id").is_not_null() & pl.col(column).is_not_null()).select(
            "child_id",
            pl.col(column).cast(pl.String).replace_strict(groups, default=None).alias("source"),
        )
        for key, column in _SOURCE_LISTS
        if (frame := data.frame(key)) is not None and column in frame.columns
    ]
    if not parts:
        return pl.DataFrame(schema={"child_id": pl.String, "sources": pl.List(pl.String)})
    return (
        pl.concat(parts)
        .drop_nulls("source")
        .group_by("child_id")
        .agg(pl.col("source").unique().sort().alias("sources"))
    )


def cohort_table(
    cohort: pl.DataFrame,
    data: PreparedData,
    events: pl.DataFrame,
    twenty: tuple[str, ...] = (),
    six: tuple[str, ...] = (),
    catalogue: Catalogue | None = None,
) -> pl.DataFrame:
    """One row per child: the codes filters use and, beside them, what a reader sees.

    ``cohort`` is :func:`jtai_analysis.model.cohort.children`; ``events`` is
    :func:`jtai_analysis.dashboards.explore.all_events`; ``twenty`` and ``six`` the children in
    the 20 and the 6.
    """
    catalogue = catalogue or load_catalogue()
    codelists = catalogue.codelists
    ethnic_group = code_groups(codelists["ethnicity"])
    nominations = data.frame("nominations")
    nominated = (
        nominations.filter(pl.col("child_id").is_not_null())
        .group_by("child_id")
        .agg(pl.col("nomination_list").drop_nulls().unique().sort().alias("nomination_lists"))
        if nominations is not None and "nomination_list" in nominations.columns
        else pl.DataFrame(schema={"child_id": pl.String, "nomination_lists": pl.List(pl.String)})
    )
    dates = events.group_by("child_id").agg(
        pl.col("date").min().alias("first_event_date"),
        pl.col("date").max().alias("last_event_date"),
    )
    table = (
        cohort.select(
            "child_id",
            pl.col("age_group").cast(pl.String),
            *[
                pl.col(c).cast(pl.String)
                if c in cohort.columns
                else pl.lit(None, pl.String).alias(c)
                for c in ("sex", "ethnicity", "disability")
            ],
            pl.col("lists").str.split(";").alias("lists"),
            # null, not False, where the domestic abuse field cannot be read: "not available"
            pl.col("is_da").fill_null(False)
            if not da_not_available(data, catalogue)
            else pl.lit(None, pl.Boolean).alias("is_da"),
        )
        .join(nominated, on="child_id", how="left")
        .join(_status(data, data.reference_date), on="child_id", how="left")
        .join(_sources(data, code_groups(codelists["source"])), on="child_id", how="left")
        .join(dates, on="child_id", how="left")
        .with_columns(
            pl.col("nomination_lists").fill_null([]),
            pl.col("sources").fill_null([]),
            pl.col("status").fill_null("none"),
            pl.col("ethnicity").replace_strict(ethnic_group, default=None).alias("ethnic_group"),
            pl.col("child_id").is_in(list(twenty)).alias("is_in_20"),
            pl.col("child_id").is_in(list(six)).alias("is_in_6"),
        )
    )
    return table.sort("child_id")


def apply_filters(table: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The children of :func:`cohort_table` matching every filter given."""
    condition = pl.lit(True)

    def one_of(column: str, values: tuple[str, ...]) -> pl.Expr:
        wanted = [v for v in values if v != MISSING]
        match = pl.col(column).is_in(wanted).fill_null(False)
        return match | pl.col(column).is_null() if MISSING in values else match

    def any_of(column: str, values: tuple[str, ...]) -> pl.Expr:
        return pl.col(column).list.eval(pl.element().is_in(list(values))).list.any()

    for column, values in (
        ("age_group", filters.age_groups),
        ("sex", filters.sexes),
        ("ethnic_group", filters.ethnic_groups),
        ("disability", filters.disabilities),
        ("status", filters.statuses),
    ):
        if values:
            condition &= one_of(column, values)
    for column, values in (
        ("lists", filters.lists),
        ("nomination_lists", filters.nomination_lists),
        ("sources", filters.sources),
    ):
        if values:
            condition &= any_of(column, values)
    if filters.domestic_abuse and set(filters.domestic_abuse) != {"yes", "no"}:
        condition &= pl.col("is_da") if "yes" in filters.domestic_abuse else ~pl.col("is_da")
    if filters.sample:
        in_sample = pl.lit(False)
        for key in filters.sample:
            in_sample |= pl.col("is_" + key)
        condition &= in_sample
    if filters.date_from is not None:
        condition &= (pl.col("last_event_date") >= filters.date_from).fill_null(False)
    if filters.date_to is not None:
        condition &= (pl.col("first_event_date") <= filters.date_to).fill_null(False)
    if filters.children is not None:
        condition &= pl.col("child_id").is_in(
            pl.Series(filters.children, dtype=pl.String).implode()
        )
    return table.filter(condition)


def not_available(data: PreparedData) -> dict[str, str]:
    """Why a chart, or some of its bars, cannot be counted: a sentence by dimension (none: all can).

    A list not received counts nobody because nobody could be counted, not because no child is in
    it: its bar says "not received" rather than 0.
    """
    reasons = {}
    missing = [label for key, label in LIST_LABELS.items() if not data.has(key)]
    if missing:
        reasons["lists"] = f"Not received yet, so not counted: {', '.join(missing)}."
    if reason := da_not_available(data, load_catalogue()):
        reasons["domestic_abuse"] = f"{reason}."
    if not any(
        (frame := data.frame(key)) is not None and column in frame.columns
        for key, column in _SOURCE_LISTS
    ):
        reasons["sources"] = (
            "Not available: neither List 1 (contacts) nor List 3 (referrals) with its source "
            "has been received."
        )
    return reasons


def for_readers(children: pl.DataFrame, catalogue: Catalogue | None = None) -> pl.DataFrame:
    """The filtered children as a reader sees them: words, not codes; readable headers."""
    catalogue = catalogue or load_catalogue()
    codelists = catalogue.codelists
    sexes = code_words(codelists["sex"])
    ethnicities = code_words(codelists["ethnicity"])
    yes_no = code_words(codelists["yes_no_unknown"])

    def words(column: str, mapping: dict[str, str]) -> pl.Expr:
        return (
            pl.col(column).replace_strict(mapping, default=pl.col(column)).fill_null(NOT_RECORDED)
        )

    heading = headings("cohort_children")
    return children.select(
        pl.col("child_id").alias(heading["child_id"]),
        pl.col("age_group")
        .replace_strict(AGE_GROUP_LABELS, default=pl.col("age_group"))
        .alias(heading["age_group"]),
        words("sex", sexes).alias(heading["sex"]),
        words("ethnicity", ethnicities).alias(heading["ethnicity"]),
        pl.col("ethnic_group").fill_null(NOT_RECORDED).alias(heading["ethnic_group"]),
        words("disability", yes_no).alias(heading["disability"]),
        pl.when(pl.col("is_da").is_null())
        .then(pl.lit(NOT_AVAILABLE))
        .when("is_da")
        .then(pl.lit(yes_no[YES]))
        .otherwise(pl.lit(yes_no[NO]))
        .alias(heading["is_da"]),
        pl.col("lists")
        .list.eval(pl.element().replace_strict(LIST_LABELS, default=pl.element()))
        .list.sort()  # "List 1" ... "List 7": their own order
        .list.join(", ")
        .alias(heading["lists"]),
        pl.col("status")
        .replace_strict(STATUSES, default=pl.col("status"))
        .alias(heading["status"]),
        pl.col("nomination_lists").list.join(", ").alias(heading["nomination_lists"]),
        pl.when("is_in_6")
        .then(pl.lit(word("in_6")))
        .when("is_in_20")
        .then(pl.lit(word("in_20")))
        .otherwise(pl.lit(""))
        .alias(heading["sample"]),
        pl.col("first_event_date").alias(heading["first_event_date"]),
        pl.col("last_event_date").alias(heading["last_event_date"]),
    )


def export_children(children: pl.DataFrame, path: Path) -> Path:
    """Write the children as a reader sees them to ``.xlsx`` or ``.csv`` (formula-like text made inert)."""
    return write_table(for_readers(children), path, sheet_name="Children")
