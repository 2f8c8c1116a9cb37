"""Planted defects: each where defects.json says (raw cells read from the files), found by ingest at
its sheet, row and column, and hidden blanks (formulas without a value, Excel errors) in workbooks only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.catalogue.codes import CHILD_LISTS
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.parsing import parse_date
from jtai_analysis.ingest.readers import read_tables
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.synth.defects import KINDS, WORKBOOK_KINDS
from tests.conftest import REFERENCE_DATE, read_manifest

CATALOGUE = load_catalogue()


def _cells(
    folder: Path,
) -> dict[tuple[str, str], tuple[list[str | None], dict[int, list[str | None]]]]:
    """(file, sheet) -> (header cells, sheet row -> cells), read raw from the files."""
    manifest = read_manifest(folder)
    out = {}
    for entry in manifest["lists"].values():
        for table in read_tables(folder / entry["file"]):
            if table.label != entry["sheet"]:
                continue
            rows = dict(
                zip(table.row_numbers, (list(r) for r in table.cells.iter_rows()), strict=True)
            )
            out[(entry["file"], entry["sheet"])] = (rows[entry["header_row"]], rows)
    return out


def _as_date(text: str | None) -> dt.date | None:
    return (
        pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(parse_date(pl.col("v"))).item()
    )


@pytest.mark.parametrize("fixture", ["small_dirty_xlsx", "small_dirty_csv"])
def test_planted_defects_are_where_defects_json_says(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    folder: Path = request.getfixturevalue(fixture)
    truth = json.loads((folder / "defects.json").read_text(encoding="utf-8"))["defects"]
    workbook_kinds = set(WORKBOOK_KINDS) if fixture.endswith("xlsx") else set()
    assert {d["kind"] for d in truth} == set(KINDS) | workbook_kinds
    assert len({(d["sheet"], d["row"]) for d in truth}) == len(truth)  # one defect per row
    cells = _cells(folder)
    yes_no = {
        s
        for code in CATALOGUE.codelists["yes_no"].codes
        for s in (code.code, code.label, *code.spellings)
    }
    for defect in truth:
        header, rows = cells[(defect["file"], defect["sheet"])]
        row = rows[defect["row"]]
        if defect["kind"] == "duplicate_row":
            assert row == rows[defect["row"] - 1]
            continue
        position = header.index(defect["column"])
        cell = row[position]
        kind = defect["kind"]
        if kind in ("missing_id", "formula_without_value", "excel_error"):
            assert cell in (None, "")  # a formula or an error reads as blank: ingest must say why
        elif kind in ("impossible_date", "unknown_code", "text_in_number", "bad_yes_no"):
            assert cell == defect["value"]
        if kind == "impossible_date":
            assert _as_date(cell) is None
        elif kind == "bad_yes_no":
            assert cell not in yes_no
        elif kind == "date_after_reference":
            assert _as_date(cell) == _as_date(defect["value"]) and _as_date(cell) > REFERENCE_DATE
        elif kind == "end_before_start":
            contract = CATALOGUE.lists[defect["list"]]
            from jtai_analysis.synth.defects import END_NOT_BEFORE_START

            start_key, _ = END_NOT_BEFORE_START[contract.key]
            start_header = next(
                h
                for h in header
                if h and h.strip().lower() in contract.column(start_key).accepted_headers()
            )
            assert _as_date(cell) < _as_date(row[header.index(start_header)])


def test_cell_level_defects_are_found_by_ingest_at_their_sheet_row_and_column(
    small_dirty_xlsx: Path,
) -> None:
    truth = json.loads((small_dirty_xlsx / "defects.json").read_text(encoding="utf-8"))["defects"]
    problems = ingest([small_dirty_xlsx]).problems()
    found = set(problems.select("sheet", "row", "column").iter_rows())
    parse_kinds = ("impossible_date", "unknown_code", "text_in_number", "bad_yes_no")
    expected = {(d["sheet"], d["row"], d["column"]) for d in truth if d["kind"] in parse_kinds}
    assert expected and expected <= found
    assert len(found) == len(expected)  # and nothing else in the data looks wrong


def test_hidden_blanks_are_planted_only_in_workbooks_and_named_by_ingest(
    small_dirty_xlsx: Path, small_dirty_csv: Path
) -> None:
    truth = json.loads((small_dirty_xlsx / "defects.json").read_text(encoding="utf-8"))["defects"]
    planted = {
        (d["sheet"], d["row"], d["column_key"]): d for d in truth if d["kind"] in WORKBOOK_KINDS
    }
    assert {d["list"] for d in planted.values()} == set(CHILD_LISTS)  # in each of Lists 1-7
    found = {
        (part.sheet, row, key): why
        for parts in ingest([small_dirty_xlsx]).parts.values()
        for part in parts
        for row, key, why in part.hidden_blanks
    }
    assert set(found) == set(planted)  # every one, and nothing else reads as a hidden blank
    for cell, defect in planted.items():
        if defect["kind"] == "excel_error":
            assert defect["value"] == "#N/A" and found[cell] == "the Excel error #N/A"
        else:
            assert found[cell] == f"a formula with no saved value ({defect['value']})"
    csv_truth = json.loads((small_dirty_csv / "defects.json").read_text(encoding="utf-8"))
    assert not {d["kind"] for d in csv_truth["defects"]} & set(WORKBOOK_KINDS)
