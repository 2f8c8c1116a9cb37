"""The pack's section on the front door over time, rendered from the figures only.

Every number shown is a figure of the run (``contacts_by_week``, ``contact_to_referral_30d_pct``,
``journey_patterns`` ...) written by the one figure helper, so it carries its ID and group and opens
the children behind it; a figure whose list has not arrived reads "Not available" with the reason.
The expected ranges, the weeks outside them and the top patterns are read from those figures by
:mod:`jtai_analysis.analysis.front_door`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jtai_analysis.analysis.fair_comparisons import OTHERS_GROUP
from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.analysis.front_door import (
    ALL,
    CONVERSION_FIGURES,
    PATTERNS_FIGURE,
    RETURNS_FIGURE,
    WEEKLY_FIGURES,
    WeeklySeries,
    interval,
    top_patterns,
    week_group,
    weekly_series,
)
from jtai_analysis.catalogue.events import activity_dates, journey_steps
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.presentation import charts
from jtai_analysis.presentation.figure_html import (
    NOT_AVAILABLE,
    Cell,
    TableCell,
    breakdown_rows,
    figure_table,
    show_html,
    show_sentence,
)
from jtai_analysis.presentation.front_door_charts import flows_chart, weekly_chart
from jtai_analysis.presentation.tables import show_note

FOCUS = "focus=Yes"
DOOR_WORDS = {
    "contact_to_referral_30d_pct": "Contact, then a referral within 30 days",
    "referral_to_assessment_30d_pct": "Referral, then an assessment within 30 days",
    "referral_to_s47_30d_pct": "Referral, then a section 47 enquiry within 30 days",
}


def flow_words(figure_id: str) -> str:
    """What a weekly figure counts, as the catalogue names its list's rows (``activity`` in
    ``events.yml``): "Contacts", "Section 47 enquiries"."""
    list_key = definitions()[figure_id].lists[0]
    return activity_dates()[list_key][1]


def _focus_label() -> str:
    return load_theme().focus.label


def _range_words(series: WeeklySeries) -> str:
    limits = series.range
    if limits is None:
        return "no full week to judge by"
    return (
        f"{limits.lower:.1f} to {limits.upper:.1f} a week "
        f"(mean {limits.mean:.1f} of {limits.full_weeks} full weeks)"
    )


def _week_heading(series: WeeklySeries, index: int) -> str:
    week = series.points[index].week
    text = f"{week.label} (from {week.monday:%a %d %b %Y})"
    if week.is_partial:
        text += f", partial week: {week.first_day:%d %b} to {week.last_day:%d %b} in the window"
    return text


def _outside_words(point_sides: Sequence[tuple[str, str | None]]) -> str:
    return "; ".join(f"{side} the range ({who})" for who, side in point_sides if side)


def weekly_rows(
    figures: FigureSet, figure_id: str
) -> tuple[list[str], list[list[TableCell]], list[WeeklySeries]]:
    """The numbers of a weekly figure: one row a week, all children and focus children (when they
    can be known), and whether the week is outside its expected range."""
    every = weekly_series(figures, figure_id)
    focus = weekly_series(figures, figure_id, FOCUS)
    shown = [s for s in (every, focus) if s.is_available]
    words = headings("front_door")
    columns = [words["week"], words["all"]] + ([_focus_label()] if focus.is_available else [])
    columns.append(words["outside"])
    rows: list[list[TableCell]] = []
    for i, point in enumerate(every.points):
        row: list[TableCell] = [_week_heading(every, i), Cell(figure_id, point.group)]
        sides = [("all children", point.side)]
        if focus.is_available:
            row.append(Cell(figure_id, focus.points[i].group))
            sides.append((_focus_label().lower(), focus.points[i].side))
        row.append(_outside_words(sides))
        rows.append(row)
    return columns, rows, shown


def show_weekly_flow(figures: FigureSet, figure_id: str) -> None:
    """A weekly figure: its chart with the expected range (partial weeks hollow, weeks outside the
    range as diamonds), and the weekly figures behind it."""
    title = definitions()[figure_id].title
    every = weekly_series(figures, figure_id)
    if not every.is_available:
        show_note(f"{title}: {every.note}", kind="warning")
        return
    columns, rows, shown = weekly_rows(figures, figure_id)
    focus = weekly_series(figures, figure_id, FOCUS)
    panels = [(headings("front_door")["all"], every)]
    words = f"All children: expected {_range_words(every)}."
    if focus.is_available:
        panels.append((_focus_label(), focus))
        words += f" {_focus_label()}: expected {_range_words(focus)}."
    else:
        words += f" {_focus_label()}: {focus.note}"
    outside = [p.week.label for s in shown for p in s.outside]
    described = (
        f"{flow_words(figure_id)} in each ISO week of the window, with the area's own expected "
        f"range (the band) and its mean (dashed). {words} "
        + (
            f"Weeks outside the range (diamonds): {', '.join(dict.fromkeys(outside))}."
            if outside
            else "No full week is outside its range."
        )
        + " Hollow points are the partial first and last weeks, shown but not judged."
    )
    charts.show_chart(
        weekly_chart(panels, flow_words(figure_id)),
        caption=title,
        description=described,
        numbers=figure_table(figures, columns, rows, caption("weekly_figure", title=title)),
    )


def show_weekly_activity(figures: FigureSet) -> None:
    """The overview's activity week by week: the four weekly figures for all children, one line
    each (a figure not available draws no line and says why)."""
    flows, notes = [], []
    for figure_id in WEEKLY_FIGURES:
        series = weekly_series(figures, figure_id)
        if series.is_available:
            flows.append((flow_words(figure_id), series))
        else:
            notes.append(f"{flow_words(figure_id)}: {series.note}")
    for note in notes:
        show_note(note, kind="warning")
    if not flows:
        return
    names = [name for name, _ in flows]
    ids = [i for i in WEEKLY_FIGURES if flow_words(i) in names]
    rows: list[list[TableCell]] = []
    for index, point in enumerate(flows[0][1].points):
        rows.append(
            [
                _week_heading(flows[0][1], index),
                *[Cell(i, week_group(point.week.label)) for i in ids],
            ]
        )
    charts.show_chart(
        flows_chart(flows, "Rows"),
        caption=caption("weekly_activity"),
        description=(
            "Weekly counts over the six-month window (ISO weeks, Monday first) for each list "
            "that has arrived; hollow points are the partial first and last weeks. The section "
            "on the front door over time sets each beside its expected range."
        ),
        numbers=figure_table(
            figures, [headings("front_door")["week"], *names], rows, caption("weekly_rows")
        ),
    )


def _interval_text(figures: FigureSet, figure_id: str, group: str) -> str:
    found = interval(figures, figure_id, group)
    # no space to break at: the interval stays on one line in a narrow column
    return "" if found is None else f"{found[0]:.1f}\u2013{found[1]:.1f}%"


def conversion_rows(figures: FigureSet) -> tuple[list[str], list[list[TableCell]]]:
    """Where each door leads: each conversion for all children, with the 95% interval "what
    stands out" uses."""
    words = headings("front_door")
    rows: list[list[TableCell]] = [
        [DOOR_WORDS[figure_id], Cell(figure_id), _interval_text(figures, figure_id, ALL)]
        for figure_id in CONVERSION_FIGURES
    ]
    return [words["door"], words["all"], words["interval"]], rows


def difference_text(figures: FigureSet, figure_id: str) -> str:
    """Focus children's difference from the other under-8s, as the figure records it on its
    focus row (``difference``, ``difference_low``, ``difference_high``): "+30.0 points (+6.6 to
    +49.8)"; "Not available" when the figure has none (its groups' notes say why)."""
    focus = figures.figure(figure_id, FOCUS) or {}
    if focus.get("difference") is None:
        return NOT_AVAILABLE
    return (
        f"{focus['difference']:+.1f} points "
        f"({focus['difference_low']:+.1f} to {focus['difference_high']:+.1f})"
    )


def fair_conversion_rows(figures: FigureSet) -> tuple[list[str], list[list[TableCell]]]:
    """Each conversion for focus children beside the other under-8s (two groups that share no
    child, never a group beside a whole that contains it), with the difference and its 95%
    interval that the figure records."""
    words = headings("front_door")
    columns = [words["door"], _focus_label(), words["others"], words["difference"]]
    rows: list[list[TableCell]] = [
        [
            DOOR_WORDS[figure_id],
            Cell(figure_id, FOCUS),
            Cell(figure_id, OTHERS_GROUP),
            difference_text(figures, figure_id),
        ]
        for figure_id in CONVERSION_FIGURES
    ]
    return columns, rows


def show_conversions(figures: FigureSet) -> None:
    """The three conversions for all children, then focus children beside the other under-8s."""
    columns, rows = conversion_rows(figures)
    show_html(figure_table(figures, columns, rows, caption("conversions")))
    columns, rows = fair_conversion_rows(figures)
    focus = _focus_label().lower()
    show_html(figure_table(figures, columns, rows, caption("conversions_focus", focus=focus)))
    effect = load_theme().focus.selection_effect.words
    show_note(effect, kind="info")


def source_rows(figures: FigureSet) -> tuple[list[str], list[list[TableCell]]]:
    """The three conversions by the source of the contact or referral (in words), each with its
    interval; only sources with a contact or referral counted."""
    available = [f for f in CONVERSION_FIGURES if (figures.figure(f) or {}).get("available")]
    cells = {DOOR_WORDS[f]: Cell(f) for f in available}
    _, rows = breakdown_rows(figures, cells, by="source", skip_empty=True)
    words = headings("front_door")
    columns = [words["source"]]
    for figure_id in available:
        columns += [DOOR_WORDS[figure_id], words["interval"]]
    widened: list[list[TableCell]] = []
    for row in rows:
        line: list[TableCell] = [row[0]]
        for cell in row[1:]:
            if isinstance(cell, Cell):
                line += [cell, _interval_text(figures, cell.figure_id, cell.group)]
        widened.append(line)
    return columns, widened


def show_conversions_by_source(figures: FigureSet) -> None:
    """The conversions by source in one table (those not available say why, below it)."""
    for figure_id in CONVERSION_FIGURES:
        row = figures.figure(figure_id) or {}
        if not row.get("available"):
            title = definitions()[figure_id].title
            show_note(f"{title}: {row.get('note') or 'Not available.'}", kind="warning")
    columns, rows = source_rows(figures)
    if rows:
        show_html(figure_table(figures, columns, rows, caption("conversions_by_source")))


def pattern_words(pattern: str) -> str:
    """A pattern in words: ``C>R>A`` is "contact, referral, assessment started"."""
    names = {step.step: step.event for step in journey_steps()}
    return ", ".join(names.get(letter, letter).lower() for letter in pattern.split(">"))


def pattern_rows(
    figures: FigureSet, subgroup: str = ALL, count: int = 10
) -> tuple[list[str], list[list[TableCell]]]:
    """The most common journey patterns: the pattern, in words, and its children."""
    rows: list[list[TableCell]] = [
        [found.pattern, pattern_words(found.pattern), Cell(PATTERNS_FIGURE, found.group)]
        for found in top_patterns(figures, subgroup, count)
    ]
    words = headings("front_door")
    return [words["pattern"], words["steps"], words["children"]], rows


def show_top_patterns(figures: FigureSet, subgroup: str = ALL, count: int = 10) -> None:
    """The most common patterns for all children (or a group), or why they are not available."""
    who = "all children" if subgroup == ALL else _focus_label().lower()
    row = figures.figure(PATTERNS_FIGURE, subgroup)
    if row is None or not row["available"]:
        reason = (row or {}).get("note") or "Not available."
        show_note(f"Journey patterns of {who}: {reason}", kind="warning")
        return
    columns, rows = pattern_rows(figures, subgroup, count)
    if not rows:
        show_note(f"No journey in the window for {who}.", kind="info")
        return
    show_html(
        figure_table(figures, columns, rows, caption("top_patterns", count=len(rows), who=who))
    )


def show_returns(figures: FigureSet) -> None:
    """How many children came back to the front door after an assessment or an enquiry."""
    show_sentence(
        figures,
        "{every} children came back to the front door (a contact or a referral) after an "
        "assessment or a section 47 enquiry in the window; {focus} of them are "
        f"{_focus_label().lower()}.",
        every=Cell(RETURNS_FIGURE),
        focus=Cell(RETURNS_FIGURE, FOCUS),
    )


def _recorded_difference(figures: FigureSet, figure_id: str) -> list[float] | None:
    focus = figures.figure(figure_id, FOCUS) or {}
    parts = [focus.get(k) for k in ("difference", "difference_low", "difference_high")]
    return None if parts[0] is None else [float(p) for p in parts]  # type: ignore[arg-type]


def section_record(figures: FigureSet) -> dict[str, Any]:
    """What the section shows, as numbers (for the record of the notebook and its tests)."""
    weeks = {}
    for figure_id in WEEKLY_FIGURES:
        for subgroup in (ALL, FOCUS):
            series = weekly_series(figures, figure_id, subgroup)
            weeks[f"{figure_id} {subgroup}"] = {
                "counts": [p.count for p in series.points] if series.is_available else None,
                "outside": [p.week.label for p in series.outside],
            }
    return {
        "weeks": weeks,
        "conversions": {
            f"{f} {g}": figures.number(f, g) for f in CONVERSION_FIGURES for g in (ALL, FOCUS)
        },
        "differences": {f: _recorded_difference(figures, f) for f in CONVERSION_FIGURES},
        "top_patterns": {p.pattern: p.children for p in top_patterns(figures)},
        "returns": figures.number(RETURNS_FIGURE),
    }
