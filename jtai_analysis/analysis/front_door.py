"""The front door over time, read from the run's figures (``design/interfaces.md``, issue 23).

The figures themselves (the weekly counts, the 30-day conversions, the journey patterns) are
figures of the figures model (``definitions.yml``); this module only reads them, so the pack, the
dashboards and "what stands out" say the same thing:

- a weekly figure as a series of the window's ISO weeks, each with its count, whether the week is
  partial, and whether it lies outside the area's own **expected range**: the mean of the full
  weeks' counts ± 3 × its square root (c-chart limits, the lower one no less than 0); only full
  weeks are judged;
- the most common journey patterns, for all children or a group of them;
- a percentage figure with its 95% Wilson interval, as "what stands out" computes it;
- the weeks outside their expected range as statements of "what stands out", by the theme's rules
  (``stands_out.weeks`` in ``data_contracts/themes/<theme>.yml``: which weekly figure and group,
  the wording, the line of enquiry and the evaluation criteria);
- for a view that filters the children (the explorer), each child's weeks and journey pattern,
  made once (:func:`front_door_children`), and their counts for any set of children.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.analysis.figures.availability import NOT_AVAILABLE, Arrived, needs_reason
from jtai_analysis.analysis.figures.breakdowns import PATTERN_COLUMN
from jtai_analysis.analysis.figures.comparison import wilson_interval
from jtai_analysis.analysis.figures.conditions import Need
from jtai_analysis.analysis.figures.front_door import child_patterns, child_steps
from jtai_analysis.analysis.figures.inputs import INDEX
from jtai_analysis.catalogue.events import activity_dates, journey_steps
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.common.derive import WindowWeek, iso_week_expr, window_start, window_weeks
from jtai_analysis.model.prepared import PreparedData

ALL = "all"
WEEKLY_FIGURES = (
    "contacts_by_week",
    "referrals_by_week",
    "assessments_started_by_week",
    "s47_by_week",
)
CONVERSION_FIGURES = (
    "contact_to_referral_30d_pct",
    "referral_to_assessment_30d_pct",
    "referral_to_s47_30d_pct",
)
PATTERNS_FIGURE = "journey_patterns"
RETURNS_FIGURE = "front_door_returns_children"
SIGMAS = 3  # c-chart limits: three standard deviations of a Poisson count (its square root)
Side = Literal["above", "below"]


@dataclass(frozen=True)
class ExpectedRange:
    """The c-chart limits of a weekly count: ``mean`` of the full weeks ± 3 × √mean."""

    mean: float
    lower: float  # no less than 0
    upper: float
    full_weeks: int

    def side(self, count: int) -> Side | None:
        """``above`` or ``below`` the range, or None inside it (limits included)."""
        if count > self.upper:
            return "above"
        if count < self.lower:
            return "below"
        return None


def expected_range(full_week_counts: Sequence[int]) -> ExpectedRange | None:
    """The expected range from the full weeks' counts; None without a full week."""
    if not full_week_counts:
        return None
    mean = sum(full_week_counts) / len(full_week_counts)
    spread = SIGMAS * math.sqrt(mean)
    return ExpectedRange(mean, max(0.0, mean - spread), mean + spread, len(full_week_counts))


@dataclass(frozen=True)
class WeekPoint:
    """One week of a weekly figure: the figure's group, the week and its count."""

    group: str  # the figure's group: week=2026-W14, or focus=Yes&week=2026-W14
    week: WindowWeek
    count: int
    side: Side | None  # a full week outside the expected range; None otherwise

    @property
    def is_outside(self) -> bool:
        return self.side is not None


@dataclass(frozen=True)
class WeeklySeries:
    """A weekly figure for all children (``subgroup`` ``all``) or a group of them (``focus=Yes``)."""

    figure_id: str
    subgroup: str
    points: tuple[WeekPoint, ...]
    range: ExpectedRange | None
    note: str  # why the series is not available, or ""

    @property
    def is_available(self) -> bool:
        return not self.note

    @property
    def outside(self) -> tuple[WeekPoint, ...]:
        """The full weeks outside the expected range, in order."""
        return tuple(p for p in self.points if p.is_outside)


def week_group(label: str, subgroup: str = ALL) -> str:
    """The group of a weekly figure for one week: ``week=2026-W14`` (``focus=Yes&week=...``)."""
    week = f"week={label}"
    return week if subgroup == ALL else f"{subgroup}&{week}"


def weekly_series(figures: FigureSet, figure_id: str, subgroup: str = ALL) -> WeeklySeries:
    """A weekly figure's weeks, its expected range and the weeks outside it.

    Not available (``note`` says why) when the figure, or its ``subgroup`` (focus children when no
    list lets us know them), is.
    """
    total = figures.figure(figure_id, subgroup)
    if total is None or not total["available"]:
        note = (total or {}).get("note") or f"{NOT_AVAILABLE}no figure {figure_id} ({subgroup})."
        return WeeklySeries(figure_id, subgroup, (), None, note)
    weeks = window_weeks(figures.reference_date)
    counts: list[int] = []
    for week in weeks:
        row = figures.figure(figure_id, week_group(week.label, subgroup))
        if row is None or not row["available"]:
            note = f"{NOT_AVAILABLE}{figure_id} has no count for the week {week.label}."
            return WeeklySeries(figure_id, subgroup, (), None, note)
        counts.append(int(row["numerator"]))
    limits = expected_range(
        [count for week, count in zip(weeks, counts, strict=True) if not week.is_partial]
    )
    points = tuple(
        WeekPoint(
            week_group(week.label, subgroup),
            week,
            count,
            None if week.is_partial or limits is None else limits.side(count),
        )
        for week, count in zip(weeks, counts, strict=True)
    )
    return WeeklySeries(figure_id, subgroup, points, limits, "")


@dataclass(frozen=True)
class PatternCount:
    """A journey pattern and how many children have it."""

    group: str  # the figure's group: pattern=C>R>A, or focus=Yes&pattern=C>R>A
    pattern: str
    children: int


def top_patterns(figures: FigureSet, subgroup: str = ALL, count: int = 5) -> list[PatternCount]:
    """The most common journey patterns (most children first; ties in the pattern's order)."""
    prefix = "" if subgroup == ALL else f"{subgroup}&"
    found = []
    for group in figures.groups(PATTERNS_FIGURE):
        rest = group.removeprefix(prefix)
        if not group.startswith(prefix) or not rest.startswith("pattern=") or "&" in rest:
            continue
        row = figures.figure(PATTERNS_FIGURE, group)
        if row is None or not row["available"] or not row["numerator"]:
            continue
        found.append(PatternCount(group, rest.removeprefix("pattern="), int(row["numerator"])))
    found.sort(key=lambda p: (-p.children, p.pattern))
    return found[:count]


def interval(figures: FigureSet, figure_id: str, group: str = ALL) -> tuple[float, float] | None:
    """A percentage figure's 95% Wilson interval (the theme's z, as "what stands out" uses), as
    percentages; None when the figure is not available."""
    row = figures.figure(figure_id, group)
    if row is None or not row["available"] or not row["denominator"]:
        return None
    z = load_theme().stands_out.z
    return wilson_interval(int(row["numerator"]), int(row["denominator"]), z)


STATEMENT_SCHEMA = {
    "indicator_id": pl.String,  # the weekly figure
    "group": pl.String,  # its group: the week called out, or the series checked
    "statement": pl.String,
    "figure": pl.String,
    "comparator": pl.String,
    "interval": pl.String,
    "enquiry": pl.String,
    "ec": pl.String,
    "is_called_out": pl.Boolean,
    "compared_with": pl.String,
    "comparator_words": pl.String,
}


def week_words(week: WindowWeek) -> str:
    """How a statement names a week: ``the week of Monday 13 July 2026``."""
    return f"the week of {week.monday:%A} {week.monday.day} {week.monday:%B %Y}"


def week_statements(figures: FigureSet) -> pl.DataFrame:
    """The theme's week rules (``stands_out.weeks``) applied to the weekly figures.

    Returns
    -------
    polars.DataFrame
        The columns of :func:`jtai_analysis.analysis.stands_out.statements` and ``group``: one row
        per full week outside its expected range (``is_called_out``), in rule and week order;
        then, for each series with none, one row saying so. A series not available has no row.
    """
    theme = load_theme()
    titles = {d.id: d.title for d in definitions().values()}
    called, checked = [], []
    for rule in theme.stands_out.weeks:
        series = weekly_series(figures, rule.figure, rule.group)
        if not series.is_available or series.range is None:
            continue
        limits = series.range
        comparator = (
            f"expected {limits.lower:.1f} to {limits.upper:.1f} a week "
            f"(mean {limits.mean:.1f} of {limits.full_weeks} full weeks)"
        )
        common = {
            "indicator_id": rule.figure,
            "comparator": comparator,
            "interval": "",
            "enquiry": rule.enquiry,
            "ec": rule.ec,
            "compared_with": None,
            "comparator_words": "the area's own weeks",
        }
        for point in series.outside:
            wording = rule.higher if point.side == "above" else rule.lower
            called.append(
                {
                    **common,
                    "group": point.group,
                    "statement": wording.format(week=week_words(point.week)),
                    "is_called_out": True,
                }
            )
        if not series.outside:
            who = "" if rule.group == ALL else f" ({theme.focus.label.lower()})"
            checked.append(
                {
                    **common,
                    "group": rule.group,
                    "statement": f"No week outside its expected range: {titles[rule.figure]}{who}",
                    "is_called_out": False,
                }
            )
    return pl.DataFrame(called + checked, schema=STATEMENT_SCHEMA)


# ---- The front door child by child, for views that filter the children (the explorer) ----


@dataclass(frozen=True)
class FrontDoorChildren:
    """Each child's part in the weekly flows and their journey pattern, made once per session, so
    that a filtered view counts its children's weeks and patterns with a join.

    ``weeks``: one row per valid row of the four weekly lists dated in the window (``child_id``,
    ``list_key``, ``week``), exactly the rows the weekly figures count; ``patterns``: one row a
    child with a step in the window (``child_id``, ``pattern``), as ``journey_patterns`` counts
    them. ``flows`` are the weekly lists, in order; ``not_available`` says why a flow (by list key)
    or the patterns (``patterns``) cannot be counted.
    """

    weeks: pl.DataFrame
    patterns: pl.DataFrame
    window: tuple[WindowWeek, ...]
    flows: tuple[str, ...]
    not_available: dict[str, str]


PATTERNS = "patterns"
_WEEKS_SCHEMA = {"child_id": pl.String, "list_key": pl.String, "week": pl.String, "slot": pl.UInt16}


def front_door_children(data: PreparedData, reference_date: dt.date) -> FrontDoorChildren:
    """Build :class:`FrontDoorChildren` from the valid rows (the figures' definitions: the list's
    activity date in the window, its ISO week; the catalogue's journey steps)."""
    arrived = Arrived(data, load_catalogue(), load_theme())
    start = window_start(reference_date)
    activity = activity_dates()
    flows = tuple(definitions()[f].lists[0] for f in WEEKLY_FIGURES)
    window = window_weeks(reference_date)
    first_monday = window[0].monday
    reasons: dict[str, str] = {}
    weeks = []
    for list_key in flows:
        column = activity[list_key][0]
        reason = needs_reason(arrived, list_key, (Need("child_id"), Need(column)))
        frame = data.frame(list_key)
        if reason or frame is None:
            reasons[list_key] = reason
            continue
        weeks.append(
            frame.filter(
                pl.col(column).is_between(start, reference_date) & pl.col("child_id").is_not_null()
            ).select(
                pl.col("child_id").cast(pl.String),
                pl.lit(list_key).alias("list_key"),
                iso_week_expr(column).alias("week"),
                # the flow and the week as one number: counting by it is a few milliseconds
                (
                    flows.index(list_key) * len(window)
                    + (pl.col(column) - first_monday).dt.total_days() // 7
                )
                .cast(pl.UInt16)
                .alias("slot"),
            )
        )
    steps = journey_steps()
    needs = [(s.list_key, (Need("child_id"), Need(s.column))) for s in steps]
    reason = next((r for key, need in needs if (r := needs_reason(arrived, key, need))), "")
    if reason:
        reasons[PATTERNS] = reason
        patterns = pl.DataFrame(schema={"child_id": pl.String, "pattern": pl.String})
    else:
        tables = {
            s.list_key: data.valid[s.list_key]
            .with_row_index(INDEX)
            .with_columns(pl.col("child_id").cast(pl.String))
            for s in steps
        }
        found = child_patterns(child_steps(tables, (start, reference_date), steps))
        patterns = found.select("child_id", pl.col(PATTERN_COLUMN).alias("pattern"))
    return FrontDoorChildren(
        weeks=pl.concat(weeks) if weeks else pl.DataFrame(schema=_WEEKS_SCHEMA),
        patterns=patterns,
        window=window,
        flows=flows,
        not_available=reasons,
    )


def weekly_counts(found: FrontDoorChildren, children: pl.Series | None = None) -> pl.DataFrame:
    """Rows of each weekly list in each week of the window (0 where none; null for a list that
    cannot be counted), for ``children`` only when given: ``list_key``, ``week``, ``rows``."""
    rows = found.weeks
    if children is not None:
        rows = rows.filter(pl.col("child_id").is_in(children.implode()))
    weeks = len(found.window)
    counted = [0] * (len(found.flows) * weeks)
    for slot, count in rows.group_by("slot").len().iter_rows():
        counted[slot] = count
    return pl.DataFrame(
        {
            "list_key": [k for k in found.flows for _ in found.window],
            "week": [w.label for _ in found.flows for w in found.window],
            "rows": [
                None if key in found.not_available else counted[i * weeks + j]
                for i, key in enumerate(found.flows)
                for j in range(weeks)
            ],
        },
        schema={"list_key": pl.String, "week": pl.String, "rows": pl.Int64},
    )


def pattern_counts(found: FrontDoorChildren, children: pl.Series | None = None) -> pl.DataFrame:
    """Children by journey pattern, most first (ties in the pattern's order), for ``children``
    only when given: ``pattern``, ``children``."""
    patterns = found.patterns
    if children is not None:
        patterns = patterns.filter(pl.col("child_id").is_in(children.implode()))
    return (
        patterns.group_by("pattern")
        .agg(pl.len().cast(pl.Int64).alias("children"))
        .sort(["children", "pattern"], descending=[True, False])
    )


def children_in_week(found: FrontDoorChildren, list_key: str, week: str) -> pl.Series:
    """The children with a row of the list in the week (what a click on that week chooses)."""
    return (
        found.weeks.filter((pl.col("list_key") == list_key) & (pl.col("week") == week))["child_id"]
        .unique()
        .sort()
    )


def children_with_pattern(found: FrontDoorChildren, pattern: str) -> pl.Series:
    """The children whose journey has the pattern (what a click on a pattern chooses)."""
    return found.patterns.filter(pl.col("pattern") == pattern)["child_id"].sort()
