"""Breakdowns: a group is a partition of a figure's rows by a child or row attribute.

A figure's group is written ``BREAKDOWN=VALUE`` (``focus=Yes``, ``age_group=under_2``,
``source=6``); ``all`` is every row. Each breakdown says how to read its value on a list's rows
(the child's attribute from the cohort, a column of the row, a band of working days ...), what it
needs (so a breakdown by something unknown is not available, never No), and its values' order.
Crossed breakdowns (``[focus, primary_need]``) join their parts with ``&``.

Adding a breakdown is one entry in :data:`BREAKDOWNS` (a :class:`Breakdown`); display words for
its values are in ``catalogue/labels.yml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from jtai_analysis.analysis.figures.availability import (
    Arrived,
    attribute_reason,
    column_reason,
)
from jtai_analysis.analysis.figures.conditions import (
    REFERENCE,
    Need,
    Scope,
    child_attribute_column,
    working_days_expr,
)
from jtai_analysis.catalogue.codes import NO, UNKNOWN, YES
from jtai_analysis.catalogue.events import activity_dates
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import (
    AGE_GROUPS,
    WindowWeek,
    age_group_expr,
    iso_week_expr,
    window_weeks,
)

NOT_RECORDED = "not_recorded"
ValueOf = Callable[[Scope, str], pl.Expr]


@dataclass(frozen=True)
class Breakdown:
    """How one breakdown partitions a figure's rows.

    Parameters
    ----------
    key
        How definitions name it (``breakdowns: [age_group]``).
    value
        The group value on a list's rows (called with the scope and the list key), as text.
    attribute
        The child attribute it reads, if any (its availability is the attribute's).
    columns
        For a breakdown by a row's own column: per list, the columns it reads. A list with no
        entry cannot be broken down this way.
    declared
        Every value a group can have, in order (or a function of what has arrived giving them,
        such as a code list's codes). Each is a group of every figure broken down this way, with
        no rows if none has the value (a count of 0); when the breakdown is not available, each
        is a group marked not available. Values found that are not declared (blanks read as
        ``null_as``) follow in alphabetical order.
    always_shown
        ``indicators_by_group.csv`` shows its groups even when they have no rows (the flag and
        focus groups); other breakdowns show only the groups with rows there.
    null_as
        The group of rows whose value is blank; None leaves them out of the breakdown.
    name
        The BREAKDOWN written in the group; default ``key`` (the theme names its flag's).
    notes
        A note for the groups of some values, given what has arrived (a week only partly in the
        window: ``partial week``); written in the figure's ``note`` for each such group.
    """

    key: str
    value: ValueOf
    attribute: str | None = None
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    declared: tuple[str, ...] | Callable[[Arrived], tuple[str, ...]] = ()
    always_shown: bool = False
    null_as: str | None = UNKNOWN
    name: str = ""
    notes: Callable[[Arrived], Mapping[str, str]] | None = None

    def group_name(self, arrived: Arrived) -> str:
        if self.key == "flag":
            return arrived.theme.flag.breakdown
        return self.name or self.key

    def reason(self, arrived: Arrived, lists: tuple[str, ...]) -> str:
        """Why rows of ``lists`` cannot be broken down this way, or ``""``."""
        if self.attribute is not None:
            reason = attribute_reason(arrived, self.attribute)
            if reason:
                return reason
        if not self.columns:
            return ""
        for list_key in lists:
            if list_key not in self.columns:
                label = arrived.list_label(list_key)
                return f"Not available: {label} cannot be broken down by {self.key}."
            for column in self.columns[list_key]:
                reason = column_reason(arrived, list_key, Need(column, has_values=False))
                if reason:
                    return reason
        return ""

    def values(self, arrived: Arrived) -> tuple[str, ...]:
        """The declared values, in order."""
        return self.declared(arrived) if callable(self.declared) else self.declared

    def value_notes(self, arrived: Arrived) -> Mapping[str, str]:
        """The note of each value that has one (see ``notes``)."""
        return self.notes(arrived) if self.notes is not None else {}

    def expr(self, scope: Scope, list_key: str) -> pl.Expr:
        """The group value of each row (text; blank as :attr:`null_as`)."""
        value = self.value(scope, list_key).cast(pl.String)
        return value if self.null_as is None else value.fill_null(self.null_as)


def _child(attribute: str) -> ValueOf:
    return lambda scope, list_key: pl.col(child_attribute_column(attribute))


def _column(columns: Mapping[str, str]) -> ValueOf:
    return lambda scope, list_key: pl.col(columns[list_key])


def _band(number: pl.Expr, bands: tuple[tuple[int | None, str], ...]) -> pl.Expr:
    """The label of the first band whose upper bound (included) ``number`` does not exceed;
    the last band, with no bound, takes the rest. Blank stays blank."""
    chain: Any = pl.when(number.is_null()).then(pl.lit(None, pl.String))
    for upper, label in bands:
        if upper is None:
            return chain.otherwise(pl.lit(label))
        chain = chain.when(number <= upper).then(pl.lit(label))
    return chain.otherwise(pl.lit(None, pl.String))


def _working_days_band(
    columns: Mapping[str, str], bands: tuple[tuple[int | None, str], ...]
) -> ValueOf:
    return lambda scope, list_key: _band(
        working_days_expr(columns[list_key], REFERENCE, scope), bands
    )


OTHER_UNDER8 = "No_under8"


def _other_under8(scope: Scope, list_key: str) -> pl.Expr:
    """``No_under8`` for a child of the focus age groups who is not a focus child; blank for
    everyone else. Read from the same attribute as the focus breakdown, so no child can be in
    both groups."""
    focus, focus_age = (pl.col(child_attribute_column(a)) for a in ("focus", "focus_age"))
    return pl.when((focus == NO) & (focus_age == YES)).then(pl.lit(OTHER_UNDER8))


def _per_child_count(scope: Scope, list_key: str) -> pl.Expr:
    count = pl.len().over("child_id")
    return (
        pl.when(pl.col("child_id").is_null())
        .then(None)
        .when(count >= 3)
        .then(pl.lit("3_or_more"))
        .otherwise(count.cast(pl.String))
    )


def _most_frequent(column: str) -> ValueOf:
    """The child's most frequent value among the figure's rows (ties: the smallest code)."""
    return lambda scope, list_key: (
        pl.col(column).drop_nulls().mode().sort().first().over("child_id")
    )


def _weeks_before_birth(columns: Mapping[str, str]) -> ValueOf:
    def value(scope: Scope, list_key: str) -> pl.Expr:
        dob = pl.col(child_attribute_column("date_of_birth"))
        weeks = (dob - pl.col(columns[list_key])).dt.total_days() // 7
        return _band(weeks, ((4, "up_to_4"), (12, "5_to_12"), (None, "more_than_12")))

    return value


def _age_band(scope: Scope, list_key: str) -> pl.Expr:
    """Under 5 / 5 to 7 / 8 or over, from the cohort's date of birth, else the row's own (a child
    in the under-8s report who is in no list of 1-7)."""
    table = scope.tables.get(list_key)
    own = (
        pl.col("date_of_birth").cast(pl.Date)
        if table is not None and "date_of_birth" in table.columns
        else pl.lit(None, pl.Date)
    )
    dob = pl.coalesce(pl.col(child_attribute_column("date_of_birth")), own)
    group = age_group_expr(dob, scope.reference_date).cast(pl.String)
    return (
        pl.when(dob.is_null())
        .then(None)
        .when(group.is_in(["unborn", "under_2", "2_to_4"]))
        .then(pl.lit("under_5"))
        .when(group == "5_to_7")
        .then(pl.lit("5_to_7"))
        .otherwise(pl.lit("8_plus"))
    )


def _codes(*codelists: str) -> Callable[[Arrived], tuple[str, ...]]:
    """The codes of contract code lists, in their order (a code in two lists once, as the first's:
    ``NONE`` as a reason is "no provision", never "not excluded")."""

    def codes(arrived: Arrived) -> tuple[str, ...]:
        found = [c.code for name in codelists for c in arrived.catalogue.codelists[name].codes]
        return tuple(dict.fromkeys(found))

    return codes


def _code_groups(codelist: str) -> Callable[[Arrived], tuple[str, ...]]:
    """The groups of a contract code list (``group:`` of each code), in their first code's order."""

    def groups(arrived: Arrived) -> tuple[str, ...]:
        codes = arrived.catalogue.codelists[codelist].codes
        return tuple(dict.fromkeys(c.group for c in codes if c.group))

    return groups


def _source_group(scope: Scope, list_key: str) -> pl.Expr:
    """The group of a contact's or referral's source code (Police, Health services ...)."""
    groups = {c.code: c.group for c in load_catalogue().codelists["source"].codes if c.group}
    return pl.col(_SOURCES[list_key]).cast(pl.String).replace_strict(groups, default=None)


_NOT_EXCLUDED = "NONE"


def _provision_or_exclusion(scope: Scope, list_key: str) -> pl.Expr:
    """The exclusion where the child is excluded, else the provision (codes)."""
    excluded = pl.col("exclusion_type").is_not_null() & (pl.col("exclusion_type") != _NOT_EXCLUDED)
    return pl.when(excluded).then(pl.col("exclusion_type")).otherwise(pl.col("provision_type"))


_SOURCES = {"contacts": "contact_source", "referrals": "referral_source"}
_WEEK_DATES = {
    "contacts": "contact_date",
    "referrals": "referral_date",
    "assessments": "assessment_start_date",
    "s47": "icpc_date",
    "cp": "cpp_start_date",
}


_PLAN_LENGTHS = (
    (3, "under_3_months"),
    (6, "3_to_6_months"),
    (12, "6_to_12_months"),
    (24, "12_to_24_months"),
)


def _plan_length(scope: Scope, list_key: str) -> pl.Expr:
    """A plan's length from its start to its end (or R when open), in calendar months: the first
    band whose upper bound (excluded) it does not reach; two years or more the rest."""
    start = pl.col("cpp_start_date")
    end = pl.coalesce(pl.col("cpp_end_date"), pl.lit(scope.reference_date))
    chain: Any = pl.when(start.is_null()).then(pl.lit(None, pl.String))
    for months, label in _PLAN_LENGTHS:
        chain = chain.when(end < start.dt.offset_by(f"{months}mo")).then(pl.lit(label))
    return chain.otherwise(pl.lit("24_months_or_more"))


def _free_text(column: str) -> ValueOf:
    """A free-text column as a group value: spaces collapsed, and the characters a group's name
    is built with (``&`` between breakdowns, ``=`` before a value) written as words."""
    return lambda scope, list_key: (
        pl.col(column)
        .str.strip_chars()
        .str.replace_all(r"\s+", " ")
        .str.replace_all("&", "and", literal=True)
        .str.replace_all("=", "-", literal=True)
        .replace("", None)
    )


def _born_by_reference(scope: Scope, list_key: str) -> pl.Expr:
    """``born`` (born on or before R) or ``unborn`` (due after R); blank when the age is unknown."""
    age = pl.col(child_attribute_column("age_group"))
    return (
        pl.when(age.is_null())
        .then(None)
        .when(age == "unborn")
        .then(pl.lit("unborn"))
        .otherwise(pl.lit("born"))
    )


def _hours_band(scope: Scope, list_key: str) -> pl.Expr:
    hours = pl.col("hours_per_week")
    return (
        pl.when(hours.is_null())
        .then(None)
        .when(hours < 15)
        .then(pl.lit("under_15"))
        .when(hours < 25)
        .then(pl.lit("15_to_under_25"))
        .otherwise(pl.lit("25_or_more"))
    )


# ---- The front door over time (issue 23): weeks of the window, journey patterns ----
PARTIAL_WEEK = "partial week"
# The column a journey function (``front_door.journey_pattern``) gives each row it counts: the
# child's pattern of steps (``C>R>A``). Only the figures of that function break down by pattern.
PATTERN_COLUMN = "_pattern"


class _ActivityDates(Mapping[str, tuple[str, ...]]):
    """List key -> the date that places its rows in time (``activity`` in ``events.yml``: contact
    date, referral date, assessment start, strategy discussion), read when first used."""

    def __getitem__(self, list_key: str) -> tuple[str, ...]:
        return (activity_dates()[list_key][0],)

    def __iter__(self) -> Iterator[str]:
        return iter(activity_dates())

    def __len__(self) -> int:
        return len(activity_dates())


_ACTIVITY_DATES = _ActivityDates()


def _week_of(scope: Scope, list_key: str) -> pl.Expr:
    """The ISO week (``2026-W14``) of the row's activity date."""
    return iso_week_expr(_ACTIVITY_DATES[list_key][0])


def _figure_weeks(arrived: Arrived) -> tuple[WindowWeek, ...]:
    # the window is the figures' (their R), which only the figure inputs carry
    from jtai_analysis.analysis.figures.inputs import FigureInputs

    if not isinstance(arrived, FigureInputs):
        raise TypeError("the weeks of the window need the figure inputs (their reference date)")
    return window_weeks(arrived.reference_date)


def _window_week_labels(arrived: Arrived) -> tuple[str, ...]:
    return tuple(week.label for week in _figure_weeks(arrived))


def _partial_weeks(arrived: Arrived) -> Mapping[str, str]:
    return {week.label: PARTIAL_WEEK for week in _figure_weeks(arrived) if week.is_partial}


def _abuse_category(column: str) -> Breakdown:
    """A child protection plan's category of abuse (at its start, or latest), by its code."""
    return Breakdown(
        column,
        _column({"cp": column}),
        columns={"cp": (column,)},
        declared=_codes("abuse_category"),
        null_as=NOT_RECORDED,
    )


# Working days from a child's last visit (CP) or last time seen (CIN) to R: one measure on two
# lists, so one set of bands; a blank date is a declared group of its own (listed in order).
_SINCE_BANDS = ((10, "up_to_10"), (20, "11_to_20"), (None, "more_than_20"))


def _working_days_since(key: str, list_key: str, column: str) -> Breakdown:
    return Breakdown(
        key,
        _working_days_band({list_key: column}, _SINCE_BANDS),
        columns={list_key: (column,)},
        declared=(*(label for _, label in _SINCE_BANDS), NOT_RECORDED),
        null_as=NOT_RECORDED,
    )


BREAKDOWNS: dict[str, Breakdown] = {
    b.key: b
    for b in (
        # the theme's lens: flagged children (domestic abuse recorded) and focus children
        Breakdown("flag", _child("flag"), "flag", declared=(YES, NO), always_shown=True),
        Breakdown("focus", _child("focus"), "focus", declared=(YES, NO), always_shown=True),
        # the other under-8s, the fair comparison for focus children (issue 25): a group of the
        # focus breakdown's name (focus=No_under8), blank outside the focus age groups
        Breakdown(
            "other_under8",
            _other_under8,
            "focus",
            declared=(OTHER_UNDER8,),
            always_shown=True,
            null_as=None,
            name="focus",
        ),
        # the child's characteristics (one value a child, from the cohort)
        Breakdown(
            "age_group",
            _child("age_group"),
            "age_group",
            declared=AGE_GROUPS,
            null_as="unknown",
        ),
        Breakdown("sex", _child("sex"), "sex"),
        Breakdown("ethnic_group", _child("ethnic_group"), "ethnic_group"),
        Breakdown("disability", _child("disability"), "disability"),
        # where the row is, and what it says
        Breakdown("list", lambda scope, key: pl.lit(key), null_as=None),
        Breakdown(
            "source",
            _column(_SOURCES),
            columns={k: (v,) for k, v in _SOURCES.items()},
            declared=_codes("source"),
        ),
        # the source's group (the explorer's chart "Contacts and referrals from")
        Breakdown(
            "source_group",
            _source_group,
            columns={k: (v,) for k, v in _SOURCES.items()},
            declared=_code_groups("source"),
            null_as=None,
        ),
        _abuse_category("initial_abuse_category"),
        _abuse_category("latest_abuse_category"),
        Breakdown(
            "primary_need",
            _most_frequent("primary_need"),
            columns={"cin": ("primary_need",)},
            declared=_codes("primary_need"),
            null_as=NOT_RECORDED,
        ),
        Breakdown(
            "contacts_per_child",
            _per_child_count,
            columns={"contacts": ("child_id",)},
            declared=("1", "2", "3_or_more"),
            null_as=None,
        ),
        Breakdown(
            "working_days_open",
            _working_days_band(
                {"assessments": "assessment_start_date"},
                ((20, "up_to_20"), (45, "21_to_45"), (65, "46_to_65"), (None, "more_than_65")),
            ),
            columns={"assessments": ("assessment_start_date",)},
            declared=("up_to_20", "21_to_45", "46_to_65", "more_than_65"),
            null_as=NOT_RECORDED,
        ),
        _working_days_since("working_days_since_visit", "cp", "last_visit_date"),
        _working_days_since("working_days_since_seen", "cin", "last_seen_date"),
        Breakdown(
            "weeks_before_birth",
            _weeks_before_birth(_WEEK_DATES),
            "date_of_birth",
            columns={k: (v,) for k, v in _WEEK_DATES.items()},
            declared=("up_to_4", "5_to_12", "more_than_12"),
            null_as=None,
        ),
        Breakdown(
            "plan_length",
            _plan_length,
            columns={"cp": ("cpp_start_date", "cpp_end_date")},
            declared=(*(label for _, label in _PLAN_LENGTHS), "24_months_or_more"),
            null_as=NOT_RECORDED,
        ),
        Breakdown(
            "eh_organisation",
            _free_text("eh_organisation"),
            columns={"early_help": ("eh_organisation",)},
            null_as=NOT_RECORDED,
        ),
        Breakdown(
            "born_by_reference",
            _born_by_reference,
            "age_group",
            declared=("born", "unborn"),
            null_as=None,
        ),
        Breakdown(
            "age_band",
            _age_band,
            columns={"not_in_fte": ()},
            declared=("under_5", "5_to_7", "8_plus"),
            null_as="unknown",
        ),
        Breakdown(
            "reason",
            _provision_or_exclusion,
            columns={"not_in_fte": ("provision_type", "exclusion_type")},
            declared=_codes("provision_type", "exclusion_type"),
            null_as=NOT_RECORDED,
        ),
        Breakdown(
            "hours_band",
            _hours_band,
            columns={"not_in_fte": ("hours_per_week",)},
            declared=("under_15", "15_to_under_25", "25_or_more", NOT_RECORDED),
            null_as=NOT_RECORDED,
        ),
        # the front door over time (issue 23): every ISO week overlapping the window (0 when none;
        # the first and last usually partial), and a child's journey as a pattern of steps
        Breakdown(
            "week",
            _week_of,
            columns=_ACTIVITY_DATES,
            declared=_window_week_labels,
            null_as=None,
            notes=_partial_weeks,
        ),
        Breakdown("pattern", lambda scope, list_key: pl.col(PATTERN_COLUMN), null_as=None),
    )
}
