"""The children behind every figure shown in the pack, carried in the page compactly.

The pack's sections mark every figure value (``data-figure``, ``data-group``). For those figures
the page carries, once, the rows they point to (a table per list: child ID or pseudonym, source
file, sheet, row and the list's dates, column by column) and, for each figure, the positions of its
numerator's rows in those tables: sorted, delta-encoded, gzip-compressed, base64. The browser
decompresses only what a reader opens (``DecompressionStream``, no library, no network). Past a
budget a figure carries its first rows and says where the rest are (``figure_rows.parquet``,
``jtai explain --all``), so the page does not grow with the rows.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.presentation.figure_html import value_text
from jtai_analysis.presentation.group_labels import group_label

ROWS_FILE = "figure_rows.parquet"
_MARK = re.compile(r"<button\b([^>]*\bdata-figure=[^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Budget:
    """How many of a figure's rows the page carries (the rest are in the rows file).

    Each group marked carries up to ``rows_per_figure`` rows; a figure marked in many groups (a
    week each, a source each) shares ``rows_per_figure_all_groups`` between them, each group
    carrying no fewer than ``least_rows``: the page does not grow with a breakdown's groups.
    """

    rows_per_figure: int = 500
    rows_per_figure_all_groups: int = 5_000
    least_rows: int = 50

    def rows_per_group(self, groups: int) -> int:
        """The rows each of a figure's ``groups`` marked groups carries."""
        shared = self.rows_per_figure_all_groups // max(1, groups)
        return min(self.rows_per_figure, max(self.least_rows, shared))


def marked_figures(page: str) -> list[tuple[str, str]]:
    """Every (figure ID, group) a page marks, in order of first appearance."""
    found = []
    for attributes in _MARK.findall(page):
        values = dict(_ATTRIBUTE.findall(attributes))
        found.append((html.unescape(values["data-figure"]), html.unescape(values["data-group"])))
    return list(dict.fromkeys(found))


def _pack(content: Any) -> str:
    """JSON, gzip-compressed (reproducibly: no time stamp), base64."""
    raw = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def _deltas(positions: Sequence[int]) -> list[int]:
    previous, out = 0, []
    for position in positions:
        out.append(position - previous)
        previous = position
    return out


def _column(values: Sequence[Any]) -> Any:
    """One column of a carried table: text as a dictionary and codes, numbers as deltas, dates
    as day numbers (deltas)."""
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, dt.date):
        days = [None if v is None else (v - _EPOCH).days for v in values]
        return {"kind": "date", "values": days}
    if isinstance(sample, int) and not isinstance(sample, bool):
        return {"kind": "int", "values": values}
    words = list(dict.fromkeys(v for v in values if v is not None))
    if len(words) <= max(1, len(values) // 4):
        codes = {w: i for i, w in enumerate(words)}
        return {
            "kind": "codes",
            "words": words,
            "values": [None if v is None else codes[v] for v in values],
        }
    return {"kind": "text", "values": values}


def _dates_of(figure_id: str) -> list[str]:
    """The dates that decide a figure (those its conditions name)."""
    definition = definitions().get(figure_id)
    if definition is None:
        return []
    found = list(definition.rows.dates())
    if definition.hit is not None:
        found += list(definition.hit.dates())
    if definition.compute is not None:
        found += [
            str(e.get("date")) for e in definition.compute.params.values() if isinstance(e, dict)
        ]
    return list(dict.fromkeys(found))


def payload(
    figures: FigureSet, marked: Iterable[tuple[str, str]], budget: Budget = Budget()
) -> str:
    """The JSON the page carries for the figures it marks (see the module docstring)."""
    catalogue = load_catalogue()
    wanted = list(marked)
    numerator = figures.rows.filter(pl.col("role") == "numerator")
    keyed = {
        (r["figure_id"], r["group"], r["list"]): r["indices"]
        for r in numerator.iter_rows(named=True)
    }
    chosen: dict[tuple[str, str], dict[str, list[int]]] = {}
    used: dict[str, set[int]] = {}
    totals: dict[tuple[str, str], int] = {}
    groups_marked = Counter(figure_id for figure_id, _ in wanted)
    for figure_id, group in wanted:
        per_list: dict[str, list[int]] = {}
        total = 0
        room = budget.rows_per_group(groups_marked[figure_id])
        for list_key in figures.row_tables:
            indices = keyed.get((figure_id, group, list_key))
            if not indices:
                continue
            total += len(indices)
            taken = list(indices[:room])
            room -= len(taken)
            if taken:
                per_list[list_key] = taken
                used.setdefault(list_key, set()).update(taken)
        chosen[(figure_id, group)] = per_list
        totals[(figure_id, group)] = total
    lists: dict[str, Any] = {}
    positions: dict[str, dict[int, int]] = {}
    for list_key, indices in used.items():
        ordered = sorted(indices)
        positions[list_key] = {index: i for i, index in enumerate(ordered)}
        table = (
            figures.row_tables[list_key]
            .filter(pl.col("index").is_in(ordered))
            .sort("index")
            .drop("index")
        )
        contract = catalogue.lists.get(list_key)
        headers = {c.key: c.header for c in contract.columns} if contract else {}
        lists[list_key] = {
            "label": contract.label if contract else list_key,
            "columns": table.columns,
            "headers": [headers.get(c, c.replace("_", " ").capitalize()) for c in table.columns],
            "data": _pack({c: _column(table[c].to_list()) for c in table.columns}),
        }
    out: dict[str, Any] = {}
    all_definitions = definitions()
    for (figure_id, group), per_list in chosen.items():
        row = figures.figure(figure_id, group)
        definition = all_definitions.get(figure_id)
        shown = sum(len(v) for v in per_list.values())
        out[f"{figure_id}|{group}"] = {
            "title": definition.title if definition else figure_id,
            "group": group_label(group),
            "value": value_text(row),
            "numerator": None if row is None else row["numerator"],
            "denominator": None if row is None else row["denominator"],
            "unit": None if row is None else row["unit"],
            "counts": "children" if definition and definition.counts_children else "rows",
            "note": "" if row is None else (row["note"] or ""),
            "dates": _dates_of(figure_id),
            "shown": shown,
            "total": totals[(figure_id, group)],
            "rows": {
                key: _pack(_deltas([positions[key][i] for i in indices]))
                for key, indices in per_list.items()
            },
        }
    return json.dumps(
        {"rowsFile": ROWS_FILE, "lists": lists, "figures": out},
        separators=(",", ":"),
        ensure_ascii=False,
    )
