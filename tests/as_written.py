"""A synthetic submission's cells read as they were written, through its manifest.json and with no
code of the package: the independent side of tests that check what the package reads or counts."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def column(folder: Path, list_key: str, column_key: str) -> list[object]:
    """Every data cell of one column of one list, top to bottom, as the file holds it (text, or a
    datetime for a date an Excel workbook holds as a date; None for a blank)."""
    entry = _manifest(folder)["lists"][list_key]
    path = folder / entry["file"]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as text:
            rows: list[list[object]] = [list(r) for r in csv.reader(text)]
    else:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in book[entry["sheet"]].iter_rows(values_only=True)]
    header = rows[entry["header_row"] - 1]
    position = header.index(entry["headers"][column_key])
    cells = [r[position] if position < len(r) else None for r in rows[entry["header_row"] :]]
    return [None if c in ("", None) else c for c in cells]


def dates(folder: Path, list_key: str, column_key: str) -> list[dt.date | None]:
    """A date column read with the form manifest.json says it was written in (Excel dates are
    workbook dates, or dd/mm/yyyy in a CSV file)."""
    form = _manifest(folder)["lists"][list_key]["date_forms"][column_key]
    out: list[dt.date | None] = []
    for cell in column(folder, list_key, column_key):
        if cell is None or isinstance(cell, dt.datetime):
            out.append(cell.date() if cell else None)
            continue
        for pattern in (form, "%d/%m/%Y"):  # a "mixed" column holds Excel dates among the text
            try:
                out.append(dt.datetime.strptime(str(cell), pattern).date())
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{cell!r} in {list_key}.{column_key} is not in the form {form}")
    return out
