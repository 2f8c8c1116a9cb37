"""The explorer's figures as plain functions: the counts and bars it shows, the children behind each,
and a dip sample of them.

Every number the explorer shows is a figure of the figures model (``analysis/figures``), computed
by the package for the children the filters let through (``FigureInputs.for_children``): this
module reads figures, it counts nothing. A figure that cannot be computed is "not available" with
its reason (``note``), never 0. The children behind a figure are its numerator's rows, as
``FigureSet.rows_behind`` gives them and ``jtai dip --figure`` draws from.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jtai_analysis.analysis.figures import FigureInputs, FigureSet, compute_figures, definitions
from jtai_analysis.analysis.figures.availability import NOT_AVAILABLE, list_reason
from jtai_analysis.catalogue.codes import NO, YES
from jtai_analysis.catalogue.events import activity_dates
from jtai_analysis.catalogue.labels import headings
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.catalogue.theme import load_theme
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.common.spreadsheet import write_table
from jtai_analysis.dashboards.cohort_view import DA_LABELS
from jtai_analysis.dashboards.explore import LIST_LABELS
from jtai_analysis.presentation.figure_html import value_text
from jtai_analysis.presentation.group_labels import group_label
from jtai_analysis.sampling.dip import DipResult, draw


@dataclass(frozen=True)
class Panel:
    """One of the explorer's charts: the figure whose groups are its bars.

    ``name`` keys the chart, ``filter_name`` the tick boxes a click on a bar sets, ``breakdown``
    the figure's breakdown (``age_group=...``) and ``values`` each bar's filter key -> group value
    (empty: the figure's groups with children, in their declared order).
    """

    name: str
    filter_name: str
    title: str
    figure_id: str
    breakdown: str
    values: tuple[tuple[str, str, str], ...] = ()  # (filter key, group value, label)


PANELS: tuple[Panel, ...] = (
    Panel(
        "age_group",
        "age_groups",
        "Children by age group",
        "children_count",
        "age_group",
        tuple((k, k, v) for k, v in AGE_GROUP_LABELS.items()),
    ),
    Panel(
        "domestic_abuse",
        "domestic_abuse",
        "Domestic abuse",
        "children_count",
        load_theme().flag.breakdown,
        # the filter's keys ("yes" / "no") are the explorer's; the groups are the contracts' codes
        tuple((k, code, DA_LABELS[k]) for k, code in (("yes", YES), ("no", NO))),
    ),
    Panel(
        "lists",
        "lists",
        "Lists the children reach",
        "children_count",
        "list",
        tuple((k, k, v) for k, v in LIST_LABELS.items()),
    ),
    Panel(
        "sources",
        "sources",
        "Contacts and referrals from",
        "contacted_or_referred_children",
        "source_group",
    ),
)
# The figures at the top of the explorer, each a button that shows its children.
INDICATORS: tuple[str, ...] = ("children_count", "flagged_children", "da_children_under8")
PAGE_FIGURES: tuple[str, ...] = tuple(
    dict.fromkeys([*INDICATORS, *(panel.figure_id for panel in PANELS)])
)
# The columns of a figure's rows a dip sample keeps: those ``jtai dip --figure`` writes.
DIP_COLUMNS = ("list", "source_file", "sheet", "row", "child_id")


def page_figures(inputs: FigureInputs, child_ids: Sequence[str] | None = None) -> FigureSet:
    """The explorer's figures for these children (None: every child of the run)."""
    chosen = inputs if child_ids is None else inputs.for_children(child_ids)
    return compute_figures(chosen, only=PAGE_FIGURES)


def figure_title(figure_id: str) -> str:
    """A figure's title, as the registry writes it."""
    found = definitions().get(figure_id)
    return found.title if found is not None else figure_id


def panel_bars(figures: FigureSet, panel: Panel, inputs: FigureInputs) -> pl.DataFrame:
    """A chart's bars: ``key`` (the filter a click sets), ``group`` (the figure's group),
    ``label``, ``children`` (null when not available: never 0) and ``note`` (why not)."""
    whole = figures.figure(panel.figure_id)
    values = panel.values or tuple(
        (g.split("=", 1)[1], g.split("=", 1)[1], group_label(g))
        for g in figures.groups(panel.figure_id)
        if g.startswith(f"{panel.breakdown}=") and figures.number(panel.figure_id, g)
    )
    bars: list[tuple[str, str, str, int | None, str]] = []
    if whole is not None and not whole["available"] and not values:
        # no group to draw: one empty place that says why (a click shows the reason)
        bars.append(("", "all", "Not available", None, whole["note"]))
    for key, value, label in values:
        group = f"{panel.breakdown}={value}"
        row = figures.figure(panel.figure_id, group)
        children: int | None
        if whole is None or not whole["available"]:
            children, note = None, "" if whole is None else whole["note"]
        elif row is not None and not row["available"]:
            children, note = None, row["note"]
        elif panel.breakdown == "list" and (reason := list_reason(inputs, value)):
            children, note, label = None, reason, f"{label} (not received)"
        else:
            children, note = int(figures.number(panel.figure_id, group) or 0), ""
        bars.append((key, group, label, children, note))
    return pl.DataFrame(
        bars,
        schema={
            "key": pl.String,
            "group": pl.String,
            "label": pl.String,
            "children": pl.Int64,
            "note": pl.String,
        },
        orient="row",
    )


def bars_reason(bars: pl.DataFrame) -> str:
    """Why some bars of a chart have no count, in one sentence per reason (empty: all counted)."""
    notes = list(dict.fromkeys(n for n in bars["note"].to_list() if n))
    # "Not available: " once, then each reason (as the figures model joins a figure's reasons)
    return " ".join([*notes[:1], *(n.removeprefix(NOT_AVAILABLE) for n in notes[1:])])


def indicator_words(figures: FigureSet, figure_id: str) -> str:
    """An indicator's button: its title and value, or "Not available"."""
    return f"{figure_title(figure_id)}: {value_text(figures.figure(figure_id))}"


def shown_words(figures: FigureSet, figure_id: str, group: str) -> str:
    """Which figure and group the children's table shows, and how many rows are behind it."""
    row = figures.figure(figure_id, group)
    what = f"{figure_title(figure_id)}, {group_label(group)}"
    if row is None or not row["available"]:
        return f"{what}: {(row or {}).get('note') or 'not available.'}"
    rows = figures.rows_behind(figure_id, group).height
    return f"{what}: {value_text(row)} ({rows:,} {'row' if rows == 1 else 'rows'})"


def _decided_by(figure_id: str) -> list[str]:
    """The dates a figure's conditions name (empty when none does: a count of every row)."""
    found = definitions().get(figure_id)
    if found is None:
        return []
    named = list(found.rows.dates()) + (list(found.hit.dates()) if found.hit is not None else [])
    return list(dict.fromkeys(named))


def children_behind(figures: FigureSet, figure_id: str, group: str) -> pl.DataFrame:
    """The figure's numerator rows as a reader sees them: child ID, list, sheet and row, and the
    dates that decided it (a figure whose conditions name none: each list's own date)."""
    rows = figures.rows_behind(figure_id, group)
    catalogue = load_catalogue()
    named = _decided_by(figure_id)
    own = {key: column for key, (column, _) in activity_dates().items()}
    heading = headings("dashboard_rows_behind")
    parts = []
    for list_key in rows["list"].unique(maintain_order=True).to_list():
        part = rows.filter(pl.col("list") == list_key)
        contract = catalogue.lists[list_key]
        dates = [d for d in named if d in part.columns] or [
            d for d in (own.get(list_key),) if d and d in part.columns
        ]
        parts.append(
            part.select(
                pl.col("child_id").alias(heading["child_id"]),
                pl.lit(LIST_LABELS.get(list_key, contract.label)).alias(heading["list"]),
                pl.col("sheet").alias(heading["sheet"]),
                pl.col("row").alias(heading["row"]),
                *[pl.col(d).alias(contract.column(d).header) for d in dates],
            )
        )
    if not parts:
        types = {"row": pl.Int64}
        return pl.DataFrame(
            schema={words: types.get(key, pl.String) for key, words in heading.items()}
        )
    return pl.concat(parts, how="diagonal_relaxed").sort(
        heading["child_id"], heading["list"], heading["row"]
    )


def dip_of(figures: FigureSet, figure_id: str, group: str, n: int, seed: int) -> DipResult:
    """N of a figure's numerator rows, drawn as ``jtai dip --figure`` draws them (same rows and
    seed, same sample)."""
    rows = figures.rows_behind(figure_id, group).select(DIP_COLUMNS)
    return draw(rows, n, seed, DIP_COLUMNS, f"the rows behind {figure_id} ({group})")


def write_dip(result: DipResult, folder: Path, figure_id: str, group: str) -> Path:
    """The dip sample as a CSV in ``folder``, named by the figure, group and time."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", group).strip("-")
    path = folder / f"dip-{figure_id}-{safe}-{stamp}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_table(result.table, path, sheet_name="Dip sample")


def dip_command(figure_id: str, group: str, n: int, seed: int, out: Path) -> str:
    """The ``jtai dip`` command that draws the same sample from the pack of these lists."""
    return (
        f"jtai dip --figure {figure_id} --group {shlex.quote(group)} --pack PACK_DIR "
        f"--n {n} --seed {seed} --out {shlex.quote(str(out))}"
    )
