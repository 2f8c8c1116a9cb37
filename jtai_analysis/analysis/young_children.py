"""Unborn children and pre-birth work; under-8s not in full-time education; early help.

Ages are the cohort's (one child, one age). A child in the under-8s report who is not in Lists 1-7
takes the age from that report's own date of birth: they are not known to children's social care.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS, age_group_expr, window_start
from jtai_analysis.model.cohort import CHILD_LISTS
from jtai_analysis.model.prepared import PreparedData

# Events of pre-birth work: the list, its date, and how the pack names it.
_PRE_BIRTH_EVENTS = {
    "assessments": ("assessment_start_date", "Assessment started"),
    "s47": ("icpc_date", "Initial child protection conference"),
    "cp": ("cpp_start_date", "Child protection plan started"),
}
# Weeks before the expected date of birth, bands for pre-birth events (upper bound included).
_WEEKS_BEFORE = (
    (4, "Up to 4 weeks before"),
    (12, "5 to 12 weeks before"),
    (None, "More than 12 weeks before"),
)
_UNDER_5 = ("unborn", "under_2", "2_to_4")
# Hours a week: under 15 is below the universal early years entitlement, under 25 the JTAI line.
_HOURS = ((15, "Under 15"), (25, "15 to under 25"), (None, "25 or more"))


def unborn_by_list(data: PreparedData, cohort: pl.DataFrame) -> pl.DataFrame:
    """Unborn children (date of birth after R) in each of Lists 1-7 that has arrived."""
    unborn = cohort.filter(pl.col("age_group").cast(pl.String) == "unborn")["child_id"]
    catalogue = load_catalogue()
    records = []
    for key in CHILD_LISTS:
        frame = data.frame(key)
        if frame is None or "child_id" not in frame.columns:
            continue
        ids = frame["child_id"].drop_nulls().unique()
        records.append(
            {
                "List": catalogue.lists[key].label,
                "Unborn children": int(ids.is_in(unborn.to_list()).sum()),
                "All children": ids.len(),
            }
        )
    return pl.DataFrame(
        records, schema={"List": pl.String, "Unborn children": pl.Int64, "All children": pl.Int64}
    )


def pre_birth_timing(data: PreparedData, cohort: pl.DataFrame) -> pl.DataFrame:
    """For unborn children: when assessments, conferences and plans happened before the due date.

    Weeks before the expected date of birth (the cohort's date of birth, after R), in bands.
    """
    unborn = cohort.filter(pl.col("age_group").cast(pl.String) == "unborn").select(
        "child_id", "date_of_birth"
    )
    labels = [label for _, label in _WEEKS_BEFORE]
    records = []
    for key, (column, event) in _PRE_BIRTH_EVENTS.items():
        frame = data.frame(key)
        if frame is None or column not in frame.columns:
            continue
        rows = (
            frame.select("child_id", pl.col(column).alias("day"))
            .join(unborn, on="child_id", how="inner")
            .filter(pl.col("day").is_not_null())
            .with_columns(
                ((pl.col("date_of_birth") - pl.col("day")).dt.total_days() // 7).alias("weeks")
            )
        )
        band = (
            pl.when(pl.col("weeks") <= 4)
            .then(pl.lit(labels[0]))
            .when(pl.col("weeks") <= 12)
            .then(pl.lit(labels[1]))
            .otherwise(pl.lit(labels[2]))
        )
        counts = dict(rows.select(band.alias("b")).group_by("b").len().iter_rows())
        records.append({"Event": event, **{label: int(counts.get(label, 0)) for label in labels}})
    return pl.DataFrame(records, schema={"Event": pl.String, **dict.fromkeys(labels, pl.Int64)})


def unborn_on_plans(
    data: PreparedData, reference_date: dt.date, cohort: pl.DataFrame
) -> int | None:
    """Unborn children on a child protection plan open at R; None when List 7 has not arrived."""
    frame = data.frame("cp")
    if frame is None or not {"cpp_start_date", "cpp_end_date"} <= set(frame.columns):
        return None
    unborn = cohort.filter(pl.col("age_group").cast(pl.String) == "unborn")["child_id"].to_list()
    is_open = (pl.col("cpp_start_date") <= reference_date) & (
        pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > reference_date)
    )
    return frame.filter(is_open & pl.col("child_id").is_in(unborn))["child_id"].n_unique()


def not_in_fte_children(
    data: PreparedData, reference_date: dt.date, cohort: pl.DataFrame
) -> pl.DataFrame | None:
    """The under-8s not in full-time education, one row per child, with what is known about them.

    Columns: ``child_id``, ``age_band`` (``Under 5`` / ``5 to 7`` / ``8 or over`` / ``Unknown``),
    ``provision``, ``reason``, ``hours`` band, ``is_known_to_csc``, ``is_da``, ``is_nominated``.
    """
    frame = data.frame("not_in_fte")
    if frame is None:
        return None
    catalogue: Catalogue = load_catalogue()
    provision = catalogue.codelists["provision_type"].labels()
    exclusion = catalogue.codelists["exclusion_type"].labels()
    nominated = set()
    nominations = data.frame("nominations")
    if nominations is not None and "child_id" in nominations.columns:
        nominated = set(nominations["child_id"].drop_nulls())
    own_dob = pl.col("date_of_birth") if "date_of_birth" in frame.columns else pl.lit(None, pl.Date)
    rows = frame.select(
        "child_id",
        own_dob.alias("own_dob"),
        (
            pl.col("provision_type")
            if "provision_type" in frame.columns
            else pl.lit(None, pl.String)
        ).alias("provision_type"),
        (
            pl.col("exclusion_type")
            if "exclusion_type" in frame.columns
            else pl.lit(None, pl.String)
        ).alias("exclusion_type"),
        (
            pl.col("hours_per_week")
            if "hours_per_week" in frame.columns
            else pl.lit(None, pl.Float64)
        ).alias("hours"),
    ).join(cohort.select("child_id", "date_of_birth", "is_da"), on="child_id", how="left")
    rows = rows.with_columns(
        pl.col("is_da").is_not_null().alias("is_known_to_csc"),
        pl.coalesce("date_of_birth", "own_dob").alias("dob"),
    ).with_columns(age_group_expr("dob", reference_date).cast(pl.String).alias("age_group"))
    hours_band = (
        pl.when(pl.col("hours").is_null())
        .then(pl.lit("Not recorded"))
        .when(pl.col("hours") < 15)
        .then(pl.lit(_HOURS[0][1]))
        .when(pl.col("hours") < 25)
        .then(pl.lit(_HOURS[1][1]))
        .otherwise(pl.lit(_HOURS[2][1]))
    )
    excluded = pl.col("exclusion_type").is_not_null() & (pl.col("exclusion_type") != "NONE")
    return rows.select(
        "child_id",
        pl.when(pl.col("age_group").is_in(_UNDER_5))
        .then(pl.lit("Under 5"))
        .when(pl.col("age_group") == "5_to_7")
        .then(pl.lit("5 to 7"))
        .when(pl.col("age_group") == "8_plus")
        .then(pl.lit("8 or over"))
        .otherwise(pl.lit("Unknown"))
        .alias("age_band"),
        pl.col("provision_type")
        .replace_strict(provision, default="Not recorded")
        .alias("provision"),
        pl.when(excluded)
        .then(pl.col("exclusion_type").replace_strict(exclusion, default="Excluded"))
        .otherwise(pl.col("provision_type").replace_strict(provision, default="Not recorded"))
        .alias("reason"),
        hours_band.alias("hours"),
        "is_known_to_csc",
        pl.col("is_da").fill_null(False),
        pl.col("child_id").is_in(list(nominated)).alias("is_nominated"),
    )


def not_in_fte_summary(children: pl.DataFrame) -> pl.DataFrame:
    """The under-8s report by age band: children, under 25 hours, known to CSC, domestic abuse, nominated."""
    order = ["Under 5", "5 to 7", "8 or over", "Unknown"]
    table = children.group_by("age_band").agg(
        pl.len().alias("Children"),
        (pl.col("hours").is_in([_HOURS[0][1], _HOURS[1][1]])).sum().alias("Under 25 hours"),
        pl.col("is_known_to_csc").sum().alias("Known to children's social care"),
        pl.col("is_da").sum().alias("Domestic abuse recorded"),
        pl.col("is_nominated").sum().alias("Nominated"),
    )
    return (
        table.with_columns(
            pl.col("age_band").replace_strict({b: i for i, b in enumerate(order)}).alias("o")
        )
        .sort("o")
        .drop("o")
        .rename({"age_band": "Age"})
    )


def not_in_fte_by(children: pl.DataFrame, column: str, title: str) -> pl.DataFrame:
    """The under-8s report counted by ``column`` (``reason`` or ``hours``) and age band."""
    table = children.group_by(column).agg(
        (pl.col("age_band") == "Under 5").sum().alias("Under 5"),
        (pl.col("age_band") == "5 to 7").sum().alias("5 to 7"),
        pl.len().alias("All"),
    )
    return table.sort("All", column, descending=[True, False]).rename({column: title})


def early_help_by_age(
    data: PreparedData, reference_date: dt.date, cohort: pl.DataFrame
) -> pl.DataFrame | None:
    """Early help assessments started in the window by age group, and children then referred.

    A child stepped up when they have a List 3 referral dated on or after the start of an early
    help assessment in the window. None when List 2 has not arrived.
    """
    frame = data.frame("early_help")
    if frame is None or "eh_assessment_start_date" not in frame.columns:
        return None
    start = window_start(reference_date)
    episodes = frame.filter(pl.col("eh_assessment_start_date").is_between(start, reference_date))
    referrals = data.frame("referrals")
    first_start = episodes.group_by("child_id").agg(
        pl.col("eh_assessment_start_date").min().alias("eh")
    )
    if referrals is not None and "referral_date" in referrals.columns:
        stepped = (
            first_start.join(referrals.select("child_id", "referral_date"), on="child_id")
            .filter(pl.col("referral_date") >= pl.col("eh"))["child_id"]
            .unique()
            .to_list()
        )
    else:
        stepped = []
    joined = episodes.select("child_id").join(
        cohort.select("child_id", pl.col("age_group").cast(pl.String)), on="child_id", how="left"
    )
    per_group = (
        joined.with_columns(pl.col("age_group").fill_null("unknown"))
        .group_by("age_group")
        .agg(
            pl.len().alias("Early help assessments"),
            pl.col("child_id").n_unique().alias("Children"),
            pl.col("child_id")
            .filter(pl.col("child_id").is_in(stepped))
            .n_unique()
            .alias("Then referred"),
        )
    )
    order = {g: i for i, g in enumerate(AGE_GROUP_LABELS)}
    return (
        per_group.sort(pl.col("age_group").replace_strict(order, default=99))
        .with_columns(pl.col("age_group").replace_strict(AGE_GROUP_LABELS, default="Unknown"))
        .rename({"age_group": "Age group"})
    )
