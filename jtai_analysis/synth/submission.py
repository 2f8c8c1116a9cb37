"""One synthetic submission, step by step: simulate the area's children and the JTAI extras, plant
defects (if asked), place each list in its file and sheet, write them, and write what was written
(``manifest.json``, ``defects.json``) beside them. Each step draws from its own random stream."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import window_start
from jtai_analysis.synth import streams
from jtai_analysis.synth.defects import PER_KIND, PlantedDefect, duplicated_rows, plant
from jtai_analysis.synth.extras import simulate_extras
from jtai_analysis.synth.ground_truth import defect_records, write_defects, write_manifest
from jtai_analysis.synth.journeys import simulate_area
from jtai_analysis.synth.placement import plan_layouts
from jtai_analysis.synth.rates import CONTACTS_IN_WINDOW
from jtai_analysis.synth.writer import CellRenderer, write_lists

SIZES = tuple(CONTACTS_IN_WINDOW)
FORMATS = ("xlsx", "csv")
# A fixed default so that a bare `jtai synth` is reproducible: a Monday notification.
DEFAULT_REFERENCE_DATE = dt.date(2026, 11, 16)


@dataclass(frozen=True)
class SyntheticSubmission:
    """What ``write_submission`` wrote."""

    out_dir: Path
    files: list[Path]
    rows_per_list: dict[str, int]
    defects: list[dict[str, Any]]


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
    area = simulate_area(streams.stream(seed, streams.AREA), reference_date, contacts)
    tables: dict[str, list[dict[str, Any]]] = {
        **area.tables,
        **simulate_extras(streams.stream(seed, streams.EXTRAS), area, contacts),
    }
    planted: list[PlantedDefect] = []
    if is_dirty:
        is_workbook = file_format == "xlsx"
        planted = plant(seed, catalogue, tables, reference_date, PER_KIND[size], is_workbook)
    duplicates = duplicated_rows(tables, planted)

    period = (window_start(reference_date), reference_date)
    layouts = plan_layouts(seed, catalogue, tables, period, file_format, is_standard)
    renderer = CellRenderer(streams.stream(seed, streams.CELLS), catalogue)
    written, row_maps = write_lists(out_dir, layouts, tables, duplicates, renderer, file_format)

    defects = defect_records(planted, layouts, row_maps)
    rows_per_list = {key: len(rows) + len(duplicates[key]) for key, rows in tables.items()}
    options = {
        "size": size,
        "seed": seed,
        "reference_date": reference_date.isoformat(),
        "window_start": period[0].isoformat(),
        "format": file_format,
        "is_dirty": is_dirty,
        "is_standard": is_standard,
    }
    write_manifest(out_dir, options, layouts, rows_per_list)
    if is_dirty:
        write_defects(out_dir, seed, size, reference_date, defects)
    return SyntheticSubmission(
        out_dir=out_dir, files=written, rows_per_list=rows_per_list, defects=defects
    )
