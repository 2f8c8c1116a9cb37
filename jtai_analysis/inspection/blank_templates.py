"""Blank templates the local area fills in (``jtai templates``), generated from the contracts.

Each template is a workbook with the list's official headers (the same layout ingest expects and
synthetic data uses) and a second sheet saying what each column takes.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from jtai_analysis.catalogue.lists import (
    TEMPLATE_GUIDANCE_SHEET,
    Catalogue,
    ListContract,
    load_catalogue,
)
from jtai_analysis.catalogue.request_items import load_request_items

TEMPLATE_FILES = {
    "nominations": "jtai_nominations.xlsx",
    "candidate_info": "jtai_information_on_20.xlsx",
    "not_in_fte": "jtai_under_8s_not_in_fte.xlsx",
    "requests": "jtai_information_requests.xlsx",
    "meetings": "jtai_multi_agency_meetings.xlsx",
    "week2_tracker": "jtai_week2_tracker.xlsx",
}
_TYPE_HINTS = {
    "id": "the child's unique ID as held by the local authority",
    "date": "a date, dd/mm/yyyy",
    "integer": "a whole number",
    "number": "a number",
    "text": "free text (no names of people)",
}


def _allowed(contract: ListContract, catalogue: Catalogue, key: str) -> str:
    column = contract.column(key)
    if column.type in ("code", "codes"):
        labels = "; ".join(code.label for code in catalogue.codelist_for(column).codes)
        several = " (several allowed, separated by ;)" if column.type == "codes" else ""
        return f"one of: {labels}{several}"
    return _TYPE_HINTS[column.type]


def write_template(path: Path, contract: ListContract, catalogue: Catalogue) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": contract.title, "author": "JTAI workbench"})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(contract.title[:31])
    sheet.write_string(0, 0, contract.label, bold)
    sheet.write_string(1, 0, contract.description)
    header_row = 3
    for c, column in enumerate(contract.columns):
        sheet.write_string(header_row, c, column.header, bold)
        sheet.set_column(c, c, 24)
        if column.type in ("code",):
            labels = [code.label for code in catalogue.codelist_for(column).codes]
            if sum(len(label) + 1 for label in labels) < 255:  # Excel's limit for an inline list
                sheet.data_validation(
                    header_row + 1,
                    c,
                    header_row + 500,
                    c,
                    {
                        "validate": "list",
                        "source": labels,
                        "ignore_blank": True,
                        "error_type": "warning",
                    },
                )
    if contract.key == "requests":  # the tracker comes pre-filled with items 1.1 to 5.9
        keys = contract.column_keys
        for r, item in enumerate(load_request_items(), start=header_row + 1):
            sheet.write_string(r, keys.index("item_number"), item.number)
            sheet.write_string(
                r, keys.index("agency"), catalogue.codelists["agency"].labels()[item.agency]
            )
            sheet.write_string(r, keys.index("item_title"), item.title)
    sheet.freeze_panes(header_row + 1, 0)
    guide = workbook.add_worksheet(TEMPLATE_GUIDANCE_SHEET)
    guide.write_row(0, 0, ["Column", "Required", "What it takes"], bold)
    for r, column in enumerate(contract.columns, start=1):
        guide.write_row(
            r,
            0,
            [
                column.header,
                "no" if column.blank else "yes",
                _allowed(contract, catalogue, column.key),
            ],
            wrap,
        )
    guide.set_column(0, 0, 40)
    guide.set_column(2, 2, 90)
    workbook.close()


def write_templates(out_dir: Path, catalogue: Catalogue | None = None) -> list[Path]:
    """Write every JTAI template into ``out_dir``; return their paths."""
    catalogue = catalogue or load_catalogue()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for key, file_name in TEMPLATE_FILES.items():
        path = out_dir / file_name
        write_template(path, catalogue.lists[key], catalogue)
        written.append(path)
    return written
