"""Parts of sections that show figures together: what stands out, focus beside all, journeys,
and the rows behind a figure listed in a table."""

from __future__ import annotations

from typing import Any, cast

import polars as pl

from jtai_analysis.analysis import front_door, stands_out
from jtai_analysis.analysis.comparators import comparator_period
from jtai_analysis.analysis.fair_comparisons import FOCUS_GROUP, OTHERS_GROUP
from jtai_analysis.analysis.figures import FigureSet, definitions, indicator_definitions
from jtai_analysis.analysis.figures.availability import Arrived, flag_reason
from jtai_analysis.catalogue.codes import NO, YES
from jtai_analysis.catalogue.events import journey_steps
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.presentation.figure_html import (
    NOT_AVAILABLE,
    Cell,
    TableCell,
    figure_table,
    show_html,
    show_sentence,
)
from jtai_analysis.presentation.labels import column_labels
from jtai_analysis.presentation.prepared_run import PreparedRun
from jtai_analysis.presentation.tables import show_note, show_table
from jtai_analysis.privacy.suppression import is_hidden


def statements(figures: FigureSet) -> pl.DataFrame:
    """Every rule of what stands out applied to the run's figures (focus children beside the
    other under-8s, the area beside England) and the weeks outside their expected range (each
    with the figure's ``group``); called out first."""
    weeks = front_door.week_statements(figures)
    return pl.concat([stands_out.statements(figures), weeks], how="diagonal_relaxed").sort(
        "is_called_out", descending=True, maintain_order=True
    )


def _interval_text(row: dict[str, Any]) -> str:
    """The interval, unless a count it is worked from is hidden (it would give the count away)."""
    counts = (
        row.get("numerator"),
        row.get("denominator"),
        row.get("compared_numerator"),
        row.get("compared_denominator"),
    )
    if any(c is not None and is_hidden(int(c)) for c in counts):
        return "Not shown: a count is too small to show"
    return str(row.get("interval") or "")


def statements_html(figures: FigureSet, found: pl.DataFrame, caption: str) -> str:
    """Statements as a table: the figure and the other under-8s' figure are figures, marked in
    the page and written by the pack's one rule (small counts hidden); England in words with its
    period."""
    rows: list[list[TableCell]] = []
    for row in found.iter_rows(named=True):
        compared: TableCell = row["comparator"]
        if row.get("compared_group"):
            compared = Cell(
                row["compared_with"], row["compared_group"], label=f"{row['comparator']}:"
            )
        rows.append(
            [
                row["statement"],
                Cell(row["indicator_id"], row.get("group") or "all"),
                compared,
                _interval_text(row),
                row.get("note") or "",
                row["enquiry"],
                row["ec"],
            ]
        )
    return figure_table(figures, list(headings("statements").values()), rows, caption)


def show_statements(figures: FigureSet, found: pl.DataFrame, caption: str) -> None:
    """Display :func:`statements_html`."""
    show_html(statements_html(figures, found, caption))


def focus_beside_others_rows(figures: FigureSet) -> tuple[list[str], list[list[TableCell]]]:
    """Every practice figure shown for focus children (the theme's), focus children beside the
    other under-8s: two disjoint groups of the same ages, never all children, who include them.
    The columns are groups: show the table with ``units="rows"``, so each measure says what it
    counts."""
    theme = load_theme()
    all_definitions = definitions()
    rows: list[list[TableCell]] = []
    for figure_id in theme.focus_figures:
        definition = all_definitions[figure_id]
        if not definition.practice:
            continue
        rows.append([definition.title, Cell(figure_id, FOCUS_GROUP), Cell(figure_id, OTHERS_GROUP)])
    return [
        headings("focus_beside_others")["measure"],
        theme.focus.label,
        theme.focus.others_label,
    ], rows


def percent_rows(figures: FigureSet, rows: list[list[TableCell]]) -> list[list[TableCell]]:
    """The rows of percentage figures only, each written as its value (for a chart)."""
    kept = []
    for row in rows:
        cells = [c for c in row[1:] if isinstance(c, Cell)]
        if cells and all(definitions()[c.figure_id].unit == "percent" for c in cells):
            kept.append([row[0], *[Cell(c.figure_id, c.group, "value") for c in cells]])
    return kept


# The journey from contact to plan, by the figures of each step: the step's letter (its words are
# the event's in catalogue/events.yml, as in a journey's pattern), children at the step, how many
# ended there, and the median working days from the step before.
JOURNEY = (
    ("C", "contacts_children", None, None),
    ("R", "referrals_children", "referrals_nfa_children", "referral_after_contact_working_days"),
    (
        "A",
        "assessments_started_children",
        "assessments_no_support_children",
        "assessment_after_referral_working_days",
    ),
    ("S", "s47_children", "s47_no_icpc_children", "s47_after_assessment_working_days"),
    ("I", "icpc_children", "icpc_no_plan_children", "icpc_after_s47_working_days"),
    ("P", "cpp_started_children", None, "cpp_after_icpc_working_days"),
)


def journey_rows() -> tuple[list[str], list[list[TableCell]]]:
    """The journey table: each step for focus children beside the other under-8s (children at
    the step, median working days from the step before, children whose journey ended there)."""
    focus = load_theme().focus
    heading = headings("journey")
    groups = (focus.label, focus.others_label)
    columns = [
        heading["step"],
        *groups,
        *(heading["median_working_days"].format(group=g.lower()) for g in groups),
        *(heading["ended_here"].format(group=g.lower()) for g in groups),
    ]
    steps = {step.step: step.event for step in journey_steps()}
    rows: list[list[TableCell]] = []
    for letter, children, ended, median in JOURNEY:
        rows.append(
            [
                steps[letter],
                *(Cell(children, g) for g in (FOCUS_GROUP, OTHERS_GROUP)),
                *((Cell(median, g) if median else "") for g in (FOCUS_GROUP, OTHERS_GROUP)),
                *((Cell(ended, g) if ended else "") for g in (FOCUS_GROUP, OTHERS_GROUP)),
            ]
        )
    return columns, rows


def indicator_values(figures: FigureSet) -> dict[str, int | float | None]:
    """Each indicator's value (None when not available), for the record of a section."""
    return {d.id: figures.number(d.id) for d in indicator_definitions()}


def indicator_rows(figures: FigureSet) -> tuple[list[str], list[list[TableCell]]]:
    """The indicator table: value, numerator, denominator, England, period, criteria, note."""
    rows: list[list[TableCell]] = []
    headlines = cast(dict[str, dict[str, str]], column_labels("indicator_headlines"))
    for definition in indicator_definitions():
        # an indicator the pack heads by one of its groups (labels.yml, indicator_headlines)
        headline = headlines.get(definition.id, {})
        group = headline.get("group", "all")
        row = figures.figure(definition.id, group) or {}
        available = bool(row.get("available"))
        national = definition.national
        rows.append(
            [
                headline.get("title", definition.title),
                Cell(definition.id, group, style="value"),
                Cell(definition.id, group, style="numerator") if available else "",
                Cell(definition.id, group, style="denominator")
                if available and definition.unit == "percent"
                else "",
                (
                    f"{national.value:.1f}%" + (" (derived)" if national.derived else "")
                    if national
                    else ""
                ),
                national.period if national else "",
                definition.ec,
                row.get("note") or "",
            ]
        )
    return list(headings("indicators").values()), rows


def england_rows(figures: FigureSet) -> tuple[list[str], list[list[TableCell]]]:
    """The indicators with an England figure: this area's value beside England's, each labelled
    with England's period (and "derived" when worked out from published counts); an England
    figure more than a year from the data is not set beside it."""
    rows: list[list[TableCell]] = []
    for definition in indicator_definitions():
        national = definition.national
        if national is None:
            continue
        period = comparator_period(national.period, figures.reference_date)
        label = f"England {national.period}" + (", derived" if national.derived else "")
        england: TableCell = Cell(definition.id, style="national")
        if period is not None and not period.is_in_period:
            # not a comparator: more than a year from these data (analysis/comparators.py)
            england = "Not compared: more than a year from these data"
        rows.append([f"{definition.title} ({label})", Cell(definition.id, style="value"), england])
    return list(headings("england_beside").values()), rows


def numbers_table(figures: FigureSet, rows: list[list[TableCell]]) -> dict[str, list[Any]]:
    """A table of figures as numbers, by its rows' headings (for the record of a section)."""
    return {
        str(row[0]): [
            figures.number(c.figure_id, c.group) if isinstance(c, Cell) else None for c in row[1:]
        ]
        for row in rows
    }


def _cohort_ages_and_focus(run: PreparedRun) -> pl.DataFrame:
    """Each child's age group and whether a focus child, to join to the rows behind a figure."""
    return run.cohort.select(
        pl.col("child_id").cast(pl.String),
        pl.col("age_group").cast(pl.String),
        pl.col("is_focus"),
    )


def _child_columns(run: PreparedRun) -> list[pl.Expr]:
    """The first columns of a table of children: the child, their age group and whether they are a
    focus child (not available when the lists that flag them have not arrived)."""
    focus_known = not flag_reason(Arrived(run.data, load_catalogue(), load_theme()))
    heading = headings("children_behind")
    return [
        pl.col("child_id").alias(heading["child_id"]),
        pl.col("age_group")
        .replace_strict(AGE_GROUP_LABELS, default="Unknown")
        .alias(heading["age_group"]),
        (
            pl.col("is_focus").fill_null(False).replace_strict({True: YES, False: NO})
            if focus_known
            else pl.lit(NOT_AVAILABLE)
        ).alias(heading["is_focus"]),
    ]


def show_open_assessments_past_45(run: PreparedRun, max_rows: int = 50) -> None:
    """The rows behind "open assessments more than 45 working days old", oldest first."""
    figure_id = "open_assessments_over_45wd"
    row = run.figures.figure(figure_id)
    if row is None or not row["available"]:
        show_note(row["note"] if row else NOT_AVAILABLE, kind="warning")
        return
    behind = run.figures.rows_behind(figure_id)
    if behind.is_empty():
        show_note("No open assessment is more than 45 working days old.")
        return
    started = behind["assessment_start_date"]
    until = pl.Series([run.reference_date] * behind.height, dtype=pl.Date)
    heading = headings("children_behind")
    table = (
        behind.with_columns(working_days_series(started, until).alias("working_days_open"))
        .join(_cohort_ages_and_focus(run), on="child_id", how="left")
        .select(
            *_child_columns(run),
            *(
                pl.col(key).alias(heading[key])
                for key in ("assessment_start_date", "working_days_open", "sheet", "row")
            ),
        )
        .sort(heading["working_days_open"], descending=True, nulls_last=True)
    )
    show_table(table, caption("open_assessments_past_45"), max_rows=max_rows)


# ---- Lines of enquiry: each a figure with its children (issue 25) ----

ENQUIRIES = (
    "enquiry_police_contacts_not_assessed_children",
    "enquiry_under8_referrals_nfa_count",
    "enquiry_focus_not_seen_children",
    "enquiry_5_to_7_not_in_fte_flagged_children",
    "enquiry_fieldwork_meetings_count",
)


def children_behind(run: PreparedRun, figure_id: str, group: str = "all") -> pl.DataFrame:
    """The rows behind a figure as a reader follows them up: the child, their age group and
    whether they are a focus child, the list, sheet and row, and the dates that decided it."""
    definition = definitions()[figure_id]
    behind = run.figures.rows_behind(figure_id, group)
    conditions = [c for c in (definition.rows, definition.hit) if c is not None]
    dates = [d for c in conditions for d in c.dates() if d in behind.columns]
    catalogue = load_catalogue()
    headers = {
        d: next(
            (
                catalogue.lists[k].column(d).header
                for k in definition.lists
                if k in catalogue.lists and d in catalogue.lists[k].column_keys
            ),
            d.replace("_", " "),
        )
        for d in dict.fromkeys(dates)
    }
    labels = {key: contract.label for key, contract in catalogue.lists.items()}
    heading = headings("children_behind")
    return (
        behind.join(_cohort_ages_and_focus(run), on="child_id", how="left")
        .select(
            *_child_columns(run),
            pl.col("list").replace_strict(labels, default=pl.col("list")).alias(heading["list"]),
            pl.col("sheet").alias(heading["sheet"]),
            # a place in a sheet, never a count to hide
            pl.col("row").cast(pl.String).alias(heading["row"]),
            *[pl.col(d).alias(h) for d, h in headers.items()],
        )
        .sort(heading["child_id"], heading["row"])
    )


def show_enquiry(run: PreparedRun, figure_id: str, *, max_rows: int = 50) -> None:
    """A line of enquiry: its figure (which opens its children) and the children listed."""
    definition = definitions()[figure_id]
    row = run.figures.figure(figure_id)
    show_sentence(run.figures, f"{definition.title}: {{value}}.", value=Cell(figure_id))
    if row is None or not row["available"] or not row["numerator"]:
        return
    title = f"{definition.title[0].lower()}{definition.title[1:]}"
    show_table(
        children_behind(run, figure_id), caption("children_behind", title=title), max_rows=max_rows
    )
