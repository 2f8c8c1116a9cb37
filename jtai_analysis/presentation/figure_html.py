"""Figures as the pack shows them: one helper writes every figure value, and tables of figures.

Every value a section shows is written by :func:`figure_value`: a button carrying the figure's ID
and group (``data-figure="referrals_nfa_pct" data-group="focus=Yes"``), whose text is the value and
which opens the children behind it in the pack (``pack/figure_rows.js``). A figure that is not
available reads "Not available", never 0, and the table it is in says why. Small counts are hidden
by the pack's one rule (:mod:`jtai_analysis.privacy.suppression`) when ``--suppress-below`` is
given, a percentage with them (the children behind a figure are for the inspection team, as the
rest of the pack).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from IPython.display import HTML, display

from jtai_analysis.analysis.fair_comparisons import GROUPS as FAIR_GROUPS
from jtai_analysis.analysis.fair_comparisons import selection_effect_note
from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.presentation.group_labels import breakdown_heading, group_label
from jtai_analysis.privacy.suppression import count_text, fraction_text, is_hidden

NOT_AVAILABLE = "Not available"
Style = Literal["auto", "value", "numerator", "denominator", "guarded", "national"]


@dataclass(frozen=True)
class Cell:
    """One figure in a table: its ID, its group and how to write it."""

    figure_id: str
    group: str = "all"
    style: Style = "auto"
    label: str = ""  # words before the value in the cell ("Other under-8s:")


def value_text(row: Mapping[str, Any] | None, style: Style = "auto") -> str:
    """A figure as words: ``85 of 426 (20.0%)``, ``1,234``, ``12.5`` (a median), or "Not available".

    ``auto`` writes a percentage as its fraction and its value, a count as its number; ``value``
    only the value; ``numerator`` / ``denominator`` only that count; ``guarded`` is ``auto`` (kept
    for callers that name it). A hidden count (the pack's one suppression rule) reads ``<5``, and
    a percentage of one reads ``<5 of 426``, never its value.
    """
    if style == "national" and row is not None:
        national = row["national_value"]
        return "" if national is None else f"{national:.1f}%"
    if row is None or not row["available"] or row["value"] is None:
        return NOT_AVAILABLE
    unit = row["unit"]
    if style == "numerator" and row["numerator"] is not None:
        return count_text(int(row["numerator"]))
    if style == "denominator" and row["denominator"] is not None:
        return count_text(int(row["denominator"]))
    if unit == "count":
        return count_text(int(row["numerator"]))
    if unit == "median":
        return f"{row['value']:,.1f}"
    numerator, denominator = int(row["numerator"]), int(row["denominator"])
    if style == "value" and not (is_hidden(numerator) or is_hidden(denominator)):
        return f"{row['value']:.1f}%"
    return fraction_text(numerator, denominator, row["value"])


def figure_value(
    figures: FigureSet, figure_id: str, group: str = "all", style: Style = "auto"
) -> str:
    """The one way a figure value is written into the pack: its text in a button that carries the
    figure's ID and group and opens the children behind it."""
    row = figures.figure(figure_id, group)
    if row is None:
        whole = figures.figure(figure_id)
        if whole is None or whole["available"]:
            # no such figure or group: nothing to mark (the figures say what they hold)
            return f'<span class="jtai-fig-missing">{NOT_AVAILABLE}</span>'
        # the figure as a whole is not available, so none of its groups is: mark it as a whole
        row, group = whole, "all"
    text = value_text(row, style)
    available = "true" if row["available"] else "false"
    return (
        f'<button type="button" class="jtai-fig" data-figure="{html.escape(figure_id)}" '
        f'data-group="{html.escape(group)}" data-available="{available}">{html.escape(text)}</button>'
    )


def figure_note(figures: FigureSet, figure_id: str, group: str = "all") -> str:
    """The figure's note (why it is not available, rows left out), or ``""``."""
    row = figures.figure(figure_id, group) or figures.figure(figure_id)
    if row is None or (row["group"] != group and row["available"]):
        return ""
    return str(row["note"] or "")


def _selection_effect(cell: Cell) -> str:
    """The theme's selection-effect words when the cell is a focus or other-under-8s group of a
    figure counting contacts or referrals (issue 25), else ``""``."""
    groups = set(cell.group.split("&"))
    definition = definitions().get(cell.figure_id)
    if definition is None or not groups & set(FAIR_GROUPS):
        return ""
    return selection_effect_note(definition)


def notes_for(figures: FigureSet, cells: Sequence[Cell]) -> list[str]:
    """The distinct notes of the figures in ``cells``: why some are not available, rows left out,
    and the selection effect beside focus children's contacts and referrals."""
    seen: dict[str, None] = {}
    for cell in cells:
        for note in (figure_note(figures, cell.figure_id, cell.group), _selection_effect(cell)):
            if note:
                seen.setdefault(note, None)
    return list(seen)


_SAYS = {"rows": re.compile(r"\brows?\b", re.I), "children": re.compile(r"\bchild(ren)?\b", re.I)}


def _unit(cells: Sequence[Cell]) -> tuple[str, bool] | None:
    """What the cells count (``rows`` or ``children``) and whether they show percentages, when
    they all count the same thing; None for medians, England figures or a mix."""
    kinds, percents = set(), set()
    for cell in cells:
        definition = definitions().get(cell.figure_id)
        if definition is None or definition.unit == "median" or cell.style == "national":
            return None
        kinds.add(definition.counts)
        percents.add(definition.unit == "percent" and cell.style in ("value", "auto", "guarded"))
    if len(kinds) != 1:
        return None
    return kinds.pop(), all(percents)  # a mix of percentages and counts: what the counts count


def unit_heading(heading: str, cells: Sequence[Cell]) -> str:
    """A heading that says whether its figures count rows or children (issue 25): unchanged when
    it already does, or when its figures are medians, England figures or a mix."""
    unit = _unit(cells)
    if unit is None or not heading or _SAYS[unit[0]].search(heading):
        return heading
    noun, is_percent = unit
    if not is_percent:
        return f"{heading} ({noun})"
    return f"{heading} ({'' if '%' in heading else '% '}of {noun})"


def _notes_html(notes: Sequence[str]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return f'<ul class="jtai-figure-notes">{items}</ul>'


TableCell = Cell | str | None


def figure_table(
    figures: FigureSet,
    columns: Sequence[str],
    rows: Sequence[Sequence[TableCell]],
    caption: str,
    *,
    notes: bool = True,
    units: Literal["columns", "rows"] = "columns",
) -> str:
    """An accessible table whose cells are figures (or plain text); notes of the figures below it
    (unless ``notes`` is False: the table has a column of them).

    The first cell of each row is its heading (text). Headings say whether the figures count rows
    or children (:func:`unit_heading`): the column headings, or with ``units="rows"`` (a table
    whose columns are groups, such as focus children and the other under-8s) the row headings.
    """
    cells_of = [[c for c in row[1:] if isinstance(c, Cell)] for row in rows]
    if units == "columns":
        columns = [
            unit_heading(
                heading,
                [r[i] for r in rows if i < len(r) and isinstance(r[i], Cell)],  # type: ignore[misc]
            )
            if i
            else heading
            for i, heading in enumerate(columns)
        ]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = []
    cells: list[Cell] = []
    for row, row_cells in zip(rows, cells_of, strict=True):
        parts = []
        for position, cell in enumerate(row):
            if isinstance(cell, Cell):
                cells.append(cell)
                label = f"{html.escape(cell.label)} " if cell.label else ""
                value = figure_value(figures, cell.figure_id, cell.group, cell.style)
                parts.append(f'<td class="num">{label}{value}</td>')
            elif position == 0:
                heading = str(cell or "")
                if units == "rows":
                    heading = unit_heading(heading, row_cells)
                parts.append(f'<th scope="row">{html.escape(heading)}</th>')
            else:
                parts.append(f"<td>{html.escape(str(cell or ''))}</td>")
        body.append(f"<tr>{''.join(parts)}</tr>")
    return (
        f'<table class="jtai-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        + (_notes_html(notes_for(figures, cells)) if notes else "")
    )


def breakdown_groups(figures: FigureSet, figure_ids: Sequence[str], by: str) -> list[str]:
    """The groups of breakdown ``by`` (its name, as groups write it) that any of the figures has,
    in the figures' order."""
    prefix = f"{by}="
    found: dict[str, None] = {}
    for figure_id in figure_ids:
        for group in figures.groups(figure_id):
            if group.startswith(prefix) and "&" not in group:
                found.setdefault(group, None)
    return list(found)


def _is_empty(figures: FigureSet, figure_id: str, group: str) -> bool:
    row = figures.figure(figure_id, group)
    return row is None or bool(row["is_empty"])


def breakdown_rows(
    figures: FigureSet,
    columns: Mapping[str, Cell | str],
    by: str,
    *,
    with_all: bool = False,
    skip_empty: bool = False,
) -> tuple[list[str], list[list[TableCell]]]:
    """Rows of a table of figures broken down by ``by``: one row a group, one column a figure.

    ``columns`` maps a heading to a figure ID (or a :class:`Cell`, whose group is replaced by
    each row's group). Returns the headings (the first is the breakdown's) and the rows; with
    ``skip_empty``, a group no figure has a row in is left out (its counts would all be 0).
    """
    cells = {h: c if isinstance(c, Cell) else Cell(c) for h, c in columns.items()}
    groups = breakdown_groups(figures, [c.figure_id for c in cells.values()], by)
    if skip_empty:
        groups = [
            g for g in groups if not all(_is_empty(figures, c.figure_id, g) for c in cells.values())
        ]
    if with_all:
        groups = ["all", *groups]
    rows: list[list[TableCell]] = [
        [group_label(g), *[Cell(c.figure_id, g, c.style) for c in cells.values()]] for g in groups
    ]
    return [breakdown_heading(by), *cells], rows


def crossed_rows(
    figures: FigureSet,
    figure_id: str,
    rows_by: str,
    columns_by: str,
    style: Style = "auto",
    *,
    total: str = "All",
    skip_empty: bool = True,
    values: Sequence[str] | None = None,
) -> tuple[list[str], list[list[TableCell]]]:
    """A figure crossed by two breakdowns (groups ``A=x&B=y``): one row a value of ``rows_by``,
    its total (the group ``A=x``) first when the figure has it, then one column a value of
    ``columns_by`` (only ``values``, in that order, when given: ``[YES, "No_under8"]`` for focus
    children beside the other under-8s). With ``skip_empty``, rows with no figure rows and unknown
    columns with none are left out."""
    pairs = [g for g in figures.groups(figure_id) if "&" in g]
    split = [dict(part.split("=", 1) for part in g.split("&")) for g in pairs]
    split = [s for s in split if set(s) == {rows_by, columns_by}]
    row_values = list(dict.fromkeys(s[rows_by] for s in split))
    column_values = list(dict.fromkeys(s[columns_by] for s in split))
    if values is not None:
        column_values = [v for v in values if v in column_values]
    present = set(pairs)

    def group(r: str, c: str) -> str:
        first = f"{rows_by}={r}&{columns_by}={c}"
        return first if first in present else f"{columns_by}={c}&{rows_by}={r}"

    if skip_empty:
        row_values = [
            r
            for r in row_values
            if not all(_is_empty(figures, figure_id, group(r, c)) for c in column_values)
        ]
        column_values = [
            c
            for c in column_values
            if c not in _UNKNOWN_VALUES
            or not all(_is_empty(figures, figure_id, group(r, c)) for r in row_values)
        ]
    has_total = any(figures.figure(figure_id, f"{rows_by}={r}") for r in row_values)
    headings = [
        breakdown_heading(rows_by),
        *([total] if has_total else []),
        *[group_label(f"{columns_by}={c}") for c in column_values],
    ]
    rows: list[list[TableCell]] = []
    for r in row_values:
        line: list[TableCell] = [group_label(f"{rows_by}={r}")]
        if has_total:
            line.append(Cell(figure_id, f"{rows_by}={r}", style))
        line += [Cell(figure_id, group(r, c), style) for c in column_values]
        rows.append(line)
    return headings, rows


_UNKNOWN_VALUES = ("unknown", "Unknown", "not_recorded")


def numbers_by_group(figures: FigureSet, figure_id: str, by: str) -> dict[str, Any]:
    """A figure's number in each group of one breakdown, by the group's words (for a record)."""
    return {
        group_label(group): figures.number(figure_id, group)
        for group in breakdown_groups(figures, [figure_id], by)
    }


def show_html(content: str) -> None:
    """Display HTML in a notebook (and so in the pack)."""
    display(HTML(content))


def show_figure_table(
    figures: FigureSet,
    columns: Sequence[str],
    rows: Sequence[Sequence[TableCell]],
    caption: str,
    *,
    units: Literal["columns", "rows"] = "columns",
) -> None:
    """Display :func:`figure_table`."""
    show_html(figure_table(figures, columns, rows, caption, units=units))


def sentence(figures: FigureSet, text: str, **values: Cell) -> str:
    """A sentence with figures in it: ``{name}`` in ``text`` is replaced by each figure's value."""
    shown = {
        name: figure_value(figures, c.figure_id, c.group, c.style) for name, c in values.items()
    }
    return html.escape(text).format(**shown)


def show_sentence(figures: FigureSet, text: str, kind: str = "info", **values: Cell) -> None:
    """Display :func:`sentence` as a notice, with the notes of its figures."""
    role = ' role="status"' if kind == "info" else ' role="alert"'
    notes = _notes_html(notes_for(figures, list(values.values())))
    show_html(f'<p class="jtai-{kind}"{role}>{sentence(figures, text, **values)}</p>{notes}')
