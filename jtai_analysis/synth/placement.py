"""Where each list is written and how its sheet looks: Lists 1-7 in one workbook (``annex_a.xlsx``,
sheets ``List 1`` ... ``List 7``) or one CSV a list; each JTAI extra in a file of its own, in this
workbench's template layout."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jtai_analysis.catalogue.lists import Catalogue
from jtai_analysis.synth import streams
from jtai_analysis.synth.journeys import ANNEX_A_KEYS
from jtai_analysis.synth.layout import SheetLayout, plan_layout

ANNEX_A_WORKBOOK = "annex_a.xlsx"
EXTRA_FILE_STEMS = {
    "nominations": "jtai_nominations",
    "candidate_info": "jtai_information_on_20",
    "not_in_fte": "jtai_under_8s_not_in_fte",
    "meetings": "jtai_multi_agency_meetings",
    "requests": "jtai_information_requests",
}


def _sheet_name(annex_a: str, title: str) -> str:
    return f"List {annex_a}" if annex_a.isdigit() else title[:31]


def plan_layouts(
    seed: int,
    catalogue: Catalogue,
    tables: dict[str, list[dict[str, Any]]],
    period: tuple[dt.date, dt.date],
    file_format: str,
    is_standard: bool,
) -> dict[str, SheetLayout]:
    """Each list's file, sheet and layout, drawn in the order of ``tables`` (list key -> rows).

    With ``is_standard`` Lists 1-7 are a standard Annex A: without the JTAI additions. Layouts draw
    from ``seed``'s layout stream, pivot-export headers from its export stream.
    """
    layout_rng = streams.stream(seed, streams.LAYOUT)
    export_rng = streams.stream(seed, streams.EXPORT)
    layouts: dict[str, SheetLayout] = {}
    for key in tables:
        contract = catalogue.lists[key]
        is_annex = key in ANNEX_A_KEYS
        if file_format == "xlsx":
            file_name = ANNEX_A_WORKBOOK if is_annex else f"{EXTRA_FILE_STEMS[key]}.xlsx"
            sheet: str | None = _sheet_name(contract.annex_a, contract.title)
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
    return layouts
