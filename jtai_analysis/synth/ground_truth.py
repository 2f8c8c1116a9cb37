"""What the generator wrote, beside the submission, for tests and benchmarks to check against:
``manifest.json`` (each list's file, sheet, header row, headers as written, date forms and row
count) and, for a dirty submission, ``defects.json`` (each planted defect's sheet, row and column)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from jtai_analysis.synth.defects import FormulaCell, PlantedDefect
from jtai_analysis.synth.layout import SheetLayout


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


def defect_records(
    planted: list[PlantedDefect],
    layouts: dict[str, SheetLayout],
    row_maps: dict[str, dict[int, int]],
) -> list[dict[str, Any]]:
    """The defects as written (sheet row, header, shown value), in file, sheet and row order.

    A defect in a column the sheet leaves out was never written: only true defects are listed.
    """
    written = [d for d in planted if d.column_key not in layouts[d.list_key].omitted]
    records = [_defect_record(d, layouts[d.list_key], row_maps[d.list_key]) for d in written]
    return sorted(records, key=lambda d: (d["file"], d["sheet"], d["row"]))


def write_manifest(
    out_dir: Path,
    options: dict[str, Any],
    layouts: dict[str, SheetLayout],
    rows_per_list: dict[str, int],
) -> Path:
    """Write ``manifest.json``: the generator's ``options``, then each list as it was written."""
    manifest = {
        "generator": "jtai synth",
        **options,
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
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def write_defects(
    out_dir: Path, seed: int, size: str, reference_date: dt.date, defects: list[dict[str, Any]]
) -> Path:
    """Write ``defects.json``: every defect planted in a dirty submission, where it was written."""
    payload = {
        "seed": seed,
        "size": size,
        "reference_date": reference_date.isoformat(),
        "defects": defects,
    }
    path = out_dir / "defects.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path
