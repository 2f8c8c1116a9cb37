"""Write synthetic lists as the local area would send them: one workbook or CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from jtai_analysis.catalogue.lists import Catalogue, Column
from jtai_analysis.synth.defects import FormulaCell
from jtai_analysis.synth.layout import SheetLayout, format_date_text

# Fixed workbook metadata so that the same seed gives the same bytes.
_FIXED_CREATED = dt.datetime(2000, 1, 1)


class CellRenderer:
    """Turn canonical values into what a person would have typed, in a sheet's chosen style."""

    def __init__(self, rng: np.random.Generator, catalogue: Catalogue):
        self.rng = rng
        self.catalogue = catalogue
        self._spellings: dict[tuple[str, str], tuple[str, str, str, list[str]]] = {}
        for name, codelist in catalogue.codelists.items():
            for code in codelist.codes:
                plain = code.spellings[0] if code.spellings else code.label
                self._spellings[(name, code.code)] = (
                    code.label,
                    plain,
                    code.code,
                    [code.label, *code.spellings],
                )

    def code_text(self, column: Column, code: str, style: str) -> str:
        entry = self._spellings.get((column.codes or "", code))
        if entry is None:  # a planted unknown code: written as it is
            return code
        label, plain, bare, every = entry
        if self.rng.random() < 0.03:  # hand-typed rows drift from the sheet's usual spelling
            return str(every[int(self.rng.integers(len(every)))])
        return {"label": label, "plain": plain, "code": bare}[style]

    def value(self, layout: SheetLayout, key: str, value: Any) -> Any:
        """Return the cell content: a str, a number, a ``dt.date`` (an Excel date), a planted
        :class:`FormulaCell` or None."""
        if value is None or key == "_worker" or isinstance(value, FormulaCell):
            return value
        column = layout.contract.column(key)
        if isinstance(value, str) and column.type in ("date", "integer", "number"):
            return value  # a planted defect, written as text
        if column.type == "date":
            style = layout.date_style.get(key, "text")
            if style == "excel" or (style == "mixed" and self.rng.random() < 0.9):
                return value
            return format_date_text(value, layout.date_text_form.get(key, "%d/%m/%Y"))
        if column.type == "code":
            return self.code_text(column, value, layout.code_style.get(key, "label"))
        if column.type == "codes":
            style = layout.code_style.get(key, "label")
            return "; ".join(self.code_text(column, part, style) for part in value.split(";"))
        if column.type in ("integer", "number"):
            return int(value) if float(value).is_integer() else float(value)
        return str(value)


def _rendered_rows(
    renderer: CellRenderer, layout: SheetLayout, rows: list[dict[str, Any]], duplicates: set[int]
) -> tuple[list[list[Any]], dict[int, int]]:
    """Cell rows in output order and, for each canonical row index, its 1-based sheet row.

    A duplicated row is written twice in a row; the map points at the second copy.
    """
    keys = layout.column_order()
    out: list[list[Any]] = []
    row_numbers: dict[int, int] = {}
    first_data_row = layout.header_row_number + 1
    for index, row in enumerate(rows):
        cells = [renderer.value(layout, key, row.get(key)) for key in keys]
        out.append(cells)
        row_numbers[index] = first_data_row + len(out) - 1
        if index in duplicates:
            out.append(list(cells))
            row_numbers[index] = first_data_row + len(out) - 1
    return out, row_numbers


def write_workbook(
    path: Path,
    sheets: list[tuple[SheetLayout, list[dict[str, Any]], set[int]]],
    renderer: CellRenderer,
) -> dict[str, dict[int, int]]:
    """Write one .xlsx with a sheet per layout; return list key -> (row index -> sheet row)."""
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_properties(
        {"created": _FIXED_CREATED, "author": "jtai synth", "title": "Synthetic Annex A"}
    )
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    bold = workbook.add_format({"bold": True})
    row_maps = {}
    for layout, rows, duplicates in sheets:
        sheet = workbook.add_worksheet(layout.sheet_name)
        for r, title in enumerate(layout.title_rows):
            sheet.write_string(r, 0, title, bold if r == 0 else None)
        header_index = layout.header_row_number - 1
        keys = layout.column_order()
        letters = {key: xl_col_to_name(c) for c, key in enumerate(keys)}
        sheet.write_row(header_index, 0, [layout.header_for(k) for k in keys], bold)
        cell_rows, row_maps[layout.contract.key] = _rendered_rows(
            renderer, layout, rows, duplicates
        )
        for offset, cells in enumerate(cell_rows):
            r = header_index + 1 + offset
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                if isinstance(cell, FormulaCell):
                    # The saved result is what a reader sees: "" (none saved) or an error value.
                    formula = cell.formula.format(row=r + 1, **letters)
                    sheet.write_formula(r, c, formula, None, cell.cached_value)
                elif isinstance(cell, dt.date):
                    sheet.write_datetime(
                        r, c, dt.datetime(cell.year, cell.month, cell.day), date_format
                    )
                elif isinstance(cell, int | float):
                    sheet.write_number(r, c, cell)
                else:
                    sheet.write_string(r, c, cell)
        sheet.set_column(0, len(keys) - 1, 18)
    workbook.close()
    return row_maps


def write_csv(
    path: Path,
    layout: SheetLayout,
    rows: list[dict[str, Any]],
    duplicates: set[int],
    renderer: CellRenderer,
) -> dict[int, int]:
    """Write one list as CSV (dates as dd/mm/yyyy text); return row index -> line number."""
    cell_rows, row_map = _rendered_rows(renderer, layout, rows, duplicates)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    width = len(layout.column_order())
    for title in layout.title_rows:
        writer.writerow([title] + [""] * (width - 1))
    if layout.title_rows:
        writer.writerow([""] * width)
    writer.writerow([layout.header_for(k) for k in layout.column_order()])
    for cells in cell_rows:
        writer.writerow(
            ["" if c is None else (f"{c:%d/%m/%Y}" if isinstance(c, dt.date) else c) for c in cells]
        )
    path.write_bytes(buffer.getvalue().encode(layout.encoding))
    return row_map


def write_lists(
    out_dir: Path,
    layouts: dict[str, SheetLayout],
    tables: dict[str, list[dict[str, Any]]],
    duplicates: dict[str, set[int]],
    renderer: CellRenderer,
    file_format: str,
) -> tuple[list[Path], dict[str, dict[int, int]]]:
    """Write every list where its layout says (lists sharing a workbook file go in it together).

    Returns the files written, and per list the sheet row of each canonical row index.
    """
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
    return written, row_maps
