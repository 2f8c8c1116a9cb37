"""Practice measures as rows: which rows each indicator counts, and whether each row is a hit.

Every indicator of ``design/interfaces.md`` is defined here once, as the valid rows it counts
(``rows``) and, for a percentage or a conditional count, the condition a row meets (``hit``; null
where the row's data cannot be read, so the row is left out and the note says so). The indicator
table, the breakdown by group and the focus-children figures all aggregate these same rows, so a
measure can never mean one thing in ``indicators.csv`` and another in ``indicators_by_group.csv``.

A measure whose list has not arrived, or whose input column is absent or holds no readable value,
is *not available*: it carries a note saying why and no rows, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue
from jtai_analysis.common.derive import window_start
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.model.prepared import PreparedData


@dataclass(frozen=True)
class Window:
    """What a measure's conditions are judged against."""

    start: dt.date
    reference: dt.date
    police_codes: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    """One indicator's rows: the list, the columns it needs, which rows count, what is a hit."""

    list_key: str
    needs: tuple[str, ...]
    rows: Callable[[Window], pl.Expr]
    hit: Callable[[Window], pl.Expr] | None = None
    distinct_children: bool = False  # a count of children, not rows
    per_child: bool = False  # a percentage of children (a child is a hit if any row is)
    reason: str = ""  # why a row's hit could not be read, for the note


@dataclass(frozen=True)
class Measured:
    """The rows of a measure (``child_id``, ``hit``) or, when not available, the reason."""

    rows: pl.DataFrame | None
    note: str = ""


def _in_window(column: str) -> Callable[[Window], pl.Expr]:
    return lambda w: pl.col(column).is_between(w.start, w.reference)


def _all_rows(_: Window) -> pl.Expr:
    return pl.lit(True)


def _is_open_plan(w: Window) -> pl.Expr:
    return (pl.col("cpp_start_date") <= w.reference) & (
        pl.col("cpp_end_date").is_null() | (pl.col("cpp_end_date") > w.reference)
    )


def _is_open_assessment(w: Window) -> pl.Expr:
    return (pl.col("assessment_start_date") <= w.reference) & pl.col(
        "assessment_authorised_date"
    ).is_null()


def _equals(column: str, code: str) -> Callable[[Window], pl.Expr]:
    return lambda _: pl.col(column) == code


def _at_least_one(column: str) -> Callable[[Window], pl.Expr]:
    return lambda _: pl.col(column) >= 1


def _police(column: str) -> Callable[[Window], pl.Expr]:
    # null source stays null (left out); any other code is not police
    return lambda w: pl.col(column).is_in(list(w.police_codes))


# Every row-based indicator of interfaces.md. The cohort-based ones (children by age group, unborn
# children, focus counts) are in indicators.py.
MEASURES: dict[str, Measure] = {
    "contacts_count": Measure("contacts", ("contact_date",), _in_window("contact_date")),
    "contacts_children": Measure(
        "contacts", ("contact_date",), _in_window("contact_date"), distinct_children=True
    ),
    "contacts_police_pct": Measure(
        "contacts",
        ("contact_date", "contact_source"),
        _in_window("contact_date"),
        _police("contact_source"),
        reason="contact source not readable",
    ),
    "children_3plus_contacts": Measure(
        "contacts",
        ("contact_date",),
        _in_window("contact_date"),
        lambda _: pl.len().over("child_id") >= 3,
        distinct_children=True,
    ),
    "referrals_count": Measure("referrals", ("referral_date",), _in_window("referral_date")),
    "referrals_nfa_pct": Measure(
        "referrals",
        ("referral_date", "referral_nfa"),
        _in_window("referral_date"),
        _equals("referral_nfa", "Yes"),
        reason="Referral NFA? not readable",
    ),
    "rereferrals_12m_pct": Measure(
        "referrals",
        ("referral_date", "referrals_last_12m_count"),
        _in_window("referral_date"),
        _at_least_one("referrals_last_12m_count"),
        reason="number of referrals in the last 12 months not readable",
    ),
    "referrals_police_pct": Measure(
        "referrals",
        ("referral_date", "referral_source"),
        _in_window("referral_date"),
        _police("referral_source"),
        reason="referral source not readable",
    ),
    "assessments_completed_count": Measure(
        "assessments", ("assessment_authorised_date",), _in_window("assessment_authorised_date")
    ),
    "assessments_within_45wd_pct": Measure(
        "assessments",
        ("assessment_start_date", "assessment_authorised_date"),
        _in_window("assessment_authorised_date"),
        lambda _: pl.col("wd_start_to_authorised") <= 45,
        reason="assessment start date not readable",
    ),
    "assessments_da_pct": Measure(
        "assessments",
        ("da_victim",),
        _all_rows,
        _equals("da_victim", "Yes"),
        reason="domestic abuse field not readable",
    ),
    "assessments_child_not_seen_pct": Measure(
        "assessments",
        ("assessment_authorised_date", "child_seen"),
        _in_window("assessment_authorised_date"),
        _equals("child_seen", "No"),
        reason="child seen field not readable",
    ),
    "open_assessments_over_45wd": Measure(
        "assessments",
        ("assessment_start_date",),
        _is_open_assessment,
        lambda _: pl.col("wd_start_to_reference") > 45,
    ),
    "s47_count": Measure("s47", ("strategy_date",), _in_window("strategy_date")),
    "icpc_count": Measure("s47", ("icpc_date",), _in_window("icpc_date")),
    "icpc_within_15wd_pct": Measure(
        "s47",
        ("strategy_date", "icpc_date"),
        _in_window("icpc_date"),
        lambda _: pl.col("wd_strategy_to_icpc") <= 15,
        reason="strategy discussion date not readable",
    ),
    "icpc_to_cpp_pct": Measure(
        "s47",
        ("icpc_date", "icpc_resulted_in_cpp"),
        _in_window("icpc_date"),
        _equals("icpc_resulted_in_cpp", "Yes"),
        reason="whether the conference resulted in a plan not readable",
    ),
    "cin_children": Measure("cin", ("child_id",), _all_rows, distinct_children=True),
    "cin_da_pct": Measure(
        "cin",
        ("da_victim",),
        _all_rows,
        _equals("da_victim", "Yes"),
        per_child=True,
        reason="domestic abuse field not readable on any of the child's rows",
    ),
    "cpp_open_count": Measure("cp", ("cpp_start_date",), _is_open_plan),
    "cpp_started_count": Measure("cp", ("cpp_start_date",), _in_window("cpp_start_date")),
    "cpp_repeat_pct": Measure(
        "cp",
        ("cpp_start_date", "previous_cpp_count"),
        _in_window("cpp_start_date"),
        _at_least_one("previous_cpp_count"),
        reason="number of previous plans not readable",
    ),
    "not_in_fte_under25h": Measure(
        "not_in_fte",
        ("hours_per_week",),
        _all_rows,
        lambda _: pl.col("hours_per_week") < 25,
        distinct_children=True,
        reason="hours a week not readable",
    ),
}

# Working-day spans a measure's condition uses, added to a list's rows before it is measured.
_SPANS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "assessments": (
        ("wd_start_to_authorised", "assessment_start_date", "assessment_authorised_date"),
        ("wd_start_to_reference", "assessment_start_date", None),
    ),
    "s47": (("wd_strategy_to_icpc", "strategy_date", "icpc_date"),),
}


def list_label(catalogue: Catalogue, list_key: str) -> str:
    """How the pack names a list, e.g. ``List 3 Referrals``."""
    contract = catalogue.lists.get(list_key)
    return contract.label if contract else list_key


def column_label(catalogue: Catalogue, list_key: str, column: str) -> str:
    """The official header of a list's column, for notes a reader can act on."""
    contract = catalogue.lists.get(list_key)
    try:
        return contract.column(column).header if contract else column
    except KeyError:
        return column


def with_spans(list_key: str, frame: pl.DataFrame, reference_date: dt.date) -> pl.DataFrame:
    """The list's rows with the working-day spans its measures need (null where a date is)."""
    added = []
    for name, start, end in _SPANS.get(list_key, ()):
        if start not in frame.columns or (end is not None and end not in frame.columns):
            continue
        last = (
            frame[end]
            if end is not None
            else pl.Series(end, [reference_date] * frame.height, dtype=pl.Date)
        )
        added.append(working_days_series(frame[start], last).alias(name))
    return frame.with_columns(added) if added else frame


def unavailable_reason(
    data: PreparedData, catalogue: Catalogue, list_key: str, needs: tuple[str, ...]
) -> str:
    """Why a measure on ``list_key`` needing ``needs`` cannot be computed, or ``""`` if it can."""
    frame = data.frame(list_key)
    label = list_label(catalogue, list_key)
    if frame is None:
        return f"Not available: {label} has not arrived."
    for column in needs:
        header = column_label(catalogue, list_key, column)
        if column not in frame.columns:
            return f"Not available: {label} has no '{header}' column."
        if frame.height and frame[column].null_count() == frame.height:
            return f"Not available: '{header}' in {label} has no readable value."
    return ""


def measure_rows(
    data: PreparedData,
    catalogue: Catalogue,
    name: str,
    reference_date: dt.date,
    police_codes: tuple[str, ...],
) -> Measured:
    """The rows measure ``name`` counts: ``child_id`` and ``hit`` (True, False or null), or why not.

    Parameters
    ----------
    data
        Valid rows per list.
    catalogue
        The contracts, for the names notes use.
    name
        An indicator ID in :data:`MEASURES`.
    reference_date
        R; the window is the six months ending on it.
    police_codes
        Source codes that mean police (from the reviewed ``indicators.yml``).
    """
    measure = MEASURES[name]
    reason = unavailable_reason(data, catalogue, measure.list_key, measure.needs)
    if reason:
        return Measured(None, reason)
    frame = data.frame(measure.list_key)
    assert frame is not None  # unavailable_reason said it has arrived
    window = Window(window_start(reference_date), reference_date, police_codes)
    frame = with_spans(measure.list_key, frame, reference_date)
    if "child_id" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("child_id"))
    # Every row: no filter at all (a literal predicate is mis-broadcast over a frame read in
    # several chunks from Parquet, as the pack's prepared data are).
    rows = (
        frame if measure.rows is _all_rows else frame.filter(measure.rows(window).fill_null(False))
    )
    hit = measure.hit(window) if measure.hit is not None else pl.lit(True)
    counted = rows.select(pl.col("child_id").cast(pl.String), hit.alias("hit"))
    if measure.per_child:
        counted = (
            counted.filter(pl.col("child_id").is_not_null())
            .group_by("child_id")
            .agg(
                pl.when(pl.col("hit").is_null().all())
                .then(None)
                .otherwise(pl.col("hit").any())
                .alias("hit")
            )
        )
    return Measured(counted)
