"""Synthetic Annex A submissions: realistic, linked, deterministic, optionally with planted defects.

``write_submission`` is what ``jtai synth`` runs. Real child-level data is never used here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import window_start
from jtai_analysis.synth.defects import (
    PER_KIND,
    FormulaCell,
    PlantedDefect,
    plant_defects,
    plant_hidden_blanks,
)
from jtai_analysis.synth.extras import simulate_extras
from jtai_analysis.synth.journeys import ANNEX_A_KEYS, simulate_area
from jtai_analysis.synth.layout import SheetLayout, plan_layout
from jtai_analysis.synth.rates import CONTACTS_IN_WINDOW
from jtai_analysis.synth.writer import CellRenderer, write_csv, write_workbook

SIZES = tuple(CONTACTS_IN_WINDOW)
FORMATS = ("xlsx", "csv")
# A fixed default so that a bare `jtai synth` is reproducible: a Monday notification.
DEFAULT_REFERENCE_DATE = dt.date(2026, 11, 16)
ANNEX_A_WORKBOOK = "annex_a.xlsx"
EXTRA_FILE_STEMS = {
    "nominations": "jtai_nominations",
    "candidate_info": "jtai_information_on_20",
    "not_in_fte": "jtai_under_8s_not_in_fte",
    "meetings": "jtai_multi_agency_meetings",
    "requests": "jtai_information_requests",
}
# Separate random streams, so that changing how sheets look never changes the children.
# Streams added later come after the first ones, so earlier choices stay as they were.
(
    _STREAM_AREA,
    _STREAM_EXTRAS,
    _STREAM_LAYOUT,
    _STREAM_DEFECTS,
    _STREAM_CELLS,
    _STREAM_EXPORT,
    _STREAM_HIDDEN_BLANKS,
) = range(7)


@dataclass(frozen=True)
class SyntheticSubmission:
    """What ``write_submission`` wrote."""

    out_dir: Path
    files: list[Path]
    rows_per_list: dict[str, int]
    defects: list[dict[str, Any]]


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, stream]))


def _sheet_name(list_key: str, annex_a: str, title: str) -> str:
    return f"List {annex_a}" if annex_a.isdigit() else title[:31]


def _defect_record(
    defect: PlantedDefect, layout: SheetLayout, row_map: dict[int, int]
) -> dict[str, Any]:
    value = defect.value
    if isinstance(value, dt.date):
        value = f"{value:%d/%m/%Y}"
    elif isinstance(value, FormulaCell):  # what the cell shows: its error, or the formula itself
        letters = {key: xl_col_to_name(c) for c, key in enumerate(layout.column_order())}
        value = value.cached_value or value.formula.format(row=row_map[defect.row_index], **letters)
    return {
        "list": defect.list_key,
        "file": layout.file_name,
        "sheet": layout.sheet_label,
        "row": row_map[defect.row_index],
        "column": layout.header_for(defect.column_key) if defect.column_key else None,
        "column_key": defect.column_key,
        "kind": defect.kind,
        "value": value,
    }


def write_submission(
    out_dir: Path,
    *,
    size: str = "small",
    seed: int = 1,
    reference_date: dt.date = DEFAULT_REFERENCE_DATE,
    file_format: str = "xlsx",
    is_dirty: bool = False,
    is_standard: bool = False,
) -> SyntheticSubmission:
    """Write a synthetic Annex A submission for one area into ``out_dir``.

    Lists 1-7 go in one workbook (``annex_a.xlsx``, sheets ``List 1`` ... ``List 7``) or one CSV
    per list; each JTAI extra goes in its own file in this workbench's template layout. With
    ``is_dirty`` realistic defects are planted and listed in ``defects.json`` (in a workbook also
    formulas without a saved value and Excel error cells). With ``is_standard``
    Lists 1-7 are a standard Annex A: without the JTAI additions (the domestic abuse column).
    """
    if size not in CONTACTS_IN_WINDOW:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    catalogue = load_catalogue()
    out_dir.mkdir(parents=True, exist_ok=True)
    contacts = CONTACTS_IN_WINDOW[size]
    area = simulate_area(_rng(seed, _STREAM_AREA), reference_date, contacts)
    tables: dict[str, list[dict[str, Any]]] = {
        **area.tables,
        **simulate_extras(_rng(seed, _STREAM_EXTRAS), area, contacts),
    }
    planted: list[PlantedDefect] = []
    if is_dirty:
        planted = plant_defects(
            _rng(seed, _STREAM_DEFECTS), catalogue, tables, reference_date, PER_KIND[size]
        )
        if file_format == "xlsx":
            planted += plant_hidden_blanks(
                _rng(seed, _STREAM_HIDDEN_BLANKS), tables, planted, PER_KIND[size]
            )
    duplicates: dict[str, set[int]] = {key: set() for key in tables}
    for defect in planted:
        if defect.kind == "duplicate_row":
            duplicates[defect.list_key].add(defect.row_index)

    layout_rng = _rng(seed, _STREAM_LAYOUT)
    export_rng = _rng(seed, _STREAM_EXPORT)
    renderer = CellRenderer(_rng(seed, _STREAM_CELLS), catalogue)
    period = (window_start(reference_date), reference_date)
    layouts: dict[str, SheetLayout] = {}
    for key in tables:
        contract = catalogue.lists[key]
        is_annex = key in ANNEX_A_KEYS
        if file_format == "xlsx":
            file_name = ANNEX_A_WORKBOOK if is_annex else f"{EXTRA_FILE_STEMS[key]}.xlsx"
            sheet = _sheet_name(key, contract.annex_a, contract.title)
        else:
            file_name = (
                f"list_{contract.annex_a}_{key}.csv" if is_annex else f"{EXTRA_FILE_STEMS[key]}.csv"
            )
            sheet = None
        layouts[key] = plan_layout(
            layout_rng,
            catalogue,
            contract,
            file_name,
            sheet,
            period,
            is_official=not is_annex,
            is_standard=is_standard and is_annex,
            export_rng=export_rng,
        )

    row_maps: dict[str, dict[int, int]] = {}
    written: list[Path] = []
    if file_format == "xlsx":
        by_file: dict[str, list[str]] = {}
        for key, layout in layouts.items():
            by_file.setdefault(layout.file_name, []).append(key)
        for file_name, keys in by_file.items():
            path = out_dir / file_name
            row_maps.update(
                write_workbook(
                    path, [(layouts[k], tables[k], duplicates[k]) for k in keys], renderer
                )
            )
            written.append(path)
    else:
        for key, layout in layouts.items():
            path = out_dir / layout.file_name
            row_maps[key] = write_csv(path, layout, tables[key], duplicates[key], renderer)
            written.append(path)

    # A defect in a column the sheet leaves out was never written: defects.json lists true defects only.
    planted = [d for d in planted if d.column_key not in layouts[d.list_key].omitted]
    defects = [_defect_record(d, layouts[d.list_key], row_maps[d.list_key]) for d in planted]
    defects.sort(key=lambda d: (d["file"], d["sheet"], d["row"]))
    rows_per_list = {key: len(rows) + len(duplicates[key]) for key, rows in tables.items()}
    manifest = {
        "generator": "jtai synth",
        "size": size,
        "seed": seed,
        "reference_date": reference_date.isoformat(),
        "window_start": period[0].isoformat(),
        "format": file_format,
        "is_dirty": is_dirty,
        "is_standard": is_standard,
        "lists": {
            key: {
                "file": layout.file_name,
                "sheet": layout.sheet_label,
                "header_row": layout.header_row_number,
                # as written: aliases, hints and pivot-export prefixes included
                "headers": {
                    k: layout.header_for(k) for k in layout.column_order() if k != "_worker"
                },
                # date column -> how its dates were written: Excel dates, or text in a form
                "date_forms": {
                    k: "excel" if style == "excel" else layout.date_text_form[k]
                    for k, style in layout.date_style.items()
                    if k not in layout.omitted
                },
                "rows": rows_per_list[key],
            }
            for key, layout in layouts.items()
        },
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if is_dirty:
        payload = {
            "seed": seed,
            "size": size,
            "reference_date": reference_date.isoformat(),
            "defects": defects,
        }
        (out_dir / "defects.json").write_text(
            json.dumps(payload, indent=2) + "\n", encoding="utf-8"
        )
    return SyntheticSubmission(
        out_dir=out_dir, files=written, rows_per_list=rows_per_list, defects=defects
    )
